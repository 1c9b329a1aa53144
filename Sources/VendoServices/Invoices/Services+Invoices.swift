import Foundation
import VendoCore
import VendoStore

/// A payment, or a refund, as a person records it.
public struct PaymentInput: Sendable, Equatable {
    public var amount: Decimal
    public var date: Day?
    public var method: PaymentMethod?
    public var reference: String?
    /// The organisation's bank account the money went to.
    public var bankAccount: String?

    public init(amount: Decimal, date: Day? = nil, method: PaymentMethod? = nil, reference: String? = nil, bankAccount: String? = nil) {
        self.amount = amount
        self.date = date
        self.method = method
        self.reference = reference
        self.bankAccount = bankAccount
    }
}

/// A canceled invoice and, when it had been issued, the credit note that cancels it.
public struct InvoiceCancellation: Sendable {
    public var invoice: Invoice
    public var creditNote: Invoice?
}

extension Services {
    /// A draft invoice for the order's lines not invoiced yet, or for the given quantities.
    public func createInvoice(fromOrder id: ID<Order>, lines requests: [InvoiceRequestLine]? = nil, ifVersion: Int? = nil,
                              by caller: Caller) async throws -> Invoice {
        try await write(as: caller) { tx in
            let before = try await load(Order.self, id, in: tx)
            try checkVersion(before, ifVersion)
            var order = before
            let context = try await amountsContext(currency: order.pricing.currency, in: tx)
            let invoiceId: ID<Invoice> = newID()
            let taken = try order.takeForInvoice(requests, invoiceId: invoiceId, context: context, lineIds: { newID() })
            var pricing = Pricing(currency: order.pricing.currency, exchangeRate: order.pricing.exchangeRate,
                                  fields: taken.pricing, lines: taken.lines)
            try pricing.recalculate(context)
            var fields = InvoiceFields(name: order.fields.name, contactId: order.fields.contactId)
            fields.description = order.fields.description
            fields.customFields = try await carried(order.customFields, to: .invoice, in: tx)
            let invoice = try Invoice(id: invoiceId, info: newInfo(caller), orderId: order.id, opportunityId: order.opportunityId,
                                      customer: order.customer, fields: fields, pricing: pricing)
            try await save(order, from: before, by: caller, action: "createInvoice", in: tx)
            return try await insert(invoice, by: caller, in: tx, requiring: true)
        }
    }

    /// A draft invoice made directly for a customer, without an order.
    public func createInvoice(_ fields: InvoiceFields, customer: Customer, currency: String? = nil, priceListId: ID<PriceList>? = nil,
                              by caller: Caller) async throws -> Invoice {
        try await write(as: caller) { tx in
            try await checkCustomer(customer, in: tx)
            if let contact = fields.contactId { _ = try await reference(Contact.self, contact, field: "contactId", in: tx) }
            let pricing = try await newPricing(currency: currency, priceList: priceListId, in: tx)
            let invoice = try Invoice(id: newID(), info: newInfo(caller), orderId: nil, opportunityId: nil, customer: customer,
                                      fields: fields, pricing: pricing)
            return try await insert(invoice, by: caller, in: tx, requiring: true)
        }
    }

    /// Changes a draft invoice's fields, currency and header amounts in one transaction.
    public func updateInvoice(_ id: ID<Invoice>, ifVersion: Int?, by caller: Caller, pricing: PricingEdit = PricingEdit(),
                              _ edit: @escaping @Sendable (inout InvoiceFields) -> Void) async throws -> Invoice {
        try await write(as: caller) { tx in
            try await change(Invoice.self, id, ifVersion: ifVersion, by: caller, action: "update", in: tx) { invoice in
                var fields = invoice.fields
                edit(&fields)
                if fields != invoice.fields {
                    try invoice.ensureAction(.update)
                    if let contact = fields.contactId { _ = try await reference(Contact.self, contact, field: "contactId", in: tx) }
                    try invoice.update(fields)
                }
                try await apply(pricing, to: &invoice, in: tx)
            }
        }
    }

    /// Issues a draft: it takes the next number of this year's unbroken sequence, inside the
    /// same transaction, and is frozen from then on.
    public func issueInvoice(_ id: ID<Invoice>, ifVersion: Int?, by caller: Caller) async throws -> Invoice {
        let issued = try await issueInvoiceRecord(id, ifVersion: ifVersion, by: caller)
        // Its PDF is made once the issue has committed, never while the writer is held.
        await keepDocuments(of: [issued.id], by: caller)
        return issued
    }

