import Foundation
import Hummingbird
import VendoCore
import VendoServices

/// Sending documents, the outbox, mail templates, the team's notifications and password resets.
enum MailResources {
    static func render(_ message: OutgoingMessage) -> JSON {
        .object([
            ("id", .string(message.id.uuidString.lowercased())), ("messageId", .string(message.messageId)),
            ("kind", .string(message.kind.rawValue)), ("regardingType", .string(message.regardingType)),
            ("regardingId", .string(message.regardingId?.uuidString.lowercased())), ("senderId", .id(message.senderId)),
            ("to", .array(message.to.map(JSON.string))), ("cc", .array(message.cc.map(JSON.string))),
            // A password reset's text holds its link: never shown.
            ("subject", .string(message.subject)), ("status", .string(message.status.rawValue)), ("attempts", .int(message.attempts)),
            ("createdAt", .date(message.createdAt)), ("nextAttemptAt", message.status == .queued ? .date(message.nextAttemptAt) : .null),
            ("lastAttemptAt", .date(message.lastAttemptAt)), ("lastError", .string(message.lastError)), ("sentAt", .date(message.sentAt)),
            ("attachmentName", .string(message.attachmentName)), ("attachmentSha256", .string(message.attachmentSha256)),
        ])
    }

    static let messageSchema = Schema.object([
        ("id", .uuid), ("messageId", .string), ("kind", .choice(OutgoingMessage.Kind.allCases.map(\.rawValue))),
        ("regardingType", Schema.string.nullable), ("regardingId", Schema.uuid.nullable), ("senderId", Schema.uuid.nullable),
        ("to", .array(.string)), ("cc", .array(.string)), ("subject", .string),
        ("status", .choice(OutgoingMessage.Status.allCases.map(\.rawValue))), ("attempts", .integer), ("createdAt", .dateTime),
        ("nextAttemptAt", Schema.dateTime.nullable), ("lastAttemptAt", Schema.dateTime.nullable), ("lastError", Schema.string.nullable),
        ("sentAt", Schema.dateTime.nullable), ("attachmentName", Schema.string.nullable), ("attachmentSha256", Schema.string.nullable),
    ], required: ["id", "messageId", "kind", "to", "subject", "status"])

    static func sendRequest(_ request: APIRequest) throws -> Services.SendRequest {
        var reader = FieldReader(try request.json())
        var send = Services.SendRequest()
        reader.read("to", into: &send.to, recipients)
        var cc: [String]?
        reader.read("cc", into: &cc, recipients)
        send.cc = cc ?? []
        reader.read("subject", into: &send.subject, Convert.string)
        reader.read("body", into: &send.body, Convert.string)
        reader.read("template", into: &send.template, Convert.choice(MailTemplate.Kind.self))
        try finish(&reader)
        return send
    }

    /// A list of addresses, or one string of them separated by commas.
    @Sendable static func recipients(_ json: JSON) -> Result<[String], FieldProblem> {
        if let text = json.stringValue { return .success(OutgoingMessage.addresses(text)) }
        guard let items = json.arrayValue, items.allSatisfy({ $0.stringValue != nil }) else {
            return .failure(FieldProblem(code: "invalid_type", message: "must be an array of e-mail addresses"))
        }
        return .success(items.compactMap(\.stringValue).map { $0.trimmingWhitespace() })
    }

    static let sendSchema = Schema.object([
        ("to", .array(.text(maxLength: 254))), ("cc", .array(.text(maxLength: 254))), ("subject", .text(maxLength: 300)),
        ("body", .text(maxLength: 20_000)), ("template", .choice(MailTemplate.Kind.allCases.map(\.rawValue))),
    ])

    static func renderTemplate(_ template: MailTemplate, edited: Bool) -> JSON {
        let preview = Services.preview(template)
        return .object([("kind", .string(template.kind.rawValue)), ("language", .string(template.language.rawValue)),
                        ("subject", .string(template.subject)), ("body", .string(template.body)), ("edited", .bool(edited)),
                        ("preview", .object([("subject", .string(preview.subject)), ("body", .string(preview.body))]))])
    }

    static let templateSchema = Schema.object([
        ("kind", .choice(MailTemplate.Kind.allCases.map(\.rawValue))), ("language", .choice(Language.allCases.map(\.rawValue))),
        ("subject", .text(maxLength: 300)), ("body", .text(maxLength: 20_000)), ("edited", .boolean),
        ("preview", .object([("subject", .string), ("body", .string)])),
    ])

