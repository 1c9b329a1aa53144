import Foundation
import Hummingbird
import VendoCore
import VendoServices

/// `/activities` and every record's `/timeline`.
enum ActivitiesResource {
    static let fields: [FieldSpec<ActivityFields>] = [
        .text("subject", \.subject), .text("body", \.body, max: 20000), .dateTime("dueAt", \.dueAt), .dateTime("startAt", \.startAt),
        .dateTime("endAt", \.endAt), .choice("priority", \.priority),
        .customFields(\.customFields, of: .activity),
    ]

    static let readOnly = readOnlyMetaKeys + ["type", "regardingType", "regardingId", "state", "status", "closedAt", "overdue"]

    static func render(_ activity: Activity, now: Date) -> JSON {
        .object(meta(activity) + [("type", .string(activity.type.rawValue)), ("regardingType", .string(activity.regardingType.rawValue)),
                                  ("regardingId", .string(activity.regardingId.uuidString.lowercased()))]
                + lifecycle(activity) + fields.render(activity.fields)
                + [("closedAt", .date(activity.closedAt)), ("overdue", .bool(activity.isOverdue(at: now)))])
    }

    static let schema = Schema.object(
        metaSchema + [("type", .choice(ActivityType.allCases.map(\.rawValue))),
                      ("regardingType", .choice(RegardingType.allCases.map(\.rawValue))), ("regardingId", .uuid),
                      ("state", .choice(ActivityState.allCases.map(\.rawValue))), ("status", .choice(ActivityState.allCases.map(\.rawValue)))]
            + fields.schemaProperties() + [("closedAt", Schema.dateTime.nullable), ("overdue", .boolean)],
        required: ["id", "version", "type", "regardingType", "regardingId", "state", "subject"])

    static let filters = ["type", "regardingType", "regardingId"]

