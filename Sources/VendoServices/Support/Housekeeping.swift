import Foundation
import VendoCore
import VendoStore

/// Deletes what has served its purpose — ended sessions, old sign-in failures and rate
/// counters, forgotten Idempotency-Keys, finished webhook deliveries and security events past
/// the organisation's retention, marks of dead imports — so that those tables stay bounded
/// whatever floods them. Every server runs it; the deletes are idempotent, and each batch is a
/// short transaction of its own, so it never holds the writer for long.
public struct Housekeeping: Sendable {
    let services: Services
    let batch: Int

    public init(services: Services, batch: Int = 5000) {
        self.services = services
        self.batch = batch
    }

    /// Days a card photo waits for someone to make a lead of it: a week covers a trade show and
    /// the days after it.
    public static let cardScanDays: TimeInterval = 14

    /// What one round deleted, by kind of row.
    @discardableResult
    public func runOnce() async throws -> [PrunedRows: Int] {
        let now = services.now
        let settings = try await services.store.read { tx in try await tx.settings() }
        let retention = TimeInterval(settings?.retention ?? OrganisationSettings().retention) * 86_400
        let cutoffs = PruneCutoffs(
            sessionsEnded: now, sessionsIdle: now.addingTimeInterval(-SessionRules.idle),
            signInFailures: now.addingTimeInterval(-SessionRules.window), rateEvents: now.addingTimeInterval(-CaptureRules.window),
            idempotencyKeys: now.addingTimeInterval(-IdempotencyRules.lifetime), webhookDeliveries: now.addingTimeInterval(-retention),
            securityEvents: now.addingTimeInterval(-retention), importRuns: now.addingTimeInterval(-Services.importRunStale),
            outgoingMessages: now.addingTimeInterval(-retention), passwordResets: now.addingTimeInterval(-86_400),
            cardScans: now.addingTimeInterval(-Self.cardScanDays * 86_400))
        var deleted: [PrunedRows: Int] = [:]
        for kind in PrunedRows.allCases {
            var total = 0
            while true {
                let gone = try await services.store.write { tx in try await tx.prune(kind, cutoffs, limit: batch) }
                total += gone
                if gone < batch || Task.isCancelled { break }
            }
            deleted[kind] = total
        }
        return deleted
    }

    /// Runs a round every `interval` until cancelled; a failing database only delays the next.
    public func run(every interval: Duration = .seconds(3600)) async {
        while !Task.isCancelled {
            _ = try? await runOnce()
            await runDue()
            try? await Task.sleep(for: interval)
        }
    }

    /// What falls due with time: entries of what was issued or paid before they were posted,
    /// and the reminders due when the organisation lets them go on their own (each level once
    /// per invoice, so every server may run it).
    public func runDue() async {
        _ = try? await services.postPendingEntries()
        _ = try? await services.sendDueReminders()
    }
}
