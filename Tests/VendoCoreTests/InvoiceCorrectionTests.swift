import Foundation
import Testing
@testable import VendoCore

/// SALES-PROCESS.md §12 on the invoice itself: partial credit notes with amounts computed by
/// hand, refunds, reversals and write-offs moving the balance and the status.
@Suite struct InvoiceCorrectionTests {
    let day = Day(year: 2026, month: 3, day: 10) ?? Day(Date())

    /// 10 × 12.00 at 20 %, 3 × 33.33 at 5.5 %, 1 × 50.00 less 5.00 at 20 %, and 10 % off the whole.
    /// By hand: lines 264.99, discount 26.50, taxable 148.50 at 20 % (tax 29.70) and 89.99 at
    /// 5.5 % (tax 4.95), total 273.14.
    func issued(currency: String = "EUR", rate: Decimal = 1, _ lines: [DocumentLine]? = nil, fields: PricingFields? = nil) throws -> Invoice {
        let lines = lines ?? [line(1, price: "12.00", quantity: "10", taxRate: "20"), line(2, price: "33.33", quantity: "3", taxRate: "5.5"),
                              line(3, price: "50.00", quantity: "1", manualDiscount: "5.00", taxRate: "20")]
        var invoice = try Invoice(id: ID(UUID()), info: testInfo, orderId: nil, opportunityId: nil, customer: .account(ID(UUID())),
                                  fields: InvoiceFields(name: "i"),
                                  pricing: Pricing(currency: currency, exchangeRate: rate, fields: fields ?? PricingFields(discountPercent: 10),
                                                   lines: lines))
        try invoice.reprice(AmountsContext())
        try invoice.issue(number: "INV-2026-00001", at: testInfo.createdAt)
        return invoice
    }

    func credit(_ invoice: inout Invoice, _ request: CreditRequest, number: Int = 1) throws -> Invoice {
        try invoice.credit(request, reason: nil, label: "Commercial credit", noteId: ID(UUID()), info: testInfo,
                           number: String(format: "CN-2026-%05d", number), at: testInfo.createdAt, context: AmountsContext(),
                           lineIds: { ID(UUID()) })
    }

    func pay(_ invoice: inout Invoice, _ amount: String) throws {
        try invoice.recordPayment(Payment(id: ID(UUID()), amount: dec(amount), date: day, recordedAt: testInfo.createdAt, recordedBy: testUser),
                                  precision: 2)
    }

    func conflictCode(_ error: DomainError?) -> String? {
        if case .conflict(let code, _, _)? = error { return code }
        return nil
    }

    func rates(_ note: Invoice) -> [String: [Decimal]] {
        Dictionary(uniqueKeysWithValues: note.pricing.totals.taxSummary.map { ("\($0.rate ?? -1)", [$0.base, $0.tax]) })
    }

