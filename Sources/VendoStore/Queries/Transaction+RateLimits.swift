import Foundation
import SQLKit
import VendoCore

/// Counting events per key in a sliding window (public form posts per address), shared by every
/// server on the database.
extension Transaction {
    public func captureForm(key: String) async throws -> CaptureForm? {
        try await select(CaptureForm.self, where: "form_key = \(bind: key)", limit: 1).first
    }

    /// The times of `key`'s events after `since`, oldest first.
    public func rateEvents(key: String, since: Date) async throws -> [Date] {
        try await rows("SELECT at FROM rate_events WHERE key = \(bind: key) AND at > \(bind: Self.timestamp(since)) ORDER BY at")
            .compactMap { Self.date(try $0.decode(column: "at", as: Int64.self)) }
    }

    public func recordRateEvent(key: String, at date: Date) async throws {
        try await run("INSERT INTO rate_events (key, at) VALUES (\(bind: key), \(bind: Self.timestamp(date)))")
    }

    /// Forgets events older than `before`, so the table holds one window's worth.
    public func pruneRateEvents(before date: Date) async throws {
        try await run("DELETE FROM rate_events WHERE at < \(bind: Self.timestamp(date))")
    }
}
