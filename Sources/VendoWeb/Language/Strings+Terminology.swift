import Synchronization
import VendoCore

/// The page texts in the organisation's words for its record types (SALES-PROCESS.md §13): each
/// text that is exactly a record type's name, singular or plural ("Leads" in the menu, "Lead" as
/// a column), takes the organisation's ("Prospects", "Prospect"). Sentences keep Vendo's words:
/// French grammar (gender, elision) cannot follow a rename. On the pages of a record type, the
/// labels of its built-in fields are the organisation's where it gave some.
struct OrganisationWords: Sendable {
    let language: Language
    let strings: [String: String]

    /// The words in force while a page is made, set by the web app for each request.
    @TaskLocal static var current: OrganisationWords?

    private struct Key: Hashable {
        let terminology: Terminology?
        let labels: [String: [String: String]]?
        let language: Language
    }

    /// The texts already renamed, by terminology and language; a few are enough.
    private static let made = Mutex<[Key: [String: String]]>([:])

    /// The texts of `language` with `settings`' words, and its labels of the fields of `about`
    /// (the record type of the page), or nil when it names none in that language.
    static func make(_ settings: OrganisationSettings, _ language: Language, about: CustomizedRecord? = nil) -> OrganisationWords? {
        let terminology = settings.terminology.flatMap { words in
            words.values.contains(where: { $0[language.rawValue] != nil }) ? words : nil
        }
        let labels = about.flatMap { settings.fieldLabels?[$0.rawValue] }.flatMap { fields in
            fields.values.contains(where: { $0[language.rawValue] != nil }) ? fields : nil
        }
        guard terminology != nil || labels != nil else { return nil }
        let key = Key(terminology: terminology, labels: labels, language: language)
        if let known = made.withLock({ $0[key] }) { return OrganisationWords(language: language, strings: known) }
        var strings = renamed(language.builtInStrings, settings, language)
        for (field, names) in labels ?? [:] {
            if let label = names[language.rawValue], strings["field_\(field)"] != nil { strings["field_\(field)"] = label }
        }
        made.withLock { cache in
            if cache.count >= 32 { cache.removeAll() }
            cache[key] = strings
        }
        return OrganisationWords(language: language, strings: strings)
    }

    /// The record type whose pages live under `path` (`/leads/…`: leads; the board: opportunities).
    static func recordType(ofPath path: String) -> CustomizedRecord? {
        let first = path.split(separator: "/").first.map(String.init) ?? ""
        if first == "pipeline" { return .opportunity }
        return CustomizedRecord.allCases.first { pluralKey($0) == "nav_\(first)" }
    }

    /// The menu's key of each record type's plural.
    static func pluralKey(_ type: CustomizedRecord) -> String {
        switch type {
        case .opportunity: return "nav_opportunities"
        case .activity: return "nav_activities"
        default: return "nav_\(type.rawValue)s"
        }
    }

    static func renamed(_ base: [String: String], _ settings: OrganisationSettings, _ language: Language) -> [String: String] {
        var replacements: [String: String] = [:]
        for type in CustomizedRecord.allCases {
            guard let words = settings.words(for: type, language) else { continue }
            if let singular = base["record_\(type.rawValue)"] { replacements[singular] = words.singular }
            if let plural = base[pluralKey(type)] { replacements[plural] = words.plural }
        }
        return base.mapValues { replacements[$0] ?? $0 }
    }
}