    @Test("crediting lines in three steps takes back exactly the invoice, rate by rate")
    func linesInSteps() throws {
        var invoice = try issued()
        #expect(invoice.pricing.totals.totalAmount == dec("273.14"))
        // 4 of 10 × 12.00 = 48.00, less 10 % = 43.20 taxable at 20 %: 8.64 tax, 51.84 in all.
        let first = try credit(&invoice, .lines([CreditedLine(invoiceLineId: lineID(1), quantity: 4)]))
        #expect(first.kind == .creditNote && first.number == "CN-2026-00001" && first.creditedInvoiceId == invoice.id)
        #expect(first.pricing.totals.detailAmount == dec("-48.00") && first.pricing.totals.discountPercentAmount == dec("-4.80"))
        #expect(first.pricing.totals.totalTax == dec("-8.64") && first.pricing.totals.totalAmount == dec("-51.84"))
        #expect(rates(first) == ["20": [dec("-43.20"), dec("-8.64")]])
        #expect(first.pricing.lines.count == 1 && first.pricing.lines[0].fields.quantity == 4 && first.pricing.lines[0].sourceLineId == lineID(1))
        #expect(invoice.amountCredited == dec("51.84") && invoice.balance == dec("221.30"))
        #expect(invoice.state == .active && invoice.status == .issued)
        // 1 of 3 × 33.33, less 10 % (3.33) = 30.00 taxable at 5.5 %: 1.65 tax.
        let second = try credit(&invoice, .lines([CreditedLine(invoiceLineId: lineID(2), quantity: 1)]), number: 2)
        #expect(second.pricing.totals.totalAmount == dec("-31.65") && rates(second) == ["5.5": [dec("-30.00"), dec("-1.65")]])
        // The rest of every line: whatever the rounding, the three notes add up to the invoice.
        let third = try credit(&invoice, .lines([CreditedLine(invoiceLineId: lineID(1), quantity: 6),
                                                 CreditedLine(invoiceLineId: lineID(2), quantity: 2),
                                                 CreditedLine(invoiceLineId: lineID(3), quantity: 1)]), number: 3)
        #expect(third.pricing.totals.totalAmount == dec("-189.65"))
        #expect(rates(third) == ["20": [dec("-105.30"), dec("-21.06")], "5.5": [dec("-59.99"), dec("-3.30")]])
        for note in [first, second, third] {
            #expect(note.pricing.lines.reduce(0) { $0 + $1.tax } == note.pricing.totals.totalTax)
            #expect(note.pricing.totals.totalAmount == note.pricing.totals.preFreightAmount + note.pricing.totals.totalTax)
        }
        #expect(invoice.amountCredited == dec("273.14") && invoice.balance == 0)
        #expect(invoice.state == .canceled && invoice.status == .credited)
        #expect(invoice.credits.map(\.number) == ["CN-2026-00001", "CN-2026-00002", "CN-2026-00003"])
        let nothing = #expect(throws: DomainError.self) { _ = try credit(&invoice, .amount(1, taxRate: 20), number: 4) }
        // Credited in full, the invoice is closed (canceled / credited): crediting is no longer an action.
        if case .invalidTransition(_, let state, let status, let action)? = nothing {
            #expect(state == "canceled" && status == "credited" && action == "credit")
        } else {
            Issue.record("expected an invalid transition, got \(String(describing: nothing))")
        }
    }

    @Test("a fixed discount shrinks with the lines credited; the freight is credited as an amount")
    func fixedDiscountAndFreight() throws {
        var invoice = try issued([line(1, price: "100.00", quantity: "2", taxRate: "20"), line(2, price: "50.00", quantity: "1", taxRate: "20")],
                                 fields: PricingFields(discountAmount: 25, freightAmount: 10, freightTaxRate: 20))
        // 250.00 − 25.00 + 10.00 freight, 20 % on 235.00 = 47.00: 282.00.
        #expect(invoice.pricing.totals.totalAmount == dec("282.00"))
        // 50.00 carries a fifth of the discount (5.00): 45.00 + 9.00.
        let first = try credit(&invoice, .lines([CreditedLine(invoiceLineId: lineID(2), quantity: 1)]))
        #expect(first.pricing.fields.discountAmount == dec("-5.00") && first.pricing.totals.totalAmount == dec("-54.00"))
        #expect(first.pricing.fields.freightAmount == 0 && first.pricing.totals.freightTax == 0)
        let second = try credit(&invoice, .lines([CreditedLine(invoiceLineId: lineID(1), quantity: 2)]), number: 2)
        #expect(second.pricing.totals.totalAmount == dec("-216.00"))
        #expect(invoice.balance == dec("12.00") && invoice.amountLeftToCredit == dec("12.00"))
        // Nothing is left of the lines; the freight (10.00 + 2.00) is an amount at its rate.
        let over = #expect(throws: DomainError.self) { _ = try credit(&invoice, .amount(dec("10.01"), taxRate: 20), number: 3) }
        #expect(over?.fieldNames == ["amount"])
        let freight = try credit(&invoice, .amount(10, taxRate: 20), number: 3)
        #expect(freight.pricing.totals.totalAmount == dec("-12.00") && freight.pricing.lines[0].productName == "Commercial credit")
        #expect(invoice.status == .credited && invoice.balance == 0)
    }

