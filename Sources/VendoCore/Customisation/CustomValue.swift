import Foundation

/// A custom field's value as it is kept in the record and shown by the API: text for the text,
/// choice, date, user and decimal types (decimals as exact text, like the API's amounts), a
/// whole number, yes or no, or the values of a multiple choice.
public enum CustomValue: Codable, Sendable, Equatable, Hashable {
    case text(String)
    case integer(Int)
    case bool(Bool)
    case list([String])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) { self = .bool(flag) }
        else if let number = try? container.decode(Int.self) { self = .integer(number) }
        else if let text = try? container.decode(String.self) { self = .text(text) }
        else { self = .list(try container.decode([String].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .integer(let number): try container.encode(number)
        case .bool(let flag): try container.encode(flag)
        case .list(let values): try container.encode(values)
        }
    }

    /// The text a filter compares with (`?cf.region=north`), as SQL reads it out of the JSON.
    public var filterText: String {
        switch self {
        case .text(let text): return text
        case .integer(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .list(let values): return values.joined(separator: ",")
        }
    }
}

/// A record's custom values, by field key.
public typealias CustomValues = [String: CustomValue]

extension CustomFieldDefinition {
    /// The problems of `value` for this field, without a field name (the caller puts
    /// `customFields.<key>`). A retired choice is accepted only when `previous` already held it.
    public func check(_ value: CustomValue, previous: CustomValue?) -> [FieldError] {
        func problem(_ code: String, _ message: String) -> [FieldError] { [FieldError("", code, message)] }
        switch (type, value) {
        case (.text, .text(let text)), (.longText, .text(let text)), (.url, .text(let text)), (.email, .text(let text)),
             (.phone, .text(let text)):
            if text.count > lengthLimit { return problem("too_long", "longer than \(lengthLimit) characters") }
            if let minLength, text.count < minLength { return problem("too_short", "shorter than \(minLength) characters") }
            if let pattern, let regex = try? Regex(pattern), (try? regex.wholeMatch(in: text)) == nil {
                return problem("pattern_mismatch", "does not match the pattern \(pattern)")
            }
            var check = Validator()
            switch type {
            case .email: check.email(text, "")
            case .url:
                let lower = text.lowercased()
                if !(lower.hasPrefix("https://") || lower.hasPrefix("http://")) || URL(string: text)?.host?.isEmpty != false {
                    check.add("", "invalid_url", "not a web address starting with https:// or http://")
                }
            case .phone:
                if !text.allSatisfy({ $0.isASCII && ($0.isNumber || " +-.()/".contains($0)) }) || !text.contains(where: \.isNumber) {
                    check.add("", "invalid_phone", "not a phone number (digits, spaces, + - . ( ) /)")
                }
            default: break
            }
            return check.errors
        case (.integer, .integer(let number)):
            return range(Decimal(number))
        case (.decimal, .text(let text)), (.money, .text(let text)):
            guard let number = Decimal.strict(text) else { return problem("invalid_decimal", "\"\(text)\" is not a number such as 1234.56") }
            if !number.fits(scale: 4) { return problem("too_precise", "more than 4 decimal places") }
            if number.magnitude > Decimal.maximumAmount { return problem("too_large", "larger than \(Decimal.maximumAmount)") }
            return range(number)
        case (.date, .text(let text)):
            return Day(text) == nil ? problem("invalid_date", "\"\(text)\" is not a date written YYYY-MM-DD") : []
        case (.dateTime, .text(let text)):
            return RFC3339Text.isValid(text) ? [] : problem("invalid_date_time", "\"\(text)\" is not a date and time such as 2026-03-15T09:30:00Z")
        case (.yesNo, .bool):
            return []
        case (.choice, .text(let choice)):
            return choiceProblems([choice], previous: previous)
        case (.multipleChoice, .list(let values)):
            if Set(values).count != values.count { return problem("duplicate", "a value is chosen twice") }
            return choiceProblems(values, previous: previous)
        case (.user, .text(let text)):
            return UUID(uuidString: text) == nil ? problem("invalid_user", "\"\(text)\" is not a user's id") : []
        default:
            return problem("invalid_type", "a field of type \(type.rawValue) takes \(Self.expected[type] ?? "another value")")
        }
    }

    static let expected: [CustomFieldType: String] = [
        .text: "text", .longText: "text", .url: "text", .email: "text", .phone: "text", .integer: "a whole number",
        .decimal: "a number as text, such as \"1234.56\"", .money: "an amount as text, such as \"1234.56\"",
        .date: "a date as text, YYYY-MM-DD", .dateTime: "a date and time as text (RFC 3339)", .yesNo: "true or false",
        .choice: "one of its choices' values", .multipleChoice: "a list of its choices' values", .user: "a user's id",
    ]

    private func range(_ number: Decimal) -> [FieldError] {
        if let min, number < min { return [FieldError("", "out_of_range", "less than \(min)")] }
        if let max, number > max { return [FieldError("", "out_of_range", "more than \(max)")] }
        return []
    }

    private func choiceProblems(_ values: [String], previous: CustomValue?) -> [FieldError] {
        let kept: Set<String> = switch previous {
        case .text(let text)?: [text]
        case .list(let values)?: Set(values)
        default: []
        }
        for value in values {
            guard let choice = choices?.first(where: { $0.value == value }) else {
                let allowed = (choices ?? []).filter { !$0.retired }.map(\.value).joined(separator: ", ")
                return [FieldError("", "invalid_choice", "\"\(value)\" is not one of \(allowed)")]
            }
            if choice.retired && !kept.contains(value) {
                return [FieldError("", "retired_choice", "\"\(value)\" is retired; it stays on the records that have it")]
            }
        }
        return []
    }
}

/// RFC 3339 date-times as the API writes them, with or without fractions of a second.
enum RFC3339Text {
    static func isValid(_ text: String) -> Bool {
        let plain = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return text.count <= 40 && (plain.date(from: text) != nil || fractional.date(from: text) != nil)
    }
}
