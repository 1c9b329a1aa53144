import Foundation
import Hummingbird
import VendoCore
import VendoServices

/// `/webhooks` (admins only, since a webhook shows its signing secret), its deliveries and replays.
enum WebhooksResource {
    static let fields: [FieldSpec<WebhookFields>] = [
        .text("url", \.url, max: 2000),
        FieldSpec(name: "events", schema: .array(.choice(WebhookEvent.allCases.map(\.rawValue))), required: true,
                  render: { .array($0.events.map { .string($0.rawValue) }) },
                  apply: { reader, root, creating in reader.read("events", into: &root.events, required: creating, events) }),
        .text("description", \.description, max: 1000), .bool("active", \.active),
    ]

    static func events(_ json: JSON) -> Result<[WebhookEvent], FieldProblem> {
        let names = WebhookEvent.allCases.map(\.rawValue).joined(separator: ", ")
        guard let items = json.arrayValue else { return .failure(FieldProblem(code: "invalid_type", message: "must be an array of events")) }
        var out: [WebhookEvent] = []
        for item in items {
            guard let event = item.stringValue.flatMap(WebhookEvent.init(rawValue:)) else {
                return .failure(FieldProblem(code: "invalid_choice", message: "events are among \(names)"))
            }
            out.append(event)
        }
        return .success(out)
    }

    static func render(_ hook: Webhook) -> JSON {
        .object(meta(hook) + fields.render(hook.fields) + [("secret", .string(hook.secret))])
    }

    static func render(_ delivery: WebhookDelivery) -> JSON {
        .object([
            ("id", .string(delivery.id.uuidString.lowercased())), ("event", .string(delivery.event)),
            ("status", .string(delivery.status.rawValue)), ("attempts", .int(delivery.attempts)),
            ("createdAt", .date(delivery.createdAt)), ("nextAttemptAt", delivery.status == .pending ? .date(delivery.nextAttemptAt) : .null),
            ("lastAttemptAt", .date(delivery.lastAttemptAt)),
            ("lastStatusCode", delivery.lastStatusCode.map(JSON.int) ?? .null), ("lastError", .string(delivery.lastError)),
            ("deliveredAt", .date(delivery.deliveredAt)), ("payload", .string(delivery.payload)),
        ])
    }

    static let schemas: [(String, Schema)] = crudSchemas("Webhook", fields, extra: [("secret", .string)], required: ["url", "events"]) + [
        ("WebhookDelivery", .object([
            ("id", .uuid), ("event", .string), ("status", .choice(["pending", "delivered", "failed"])), ("attempts", .integer),
            ("createdAt", .dateTime), ("nextAttemptAt", Schema.dateTime.nullable), ("lastAttemptAt", Schema.dateTime.nullable),
            ("lastStatusCode", Schema.integer.nullable), ("lastError", Schema.string.nullable), ("deliveredAt", Schema.dateTime.nullable),
            ("payload", .string),
        ], required: ["id", "event", "status", "attempts"])),
    ]

    static func routes(_ s: Services) -> [Route] {
        let base = "/api/v1/webhooks"
        let readOnly = readOnlyMetaKeys + ["secret"]
        return [
            Route(.get, base, id: "listWebhooks", "List webhooks (admins)", responses: responses([200: pageSchema("Webhook")]),
                  query: listParameters([])) { request in
                page(try await s.webhooks(try listQuery(request, filters: []), by: try request.user()), render)
            },
            Route(.post, base, id: "createWebhook", "Subscribe a URL to events; deliveries are signed with the secret it answers",
                  body: .ref("WebhookInput"), responses: responses([201: .ref("Webhook")])) { request in
                var value = WebhookFields(url: "", events: [])
                try fields.apply(try request.json(), to: &value, creating: true, extraKeys: readOnly)
                let hook = try await s.createWebhook(value, by: try request.user())
                var answer = APIResponse.record(render(hook), version: hook.info.version, status: .created, location: "\(base)/\(hook.id)")
                // It carries the signing secret.
                answer.replayable = false
                return answer
            },
            Route(.get, "\(base)/{id}", id: "getWebhook", "Read a webhook (admins)", responses: responses([200: .ref("Webhook")])) { request in
                let hook = try await s.webhook(try request.id(), by: try request.user())
                return .record(render(hook), version: hook.info.version)
            },
            Route(.patch, "\(base)/{id}", id: "updateWebhook", "Change a webhook", body: .ref("WebhookPatch"),
                  responses: responses([200: .ref("Webhook")], precondition: true)) { request in
                let id: ID<Webhook> = try request.id()
                let current = try await s.webhook(id, by: try request.user())
                var value = current.fields
                try fields.apply(try request.json(), to: &value, creating: false, extraKeys: readOnly)
                let changed = value
                let hook = try await s.updateWebhook(id, ifVersion: try request.version(over: current.info.version), by: try request.user()) {
                    $0 = changed
                }
                return .record(render(hook), version: hook.info.version)
            },
            Route(.delete, "\(base)/{id}", id: "deleteWebhook", "Delete a webhook; its pending deliveries fail",
                  responses: responses([204: nil], precondition: true)) { request in
                try await s.deleteWebhook(try request.id(), ifVersion: try request.ifMatch(), by: try request.user())
                return APIResponse(.noContent, nil)
            },
            Route(.get, "\(base)/{id}/deliveries", id: "listWebhookDeliveries",
                  "A webhook's deliveries, newest first: status, attempts, last answer", responses: responses([200: pageSchema("WebhookDelivery")]),
                  query: [QueryParameter(name: "limit", schema: .integer(1...200), description: "page size (default 50)"),
                          QueryParameter(name: "cursor", schema: .string, description: "from the previous page's nextCursor")]) { request in
                var limit = 50
                for (key, value) in request.query {
                    switch key {
                    case "limit":
                        guard let number = Int(value), (1...200).contains(number) else {
                            throw APIError.validation([FieldError("limit", "out_of_range", "limit must be a whole number from 1 to 200")])
                        }
                        limit = number
                    case "cursor": break
                    default: throw APIError.validation([FieldError(key, "unknown_parameter", "\(key) is not a parameter of this list")])
                    }
                }
                let found = try await s.deliveries(of: try request.id(), limit: limit, cursor: request.query["cursor"], by: try request.user())
                return page(found, render)
            },
            Route(.post, "\(base)/{id}/deliveries/{deliveryId}/replay", id: "replayWebhookDelivery",
                  "Send a delivery again, as soon as a worker is free", responses: responses([200: .ref("WebhookDelivery")])) { request in
                guard let delivery = request.parameters["deliveryId"].flatMap(UUID.init(uuidString:)) else { throw APIError.notFound }
                return APIResponse(.ok, render(try await s.replayDelivery(delivery, of: try request.id(), by: try request.user())))
            },
        ]
    }
}