    private func issueInvoiceRecord(_ id: ID<Invoice>, ifVersion: Int?, by caller: Caller) async throws -> Invoice {
        try await write(as: caller) { tx in try await issue(id, ifVersion: ifVersion, by: caller, in: tx) }
    }

    /// Issues a draft invoice in the caller's transaction (issuing alone, or issuing and sending).
    func issue(_ id: ID<Invoice>, ifVersion: Int?, by caller: Caller, in tx: Transaction) async throws -> Invoice {
        try await change(Invoice.self, id, ifVersion: ifVersion, by: caller, action: "issue", in: tx) { invoice in
            try invoice.ensureAction(.issue)
            let now = clock.now()
            let year = Day(now).year
            let number = try await tx.nextNumber("INV-\(year)")
            try invoice.issue(number: String(format: "INV-%d-%05d", year, number), at: now)
            let settings = try await settings(in: tx)
            let (buyer, shipping, reference) = try await party(of: invoice.customer, in: tx)
            // Terms typed on the invoice are the organisation's of that name, or the invoice's
            // own wording (then the due date is whatever was typed); none typed is the default.
            let typed = invoice.fields.paymentTerms
            let terms = if let typed { settings.paymentTerm(named: typed) } else { settings.defaultPaymentTerm }
            invoice.freeze(seller: InvoiceParty(seller: settings), buyer: buyer, deliveryAddress: shipping, terms: terms,
                           buyerReference: reference)
            let (lines, freight, taxProblems) = try await taxTreatments(of: invoice, in: tx)
            invoice.freezeTaxes(lines: lines, freight: freight)
            let completeness = InvoiceCompleteness(
                seller: invoice.seller ?? InvoiceParty(seller: settings), buyer: buyer,
                buyerIsCompany: { if case .account = invoice.customer { return true } else { return false } }(),
                deliveryAddress: invoice.deliveryAddress, latePaymentText: settings.latePaymentText)
            let problems = taxProblems + completeness.problems(of: invoice, lineTreatments: lines, freight: freight)
            if !problems.isEmpty { throw DomainError.validation(problems) }
            try await postEntries(of: &invoice, settings: settings, in: tx)
        }
    }

    /// The tax category of each line and of the freight, by `TaxTreatment.resolve` against the
    /// organisation's tax rates, with a field error for each that cannot be told.
    func taxTreatments(of invoice: Invoice, in tx: Transaction) async throws
        -> (lines: [TaxTreatment?], freight: TaxTreatment?, problems: [FieldError]) {
        let rates = try await tx.all(TaxRate.self).map(\.fields)
        var problems: [FieldError] = []
        func resolve(_ rate: Decimal, _ requested: TaxCategory?, field: String) -> TaxTreatment? {
            switch TaxTreatment.resolve(rate: rate, requested: requested, rates: rates) {
            case .success(let treatment):
                return treatment
            case .failure(.ambiguous(let categories)):
                problems.append(FieldError(field, "category_ambiguous",
                    "several tax rates are at \(rate) % (\(categories.map(\.rawValue).joined(separator: ", "))): give the line its taxCategory"))
            case .failure(.mismatch):
                problems.append(FieldError(field, "invalid_choice", "the tax category does not fit the rate of \(rate) %"))
            }
            return nil
        }
        let lines = invoice.pricing.lines.enumerated().map { index, line in
            line.taxRate.flatMap { resolve($0, line.fields.taxCategory, field: "lines[\(index)].taxCategory") }
        }
        var freight: TaxTreatment?
        if invoice.pricing.fields.freightAmount != 0 {
            freight = resolve(invoice.pricing.fields.freightTaxRate ?? 0, nil, field: "freightTaxRate")
        }
        return (lines, freight, problems)
    }

