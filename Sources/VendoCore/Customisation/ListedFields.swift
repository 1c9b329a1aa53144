import Foundation

/// One field of a record whose values come from an organisation's list.
public struct ListedField<R>: Sendable {
    public let name: String
    public let list: ChoiceListName
    let get: @Sendable (R) -> String?
    /// Nil for a field only the record's own actions set: the value must then be given exactly.
    let set: (@Sendable (inout R, String) -> Void)?

    public init<C: ListedChoice>(_ name: String, _ path: WritableKeyPath<R, C?> & Sendable) {
        self.name = name
        list = C.list
        get = { $0[keyPath: path]?.rawValue }
        set = { $0[keyPath: path] = C($1) }
    }

    public init<C: ListedChoice>(_ name: String, _ path: WritableKeyPath<R, C> & Sendable) {
        self.name = name
        list = C.list
        get = { $0[keyPath: path].rawValue }
        set = { $0[keyPath: path] = C($1) }
    }

    public init<C: ListedChoice>(_ name: String, reading path: KeyPath<R, C?> & Sendable) {
        self.name = name
        list = C.list
        get = { $0[keyPath: path]?.rawValue }
        set = nil
    }
}

/// A record type (or a record's fields) holding values from the organisation's lists.
public protocol ChoosingRecord {
    static var listedFields: [ListedField<Self>] { get }
}

/// A lead's fields alone, as a file's import reads them before a lead is made.
extension LeadFields: ChoosingRecord {
    public static let listedFields: [ListedField<LeadFields>] = [
        ListedField("source", \.source), ListedField("rating", \.rating), ListedField("industry", \.industry),
    ]
}

extension OpportunityFields: ChoosingRecord {
    public static let listedFields: [ListedField<OpportunityFields>] = [ListedField("rating", \.rating)]
}

extension ActivityFields: ChoosingRecord {
    public static let listedFields: [ListedField<ActivityFields>] = [ListedField("priority", \.priority)]
}

extension CaptureFormFields: ChoosingRecord {
    public static let listedFields: [ListedField<CaptureFormFields>] = [ListedField("source", \.source)]
}

extension Lead: ChoosingRecord {
    public static let listedFields: [ListedField<Lead>] = [
        ListedField("source", \.fields.source), ListedField("rating", \.fields.rating), ListedField("industry", \.fields.industry),
        ListedField("reason", reading: \.reason),
    ]
}

extension CaptureForm: ChoosingRecord {
    public static let listedFields: [ListedField<CaptureForm>] = [ListedField("source", \.fields.source)]
}

extension Opportunity: ChoosingRecord {
    public static let listedFields: [ListedField<Opportunity>] = [
        ListedField("rating", \.fields.rating), ListedField("reason", reading: \.reason),
    ]
}

/// How a record's listed values are checked when it is written.
public enum ListedChoiceRules {
    /// Checks each listed value `record` takes against `settings`' lists. A value the record
    /// already had is kept as it is, even retired. `strict`: a person chose it, so it is a
    /// list's value exactly and not a retired one; else (a record made from a file, a form or
    /// another record) a label names a value too (`Trade Show` → `tradeShow`) and a retired
    /// value is taken, so that nothing sent is lost.
    public static func check<R: ChoosingRecord>(_ record: inout R, before: R?, settings: OrganisationSettings?,
                                                strict: Bool) -> [FieldError] {
        var errors: [FieldError] = []
        for field in R.listedFields {
            guard let value = field.get(record), before.flatMap(field.get) != value else { continue }
            let choices = settings?.choices(field.list) ?? ChoiceLists.builtIn(field.list)
            let found = field.set == nil || strict ? choices.first { $0.value == value } : ChoiceLists.resolve(value, in: choices)
            guard let choice = found, !(choice.retired && strict) else {
                let active = choices.filter { !$0.retired }.map(\.value)
                errors.append(FieldError(field.name, found == nil ? "invalid_choice" : "retired_choice",
                                         (found == nil ? "\(value) is not in the list" : "\(value) is retired")
                                             + "; \(field.name) is one of " + active.joined(separator: ", ")))
                continue
            }
            if choice.value != value, let set = field.set { set(&record, choice.value) }
        }
        return errors
    }
}
