import Foundation

/// The lists of values an organisation edits (SALES-PROCESS.md §13). The API names them so.
public enum ChoiceListName: String, Codable, Sendable, CaseIterable {
    case leadSource, industry, rating, activityPriority, disqualifyReason, lostReason
}

/// A value drawn from one of the organisation's lists. The built-in values keep their API
/// names; the organisation adds its own, so any value of the right shape decodes, and the
/// services check it against the list in force when a record takes it.
public protocol ListedChoice: RawRepresentable, Codable, Hashable, Sendable, CaseIterable
    where RawValue == String, AllCases == [Self] {
    static var list: ChoiceListName { get }
    init(_ value: String)
}

extension ListedChoice {
    /// Any text of 1 to 100 characters: a value, or a label that a file's import turns into one.
    public init?(rawValue: String) {
        guard !rawValue.isEmpty, rawValue.count <= 100 else { return nil }
        self.init(rawValue)
    }

    /// The built-in values, in their shipped order.
    public static var allCases: [Self] { ChoiceLists.builtIn(list).map { Self($0.value) } }
}

public struct LeadSource: ListedChoice {
    public static let list = ChoiceListName.leadSource
    public let rawValue: String
    public init(_ value: String) { rawValue = value }
    public static let advertisement = Self("advertisement"), employeeReferral = Self("employeeReferral")
    public static let externalReferral = Self("externalReferral"), partner = Self("partner")
    public static let publicRelations = Self("publicRelations"), seminar = Self("seminar"), tradeShow = Self("tradeShow")
    public static let web = Self("web"), wordOfMouth = Self("wordOfMouth"), email = Self("email"), other = Self("other")
}

public struct Rating: ListedChoice {
    public static let list = ChoiceListName.rating
    public let rawValue: String
    public init(_ value: String) { rawValue = value }
    public static let hot = Self("hot"), warm = Self("warm"), cold = Self("cold")
}

/// The trade a lead's company is in. The built-in list is Dynamics 365's industry codes and
/// Salesforce's industry picklist together, each value once, so that a lead exported from
/// either system keeps its industry; the API names are the English labels in camel case.
public struct Industry: ListedChoice {
    public static let list = ChoiceListName.industry
    public let rawValue: String
    public init(_ value: String) { rawValue = value }
}

public struct ActivityPriority: ListedChoice {
    public static let list = ChoiceListName.activityPriority
    public let rawValue: String
    public init(_ value: String) { rawValue = value }
    public static let low = Self("low"), normal = Self("normal"), high = Self("high")
}

/// Why a lead was disqualified, beside its status (which keeps its fixed codes).
public struct DisqualifyReason: ListedChoice {
    public static let list = ChoiceListName.disqualifyReason
    public let rawValue: String
    public init(_ value: String) { rawValue = value }
}

/// Why an opportunity was lost, beside its status.
public struct LostReason: ListedChoice {
    public static let list = ChoiceListName.lostReason
    public let rawValue: String
    public init(_ value: String) { rawValue = value }
}

/// The lists as the organisation has them: its edited lists, the built-in ones for the rest.
public enum ChoiceLists {
    /// The shipped values of `list`, with their labels in both languages.
    public static func builtIn(_ list: ChoiceListName) -> [CustomChoice] {
        (shipped[list] ?? []).map { CustomChoice(value: $0.0, labels: ["en": $0.1, "fr": $0.2]) }
    }

    /// The value `text` names in `choices`: by value, else by a value or a label compared
    /// without case, accents, spaces or punctuation (`Trade Show`, `salon` → `tradeShow`).
    public static func resolve(_ text: String, in choices: [CustomChoice]) -> CustomChoice? {
        if let exact = choices.first(where: { $0.value == text }) { return exact }
        let key = folded(text)
        guard !key.isEmpty else { return nil }
        return choices.first { choice in folded(choice.value) == key || choice.labels.values.contains { folded($0) == key } }
    }

    static func folded(_ text: String) -> String {
        let plain = text.replacingOccurrences(of: "&", with: " and ")
            .folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "en"))
        return String(plain.unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }.map(Character.init))
    }

    /// The rules of an edited list against the one it replaces: values well formed and unique,
    /// labels in both languages, and nothing dropped, built in or added before (retire instead).
    public static func problems(_ list: ChoiceListName, _ choices: [CustomChoice], replacing previous: [CustomChoice]) -> [FieldError] {
        var check = Validator()
        let prefix = "choiceLists.\(list.rawValue)"
        check.merge(CustomChoice.problems(choices, at: prefix))
        let seen = Set(choices.map(\.value))
        for kept in builtIn(list) + previous where !seen.contains(kept.value) {
            check.add(prefix, "value_removed", "\(kept.value) cannot be removed: retire it instead")
            break
        }
        if list == .activityPriority, choices.contains(where: { $0.value == ActivityPriority.normal.rawValue && $0.retired }) {
            check.add(prefix, "default_retired", "normal is the priority of a new activity and cannot be retired")
        }
        return check.errors
    }
}

extension OrganisationSettings {
    /// The values of `list` in their order, retired ones included.
    public func choices(_ list: ChoiceListName) -> [CustomChoice] {
        choiceLists?[list.rawValue] ?? ChoiceLists.builtIn(list)
    }

    /// The label of `value` in `list` for `language`: the organisation's, else the value itself
    /// (a value the list no longer has stays readable).
    public func choiceLabel(_ list: ChoiceListName, _ value: String, _ language: Language) -> String {
        guard let choice = choices(list).first(where: { $0.value == value }) else { return value }
        return choice.labels[language.rawValue] ?? choice.labels["en"] ?? value
    }
}
