import Foundation
import HTTPTypes
import Hummingbird
import Logging
import VendoCore
import VendoServices

/// The API's handlers in Hummingbird's router: each route of the table checks the token, the
/// content type and the body size, runs its handler, and turns every error into problem+json.
/// The table stays the source of the OpenAPI document and of the 405 answers.
public struct APIResponder: Sendable {
    public typealias Context = VendoRequestContext

    let routes: [Route]
    let services: Services
    let maxBodySize: Int
    let spool: UploadSpool

    public init(routes: [Route], services: Services, spool: UploadSpool, maxBodySize: Int = 1 << 20) {
        self.routes = routes
        self.services = services
        self.spool = spool
        self.maxBodySize = maxBodySize
    }

    /// Registers every route of the table on `router` (HEAD comes from GET).
    public func register(on router: Router<VendoRequestContext>) {
        for route in routes {
            router.on(RouterPath(route.path), method: route.method) { request, context in
                await respond(to: request, context: context) {
                    try await handle(request, route: route, parameters: route.parameters(in: context.parameters),
                                     clientAddress: context.clientAddress)
                }
            }
        }
    }

    /// Each path of the table with the methods it takes, in the table's order (for the 405 answers).
    public var pathMethods: [(path: String, methods: [String])] {
        Dictionary(grouping: routes, by: \.path).map { ($0.key, $0.value.map(\.method.rawValue)) }
    }

    /// The answer to a path no route has.
    public func notFound(_ request: Request, context: VendoRequestContext) async -> Response {
        await respond(to: request, context: context) { throw APIError.notFound }
    }

    /// The answer to a method the path does not take.
    public func methodNotAllowed(_ request: Request, context: VendoRequestContext, allowed: [String]) async -> Response {
        await respond(to: request, context: context) { throw APIError.methodNotAllowed(allowed: allowed) }
    }

