import Foundation
import Testing
@testable import VendoCore
@testable import VendoServices
import VendoStore
import VendoTestSupport

@Suite("Invoices after issue: partial credit notes, refunds, reversals, write-offs")
struct InvoiceCorrectionServiceTests {
    /// An issued invoice of an order of 10 laptops (manual discount 10.00) and 3 docks.
    func issuedInvoice(_ world: TestWorld) async throws -> (Order, Invoice) {
        let order = try await InvoicingTests().order(world)
        let draft = try await world.services.createInvoice(fromOrder: order.id, by: world.admin)
        return (order, try await world.services.issueInvoice(draft.id, ifVersion: nil, by: world.admin))
    }

    @Test("a paid invoice is corrected: a line credited goes back to the order, is invoiced again, and the overpayment refunded")
    func correctAfterPayment() async throws {
        let world = try await TestWorld.make()
        let s = world.services, me = world.admin
        let (order, issued) = try await issuedInvoice(world)
        #expect(try await s.get(Order.self, order.id, by: me).state == .invoiced)
        let (paid, _) = try await s.recordPayment(on: issued.id, PaymentInput(amount: issued.pricing.totals.totalAmount, method: .bankTransfer),
                                                  ifVersion: nil, by: me)
        #expect(paid.status == .complete)
        let laptops = try #require(paid.pricing.lines.first { $0.fields.quantity == 10 })
        // More than the line holds is refused and draws no number.
        let tooMany = await #expect(throws: ServiceError.self) {
            try await s.creditInvoice(paid.id, .lines([CreditedLine(invoiceLineId: laptops.id, quantity: 11)]), ifVersion: nil, by: me)
        }
        #expect(tooMany?.fieldNames == ["lines[0].quantity"])
        let stale = await #expect(throws: ServiceError.self) {
            try await s.creditInvoice(paid.id, .lines([CreditedLine(invoiceLineId: laptops.id, quantity: 2)]), ifVersion: 1, by: me)
        }
        #expect(stale?.code == "stale_version")
        let result = try await s.creditInvoice(paid.id, .lines([CreditedLine(invoiceLineId: laptops.id, quantity: 2)]),
                                               reason: "Two laptops returned", ifVersion: paid.info.version, by: me)
        let note = result.creditNote
        #expect(note.number == "CN-2026-00001" && note.kind == .creditNote && note.creditedInvoiceId == paid.id)
        #expect(note.creditReason == "Two laptops returned" && note.state == .active)
        // Two of ten laptops: a fifth of the line, its manual discount shared the same way.
        #expect(note.pricing.lines.count == 1 && note.pricing.lines[0].netAmount == -(laptops.netAmount / 5))
        #expect(try await s.get(Invoice.self, note.id, by: me) == note)
        let invoice = result.invoice
        #expect(invoice.status == .overpaid && invoice.balance == note.pricing.totals.totalAmount)
        #expect(invoice.credits.map(\.creditNoteId) == [note.id] && invoice.credits[0].lines[0].quantity == 2)
        let history = try await s.history(of: Invoice.self, invoice.id, by: me)
        #expect(history.contains { $0.action == "credit" })
        // The order has the two laptops back, and invoices them again.
        let back = try await s.get(Order.self, order.id, by: me)
        #expect(back.state == .active)
        #expect(back.pricing.lines.first { $0.id == laptops.sourceLineId }?.invoiced.quantity == 8)
        let again = try await s.createInvoice(fromOrder: order.id, by: me)
        #expect(again.pricing.lines.map(\.fields.quantity) == [2])
        // The customer gets the difference back.
        let (refunded, refund) = try await s.refundInvoice(invoice.id, PaymentInput(amount: -invoice.balance, method: .bankTransfer, reference: "RB-7"),
                                                          ifVersion: nil, by: me)
        #expect(refunded.status == .complete && refunded.balance == 0 && refunded.refunds == [refund] && refund.reference == "RB-7")
        let more = await #expect(throws: ServiceError.self) {
            try await s.refundInvoice(invoice.id, PaymentInput(amount: 1), ifVersion: nil, by: me)
        }
        #expect(more?.code == "nothing_to_refund")
        // A second credit takes the next number.
        let gesture = try await s.creditInvoice(invoice.id, .amount(10, taxRate: 20), ifVersion: nil, by: me)
        #expect(gesture.creditNote.number == "CN-2026-00002" && gesture.creditNote.pricing.totals.totalAmount == dec("-12.00"))
        #expect(gesture.creditNote.pricing.lines[0].productName == "Avoir commercial")
    }

    @Test("a reversal reopens the balance; a write-off closes what is left under the organisation's limit")
    func reversalAndWriteOff() async throws {
        let world = try await TestWorld.make()
        let s = world.services, me = world.admin
        let (_, issued) = try await issuedInvoice(world)
        let total = issued.pricing.totals.totalAmount
        let (_, first) = try await s.recordPayment(on: issued.id, PaymentInput(amount: total - dec("0.40")), ifVersion: nil, by: me)
        let unknown = await #expect(throws: ServiceError.self) {
            try await s.reversePayment(ID(UUID()), on: issued.id, reason: "bounced", ifVersion: nil, by: me)
        }
        #expect(unknown?.code == "not_found")
        let reversed = try await s.reversePayment(first.id, on: issued.id, reason: "Transfer returned by the bank", ifVersion: nil, by: me)
        #expect(reversed.state == .active && reversed.status == .issued && reversed.balance == total && reversed.amountPaid == 0)
        #expect(reversed.payments[0].reversal?.reason == "Transfer returned by the bank")
        let (paid, _) = try await s.recordPayment(on: issued.id, PaymentInput(amount: total - dec("0.40")), ifVersion: nil, by: me)
        #expect(paid.status == .partial && paid.balance == dec("0.40"))
        let noLimit = await #expect(throws: ServiceError.self) { try await s.writeOffInvoice(paid.id, reason: nil, ifVersion: nil, by: me) }
        #expect(noLimit?.code == "write_off_not_allowed")
        _ = try await s.updateSettings(ifVersion: nil, by: me) { $0.writeOffLimit = dec("0.39") }
        let above = await #expect(throws: ServiceError.self) { try await s.writeOffInvoice(paid.id, reason: nil, ifVersion: nil, by: me) }
        #expect(above?.code == "write_off_limit")
        _ = try await s.updateSettings(ifVersion: nil, by: me) { $0.writeOffLimit = 1 }
        let closed = try await s.writeOffInvoice(paid.id, reason: "Rounding by the customer's bank", ifVersion: nil, by: me)
        #expect(closed.status == .complete && closed.balance == 0 && closed.writeOffs.map(\.amount) == [dec("0.40")])
        #expect(try await s.get(Invoice.self, paid.id, by: me) == closed)
    }

    @Test("corrections are for managers on their teams' invoices and admins, not salespeople")
    func access() async throws {
        let world = try await TestWorld.make()
        let s = world.services, me = world.admin
        let sam = try await s.createUser(name: "Sam", email: "sam@example.com", role: .salesperson, by: me)
        let mia = try await s.createUser(name: "Mia", email: "mia@example.com", role: .manager, by: me)
        let max = try await s.createUser(name: "Max", email: "max@example.com", role: .manager, by: me)
        _ = try await s.createTeam(TeamFields(name: "East", memberIds: [sam.id, mia.id]), by: me)
        let (_, issued) = try await issuedInvoice(world)
        let invoice = try await s.reassign(Invoice.self, issued.id, to: sam.id, ifVersion: nil, by: me)
        let (samCaller, miaCaller, maxCaller) = (try await s.caller(for: sam.id), try await s.caller(for: mia.id), try await s.caller(for: max.id))
        let line = try #require(invoice.pricing.lines.first)
        let bySam = await #expect(throws: ServiceError.self) {
            try await s.creditInvoice(invoice.id, .lines([CreditedLine(invoiceLineId: line.id, quantity: 1)]), ifVersion: nil, by: samCaller)
        }
        #expect(bySam?.code == "forbidden")
        let writeOff = await #expect(throws: ServiceError.self) { try await s.writeOffInvoice(invoice.id, reason: nil, ifVersion: nil, by: samCaller) }
        #expect(writeOff?.code == "forbidden")
        // Sam still records payments on his invoice.
        let (paid, payment) = try await s.recordPayment(on: invoice.id, PaymentInput(amount: 5), ifVersion: nil, by: samCaller)
        let reverse = await #expect(throws: ServiceError.self) {
            try await s.reversePayment(payment.id, on: paid.id, reason: "x", ifVersion: nil, by: samCaller)
        }
        #expect(reverse?.code == "forbidden")
        let outside = await #expect(throws: ServiceError.self) {
            try await s.creditInvoice(invoice.id, .lines([CreditedLine(invoiceLineId: line.id, quantity: 1)]), ifVersion: nil, by: maxCaller)
        }
        #expect(outside?.code == "not_found")
        let result = try await s.creditInvoice(invoice.id, .lines([CreditedLine(invoiceLineId: line.id, quantity: 1)]), ifVersion: nil, by: miaCaller)
        // The credit note belongs to the invoice's owner, who reads it.
        #expect(result.creditNote.info.ownerId == sam.id)
        #expect(try await s.get(Invoice.self, result.creditNote.id, by: samCaller).number == "CN-2026-00001")
        _ = try await s.reversePayment(payment.id, on: paid.id, reason: "Card charged back", ifVersion: nil, by: miaCaller)
    }

    @Test("webhooks: a reversal does not issue the invoice again; paying it again is paid again; a full credit cancels it")
    func webhooks() async throws {
        let world = try await TestWorld.make()
        let s = world.services, me = world.admin
        let hook = try await s.createWebhook(WebhookFields(url: "https://hooks.example/x", events: [.invoiceIssued, .invoicePaid, .invoiceCanceled]),
                                             by: me)
        let invoice = try await ReceivablesServiceTests.issue(world, for: "Zeta SA", price: 100)
        let (_, payment) = try await s.recordPayment(on: invoice.id, PaymentInput(amount: 120), ifVersion: nil, by: me)
        let reversed = try await s.reversePayment(payment.id, on: invoice.id, reason: "Bounced", ifVersion: nil, by: me)
        #expect(reversed.state == .active)
        _ = try await s.recordPayment(on: invoice.id, PaymentInput(amount: 120), ifVersion: nil, by: me)
        let line = try #require(invoice.pricing.lines.first)
        _ = try await s.creditInvoice(invoice.id, .lines([CreditedLine(invoiceLineId: line.id, quantity: 1)]), ifVersion: nil, by: me)
        _ = try await s.refundInvoice(invoice.id, PaymentInput(amount: 120), ifVersion: nil, by: me)
        let events = try await s.deliveries(of: hook.id, limit: 50, cursor: nil, by: me).items.reversed().map(\.event)
        #expect(events == ["invoice.issued", "invoice.paid", "invoice.paid", "invoice.canceled"])
    }

    @Test("one payment over two invoices of a customer, in one transaction; parts that do not add up, or another customer's invoice, change nothing")
    func receipt() async throws {
        let world = try await TestWorld.make()
        let s = world.services, me = world.admin
        let account = try await s.createAccount(TestWorld.frenchCustomer("Zeta SA"), by: me)
        func issue(_ price: Decimal) async throws -> Invoice {
            var invoice = try await s.createInvoice(InvoiceFields(name: "Z"), customer: .account(account.id), by: me)
            invoice = try await s.addLine(to: Invoice.self, invoice.id, LineFields(writeInName: "Work", quantity: 1, pricePerUnit: price, taxRate: 20),
                                          ifVersion: nil, by: me)
            return try await s.issueInvoice(invoice.id, ifVersion: nil, by: me)
        }
        let (first, second) = (try await issue(1000), try await issue(500))
        let other = try await ReceivablesServiceTests.issue(world, for: "Other SA", price: 10)
        let input = PaymentInput(amount: 1500, method: .bankTransfer, reference: "VIR-77")
        let wrong = await #expect(throws: ServiceError.self) {
            try await s.recordPayment(input, over: [PaymentAllocation(invoiceId: first.id, amount: 1200), PaymentAllocation(invoiceId: second.id, amount: 200)],
                                      by: me)
        }
        #expect(wrong?.fieldNames == ["allocations"])
        let mixed = await #expect(throws: ServiceError.self) {
            try await s.recordPayment(PaymentInput(amount: 1210), over: [PaymentAllocation(invoiceId: first.id, amount: 1200),
                                                                         PaymentAllocation(invoiceId: other.id, amount: 10)], by: me)
        }
        #expect(mixed?.code == "another_customer")
        #expect(try await s.get(Invoice.self, first.id, by: me).payments.isEmpty)
        let receipt = try await s.recordPayment(input, over: [PaymentAllocation(invoiceId: first.id, amount: 1200),
                                                              PaymentAllocation(invoiceId: second.id, amount: 300)], by: me)
        #expect(receipt.parts.map(\.invoice.status) == [.complete, .partial] && receipt.parts.map(\.invoice.balance) == [0, 300])
        #expect(receipt.parts.allSatisfy { $0.payment.receiptId == receipt.id && $0.payment.reference == "VIR-77" })
        let stored = try await s.get(Invoice.self, second.id, by: me)
        #expect(stored.payments.first?.receiptId == receipt.id && stored.journalEntries.map(\.journal) == [.sales, .bank])
    }
}
