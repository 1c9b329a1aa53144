import Foundation
import SQLKit
import VendoCore

/// The outbox of messages, and the server's secrets.
extension Transaction {
    public func insertMessage(_ message: OutgoingMessage) async throws {
        let recipients = try Self.encode(["to": message.to, "cc": message.cc])
        try await run("""
            INSERT INTO outgoing_messages (id, message_id, kind, regarding_type, regarding_id, opportunity_id, sender_id, recipients,
                subject, body_text, body_html, attachment, status, attempts, created_at, next_attempt_at)
            VALUES (\(bind: message.id.uuidString.lowercased()), \(bind: message.messageId), \(bind: message.kind.rawValue),
                    \(bind: message.regardingType), \(bind: message.regardingId?.uuidString.lowercased()),
                    \(bind: message.opportunityId?.uuidString.lowercased()), \(bind: message.senderId?.description), \(bind: recipients),
                    \(bind: message.subject), \(bind: message.text), \(bind: message.html), \(bind: message.attachment?.code),
                    \(bind: message.status.rawValue), \(bind: Int64(message.attempts)), \(bind: Self.timestamp(message.createdAt)),
                    \(bind: Self.timestamp(message.nextAttemptAt)))
            """)
    }

    /// Takes up to `limit` due messages for `claimant` until `until` (skipping, on PostgreSQL,
    /// rows another server is taking at the same moment), with their prepared text if any.
    public func claimDueMessages(claimant: String, now: Date, until: Date, limit: Int) async throws -> [(OutgoingMessage, String?)] {
        let skipLocked: SQLQueryString = dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        let nowStamp = Self.timestamp(now)
        return try await rows("""
            UPDATE outgoing_messages SET claimed_by = \(bind: claimant), claimed_until = \(bind: Self.timestamp(until))
            WHERE id IN (SELECT id FROM outgoing_messages
                         WHERE status = 'queued' AND next_attempt_at <= \(bind: nowStamp)
                           AND (claimed_until IS NULL OR claimed_until < \(bind: nowStamp))
                         ORDER BY next_attempt_at LIMIT \(literal: limit)\(skipLocked))
            RETURNING \(unsafeRaw: Self.messageColumns), raw
            """).map { (try Self.message($0), try $0.decode(column: "raw", as: String?.self)) }
    }

    /// Keeps the full text of a message this claimant holds, made before its first attempt;
    /// returns the text kept (another's, when it was made first).
    public func keepPreparedMessage(_ id: UUID, raw: String, attachmentName: String?, attachmentSha256: String?,
                                    claimant: String) async throws -> String? {
        try await run("""
            UPDATE outgoing_messages SET raw = \(bind: raw), attachment_name = \(bind: attachmentName),
                attachment_sha256 = \(bind: attachmentSha256)
            WHERE id = \(bind: id.uuidString.lowercased()) AND claimed_by = \(bind: claimant) AND raw IS NULL
            """)
        return try await rows("SELECT raw FROM outgoing_messages WHERE id = \(bind: id.uuidString.lowercased())")
            .first?.decode(column: "raw", as: String?.self)
    }

    /// Records an attempt of a message this claimant holds; false when its claim was lost. A
    /// message sent or failed no longer keeps its full text (its PDF): only a queued one may be
    /// sent again.
    @discardableResult
    public func recordMessageAttempt(_ message: OutgoingMessage, claimant: String) async throws -> Bool {
        !(try await rows("""
            UPDATE outgoing_messages SET status = \(bind: message.status.rawValue), attempts = \(bind: Int64(message.attempts)),
                next_attempt_at = \(bind: Self.timestamp(message.nextAttemptAt)),
                last_attempt_at = \(bind: message.lastAttemptAt.map(Self.timestamp)), last_error = \(bind: message.lastError),
                sent_at = \(bind: message.sentAt.map(Self.timestamp)), claimed_by = NULL, claimed_until = NULL,
                raw = \(unsafeRaw: message.status == .queued ? "raw" : "NULL")
            WHERE id = \(bind: message.id.uuidString.lowercased()) AND claimed_by = \(bind: claimant)
            RETURNING id
            """)).isEmpty
    }

    public func message(_ id: UUID) async throws -> OutgoingMessage? {
        try await rows("SELECT \(unsafeRaw: Self.messageColumns) FROM outgoing_messages WHERE id = \(bind: id.uuidString.lowercased())")
            .map(Self.message).first
    }

    /// The prepared text of a message, once made.
    public func preparedMessage(_ id: UUID) async throws -> String? {
        try await rows("SELECT raw FROM outgoing_messages WHERE id = \(bind: id.uuidString.lowercased())")
            .first?.decode(column: "raw", as: String?.self)
    }

