import Foundation
import Testing
@testable import VendoCore
@testable import VendoServices
@testable import VendoStore
import VendoTestSupport

@Suite("Moving data from SQLite to PostgreSQL", .enabled(if: StoreLocation.testPostgresURL != nil))
struct CopyTests {
    @Test("every table is copied and checked; the reports are the same to the cent; a second copy is refused")
    func copy() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vendo-copy-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fixture = try await ReportFixture.make(location: .file(path))
        let source = fixture.world.services
        let target = try await Store.open(.forTests)
        let report = try await source.store.copyAll(to: target)
        let allMatch = report.allSatisfy { $0.sumsMatch }
        #expect(allMatch)
        #expect(report.first { $0.table == "history" }?.rows ?? 0 > 50)
        #expect(Set(report.map(\.table)).isSuperset(of: ["leads", "opportunities", "invoices", "history", "number_sequences", "processes",
                                                          "users", "api_tokens", "team_members"]))

        let copied = Services(store: target)
        let spring = ReportFilter(from: Day("2026-04-01"), to: Day("2026-05-31"))
        #expect(try await copied.pipelineReport(ReportFilter(), by: fixture.sam) == (try await source.pipelineReport(ReportFilter(), by: fixture.sam)))
        #expect(try await copied.pipelineReport(ReportFilter(), by: fixture.world.admin) == (try await source.pipelineReport(ReportFilter(), by: fixture.world.admin)))
        #expect(try await copied.forecastReport(spring, by: fixture.world.admin) == (try await source.forecastReport(spring, by: fixture.world.admin)))
        #expect(try await copied.winRateReport(spring, by: fixture.world.admin) == (try await source.winRateReport(spring, by: fixture.world.admin)))
        #expect(try await copied.revenueReport(spring, by: fixture.world.admin) == (try await source.revenueReport(spring, by: fixture.world.admin)))
        #expect(try await copied.leadSourcesReport(ReportFilter(), by: fixture.world.admin) == (try await source.leadSourcesReport(ReportFilter(), by: fixture.world.admin)))
        let leads = try await copied.list(Lead.self, ListQuery(limit: 200), by: fixture.world.admin).items
        #expect(leads == (try await source.list(Lead.self, ListQuery(limit: 200), by: fixture.world.admin).items))

        await #expect(throws: CopyError.targetNotEmpty("accounts")) { try await source.store.copyAll(to: target) }
    }
}
