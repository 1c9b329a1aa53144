import Foundation
import Testing
@testable import VendoCore
@testable import VendoServices
@testable import VendoStore
import VendoTestSupport

/// The forecast report reads sums that triggers keep as opportunities change (migration 20);
/// after every kind of change, they must equal the sums of the opportunities themselves.
@Suite("Reports: the forecast's kept sums")
struct ForecastTotalsTests {
    static func scopes(_ f: ReportFixture) -> [(String, ReportScope)] {
        let everyone: Set<ID<User>>? = nil
        return [
            ("all time", ReportScope(owners: everyone, from: nil, to: nil)),
            ("April", ReportScope(owners: everyone, from: Day("2026-04-01"), to: Day("2026-04-30"))),
            ("until May", ReportScope(owners: everyone, from: nil, to: Day("2026-05-31"))),
            ("from May", ReportScope(owners: everyone, from: Day("2026-05-01"), to: nil)),
            ("Sam's", ReportScope(owners: [f.sam.userId], from: nil, to: Day("2026-12-31"))),
            ("Sam's and Olga's", ReportScope(owners: [f.sam.userId, f.olga.userId], from: Day("2026-01-01"), to: nil)),
            ("nobody's", ReportScope(owners: [], from: nil, to: nil)),
        ]
    }

    /// Both readings of every scope, rows in category order.
    static func compare(_ f: ReportFixture, _ step: String) async throws {
        for (name, scope) in scopes(f) {
            let (kept, summed) = try await f.world.services.store.read { tx in
                (try await tx.forecast(scope), try await tx.forecastFromOpportunities(scope))
            }
            #expect(kept.sorted { ($0.key ?? "") < ($1.key ?? "") } == summed.sorted { ($0.key ?? "") < ($1.key ?? "") },
                    "after \(step), \(name)")
        }
    }

    @Test("equal the opportunities' own sums after every kind of change")
    func keptSums() async throws {
        let f = try await ReportFixture.make()
        let s = f.world.services
        let admin = f.world.admin
        try await Self.compare(f, "the fixture")
        #expect(try await s.store.read { tx in try await tx.forecast(ReportScope(owners: nil, from: nil, to: nil)) }.count > 1)

        let all = try await s.list(Opportunity.self, ListQuery(limit: 50), by: admin).items
        let o1 = try #require(all.first { $0.fields.name == "O1" })
        let o2 = try #require(all.first { $0.fields.name == "O2" })
        let o3 = try #require(all.first { $0.fields.name == "O3" })
        let o5 = try #require(all.first { $0.fields.name == "O5" })
        let o6 = try #require(all.first { $0.fields.name == "O6" })

        _ = try await s.updateOpportunity(o1.id, ifVersion: nil, by: admin) { $0.estimatedRevenue = 12500 }
        try await Self.compare(f, "a new revenue")
        _ = try await s.updateOpportunity(o1.id, ifVersion: nil, by: admin) { $0.estimatedCloseDate = Day("2026-05-02") }
        try await Self.compare(f, "a new close day")
        _ = try await s.updateOpportunity(o1.id, ifVersion: nil, by: admin) { $0.forecastCategory = .committed }
        try await Self.compare(f, "a new category")
        _ = try await s.updateOpportunity(o3.id, ifVersion: nil, by: admin) { $0.estimatedCloseDate = nil }
        try await Self.compare(f, "a close day removed")
        _ = try await s.reassign(Opportunity.self, o2.id, to: f.olga.userId, ifVersion: nil, by: admin)
        try await Self.compare(f, "a new owner")
        _ = try await s.updateOpportunity(o2.id, ifVersion: nil, by: admin) { $0.name = "O2 renamed" }
        try await Self.compare(f, "a change the forecast does not read")
        _ = try await s.winOpportunity(o2.id, actualRevenue: 4800, details: CloseDetails(closeDate: Day("2026-04-28")), ifVersion: nil, by: admin)
        try await Self.compare(f, "a win")
        _ = try await s.reopenOpportunity(o5.id, ifVersion: nil, by: admin)
        try await Self.compare(f, "a won one reopened")
        _ = try await s.reopenOpportunity(o6.id, ifVersion: nil, by: admin)
        try await Self.compare(f, "a lost one reopened")
        _ = try await s.loseOpportunity(o1.id, as: .outSold, details: CloseDetails(closeDate: Day("2026-05-03")), ifVersion: nil, by: admin)
        try await Self.compare(f, "a loss")
        let undated = try await s.createOpportunity(
            OpportunityFields(name: "O7", customer: o6.fields.customer, forecastCategory: .bestCase, revenueMode: .userProvided,
                              estimatedRevenue: 700),
            by: admin)
        try await Self.compare(f, "a new one without a close day")
        try await s.deleteOpportunity(undated.id, ifVersion: nil, by: admin)
        try await s.deleteOpportunity(o6.id, ifVersion: nil, by: admin)
        try await Self.compare(f, "deletes")
    }

    @Test("are filled from the opportunities already there when migration 20 runs")
    func backfill() async throws {
        // The fixture's opportunities are made before the sums exist, then the migration fills them.
        let f = try await ReportFixture.make(migrateUpTo: 19)
        let opportunities = try await f.world.services.store.read { tx in try await tx.rows("SELECT 1 AS one FROM opportunities").count }
        #expect(opportunities > 3)
        #expect(try await f.world.services.store.migrate().first == 20)
        try await Self.compare(f, "the upgrade")
    }
}
