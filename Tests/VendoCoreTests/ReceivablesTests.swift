import Foundation
import Testing
@testable import VendoCore

/// The aged balance at three dates, against amounts worked out by hand (SALES-PROCESS.md §12).
@Suite struct ReceivablesTests {
    let alpha = Customer.account(ID(UUID())), bravo = Customer.contact(ID(UUID())), charlie = Customer.account(ID(UUID()))

    func day(_ text: String) -> Day { Day(text) ?? Day(Date()) }

    func invoice(_ customer: Customer, currency: String = "EUR", rate: Decimal = 1, price: String, tax: String, issued: String,
                 due: String?) throws -> Invoice {
        var fields = InvoiceFields(name: "i")
        fields.dueDate = due.map(day)
        var invoice = try Invoice(id: ID(UUID()), info: testInfo, orderId: nil, opportunityId: nil, customer: customer, fields: fields,
                                  pricing: Pricing(currency: currency, exchangeRate: rate, lines: [line(1, price: price, quantity: "1", taxRate: tax)]))
        try invoice.reprice(AmountsContext())
        try invoice.issue(number: "INV-2026-00001", at: day(issued).start)
        return invoice
    }

    func pay(_ invoice: inout Invoice, _ amount: Decimal, on text: String) throws {
        try invoice.recordPayment(Payment(id: ID(UUID()), amount: amount, date: day(text), recordedAt: Date(), recordedBy: testUser), precision: 2)
    }

    /// Alpha (EUR): 1,200.00 due 4 Feb, 500.00 paid 20 Feb; 600.00 issued 10 Feb due 12 Mar, 120.00
    /// credited 1 Mar. Bravo (USD at 1.25 to the euro): 250.00 due on issue, 20 Jan, paid 10 Mar,
    /// the payment reversed 20 Mar. Charlie (EUR): 100.00 issued 1 Mar due 31 Mar, 130.00 paid
    /// 5 Mar, 30.00 refunded 10 Apr.
    func invoices() throws -> [Invoice] {
        var first = try invoice(alpha, price: "1000", tax: "20", issued: "2026-01-05", due: "2026-02-04")
        try pay(&first, 500, on: "2026-02-20")
        var second = try invoice(alpha, price: "500", tax: "20", issued: "2026-02-10", due: "2026-03-12")
        _ = try second.credit(.amount(100, taxRate: 20), reason: nil, label: "gesture", noteId: ID(UUID()), info: testInfo, number: "CN-2026-00001",
                              at: day("2026-03-01").start, context: AmountsContext(), lineIds: { ID(UUID()) })
        var third = try invoice(bravo, currency: "USD", rate: dec("1.25"), price: "250", tax: "0", issued: "2026-01-20", due: nil)
        try pay(&third, 250, on: "2026-03-10")
        try third.reversePayment(third.payments[0].id, reason: "bounced", date: day("2026-03-20"), at: Date(), by: testUser)
        var fourth = try invoice(charlie, price: "100", tax: "0", issued: "2026-03-01", due: "2026-03-31")
        try pay(&fourth, 130, on: "2026-03-05")
        try fourth.refund(Refund(id: ID(UUID()), amount: 30, date: day("2026-04-10"), recordedAt: Date(), recordedBy: testUser), precision: 2)
        let draft = try Invoice(id: ID(UUID()), info: testInfo, orderId: nil, opportunityId: nil, customer: alpha, fields: InvoiceFields(name: "d"),
                                pricing: Pricing(currency: "EUR", exchangeRate: 1, lines: [line(1, price: "9", quantity: "1")]))
        return [first, second, third, fourth, draft]
    }

    func aged(on text: String) throws -> AgedReceivables {
        let names = [alpha.id: "Alpha", bravo.id: "Bravo", charlie.id: "Charlie"]
        return AgedReceivables(try invoices(), on: day(text)) { (names[$0.id] ?? "") < (names[$1.id] ?? "") }
    }

    func amounts(_ values: [Decimal]) -> AgedAmounts {
        var amounts = AgedAmounts()
        amounts.amounts = values
        return amounts
    }

    @Test("15 February: the first invoice 11 days late, the second not due, Bravo's 26 days late")
    func february() throws {
        let report = try aged(on: "2026-02-15")
        #expect(report.rows.map(\.customer) == [alpha, bravo])
        #expect(report.rows[0].amounts == amounts([600, 1200, 0, 0, 0]) && report.rows[0].invoices == 2)
        #expect(report.rows[1].currency == "USD" && report.rows[1].amounts == amounts([0, 250, 0, 0, 0]))
        #expect(report.rows[1].base == amounts([0, 200, 0, 0, 0]))
        #expect(report.base == amounts([600, 1400, 0, 0, 0]) && report.base.total == 2000)
    }

    @Test("15 March: part paid, part credited, Bravo paid for now, Charlie overpaid")
    func march() throws {
        let report = try aged(on: "2026-03-15")
        #expect(report.rows.map(\.customer) == [alpha, charlie])
        // 1,200 − 500 is 39 days late; 600 − 120 is 3 days late.
        #expect(report.rows[0].amounts == amounts([0, 480, 700, 0, 0]))
        #expect(report.rows[1].amounts == amounts([-30, 0, 0, 0, 0]))
        #expect(report.base.total == 1150)
    }

    @Test("1 May: 86 and 50 days late, Bravo's reversed payment 101 days late, Charlie refunded")
    func may() throws {
        let report = try aged(on: "2026-05-01")
        #expect(report.rows.map(\.customer) == [alpha, bravo])
        #expect(report.rows[0].amounts == amounts([0, 0, 480, 700, 0]))
        #expect(report.rows[1].amounts == amounts([0, 0, 0, 0, 250]) && report.rows[1].base == amounts([0, 0, 0, 0, 200]))
        #expect(report.base == amounts([0, 0, 480, 700, 200]))
    }

    @Test("before issue there is nothing; a canceled invoice counts until the day of its credit note")
    func edges() throws {
        #expect(try aged(on: "2026-01-04").rows.isEmpty)
        var canceled = try invoice(alpha, price: "10", tax: "0", issued: "2026-01-05", due: "2026-01-05")
        _ = try canceled.cancelWithCreditNote(noteId: ID(UUID()), info: testInfo, number: "CN-2026-00002", at: day("2026-01-10").start)
        #expect(canceled.balance(on: day("2026-01-09")) == 10 && canceled.balance(on: day("2026-01-10")) == 0)
        #expect(AgeBucket(daysPastDue: 0) == .notDue && AgeBucket(daysPastDue: 30) == .days1to30 && AgeBucket(daysPastDue: 31) == .days31to60
                && AgeBucket(daysPastDue: 90) == .days61to90 && AgeBucket(daysPastDue: 91) == .over90)
    }
}
