import Foundation

/// The records an organisation can add its own fields to (SALES-PROCESS.md §13).
public enum CustomizedRecord: String, Codable, Sendable, CaseIterable {
    case lead, account, contact, opportunity, quote, order, invoice, product, activity
}

/// What a custom field holds, and so how it is typed in, checked and shown.
public enum CustomFieldType: String, Codable, Sendable, CaseIterable {
    case text, longText, integer, decimal, money, date, dateTime, yesNo, choice, multipleChoice, url, email, phone, user

    /// Types whose values are one of the definition's choices.
    public var hasChoices: Bool { self == .choice || self == .multipleChoice }
    var isNumber: Bool { self == .integer || self == .decimal || self == .money }
    var isText: Bool { [.text, .longText, .url, .email, .phone].contains(self) }
}

/// One value of a choice or multiple-choice field: a stable value, labels in both languages,
/// retired but never dropped.
public struct CustomChoice: Codable, Sendable, Equatable {
    public var value: String
    /// Language code (`en`, `fr`) → label.
    public var labels: [String: String]
    public var retired: Bool

    public init(value: String, labels: [String: String], retired: Bool = false) {
        self.value = value
        self.labels = labels
        self.retired = retired
    }

    /// The rules of a list of choices, named `<at>[index].value`: at most 500, values well
    /// formed and unique, labels in both languages.
    static func problems(_ choices: [CustomChoice], at path: String) -> [FieldError] {
        var check = Validator()
        if choices.count > 500 { check.add(path, "too_many", "at most 500 values") }
        var seen = Set<String>()
        for (index, choice) in choices.enumerated() {
            let at = "\(path)[\(index)]."
            if !CustomFieldDefinition.isValidChoice(choice.value) {
                check.add(at + "value", "invalid_value", "a value is 1 to 100 letters, digits, '-' or '_'")
            } else if !seen.insert(choice.value).inserted {
                check.add(at + "value", "duplicate", "two values are \(choice.value)")
            }
            for language in Language.allCases {
                check.require(choice.labels[language.rawValue], at + "labels.\(language.rawValue)", maxLength: 100)
            }
        }
        return check.errors
    }
}

/// A field an administrator added to a record type. Its key and type never change once made;
/// retiring it hides it from forms and lists, and its values stay in the records.
public struct CustomFieldDefinition: Codable, Sendable, Equatable {
    public var id: UUID
    public var recordType: CustomizedRecord
    /// `region`, `fleetSize`: how the API names it (`customFields.region`, `?cf.region=`). It
    /// changes only while no record holds a value of it.
    public var key: String
    public var type: CustomFieldType
    /// Language code → label, and → help text under the field.
    public var labels: [String: String]
    public var help: [String: String]?
    /// Where it comes among the record type's custom fields (lowest first).
    public var order: Int
    public var required: Bool
    public var defaultValue: CustomValue?
    /// Text: length in characters. Numbers: the range. Text: a pattern the whole value matches.
    public var minLength: Int?
    public var maxLength: Int?
    public var min: Decimal?
    public var max: Decimal?
    public var pattern: String?
    public var choices: [CustomChoice]?
    /// A lead's field: the key of the field it fills on the account, contact or opportunity
    /// qualifying makes, by record type, where that is not its own key. Nil: the same key.
    public var carryTo: [String: String]?
    public var retired: Bool

    public init(id: UUID = UUID(), recordType: CustomizedRecord, key: String, type: CustomFieldType, labels: [String: String],
                order: Int = 0) {
        self.id = id
        self.recordType = recordType
        self.key = key
        self.type = type
        self.labels = labels
        self.order = order
        required = false
        retired = false
    }

    /// The label in `language`, else in English, else the key.
    public func label(_ language: Language) -> String { labels[language.rawValue] ?? labels["en"] ?? key }

    /// The longest text the field takes: its `maxLength`, else its type's default.
    public var lengthLimit: Int {
        switch type {
        case .longText: return maxLength ?? 10_000
        case .url: return maxLength ?? 2_000
        case .email: return maxLength ?? 254
        case .phone: return maxLength ?? 50
        default: return maxLength ?? 200
        }
    }

    public static let keyPattern = "a letter, then letters and digits, at most 40 (region, fleetSize)"
    public static let maxPerRecordType = 100

    static func isValidKey(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, key.unicodeScalars.count <= 40, ("a"..."z").contains(first) else { return false }
        return key.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }
    }

    /// The definition's own rules; `prefix` names it in the errors (`customFields[2].`).
    public func problems(prefix: String = "") -> [FieldError] {
        var check = Validator()
        if !Self.isValidKey(key) { check.add(prefix + "key", "invalid_key", "key must be \(Self.keyPattern)") }
        for language in Language.allCases {
            check.require(labels[language.rawValue], prefix + "labels.\(language.rawValue)", maxLength: 100)
            check.text(help?[language.rawValue], prefix + "help.\(language.rawValue)", maxLength: 500)
        }
        for code in labels.keys where Language(rawValue: code) == nil {
            check.add(prefix + "labels.\(code)", "unknown_language", "labels are in en and fr")
        }
        if minLength != nil || maxLength != nil || pattern != nil, !type.isText {
            check.add(prefix + "maxLength", "not_text", "lengths and patterns are for text fields")
        }
        if let minLength, minLength < 0 { check.add(prefix + "minLength", "out_of_range", "minLength must be zero or more") }
        let ceiling = type == .longText ? 10_000 : type == .url ? 2_000 : 254
        if let maxLength, !(1...Swift.max(ceiling, 200)).contains(maxLength) || maxLength < (minLength ?? 0) {
            check.add(prefix + "maxLength", "out_of_range", "maxLength must be from minLength (or 1) to \(Swift.max(ceiling, 200))")
        }
        if let pattern {
            if pattern.count > 200 { check.add(prefix + "pattern", "too_long", "pattern is longer than 200 characters") }
            else if (try? Regex(pattern)) == nil { check.add(prefix + "pattern", "invalid_pattern", "pattern is not a regular expression") }
        }
        if min != nil || max != nil, !type.isNumber {
            check.add(prefix + "min", "not_number", "min and max are for number fields")
        }
        if let min, let max, min > max {
            check.add(prefix + "max", "out_of_range", "max must be at least min")
        }
        if type.hasChoices {
            let choices = choices ?? []
            if choices.isEmpty { check.add(prefix + "choices", "required", "a choice field needs at least one choice") }
            check.merge(CustomChoice.problems(choices, at: prefix + "choices"))
        } else if choices != nil {
            check.add(prefix + "choices", "not_choice", "choices are for choice and multipleChoice fields")
        }
        for (target, key) in carryTo ?? [:] {
            if recordType != .lead || !["account", "contact", "opportunity"].contains(target) {
                check.add(prefix + "carryTo.\(target)", "invalid_target",
                          "a lead's field is carried to an account, a contact or an opportunity when the lead is qualified")
            } else if !Self.isValidKey(key) {
                check.add(prefix + "carryTo.\(target)", "invalid_key", "carryTo names a field's key: \(Self.keyPattern)")
            }
        }
        if let defaultValue {
            if type == .user { check.add(prefix + "default", "not_allowed", "a user field has no default") }
            else { check.merge(self.check(defaultValue, previous: nil).map { FieldError(prefix + "default", $0.code, $0.message) }) }
        }
        return check.errors
    }

    static func isValidChoice(_ value: String) -> Bool {
        !value.isEmpty && value.count <= 100 && value.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_")
        }
    }
}
