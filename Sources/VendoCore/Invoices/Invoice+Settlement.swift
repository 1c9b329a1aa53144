import Foundation

/// Why and when a payment was undone.
public struct PaymentReversal: Codable, Sendable, Equatable {
    public var reason: String
    public var date: Day
    public var recordedAt: Date
    public var recordedBy: ID<User>

    public init(reason: String, date: Day, recordedAt: Date, recordedBy: ID<User>) {
        self.reason = reason
        self.date = date
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }
}

/// Money paid back to the customer, for a credit or an overpayment: a payment the other way,
/// never reversed.
public typealias Refund = Payment

/// A small balance closed without payment: positive when the customer's debt is forgiven,
/// negative when the organisation keeps a small overpayment.
public struct WriteOff: Codable, Sendable, Equatable {
    public var id: ID<WriteOff>
    public var amount: Decimal
    public var date: Day
    public var reason: String?
    public var recordedAt: Date
    public var recordedBy: ID<User>

    public init(id: ID<WriteOff>, amount: Decimal, date: Day, reason: String?, recordedAt: Date, recordedBy: ID<User>) {
        self.id = id
        self.amount = amount
        self.date = date
        self.reason = reason
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }
}

/// An invoice line and the quantity a credit note takes back from it.
public struct CreditedLine: Codable, Sendable, Equatable {
    public var invoiceLineId: ID<DocumentLine>
    public var quantity: Decimal

    public init(invoiceLineId: ID<DocumentLine>, quantity: Decimal) {
        self.invoiceLineId = invoiceLineId
        self.quantity = quantity
    }
}

/// A credit note as the invoice it credits remembers it. Amounts are positive.
public struct InvoiceCredit: Codable, Sendable, Equatable {
    public var creditNoteId: ID<Invoice>
    public var number: String
    public var date: Day
    /// The credit note's total, tax included.
    public var amount: Decimal
    /// The taxable base and tax it credits, per rate.
    public var taxSummary: [TaxSummaryEntry]
    /// Empty for a credit of an amount.
    public var lines: [CreditedLine]

    public init(creditNoteId: ID<Invoice>, number: String, date: Day, amount: Decimal, taxSummary: [TaxSummaryEntry],
                lines: [CreditedLine]) {
        self.creditNoteId = creditNoteId
        self.number = number
        self.date = date
        self.amount = amount
        self.taxSummary = taxSummary
        self.lines = lines
    }
}

extension Invoice {
    /// Sets the state and status from the balance (SALES-PROCESS.md §12). Drafts and invoices
    /// canceled whole keep theirs.
    mutating func settle() {
        guard kind == .invoice, state != .draft, status != .canceled else { return }
        let balance = self.balance
        if balance < 0 {
            (state, status) = (.paid, .overpaid)
        } else if balance == 0 {
            (state, status) = amountCredited >= pricing.totals.totalAmount ? (.canceled, .credited) : (.paid, .complete)
        } else if amountPaid == 0 && amountRefunded == 0 && amountWrittenOff == 0 {
            (state, status) = (.active, .issued)
        } else {
            (state, status) = (.paid, .partial)
        }
    }

    /// Pays money back to the customer, up to what the organisation owes them.
    public mutating func refund(_ refund: Refund, precision: Int) throws(DomainError) {
        try ensureAction(.refund)
        var check = Validator()
        check.amount(refund.amount, "amount", scale: precision, allowZero: false)
        check.text(refund.reference, "reference")
        check.text(refund.bankAccount, "bankAccount", maxLength: 100)
        try check.check()
        let owed = -balance
        if owed <= 0 {
            throw .conflict(code: "nothing_to_refund", message: "the customer is owed nothing on this invoice", related: [])
        }
        if refund.amount > owed {
            throw .invalid("amount", "exceeds_refundable", "only \(owed.text(scale: precision)) is owed to the customer")
        }
        refundRecords = refunds + [refund]
        settle()
    }

    /// Undoes a payment that did not arrive after all; the balance opens again.
    public mutating func reversePayment(_ paymentId: ID<Payment>, reason: String, date: Day, at now: Date,
                                        by user: ID<User>) throws(DomainError) {
        try ensureAction(.reversePayment)
        var check = Validator()
        check.require(reason, "reason", maxLength: 1000)
        try check.check()
        guard let index = payments.firstIndex(where: { $0.id == paymentId }) else {
            throw .invalid("paymentId", "unknown_payment", "the invoice has no payment \(paymentId)")
        }
        if payments[index].reversal != nil {
            throw .conflict(code: "already_reversed", message: "the payment was reversed already", related: [])
        }
        if date < payments[index].date {
            throw .invalid("date", "before_payment", "a payment cannot be reversed before the day it was made")
        }
        payments[index].reversal = PaymentReversal(reason: reason.trimmingWhitespace(), date: date, recordedAt: now, recordedBy: user)
        settle()
    }

    /// Closes what is left of the balance, when it is no larger than `limit` in the base
    /// currency (the organisation's write-off limit).
    public mutating func writeOff(id: ID<WriteOff>, reason: String?, date: Day, at now: Date, by user: ID<User>,
                                  limit: Decimal?) throws(DomainError) {
        try ensureAction(.writeOff)
        var check = Validator()
        check.text(reason, "reason", maxLength: 1000)
        try check.check()
        let left = balance
        if left == 0 {
            throw .conflict(code: "nothing_to_write_off", message: "the invoice's balance is zero already", related: [])
        }
        guard let limit, limit > 0 else {
            throw .conflict(code: "write_off_not_allowed",
                            message: "the organisation has set no write-off limit (settings: writeOffLimit)", related: [])
        }
        let inBase = abs(pricing.toBase(left))
        if inBase > limit {
            throw .conflict(code: "write_off_limit",
                            message: "the balance of \(abs(left).text(scale: pricing.currencyPrecision)) \(pricing.currency) is above the write-off limit of \(limit) in the base currency",
                            related: [])
        }
        writeOffRecords = writeOffs + [WriteOff(id: id, amount: left, date: date, reason: reason?.trimmingWhitespace(),
                                                recordedAt: now, recordedBy: user)]
        settle()
    }
}
