import Foundation
import Hummingbird

/// Builds the OpenAPI 3.1 document from the route table, so it cannot describe a route the
/// server does not have, nor miss one it has.
enum OpenAPIDocument {
    static func make(routes: [Route]) -> JSON {
        var paths: [(String, [(String, JSON)])] = []
        for route in routes {
            let operation = self.operation(route)
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
        404: "Unknown, or not visible to you", 409: "Not allowed in the current state, or duplicates found",
        412: "Stale If-Match", 422: "Invalid input", 503: "Unavailable",
    ]

    private static func operation(_ route: Route) -> JSON {
        var pairs: [(String, JSON)] = [("operationId", .string(route.operationId)), ("summary", .string(route.summary))]
        var parameters: [JSON] = route.segments.compactMap { segment in
            guard case .parameter(let name) = segment else { return nil }
            return .object([("name", .string(name)), ("in", .string("path")), ("required", .bool(true)), ("schema", Schema.uuid.json)])
        }
        parameters += route.query.map { parameter in
            .object([("name", .string(parameter.name)), ("in", .string("query")), ("required", .bool(false)),
                     ("description", .string(parameter.description)), ("schema", parameter.schema.json)])
        }
        if route.method != .get && route.method != .delete && !route.isPublic {
            parameters.append(.object([("name", .string("If-Match")), ("in", .string("header")), ("required", .bool(false)),
                                       ("schema", Schema.string.json)]))
        }
        if route.method == .post && !route.isPublic {
            parameters.append(.object([("name", .string("Idempotency-Key")), ("in", .string("header")), ("required", .bool(false)),
                                       ("schema", Schema.text(maxLength: 200).json)]))
        }
        if !parameters.isEmpty { pairs.append(("parameters", .array(parameters))) }
        if let body = route.requestBody {
            pairs.append(("requestBody", .object([
                ("required", .bool(false)),
                ("content", .object([("application/json", .object([("schema", body.json)]))])),
            ])))
        }
        var responses: [(String, JSON)] = []
        for (status, schema) in route.responses.sorted(by: { $0.key < $1.key }) {
            var response: [(String, JSON)] = [("description", .string(descriptions[status] ?? "Response"))]
            if let schema {
                let type = schema.json == Schema.ref("Problem").json ? "application/problem+json" : "application/json"
                response.append(("content", .object([(type, .object([("schema", schema.json)]))])))
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
