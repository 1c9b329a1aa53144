import Foundation
import VendoCore
import VendoStore

/// The body of a delivery: which event, when, and which record (its API address); the receiver
/// reads the record itself from the API when it needs more.
struct WebhookPayload: Codable {
    struct Subject: Codable {
        var recordType: String
        var id: String
        var state: String?
        var status: String?
        var version: Int
        var path: String
    }

    var id: String
    var event: String
    var occurredAt: Date
    var data: Subject

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    static let paths = [
        Lead.recordType: "leads", Opportunity.recordType: "opportunities", Quote.recordType: "quotes",
        Order.recordType: "orders", Invoice.recordType: "invoices",
    ]
}

extension Services {
    /// Writes a delivery for every webhook subscribed to the event `record` raises by being
    /// created (`before` nil) or by moving from `before`'s state; in the caller's transaction,
    /// so a change and its deliveries are saved together or not at all.
    func raiseEvents<R: Record>(_ record: R, before: R?, in tx: Transaction) async throws {
        var state: String?, status: String?, event: WebhookEvent?
        if let lifecycle = record as? any LifecycleRecord {
            state = lifecycle.state.rawValue
            status = lifecycle.status.rawValue
        }
        if let before {
            let old = (before as? any LifecycleRecord).map { ($0.state.rawValue, $0.status.rawValue) }
            let next = state.map { WebhookEvent.entered(R.recordType, state: $0, status: status ?? "", from: old?.0) } ?? nil
            let previous = old.map { WebhookEvent.entered(R.recordType, state: $0.0, status: $0.1) } ?? nil
            event = next == previous ? nil : next
        } else {
            event = WebhookEvent.created(R.recordType)
        }
        guard let event else { return }
        try await deliver(event, of: record, state: state, status: status, to: try await tx.webhooks(subscribedTo: event), in: tx)
    }

    /// `raiseEvents` for records just created, asking for the subscriptions once.
    func raiseCreated<R: Record>(_ records: [R], in tx: Transaction) async throws {
        let event = WebhookEvent.created(R.recordType)
        guard let event, !records.isEmpty else { return }
        let hooks = try await tx.webhooks(subscribedTo: event)
        guard !hooks.isEmpty else { return }
        for record in records {
            let lifecycle = record as? any LifecycleRecord
            try await deliver(event, of: record, state: lifecycle?.state.rawValue, status: lifecycle?.status.rawValue, to: hooks, in: tx)
        }
    }

    private func deliver<R: Record>(_ event: WebhookEvent, of record: R, state: String?, status: String?, to hooks: [Webhook],
                                    in tx: Transaction) async throws {
        guard !hooks.isEmpty else { return }
        let now = clock.now()
        for hook in hooks {
            let id = ids.next()
            let payload = WebhookPayload(
                id: id.uuidString.lowercased(), event: event.rawValue, occurredAt: now,
                data: .init(recordType: R.recordType, id: record.id.description, state: state, status: status, version: record.info.version,
                            path: "/api/v1/\(WebhookPayload.paths[R.recordType] ?? R.recordType)/\(record.id)"))
            let body = String(decoding: try WebhookPayload.encoder.encode(payload), as: UTF8.self)
            try await tx.insertDelivery(WebhookDelivery(id: id, webhookId: hook.id, event: event.rawValue, payload: body, createdAt: now))
        }
    }

    // MARK: Subscriptions (admins only: they hold the signing secrets)

    public func createWebhook(_ fields: WebhookFields, by caller: Caller) async throws -> Webhook {
        try ensureAdmin(caller, Webhook.recordType, "create")
        try await checkDestination(of: fields)
        return try await write(as: caller) { tx in
            let hook = try Webhook(id: newID(), info: newInfo(caller), fields: fields, secret: "whsec_" + Self.randomSecret())
            try await insert(hook, by: caller, in: tx)
            return hook
        }
    }

