import Foundation
import Hummingbird

/// Builds the OpenAPI 3.1 document from the route table, so it cannot describe a route the
/// server does not have, nor miss one it has.
enum OpenAPIDocument {
    static func make(routes: [Route]) -> JSON {
        var paths: [(String, [(String, JSON)])] = []
        for route in routes {
            let operation = self.operation(route, links: links(from: route, among: routes))
            let method = route.method.rawValue.lowercased()
            if let index = paths.firstIndex(where: { $0.0 == route.path }) {
                paths[index].1.append((method, operation))
            } else {
                paths.append((route.path, [(method, operation)]))
            }
        }
        return .object([
            ("openapi", .string("3.1.0")),
            ("info", .object([("title", .string("Vendo API")), ("version", .string("1.0.0")),
                              ("description", .string("The sales process from lead to paid invoice. Money is a decimal string."))])),
            ("paths", .object(paths.map { ($0.0, .object($0.1)) })),
            ("components", .object([
                ("schemas", .object(API.schemas.map { ($0.0, $0.1.json) })),
                ("securitySchemes", .object([("bearer", .object([("type", .string("http")), ("scheme", .string("bearer"))]))])),
            ])),
            ("security", .array([.object([("bearer", .array([]))])])),
        ])
    }

    static let descriptions: [Int: String] = [
        200: "OK", 201: "Created", 204: "No Content", 400: "Malformed request", 401: "No or invalid credentials",
        403: "Visible to you, but not yours to change", 404: "Unknown, or not visible to you", 409: "Not allowed in the current state, or duplicates found",
        412: "Stale If-Match", 413: "Body too large", 415: "Body not JSON", 422: "Invalid input", 503: "Unavailable",
    ]

    /// The schema a `$ref` points to.
    static func resolve(_ schema: Schema) -> Schema {
        guard let reference = schema.json["$ref"]?.stringValue,
              let name = reference.split(separator: "/").last.map(String.init),
              let target = API.schemas.first(where: { $0.0 == name }) else { return schema }
        return target.1
    }

    /// A create (`POST /things`) links to every operation on the record it made
    /// (`/things/{id}…`), so that clients and fuzzers know where the `id` comes from.
    private static func links(from route: Route, among routes: [Route]) -> JSON? {
        guard route.method == .post, !route.path.contains("{"), route.responses[201] != nil else { return nil }
        let targets = routes.filter { target in
            target.path.hasPrefix(route.path + "/{") && target.segments.filter { if case .parameter = $0 { true } else { false } }.count == 1
        }
        guard !targets.isEmpty else { return nil }
        return .object(targets.map { target in
            let parameter = target.segments.compactMap { segment -> String? in
                if case .parameter(let name) = segment { return name }
                return nil
            }.first ?? "id"
            let source = parameter == "code" ? "$response.body#/code" : "$response.body#/id"
            return (target.operationId, .object([("operationId", .string(target.operationId)),
                                                 ("parameters", .object([(parameter, .string(source))]))]))
        })
    }

    private static func operation(_ route: Route, links: JSON?) -> JSON {
        var pairs: [(String, JSON)] = [("operationId", .string(route.operationId)), ("summary", .string(route.summary))]
        var parameters: [JSON] = route.segments.compactMap { segment in
            guard case .parameter(let name) = segment else { return nil }
            return .object([("name", .string(name)), ("in", .string("path")), ("required", .bool(true)), ("schema", Schema.uuid.json)])
        }
        parameters += route.query.map { parameter in
            .object([("name", .string(parameter.name)), ("in", .string("query")), ("required", .bool(false)),
                     ("description", .string(parameter.description)), ("schema", parameter.schema.json)])
        }
        let exportable = route.method == .get && CSVExport.columns(of: route) != nil
        if exportable {
            parameters.append(.object([("name", .string("format")), ("in", .string("query")), ("required", .bool(false)),
                                       ("description", .string("csv: the whole list with these filters as CSV, streamed")),
                                       ("schema", Schema.choice(["csv"]).json)]))
            parameters.append(.object([("name", .string("headers")), ("in", .string("query")), ("required", .bool(false)),
                                       ("description", .string("with format=csv: names (the API's, the default) or labels (the organisation's words)")),
                                       ("schema", Schema.choice(["names", "labels"]).json)]))
            parameters.append(.object([("name", .string("headerLanguage")), ("in", .string("query")), ("required", .bool(false)),
                                       ("description", .string("with headers=labels: the language of the headers; the caller's own by default")),
                                       ("schema", Schema.choice(["en", "fr"]).json)]))
        }
        // If-Match guards changes of one record; creates have no version to match.
        let takesIfMatch = !route.isPublic && route.method != .get && route.path.contains("{")
        if takesIfMatch {
            parameters.append(.object([("name", .string("If-Match")), ("in", .string("header")), ("required", .bool(false)),
                                       ("schema", .object([("type", .string("string")),
                                                           ("pattern", .string("^(\\*|(W/)?\"[0-9]{1,18}\"|[0-9]{1,18})$"))]))]))
        }
        if route.method == .post && !route.isPublic {
            parameters.append(.object([("name", .string("Idempotency-Key")), ("in", .string("header")), ("required", .bool(false)),
                                       ("schema", .object([("type", .string("string")), ("minLength", .int(1)),
                                                           ("maxLength", .int(200))]))]))
        }
        if !parameters.isEmpty { pairs.append(("parameters", .array(parameters))) }
        if let body = route.requestBody {
            pairs.append(("requestBody", .object([
                ("required", .bool(resolve(body).hasRequired)),
                ("content", .object(route.bodyKind.documentedTypes.map { ($0, .object([("schema", body.json)])) })),
            ])))
        }
        var declared = route.responses
        if !route.isPublic {
            // What the edge itself may answer: a reused Idempotency-Key, a stale If-Match, a body
            // too large or not JSON.
            if route.method == .post { declared[409] = declared[409] ?? .ref("Problem") }
            if takesIfMatch { declared[412] = declared[412] ?? .ref("Problem") }
            if route.requestBody != nil {
                declared[413] = .ref("Problem")
                declared[415] = .ref("Problem")
            }
        }
        var responses: [(String, JSON)] = []
        for (status, schema) in declared.sorted(by: { $0.key < $1.key }) {
            var response: [(String, JSON)] = [("description", .string(descriptions[status] ?? "Response"))]
            if status == 201, let links { response.append(("links", links)) }
            if let schema {
                let type = schema.json == Schema.ref("Problem").json ? "application/problem+json" : "application/json"
                var content: [(String, JSON)] = [(type, .object([("schema", schema.json)]))]
                if status == 200, let produces = route.produces {
                    // A route may answer one of several file types (`text/plain, text/csv`).
                    content = produces.split(separator: ",").map { type in
                        (type.trimmingCharacters(in: .whitespaces),
                         JSON.object([("schema", .object([("type", .string("string")), ("format", .string("binary"))]))]))
                    }
                }
                if status == 200 && exportable { content.append(("text/csv", .object([("schema", Schema.string.json)]))) }
                response.append(("content", .object(content)))
            }
            responses.append((String(status), .object(response)))
        }
        if !route.isPublic {
            responses.append(("405", .object([("description", .string("Method Not Allowed")),
                                              ("content", .object([("application/problem+json", .object([("schema", Schema.ref("Problem").json)]))]))])))
        }
        pairs.append(("responses", .object(responses)))
        if route.isPublic { pairs.append(("security", .array([]))) }
        return .object(pairs)
    }
}
