import Foundation
import Testing
@testable import VendoCore
@testable import VendoServices
import VendoStore
import VendoTestSupport

@Suite("Receivables: the aged balance, overdue invoices, a customer's balance")
struct ReceivablesServiceTests {
    /// An issued invoice of one write-in line at 20 % for `name`, due 30 days after today.
    static func issue(_ world: TestWorld, for name: String, price: Decimal) async throws -> Invoice {
        let s = world.services, me = world.admin
        let account = try await s.createAccount(TestWorld.frenchCustomer(name), by: me)
        var invoice = try await s.createInvoice(InvoiceFields(name: name), customer: .account(account.id), by: me)
        invoice = try await s.addLine(to: Invoice.self, invoice.id, LineFields(writeInName: "Work", quantity: 1, pricePerUnit: price, taxRate: 20),
                                      ifVersion: nil, by: me)
        return try await s.issueInvoice(invoice.id, ifVersion: nil, by: me)
    }

    @Test("two invoices aged at three days, seen as their owners may")
    func aged() async throws {
        let world = try await TestWorld.make()
        let s = world.services, me = world.admin
        // Zeta's 1,200.00 is issued on 15 March, due 14 April; Alpha's 600.00 on 25 March, due 24 April.
        let zeta = try await Self.issue(world, for: "Zeta SA", price: 1000)
        #expect(zeta.fields.dueDate == Day("2026-04-14"))
        world.clock.advance(seconds: 10 * 86_400)
        let alpha = try await Self.issue(world, for: "Alpha SARL", price: 500)
        _ = try await s.recordPayment(on: zeta.id, PaymentInput(amount: 200), ifVersion: nil, by: me)
        world.clock.advance(seconds: 37 * 86_400)
        #expect(Day(s.now) == Day("2026-05-01"))

        let early = try await s.agedReceivables(on: Day("2026-03-20"), by: me)
        #expect(early.aged.rows.map(\.customer) == [zeta.customer] && early.aged.rows[0].amounts[.notDue] == 1200)
        let now = try await s.agedReceivables(by: me)
        #expect(now.aged.asOf == Day("2026-05-01"))
        #expect(now.aged.rows.map { now.names[$0.customer.id] } == ["Alpha SARL", "Zeta SA"])
        // 17 and 7 days late: both in 1–30.
        #expect(now.aged.rows.map { $0.amounts[.days1to30] } == [600, 1000] && now.aged.base.total == 1600)
        let later = try await s.agedReceivables(on: Day("2026-06-01"), by: me)
        #expect(later.aged.base[.days31to60] == 1600)

        let overdue = try await s.overdueInvoices(by: me)
        #expect(overdue.map(\.invoice.id) == [zeta.id, alpha.id] && overdue.map(\.daysLate) == [17, 7])
        #expect(overdue.map(\.balance) == [1000, 600] && overdue[0].customerName == "Zeta SA")
        #expect(try await s.customerBalance(zeta.customer, by: me) == [CustomerBalance(currency: "EUR", precision: 2, amount: 1000)])

        // A salesperson sees the receivables of the invoices they may see.
        let sam = try await s.createUser(name: "Sam", email: "sam@example.com", role: .salesperson, by: me)
        let samCaller = try await s.caller(for: sam.id)
        #expect(try await s.agedReceivables(by: samCaller).aged.rows.isEmpty)
        _ = try await s.reassign(Invoice.self, alpha.id, to: sam.id, ifVersion: nil, by: me)
        let his = try await s.agedReceivables(by: samCaller)
        #expect(his.aged.rows.map(\.customer) == [alpha.customer] && his.aged.base.total == 600)
        #expect(try await s.overdueInvoices(by: samCaller).map(\.invoice.id) == [alpha.id])
        #expect(try await s.customerBalance(zeta.customer, by: samCaller).isEmpty)
    }
}
