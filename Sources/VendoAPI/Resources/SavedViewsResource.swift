import Foundation
import Hummingbird
import VendoCore
import VendoServices

/// `/api/v1/views`: the saved views of the list pages and the board (docs/customisation.md),
/// a person's own or shared with a team, as the pages keep them. An integration can prepare
/// the views a team starts with, or read what people filter by.
enum SavedViewsResource {
    static func routes(_ s: Services) -> [Route] {
        let base = "/api/v1/views"
        @Sendable func id(_ request: APIRequest) throws -> UUID { try request.uuid() }
        return [
            Route(.get, base, id: "listViews", "The views the caller may use, their own first, then their teams'; of one page (path) or of all",
                  responses: responses([200: .ref("SavedViews")]),
                  query: [QueryParameter(name: "path", schema: .choice(SavedView.paths), description: "the page the views belong to")]) { request in
                let caller = try request.user()
                let items = try await s.savedViews(for: try request.onlyChoice("path", of: SavedView.paths), by: caller).map(render)
                return APIResponse(.ok, .object([("items", .array(items)), ("nextCursor", .null)]))
            },
            Route(.post, base, id: "createView",
                  "Save a view: the caller's own, or shared with a team they belong to (any team for administrators)",
                  body: .ref("SavedViewInput"), responses: responses([201: .ref("SavedView")])) { request in
                let caller = try request.user()
                var reader = FieldReader(try request.json())
                var view = SavedView(name: "", path: "", query: [:])
                var team: ID<Team>?
                read(&reader, into: &view, creating: true)
                reader.read("teamId", into: &team, Convert.id)
                try finish(&reader)
                let saved = try await s.saveView(view, team: team, by: caller)
                let entry = try await s.savedView(saved.id, by: caller)
                return APIResponse(.created, render(entry), headers: [.location: "\(base)/\(saved.id.uuidString.lowercased())"])
            },
            Route(.get, "\(base)/{id}", id: "getView", "Read a view", responses: responses([200: .ref("SavedView")])) { request in
                APIResponse(.ok, render(try await s.savedView(try id(request), by: try request.user())))
            },
            Route(.patch, "\(base)/{id}", id: "updateView",
                  "Change a view's name, page, filters or columns; it stays where it is kept (the caller's own or its team's)",
                  body: .ref("SavedViewPatch"), responses: responses([200: .ref("SavedView")])) { request in
                let caller = try request.user()
                var entry = try await s.savedView(try id(request), by: caller)
                var reader = FieldReader(try request.json())
                read(&reader, into: &entry.view, creating: false)
                try finish(&reader)
                try await s.saveView(entry.view, team: entry.team, by: caller)
                return APIResponse(.ok, render(entry))
            },
            Route(.delete, "\(base)/{id}", id: "deleteView", "Remove a view", responses: responses([204: nil])) { request in
                let caller = try request.user()
                let entry = try await s.savedView(try id(request), by: caller)
                try await s.deleteView(entry.view.id, team: entry.team, by: caller)
                return APIResponse(.noContent, nil)
            },
        ]
    }

    static func read(_ reader: inout FieldReader, into view: inout SavedView, creating: Bool) {
        reader.read("name", into: &view.name, required: creating, Convert.string)
        reader.read("path", into: &view.path, required: creating, Convert.string)
        reader.read("query", into: &view.query, readQuery)
        reader.read("columns", into: &view.columns, Convert.strings)
    }

    /// The list's parameters, texts by name (`{"state": "open", "cf.region": "north"}`).
    @Sendable static func readQuery(_ json: JSON) -> Result<[String: String], FieldProblem> {
        guard case .object(let pairs) = json else { return .failure(FieldProblem(code: "invalid_type", message: "must be an object of texts by name")) }
        var query: [String: String] = [:]
        for (name, value) in pairs {
            guard case .string(let text) = value else { return .failure(FieldProblem(code: "invalid_type", message: "\(name) must be text")) }
            query[name] = text
        }
        return .success(query)
    }

    static func render(_ entry: Services.ViewEntry) -> JSON {
        let view = entry.view
        return .object([
            ("id", .string(view.id.uuidString.lowercased())), ("name", .string(view.name)), ("path", .string(view.path)),
            ("query", .object(view.query.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("columns", .array(view.columns.map(JSON.string))), ("teamId", .id(entry.team)), ("teamName", .string(entry.teamName)),
        ])
    }

    static let schemas: [(String, Schema)] = {
        // At most 30 parameters, each named in 50 characters (not a cursor nor a view), 500 each.
        let query = Schema(json: .object([
            ("type", .string("object")), ("additionalProperties", Schema.text(maxLength: 500).json), ("maxProperties", .int(30)),
            ("propertyNames", .object([("maxLength", .int(50)), ("not", .object([("enum", .array([.string("cursor"), .string("view")]))]))])),
        ]))
        let columns = Schema(json: .object([("type", .string("array")), ("items", Schema.text(maxLength: 40).json), ("maxItems", .int(10))]))
        let view = Schema.object([
            ("id", .uuid), ("name", .string), ("path", .choice(SavedView.paths)), ("query", query), ("columns", .array(.string)),
            ("teamId", Schema.uuid.nullable), ("teamName", Schema.string.nullable),
        ], required: ["id", "name", "path", "query", "columns", "teamId", "teamName"])
        return [
            ("SavedView", view),
            ("SavedViews", .object([("items", .array(.ref("SavedView"))), ("nextCursor", Schema.string.nullable)], required: ["items", "nextCursor"])),
            ("SavedViewInput", .object([("name", .text(maxLength: 100)), ("path", .choice(SavedView.paths)), ("query", query),
                                        ("columns", columns), ("teamId", Schema.uuid.nullable)],
                                       required: ["name", "path"])),
            ("SavedViewPatch", .object([("name", .text(maxLength: 100)), ("path", .choice(SavedView.paths)), ("query", query),
                                        ("columns", columns)])),
        ]
    }()
}