    @Test("credits beyond what is left are refused, changing nothing")
    func limits() throws {
        var invoice = try issued()
        let before = invoice
        let tooMany = #expect(throws: DomainError.self) {
            _ = try credit(&invoice, .lines([CreditedLine(invoiceLineId: lineID(1), quantity: 11)]))
        }
        #expect(tooMany?.fieldNames == ["lines[0].quantity"])
        let unknown = #expect(throws: DomainError.self) {
            _ = try credit(&invoice, .lines([CreditedLine(invoiceLineId: lineID(9), quantity: 1), CreditedLine(invoiceLineId: lineID(1), quantity: 0)]))
        }
        #expect(unknown?.fieldNames == ["lines[0].invoiceLineId", "lines[1].quantity"])
        let twice = #expect(throws: DomainError.self) {
            _ = try credit(&invoice, .lines([CreditedLine(invoiceLineId: lineID(1), quantity: 1), CreditedLine(invoiceLineId: lineID(1), quantity: 1)]))
        }
        #expect(twice?.fieldNames == ["lines[1].invoiceLineId"])
        let noRate = #expect(throws: DomainError.self) { _ = try credit(&invoice, .amount(10, taxRate: 10)) }
        #expect(noRate?.fieldNames == ["taxRate"])
        // 89.99 is taxable at 5.5 %: 90.00 of it cannot be credited.
        let aboveRate = #expect(throws: DomainError.self) { _ = try credit(&invoice, .amount(90, taxRate: dec("5.5"))) }
        #expect(aboveRate?.fieldNames == ["amount"])
        #expect(invoice == before)
        // After a gesture of 100.00 at 20 %, the lines at 20 % can no longer all be credited.
        _ = try credit(&invoice, .amount(100, taxRate: 20))
        let after = #expect(throws: DomainError.self) {
            _ = try credit(&invoice, .lines([CreditedLine(invoiceLineId: lineID(1), quantity: 10), CreditedLine(invoiceLineId: lineID(3), quantity: 1)]),
                           number: 2)
        }
        #expect(after?.fieldNames == ["lines"])
        #expect(invoice.credits.count == 1 && invoice.amountCredited == dec("120.00"))
    }

    @Test("a paid invoice is credited, overpaid, then refunded")
    func creditAfterPayment() throws {
        var invoice = try issued()
        try pay(&invoice, "273.14")
        #expect(invoice.state == .paid && invoice.status == .complete)
        let note = try credit(&invoice, .lines([CreditedLine(invoiceLineId: lineID(1), quantity: 4)]))
        #expect(note.pricing.totals.totalAmount == dec("-51.84"))
        #expect(invoice.state == .paid && invoice.status == .overpaid && invoice.balance == dec("-51.84"))
        let tooMuch = #expect(throws: DomainError.self) {
            try invoice.refund(Refund(id: ID(UUID()), amount: dec("51.85"), date: day, recordedAt: Date(), recordedBy: testUser), precision: 2)
        }
        #expect(tooMuch?.fieldNames == ["amount"])
        try invoice.refund(Refund(id: ID(UUID()), amount: dec("51.84"), date: day, method: .bankTransfer, recordedAt: Date(), recordedBy: testUser),
                           precision: 2)
        #expect(invoice.status == .complete && invoice.balance == 0 && invoice.amountRefunded == dec("51.84"))
        let nothing = #expect(throws: DomainError.self) {
            try invoice.refund(Refund(id: ID(UUID()), amount: 1, date: day, recordedAt: Date(), recordedBy: testUser), precision: 2)
        }
        #expect(conflictCode(nothing) == "nothing_to_refund")
    }

    @Test("a reversed payment opens the balance again, once, with its reason")
    func reversal() throws {
        var invoice = try issued()
        try pay(&invoice, "100.00")
        try pay(&invoice, "173.14")
        #expect(invoice.status == .complete)
        let bounced = invoice.payments[1].id
        let noReason = #expect(throws: DomainError.self) {
            try invoice.reversePayment(bounced, reason: "  ", date: day, at: Date(), by: testUser)
        }
        #expect(noReason?.fieldNames == ["reason"])
        try invoice.reversePayment(bounced, reason: "Bounced: insufficient funds", date: day, at: Date(), by: testUser)
        #expect(invoice.state == .paid && invoice.status == .partial && invoice.balance == dec("173.14") && invoice.amountPaid == 100)
        #expect(invoice.payments[1].reversal?.reason == "Bounced: insufficient funds")
        let again = #expect(throws: DomainError.self) { try invoice.reversePayment(bounced, reason: "again", date: day, at: Date(), by: testUser) }
        #expect(conflictCode(again) == "already_reversed")
        try invoice.reversePayment(invoice.payments[0].id, reason: "Charged back", date: day, at: Date(), by: testUser)
        #expect(invoice.state == .active && invoice.status == .issued && invoice.balance == dec("273.14"))
    }

    @Test("a write-off closes a balance up to the limit in the base currency, either way")
    func writeOffs() throws {
        // 100.00 USD at 20 %, 1.1 USD to the euro: 120.00 USD, 109.09 EUR.
        var invoice = try issued(currency: "USD", rate: dec("1.1"), [line(1, price: "100.00", quantity: "1", taxRate: "20")],
                                 fields: PricingFields())
        #expect(invoice.pricing.totals.base.totalAmount == dec("109.09"))
        try pay(&invoice, "114.49")
        let none = #expect(throws: DomainError.self) {
            try invoice.writeOff(id: ID(UUID()), reason: nil, date: day, at: Date(), by: testUser, limit: nil)
        }
        #expect(conflictCode(none) == "write_off_not_allowed")
        // 5.51 USD is 5.01 EUR: above a 5 EUR limit.
        let above = #expect(throws: DomainError.self) {
            try invoice.writeOff(id: ID(UUID()), reason: nil, date: day, at: Date(), by: testUser, limit: 5)
        }
        #expect(conflictCode(above) == "write_off_limit")
        try pay(&invoice, "0.01")
        try invoice.writeOff(id: ID(UUID()), reason: "Bank charges", date: day, at: Date(), by: testUser, limit: 5)
        #expect(invoice.status == .complete && invoice.balance == 0 && invoice.amountWrittenOff == dec("5.50"))
        // A small overpayment is kept the same way: a negative write-off.
        try pay(&invoice, "0.30")
        #expect(invoice.status == .overpaid)
        try invoice.writeOff(id: ID(UUID()), reason: nil, date: day, at: Date(), by: testUser, limit: 5)
        #expect(invoice.status == .complete && invoice.writeOffs.last?.amount == dec("-0.30"))
        #expect(throws: DomainError.self) { try invoice.writeOff(id: ID(UUID()), reason: nil, date: day, at: Date(), by: testUser, limit: 5) }
    }

    @Test("an amount credited in a foreign currency keeps its base-currency twin")
    func foreignCurrency() throws {
        var invoice = try issued(currency: "USD", rate: dec("1.1"), [line(1, price: "100.00", quantity: "1", taxRate: "20")],
                                 fields: PricingFields())
        let note = try credit(&invoice, .amount(50, taxRate: 20))
        #expect(note.pricing.currency == "USD" && note.pricing.totals.totalAmount == dec("-60.00"))
        #expect(note.pricing.totals.base.totalAmount == dec("-54.55"))
        #expect(invoice.balance == dec("60.00") && invoice.status == .issued)
    }

    @Test("an invoice credited in part can no longer be canceled whole")
    func cancelAfterCredit() throws {
        var invoice = try issued()
        _ = try credit(&invoice, .amount(10, taxRate: 20))
        let refused = #expect(throws: DomainError.self) { try invoice.cancel() }
        #expect(conflictCode(refused) == "invoice_has_credit_notes" && invoice.state == .active)
    }
}
