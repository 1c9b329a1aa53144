import Foundation
import Testing
@testable import VendoCore
@testable import VendoServices
import VendoTestSupport

@Suite("Opportunities, quotes and orders")
struct SalesDocumentTests {
    @Test("winning with open quotes is refused, or closes them when asked")
    func winWithQuotes() async throws {
        let world = try await TestWorld.make()
        let s = world.services, me = world.admin
        let opportunity = try await world.opportunity()
        _ = try await s.addLine(to: Opportunity.self, opportunity.id, LineFields(productId: world.catalog.dock.id, quantity: 2),
                                ifVersion: nil, by: me)
        let draft = try await s.generateQuote(from: opportunity.id, by: me)
        let active = try await s.activateQuote(try await s.generateQuote(from: opportunity.id, by: me).id, ifVersion: nil, by: me)
        let refused = await #expect(throws: ServiceError.self) {
            try await s.winOpportunity(opportunity.id, ifVersion: nil, by: me)
        }
        guard case .conflict("open_quotes", _, let related) = refused else {
            Issue.record("expected open_quotes, got \(String(describing: refused))")
            return
        }
        #expect(Set(related) == [draft.id.description, active.id.description])
        #expect(try await s.get(Opportunity.self, opportunity.id, by: world.admin).state == .open)
        let won = try await s.winOpportunity(opportunity.id, details: CloseDetails(closeQuotes: true), ifVersion: nil, by: me)
        #expect(won.actualRevenue == dec("270.00"))  // 2 × 135.00, the estimated revenue
        #expect(won.actualCloseDate == Day(world.clock.now()))
        for id in [draft.id, active.id] {
            let quote = try await s.get(Quote.self, id, by: world.admin)
            #expect(quote.state == .closed && quote.status == .canceled)
            #expect(try await s.closeRecords(regarding: id.uuid).map(\.status) == ["canceled"])
        }
        let closedLines = await #expect(throws: ServiceError.self) {
            try await s.addLine(to: Opportunity.self, opportunity.id, LineFields(productId: world.catalog.dock.id, quantity: 1),
                                ifVersion: nil, by: me)
        }
        #expect(closedLines == .invalidTransition(record: "opportunity", state: "won", status: "won", action: "editLines"))
    }

    @Test("lose with a competitor, then reopen")
    func loseAndReopen() async throws {
        let world = try await TestWorld.make()
        let s = world.services, me = world.admin
        let opportunity = try await world.opportunity()
        let rival = try await s.createCompetitor(CompetitorFields(name: "Rival SA"), by: me)
        let badStatus = await #expect(throws: ServiceError.self) { try await s.loseOpportunity(opportunity.id, as: .won, ifVersion: nil, by: me) }
        #expect(badStatus?.fieldNames == ["status"])
        let lost = try await s.loseOpportunity(opportunity.id, as: .outSold, competitorId: rival.id,
                                               details: CloseDetails(description: "cheaper"), ifVersion: nil, by: me)
        #expect(lost.state == .lost && lost.status == .outSold && lost.fields.forecastCategory == .lost)
        let close = try #require(try await s.closeRecords(regarding: opportunity.id.uuid).first)
        #expect(close.competitorId == rival.id && close.description == "cheaper" && close.status == "outSold")
        let reopened = try await s.reopenOpportunity(opportunity.id, ifVersion: nil, by: me)
        #expect(reopened.state == .open && reopened.status == .inProgress && reopened.fields.forecastCategory == .pipeline)
        #expect(try await s.closeRecords(regarding: opportunity.id.uuid).count == 1)
    }

    @Test("catalog lines follow the price list rules")
    func catalogRules() async throws {
        let world = try await TestWorld.make()
        let s = world.services, me = world.admin
        let opportunity = try await world.opportunity()
        let other = try await s.createProduct(ProductFields(number: "CABLE", name: "Cable", unitId: world.catalog.each.id, listPrice: 9),
                                              by: me)
        let notListed = await #expect(throws: ServiceError.self) {
            try await s.addLine(to: Opportunity.self, opportunity.id, LineFields(productId: other.id, quantity: 1), ifVersion: nil, by: me)
        }
        #expect(notListed?.code == "not_on_price_list")
        let overridden = try await s.addLine(to: Opportunity.self, opportunity.id,
                                             LineFields(productId: other.id, quantity: 1, pricePerUnit: dec("8.50")), ifVersion: nil, by: me)
        #expect(overridden.pricing.lines.last?.priceOverridden == true && overridden.pricing.lines.last?.pricePerUnit == dec("8.50"))
        _ = try await s.updateSettings(ifVersion: nil, by: me) { $0.priceListRequired = false }
        let free = try await s.addLine(to: Opportunity.self, opportunity.id, LineFields(productId: other.id, quantity: 1), ifVersion: nil, by: me)
        #expect(free.pricing.lines.last?.pricePerUnit == 0)

        _ = try await s.retireProduct(world.catalog.dock.id, ifVersion: nil, by: me)
        let retired = await #expect(throws: ServiceError.self) {
            try await s.addLine(to: Opportunity.self, opportunity.id, LineFields(productId: world.catalog.dock.id, quantity: 1),
                                ifVersion: nil, by: me)
        }
        #expect(retired?.code == "not_sellable")
        let box = try await s.addLine(to: Opportunity.self, opportunity.id,
                                      LineFields(productId: world.catalog.laptop.id, unitId: world.catalog.box.id, quantity: 1,
                                                 pricePerUnit: 11000), ifVersion: nil, by: me)
        #expect(box.pricing.lines.last?.unitName == "box of 12")
        let (_, hours) = try await s.createUnitGroup(name: "Time", baseUnit: "hour", by: me)
        let wrongUnit = await #expect(throws: ServiceError.self) {
            try await s.addLine(to: Opportunity.self, opportunity.id,
                                LineFields(productId: world.catalog.laptop.id, unitId: hours.id, quantity: 1), ifVersion: nil, by: me)
        }
        #expect(wrongUnit?.fieldNames == ["unitId"])
        let usd = try await s.createPriceList(PriceListFields(name: "USD", currency: "USD"), by: me)
        let mismatch = await #expect(throws: ServiceError.self) {
            try await s.createOpportunity(OpportunityFields(name: "x", customer: opportunity.fields.customer), priceListId: usd.id, by: me)
        }
        #expect(mismatch?.fieldNames == ["priceListId"])
        let bad = await #expect(throws: ServiceError.self) {
            try await s.addLine(to: Opportunity.self, opportunity.id, LineFields(writeInName: "x", quantity: 0, pricePerUnit: dec("1.001")),
                                ifVersion: nil, by: me)
        }
        #expect(bad?.fieldNames == ["quantity", "pricePerUnit"])
    }

    @Test("the currency changes only while there are no lines, and freezes the rate")
    func currency() async throws {
        let world = try await TestWorld.make()
        let s = world.services, me = world.admin
        let opportunity = try await world.opportunity()
        let noList = try await s.setPricing(of: Opportunity.self, opportunity.id, ifVersion: nil, by: me) { $0.priceListId = nil }
        let usd = try await s.setPricing(of: Opportunity.self, noList.id, currency: "USD", ifVersion: nil, by: me) { _ in }
        #expect(usd.pricing.currency == "USD" && usd.pricing.exchangeRate == dec("1.25"))
        let withLine = try await s.addLine(to: Opportunity.self, usd.id, LineFields(writeInName: "Service", quantity: 1, pricePerUnit: 100),
                                           ifVersion: nil, by: me)
        #expect(withLine.estimatedRevenueBase == dec("80.00"))
        _ = try await s.updateCurrency("USD", ifVersion: nil, by: me) { $0.exchangeRate = 2 }
        #expect(try await s.get(Opportunity.self, usd.id, by: world.admin).pricing.exchangeRate == dec("1.25"))
        let refused = await #expect(throws: ServiceError.self) {
            try await s.setPricing(of: Opportunity.self, usd.id, currency: "EUR", ifVersion: nil, by: me) { _ in }
        }
        #expect(refused?.fieldNames == ["currency"])
        let unknown = await #expect(throws: ServiceError.self) {
            try await s.createOpportunity(OpportunityFields(name: "x", customer: opportunity.fields.customer), currency: "CHF", by: me)
        }
        #expect(unknown?.fieldNames == ["currency"])
        await #expect(throws: ServiceError.conflict(code: "in_use", message: "price lists or documents are in USD", related: ["USD"])) {
            try await s.deleteCurrency("USD", by: me)
        }
        await #expect(throws: ServiceError.self) { try await s.deleteCurrency("EUR", by: me) }
        try await s.deleteCurrency("JPY", by: me)
        #expect(try await s.currencies().map(\.code) == ["EUR", "USD"])
    }

    @Test("quotes: only drafts are edited or deleted, only active ones closed")
    func quoteRules() async throws {
        let world = try await TestWorld.make()
        let s = world.services, me = world.admin
        let opportunity = try await world.opportunity()
        let quote = try await s.generateQuote(from: opportunity.id, by: me)
        let closeDraft = await #expect(throws: ServiceError.self) { try await s.closeQuote(quote.id, as: .lost, ifVersion: nil, by: me) }
        #expect(closeDraft == .invalidTransition(record: "quote", state: "draft", status: "inProgress", action: "close"))
        _ = try await s.activateQuote(quote.id, ifVersion: nil, by: me)
        let edit = await #expect(throws: ServiceError.self) {
            try await s.updateQuote(quote.id, ifVersion: nil, by: me) { $0.name = "changed" }
        }
        #expect(edit?.code == "invalid_transition")
        await #expect(throws: ServiceError.self) { try await s.deleteQuote(quote.id, ifVersion: nil, by: me) }
        let closed = try await s.closeQuote(quote.id, as: .lost, details: CloseDetails(description: "too late"), ifVersion: nil, by: me)
        #expect(closed.state == .closed && closed.status == .lost)
        await #expect(throws: ServiceError.self) { try await s.reviseQuote(quote.id, ifVersion: nil, by: me) }
        let second = try await s.generateQuote(from: opportunity.id, by: me)
        #expect(second.number == "Q-000002")
        try await s.deleteQuote(second.id, ifVersion: nil, by: me)
        await #expect(throws: ServiceError.notFound(recordType: "quote", id: second.id.description)) {
            try await s.get(Quote.self, second.id, by: world.admin)
        }
    }

    @Test("locked prices ignore catalog changes; the volume discount still follows the quantity")
    func lockedPricing() async throws {
        let world = try await TestWorld.make()
        let s = world.services, me = world.admin
        let opportunity = try await world.opportunity()
        _ = try await s.addLine(to: Opportunity.self, opportunity.id, LineFields(productId: world.catalog.laptop.id, quantity: 10),
                                ifVersion: nil, by: me)
        let quote = try await s.activateQuote(try await s.generateQuote(from: opportunity.id, by: me).id, ifVersion: nil, by: me)
        var order = try await s.convertQuoteToOrder(quote.id, ifVersion: nil, by: me)
        #expect(try await s.get(Opportunity.self, opportunity.id, by: world.admin).state == .open)
        let item = try #require(try await world.services.store.read { tx in
            try await tx.priceListItem(priceList: world.catalog.priceList.id, product: world.catalog.laptop.id, unit: world.catalog.each.id)
        })
        _ = try await s.updatePriceListItem(item.id, ifVersion: nil, by: me) { $0.amount = 1100 }
        let lineId = order.pricing.lines[0].id
        order = try await s.updateLine(of: Order.self, order.id, line: lineId, ifVersion: nil, by: me) { $0.quantity = 5 }
        #expect(order.pricing.lines[0].pricePerUnit == dec("1000.00"))
        #expect(order.pricing.lines[0].volumeDiscountPerUnit == dec("50.00"))   // now in the 5 % band
        #expect(order.pricing.lines[0].amount == dec("4750.00"))
        let writeIn = await #expect(throws: ServiceError.self) {
            try await s.addLine(to: Order.self, order.id, LineFields(writeInName: "Setup", quantity: 1, pricePerUnit: 50), ifVersion: nil, by: me)
        }
        #expect(writeIn?.code == "prices_locked")
        order = try await s.useCurrentPricing(order.id, ifVersion: nil, by: me)
        #expect(!order.pricesLocked && order.pricing.lines[0].pricePerUnit == dec("1100.00"))
        #expect(order.pricing.lines[0].id == lineId)
        order = try await s.addLine(to: Order.self, order.id, LineFields(writeInName: "Setup", quantity: 1, pricePerUnit: 50), ifVersion: nil, by: me)
        order = try await s.lockOrderPricing(order.id, ifVersion: nil, by: me)
        #expect(order.pricesLocked && order.pricing.totals.detailAmount == dec("5275.00"))  // 5 × (1100 − 55) + 50
    }
}