    /// Runs `body`, turning its errors into problem+json.
    private func respond(to request: Request, context: VendoRequestContext, _ body: () async throws -> APIResponse) async -> Response {
        do {
            return try await body().response
        } catch {
            let problem = Problem.from(error)
            if problem.status.code >= 500 {
                context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            var headers: HTTPFields = [.contentType: "application/problem+json"]
            if case APIError.methodNotAllowed(let allowed) = error { headers[.allow] = allowed.joined(separator: ", ") }
            if case APIError.unauthorized = error { headers[.wwwAuthenticate] = "Bearer" }
            if case ServiceError.tooManyAttempts(let wait) = ServiceError.from(error) { headers[.retryAfter] = String(wait) }
            if case ServiceError.rateLimited(let wait) = ServiceError.from(error) { headers[.retryAfter] = String(wait) }
            if case ServiceError.unavailable = ServiceError.from(error) { headers[.retryAfter] = "5" }
            return Response(status: problem.status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: problem.json.text)))
        }
    }

    /// Runs `route`, whose path the router matched with `parameters`.
    private func handle(_ request: Request, route: Route, parameters: [String: String], clientAddress: String) async throws -> APIResponse {
        var caller: Caller?
        var bySession = false
        let cookie = request.cookies["vendo_session"]?.value
        if !route.isPublic { (caller, bySession) = try await authenticate(request, cookie: cookie) }
        let type = request.headers[.contentType]?.split(separator: ";").first?.trimmingWhitespace().lowercased()
        var body = Data()
        var bodyFile: String?
        switch route.bodyKind {
        case .json:
            body = try await collectBody(request, limit: maxBodySize)
        case .form(let limit):
            body = try await collectBody(request, limit: limit)
        case .file(let types, let limit):
            // No body at all is the handler's to refuse (the file is missing), after its own checks.
            if type != nil || (request.headers[.contentLength].flatMap(Int.init) ?? 0) > 0 {
                guard let type, types.contains(type) else { throw APIError.unsupportedType(accepted: types) }
                bodyFile = try await BodySpool.write(request.body, to: spool, declaredLength: request.headers[.contentLength].flatMap(Int.init), limit: limit)
            }
        }
        defer { if let bodyFile { try? FileManager.default.removeItem(atPath: bodyFile) } }
        if !body.isEmpty && !route.bodyKind.types.contains(type ?? "") {
            if case .json = route.bodyKind { throw APIError.unsupportedMediaType }
            throw APIError.unsupportedType(accepted: route.bodyKind.types)
        }
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        var apiRequest = APIRequest(method: request.method, parameters: parameters, query: query, headers: request.headers,
                                    body: body, caller: caller)
        apiRequest.clientAddress = clientAddress
        apiRequest.sessionSecret = cookie
        apiRequest.bySession = bySession
        apiRequest.bodyFile = bodyFile
        // The document gives every change of one thing an If-Match: a malformed one is refused
        // there too, whether or not the change has a version to compare.
        if !route.isPublic && request.method != .get && request.method != .head && route.path.contains("{") {
            _ = try apiRequest.ifMatch()
        }
        var response: APIResponse
        // The CSV's headers are checked on any list that exports (they matter with format=csv only).
        let words = request.method == .get && route.produces == nil
            && (apiRequest.query["headers"] != nil || apiRequest.query["headerLanguage"] != nil) && CSVExport.columns(of: route) != nil
            ? try await headerWords(&apiRequest, caller: caller) : nil
        // A route that answers files reads its own `format` (the journal's fec or csv).
        if request.method == .get, route.produces == nil, let format = apiRequest.query["format"] {
            guard format == "csv" else { throw APIError.validation([FieldError("format", "invalid_choice", "format is csv")]) }
            apiRequest.query["format"] = nil
            // Each of the organisation's fields is a column of its own.
            let definitions = if let caller { try await services.customFields(by: caller) } else { [CustomFieldDefinition]() }
            response = try await CSVExport.response(route, apiRequest, definitions: definitions, words: words)
        } else if request.method == .post, let caller,
           let key = request.headers.first(where: { $0.name.canonicalName == "idempotency-key" })?.value {
            response = try await idempotent(key: key, caller: caller, path: request.uri.path) { try await route.handler(apiRequest) }
        } else {
            response = try await route.handler(apiRequest)
        }
        if request.method == .head { response.body = nil }
        return response
    }

    /// `headers=labels` (with `headerLanguage=en|fr`, else the caller's own; `language` is some
    /// lists' own filter): the CSV's columns in the organisation's words. `headers=names`, the
    /// default, keeps the API's names.
    private func headerWords(_ request: inout APIRequest, caller: Caller?) async throws -> HeaderWords? {
        let headers = request.query.removeValue(forKey: "headers"), language = request.query.removeValue(forKey: "headerLanguage")
        guard headers != nil || language != nil else { return nil }
        var errors: [FieldError] = []
        if let headers, !["names", "labels"].contains(headers) { errors.append(FieldError("headers", "invalid_choice", "headers is names or labels")) }
        let chosen = language.flatMap(Language.init(rawValue:))
        if language != nil, chosen == nil { errors.append(FieldError("headerLanguage", "invalid_choice", "headerLanguage is en or fr")) }
        if !errors.isEmpty { throw APIError.validation(errors) }
        guard headers == "labels", let caller else { return nil }
        let own = try? await services.get(User.self, caller.userId, by: caller)
        return try await HeaderWords(services: services, language: chosen ?? own.map { Language(locale: $0.locale) } ?? .en)
    }

    /// A repeated POST with the same Idempotency-Key gets the first response again.
    private func idempotent(key: String, caller: Caller, path: String, _ handler: () async throws -> APIResponse) async throws -> APIResponse {
        let recorded = try await services.idempotent(key: key, caller: caller, method: "POST", path: path) {
            let response = try await handler()
            var headers: [String: String] = [:]
            for field in response.headers { headers[field.name.canonicalName] = field.value }
            return RecordedResponse(status: response.status.code, headers: headers, body: response.body?.text, replayable: response.replayable)
        }
        var headers: HTTPFields = [:]
        for (name, value) in recorded.headers {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        let body = try recorded.body.map { try JSON.parse(Data($0.utf8)) }
        return APIResponse(HTTPResponse.Status(code: recorded.status), body, headers: headers)
    }

    /// A bearer token, or else the session cookie. A cookie alone cannot change anything without
    /// the session's CSRF token, so another site cannot act through a signed-in browser.
    private func authenticate(_ request: Request, cookie: String?) async throws -> (Caller, bySession: Bool) {
        if let header = request.headers[.authorization] {
            guard header.lowercased().hasPrefix("bearer "),
                  let caller = try await services.authenticate(token: header.dropFirst(7).trimmingWhitespace()) else {
                throw APIError.unauthorized
            }
            return (caller, false)
        }
        guard let cookie, let (caller, csrf) = try await services.session(secret: cookie) else { throw APIError.unauthorized }
        if ![.get, .head, .options].contains(request.method) {
            let sent = request.headers.first { $0.name.canonicalName == "x-csrf-token" }?.value
            guard let sent, Services.sameSecret(sent, csrf) else { throw APIError.csrfFailed }
        }
        return (caller, true)
    }


    private func collectBody(_ request: Request, limit: Int) async throws -> Data {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw APIError.tooLarge(limit: limit)
        }
        var data = Data()
        for try await chunk in request.body {
            data.append(contentsOf: chunk.readableBytesView)
            if data.count > limit { throw APIError.tooLarge(limit: limit) }
        }
        return data
    }
}

extension APIResponse {
    var response: Response {
        var headers = self.headers
        if let stream { return Response(status: status, headers: headers, body: stream) }
        if let text {
            headers[.contentType] = "text/plain; version=0.0.4"
            return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
        guard let body else { return Response(status: status, headers: headers) }
        if headers[.contentType] == nil { headers[.contentType] = "application/json" }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body.text)))
    }
}
