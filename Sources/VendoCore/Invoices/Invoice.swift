import Foundation

public enum InvoiceState: String, Codable, Sendable, CaseIterable { case draft, active, paid, canceled }

public enum InvoiceStatus: String, Codable, Sendable, CaseIterable { case new, issued, complete, partial, canceled, credited, overpaid }

public enum InvoiceAction: String, Sendable, CaseIterable {
    case update, editLines, issue, recordPayment, cancel, delete, credit, refund, reversePayment, writeOff
}

public enum InvoiceKind: String, Codable, Sendable, CaseIterable { case invoice, creditNote }

public enum PaymentMethod: String, Codable, Sendable, CaseIterable { case bankTransfer, card, cash, check, directDebit, other }

public struct Payment: Codable, Sendable, Equatable {
    public var id: ID<Payment>
    public var amount: Decimal
    public var date: Day
    public var method: PaymentMethod?
    public var reference: String?
    /// The organisation's bank account the money went to (its label or IBAN).
    public var bankAccount: String?
    public var recordedAt: Date
    public var recordedBy: ID<User>
    /// Set when the payment was undone (a bounced transfer, a charge-back).
    public var reversal: PaymentReversal?
    /// One payment shared over several invoices of a customer: the same id on each part.
    public var receiptId: UUID?

    public init(id: ID<Payment>, amount: Decimal, date: Day, method: PaymentMethod? = nil, reference: String? = nil,
                bankAccount: String? = nil, recordedAt: Date, recordedBy: ID<User>) {
        self.id = id
        self.amount = amount
        self.date = date
        self.method = method
        self.reference = reference
        self.bankAccount = bankAccount
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }
}

/// What an invoice is for, as French invoices must say from September 2026.
public enum SupplyType: String, Codable, Sendable, CaseIterable {
    case goods, services, both
}

/// The days a service was delivered over.
public struct ServicePeriod: Codable, Sendable, Equatable {
    public var from: Day
    public var to: Day

    public init(from: Day, to: Day) {
        self.from = from
        self.to = to
    }
}

/// A party of an issued invoice as it was at issue: later edits of the organisation's settings
/// or of the account never change an issued invoice.
public struct InvoiceParty: Codable, Sendable, Equatable {
    /// The legal name (the seller's legal name, else its name; the account's or contact's name).
    public var name: String
    public var legalForm: String?
    public var shareCapital: String?
    public var registrationNumber: String?
    public var registry: String?
    public var vatNumber: String?
    public var address: Address?
    public var email: String?
    public var phone: String?

    public init(name: String, legalForm: String? = nil, shareCapital: String? = nil, registrationNumber: String? = nil,
                registry: String? = nil, vatNumber: String? = nil, address: Address? = nil, email: String? = nil, phone: String? = nil) {
        self.name = name
        self.legalForm = legalForm
        self.shareCapital = shareCapital
        self.registrationNumber = registrationNumber
        self.registry = registry
        self.vatNumber = vatNumber
        self.address = address
        self.email = email
        self.phone = phone
    }

    /// The organisation, from its settings.
    public init(seller settings: OrganisationSettings) {
        name = settings.legalName.flatMap { $0.isEmpty ? nil : $0 } ?? settings.organisationName
        legalForm = settings.legalForm
        shareCapital = settings.shareCapital
        registrationNumber = settings.registrationNumber
        registry = settings.registry
        vatNumber = settings.vatNumber
        address = settings.organisationAddress.isEmpty ? nil : settings.organisationAddress
        email = settings.contactEmail
        phone = settings.contactPhone
    }
}

public struct InvoiceFields: Codable, Sendable, Equatable {
    /// The organisation's own fields, by key (`CustomFieldDefinition`); nil for none.
    public var customFields: CustomValues?
    public var name: String
    public var contactId: ID<Contact>?
    public var dueDate: Day?
    public var paymentTerms: String?
    public var description: String?
    /// When the goods were delivered, or the service done (or `servicePeriod`).
    public var deliveryDate: Day?
    public var servicePeriod: ServicePeriod?
    /// The customer's order reference.
    public var purchaseOrderReference: String?
    /// The reference the customer wants on the invoice; at issue, the account's when none is given.
    public var buyerReference: String?
    public var supplyType: SupplyType?

    public init(name: String, contactId: ID<Contact>? = nil, dueDate: Day? = nil) {
        self.name = name
        self.contactId = contactId
        self.dueDate = dueDate
    }

    public func validate() throws(DomainError) {
        var check = Validator()
        check.require(name, "name", maxLength: 300)
        check.text(paymentTerms, "paymentTerms", maxLength: 1000)
        check.text(description, "description", maxLength: 10000)
        check.text(purchaseOrderReference, "purchaseOrderReference", maxLength: 100)
        check.text(buyerReference, "buyerReference", maxLength: 100)
        if let period = servicePeriod, period.to < period.from {
            check.add("servicePeriod", "invalid_period", "a service period ends on or after the day it starts")
        }
        try check.check()
    }
}