    /// Messages newest first, after the keyset position `before` (`micros.id`), optionally about
    /// one record, of some senders only, or in one status.
    public func messages(regarding: UUID?, senders: Set<ID<User>>?, status: OutgoingMessage.Status?, before: (Int64, String)?,
                         limit: Int) async throws -> [OutgoingMessage] {
        var condition: SQLQueryString = "1 = 1"
        if let regarding { condition += " AND regarding_id = \(bind: regarding.uuidString.lowercased())" }
        if let status { condition += " AND status = \(bind: status.rawValue)" }
        if let senders {
            let list = senders.map(\.description).sorted()
            condition += list.isEmpty ? " AND 1 = 0" : " AND sender_id IN (\(binds: list))"
        }
        if let (micros, id) = before {
            condition += " AND (created_at < \(bind: micros) OR (created_at = \(bind: micros) AND id < \(bind: id)))"
        }
        return try await rows("""
            SELECT \(unsafeRaw: Self.messageColumns) FROM outgoing_messages WHERE \(condition)
            ORDER BY created_at DESC, id DESC LIMIT \(literal: limit)
            """).map(Self.message)
    }

    private static let messageColumns = """
        id, message_id, kind, regarding_type, regarding_id, opportunity_id, sender_id, recipients, subject, body_text, body_html, \
        attachment, attachment_name, attachment_sha256, status, attempts, created_at, next_attempt_at, last_attempt_at, last_error, sent_at
        """

    private static func message(_ row: any SQLRow) throws -> OutgoingMessage {
        guard let id = UUID(uuidString: try row.decode(column: "id", as: String.self)),
              let kind = OutgoingMessage.Kind(rawValue: try row.decode(column: "kind", as: String.self)),
              let status = OutgoingMessage.Status(rawValue: try row.decode(column: "status", as: String.self)),
              let created = date(try row.decode(column: "created_at", as: Int64.self)),
              let next = date(try row.decode(column: "next_attempt_at", as: Int64.self)) else {
            throw StoreError.corrupt("outgoing message row with a bad id, kind, status or date")
        }
        let recipients = try decode([String: [String]].self, try row.decode(column: "recipients", as: String.self))
        var message = OutgoingMessage(id: id, messageId: try row.decode(column: "message_id", as: String.self), kind: kind,
                                      to: recipients["to"] ?? [], cc: recipients["cc"] ?? [],
                                      subject: try row.decode(column: "subject", as: String.self),
                                      text: try row.decode(column: "body_text", as: String.self),
                                      html: try row.decode(column: "body_html", as: String?.self), createdAt: created)
        message.regardingType = try row.decode(column: "regarding_type", as: String?.self)
        message.regardingId = try row.decode(column: "regarding_id", as: String?.self).flatMap(UUID.init(uuidString:))
        message.opportunityId = try row.decode(column: "opportunity_id", as: String?.self).flatMap(UUID.init(uuidString:))
        message.senderId = try row.decode(column: "sender_id", as: String?.self).flatMap { ID<User>($0) }
        message.attachment = try row.decode(column: "attachment", as: String?.self).flatMap(OutgoingMessage.Attachment.init(code:))
        message.attachmentName = try row.decode(column: "attachment_name", as: String?.self)
        message.attachmentSha256 = try row.decode(column: "attachment_sha256", as: String?.self)
        message.status = status
        message.attempts = try row.decode(column: "attempts", as: Int.self)
        message.nextAttemptAt = next
        message.lastAttemptAt = date(try row.decode(column: "last_attempt_at", as: Int64?.self))
        message.lastError = try row.decode(column: "last_error", as: String?.self)
        message.sentAt = date(try row.decode(column: "sent_at", as: Int64?.self))
        return message
    }

    // MARK: Secrets

    public func secret(_ name: String) async throws -> String? {
        try await rows("SELECT value FROM secrets WHERE name = \(bind: name)").first?.decode(column: "value", as: String.self)
    }

    /// Sets (or, with nil, forgets) a secret.
    public func setSecret(_ name: String, _ value: String?, at date: Date) async throws {
        try await run("DELETE FROM secrets WHERE name = \(bind: name)")
        if let value {
            try await run("INSERT INTO secrets (name, value, modified_at) VALUES (\(bind: name), \(bind: value), \(bind: Self.timestamp(date)))")
        }
    }
}

extension Transaction {
    /// True for the first caller on `day` of the daily job `name`, on every server sharing the
    /// database: the row is updated only when it holds an earlier day.
    public func claimDailyRun(_ name: String, day: String, at date: Date) async throws -> Bool {
        try await run("""
            INSERT INTO secrets (name, value, modified_at) VALUES (\(bind: "run." + name), '', \(bind: Self.timestamp(date)))
            ON CONFLICT (name) DO NOTHING
            """)
        return !(try await rows("""
            UPDATE secrets SET value = \(bind: day), modified_at = \(bind: Self.timestamp(date))
            WHERE name = \(bind: "run." + name) AND value < \(bind: day) RETURNING name
            """)).isEmpty
    }
}