    public func updateWebhook(_ id: ID<Webhook>, ifVersion: Int?, by caller: Caller,
                              _ edit: @escaping @Sendable (inout WebhookFields) -> Void) async throws -> Webhook {
        try ensureAdmin(caller, Webhook.recordType, "update")
        // The destination is looked up before the transaction, never inside it.
        var checked = try await webhook(id, by: caller).fields
        edit(&checked)
        try await checkDestination(of: checked)
        let url = checked.url
        return try await write(as: caller) { tx in
            try await change(Webhook.self, id, ifVersion: ifVersion, by: caller, action: "update", in: tx) { hook in
                var fields = hook.fields
                edit(&fields)
                if fields.url != url {
                    throw ServiceError.conflict(code: "changed_meanwhile", message: "the webhook changed while it was checked; try again",
                                                related: [id.description])
                }
                try hook.update(fields)
            }
        }
    }

    /// Refuses a webhook URL whose host leads to this machine or its networks (422 on `url`),
    /// unless an administrator allowed the host. A host that does not resolve yet is let
    /// through: each delivery is checked again.
    func checkDestination(of fields: WebhookFields) async throws {
        guard CaptureFormFields.isWebURL(fields.url) else { return }  // the record's own validation names it
        let allowed = try await read { tx in try await tx.settings()?.outboundAllowedHosts ?? [] }
        do {
            try await OutboundHTTP.checkDestination(fields.url, allowedHosts: allowed, resolveFailureIsAnError: false)
        } catch let error as OutboundError {
            throw ServiceError.invalid("url", "forbidden_destination", error.description)
        }
    }

    public func deleteWebhook(_ id: ID<Webhook>, ifVersion: Int?, by caller: Caller) async throws {
        try ensureAdmin(caller, Webhook.recordType, "delete")
        try await write(as: caller) { tx in
            try await remove(try await load(Webhook.self, id, in: tx), ifVersion: ifVersion, by: caller, in: tx)
        }
    }

    public func webhooks(_ query: ListQuery, by caller: Caller) async throws -> Page<Webhook> {
        try ensureAdmin(caller, Webhook.recordType, "read")
        return try await list(Webhook.self, query, by: caller)
    }

    public func webhook(_ id: ID<Webhook>, by caller: Caller) async throws -> Webhook {
        try ensureAdmin(caller, Webhook.recordType, "read")
        return try await get(Webhook.self, id, by: caller)
    }

    /// A webhook's deliveries, newest first; `cursor` is the last one of the previous page.
    public func deliveries(of id: ID<Webhook>, limit: Int, cursor: String?, by caller: Caller) async throws -> Page<WebhookDelivery> {
        try ensureAdmin(caller, Webhook.recordType, "read")
        var position: (Int64, String)?
        if let cursor {
            let parts = cursor.split(separator: "_", maxSplits: 1).map(String.init)
            guard parts.count == 2, let micros = Int64(parts[0]), UUID(uuidString: parts[1]) != nil else {
                throw ServiceError.invalid("cursor", "invalid_cursor", "the cursor is not one this server gave")
            }
            position = (micros, parts[1].lowercased())
        }
        let before = position
        return try await read(as: caller) { tx in
            _ = try await load(Webhook.self, id, in: tx)
            let found = try await tx.deliveries(of: id, before: before, limit: limit + 1)
            let items = Array(found.prefix(limit))
            let next = found.count > limit ? items.last.map { "\(Int64(($0.createdAt.timeIntervalSince1970 * 1_000_000).rounded()))_\($0.id.uuidString.lowercased())" } : nil
            return Page(items: items, nextCursor: next)
        }
    }

    /// Sends a delivery again (whatever became of it), as soon as a worker is free.
    public func replayDelivery(_ deliveryId: UUID, of id: ID<Webhook>, by caller: Caller) async throws -> WebhookDelivery {
        try ensureAdmin(caller, Webhook.recordType, "replay")
        return try await write(as: caller) { tx in
            _ = try await load(Webhook.self, id, in: tx)
            guard try await tx.delivery(deliveryId, of: id) != nil else {
                throw ServiceError.notFound(recordType: "delivery", id: deliveryId.uuidString.lowercased())
            }
            try await tx.requeueDelivery(deliveryId, at: clock.now())
            try await tx.appendHistory([entry(Webhook.recordType, id.uuid, caller, "replay")])
            guard let delivery = try await tx.delivery(deliveryId, of: id) else {
                throw ServiceError.notFound(recordType: "delivery", id: deliveryId.uuidString.lowercased())
            }
            return delivery
        }
    }
}
