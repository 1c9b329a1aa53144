import Foundation
import Testing
@testable import VendoCore
@testable import VendoServices
import VendoTestSupport

@Suite("The whole cycle, lead to paid invoice")
struct FullCycleTests {
    @Test("every step, checked amount by amount")
    func cycle() async throws {
        let world = try await TestWorld.make()
        let s = world.services, me = world.admin, catalog = world.catalog

        let opportunity0 = try await world.opportunity()
        var opportunity = try await s.addLine(to: Opportunity.self, opportunity0.id,
                                              LineFields(productId: catalog.laptop.id, quantity: 10), ifVersion: nil, by: me)
        let laptopLine = opportunity.pricing.lines[0]
        #expect(laptopLine.pricePerUnit == dec("1000.00"))
        #expect(laptopLine.volumeDiscountPerUnit == dec("100.00"))  // 10 % band
        #expect(laptopLine.amount == dec("9000.00"))
        #expect(laptopLine.taxRate == 20)                            // the product's default
        opportunity = try await s.addLine(to: Opportunity.self, opportunity.id,
                                          LineFields(writeInName: "Installation", quantity: 2, pricePerUnit: 450, taxRate: 20),
                                          ifVersion: opportunity.info.version, by: me)
        #expect(opportunity.pricing.totals.detailAmount == dec("9900.00"))
        #expect(opportunity.estimatedRevenue == dec("9900.00"))
        #expect(opportunity.pricing.totals.totalTax == dec("1980.00"))

        let quote = try await s.generateQuote(from: opportunity.id, by: me)
        #expect(quote.number == "Q-000001" && quote.revisionNumber == 0 && quote.state == .draft)
        #expect(quote.pricing.totals == opportunity.pricing.totals)
        #expect(Set(quote.pricing.lines.map(\.id)).isDisjoint(with: opportunity.pricing.lines.map(\.id)))
        _ = try await s.activateQuote(quote.id, ifVersion: nil, by: me)
        var revision = try await s.reviseQuote(quote.id, ifVersion: nil, by: me)
        #expect(revision.number == "Q-000001" && revision.revisionNumber == 1)
        #expect(try await s.get(Quote.self, quote.id, by: world.admin).status == .revised)
        revision = try await s.setPricing(of: Quote.self, revision.id, ifVersion: nil, by: me) { $0.discountPercent = 5 }
        #expect(revision.pricing.totals.preFreightAmount == dec("9405.00"))
        #expect(revision.pricing.totals.totalTax == dec("1881.00"))
        #expect(revision.pricing.totals.totalAmount == dec("11286.00"))
        revision = try await s.activateQuote(revision.id, ifVersion: nil, by: me)

        var order = try await s.convertQuoteToOrder(revision.id, winOpportunity: true, ifVersion: nil, by: me)
        #expect(order.number == "ORD-000001" && order.pricesLocked && order.state == .active && order.status == .new)
        #expect(order.pricing.totals == revision.pricing.totals)
        #expect(try await s.get(Quote.self, revision.id, by: world.admin).state == .won)
        let won = try await s.get(Opportunity.self, opportunity.id, by: world.admin)
        #expect(won.state == .won && won.actualRevenue == dec("9405.00") && won.fields.forecastCategory == .won)

        order = try await s.fulfillOrder(order.id, as: .complete, ifVersion: nil, by: me)
        var invoice = try await s.createInvoice(fromOrder: order.id, by: me)
        #expect(invoice.number == nil && invoice.state == .draft)
        #expect(invoice.pricing.totals.totalAmount == dec("11286.00"))
        #expect(try await s.get(Order.self, order.id, by: world.admin).state == .invoiced)
        invoice = try await s.issueInvoice(invoice.id, ifVersion: nil, by: me)
        #expect(invoice.number == "INV-2026-00001" && invoice.state == .active && invoice.status == .issued)
        #expect(invoice.pricing.totals.taxSummary == [TaxSummaryEntry(rate: 20, base: dec("9405.00"), tax: dec("1881.00"))])

        (invoice, _) = try await s.recordPayment(on: invoice.id, PaymentInput(amount: dec("5000.00")), ifVersion: nil, by: me)
        #expect(invoice.state == .paid && invoice.status == .partial && invoice.amountDue == dec("6286.00"))
        (invoice, _) = try await s.recordPayment(on: invoice.id, PaymentInput(amount: dec("6286.00")), ifVersion: nil, by: me)
        #expect(invoice.status == .complete && invoice.amountDue == 0 && invoice.amountPaid == dec("11286.00"))

        let closes = try await s.closeRecords(regarding: opportunity.id.uuid)
        #expect(closes.map(\.status) == ["won"] && closes.first?.actualRevenue == dec("9405.00"))
        let history = try await s.history(of: Opportunity.self, opportunity.id, by: world.admin)
        #expect(history.first?.action == "createFromLead")
        #expect(history.contains { $0.action == "win" && $0.field == "state" && $0.oldValue == "open" && $0.newValue == "won" })
        #expect(history.allSatisfy { $0.userId == me.userId })
    }
}
