import Foundation
import VendoCore
import VendoStore

/// An invoice after a partial credit, and the credit note that credits it.
public struct InvoiceCreditResult: Sendable {
    public var invoice: Invoice
    public var creditNote: Invoice
}

/// SALES-PROCESS.md §12: credit notes for part of an invoice, refunds, reversals and
/// write-offs. They are for managers, on their teams' invoices, and admins.
extension Services {
    /// Credits chosen lines and quantities, or an amount at one of its tax rates, of an issued
    /// invoice, paid or not. The credit note is issued with its number at once; the quantities
    /// of credited lines go back to the invoice's order.
    public func creditInvoice(_ id: ID<Invoice>, _ request: CreditRequest, reason: String? = nil, ifVersion: Int?,
                              by caller: Caller) async throws -> InvoiceCreditResult {
        let result = try await write(as: caller) { tx in
            let before = try await load(Invoice.self, id, in: tx)
            try ensureCorrects(before, "credit", by: caller)
            try checkVersion(before, ifVersion)
            var invoice = before
            let settings = try await settings(in: tx)
            let context = AmountsContext(currencyPrecision: invoice.pricing.currencyPrecision, basePrecision: invoice.pricing.basePrecision,
                                         pricingPrecision: settings.pricingPrecision, discountMethod: settings.discountMethod,
                                         taxRounding: settings.taxRounding, priceListRequired: false)
            let language = try await documentLanguage(of: invoice.customer, settings: settings, in: tx)
            let now = clock.now()
            let year = Day(now).year
            let number = String(format: "CN-%d-%05d", year, try await tx.nextNumber("CN-\(year)"))
            var info = newInfo(caller)
            info.ownerId = invoice.info.ownerId
            var note = try invoice.credit(request, reason: reason, label: Self.creditLabel(language), noteId: newID(), info: info,
                                          number: number, at: now, context: context, lineIds: { newID() })
            try await postEntries(of: &note, settings: settings, in: tx)
            let saved = try await save(invoice, from: before, by: caller, action: "credit", in: tx)
            let inserted = try await insert(note, by: caller, in: tx, action: "issue")
            if let orderId = invoice.orderId, let orderBefore = try await tx.find(Order.self, orderId) {
                var order = orderBefore
                order.giveBack(credited: note, of: invoice)
                if order != orderBefore {
                    try await save(order, from: orderBefore, by: caller, action: "invoiceCredited", in: tx, checked: false)
                }
            }
            return InvoiceCreditResult(invoice: saved, creditNote: inserted)
        }
        await keepDocuments(of: [result.creditNote.id], by: caller)
        return result
    }

    /// Pays money back to the customer of an overpaid invoice.
    public func refundInvoice(_ id: ID<Invoice>, _ input: PaymentInput, ifVersion: Int?, by caller: Caller) async throws -> (Invoice, Refund) {
        try await write(as: caller) { tx in
            let before = try await load(Invoice.self, id, in: tx)
            try ensureCorrects(before, "refund", by: caller)
            let refund = Refund(id: newID(), amount: input.amount, date: input.date ?? today, method: input.method, reference: input.reference,
                                bankAccount: input.bankAccount, recordedAt: clock.now(), recordedBy: caller.userId)
            let invoice = try await change(Invoice.self, id, ifVersion: ifVersion, by: caller, action: "refund", in: tx) { invoice in
                try invoice.refund(refund, precision: invoice.pricing.currencyPrecision)
                try await postEntries(of: &invoice, in: tx)
            }
            return (invoice, refund)
        }
    }

    /// Undoes a payment that did not arrive (a bounced transfer, a charge-back), with its reason.
    public func reversePayment(_ paymentId: ID<Payment>, on id: ID<Invoice>, reason: String, date: Day? = nil, ifVersion: Int?,
                               by caller: Caller) async throws -> Invoice {
        try await write(as: caller) { tx in
            let before = try await load(Invoice.self, id, in: tx)
            guard before.payments.contains(where: { $0.id == paymentId }) else {
                throw ServiceError.notFound(recordType: "payment", id: paymentId.description)
            }
            try ensureCorrects(before, "reversePayment", by: caller)
            return try await change(Invoice.self, id, ifVersion: ifVersion, by: caller, action: "reversePayment", in: tx) { invoice in
                try invoice.reversePayment(paymentId, reason: reason, date: date ?? today, at: clock.now(), by: caller.userId)
                try await postEntries(of: &invoice, in: tx)
            }
        }
    }

    /// Closes a small remaining balance, up to the organisation's write-off limit.
    public func writeOffInvoice(_ id: ID<Invoice>, reason: String?, ifVersion: Int?, by caller: Caller) async throws -> Invoice {
        try await write(as: caller) { tx in
            let before = try await load(Invoice.self, id, in: tx)
            try ensureCorrects(before, "writeOff", by: caller)
            let settings = try await settings(in: tx)
            return try await change(Invoice.self, id, ifVersion: ifVersion, by: caller, action: "writeOff", in: tx) { invoice in
                try invoice.writeOff(id: newID(), reason: reason, date: today, at: clock.now(), by: caller.userId, limit: settings.writeOffLimit)
                try await postEntries(of: &invoice, settings: settings, in: tx)
            }
        }
    }

    /// Corrections after issue are a manager's (on their teams' invoices) or an admin's: the
    /// rule of reassigning.
    public static func mayCorrect(_ invoice: Invoice, by principal: Principal) -> Bool {
        AccessPolicy.allows(principal, .reassign, ownerId: invoice.info.ownerId, kind: Invoice.accessKind)
    }

    private func ensureCorrects(_ invoice: Invoice, _ action: String, by caller: Caller) throws {
        try ensureAllowed(.read, invoice, by: caller)
        guard Self.mayCorrect(invoice, by: caller.principal) else {
            throw ServiceError.forbidden(recordType: Invoice.recordType, operation: action)
        }
    }

    static func creditLabel(_ language: Language) -> String {
        language == .fr ? "Avoir commercial" : "Commercial credit"
    }
}
