import Foundation
import VendoCore

extension Language {
    /// Every text of the pages in this language, by key.
    public var strings: [String: String] {
        if let words = OrganisationWords.current, words.language == self { return words.strings }
        return builtInStrings
    }

    /// Every text in Vendo's own words.
    var builtInStrings: [String: String] {
        switch self {
        case .en: return Strings.english
        case .fr: return Strings.french
        }
    }

    /// The text of `key`; the key itself when a text is missing (a test keeps both tables complete).
    public func text(_ key: String) -> String { strings[key] ?? key }

    /// The text of `key` with `{0}`, `{1}`… replaced by `arguments`.
    public func text(_ key: String, _ arguments: String...) -> String {
        var result = text(key)
        for (index, argument) in arguments.enumerated() {
            result = result.replacingOccurrences(of: "{\(index)}", with: argument)
        }
        return result
    }

    /// The label of an enum value (`leadSource.web`), or the raw value when none is written.
    public func label(_ group: String, _ value: String) -> String { strings["\(group)_\(value)"] ?? value }
}
