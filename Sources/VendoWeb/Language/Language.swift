import Foundation

/// The languages of the web pages. A user's own choice wins; before sign-in, the browser's
/// `Accept-Language` decides, and English is the fallback.
public enum Language: String, Sendable, CaseIterable {
    case en, fr

    /// The first supported language of an `Accept-Language` header, by its q-values.
    public static func preferred(by header: String?) -> Language {
        guard let header else { return .en }
        var best: (Language, Double)?
        for part in header.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first?.lowercased() else { continue }
            let primary = String(tag.prefix { $0 != "-" && $0 != "_" })
            var quality = 1.0
            for piece in pieces.dropFirst() where piece.hasPrefix("q=") {
                quality = Double(piece.dropFirst(2)) ?? 0
            }
            guard quality > 0, let language = Language(rawValue: primary) else { continue }
            if best == nil || quality > (best?.1 ?? 0) { best = (language, quality) }
        }
        return best?.0 ?? .en
    }

    /// A user's stored locale (`fr`, `fr-CA`, `en`) as one of ours.
    public init(locale: String) {
        self = Language(rawValue: String(locale.lowercased().prefix(2))) ?? .en
    }

    /// Every text of the pages in this language, by key.
    public var strings: [String: String] {
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
