import Foundation

/// A record type the organisation can add fields to; its values live in its fields, so that
/// every change to them goes through the record's own update and history.
public protocol CustomizableRecord: Record {
    static var customizedAs: CustomizedRecord { get }
    var customFields: CustomValues { get set }
}

extension Lead: CustomizableRecord {
    public static let customizedAs = CustomizedRecord.lead
    public var customFields: CustomValues {
        get { fields.customFields ?? [:] }
        set { fields.customFields = newValue.isEmpty ? nil : newValue }
    }
}

extension Account: CustomizableRecord {
    public static let customizedAs = CustomizedRecord.account
    public var customFields: CustomValues {
        get { fields.customFields ?? [:] }
        set { fields.customFields = newValue.isEmpty ? nil : newValue }
    }
}

extension Contact: CustomizableRecord {
    public static let customizedAs = CustomizedRecord.contact
    public var customFields: CustomValues {
        get { fields.customFields ?? [:] }
        set { fields.customFields = newValue.isEmpty ? nil : newValue }
    }
}

extension Opportunity: CustomizableRecord {
    public static let customizedAs = CustomizedRecord.opportunity
    public var customFields: CustomValues {
        get { fields.customFields ?? [:] }
        set { fields.customFields = newValue.isEmpty ? nil : newValue }
    }
}

extension Quote: CustomizableRecord {
    public static let customizedAs = CustomizedRecord.quote
    public var customFields: CustomValues {
        get { fields.customFields ?? [:] }
        set { fields.customFields = newValue.isEmpty ? nil : newValue }
    }
}

extension Order: CustomizableRecord {
    public static let customizedAs = CustomizedRecord.order
    public var customFields: CustomValues {
        get { fields.customFields ?? [:] }
        set { fields.customFields = newValue.isEmpty ? nil : newValue }
    }
}

extension Invoice: CustomizableRecord {
    public static let customizedAs = CustomizedRecord.invoice
    public var customFields: CustomValues {
        get { fields.customFields ?? [:] }
        set { fields.customFields = newValue.isEmpty ? nil : newValue }
    }
}

extension Product: CustomizableRecord {
    public static let customizedAs = CustomizedRecord.product
    public var customFields: CustomValues {
        get { fields.customFields ?? [:] }
        set { fields.customFields = newValue.isEmpty ? nil : newValue }
    }
}

/// The rules a record's custom values follow, against its type's definitions.
public enum CustomFieldRules {
    /// Checks `values` (`before` is nil when the record is being made, which fills in the
    /// defaults) and answers every problem, named `customFields.<key>`. Empty text and empty
    /// lists are no value. A retired field keeps the value it had and takes no other; a
    /// required one must have a value when a person makes the record (`requiring`), and cannot
    /// lose it later.
    public static func check(_ values: inout CustomValues, before: CustomValues?, definitions: [CustomFieldDefinition],
                             requiring: Bool = true) -> [FieldError] {
        var errors: [FieldError] = []
        for (key, value) in values {
            if case .text(let text) = value, text.isEmpty { values[key] = nil }
            if case .list(let items) = value, items.isEmpty { values[key] = nil }
        }
        for (key, typed) in values.sorted(by: { $0.key < $1.key }) {
            let field = "customFields.\(key)"
            guard let definition = definitions.first(where: { $0.key == key }) else {
                errors.append(FieldError(field, "unknown_field", "there is no custom field \(key) here"))
                continue
            }
            // Decimals are kept in one form (1234.5), so that filters find them as typed.
            var value = typed
            if definition.type == .decimal || definition.type == .money, case .text(let text) = typed, let number = Decimal.strict(text) {
                value = .text(number.description)
                values[key] = value
            }
            let previous = before?[key]
            if definition.retired {
                if previous != value {
                    errors.append(FieldError(field, "retired_field", "\(key) is retired: its values stay, and take no new one"))
                }
                continue
            }
            if previous == value { continue }
            errors += definition.check(value, previous: previous).map { FieldError(field, $0.code, $0.message) }
        }
        for definition in definitions where !definition.retired && values[definition.key] == nil {
            if before == nil, let value = definition.defaultValue {
                values[definition.key] = value
            } else if definition.required && (before == nil ? requiring : before?[definition.key] != nil) {
                errors.append(FieldError("customFields.\(definition.key)", "required", "\(definition.key) is required"))
            }
        }
        return errors
    }
}
