import Foundation
import VendoCore

/// The organisation's own fields as an import sees them: columns named by a field's key or
/// label (in either language) fill `cf.<key>`, and each cell is read by the field's type and
/// checked by its rules, in the check pass as in the writing one.
struct ImportCustomFields: Sendable {
    /// The active fields of the kind's record type.
    var definitions: [CustomFieldDefinition] = []
    /// Users by lower-case e-mail and by id, for user fields.
    var users: [String: ID<User>] = [:]

    static let prefix = "cf."

    /// The field names and header keys of the fields (`cf.region` ← `region`, `Region`, `Région`).
    var fieldKeys: [(name: String, keys: Set<String>)] {
        definitions.map { definition in
            (Self.prefix + definition.key, Set(([definition.key] + definition.labels.values).map(ImportValue.key)))
        }
    }

    /// The field a header names as an export writes it (`customFields.region`) or as the API
    /// filters it (`cf.region`): `cf.<key>` when `custom` has that key.
    static func named(_ header: String, among custom: [CustomFieldDefinition]) -> String? {
        let text = header.trimmingWhitespace()
        for prefix in ["customFields.", prefix] where text.lowercased().hasPrefix(prefix.lowercased()) {
            let key = String(text.dropFirst(prefix.count))
            if custom.contains(where: { $0.key == key }) { return Self.prefix + key }
        }
        return nil
    }

    /// The custom values of a row's cells (field name → text), or the problems of its cells.
    func values(_ cells: [String: String]) -> (CustomValues?, [FieldError]) {
        guard !definitions.isEmpty else { return (nil, []) }
        var values: CustomValues = [:]
        var errors: [FieldError] = []
        for definition in definitions {
            let name = Self.prefix + definition.key
            guard let text = cells[name].map(ImportValue.trimmed), !text.isEmpty else { continue }
            do {
                values[definition.key] = try value(text, for: definition)
            } catch {
                errors.append(FieldError(name, error.code, error.message))
            }
        }
        // The field's own rules, as the record's save will apply them (a file never has to
        // fill a required field), on the cells that could be read.
        errors += CustomFieldRules.check(&values, before: nil, definitions: definitions, requiring: false).map {
            FieldError(Self.prefix + $0.field.dropFirst("customFields.".count), $0.code, $0.message)
        }
        let order = definitions.map { Self.prefix + $0.key }
        errors.sort { (order.firstIndex(of: $0.field) ?? 0) < (order.firstIndex(of: $1.field) ?? 0) }
        return (errors.isEmpty && !values.isEmpty ? values : nil, errors)
    }

    private func value(_ text: String, for definition: CustomFieldDefinition) throws(FieldError) -> CustomValue {
        switch definition.type {
        case .text, .longText, .url, .email, .phone, .dateTime: return .text(text)
        case .integer: return .integer(try ImportValue.int(text))
        case .decimal, .money: return .text(try ImportValue.decimal(text).description)
        case .date: return .text(try ImportValue.day(text).description)
        case .yesNo: return .bool(try ImportValue.bool(text))
        case .choice: return .text(try choice(text, of: definition))
        case .multipleChoice:
            var chosen: [String] = []
            for part in text.split(whereSeparator: { $0 == ";" || $0 == "," || $0 == "|" }) {
                let value = try choice(ImportValue.trimmed(String(part)), of: definition)
                if !chosen.contains(value) { chosen.append(value) }
            }
            return .list(chosen)
        case .user:
            if let id = UUID(uuidString: text) { return .text(ID<User>(id).description) }
            guard let user = users[text.lowercased()] else { throw FieldError("", "unknown_user", "no user has the e-mail \(text)") }
            return .text(user.description)
        }
    }

    /// A choice by its value or by its label in either language, ignoring case and punctuation.
    private func choice(_ text: String, of definition: CustomFieldDefinition) throws(FieldError) -> String {
        let key = ImportValue.key(text)
        for choice in definition.choices ?? [] where ImportValue.key(choice.value) == key || choice.labels.values.contains(where: { ImportValue.key($0) == key }) {
            return choice.value
        }
        let allowed = (definition.choices ?? []).filter { !$0.retired }.map(\.value).joined(separator: ", ")
        throw FieldError("", "invalid_choice", "\"\(text)\" is not one of \(allowed)")
    }
}

extension ImportKind {
    /// The record type whose custom fields the kind's rows fill; none for price list items.
    public var customizedAs: CustomizedRecord? {
        switch self {
        case .leads: return .lead
        case .accounts: return .account
        case .contacts: return .contact
        case .products: return .product
        case .priceListItems: return nil
        }
    }
}
