import Foundation

/// What an organisation calls a record type in one language: "Prospect" / "Prospects".
public struct RecordWords: Codable, Sendable, Hashable {
    public var singular: String
    public var plural: String

    public init(singular: String, plural: String) {
        self.singular = singular
        self.plural = plural
    }
}

/// The organisation's names for its record types (`terminology` in the settings, SALES-PROCESS.md
/// §13): record type → language code → words. The API keeps its stable names; the pages use these.
public typealias Terminology = [String: [String: RecordWords]]

extension OrganisationSettings {
    /// The words for `type` in `language`, when the organisation named it.
    public func words(for type: CustomizedRecord, _ language: Language) -> RecordWords? {
        terminology?[type.rawValue]?[language.rawValue]
    }

    /// The rules of the organisation's words: known record types and languages, each word 1 to
    /// 50 characters.
    func terminologyProblems() -> [FieldError] {
        var check = Validator()
        for (type, languages) in terminology ?? [:] {
            guard CustomizedRecord(rawValue: type) != nil else {
                check.add("terminology.\(type)", "unknown_record_type",
                          "the record types are " + CustomizedRecord.allCases.map(\.rawValue).joined(separator: ", "))
                continue
            }
            for (code, words) in languages {
                guard Language(rawValue: code) != nil else {
                    check.add("terminology.\(type).\(code)", "unknown_language", "words are in en and fr")
                    continue
                }
                check.require(words.singular, "terminology.\(type).\(code).singular", maxLength: 50)
                check.require(words.plural, "terminology.\(type).\(code).plural", maxLength: 50)
            }
        }
        return check.errors
    }
}
