import Foundation
import Testing
@testable import VendoCore
@testable import VendoServices
import VendoTestSupport

@Suite("Services: reports against a hand-computed fixture")
struct ReportTests {
    let april = ReportFilter(from: Day("2026-04-01"), to: Day("2026-04-30"))
    let spring = ReportFilter(from: Day("2026-04-01"), to: Day("2026-05-31"))

    func figures(_ report: PipelineReport) -> [String] {
        report.stages.map { "\($0.stage ?? "-") \($0.count) \($0.total) \($0.weighted)" }
    }

    @Test("pipeline by stage in base currency, weighted by probability; by owner, team, period and for a salesperson")
    func pipeline() async throws {
        let f = try await ReportFixture.make()
        let s = f.world.services
        let all = try await s.pipelineReport(ReportFilter(), by: f.world.admin)
        #expect(all.money == ReportMoney(currency: "EUR", precision: 2))
        #expect(figures(all) == ["develop 2 20000 5500", "propose 1 4000 2000", "close 0 0 0"])
        #expect(all.count == 3 && all.total == 24000 && all.weighted == 7500)
        #expect(all.stages[0].labels["fr"] == "Développer")

        #expect(figures(try await s.pipelineReport(ReportFilter(), by: f.sam)) == ["develop 1 10000 2000", "propose 1 4000 2000", "close 0 0 0"])
        #expect(figures(try await s.pipelineReport(ReportFilter(ownerId: f.olga.userId), by: f.world.admin))
                == ["develop 1 10000 3500", "propose 0 0 0", "close 0 0 0"])
        #expect(figures(try await s.pipelineReport(ReportFilter(teamId: f.olgaTeam), by: f.world.admin))
                == ["develop 1 10000 3500", "propose 0 0 0", "close 0 0 0"])
        #expect(figures(try await s.pipelineReport(april, by: f.world.admin)) == ["develop 2 20000 5500", "propose 0 0 0", "close 0 0 0"])
        // Olga's records are not Sam's to see, even when he asks for them.
        #expect(try await s.pipelineReport(ReportFilter(ownerId: f.olga.userId), by: f.sam).count == 0)
    }

    @Test("forecast by category for a period: open ones by estimated close, won ones by actual close and revenue")
    func forecast() async throws {
        let f = try await ReportFixture.make()
        let s = f.world.services
        let all = try await s.forecastReport(spring, by: f.world.admin)
        #expect(all.categories.map { "\($0.category.rawValue) \($0.count) \($0.total)" }
                == ["pipeline 1 10000", "bestCase 1 4000", "committed 1 10000", "won 2 5200"])
        let sams = try await s.forecastReport(spring, by: f.sam)
        #expect(sams.categories.map { "\($0.category.rawValue) \($0.count) \($0.total)" }
                == ["pipeline 1 10000", "bestCase 1 4000", "committed 0 0", "won 0 0"])
        let april = try await s.forecastReport(april, by: f.world.admin)
        #expect(april.categories.map(\.total) == [10000, 0, 10000, 3200])
    }

    @Test("win rate, average deal size and sales cycle of the opportunities closed in the period")
    func winRate() async throws {
        let f = try await ReportFixture.make()
        let s = f.world.services
        let all = try await s.winRateReport(spring, by: f.world.admin)
        #expect(all.won == 2 && all.lost == 1)
        #expect(all.winRate == dec("66.67") && all.wonRevenue == 5200 && all.averageDealSize == 2600)
        #expect(all.averageSalesCycleDays == 40)
        let sams = try await s.winRateReport(spring, by: f.sam)
        #expect(sams.won == 0 && sams.lost == 1 && sams.winRate == 0 && sams.averageDealSize == nil && sams.averageSalesCycleDays == nil)
        let none = try await s.winRateReport(ReportFilter(from: Day("2027-01-01"), to: Day("2027-01-31")), by: f.world.admin)
        #expect(none.won == 0 && none.lost == 0 && none.winRate == nil)
    }

    @Test("revenue won per month, every month of the period listed")
    func revenue() async throws {
        let f = try await ReportFixture.make()
        let report = try await f.world.services.revenueReport(ReportFilter(from: Day("2026-03-01"), to: Day("2026-05-31")), by: f.world.admin)
        #expect(report.months.map { "\($0.month) \($0.count) \($0.total)" } == ["2026-03 0 0", "2026-04 1 3200", "2026-05 1 2000"])
        let olgas = try await f.world.services.revenueReport(ReportFilter(), by: f.olga)
        #expect(olgas.months.map { "\($0.month) \($0.count) \($0.total)" } == ["2026-05 1 2000"])
    }

    @Test("lead sources with their conversion rates and what their opportunities won")
    func leadSources() async throws {
        let f = try await ReportFixture.make()
        let s = f.world.services
        let march = ReportFilter(from: Day("2026-03-01"), to: Day("2026-03-31"))
        let all = try await s.leadSourcesReport(march, by: f.world.admin)
        #expect(all.sources.map { "\($0.source?.rawValue ?? "-") \($0.leads) \($0.qualified) \($0.disqualified) \($0.conversionRate) \($0.won) \($0.wonRevenue)" }
                == ["web 3 1 1 33.33 1 3200", "- 1 0 0 0 0 0", "email 1 0 0 0 0 0", "tradeShow 1 1 0 100 0 0"])
        let sams = try await s.leadSourcesReport(march, by: f.sam)
        #expect(sams.sources.map { "\($0.source?.rawValue ?? "-") \($0.leads)" } == ["email 1"])
        #expect(try await s.leadSourcesReport(april, by: f.world.admin).sources.isEmpty)
    }

    @Test("a period that ends before it starts, or an unknown team, is a validation error")
    func badFilters() async throws {
        let world = try await TestWorld.make()
        let backwards = await #expect(throws: ServiceError.self) {
            try await world.services.pipelineReport(ReportFilter(from: Day("2026-05-01"), to: Day("2026-04-01")), by: world.admin)
        }
        #expect(backwards?.fieldNames == ["to"])
        let team = await #expect(throws: ServiceError.self) {
            try await world.services.forecastReport(ReportFilter(teamId: ID(UUID())), by: world.admin)
        }
        #expect(team?.fieldNames == ["teamId"])
        let century = await #expect(throws: ServiceError.self) {
            try await world.services.revenueReport(ReportFilter(from: Day("1926-01-01"), to: Day("2026-12-31")), by: world.admin)
        }
        #expect(century?.fieldNames == ["to"])
        let twentyYears = try await world.services.revenueReport(ReportFilter(from: Day("2007-01-01"), to: Day("2026-12-31")), by: world.admin)
        #expect(twentyYears.months.count == 240 && twentyYears.months.first?.month == "2007-01")
    }
}
