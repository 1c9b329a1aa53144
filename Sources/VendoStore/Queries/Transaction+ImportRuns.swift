import Foundation
import SQLKit
import VendoCore

extension Transaction {
    /// Marks an import of `user` as running; false when one started after `staleBefore` still
    /// runs. An older mark is taken over: its server died before it could clear it.
    public func claimImportRun(user: ID<User>, at date: Date, staleBefore: Date) async throws -> Bool {
        !(try await rows("""
            INSERT INTO import_runs (user_id, started_at) VALUES (\(bind: user.description), \(bind: Self.timestamp(date)))
            ON CONFLICT (user_id) DO UPDATE SET started_at = excluded.started_at
            WHERE import_runs.started_at < \(bind: Self.timestamp(staleBefore))
            RETURNING user_id
            """)).isEmpty
    }

    public func endImportRun(user: ID<User>, startedAt date: Date) async throws {
        try await run("DELETE FROM import_runs WHERE user_id = \(bind: user.description) AND started_at = \(bind: Self.timestamp(date))")
    }
}
