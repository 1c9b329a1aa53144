import Foundation
import SQLKit
import VendoCore

extension Transaction {
    /// The active webhooks subscribed to `event`. The active ones are read once per transaction
    /// (`memo`; its own writes of webhooks forget them), since every save with an event asks.
    public func webhooks(subscribedTo event: WebhookEvent) async throws -> [Webhook] {
        if let known = memo.withLock({ $0.activeWebhooks }) { return known.filter { $0.fields.events.contains(event) } }
        let active = try await select(Webhook.self, where: "state = 'active'")
        memo.withLock { $0.activeWebhooks = active }
        return active.filter { $0.fields.events.contains(event) }
    }

    public func insertDelivery(_ delivery: WebhookDelivery) async throws {
        try await run("""
            INSERT INTO webhook_deliveries (id, webhook_id, event, payload, status, attempts, created_at, next_attempt_at)
            VALUES (\(bind: delivery.id.uuidString.lowercased()), \(bind: delivery.webhookId.description), \(bind: delivery.event),
                    \(bind: delivery.payload), \(bind: delivery.status.rawValue), \(bind: Int64(delivery.attempts)),
                    \(bind: Self.timestamp(delivery.createdAt)), \(bind: Self.timestamp(delivery.nextAttemptAt)))
            """)
    }

    /// Takes up to `limit` due deliveries for `claimant` until `until`; on PostgreSQL rows another
    /// server is taking at the same moment are skipped, so each delivery goes to one server.
    public func claimDueDeliveries(claimant: String, now: Date, until: Date, limit: Int) async throws -> [WebhookDelivery] {
        let skipLocked: SQLQueryString = dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        let nowStamp = Self.timestamp(now)
        return try await rows("""
            UPDATE webhook_deliveries SET claimed_by = \(bind: claimant), claimed_until = \(bind: Self.timestamp(until))
            WHERE id IN (SELECT id FROM webhook_deliveries
                         WHERE status = 'pending' AND next_attempt_at <= \(bind: nowStamp)
                           AND (claimed_until IS NULL OR claimed_until < \(bind: nowStamp))
                         ORDER BY next_attempt_at LIMIT \(literal: limit)\(skipLocked))
            RETURNING \(unsafeRaw: Self.deliveryColumns)
            """).map(Self.delivery)
    }

    /// Records an attempt of a delivery this claimant holds; false when its claim was lost.
    @discardableResult
    public func recordAttempt(_ delivery: WebhookDelivery, claimant: String) async throws -> Bool {
        let found = try await rows("""
            UPDATE webhook_deliveries SET status = \(bind: delivery.status.rawValue), attempts = \(bind: Int64(delivery.attempts)),
                next_attempt_at = \(bind: Self.timestamp(delivery.nextAttemptAt)),
                last_attempt_at = \(bind: delivery.lastAttemptAt.map(Self.timestamp)),
                last_status_code = \(bind: delivery.lastStatusCode.map(Int64.init)), last_error = \(bind: delivery.lastError),
                delivered_at = \(bind: delivery.deliveredAt.map(Self.timestamp)), claimed_by = NULL, claimed_until = NULL
            WHERE id = \(bind: delivery.id.uuidString.lowercased()) AND claimed_by = \(bind: claimant)
            RETURNING id
            """)
        return !found.isEmpty
    }

    /// A webhook's deliveries, newest first, after the keyset position `before` (`micros.id`).
    public func deliveries(of webhook: ID<Webhook>, before: (Int64, String)?, limit: Int) async throws -> [WebhookDelivery] {
        var condition: SQLQueryString = "webhook_id = \(bind: webhook.description)"
        if let (micros, id) = before {
            condition += " AND (created_at < \(bind: micros) OR (created_at = \(bind: micros) AND id < \(bind: id)))"
        }
        return try await rows("""
            SELECT \(unsafeRaw: Self.deliveryColumns) FROM webhook_deliveries WHERE \(condition)
            ORDER BY created_at DESC, id DESC LIMIT \(literal: limit)
            """).map(Self.delivery)
    }

    public func delivery(_ id: UUID, of webhook: ID<Webhook>) async throws -> WebhookDelivery? {
        try await rows("""
            SELECT \(unsafeRaw: Self.deliveryColumns) FROM webhook_deliveries
            WHERE id = \(bind: id.uuidString.lowercased()) AND webhook_id = \(bind: webhook.description)
            """).map(Self.delivery).first
    }

    /// Puts a delivery back in the queue, to be sent at once (a replay).
    public func requeueDelivery(_ id: UUID, at date: Date) async throws {
        try await run("""
            UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = \(bind: Self.timestamp(date)),
                claimed_by = NULL, claimed_until = NULL WHERE id = \(bind: id.uuidString.lowercased())
            """)
    }

    private static let deliveryColumns = """
        id, webhook_id, event, payload, status, attempts, created_at, next_attempt_at, last_attempt_at, last_status_code, \
        last_error, delivered_at
        """

    private static func delivery(_ row: any SQLRow) throws -> WebhookDelivery {
        guard let id = UUID(uuidString: try row.decode(column: "id", as: String.self)),
              let webhook = ID<Webhook>(try row.decode(column: "webhook_id", as: String.self)),
              let status = WebhookDelivery.Status(rawValue: try row.decode(column: "status", as: String.self)),
              let created = date(try row.decode(column: "created_at", as: Int64.self)),
              let next = date(try row.decode(column: "next_attempt_at", as: Int64.self)) else {
            throw StoreError.corrupt("webhook delivery row with a bad id, status or date")
        }
        var delivery = WebhookDelivery(id: id, webhookId: webhook, event: try row.decode(column: "event", as: String.self),
                                       payload: try row.decode(column: "payload", as: String.self), createdAt: created)
        delivery.status = status
        delivery.attempts = try row.decode(column: "attempts", as: Int.self)
        delivery.nextAttemptAt = next
        delivery.lastAttemptAt = date(try row.decode(column: "last_attempt_at", as: Int64?.self))
        delivery.lastStatusCode = try row.decode(column: "last_status_code", as: Int?.self)
        delivery.lastError = try row.decode(column: "last_error", as: String?.self)
        delivery.deliveredAt = date(try row.decode(column: "delivered_at", as: Int64?.self))
        return delivery
    }
}