    /// The buyer of a document as it is now, where its goods go, and the reference it wants on
    /// invoices. Read as data, not as what the caller may see: an invoice the caller may issue
    /// names its customer whoever owns it.
    func party(of customer: Customer, in tx: Transaction) async throws -> (InvoiceParty, shipping: Address?, reference: String?) {
        switch customer {
        case .account(let id):
            guard let account = try await tx.find(Account.self, id) else { throw ServiceError.notFound(recordType: "account", id: id.description) }
            let fields = account.fields
            var party = InvoiceParty(name: fields.name, address: fields.invoiceAddress)
            party.registrationNumber = fields.registrationNumber
            party.vatNumber = fields.vatNumber
            party.email = fields.email
            party.phone = fields.phone
            return (party, fields.shippingAddress, fields.buyerReference)
        case .contact(let id):
            guard let contact = try await tx.find(Contact.self, id) else { throw ServiceError.notFound(recordType: "contact", id: id.description) }
            var party = InvoiceParty(name: contact.fullName, address: contact.fields.address)
            party.email = contact.fields.billingEmail ?? contact.fields.email
            party.phone = contact.fields.phone
            return (party, nil, nil)
        }
    }

    public func recordPayment(on id: ID<Invoice>, _ input: PaymentInput, ifVersion: Int?, by caller: Caller) async throws -> (Invoice, Payment) {
        try await write(as: caller) { tx in
            var payment: Payment?
            let invoice = try await change(Invoice.self, id, ifVersion: ifVersion, by: caller, action: "recordPayment", in: tx) { invoice in
                let precision = try await amountsContext(currency: invoice.pricing.currency, in: tx).currencyPrecision
                let new = Payment(id: newID(), amount: input.amount, date: input.date ?? today, method: input.method,
                                  reference: input.reference, bankAccount: input.bankAccount, recordedAt: clock.now(),
                                  recordedBy: caller.userId)
                try invoice.recordPayment(new, precision: precision)
                try await postEntries(of: &invoice, in: tx)
                payment = new
            }
            guard let payment else { throw ServiceError.conflict(code: "no_payment", message: "no payment recorded", related: []) }
            return (invoice, payment)
        }
    }

    /// Cancels a draft, or an issued invoice without payments by issuing its credit note. The
    /// invoice's quantities go back to its order.
    public func cancelInvoice(_ id: ID<Invoice>, ifVersion: Int?, by caller: Caller) async throws -> InvoiceCancellation {
        let cancellation = try await cancelInvoiceRecord(id, ifVersion: ifVersion, by: caller)
        if let note = cancellation.creditNote { await keepDocuments(of: [note.id], by: caller) }
        return cancellation
    }

    private func cancelInvoiceRecord(_ id: ID<Invoice>, ifVersion: Int?, by caller: Caller) async throws -> InvoiceCancellation {
        try await write(as: caller) { tx in
            let before = try await load(Invoice.self, id, in: tx)
            try checkVersion(before, ifVersion)
            var invoice = before
            var note: Invoice?
            if invoice.state == .active {
                let now = clock.now()
                let year = Day(now).year
                let number = String(format: "CN-%d-%05d", year, try await tx.nextNumber("CN-\(year)"))
                try invoice.ensureAction(.cancel)
                var canceling = try invoice.cancelWithCreditNote(noteId: newID(), info: newInfo(caller), number: number, at: now)
                try await postEntries(of: &canceling, in: tx)
                note = canceling
            } else {
                try invoice.cancel()
            }
            let saved = try await save(invoice, from: before, by: caller, action: "cancel", in: tx)
            if let note { try await insert(note, by: caller, in: tx, action: "issue") }
            try await giveBackToOrder(invoice, by: caller, in: tx)
            return InvoiceCancellation(invoice: saved, creditNote: note)
        }
    }

    /// Deletes a draft invoice, giving its quantities back to its order.
    public func deleteInvoice(_ id: ID<Invoice>, ifVersion: Int?, by caller: Caller) async throws {
        try await write(as: caller) { tx in
            let invoice = try await load(Invoice.self, id, in: tx)
            try invoice.ensureAction(.delete)
            try await remove(invoice, ifVersion: ifVersion, by: caller, in: tx)
            try await giveBackToOrder(invoice, by: caller, in: tx)
        }
    }

    private func giveBackToOrder(_ invoice: Invoice, by caller: Caller, in tx: Transaction) async throws {
        guard let orderId = invoice.orderId, let before = try await tx.find(Order.self, orderId) else { return }
        var order = before
        order.giveBack(invoice)
        try await save(order, from: before, by: caller, action: "invoiceCanceled", in: tx, checked: false)
    }
}
