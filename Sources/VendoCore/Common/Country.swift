import Foundation

/// Countries as ISO 3166-1 alpha-2 codes, which e-invoices must carry, read from what people
/// type in an address: the code itself (`FR`, `de`) or the country's name in English or
/// French (`France`, `Allemagne`, `Germany`, `United Kingdom`, `Royaume-Uni`), with or
/// without accents and case; also in German, Spanish, Italian, Dutch and Portuguese
/// (`Deutschland`, `België`). The names come from Foundation's locale data.
public enum Country {
    /// Every ISO 3166-1 alpha-2 code the locale data knows.
    public static let codes: Set<String> = Set(
        Locale.Region.isoRegions.map(\.identifier).filter { $0.count == 2 && $0.allSatisfy(\.isLetter) })

    /// The languages whose names of countries are recognised: ours, and those of the
    /// neighbours whose customers type their own country's name.
    private static let languages = ["en", "fr", "de", "es", "it", "nl", "pt"]

    /// Extra spellings people type that the locale data does not list.
    private static let aliases: [String: String] = [
        "uk": "GB", "england": "GB", "great britain": "GB", "grande bretagne": "GB", "angleterre": "GB",
        "usa": "US", "us": "US", "united states of america": "US", "etats unis d amerique": "US",
        "holland": "NL", "hollande": "NL", "the netherlands": "NL",
    ]

    private static let byName: [String: String] = {
        var table: [String: String] = [:]
        for code in codes {
            for language in languages {
                if let name = Locale(identifier: language).localizedString(forRegionCode: code) {
                    table[key(name)] = code
                }
            }
        }
        for (name, code) in aliases { table[name] = code }
        return table
    }()

    /// `text` folded for comparison: no accents, lower case, punctuation as single spaces.
    private static func key(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        return folded.map { $0.isLetter || $0.isNumber ? String($0) : " " }.joined()
            .split(separator: " ").joined(separator: " ")
    }

    /// The ISO code of `text`, or nil when it names no country we know.
    public static func code(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        if text.count == 2, codes.contains(text.uppercased()) { return text.uppercased() }
        return byName[key(text)]
    }

    /// The country's name in `language` (`en` or `fr`), or the code when unknown.
    public static func name(_ code: String, language: String) -> String {
        Locale(identifier: language).localizedString(forRegionCode: code) ?? code
    }
}

extension Address {
    /// The ISO code of the address's country, when it names one.
    public var countryCode: String? { Country.code(country) }
}
