import Foundation
import SQLKit
import VendoCore

/// A quote's link as kept: the SHA-256 of its token, never the token.
public struct QuoteLink: Sendable, Equatable {
    public var tokenHash: String
    public var quoteId: ID<Quote>
    public var createdAt: Date
    public var expiresAt: Date

    public init(tokenHash: String, quoteId: ID<Quote>, createdAt: Date, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.quoteId = quoteId
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// One of the team's notifications.
public struct TeamNotification: Sendable, Equatable {
    public var id: UUID
    public var userId: ID<User>
    /// What happened (`NotificationEvent`'s raw value).
    public var event: String
    public var recordType: String?
    public var recordId: UUID?
    /// The record's name as it was (its number, topic or subject).
    public var title: String
    public var createdAt: Date
    public var readAt: Date?
    public var emailedAt: Date?

    public init(id: UUID, userId: ID<User>, event: String, recordType: String?, recordId: UUID?, title: String, createdAt: Date) {
        self.id = id
        self.userId = userId
        self.event = event
        self.recordType = recordType
        self.recordId = recordId
        self.title = title
        self.createdAt = createdAt
    }
}

extension Transaction {
    // MARK: Quote links

    public func insertQuoteLink(_ link: QuoteLink) async throws {
        try await run("""
            INSERT INTO quote_links (token_hash, quote_id, created_at, expires_at)
            VALUES (\(bind: link.tokenHash), \(bind: link.quoteId.description), \(bind: Self.timestamp(link.createdAt)),
                    \(bind: Self.timestamp(link.expiresAt)))
            """)
    }

    public func quoteLink(tokenHash: String) async throws -> QuoteLink? {
        guard let row = try await rows("""
            SELECT quote_id, created_at, expires_at FROM quote_links WHERE token_hash = \(bind: tokenHash)
            """).first, let quote = ID<Quote>(try row.decode(column: "quote_id", as: String.self)),
            let created = Self.date(try row.decode(column: "created_at", as: Int64.self)),
            let expires = Self.date(try row.decode(column: "expires_at", as: Int64.self)) else { return nil }
        return QuoteLink(tokenHash: tokenHash, quoteId: quote, createdAt: created, expiresAt: expires)
    }

    // MARK: Password resets

    public func insertPasswordReset(tokenHash: String, user: ID<User>, at: Date, expires: Date) async throws {
        try await run("""
            INSERT INTO password_resets (token_hash, user_id, created_at, expires_at)
            VALUES (\(bind: tokenHash), \(bind: user.description), \(bind: Self.timestamp(at)), \(bind: Self.timestamp(expires)))
            """)
    }

    /// Uses a reset token once: the user it is for, when it is known, unused and not expired.
    public func usePasswordReset(tokenHash: String, at: Date) async throws -> ID<User>? {
        try await rows("""
            UPDATE password_resets SET used_at = \(bind: Self.timestamp(at))
            WHERE token_hash = \(bind: tokenHash) AND used_at IS NULL AND expires_at > \(bind: Self.timestamp(at))
            RETURNING user_id
            """).first.flatMap { ID<User>(try $0.decode(column: "user_id", as: String.self)) }
    }

    /// Whether a reset token is known, unused and not expired (the page before the new password).
    public func isPasswordResetUsable(tokenHash: String, at: Date) async throws -> Bool {
        !(try await rows("""
            SELECT 1 AS one FROM password_resets
            WHERE token_hash = \(bind: tokenHash) AND used_at IS NULL AND expires_at > \(bind: Self.timestamp(at))
            """)).isEmpty
    }

    /// Ends every other reset link of a user (after a reset, or a newer request).
    public func endPasswordResets(of user: ID<User>, at: Date) async throws {
        try await run("""
            UPDATE password_resets SET used_at = \(bind: Self.timestamp(at)) WHERE user_id = \(bind: user.description) AND used_at IS NULL
            """)
    }

    // MARK: Notifications

    /// Adds a notification; false when one with the same `dedupKey` exists for that user.
    @discardableResult
    public func insertNotification(_ notification: TeamNotification, dedupKey: String? = nil) async throws -> Bool {
        if let dedupKey, !(try await rows("""
            SELECT 1 AS one FROM notifications WHERE user_id = \(bind: notification.userId.description) AND dedup_key = \(bind: dedupKey)
            """)).isEmpty {
            return false
        }
        try await run("""
            INSERT INTO notifications (id, user_id, event, record_type, record_id, title, created_at, dedup_key)
            VALUES (\(bind: notification.id.uuidString.lowercased()), \(bind: notification.userId.description), \(bind: notification.event),
                    \(bind: notification.recordType), \(bind: notification.recordId?.uuidString.lowercased()), \(bind: notification.title),
                    \(bind: Self.timestamp(notification.createdAt)), \(bind: dedupKey))
            """)
        return true
    }

    /// A user's notifications, newest first, after the keyset position `before`.
    public func notifications(of user: ID<User>, unreadOnly: Bool = false, before: (Int64, String)? = nil,
                              limit: Int) async throws -> [TeamNotification] {
        var condition: SQLQueryString = "user_id = \(bind: user.description)"
        if unreadOnly { condition += " AND read_at IS NULL" }
        if let (micros, id) = before {
            condition += " AND (created_at < \(bind: micros) OR (created_at = \(bind: micros) AND id < \(bind: id)))"
        }
        return try await rows("""
            SELECT id, user_id, event, record_type, record_id, title, created_at, read_at, emailed_at FROM notifications
            WHERE \(condition) ORDER BY created_at DESC, id DESC LIMIT \(literal: limit)
            """).map(Self.notification)
    }

    public func unreadNotificationCount(of user: ID<User>) async throws -> Int {
        try await rows("SELECT COUNT(*) AS n FROM notifications WHERE user_id = \(bind: user.description) AND read_at IS NULL")
            .first?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Marks one (or, with nil, every) notification of a user read; how many changed.
    @discardableResult
    public func markNotificationsRead(of user: ID<User>, id: UUID?, at: Date) async throws -> Int {
        var condition: SQLQueryString = "user_id = \(bind: user.description) AND read_at IS NULL"
        if let id { condition += " AND id = \(bind: id.uuidString.lowercased())" }
        return try await rows("UPDATE notifications SET read_at = \(bind: Self.timestamp(at)) WHERE \(condition) RETURNING id").count
    }

    public func notification(_ id: UUID, of user: ID<User>) async throws -> TeamNotification? {
        try await rows("""
            SELECT id, user_id, event, record_type, record_id, title, created_at, read_at, emailed_at FROM notifications
            WHERE id = \(bind: id.uuidString.lowercased()) AND user_id = \(bind: user.description)
            """).map(Self.notification).first
    }

    /// Notifications not yet e-mailed, created before `before`, of every user.
    public func notificationsToEmail(before: Date, limit: Int) async throws -> [TeamNotification] {
        try await rows("""
            SELECT id, user_id, event, record_type, record_id, title, created_at, read_at, emailed_at FROM notifications
            WHERE emailed_at IS NULL AND created_at <= \(bind: Self.timestamp(before)) ORDER BY created_at, id LIMIT \(literal: limit)
            """).map(Self.notification)
    }

    public func markNotificationsEmailed(_ ids: [UUID], at: Date) async throws {
        guard !ids.isEmpty else { return }
        try await run("""
            UPDATE notifications SET emailed_at = \(bind: Self.timestamp(at))
            WHERE id IN (\(binds: ids.map { $0.uuidString.lowercased() }))
            """)
    }

    private static func notification(_ row: any SQLRow) throws -> TeamNotification {
        guard let id = UUID(uuidString: try row.decode(column: "id", as: String.self)),
              let user = ID<User>(try row.decode(column: "user_id", as: String.self)),
              let created = date(try row.decode(column: "created_at", as: Int64.self)) else {
            throw StoreError.corrupt("notification row with a bad id or date")
        }
        var notification = TeamNotification(id: id, userId: user, event: try row.decode(column: "event", as: String.self),
                                        recordType: try row.decode(column: "record_type", as: String?.self),
                                        recordId: try row.decode(column: "record_id", as: String?.self).flatMap(UUID.init(uuidString:)),
                                        title: try row.decode(column: "title", as: String.self), createdAt: created)
        notification.readAt = date(try row.decode(column: "read_at", as: Int64?.self))
        notification.emailedAt = date(try row.decode(column: "emailed_at", as: Int64?.self))
        return notification
    }
}