public struct Invoice: PricedDocument {
    public static let recordType = "invoice"
    public static let editAction = InvoiceAction.editLines
    public static let transitions: [InvoiceAction: Set<InvoiceState>] = [
        .update: [.draft], .editLines: [.draft], .issue: [.draft], .recordPayment: [.active, .paid],
        .cancel: [.draft, .active], .delete: [.draft], .credit: [.active, .paid], .refund: [.paid],
        .reversePayment: [.paid, .canceled], .writeOff: [.active, .paid],
    ]
    public static let statuses: [InvoiceState: [InvoiceStatus]] = [
        .draft: [.new], .active: [.issued], .paid: [.complete, .partial, .overpaid], .canceled: [.canceled, .credited],
    ]

    public var id: ID<Invoice>
    public var info: RecordInfo
    public var kind: InvoiceKind
    /// Null until issued (`INV-2026-00001`); credit notes have their own sequence (`CN-2026-00001`).
    public internal(set) var number: String?
    public var orderId: ID<Order>?
    public var opportunityId: ID<Opportunity>?
    public var customer: Customer
    public var fields: InvoiceFields
    public var pricing: Pricing
    public internal(set) var state: InvoiceState = .draft
    public internal(set) var status: InvoiceStatus = .new
    public internal(set) var issuedAt: Date?
    public internal(set) var payments: [Payment] = []
    public internal(set) var creditedInvoiceId: ID<Invoice>?
    public internal(set) var creditNoteId: ID<Invoice>?
    /// The day of issue, in the organisation's records (the UTC day of `issuedAt`).
    public internal(set) var issueDate: Day?
    /// Seller and buyer as they were at issue; nil on drafts and on invoices issued before
    /// these were kept.
    public internal(set) var seller: InvoiceParty?
    public internal(set) var buyer: InvoiceParty?
    /// Where the goods went, when not to the buyer's address.
    public internal(set) var deliveryAddress: Address?
    /// The freight's tax category and exemption at issue.
    public internal(set) var freightTaxTreatment: TaxTreatment?
    /// Corrections after issue, kept as optionals so that invoices stored before them still read.
    var creditRecords: [InvoiceCredit]?
    var refundRecords: [Refund]?
    var writeOffRecords: [WriteOff]?
    /// Credit notes: why the invoice was credited.
    public internal(set) var creditReason: String?
    /// The day an issued invoice was canceled whole by its credit note.
    public internal(set) var canceledOn: Day?
    /// The accounting entries posted for its events (SALES-PROCESS.md §12).
    var journalRecords: [JournalEntry]?
    /// The payment reminders sent for it (SALES-PROCESS.md §12).
    var reminderRecords: [ReminderRecord]?
    /// For an invoice of late-payment charges: the late invoice.
    public internal(set) var lateChargesOf: ID<Invoice>?

    public init(id: ID<Invoice>, info: RecordInfo, orderId: ID<Order>?, opportunityId: ID<Opportunity>?,
                customer: Customer, fields: InvoiceFields, pricing: Pricing) throws(DomainError) {
        try fields.validate()
        self.id = id
        self.info = info
        kind = .invoice
        self.orderId = orderId
        self.opportunityId = opportunityId
        self.customer = customer
        self.fields = fields
        self.pricing = pricing
    }

    /// What the customer paid, less the payments reversed since.
    public var amountPaid: Decimal { payments.reduce(0) { $0 + ($1.reversal == nil ? $1.amount : 0) } }
    public var credits: [InvoiceCredit] { creditRecords ?? [] }
    public var refunds: [Refund] { refundRecords ?? [] }
    public var writeOffs: [WriteOff] { writeOffRecords ?? [] }
    public var amountCredited: Decimal { credits.reduce(0) { $0 + $1.amount } }
    public var amountRefunded: Decimal { refunds.reduce(0) { $0 + $1.amount } }
    public var amountWrittenOff: Decimal { writeOffs.reduce(0) { $0 + $1.amount } }
    /// SALES-PROCESS.md §12: total − payments + reversed payments + refunds − credit notes −
    /// write-offs. Below zero, the organisation owes the customer. Zero on drafts, canceled
    /// invoices and credit notes.
    public var balance: Decimal {
        guard kind == .invoice, state != .draft, status != .canceled else { return 0 }
        return pricing.totals.totalAmount - amountPaid + amountRefunded - amountCredited - amountWrittenOff
    }
    /// What the customer still owes.
    public var amountDue: Decimal { max(balance, 0) }

