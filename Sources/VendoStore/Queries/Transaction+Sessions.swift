import Foundation
import SQLKit
import VendoCore

/// A sign-in session as stored: the cookie's secret only as a hash.
public struct StoredSession: Sendable, Equatable {
    public var userId: ID<User>
    public var csrfToken: String
    public var createdAt: Date
    public var lastSeenAt: Date
    public var expiresAt: Date

    public init(userId: ID<User>, csrfToken: String, createdAt: Date, lastSeenAt: Date, expiresAt: Date) {
        self.userId = userId
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.expiresAt = expiresAt
    }
}

/// Something that matters for security: sign-ins, tokens, role changes.
public struct SecurityEvent: Sendable, Equatable {
    public var id: UUID
    public var at: Date
    public var kind: String
    public var userId: ID<User>?
    public var email: String?
    public var address: String?
    public var detail: String?

    public init(id: UUID, at: Date, kind: String, userId: ID<User>? = nil, email: String? = nil, address: String? = nil,
                detail: String? = nil) {
        self.id = id
        self.at = at
        self.kind = kind
        self.userId = userId
        self.email = email
        self.address = address
        self.detail = detail
    }
}

extension Transaction {
    public func insertSession(hash: String, _ session: StoredSession) async throws {
        try await run("""
            INSERT INTO sessions (secret_hash, user_id, csrf_token, created_at, last_seen_at, expires_at)
            VALUES (\(bind: hash), \(bind: session.userId.description), \(bind: session.csrfToken), \(bind: Self.timestamp(session.createdAt)),
                    \(bind: Self.timestamp(session.lastSeenAt)), \(bind: Self.timestamp(session.expiresAt)))
            """)
    }

    public func session(hash: String) async throws -> StoredSession? {
        let found = try await rows("""
            SELECT user_id, csrf_token, created_at, last_seen_at, expires_at FROM sessions WHERE secret_hash = \(bind: hash)
            """)
        guard let row = found.first, let user = ID<User>(try row.decode(column: "user_id", as: String.self)) else { return nil }
        return StoredSession(userId: user, csrfToken: try row.decode(column: "csrf_token", as: String.self),
                             createdAt: Self.date(try row.decode(column: "created_at", as: Int64.self)) ?? Date(),
                             lastSeenAt: Self.date(try row.decode(column: "last_seen_at", as: Int64.self)) ?? Date(),
                             expiresAt: Self.date(try row.decode(column: "expires_at", as: Int64.self)) ?? Date())
    }

    public func touchSession(hash: String, at date: Date) async throws {
        try await run("UPDATE sessions SET last_seen_at = \(bind: Self.timestamp(date)) WHERE secret_hash = \(bind: hash)")
    }

    public func deleteSession(hash: String) async throws {
        try await run("DELETE FROM sessions WHERE secret_hash = \(bind: hash)")
    }

    /// Ends every session of a user but the one whose secret hashes to `keeping`.
    public func deleteSessions(of user: ID<User>, keeping: String? = nil) async throws {
        try await run("""
            DELETE FROM sessions WHERE user_id = \(bind: user.description) AND secret_hash <> \(bind: keeping ?? "")
            """)
    }

    /// Counts an attempt against each key; `attempt` names the rows so that `forgetSignInAttempt`
    /// can take them back.
    public func recordSignInAttempt(keys: [String], at date: Date, attempt: String) async throws {
        for key in keys {
            try await run("INSERT INTO sign_in_failures (key, at, attempt) VALUES (\(bind: key), \(bind: Self.timestamp(date)), \(bind: attempt))")
        }
    }

    public func forgetSignInAttempt(_ attempt: String) async throws {
        try await run("DELETE FROM sign_in_failures WHERE attempt = \(bind: attempt)")
    }

    /// Holds the counters of `keys` until the transaction ends. SQLite's single writer already
    /// does; on PostgreSQL two servers counting the same key would otherwise both see room left.
    public func lockCounters(_ keys: [String]) async throws {
        guard dialect == .postgres else { return }
        for key in keys.sorted() {
            try await run("SELECT pg_advisory_xact_lock(7460004, hashtext(\(bind: key)))")
        }
    }

    /// The failures of `key` since `since`, oldest first.
    public func signInFailures(key: String, since: Date) async throws -> [Date] {
        try await rows("SELECT at FROM sign_in_failures WHERE key = \(bind: key) AND at > \(bind: Self.timestamp(since)) ORDER BY at")
            .compactMap { Self.date(try $0.decode(column: "at", as: Int64.self)) }
    }

    public func clearSignInFailures(key: String) async throws {
        try await run("DELETE FROM sign_in_failures WHERE key = \(bind: key)")
    }

    public func appendSecurityEvent(_ event: SecurityEvent) async throws {
        try await run("""
            INSERT INTO security_events (id, at, kind, user_id, email, address, detail)
            VALUES (\(bind: event.id.uuidString.lowercased()), \(bind: Self.timestamp(event.at)), \(bind: event.kind),
                    \(bind: event.userId?.description), \(bind: event.email), \(bind: event.address), \(bind: event.detail))
            """)
    }

    /// The newest security events first.
    public func securityEvents(limit: Int) async throws -> [SecurityEvent] {
        try await rows("""
            SELECT id, at, kind, user_id, email, address, detail FROM security_events ORDER BY at DESC, id DESC LIMIT \(literal: limit)
            """).map { row in
            SecurityEvent(id: UUID(uuidString: try row.decode(column: "id", as: String.self)) ?? UUID(),
                          at: Self.date(try row.decode(column: "at", as: Int64.self)) ?? Date(),
                          kind: try row.decode(column: "kind", as: String.self),
                          userId: try row.decode(column: "user_id", as: String?.self).flatMap { ID<User>($0) },
                          email: try row.decode(column: "email", as: String?.self),
                          address: try row.decode(column: "address", as: String?.self),
                          detail: try row.decode(column: "detail", as: String?.self))
        }
    }
}
