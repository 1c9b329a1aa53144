import Foundation
import Testing
@testable import VendoCore
@testable import VendoServices
import VendoTestSupport

/// Reports grouped by an opportunities' choice field (`groupBy=cf.<key>`, SALES-PROCESS.md §13),
/// on SQLite and, with a database URL, on PostgreSQL.
@Suite("Reports by a custom field")
struct ReportGroupTests {
    @Test("the pipeline and the win rate by region: each value in the field's order, then none; figures by hand")
    func byRegion() async throws {
        let world = try await TestWorld.make()
        let s = world.services, admin = world.admin
        var region = CustomFieldDefinition(recordType: .opportunity, key: "region", type: .choice, labels: ["en": "Region", "fr": "Région"])
        region.choices = [CustomChoice(value: "north", labels: ["en": "North", "fr": "Nord"]),
                          CustomChoice(value: "south", labels: ["en": "South", "fr": "Sud"]),
                          CustomChoice(value: "east", labels: ["en": "East", "fr": "Est"])]
        _ = try await s.createCustomField(region, by: admin)
        // Five opportunities: two in the north (1 000 and 2 500 at 50 %), one in the south
        // (4 000 at 20 %), one without a region (700 at 10 %), one in the east later lost.
        let plan: [(String, String?, Decimal, Int)] = [("A", "north", 1000, 50), ("B", "north", 2500, 50), ("C", "south", 4000, 20),
                                                       ("D", nil, 700, 10), ("E", "east", 900, 30)]
        var ids: [String: ID<Opportunity>] = [:]
        for (name, value, revenue, probability) in plan {
            let opportunity = try await world.opportunity(company: "Company \(name)")
            ids[name] = opportunity.id
            _ = try await s.updateOpportunity(opportunity.id, ifVersion: nil, by: admin) { fields in
                fields.revenueMode = .userProvided
                fields.estimatedRevenue = revenue
                fields.probability = probability
                fields.customFields = value.map { ["region": .text($0)] }
            }
        }
        let pipeline = try await s.pipelineReport(ReportFilter(), groupBy: "region", by: admin)
        #expect(pipeline.groupBy == "region")
        #expect(pipeline.stages.map(\.stage) == ["north", "south", "east", nil])
        #expect(pipeline.stages.map(\.count) == [2, 1, 1, 1])
        #expect(pipeline.stages.map(\.total) == [3500, 4000, 900, 700])
        #expect(pipeline.stages.map(\.weighted) == [1750, 800, 270, 70])
        #expect(pipeline.stages[0].labels["fr"] == "Nord")
        // The same opportunities as the pipeline by stage.
        let byStage = try await s.pipelineReport(ReportFilter(), by: admin)
        #expect(byStage.groupBy == nil && byStage.total == pipeline.total && byStage.count == pipeline.count)
        // Filtered by a value (the board's filter): only the north's two, by stage or by region.
        var north = ReportFilter()
        north.custom = ["region": "north"]
        let northern = try await s.pipelineReport(north, by: admin)
        #expect(northern.count == 2 && northern.total == 3500 && northern.weighted == 1750)
        #expect(try await s.pipelineReport(north, groupBy: "region", by: admin).stages.map(\.count) == [2, 0, 0])
        north.custom = ["region": "west"]
        #expect(try await s.pipelineReport(north, by: admin).count == 0)
        north.custom = ["planet": "mars"]
        await #expect(throws: ServiceError.self) { _ = try await s.pipelineReport(north, by: admin) }

        // Won: A (north, 1 200) and C (south, 4 000); lost: B (north) and E (east).
        _ = try await s.winOpportunity(try #require(ids["A"]), actualRevenue: 1200, ifVersion: nil, by: admin)
        _ = try await s.winOpportunity(try #require(ids["C"]), ifVersion: nil, by: admin)
        _ = try await s.loseOpportunity(try #require(ids["B"]), as: .outSold, ifVersion: nil, by: admin)
        _ = try await s.loseOpportunity(try #require(ids["E"]), as: .canceled, ifVersion: nil, by: admin)
        let rate = try await s.winRateReport(ReportFilter(), groupBy: "region", by: admin)
        let groups = try #require(rate.groups)
        #expect(rate.won == 2 && rate.lost == 2 && rate.groupBy == "region")
        #expect(groups.map(\.value) == ["north", "south", "east"])
        #expect(groups.map(\.won) == [1, 1, 0] && groups.map(\.lost) == [1, 0, 1])
        #expect(groups.map(\.winRate) == [50, 100, 0] && groups.map(\.wonRevenue) == [1200, 4000, 0])

        // The forecast by region: the won ones at their actual revenue, the open one without a
        // region in its category; the lost ones are in none.
        let forecast = try await s.forecastReport(ReportFilter(), groupBy: "region", by: admin)
        let byRegion = try #require(forecast.groups)
        #expect(byRegion.map(\.value) == ["north", "south", "east", nil])
        func total(_ group: ForecastReport.Group, _ category: ForecastCategory) -> Decimal? {
            group.categories.first { $0.category == category }?.total
        }
        #expect(total(byRegion[0], .won) == 1200 && total(byRegion[1], .won) == 4000 && total(byRegion[2], .won) == 0)
        #expect(total(byRegion[3], .pipeline) == 700 && byRegion[3].categories.map(\.count).reduce(0, +) == 1)
        #expect(forecast.categories == (try await s.forecastReport(ReportFilter(), by: admin)).categories)

        // Only a choice field of opportunities groups.
        _ = try await s.createCustomField(CustomFieldDefinition(recordType: .opportunity, key: "fleet", type: .integer,
                                                                labels: ["en": "Fleet", "fr": "Flotte"]), by: admin)
        for key in ["fleet", "nothing", "region; DROP TABLE opportunities"] {
            let error = await #expect(throws: ServiceError.self) { try await s.pipelineReport(ReportFilter(), groupBy: key, by: admin) }
            #expect(error.map { "\($0)" }?.contains("groupBy") == true, "\(key)")
        }
    }
}
