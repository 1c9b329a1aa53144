import Foundation
import SQLKit
import Synchronization
import Testing
@testable import VendoStore
import VendoTestSupport

/// What the store does when PostgreSQL goes away: it answers `unavailable` within its lease
/// timeout instead of hanging, and comes back by itself.
@Suite("Store: PostgreSQL going away", .enabled(if: StoreLocation.testPostgresURL != nil))
struct PostgresAvailabilityTests {
    @Test("a database that stops taking connections is 'unavailable' within the lease timeout, and usable again after",
          .timeLimit(.minutes(2)))
    func unavailable() async throws {
        let url = try #require(StoreLocation.testPostgresURL)
        let name = "vendo_down_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let admin = try await Store.open(.postgres(PostgresLocation(url: url, poolSize: 1)))
        try await admin.execute("CREATE DATABASE \(name)")
        var parts = try #require(URLComponents(string: url))
        parts.path = "/\(name)"
        let store = try await Store.open(.postgres(PostgresLocation(url: try #require(parts.string), poolSize: 2)))
        try await store.migrate()

        try await admin.execute("ALTER DATABASE \(name) ALLOW_CONNECTIONS false")
        try await admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(name)'")
        let started = ContinuousClock.now
        await #expect {
            try await within(30, "the read while the database refuses connections") {
                try await store.read { tx in try await tx.rows("SELECT 1 AS one").count }
            }
        } throws: { error in
            if case StoreError.unavailable = error { return true }
            Issue.record("expected unavailable, got \(error)")
            return false
        }
        #expect(ContinuousClock.now - started < .seconds(30))

        try await admin.execute("ALTER DATABASE \(name) ALLOW_CONNECTIONS true")
        var answered = false
        let deadline = ContinuousClock.now + .seconds(60)
        while !answered && ContinuousClock.now < deadline {
            answered = (try? await within(15, "a read after the database is back") {
                try await store.read { tx in try await tx.rows("SELECT 1 AS one").count }
            }) == 1
            if !answered { try await Task.sleep(for: .seconds(1)) }
        }
        #expect(answered, "the store recovers once the database takes connections again")
        await store.close()
        try await within(30, "dropping the test database") { try? await admin.execute("DROP DATABASE \(name) WITH (FORCE)") }
        await admin.close()
    }
}

struct StepTimedOut: Error, CustomStringConvertible {
    let step: String
    var description: String { "timed out: \(step)" }
}

/// Runs `body`, but answers after `seconds` at the latest: a step that hangs fails the test by
/// name instead of holding the whole run (the body is left to finish, or not, on its own).
func within<T: Sendable>(_ seconds: Int, _ step: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    let waiting = Mutex<CheckedContinuation<T, any Error>?>(nil)
    let take = { @Sendable in waiting.withLock { pending -> CheckedContinuation<T, any Error>? in
        defer { pending = nil }
        return pending
    } }
    return try await withCheckedThrowingContinuation { continuation in
        waiting.withLock { $0 = continuation }
        Task {
            do {
                let value = try await body()
                take()?.resume(returning: value)
            } catch {
                take()?.resume(throwing: error)
            }
        }
        Task {
            try? await Task.sleep(for: .seconds(seconds))
            take()?.resume(throwing: StepTimedOut(step: step))
        }
    }
}

extension Store {
    /// A statement outside any transaction (CREATE DATABASE refuses to run in one).
    func execute(_ statement: String) async throws {
        guard case .postgres(let engine) = engine else { return }
        try await engine.client.withConnection { connection in
            try await connection.sql().raw(SQLQueryString(statement)).run()
        }
    }
}
