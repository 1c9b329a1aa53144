import Foundation
import Hummingbird
import VendoCore
import VendoServices

/// One operation of the API: method, path pattern (`/leads/{id}/qualify`), handler, and what
/// the OpenAPI document says about it.
public struct Route: Sendable {
    let method: HTTPRequest.Method
    let path: String
    let segments: [Segment]
    let operationId: String
    let summary: String
    /// Public routes need no token.
    let isPublic: Bool
    let requestBody: Schema?
    let responses: [Int: Schema?]
    let query: [QueryParameter]
    let bodyKind: BodyKind
    /// The media type of a 200 answer that is a file rather than JSON (`application/pdf`).
    var produces: String?
    let handler: @Sendable (APIRequest) async throws -> APIResponse

    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    init(_ method: HTTPRequest.Method, _ path: String, id operationId: String, _ summary: String, isPublic: Bool = false,
         body: Schema? = nil, bodyKind: BodyKind = .json, responses: [Int: Schema?], query: [QueryParameter] = [],
         handler: @escaping @Sendable (APIRequest) async throws -> APIResponse) {
        self.bodyKind = bodyKind
        self.method = method
        self.path = path
        segments = path.split(separator: "/").map { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? .parameter(String(part.dropFirst().dropLast())) : .literal(String(part))
        }
        self.operationId = operationId
        self.summary = summary
        self.isPublic = isPublic
        requestBody = body
        self.responses = responses
        self.query = query
        self.handler = handler
    }

    /// The path parameters when `parts` matches this route's pattern: for the command line's
    /// CSV export, which runs one list route in process (the server uses Hummingbird's router).
    func match(_ parts: [Substring]) -> [String: String]? {
        guard parts.count == segments.count else { return nil }
        var parameters: [String: String] = [:]
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal(let text): if text != part { return nil }
            case .parameter(let name): parameters[name] = String(part).removingPercentEncoding ?? String(part)
            }
        }
        return parameters
    }

    /// The path parameters as the router captured them, percent-decoded.
    func parameters(in captured: Parameters) -> [String: String] {
        var parameters: [String: String] = [:]
        for case .parameter(let name) in segments {
            guard let value = captured.get(name) else { continue }
            parameters[name] = value.removingPercentEncoding ?? value
        }
        return parameters
    }
}

/// What a route's request body may be.
enum BodyKind: Sendable {
    /// JSON, held in memory up to the API's limit.
    case json
    /// A file of one of `types` (CSV, vCard), written to a temporary file as it arrives, so that
    /// its size costs disk, not memory.
    case file(types: [String], limit: Int)
    /// A plain HTML form or JSON, up to `limit` bytes (public forms).
    case form(limit: Int)

    /// The media types the OpenAPI document lists.
    var documentedTypes: [String] {
        if case .json = self { return ["application/json"] }
        return types
    }

    /// The media types the body may have.
    var types: [String] {
        switch self {
        case .json: return ["application/json", "application/merge-patch+json"]
        case .file(let types, _): return types
        case .form: return ["application/x-www-form-urlencoded", "application/json"]
        }
    }
}

public struct QueryParameter: Sendable {
    let name: String
    let schema: Schema
    let description: String
}

/// What a handler sees of a request.
public struct APIRequest: Sendable {
    let method: HTTPRequest.Method
    let parameters: [String: String]
    var query: [String: String]
    let headers: HTTPFields
    let body: Data
    let caller: Caller?
    /// Where a `.file` body was written; removed when the request ends.
    var bodyFile: String?
    /// The client's IP address (sign-in throttling).
    var clientAddress = "unknown"
    /// The session cookie's secret, when the request carries one.
    var sessionSecret: String?
    /// The caller was signed in by the session cookie rather than a bearer token: what gives
    /// lasting access then needs the password again (a stolen cookie alone must not mint tokens).
    var bySession = false

