import Foundation

/// The languages of the pages and of the documents customers receive. On the pages a user's
/// own choice wins; before sign-in, the browser's `Accept-Language` decides, and English is the
/// fallback.
public enum Language: String, Sendable, CaseIterable {
    case en, fr

    /// The first supported language of an `Accept-Language` header, by its q-values.
    public static func preferred(by header: String?) -> Language {
        guard let header else { return .en }
        var best: (Language, Double)?
        for part in header.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingWhitespace() }
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
}
