/// A person's whole name, as other systems export it in one column, split into first and last
/// names.
public enum PersonName {
    /// Words before a family name that belong to it: `de La Fontaine`, `van Gogh`.
    static let particles: Set<String> = ["d'", "da", "das", "de", "del", "della", "den", "der", "des", "di", "do", "dos", "du",
                                         "la", "le", "les", "ten", "ter", "van", "von", "zu"]
    /// Titles before a name, left out (`M.` only with its dot: `M` may be an initial).
    static let titles: Set<String> = ["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "mme", "mlle", "mmes", "m."]

    /// `Camille Martin` → (Camille, Martin); `Jean de La Fontaine` → (Jean, de La Fontaine);
    /// `MARTIN Camille` and `Martin, Camille` → (Camille, MARTIN / Martin); one word is a last
    /// name. Titles (`Mr.`, `Mme`) are dropped.
    public static func split(_ name: String) -> (first: String?, last: String?) {
        let commaParts = name.split(separator: ",", omittingEmptySubsequences: false)
        if commaParts.count == 2 {
            let last = words(commaParts[0]).joined(separator: " "), first = words(commaParts[1]).joined(separator: " ")
            if !last.isEmpty && !first.isEmpty { return (first, last) }
        }
        var tokens = words(name[...])
        while tokens.count > 1, let first = tokens.first, isTitle(first) { tokens.removeFirst() }
        guard tokens.count > 1 else { return (nil, tokens.first) }
        // French habit: the family name first, in capitals.
        let capitals = tokens.prefix { isCapitals($0) }.count
        if capitals > 0 && capitals < tokens.count {
            return (tokens[capitals...].joined(separator: " "), tokens[..<capitals].joined(separator: " "))
        }
        var start = tokens.count - 1
        while start > 1 && particles.contains(tokens[start - 1].lowercased()) { start -= 1 }
        return (tokens[..<start].joined(separator: " "), tokens[start...].joined(separator: " "))
    }

    private static func isTitle(_ word: String) -> Bool {
        let lower = word.lowercased()
        let bare = lower.hasSuffix(".") ? String(lower.dropLast()) : lower
        return titles.contains(lower) || (bare != "m" && titles.contains(bare))
    }

    private static func words(_ text: Substring) -> [String] {
        text.split(whereSeparator: { $0.isWhitespace }).map(String.init)
    }

    /// A word of two letters or more written all in capitals (`MARTIN`, `LE-GALL`).
    private static func isCapitals(_ word: String) -> Bool {
        let letters = word.filter(\.isLetter)
        return letters.count > 1 && letters.allSatisfy(\.isUppercase)
    }
}
