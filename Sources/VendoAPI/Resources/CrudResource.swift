import Foundation
import Hummingbird
import VendoCore
import VendoServices

/// A resource whose records are plain fields: list, create, read, patch, delete, history.
struct CrudResource<R: Persisted, F: Sendable & Equatable>: Sendable {
    let path: String
    let name: String
    let fields: [FieldSpec<F>]
    let blank: F
    let filters: [String]
    let fieldsOf: @Sendable (R) -> F
    /// Read-only fields after the writable ones, given the server's public address when the
    /// resource asks for it (`needsPublicURL`).
    let extra: @Sendable (R, String?) -> [(String, JSON)]
    var needsPublicURL = false
    let extraSchema: [(String, Schema)]
    let required: [String]
    let create: @Sendable (F, Caller) async throws -> R
    let update: @Sendable (ID<R>, Int?, Caller, F) async throws -> R
    let delete: @Sendable (ID<R>, Int?, Caller) async throws -> Void

    func render(_ record: R) -> JSON { render(record, publicURL: nil) }

    func render(_ record: R, publicURL: String?) -> JSON {
        var pairs = meta(record)
        if let lifecycle = record as? any LifecycleRecord {
            pairs += [("state", .string(lifecycle.stateName)), ("status", .string(lifecycle.statusName))]
        }
        return .object(pairs + fields.render(fieldsOf(record)) + extra(record, publicURL))
    }


    func routes(_ s: Services) -> [Route] {
        let base = "/api/v1/\(path)"
        let needsPublicURL = needsPublicURL
        @Sendable func renderer() async throws -> @Sendable (R) -> JSON {
            let url = needsPublicURL ? try await s.publicURL() : nil
            return { render($0, publicURL: url) }
        }
        let readOnly = readOnlyMetaKeys + ["state", "status"] + extraSchema.map(\.0)
        return [
            Route(.get, base, id: "list\(name)s", "List \(path)", responses: responses([200: pageSchema(name)]),
                  query: listParameters(filters)) { request in
                _ = try request.user()
                return page(try await s.list(R.self, try listQuery(request, filters: filters), by: try request.user()), try await renderer())
            },
            Route(.post, base, id: "create\(name)", "Create a \(name.lowercased())", body: .ref("\(name)Input"),
                  responses: responses([201: .ref(name)], conflict: true)) { request in
                var value = blank
                try fields.apply(try request.json(), to: &value, creating: true, extraKeys: readOnly)
                let record = try await create(value, try request.user())
                return .record(try await renderer()(record), version: record.info.version, status: .created, location: "\(base)/\(record.id)")
            },
            Route(.get, "\(base)/{id}", id: "get\(name)", "Read a \(name.lowercased())", responses: responses([200: .ref(name)])) { request in
                _ = try request.user()
                let record = try await s.get(R.self, try request.id(), by: try request.user())
                return .record(try await renderer()(record), version: record.info.version)
            },
            Route(.patch, "\(base)/{id}", id: "update\(name)", "Change a \(name.lowercased())", body: .ref("\(name)Patch"),
                  responses: responses([200: .ref(name)], conflict: true, precondition: true)) { request in
                let id: ID<R> = try request.id()
                let current = try await s.get(R.self, id, by: try request.user())
                var value = fieldsOf(current)
                try fields.apply(try request.json(), to: &value, creating: false, extraKeys: readOnly)
                let record = try await update(id, try request.version(over: current.info.version), try request.user(), value)
                return .record(try await renderer()(record), version: record.info.version)
            },
            Route(.delete, "\(base)/{id}", id: "delete\(name)", "Delete a \(name.lowercased())",
                  responses: responses([204: nil], conflict: true, precondition: true)) { request in
                try await delete(try request.id(), try request.ifMatch(), try request.user())
                return APIResponse(.noContent, nil)
            },
            historyRoute(s, path, R.self),
        ]
    }
}

extension LifecycleRecord {
    var stateName: String { state.rawValue }
    var statusName: String { status.rawValue }
}

/// The OpenAPI schemas of a plain resource and of its input.
func crudSchemas<F>(_ name: String, _ fields: [FieldSpec<F>], extra: [(String, Schema)], required: [String]) -> [(String, Schema)] {
    [(name, .object(metaSchema + fields.schemaProperties() + extra, required: ["id", "version"] + required)),
     ("\(name)Input", .object(fields.schemaProperties(), required: required)),
     ("\(name)Patch", .object(fields.schemaProperties()))]
}
