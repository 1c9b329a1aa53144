import Foundation
import Testing
@testable import VendoCore
@testable import VendoServices
import VendoStore
import VendoTestSupport

@Suite("Invoices: parts, numbers, payments, credit notes")
struct InvoicingTests {
    /// An active order of 10 laptops (manual discount 10.00) and 3 docks, prices unlocked.
    func order(_ world: TestWorld, manualDiscount: String = "10.00") async throws -> Order {
        let s = world.services, me = world.admin
        let account = try await s.createAccount(TestWorld.frenchCustomer("Buyer \(UUID().uuidString.prefix(6))"), by: me)
        var order = try await s.createOrder(OrderFields(name: "Order"), customer: .account(account.id), priceListId: world.catalog.priceList.id,
                                            by: me)
        order = try await s.addLine(to: Order.self, order.id,
                                    LineFields(productId: world.catalog.laptop.id, quantity: 10, manualDiscount: dec(manualDiscount)),
                                    ifVersion: nil, by: me)
        return try await s.addLine(to: Order.self, order.id, LineFields(productId: world.catalog.dock.id, quantity: 3), ifVersion: nil, by: me)
    }

    @Test("an order is invoiced in parts, each quantity at most once, discounts adding up exactly")
    func partialInvoices() async throws {
        let world = try await TestWorld.make()
        let s = world.services, me = world.admin
        let order = try await order(world)
        let laptop = order.pricing.lines[0].id
        let first = try await s.createInvoice(fromOrder: order.id, lines: [InvoiceRequestLine(orderLineId: laptop, quantity: 3)], by: me)
        #expect(first.pricing.lines.count == 1 && first.pricing.lines[0].fields.quantity == 3)
        #expect(first.pricing.lines[0].volumeDiscountPerUnit == dec("100.00"))  // the order's band, for 10
        #expect(first.pricing.lines[0].fields.manualDiscount == dec("3.00"))
        let tooMuch = await #expect(throws: ServiceError.self) {
            try await s.createInvoice(fromOrder: order.id, lines: [InvoiceRequestLine(orderLineId: laptop, quantity: 8)], by: me)
        }
        #expect(tooMuch?.fieldNames == ["lines[0].quantity"])
        let unknown = await #expect(throws: ServiceError.self) {
            try await s.createInvoice(fromOrder: order.id, lines: [InvoiceRequestLine(orderLineId: ID(UUID()), quantity: 1)], by: me)
        }
        #expect(unknown?.fieldNames == ["lines[0].orderLineId"])
        let second = try await s.createInvoice(fromOrder: order.id, by: me)
        #expect(second.pricing.lines.map(\.fields.quantity) == [7, 3])
        #expect(second.pricing.lines[0].fields.manualDiscount == dec("7.00"))
        #expect(first.pricing.totals.detailAmount + second.pricing.totals.detailAmount == order.pricing.totals.detailAmount)
        #expect(first.pricing.totals.totalAmount + second.pricing.totals.totalAmount == order.pricing.totals.totalAmount)
        #expect(try await s.get(Order.self, order.id, by: world.admin).state == .invoiced)
        let nothing = await #expect(throws: ServiceError.self) { try await s.createInvoice(fromOrder: order.id, by: me) }
        #expect(nothing == .invalidTransition(record: "order", state: "invoiced", status: "invoiced", action: "createInvoice"))

        // Canceling a draft gives its quantities back; the order returns to active.
        let canceled = try await s.cancelInvoice(first.id, ifVersion: nil, by: me)
        #expect(canceled.invoice.state == .canceled && canceled.creditNote == nil)
        let back = try await s.get(Order.self, order.id, by: world.admin)
        #expect(back.state == .active && back.status == .new)
        #expect(back.pricing.lines[0].invoiced.quantity == 7 && back.pricing.lines[0].invoiced.manualDiscount == dec("7.00"))
        let third = try await s.createInvoice(fromOrder: order.id, by: me)
        #expect(third.pricing.lines.map(\.fields.quantity) == [3] && third.pricing.lines[0].fields.manualDiscount == dec("3.00"))
    }

    @Test("uneven shares of a manual discount still add up to the cent")
    func unevenShares() async throws {
        let world = try await TestWorld.make()
        let s = world.services, me = world.admin
        let order = try await order(world, manualDiscount: "10.00")
        let laptop = order.pricing.lines[0].id
        var taken: [Decimal] = []
        for quantity in [3, 3, 3, 1] {
            let invoice = try await s.createInvoice(fromOrder: order.id, lines: [InvoiceRequestLine(orderLineId: laptop, quantity: Decimal(quantity))],
                                                    by: me)
            taken.append(invoice.pricing.lines[0].fields.manualDiscount)
        }
        #expect(taken == [dec("3.00"), dec("3.00"), dec("3.00"), dec("1.00")])
        let threeWays = try await self.order(world, manualDiscount: "10.00")
        var parts: [Decimal] = []
        for quantity in [3, 3, 4] {
            let invoice = try await s.createInvoice(
                fromOrder: threeWays.id, lines: [InvoiceRequestLine(orderLineId: threeWays.pricing.lines[0].id, quantity: Decimal(quantity))], by: me)
            parts.append(invoice.pricing.lines[0].fields.manualDiscount)
        }
        #expect(parts.reduce(0, +) == dec("10.00"))
    }

    @Test("issued numbers run per year without gaps; a failed issue takes no number")
    func numbering() async throws {
        let world = try await TestWorld.make()
        let s = world.services, me = world.admin
        var numbers: [String?] = []
        for _ in 0..<2 {
            let invoice = try await s.createInvoice(fromOrder: try await order(world).id, by: me)
            numbers.append(try await s.issueInvoice(invoice.id, ifVersion: nil, by: me).number)
        }
        let empty = try await s.createInvoice(InvoiceFields(name: "empty"), customer: .account(try await s.createAccount(AccountFields(name: "E"), by: me).id),
                                              by: me)
        let noLines = await #expect(throws: ServiceError.self) { try await s.issueInvoice(empty.id, ifVersion: nil, by: me) }
        #expect(noLines?.fieldNames == ["lines"])
        let failing = try await s.createInvoice(fromOrder: try await order(world).id, by: me)
        try await injectFailure(world, "fail_issue", before: "UPDATE", on: "invoices", when: "NEW.number IS NOT NULL")
        await #expect(throws: (any Error).self) { try await s.issueInvoice(failing.id, ifVersion: nil, by: me) }
        #expect(try await s.get(Invoice.self, failing.id, by: world.admin).number == nil)
        try await removeFailure(world, "fail_issue", on: "invoices")
        numbers.append(try await s.issueInvoice(failing.id, ifVersion: nil, by: me).number)
        world.clock.set(Date(timeIntervalSince1970: 1_798_761_600))  // 2027-01-01 00:00 UTC
        let nextYear = try await s.createInvoice(fromOrder: try await order(world).id, by: me)
        numbers.append(try await s.issueInvoice(nextYear.id, ifVersion: nil, by: me).number)
        #expect(numbers == ["INV-2026-00001", "INV-2026-00002", "INV-2026-00003", "INV-2027-00001"])
        let again = await #expect(throws: ServiceError.self) { try await s.issueInvoice(nextYear.id, ifVersion: nil, by: me) }
        #expect(again?.code == "invalid_transition")
    }

    // The limit catches a hang, not slowness: with every suite running at once on PostgreSQL the
    // whole run takes about three minutes, so a test that starts early may end near its end.
    @Test("concurrent issuing (an SQLite file, or PostgreSQL) gives unique, consecutive numbers", .timeLimit(.minutes(5)))
    func concurrentIssuing() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vendo-issue-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let world = try await TestWorld.make(location: .forTests(orFile: path))
        var drafts: [ID<Invoice>] = []
        // One order of twenty lines, each invoiced on its own: twenty drafts from few writes, so
        // that the time limit is the issuing's, even with the other suites running beside it.
        let s = world.services, me = world.admin
        let account = try await s.createAccount(TestWorld.frenchCustomer("Buyer"), by: me)
        var order = try await s.createOrder(OrderFields(name: "Order"), customer: .account(account.id), priceListId: world.catalog.priceList.id,
                                            by: me)
        for index in 0..<20 {
            order = try await s.addLine(to: Order.self, order.id, LineFields(writeInName: "Part \(index)", quantity: 1, pricePerUnit: 10, taxRate: 20),
                                        ifVersion: nil, by: me)
        }
        for line in order.pricing.lines {
            drafts.append(try await s.createInvoice(fromOrder: order.id, lines: [InvoiceRequestLine(orderLineId: line.id, quantity: 1)], by: me).id)
        }
        let numbers = try await withThrowingTaskGroup(of: String.self) { group in
            for id in drafts {
                group.addTask { try await world.services.issueInvoice(id, ifVersion: nil, by: world.admin).number ?? "" }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(numbers.sorted() == (1...20).map { String(format: "INV-2026-%05d", $0) })
    }

    @Test("an issued invoice is canceled by a credit note that gives the order its quantities back")
    func creditNote() async throws {
        let world = try await TestWorld.make()
        let s = world.services, me = world.admin
        let order = try await order(world)
        _ = try await s.fulfillOrder(order.id, as: .partial, ifVersion: nil, by: me)
        var invoice = try await s.createInvoice(fromOrder: order.id, by: me)
        invoice = try await s.issueInvoice(invoice.id, ifVersion: nil, by: me)
        let editIssued = await #expect(throws: ServiceError.self) {
            try await s.addLine(to: Invoice.self, invoice.id, LineFields(writeInName: "x", quantity: 1, pricePerUnit: 1), ifVersion: nil, by: me)
        }
        #expect(editIssued?.code == "invalid_transition")
        let result = try await s.cancelInvoice(invoice.id, ifVersion: nil, by: me)
        let note = try #require(result.creditNote)
        #expect(note.number == "CN-2026-00001" && note.kind == .creditNote && note.creditedInvoiceId == invoice.id)
        #expect(note.pricing.totals.totalAmount == -invoice.pricing.totals.totalAmount)
        #expect(result.invoice.state == .canceled && result.invoice.number == "INV-2026-00001" && result.invoice.creditNoteId == note.id)
        #expect(try await s.get(Invoice.self, note.id, by: world.admin) == note)
        let back = try await s.get(Order.self, order.id, by: world.admin)
        #expect(back.state == .fulfilled && back.status == .partial)
        #expect(back.pricing.lines.allSatisfy { $0.invoiced.quantity == 0 })
        // A paid invoice cannot be canceled.
        var paid = try await s.issueInvoice(try await s.createInvoice(fromOrder: order.id, by: me).id, ifVersion: nil, by: me)
        (paid, _) = try await s.recordPayment(on: paid.id, PaymentInput(amount: 1), ifVersion: nil, by: me)
        await #expect(throws: ServiceError.self) { try await s.cancelInvoice(paid.id, ifVersion: nil, by: me) }
        // A payment above the balance is taken (SALES-PROCESS.md §12): the invoice is overpaid.
        let (over, _) = try await s.recordPayment(on: paid.id, PaymentInput(amount: paid.amountDue + dec("0.01"), bankAccount: "Main account"),
                                                  ifVersion: nil, by: me)
        #expect(over.status == .overpaid && over.balance == dec("-0.01") && over.payments.last?.bankAccount == "Main account")
        #expect(try await s.get(Invoice.self, paid.id, by: world.admin) == over)
    }

    @Test("at issue the invoice keeps the seller and the buyer as they are, its due date from the terms; later edits change neither")
    func frozenParties() async throws {
        let world = try await TestWorld.make()
        let s = world.services, me = world.admin
        _ = try await s.updateSettings(ifVersion: nil, by: me) { settings in
            settings.organisationName = "Atelier"
            settings.legalName = "Atelier Vendo SAS"
            settings.organisationAddress = Address(line1: "3 quai du Rhône", city: "Lyon", postalCode: "69007", country: "FR")
            settings.vatNumber = "FR40303265045"
            settings.registrationNumber = "303265045"
            settings.paymentTerms = [PaymentTerm(label: "30 jours fin de mois", days: 30, endOfMonth: true), PaymentTerm(label: "Comptant", days: 0)]
        }
        var fields = AccountFields(name: "Müller GmbH", address: Address(line1: "Domstraße 1", city: "Köln", country: "DE"))
        fields.vatNumber = "DE123456789"
        fields.buyerReference = "Kostenstelle 7"
        fields.shippingAddress = Address(line1: "Werk 2", city: "Bonn", country: "DE")
        let account = try await s.createAccount(fields, by: me)
        var draft = InvoiceFields(name: "Service")
        draft.servicePeriod = ServicePeriod(from: try #require(Day("2026-03-01")), to: try #require(Day("2026-03-31")))
        draft.supplyType = .services
        var invoice = try await s.createInvoice(draft, customer: .account(account.id), priceListId: world.catalog.priceList.id, by: me)
        invoice = try await s.addLine(to: Invoice.self, invoice.id, LineFields(productId: world.catalog.dock.id, quantity: 1), ifVersion: nil, by: me)
        #expect(invoice.seller == nil && invoice.buyer == nil && invoice.issueDate == nil)
        invoice = try await s.issueInvoice(invoice.id, ifVersion: nil, by: me)
        let issued = try #require(invoice.issueDate)
        #expect(invoice.seller?.name == "Atelier Vendo SAS" && invoice.seller?.vatNumber == "FR40303265045")
        #expect(invoice.buyer?.name == "Müller GmbH" && invoice.buyer?.address?.city == "Köln" && invoice.buyer?.vatNumber == "DE123456789")
        #expect(invoice.deliveryAddress?.city == "Bonn" && invoice.fields.buyerReference == "Kostenstelle 7")
        #expect(invoice.fields.paymentTerms == "30 jours fin de mois")
        #expect(invoice.fields.dueDate == PaymentTerm(label: "", days: 30, endOfMonth: true).dueDate(issued: issued))
        // The account moves and the organisation renames itself: the issued invoice does not change.
        _ = try await s.updateAccount(account.id, ifVersion: nil, by: me) { $0.address = Address(line1: "Unter den Linden 1", city: "Berlin", country: "DE") }
        _ = try await s.updateSettings(ifVersion: nil, by: me) { $0.legalName = "Autre SAS" }
        let kept = try await s.get(Invoice.self, invoice.id, by: me)
        #expect(kept.buyer?.address?.city == "Köln" && kept.seller?.name == "Atelier Vendo SAS")
        // A credit note names the same parties, issued on its own day.
        let note = try #require(try await s.cancelInvoice(invoice.id, ifVersion: nil, by: me).creditNote)
        #expect(note.buyer == invoice.buyer && note.seller == invoice.seller && note.issueDate != nil)
        // Terms typed on the invoice choose among the organisation's; a typed due date stays.
        var cash = InvoiceFields(name: "Cash", dueDate: Day("2030-01-01"))
        cash.paymentTerms = "Comptant"
        var second = try await s.createInvoice(cash, customer: .account(account.id), priceListId: world.catalog.priceList.id, by: me)
        second = try await s.addLine(to: Invoice.self, second.id, LineFields(productId: world.catalog.dock.id, quantity: 1), ifVersion: nil, by: me)
        second = try await s.issueInvoice(second.id, ifVersion: nil, by: me)
        #expect(second.fields.dueDate?.description == "2030-01-01" && second.buyer?.address?.city == "Berlin")
        #expect(second.fields.buyerReference == "Kostenstelle 7")
        // Terms of the invoice's own wording set no due date the wording may not mean.
        var own = InvoiceFields(name: "Own terms")
        own.paymentTerms = "45 jours nets"
        var third = try await s.createInvoice(own, customer: .account(account.id), priceListId: world.catalog.priceList.id, by: me)
        third = try await s.addLine(to: Invoice.self, third.id, LineFields(productId: world.catalog.dock.id, quantity: 1), ifVersion: nil, by: me)
        third = try await s.issueInvoice(third.id, ifVersion: nil, by: me)
        #expect(third.fields.paymentTerms == "45 jours nets" && third.fields.dueDate == nil)
    }

    @Test("a stale If-Match version is refused and changes nothing; history names the user")
    func versions() async throws {
        let world = try await TestWorld.make()
        let s = world.services, me = world.admin
        let lead = try await world.lead()
        let bob = try await s.createUser(name: "Bob", email: "bob@example.com", role: .salesperson, by: me)
        let updated = try await s.updateLead(lead.id, ifVersion: lead.info.version, by: Caller(bob.id)) { $0.jobTitle = "CFO" }
        #expect(updated.info.version == lead.info.version + 1)
        let stale = await #expect(throws: ServiceError.self) {
            try await s.updateLead(lead.id, ifVersion: lead.info.version, by: me) { $0.jobTitle = "CEO" }
        }
        #expect(stale == .staleVersion(recordType: "lead", id: lead.id.description, expected: 1, actual: 2))
        #expect(try await s.get(Lead.self, lead.id, by: world.admin) == updated)
        let change = try #require(try await s.history(of: Lead.self, lead.id, by: world.admin).last)
        #expect(change.userId == bob.id && change.action == "update" && change.field == "jobTitle")
        #expect(change.oldValue == nil && change.newValue == "CFO")
        let invalid = await #expect(throws: ServiceError.self) {
            try await s.updateLead(lead.id, ifVersion: nil, by: me) { $0.topic = " "; $0.email = "not-an-email" }
        }
        #expect(invalid?.fieldNames == ["topic", "email"])
        let filter = await #expect(throws: ServiceError.self) { try await s.list(Lead.self, ListQuery(filters: ["colour": "red"]), by: world.admin) }
        #expect(filter?.fieldNames == ["colour"])
        let cursor = await #expect(throws: ServiceError.self) { try await s.list(Lead.self, ListQuery(cursor: "nonsense"), by: world.admin) }
        #expect(cursor?.fieldNames == ["cursor"])
        #expect(try await s.get(Lead.self, lead.id, by: world.admin) == updated)
    }
}
