import Foundation
import SQLKit
import VendoCore

/// An API token as stored: only a hash of its secret is kept.
public struct StoredToken: Sendable, Equatable {
    public var id: UUID
    public var userId: ID<User>
    public var name: String
    public var createdAt: Date
    public var expiresAt: Date?
    public var revokedAt: Date?
    /// To the minute; nil for a token never used.
    public var lastUsedAt: Date?

    public init(id: UUID, userId: ID<User>, name: String, createdAt: Date, expiresAt: Date?, revokedAt: Date?, lastUsedAt: Date? = nil) {
        self.id = id
        self.userId = userId
        self.name = name
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.lastUsedAt = lastUsedAt
    }
}

/// A response kept for an `Idempotency-Key`.
public struct StoredResponse: Sendable, Equatable {
    public var method: String
    public var path: String
    /// Nil while the first request is still running; `answerPending` once its action committed
    /// and until its answer is kept; `notKept` for an answer that carried a secret.
    public var status: Int?
    public static let answerPending = -1
    public static let notKept = -2
    public var headers: String?
    public var body: String?
    /// When the request that holds the key reserved it.
    public var reservedAt: Date?
}

extension Transaction {
    static func date(_ micros: Int64?) -> Date? { micros.map { Date(timeIntervalSince1970: Double($0) / 1_000_000) } }

    public func setPasswordHash(_ hash: String, for user: ID<User>, at date: Date) async throws {
        try await run("""
            INSERT INTO credentials (user_id, password_hash, changed_at) VALUES (\(bind: user.description), \(bind: hash), \(bind: Self.timestamp(date)))
            ON CONFLICT (user_id) DO UPDATE SET password_hash = excluded.password_hash, changed_at = excluded.changed_at
            """)
    }

    public func passwordHash(for user: ID<User>) async throws -> String? {
        try await rows("SELECT password_hash FROM credentials WHERE user_id = \(bind: user.description)").first?
            .decode(column: "password_hash", as: String.self)
    }

    public func insertToken(_ token: StoredToken, hash: String) async throws {
        try await run("""
            INSERT INTO api_tokens (id, user_id, name, token_hash, created_at, expires_at)
            VALUES (\(bind: token.id.uuidString.lowercased()), \(bind: token.userId.description), \(bind: token.name), \(bind: hash),
                    \(bind: Self.timestamp(token.createdAt)), \(bind: token.expiresAt.map(Self.timestamp)))
            """)
    }

    /// The token with this hash and its user, in one statement: every API request asks.
    public func tokenHolder(withHash hash: String) async throws -> (token: StoredToken, user: User)? {
        let found = try await rows("""
            SELECT t.id, t.user_id, t.name, t.created_at, t.expires_at, t.revoked_at, t.last_used_at, u.data
            FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = \(bind: hash)
            """)
        guard let row = found.first else { return nil }
        return (try Self.storedToken(row), try Self.decode(User.self, try row.decode(column: "data", as: String.self)))
    }

    /// A user's tokens, oldest first, revoked ones too.
    public func tokens(of user: ID<User>) async throws -> [StoredToken] {
        try await rows("""
            SELECT id, user_id, name, created_at, expires_at, revoked_at, last_used_at FROM api_tokens
            WHERE user_id = \(bind: user.description) ORDER BY created_at, id
            """).map(Self.storedToken)
    }

    public func touchToken(_ id: UUID, at date: Date) async throws {
        try await run("UPDATE api_tokens SET last_used_at = \(bind: Self.timestamp(date)) WHERE id = \(bind: id.uuidString.lowercased())")
    }

    /// Revokes every live token of a user; returns how many.
    public func revokeTokens(of user: ID<User>, at date: Date) async throws -> Int {
        try await rows("""
            UPDATE api_tokens SET revoked_at = \(bind: Self.timestamp(date))
            WHERE user_id = \(bind: user.description) AND revoked_at IS NULL RETURNING id
            """).count
    }

