import Foundation
import VendoStore

extension StoreLocation {
    /// The database a test runs on: with `VENDO_TEST_POSTGRES_URL` set, a fresh schema of that
    /// PostgreSQL database (so the same suites run on both engines); otherwise SQLite in memory.
    public static var forTests: StoreLocation { forTests(orFile: nil) }

    /// As `forTests`, but an SQLite file at `path` rather than memory, for tests that need
    /// concurrent readers and writers.
    public static func forTests(orFile path: String?) -> StoreLocation {
        if let url = testPostgresURL {
            let schema = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            // Hundreds of test databases share one cluster: few connections each, closed soon.
            // With every suite running at once on a small machine, a test that queues dozens of
            // transactions on 3 connections can wait past the 10 s a server allows; the tests
            // check what is done, not how fast, so they wait as long as SQLite's writer does
            // (120 s). At 40 s, sixty sign-ins queued on one account's counters while the card
            // suite ran tesseract got 503s.
            return .postgres(PostgresLocation(url: url, poolSize: 3, schema: schema, idleTimeout: .seconds(5),
                                              leaseTimeout: .seconds(120)))
        }
        return path.map(StoreLocation.file) ?? .memory
    }

    /// The PostgreSQL the tests run on, when they run on one.
    public static var testPostgresURL: String? {
        guard let url = ProcessInfo.processInfo.environment["VENDO_TEST_POSTGRES_URL"], !url.isEmpty else { return nil }
        return url
    }
}