    static func routes(_ s: Services) -> [Route] {
        let base = "/api/v1/activities"
        let now = { @Sendable in s.now }
        return [
            Route(.get, base, id: "listActivities",
                  "List activities; overdue=true gives the open ones past their due time, dueBefore those due before an instant",
                  responses: responses([200: pageSchema("Activity")]),
                  query: listParameters(filters) + [
                      QueryParameter(name: "overdue", schema: .choice(["true", "false"]), description: "open and past due"),
                      QueryParameter(name: "dueBefore", schema: .dateTime, description: "due before this instant"),
                  ]) { request in
                let caller = try request.user()
                var plain = request
                plain.query = request.query.filter { $0.key != "overdue" && $0.key != "dueBefore" }
                var query = try listQuery(plain, filters: filters)
                var errors: [FieldError] = []
                if let due = request.query["dueBefore"] {
                    if let date = RFC3339.parse(due) { query.before["dueBefore"] = date } else {
                        errors.append(FieldError("dueBefore", "invalid_date", "dueBefore must be an RFC 3339 date-time"))
                    }
                }
                switch request.query["overdue"] {
                case nil, "false": break
                case "true":
                    if let state = query.filters["state"], state != "open" {
                        errors.append(FieldError("overdue", "conflicting_filters", "overdue activities are open ones"))
                    }
                    query.filters["state"] = "open"
                    query.before["dueBefore"] = min(query.before["dueBefore"] ?? .distantFuture, now())
                default: errors.append(FieldError("overdue", "invalid_type", "overdue is true or false"))
                }
                if let type = query.filters["type"], ActivityType(rawValue: type) == nil {
                    errors.append(FieldError("type", "invalid_choice", "type is one of " + ActivityType.allCases.map(\.rawValue).joined(separator: ", ")))
                }
                if !errors.isEmpty { throw APIError.validation(errors) }
                let at = now()
                return page(try await s.list(Activity.self, query, by: caller)) { render($0, now: at) }
            },
            Route(.post, base, id: "createActivity", "Plan or log an activity about a record", body: .ref("ActivityInput"),
                  responses: responses([201: .ref("Activity")])) { request in
                let json = try request.json()
                var reader = FieldReader(json)
                var type = ActivityType.task
                reader.read("type", into: &type, required: true, Convert.choice(ActivityType.self))
                var regardingType = RegardingType.lead
                reader.read("regardingType", into: &regardingType, required: true, Convert.choice(RegardingType.self))
                var regardingId = UUID()
                reader.read("regardingId", into: &regardingId, required: true) { json in
                    if case .string(let text) = json, let id = UUID(uuidString: text) { return .success(id) }
                    return .failure(FieldProblem(code: "invalid_id", message: "must be a UUID"))
                }
                var state: ActivityState?
                reader.read("state", into: &state, Convert.choice(ActivityState.self))
                var value = ActivityFields(subject: "")
                for spec in fields { spec.apply(&reader, &value, true) }
                reader.ignore(readOnlyMetaKeys + ["status", "closedAt", "overdue"])
                reader.finish()
                await reader.addListedProblems(value, s)
                try reader.check()
                let activity = try await s.createActivity(type, regarding: regardingType, regardingId, fields: value, state: state,
                                                          by: try request.user())
                return .record(render(activity, now: now()), version: activity.info.version, status: .created,
                               location: "\(base)/\(activity.id)")
            },
            Route(.get, "\(base)/{id}", id: "getActivity", "Read an activity", responses: responses([200: .ref("Activity")])) { request in
                _ = try request.user()
                let activity = try await s.get(Activity.self, try request.id(), by: try request.user())
                return .record(render(activity, now: now()), version: activity.info.version)
            },
            Route(.patch, "\(base)/{id}", id: "updateActivity", "Change an open activity (or a note's text)", body: .ref("ActivityPatch"),
                  responses: responses([200: .ref("Activity")], conflict: true, precondition: true)) { request in
                let id: ID<Activity> = try request.id()
                let current = try await s.get(Activity.self, id, by: try request.user())
                var value = current.fields
                let json = try request.json()
                var reader = FieldReader(json)
                for (key, now) in [("type", current.type.rawValue), ("regardingType", current.regardingType.rawValue),
                                   ("regardingId", current.regardingId.uuidString.lowercased())] {
                    if let sent = reader.peek(key), sent != .string(now) {
                        reader.fail(key, "read_only", "\(key) is fixed when the activity is created")
                    }
                }
                for key in ["state", "status"] {
                    if let sent = reader.peek(key), sent != .string(current.state.rawValue) {
                        reader.fail(key, "read_only", "use POST /api/v1/activities/{id}/complete or /cancel")
                    }
                }
                try reader.check()
                try await fields.apply(json, to: &value, creating: false, extraKeys: readOnly, lists: s)
                let edited = value
                let activity = try await s.updateActivity(id, ifVersion: try request.version(over: current.info.version),
                                                          by: try request.user()) { $0 = edited }
                return .record(render(activity, now: now()), version: activity.info.version)
            },
            Route(.delete, "\(base)/{id}", id: "deleteActivity", "Delete an activity (its history stays)",
                  responses: responses([204: nil], conflict: true, precondition: true)) { request in
                try await s.deleteActivity(try request.id(), ifVersion: try request.ifMatch(), by: try request.user())
                return APIResponse(.noContent, nil)
            },
            Route(.post, "\(base)/{id}/complete", id: "completeActivity", "Mark an open activity completed", body: .ref("Empty"),
                  responses: responses([200: .ref("Activity")], conflict: true, precondition: true)) { request in
                try noFields(request)
                let activity = try await s.completeActivity(try request.id(), ifVersion: try request.ifMatch(), by: try request.user())
                return .record(render(activity, now: now()), version: activity.info.version)
            },
            Route(.post, "\(base)/{id}/cancel", id: "cancelActivity", "Cancel an open activity", body: .ref("Empty"),
                  responses: responses([200: .ref("Activity")], conflict: true, precondition: true)) { request in
                try noFields(request)
                let activity = try await s.cancelActivity(try request.id(), ifVersion: try request.ifMatch(), by: try request.user())
                return .record(render(activity, now: now()), version: activity.info.version)
            },
            historyRoute(s, "activities", Activity.self),
        ] + RegardingType.allCases.map { timelineRoute(s, $0, now: now) }
    }

    static func path(of type: RegardingType) -> String {
        switch type {
        case .opportunity: return "opportunities"
        default: return type.rawValue + "s"
        }
    }