    private static func storedToken(_ row: any SQLRow) throws -> StoredToken {
        guard let id = UUID(uuidString: try row.decode(column: "id", as: String.self)),
              let user = ID<User>(try row.decode(column: "user_id", as: String.self)) else {
            throw StoreError.corrupt("api token with a bad id")
        }
        return StoredToken(id: id, userId: user, name: try row.decode(column: "name", as: String.self),
                           createdAt: Self.date(try row.decode(column: "created_at", as: Int64.self)) ?? Date(),
                           expiresAt: Self.date(try row.decode(column: "expires_at", as: Int64?.self)),
                           revokedAt: Self.date(try row.decode(column: "revoked_at", as: Int64?.self)),
                           lastUsedAt: Self.date(try row.decode(column: "last_used_at", as: Int64?.self)))
    }

    public func revokeToken(_ id: UUID, of user: ID<User>, at date: Date) async throws -> Bool {
        !(try await rows("""
            UPDATE api_tokens SET revoked_at = \(bind: Self.timestamp(date))
            WHERE id = \(bind: id.uuidString.lowercased()) AND user_id = \(bind: user.description) AND revoked_at IS NULL RETURNING id
            """)).isEmpty
    }

    /// Reserves `key` for this user under `attempt`; returns the stored row when the key was
    /// used before. A reservation made before `staleBefore` whose request never finished (its
    /// server died, or it is still running past the request deadline) is taken over, as is a
    /// key used before `expiredBefore`, which counts as never used.
    public func reserveIdempotencyKey(_ key: String, user: ID<User>, method: String, path: String, attempt: String, at date: Date,
                                      staleBefore: Date, expiredBefore: Date) async throws -> StoredResponse? {
        let found = try await rows("""
            SELECT method, path, status, headers, body, created_at FROM idempotency_keys
            WHERE user_id = \(bind: user.description) AND key = \(bind: key)\(lockClause)
            """)
        if let row = found.first {
            let created = try row.decode(column: "created_at", as: Int64.self)
            let status = try row.decode(column: "status", as: Int?.self)
            let takeOver = created < Self.timestamp(expiredBefore) || (status == nil && created < Self.timestamp(staleBefore))
            if !takeOver {
                return StoredResponse(method: try row.decode(column: "method", as: String.self),
                                      path: try row.decode(column: "path", as: String.self), status: status,
                                      headers: try row.decode(column: "headers", as: String?.self), body: try row.decode(column: "body", as: String?.self),
                                      reservedAt: Self.date(created))
            }
            try await run("DELETE FROM idempotency_keys WHERE user_id = \(bind: user.description) AND key = \(bind: key)")
        }
        // Two servers reserving the same key at once: one inserts, the other is refused by the
        // primary key and its request answers "in progress" on the retry.
        try await run("""
            INSERT INTO idempotency_keys (user_id, key, method, path, created_at, attempt)
            VALUES (\(bind: user.description), \(bind: key), \(bind: method), \(bind: path), \(bind: Self.timestamp(date)), \(bind: attempt))
            """)
        return nil
    }

    /// In the action's own transaction: the key is done. False when the reservation is no longer
    /// `attempt`'s (another request took it over and finished first); the action must then not
    /// commit.
    public func markIdempotencyKeyDone(_ key: String, user: ID<User>, attempt: String) async throws -> Bool {
        !(try await rows("""
            UPDATE idempotency_keys SET status = \(bind: Int64(StoredResponse.answerPending))
            WHERE user_id = \(bind: user.description) AND key = \(bind: key) AND attempt = \(bind: attempt) AND status IS NULL
            RETURNING user_id
            """)).isEmpty
    }

    /// Keeps the answer of `attempt`'s request (nil headers and body for one not to be kept).
    public func completeIdempotencyKey(_ key: String, user: ID<User>, attempt: String, status: Int, headers: String?, body: String?) async throws {
        try await run("""
            UPDATE idempotency_keys SET status = \(bind: Int64(status)), headers = \(bind: headers), body = \(bind: body)
            WHERE user_id = \(bind: user.description) AND key = \(bind: key) AND attempt = \(bind: attempt)
            """)
    }

    /// Forgets a key whose request failed before doing anything, so that it can be retried.
    public func releaseIdempotencyKey(_ key: String, user: ID<User>, attempt: String) async throws {
        try await run("""
            DELETE FROM idempotency_keys
            WHERE user_id = \(bind: user.description) AND key = \(bind: key) AND attempt = \(bind: attempt) AND status IS NULL
            """)
    }
}
