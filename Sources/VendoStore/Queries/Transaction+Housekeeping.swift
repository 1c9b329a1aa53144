import Foundation
import SQLKit

/// Rows that have served their purpose, deleted a batch at a time by housekeeping.
public enum PrunedRows: String, Sendable, CaseIterable {
    case sessions, signInFailures, rateEvents, idempotencyKeys, webhookDeliveries, securityEvents, importRuns, outgoingMessages,
         passwordResets, cardScans

    var table: String {
        switch self {
        case .sessions: return "sessions"
        case .signInFailures: return "sign_in_failures"
        case .rateEvents: return "rate_events"
        case .idempotencyKeys: return "idempotency_keys"
        case .webhookDeliveries: return "webhook_deliveries"
        case .securityEvents: return "security_events"
        case .importRuns: return "import_runs"
        case .outgoingMessages: return "outgoing_messages"
        case .passwordResets: return "password_resets"
        case .cardScans: return "card_scans"
        }
    }
}

/// The ages past which housekeeping deletes each kind of row.
public struct PruneCutoffs: Sendable {
    /// Sessions that ended (absolute end) or went idle before this.
    public var sessionsEnded: Date
    public var sessionsIdle: Date
    public var signInFailures: Date
    public var rateEvents: Date
    public var idempotencyKeys: Date
    /// Delivered and failed deliveries whose last attempt is older; pending ones always stay.
    public var webhookDeliveries: Date
    public var securityEvents: Date
    public var importRuns: Date
    /// Sent and failed messages whose last attempt is older (their line on the timeline stays);
    /// queued ones always stay.
    public var outgoingMessages: Date
    /// Reset links that expired before this.
    public var passwordResets: Date
    /// Card photos nobody made a lead of, scanned before this.
    public var cardScans: Date

    public init(sessionsEnded: Date, sessionsIdle: Date, signInFailures: Date, rateEvents: Date, idempotencyKeys: Date,
                webhookDeliveries: Date, securityEvents: Date, importRuns: Date, outgoingMessages: Date = .distantPast,
                passwordResets: Date = .distantPast, cardScans: Date = .distantPast) {
        self.cardScans = cardScans
        self.outgoingMessages = outgoingMessages
        self.passwordResets = passwordResets
        self.sessionsEnded = sessionsEnded
        self.sessionsIdle = sessionsIdle
        self.signInFailures = signInFailures
        self.rateEvents = rateEvents
        self.idempotencyKeys = idempotencyKeys
        self.webhookDeliveries = webhookDeliveries
        self.securityEvents = securityEvents
        self.importRuns = importRuns
    }
}

extension Transaction {
    /// Deletes at most `limit` rows of `kind` past their cutoff; returns how many went. The rows
    /// are picked by the engine's own row address (SQLite's rowid, PostgreSQL's ctid), since some
    /// of these tables have no single-column key.
    public func prune(_ kind: PrunedRows, _ cutoffs: PruneCutoffs, limit: Int) async throws -> Int {
        let condition: SQLQueryString
        switch kind {
        case .sessions:
            condition = "expires_at < \(bind: Self.timestamp(cutoffs.sessionsEnded)) OR last_seen_at < \(bind: Self.timestamp(cutoffs.sessionsIdle))"
        case .signInFailures: condition = "at < \(bind: Self.timestamp(cutoffs.signInFailures))"
        case .rateEvents: condition = "at < \(bind: Self.timestamp(cutoffs.rateEvents))"
        case .idempotencyKeys: condition = "created_at < \(bind: Self.timestamp(cutoffs.idempotencyKeys))"
        case .webhookDeliveries:
            condition = "status IN ('delivered', 'failed') AND last_attempt_at < \(bind: Self.timestamp(cutoffs.webhookDeliveries))"
        case .securityEvents: condition = "at < \(bind: Self.timestamp(cutoffs.securityEvents))"
        case .importRuns: condition = "started_at < \(bind: Self.timestamp(cutoffs.importRuns))"
        case .outgoingMessages:
            condition = "status IN ('sent', 'failed') AND last_attempt_at < \(bind: Self.timestamp(cutoffs.outgoingMessages))"
        case .passwordResets: condition = "expires_at < \(bind: Self.timestamp(cutoffs.passwordResets))"
        case .cardScans: condition = "lead_id IS NULL AND created_at < \(bind: Self.timestamp(cutoffs.cardScans))"
        }
        let table = kind.table
        let address: SQLQueryString = dialect == .postgres ? "ctid" : "rowid"
        return try await rows("""
            DELETE FROM \(unsafeRaw: table) WHERE \(address) IN (SELECT \(address) FROM \(unsafeRaw: table) WHERE \(condition) LIMIT \(literal: limit))
            RETURNING 1 AS gone
            """).count
    }

    /// Rows of a table, for housekeeping's tests and report.
    public func count(of kind: PrunedRows) async throws -> Int {
        try await rows("SELECT COUNT(*) AS n FROM \(unsafeRaw: kind.table)").first?.decode(column: "n", as: Int.self) ?? 0
    }
}
