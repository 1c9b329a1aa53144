import Foundation
import VendoCore

/// Reads a JSON object field by field into typed values, collecting every problem (wrong type,
/// null where a value is required, unknown fields) as field errors.
struct FieldReader {
    private let pairs: [(String, JSON)]
    private var used: Set<String> = []
    private(set) var errors: [FieldError] = []
    let prefix: String

    init(_ json: JSON, prefix: String = "") {
        if case .object(let pairs) = json {
            self.pairs = pairs
        } else {
            self.pairs = []
            errors.append(FieldError(prefix.isEmpty ? "body" : String(prefix.dropLast()), "invalid_type", "must be a JSON object"))
        }
        self.prefix = prefix
    }

    func has(_ key: String) -> Bool { pairs.contains { $0.0 == key } }

    /// The raw value of a field, without marking it read.
    func peek(_ key: String) -> JSON? { pairs.first { $0.0 == key }?.1 }

    private mutating func raw(_ key: String) -> JSON? {
        used.insert(key)
        return pairs.first { $0.0 == key }?.1
    }

    mutating func fail(_ key: String, _ code: String, _ message: String) {
        errors.append(FieldError(prefix + key, code, message))
    }

    /// Reads an optional field: absent leaves `target`, null clears it.
    mutating func read<T>(_ key: String, into target: inout T?, _ convert: (JSON) -> Result<T, FieldProblem>) {
        guard let json = raw(key) else { return }
        if json == .null {
            target = nil
            return
        }
        switch convert(json) {
        case .success(let value): target = value
        case .failure(let problem): fail(key, problem.code, problem.message)
        }
    }

    /// Reads a required field: absent leaves `target` (or fails when `required`), null fails.
    mutating func read<T>(_ key: String, into target: inout T, required: Bool = false, _ convert: (JSON) -> Result<T, FieldProblem>) {
        guard let json = raw(key) else {
            if required { fail(key, "required", "\(key) is required") }
            return
        }
        if json == .null {
            fail(key, "required", "\(key) cannot be null")
            return
        }
        switch convert(json) {
        case .success(let value): target = value
        case .failure(let problem): fail(key, problem.code, problem.message)
        }
    }

    /// A nested object, read by `body` with paths prefixed `key.`.
    mutating func object(_ key: String, _ body: (inout FieldReader) -> Void) {
        guard let json = raw(key), json != .null else { return }
        var nested = FieldReader(json, prefix: prefix + key + ".")
        body(&nested)
        nested.finish()
        errors += nested.errors
    }

    /// Takes the problems of a reader of a nested value.
    mutating func merge(_ nested: FieldReader) { errors += nested.errors }

    /// Marks fields that are accepted but ignored (read-only fields sent back by clients).
    mutating func ignore(_ keys: [String]) { used.formUnion(keys) }

    /// Reports the fields nobody read.
    mutating func finish() {
        for (key, _) in pairs where !used.contains(key) {
            fail(key, "unknown_field", "\(key) is not a field here")
        }
        used.formUnion(pairs.map(\.0))
    }

    func check() throws {
        if !errors.isEmpty { throw APIError.validation(errors) }
    }
}

struct FieldProblem: Error {
    let code: String
    let message: String
}

/// The converters of the API's value types.
enum Convert {
    static func string(_ json: JSON) -> Result<String, FieldProblem> {
        if case .string(let text) = json { return .success(text) }
        return .failure(FieldProblem(code: "invalid_type", message: "must be a string"))
    }

    static func bool(_ json: JSON) -> Result<Bool, FieldProblem> {
        if case .bool(let flag) = json { return .success(flag) }
        return .failure(FieldProblem(code: "invalid_type", message: "must be true or false"))
    }

    static func int(_ json: JSON) -> Result<Int, FieldProblem> {
        if case .number(let number) = json, number.fits(scale: 0), abs(number) < 1_000_000_000 {
            return .success(Int(truncating: NSDecimalNumber(decimal: number)))
        }
        return .failure(FieldProblem(code: "invalid_type", message: "must be a whole number"))
    }

    /// Money, quantities and percentages travel as decimal strings, never JSON numbers.
    static func decimal(_ json: JSON) -> Result<Decimal, FieldProblem> {
        if case .string(let text) = json, let value = Decimal.strict(text) { return .success(value) }
        if case .number = json {
            return .failure(FieldProblem(code: "invalid_type", message: "must be a decimal string such as \"12.50\", not a JSON number"))
        }
        return .failure(FieldProblem(code: "invalid_decimal", message: "must be a decimal string such as \"12.50\""))
    }

    static func day(_ json: JSON) -> Result<Day, FieldProblem> {
        if case .string(let text) = json, let day = Day(text) { return .success(day) }
        return .failure(FieldProblem(code: "invalid_date", message: "must be a date YYYY-MM-DD"))
    }

    static func dateTime(_ json: JSON) -> Result<Date, FieldProblem> {
        if case .string(let text) = json, let date = RFC3339.parse(text) { return .success(date) }
        return .failure(FieldProblem(code: "invalid_date", message: "must be an RFC 3339 date-time such as 2026-03-15T09:30:00Z"))
    }

    static func id<R>(_ json: JSON) -> Result<ID<R>, FieldProblem> {
        if case .string(let text) = json, let id = ID<R>(text) { return .success(id) }
        return .failure(FieldProblem(code: "invalid_id", message: "must be a UUID"))
    }

    static func strings(_ json: JSON) -> Result<[String], FieldProblem> {
        guard case .array(let items) = json else { return .failure(FieldProblem(code: "invalid_type", message: "must be an array of strings")) }
        var out: [String] = []
        for item in items {
            guard case .string(let text) = item else { return .failure(FieldProblem(code: "invalid_type", message: "must be an array of strings")) }
            out.append(text)
        }
        return .success(out)
    }

    static func ids<R>(_ json: JSON) -> Result<[ID<R>], FieldProblem> {
        guard case .array(let items) = json else {
            return .failure(FieldProblem(code: "invalid_type", message: "must be an array of UUIDs"))
        }
        var out: [ID<R>] = []
        for item in items {
            guard case .success(let id) = Convert.id(item) as Result<ID<R>, FieldProblem> else {
                return .failure(FieldProblem(code: "invalid_id", message: "must be an array of UUIDs"))
            }
            out.append(id)
        }
        return .success(out)
    }

    static func choice<E: RawRepresentable & CaseIterable & Sendable>(_ type: E.Type) -> @Sendable (JSON) -> Result<E, FieldProblem>
        where E.RawValue == String {
        { json in
            if case .string(let text) = json, let value = E(rawValue: text) { return .success(value) }
            return .failure(FieldProblem(code: "invalid_choice",
                                         message: "must be one of " + E.allCases.map(\.rawValue).joined(separator: ", ")))
        }
    }
}
