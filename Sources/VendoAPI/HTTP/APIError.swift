import Foundation
import Hummingbird
import VendoCore
import VendoServices

/// Errors of the HTTP edge itself (before or around the services).
enum APIError: Error {
    case validation([FieldError])
    case malformed(String)
    case unauthorized
    case notFound
    case methodNotAllowed(allowed: [String])
    case unsupportedMediaType
    /// A body of a type the route does not take; `accepted` lists those it does.
    case unsupportedType(accepted: [String])
    case tooLarge(limit: Int)
    case preconditionFailed(current: Int)
    case badPrecondition
    /// A state-changing request authenticated by cookie without the session's CSRF token.
    case csrfFailed
}

/// An RFC 9457 problem: every error the API answers has this shape.
struct Problem {
    var status: HTTPResponse.Status
    var code: String
    var title: String
    var detail: String
    var extra: [(String, JSON)] = []

    var json: JSON {
        .object([
            ("type", .string("https://vendo.dev/problems/\(code)")),
            ("title", .string(title)),
            ("status", .int(status.code)),
            ("detail", .string(detail)),
            ("code", .string(code)),
        ] + extra)
    }

    static func fieldErrors(_ errors: [FieldError]) -> JSON {
        .array(errors.map { .object([("field", .string($0.field)), ("code", .string($0.code)), ("message", .string($0.message))]) })
    }

    /// Maps any error to its problem. Unknown errors become a 500 that shows nothing internal.
    static func from(_ error: any Error) -> Problem {
        switch ServiceError.from(error) {
        case let error as APIError: return from(api: error)
        case let error as ServiceError: return from(service: error)
        default:
            return Problem(status: .internalServerError, code: "internal_error", title: "Internal error",
                           detail: "the server could not complete the request; it has been logged")
        }
    }

    private static func from(api error: APIError) -> Problem {
        switch error {
        case .validation(let errors):
            return Problem(status: .unprocessableContent, code: "validation_failed", title: "Invalid input",
                           detail: errors.map { "\($0.field): \($0.message)" }.joined(separator: "; "),
                           extra: [("errors", fieldErrors(errors))])
        case .malformed(let detail):
            return Problem(status: .badRequest, code: "malformed_request", title: "Malformed request", detail: detail)
        case .unauthorized:
            return Problem(status: .unauthorized, code: "unauthorized", title: "Authentication required",
                           detail: "send Authorization: Bearer <api token>")
        case .notFound:
            return Problem(status: .notFound, code: "not_found", title: "Not found", detail: "no such resource")
        case .methodNotAllowed(let allowed):
            return Problem(status: .methodNotAllowed, code: "method_not_allowed", title: "Method not allowed",
                           detail: "this resource accepts " + allowed.joined(separator: ", "))
        case .unsupportedMediaType:
            return Problem(status: .unsupportedMediaType, code: "unsupported_media_type", title: "Unsupported media type",
                           detail: "send the body as application/json")
        case .unsupportedType(let accepted):
            return Problem(status: .unsupportedMediaType, code: "unsupported_media_type", title: "Unsupported media type",
                           detail: "send the body as " + accepted.joined(separator: ", or "))
        case .tooLarge(let limit):
            return Problem(status: .contentTooLarge, code: "body_too_large", title: "Body too large",
                           detail: "the body is larger than \(limit) bytes")
        case .preconditionFailed(let current):
            return Problem(status: .preconditionFailed, code: "stale_version", title: "Precondition failed",
                           detail: "the record is at version \(current); read it again", extra: [("currentVersion", .int(current))])
        case .csrfFailed:
            return Problem(status: .forbidden, code: "csrf_failed", title: "Missing or wrong CSRF token",
                           detail: "a request signed in by cookie must send the session's token in X-CSRF-Token")
        case .badPrecondition:
            return Problem(status: .badRequest, code: "malformed_request", title: "Malformed request",
                           detail: "If-Match must be an ETag this server gave, such as \"3\"")
        }
    }

    private static func from(service error: ServiceError) -> Problem {
        switch error {
        case let .notFound(type, id):
            return Problem(status: .notFound, code: "not_found", title: "Not found", detail: "no \(type) with id \(id)")
        case let .invalidTransition(record, state, status, action):
            return Problem(status: .conflict, code: "invalid_transition", title: "Not allowed in the current state",
                           detail: error.description,
                           extra: [("recordType", .string(record)), ("currentState", .string(state)),
                                   ("currentStatus", .string(status)), ("action", .string(action))])
        case .validation(let errors):
            return from(api: .validation(errors))
        case let .staleVersion(_, _, _, actual):
            return from(api: .preconditionFailed(current: actual))
        case .duplicatesFound(let matches):
            return Problem(status: .conflict, code: "duplicates_found", title: "Possible duplicates", detail: error.description,
                           extra: [("duplicates", .array(matches.map {
                               .object([("recordType", .string($0.recordType)), ("id", .string($0.id.uuidString.lowercased())),
                                        ("name", .string($0.name)), ("matchedOn", .string($0.matchedOn))])
                           }))])
        case let .conflict(code, message, related):
            return Problem(status: .conflict, code: code, title: "Conflict", detail: message,
                           extra: [("related", .array(related.map { .string($0) }))])
        case .forbidden:
            return Problem(status: .forbidden, code: "forbidden", title: "Not allowed", detail: error.description)
        case .unauthenticated(let message):
            return Problem(status: .unauthorized, code: "sign_in_failed", title: "Sign-in failed", detail: message)
        case .rateLimited(let wait):
            return Problem(status: .tooManyRequests, code: "rate_limited", title: "Too many requests", detail: error.description,
                           extra: [("retryAfter", .int(wait))])
        case .tooManyAttempts(let wait):
            return Problem(status: .tooManyRequests, code: "too_many_attempts", title: "Too many attempts", detail: error.description,
                           extra: [("retryAfter", .int(wait))])
        case .unavailable:
            // The reason goes to the log, not to the client.
            return Problem(status: .serviceUnavailable, code: "database_unavailable", title: "Database unavailable",
                           detail: "the database cannot be reached; try again shortly")
        case .toolMissing(let message):
            return Problem(status: .serviceUnavailable, code: "ocr_unavailable", title: "Card reading unavailable", detail: message,
                           extra: [("install", .string(CardTools.installCommand))])
        }
    }
}