    /// `GET /<things>/{id}/timeline`.
    static func timelineRoute(_ s: Services, _ type: RegardingType, now: @escaping @Sendable () -> Date) -> Route {
        Route(.get, "/api/v1/\(path(of: type))/{id}/timeline", id: "\(type.rawValue)Timeline",
              "The \(type.rawValue)'s activities, close records, state changes and stage moves, with those of the records it came from; newest first",
              responses: responses([200: .ref("Timeline")]),
              query: [QueryParameter(name: "limit", schema: .integer(1...200), description: "page size, 1 to 200 (default 50)"),
                      QueryParameter(name: "cursor", schema: .string, description: "the nextCursor of the previous page")]) { request in
            let caller = try request.user()
            guard let text = request.parameters["id"], let id = UUID(uuidString: text) else { throw APIError.notFound }
            var limit = 50
            var errors: [FieldError] = []
            for (key, value) in request.query {
                switch key {
                case "limit":
                    if let number = Int(value), (1...200).contains(number) { limit = number } else {
                        errors.append(FieldError("limit", "out_of_range", "limit must be a whole number from 1 to 200"))
                    }
                case "cursor": break
                default: errors.append(FieldError(key, "unknown_parameter", "\(key) is not a parameter of the timeline"))
                }
            }
            if !errors.isEmpty { throw APIError.validation(errors) }
            let page = try await s.timeline(of: type, id, limit: limit, cursor: request.query["cursor"], by: caller)
            let at = now()
            return APIResponse(.ok, .object([("items", .array(page.items.map { item($0, now: at) })), ("nextCursor", .string(page.nextCursor))]))
        }
    }

    static func item(_ item: TimelineItem, now: Date) -> JSON {
        var pairs: [(String, JSON)] = [("at", .date(item.at)), ("id", .string(item.id.uuidString.lowercased())),
                                       ("recordType", .string(item.recordType)), ("recordId", .string(item.recordId.uuidString.lowercased()))]
        switch item.content {
        case .activity(let activity):
            pairs = [("kind", .string("activity"))] + pairs + [("activity", render(activity, now: now))]
        case .close(let close):
            pairs = [("kind", .string("close"))] + pairs + [("close", .object([
                ("status", .string(close.status)), ("closeDate", .string(close.closeDate.description)),
                ("description", .string(close.description)), ("actualRevenue", .decimal(close.actualRevenue)),
                ("competitorId", .id(close.competitorId)), ("userId", .id(close.info.createdBy)),
            ]))]
        case .change(let entry):
            let kind = entry.field == "process.stage" ? "stageChange" : "stateChange"
            pairs = [("kind", .string(kind))] + pairs + [("change", .object([
                ("action", .string(entry.action)), ("field", .string(entry.field == "process.stage" ? "stage" : entry.field)),
                ("oldValue", .string(entry.oldValue)), ("newValue", .string(entry.newValue)), ("userId", .id(entry.userId)),
            ]))]
        }
        return .object(pairs)
    }

    static let schemas: [(String, Schema)] = [
        ("Activity", schema),
        ("ActivityInput", .object([("type", .choice(ActivityType.allCases.map(\.rawValue))),
                                   ("regardingType", .choice(RegardingType.allCases.map(\.rawValue))), ("regardingId", .uuid),
                                   ("state", .choice(["open", "completed"]))] + fields.schemaProperties(),
                                  required: ["type", "regardingType", "regardingId", "subject"])),
        ("ActivityPatch", .object(fields.schemaProperties())),
        ("Timeline", .object([("items", .array(.object([
            ("kind", .choice(["activity", "close", "stateChange", "stageChange"])), ("at", .dateTime), ("id", .uuid),
            ("recordType", .string), ("recordId", .uuid), ("activity", .ref("Activity")),
            ("close", .object([("status", .string), ("closeDate", .date), ("description", Schema.string.nullable),
                               ("actualRevenue", Schema.decimal.nullable), ("competitorId", Schema.uuid.nullable), ("userId", .uuid)])),
            ("change", .object([("action", .string), ("field", .string), ("oldValue", Schema.string.nullable),
                                ("newValue", Schema.string.nullable), ("userId", .uuid)])),
        ], required: ["kind", "at", "id", "recordType", "recordId"]))), ("nextCursor", Schema.string.nullable)],
                             required: ["items", "nextCursor"])),
    ]
}