    static func render(_ notification: TeamNotification, language: Language) -> JSON {
        let event = NotificationEvent(rawValue: notification.event)
        return .object([
            ("id", .string(notification.id.uuidString.lowercased())), ("event", .string(notification.event)),
            ("recordType", .string(notification.recordType)), ("recordId", .string(notification.recordId?.uuidString.lowercased())),
            ("title", .string(notification.title)), ("text", .string(event?.sentence(notification.title, language) ?? notification.title)),
            ("createdAt", .date(notification.createdAt)), ("readAt", .date(notification.readAt)),
        ])
    }

    /// `limit` of a list: 1 to 200, 50 when absent.
    static func limit(_ request: APIRequest) throws -> Int {
        guard let text = request.query["limit"] else { return 50 }
        guard let value = Int(text), (1...200).contains(value) else {
            throw APIError.validation([FieldError("limit", "out_of_range", "limit is 1 to 200")])
        }
        return value
    }

    static func routes(_ s: Services) -> [Route] {
        var routes: [Route] = []
        for (path, kind) in [("quotes", "Quote"), ("orders", "Order"), ("invoices", "Invoice")] {
            routes.append(Route(.post, "/api/v1/\(path)/{id}/send", id: "send\(kind)",
                                "Send the \(kind.lowercased()) by e-mail with its PDF: 202 with the queued message"
                                + (kind == "Quote" ? " (a draft quote is activated in the same transaction)"
                                   : kind == "Invoice" ? " (a draft invoice is issued in the same transaction)" : ""),
                                body: sendSchema, responses: responses([202: .ref("Message")], conflict: true, precondition: true)) { request in
                let document: Services.SendableDocument = switch kind {
                case "Quote": .quote(try request.id())
                case "Order": .order(try request.id())
                default: .invoice(try request.id())
                }
                let message = try await s.send(document, try sendRequest(request), ifVersion: try request.ifMatch(), by: try request.user())
                return APIResponse(.accepted, render(message))
            })
        }
        routes += [
            Route(.post, "/api/v1/invoices/{id}/reminders", id: "remindInvoice",
                  "Send a payment reminder of an overdue invoice with its PDF: 202 with the queued message (409 not_overdue)",
                  body: sendSchema, responses: responses([202: .ref("Message")], conflict: true, precondition: true)) { request in
                let message = try await s.send(.reminder(try request.id()), try sendRequest(request), ifVersion: try request.ifMatch(),
                                               by: try request.user())
                return APIResponse(.accepted, render(message))
            },
            Route(.get, "/api/v1/messages", id: "listMessages",
                  "The outbox, newest first: queued, sent and failed messages (admins: all; others: those they or their teams sent)",
                  responses: responses([200: pageSchema("Message")]),
                  query: [QueryParameter(name: "limit", schema: .integer(1...200), description: "page size"),
                          QueryParameter(name: "cursor", schema: .string, description: "the nextCursor of the previous page"),
                          QueryParameter(name: "regardingId", schema: .uuid, description: "messages about this record"),
                          QueryParameter(name: "status", schema: .choice(OutgoingMessage.Status.allCases.map(\.rawValue)), description: "filter")]) { request in
                let user = try request.user()
                var regarding: UUID?
                if let text = request.query["regardingId"] {
                    guard let id = UUID(uuidString: text) else {
                        throw APIError.validation([FieldError("regardingId", "invalid_id", "regardingId is not an id")])
                    }
                    regarding = id
                }
                var status: OutgoingMessage.Status?
                if let text = request.query["status"] {
                    guard let value = OutgoingMessage.Status(rawValue: text) else {
                        throw APIError.validation([FieldError("status", "invalid_choice", "status is queued, sent or failed")])
                    }
                    status = value
                }
                return page(try await s.messages(regarding: regarding, status: status, limit: try limit(request),
                                                 cursor: request.query["cursor"], by: user), render)
            },
            Route(.get, "/api/v1/messages/{id}", id: "getMessage", "One message of the outbox", responses: responses([200: .ref("Message")])) { request in
                guard let id = UUID(uuidString: request.parameters["id"] ?? "") else { throw APIError.notFound }
                return APIResponse(.ok, render(try await s.message(id, by: try request.user())))
            },
            Route(.get, "/api/v1/mail-templates", id: "listMailTemplates", "Every mail template in force, with a preview (admins)",
                  responses: responses([200: .ref("MailTemplates")])) { request in
                let templates = try await s.mailTemplates(by: try request.user())
                return APIResponse(.ok, .object([("items", .array(templates.map { renderTemplate($0.template, edited: $0.edited) })),
                                                 ("variables", .array(MailTemplate.variables.map(JSON.string)))]))
            },
            Route(.put, "/api/v1/mail-templates/{kind}/{language}", id: "updateMailTemplate",
                  "Edit a template: Mustache, with the fixed variables listed by GET /mail-templates; subject and body null go back to the shipped one",
                  body: .object([("subject", Schema.text(maxLength: 300).nullable), ("body", Schema.text(maxLength: 20_000).nullable)]),
                  responses: responses([200: .ref("MailTemplate")])) { request in
                guard let kind = MailTemplate.Kind(rawValue: request.parameters["kind"] ?? ""),
                      let language = Language(rawValue: request.parameters["language"] ?? "") else { throw APIError.notFound }
                var reader = FieldReader(try request.json())
                var subject: String?, body: String?
                reader.read("subject", into: &subject, Convert.string)
                reader.read("body", into: &body, Convert.string)
                reader.ignore(["kind", "language", "edited", "preview"])
                try finish(&reader)
                let template = try await s.updateMailTemplate(kind, language, subject: subject, body: body, by: try request.user())
                return APIResponse(.ok, renderTemplate(template, edited: template != .shipped(kind, language)))
            },
            Route(.get, "/api/v1/notifications", id: "listNotifications", "Your notifications, newest first, with the unread count",
                  responses: responses([200: .ref("Notifications")]),
                  query: [QueryParameter(name: "limit", schema: .integer(1...200), description: "page size"),
                          QueryParameter(name: "cursor", schema: .string, description: "the nextCursor of the previous page"),
                          QueryParameter(name: "unread", schema: .boolean, description: "only the unread ones")]) { request in
                let user = try request.user()
                let me = try await s.get(User.self, user.userId, by: user)
                var unreadOnly = false
                if let text = request.query["unread"] {
                    guard text == "true" || text == "false" else {
                        throw APIError.validation([FieldError("unread", "invalid_type", "unread is true or false")])
                    }
                    unreadOnly = text == "true"
                }
                let (page, unread) = try await s.notifications(unreadOnly: unreadOnly, limit: try limit(request), cursor: request.query["cursor"],
                                                               by: user)
                let language = Language(locale: me.locale)
                return APIResponse(.ok, .object([("items", .array(page.items.map { render($0, language: language) })),
                                                 ("nextCursor", .string(page.nextCursor)), ("unread", .int(unread))]))
            },
            Route(.post, "/api/v1/notifications/{id}/read", id: "readNotification", "Mark one of your notifications read",
                  responses: responses([204: nil])) { request in
                guard let id = UUID(uuidString: request.parameters["id"] ?? "") else { throw APIError.notFound }
                try await s.markNotificationRead(id, by: try request.user())
                return APIResponse(.noContent, nil)
            },
            Route(.post, "/api/v1/notifications/read", id: "readAllNotifications", "Mark all your notifications read",
                  responses: responses([204: nil])) { request in
                try await s.markNotificationRead(nil, by: try request.user())
                return APIResponse(.noContent, nil)
            },
            Route(.post, "/api/v1/password-reset", id: "requestPasswordReset",
                  "Ask for a password reset link by e-mail; the same 202 whether or not the address is a user's",
                  isPublic: true, body: .object([("email", .text(maxLength: 254))], required: ["email"]),
                  responses: [202: .ref("Empty"), 400: .ref("Problem"), 422: .ref("Problem"), 429: .ref("Problem")]) { request in
                var reader = FieldReader(try request.json())
                var email = ""
                reader.read("email", into: &email, required: true, Convert.string)
                try finish(&reader)
                try await s.requestPasswordReset(email: email.trimmingWhitespace(), clientAddress: request.clientAddress)
                return APIResponse(.accepted, .object([]))
            },
            Route(.post, "/api/v1/password-reset/{token}", id: "resetPassword",
                  "Set a new password through a reset link, once; every session of the user ends (404 for an unknown, used or expired link)",
                  isPublic: true, body: .object([("password", .text(maxLength: 200))], required: ["password"]),
                  responses: [204: nil, 400: .ref("Problem"), 404: .ref("Problem"), 422: .ref("Problem")]) { request in
                var reader = FieldReader(try request.json())
                var password = ""
                reader.read("password", into: &password, required: true, Convert.string)
                try finish(&reader)
                try await s.resetPassword(token: request.parameters["token"] ?? "", newPassword: password)
                return APIResponse(.noContent, nil)
            },
        ]
        return routes
    }

    static let schemas: [(String, Schema)] = [
        ("Message", messageSchema),
        ("MailTemplate", templateSchema),
        ("MailTemplates", .object([("items", .array(.ref("MailTemplate"))), ("variables", .array(.string))])),
        ("Notifications", .object([("items", .array(.object([
            ("id", .uuid), ("event", .choice(NotificationEvent.allCases.map(\.rawValue))), ("recordType", Schema.string.nullable),
            ("recordId", Schema.uuid.nullable), ("title", .string), ("text", .string), ("createdAt", .dateTime),
            ("readAt", Schema.dateTime.nullable),
        ]))), ("nextCursor", Schema.string.nullable), ("unread", .integer)])),
    ]
}
