/// One problem with one input field. `field` is a path such as `lastName` or `lines[2].quantity`.
public struct FieldError: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    public var field: String
    public var code: String
    public var message: String

    public init(_ field: String, _ code: String, _ message: String) {
        self.field = field
        self.code = code
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}

/// What a domain rule can refuse. Each case maps to one HTTP status at the API edge.
public enum DomainError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The action is not allowed from the record's current state (HTTP 409 `invalid_transition`).
    case invalidTransition(record: String, state: String, status: String, action: String)
    /// Input that breaks a rule (HTTP 422), every problem at once.
    case validation([FieldError])
    /// A rule that depends on other records, such as "win needs its quotes closed" (HTTP 409).
    case conflict(code: String, message: String, related: [String])

    public var description: String {
        switch self {
        case let .invalidTransition(record, state, status, action):
            return "cannot \(action): the \(record) is \(state)/\(status)"
        case let .validation(errors):
            return "invalid input: " + errors.map(\.description).joined(separator: "; ")
        case let .conflict(_, message, related):
            return related.isEmpty ? message : "\(message): \(related.joined(separator: ", "))"
        }
    }

    /// The field errors of a validation error; any other error as one error without a field.
    public var fieldErrors: [FieldError] {
        if case .validation(let errors) = self { return errors }
        return [FieldError("", "invalid", description)]
    }

    public static func invalid(_ field: String, _ code: String, _ message: String) -> DomainError {
        .validation([FieldError(field, code, message)])
    }
}