    /// Credit notes are issued once and never change: every action on them is refused.
    public func ensureAction(_ action: InvoiceAction) throws(DomainError) {
        if kind == .creditNote {
            throw .invalidTransition(record: "creditNote", state: state.rawValue, status: status.rawValue, action: action.rawValue)
        }
        try ensure(action)
    }

    public mutating func update(_ newFields: InvoiceFields) throws(DomainError) {
        try ensureAction(.update)
        try newFields.validate()
        fields = newFields
    }

    /// Freezes the invoice under `number`, which the caller drew from the unbroken yearly sequence.
    public mutating func issue(number: String, at date: Date) throws(DomainError) {
        try ensureAction(.issue)
        if pricing.lines.isEmpty {
            throw .invalid("lines", "required", "an invoice without lines cannot be issued")
        }
        self.number = number
        issuedAt = date
        issueDate = Day(date)
        state = .active
        status = .issued
    }

    /// What issue copies into the invoice: both parties as they are now, where the goods go,
    /// and the due date and terms when the invoice has none (from the organisation's terms).
    public mutating func freeze(seller: InvoiceParty, buyer: InvoiceParty, deliveryAddress: Address?, terms: PaymentTerm?,
                                buyerReference: String?) {
        self.seller = seller
        self.buyer = buyer
        self.deliveryAddress = deliveryAddress == buyer.address ? nil : deliveryAddress
        if fields.buyerReference == nil { fields.buyerReference = buyerReference }
        guard let terms, let issued = issueDate else { return }
        if fields.dueDate == nil { fields.dueDate = terms.dueDate(issued: issued) }
        if fields.paymentTerms == nil { fields.paymentTerms = terms.label }
    }

    /// Freezes the tax treatment of each line and of the freight, as resolved at issue, and
    /// the delivery date: the issue day when none was given.
    public mutating func freezeTaxes(lines treatments: [TaxTreatment?], freight: TaxTreatment?) {
        for index in pricing.lines.indices where treatments.indices.contains(index) {
            pricing.lines[index].taxTreatment = treatments[index]
        }
        freightTaxTreatment = pricing.fields.freightAmount == 0 ? nil : freight
        if fields.deliveryDate == nil && fields.servicePeriod == nil { fields.deliveryDate = issueDate }
    }

    /// Records a payment. One above the balance is accepted and leaves the invoice overpaid, to
    /// be refunded (SALES-PROCESS.md §12).
    public mutating func recordPayment(_ payment: Payment, precision: Int) throws(DomainError) {
        try ensureAction(.recordPayment)
        var check = Validator()
        check.amount(payment.amount, "amount", scale: precision, allowZero: false)
        check.text(payment.reference, "reference")
        check.text(payment.bankAccount, "bankAccount", maxLength: 100)
        try check.check()
        payments.append(payment)
        settle()
    }

    /// Cancels a draft, or an issued invoice without payments or corrections; the caller issues
    /// the credit note for an issued one.
    public mutating func cancel() throws(DomainError) {
        try ensureAction(.cancel)
        if !payments.isEmpty {
            throw .conflict(code: "invoice_has_payments", message: "an invoice with payments cannot be canceled: credit it instead", related: [])
        }
        if !credits.isEmpty || !writeOffs.isEmpty {
            throw .conflict(code: "invoice_has_credit_notes",
                            message: "an invoice already credited in part cannot be canceled: credit what is left instead", related: [])
        }
        state = .canceled
        status = .canceled
    }

    /// The credit note that mirrors this issued invoice with negative amounts.
    public func creditNote(id: ID<Invoice>, info: RecordInfo, number: String, at date: Date) -> Invoice {
        var note = self
        note.id = id
        note.info = info
        note.kind = .creditNote
        note.number = number
        note.issuedAt = date
        note.issueDate = Day(date)
        note.state = .active
        note.status = .issued
        note.payments = []
        note.creditRecords = nil
        note.refundRecords = nil
        note.writeOffRecords = nil
        note.canceledOn = nil
        note.journalRecords = nil
        note.reminderRecords = nil
        note.creditedInvoiceId = self.id
        note.creditNoteId = nil
        note.pricing = pricing.negated()
        return note
    }

    mutating func linkCreditNote(_ id: ID<Invoice>) { creditNoteId = id }
}

extension Invoice {
    /// Cancels an issued invoice and returns its credit note.
    public mutating func cancelWithCreditNote(noteId: ID<Invoice>, info: RecordInfo, number: String, at date: Date) throws(DomainError) -> Invoice {
        try cancel()
        canceledOn = Day(date)
        let note = creditNote(id: noteId, info: info, number: number, at: date)
        linkCreditNote(noteId)
        return note
    }
}