    /// The authenticated caller; public routes have none.
    func user() throws -> Caller {
        guard let caller else { throw APIError.unauthorized }
        return caller
    }

    func id<R>(_ name: String = "id") throws -> ID<R> {
        guard let text = parameters[name], let id = ID<R>(text) else { throw APIError.notFound }
        return id
    }

    /// The id of something kept inside another record (a custom field in the settings, a view
    /// on its user or team); 404 when it is no UUID.
    func uuid(_ name: String = "id") throws -> UUID {
        guard let id = parameters[name].flatMap(UUID.init(uuidString:)) else { throw APIError.notFound }
        return id
    }

    /// The value of a list's only parameter, `name`, one of `choices`: any other parameter, or
    /// another value, is refused by name.
    func onlyChoice(_ name: String, of choices: [String]) throws -> String? {
        var chosen: String?
        for (key, value) in query {
            guard key == name else { throw APIError.validation([FieldError(key, "unknown_parameter", "\(key) is not a parameter of this list")]) }
            guard choices.contains(value) else {
                throw APIError.validation([FieldError(key, "invalid_choice", "\(name) is one of \(choices.joined(separator: ", "))")])
            }
            chosen = value
        }
        return chosen
    }

    /// The version in `If-Match: "3"`, when sent.
    func ifMatch() throws -> Int? {
        guard let value = headers[.ifMatch] else { return nil }
        let trimmed = value.trimmingWhitespace()
        if trimmed == "*" { return nil }
        let bare = trimmed.hasPrefix("W/") ? String(trimmed.dropFirst(2)) : trimmed
        // The ETag as sent back ("3"), or, leniently, its bare number.
        let quoted = bare.count >= 3 && bare.hasPrefix("\"") && bare.hasSuffix("\"")
        let digits = quoted ? bare.dropFirst().dropLast() : Substring(bare)
        guard (1...18).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }), let version = Int(digits),
              quoted || !trimmed.hasPrefix("W/") else {
            throw APIError.badPrecondition
        }
        return version
    }

    /// The version to save over: `If-Match` when sent (412 at once when it is stale, whether or
    /// not the request would change anything), else the version just read.
    func version(over current: Int) throws -> Int {
        guard let expected = try ifMatch() else { return current }
        if expected != current { throw APIError.preconditionFailed(current: current) }
        return expected
    }

    /// The body as a JSON object; an empty body reads as `{}`.
    func json() throws -> JSON {
        // No body at all is an empty object; white space alone is no JSON text (RFC 8259).
        if body.isEmpty { return .object([]) }
        do {
            return try JSON.parse(body)
        } catch {
            throw APIError.malformed("the body is not valid JSON")
        }
    }
}

/// What a handler answers.
public struct APIResponse: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: JSON?
    /// A plain-text body instead of JSON (metrics).
    var text: String?
    /// A body written as it is produced (CSV exports), with its content type in `headers`.
    var stream: ResponseBody?
    /// False for an answer that carries a secret: it is not kept for a repeated Idempotency-Key.
    var replayable = true

    init(_ status: HTTPResponse.Status = .ok, _ body: JSON?, headers: HTTPFields = [:], text: String? = nil, stream: ResponseBody? = nil) {
        self.status = status
        self.body = body
        self.headers = headers
        self.text = text
        self.stream = stream
    }

    /// A file (a PDF, an XML invoice), downloaded under `fileName`.
    static func file(_ bytes: [UInt8], type: String, fileName: String) -> APIResponse {
        APIResponse(.ok, nil, headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(fileName)\"",
                                        .cacheControl: "private, no-store"],
                    stream: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// A record with its ETag.
    static func record(_ body: JSON, version: Int, status: HTTPResponse.Status = .ok, location: String? = nil) -> APIResponse {
        var headers: HTTPFields = [.eTag: "\"\(version)\""]
        if let location { headers[.location] = location }
        return APIResponse(status, body, headers: headers)
    }
}
