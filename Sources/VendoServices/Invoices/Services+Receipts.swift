import Foundation
import VendoCore
import VendoStore

/// The part of one payment that settles one invoice.
public struct PaymentAllocation: Sendable, Equatable {
    public var invoiceId: ID<Invoice>
    public var amount: Decimal

    public init(invoiceId: ID<Invoice>, amount: Decimal) {
        self.invoiceId = invoiceId
        self.amount = amount
    }
}

/// One payment over several invoices, and the invoices as it left them.
public struct PaymentReceipt: Sendable {
    public var id: UUID
    public var parts: [(invoice: Invoice, payment: Payment)]
}

extension Services {
    /// Records one payment of a customer over several of their invoices, in one transaction:
    /// the parts add up to the payment, each invoice takes its part as a payment of its own
    /// (sharing the receipt's id), and its status follows.
    public func recordPayment(_ input: PaymentInput, over allocations: [PaymentAllocation], by caller: Caller) async throws -> PaymentReceipt {
        return try await write(as: caller) { tx in
            var check = Validator()
            if allocations.isEmpty { check.add("allocations", "required", "name at least one invoice and the part of the payment it takes") }
            for (index, allocation) in allocations.enumerated() {
                check.amount(allocation.amount, "allocations[\(index)].amount", scale: 4, allowZero: false)
                if allocations[..<index].contains(where: { $0.invoiceId == allocation.invoiceId }) {
                    check.add("allocations[\(index)].invoiceId", "duplicate", "the invoice is named twice")
                }
            }
            if !allocations.isEmpty, allocations.reduce(Decimal(0), { $0 + $1.amount }) != input.amount {
                check.add("allocations", "allocations_total", "the parts add up to \(allocations.reduce(Decimal(0)) { $0 + $1.amount }), not to the amount paid")
            }
            try check.check()
            let receipt = UUID()
            var customer: Customer?
            var parts: [(invoice: Invoice, payment: Payment)] = []
            for (index, allocation) in allocations.enumerated() {
                let invoice = try await reference(Invoice.self, allocation.invoiceId, field: "allocations[\(index)].invoiceId", in: tx)
                if let customer, customer != invoice.customer {
                    throw ServiceError.invalid("allocations[\(index)].invoiceId", "another_customer",
                                               "one payment settles invoices of one customer")
                }
                if let first = parts.first?.invoice, first.pricing.currency != invoice.pricing.currency {
                    throw ServiceError.invalid("allocations[\(index)].invoiceId", "another_currency",
                                               "one payment is in one currency: this invoice is in \(invoice.pricing.currency)")
                }
                customer = invoice.customer
                var payment: Payment?
                let saved = try await change(Invoice.self, invoice.id, ifVersion: nil, by: caller, action: "recordPayment", in: tx) { invoice in
                    var new = Payment(id: newID(), amount: allocation.amount, date: input.date ?? today, method: input.method,
                                      reference: input.reference, bankAccount: input.bankAccount, recordedAt: clock.now(), recordedBy: caller.userId)
                    new.receiptId = receipt
                    try invoice.recordPayment(new, precision: invoice.pricing.currencyPrecision)
                    try await postEntries(of: &invoice, in: tx)
                    payment = new
                }
                if let payment { parts.append((saved, payment)) }
            }
            return PaymentReceipt(id: receipt, parts: parts)
        }
    }
}
