import Foundation
import VendoCore
import VendoStore

/// A record that looks like the one being created.
public struct DuplicateMatch: Sendable, Equatable, Codable {
    public var recordType: String
    public var id: UUID
    public var name: String
    /// What matched: `name`, `websiteDomain` or `email`.
    public var matchedOn: String

    public init(recordType: String, id: UUID, name: String, matchedOn: String) {
        self.recordType = recordType
        self.id = id
        self.name = name
        self.matchedOn = matchedOn
    }
}

/// Every way a service call can refuse. Each front end maps these once (API: problem+json).
public enum ServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    case notFound(recordType: String, id: String)
    case invalidTransition(record: String, state: String, status: String, action: String)
    case validation([FieldError])
    /// The record changed since the caller read it (`If-Match`).
    case staleVersion(recordType: String, id: String, expected: Int, actual: Int)
    case duplicatesFound([DuplicateMatch])
    /// A rule that involves other records (`open_quotes`, `already_exists`…).
    case conflict(code: String, message: String, related: [String])
    /// The caller may see the record but not do this to it (HTTP 403).
    case forbidden(recordType: String, operation: String)
    /// Sign-in refused (HTTP 401).
    case unauthenticated(String)
    /// Too many failed sign-ins; try again after this many seconds (HTTP 429).
    case tooManyAttempts(retryAfter: Int)
    /// Too many posts from one address to a public endpoint; try again after this many seconds (HTTP 429).
    case rateLimited(retryAfter: Int)
    /// The database cannot be reached for now (HTTP 503).
    case unavailable(String)
    /// A program the server runs is not installed (Tesseract for business cards; HTTP 503).
    case toolMissing(String)

    public var description: String {
        switch self {
        case let .notFound(type, id): return "no \(type) with id \(id)"
        case let .invalidTransition(record, state, status, action):
            return DomainError.invalidTransition(record: record, state: state, status: status, action: action).description
        case let .validation(errors): return DomainError.validation(errors).description
        case let .staleVersion(type, id, expected, actual):
            return "\(type) \(id) is at version \(actual), not \(expected)"
        case let .duplicatesFound(matches):
            return "possible duplicates: " + matches.map { "\($0.recordType) \($0.name) (same \($0.matchedOn))" }.joined(separator: ", ")
        case let .conflict(_, message, related):
            return related.isEmpty ? message : "\(message): \(related.joined(separator: ", "))"
        case let .forbidden(type, operation):
            return "you may not \(operation) this \(type)"
        case let .unauthenticated(message): return message
        case let .tooManyAttempts(wait): return "too many failed sign-ins; try again in \(wait) seconds"
        case let .rateLimited(wait): return "too many posts from this address; try again in \(wait) seconds"
        case let .unavailable(reason): return "the database is unavailable for now: \(reason)"
        case let .toolMissing(message): return message
        }
    }

    static func invalid(_ field: String, _ code: String, _ message: String) -> ServiceError {
        .validation([FieldError(field, code, message)])
    }

    /// Maps domain and store errors to service errors; anything else is an internal failure.
    public static func from(_ error: any Error) -> any Error {
        switch error {
        case let error as ServiceError: return error
        case let error as DomainError:
            switch error {
            case let .invalidTransition(record, state, status, action):
                return ServiceError.invalidTransition(record: record, state: state, status: status, action: action)
            case let .validation(errors): return ServiceError.validation(errors)
            case let .conflict(code, message, related): return ServiceError.conflict(code: code, message: message, related: related)
            }
        case let error as StoreError:
            switch error {
            case let .staleVersion(type, id, expected, actual):
                return ServiceError.staleVersion(recordType: type, id: id, expected: expected, actual: actual)
            case let .notFound(type, id): return ServiceError.notFound(recordType: type, id: id)
            case let .duplicate(detail):
                return ServiceError.conflict(code: "already_exists", message: "a record with the same key exists", related: [detail])
            case .invalidCursor: return ServiceError.invalid("cursor", "invalid_cursor", "the cursor is not one this server gave")
            case let .unknownFilter(name): return ServiceError.invalid(name, "unknown_filter", "this list has no filter \(name)")
            case let .unavailable(reason): return ServiceError.unavailable(reason)
            case .cannotOpen, .corrupt, .engine, .newerSchema: return error
            }
        default: return error
        }
    }
}
