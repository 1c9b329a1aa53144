import Foundation
import VendoCore
import VendoServices

/// The organisation's own fields on a record's page: facts to read, typed controls in its
/// forms (named `cf_<key>`), read back into its values. Retired fields are neither shown nor
/// edited; their values stay in the record.
struct CustomFieldForm {
    /// The record type's active fields, in their order.
    let definitions: [CustomFieldDefinition]
    /// Users by id, for user fields.
    let users: [ID<User>: String]

    static func name(_ key: String) -> String { "cf_" + key }

    /// The form's text of each value.
    func values(_ custom: CustomValues, _ t: Language) -> [String: String] {
        var out: [String: String] = [:]
        let formats = Formats(t)
        for definition in definitions {
            guard let value = custom[definition.key] else { continue }
            let name = Self.name(definition.key)
            switch (definition.type, value) {
            case (.decimal, .text(let text)), (.money, .text(let text)):
                out[name] = Decimal.strict(text).map { formats.number($0, scale: Self.decimals($0, at: definition.type == .money ? 2 : 0)) } ?? text
            case (.yesNo, .bool(let flag)): out[name] = flag ? "yes" : "no"
            default: out[name] = value.filterText
            }
        }
        return out
    }

    /// The controls, with what was typed (`values`) and the messages (`errors`) by input name.
    func controls(_ values: [String: String], selected: [String: Set<String>] = [:], errors: [String: String], _ t: Language) -> [FormField] {
        definitions.map { definition in
            let name = Self.name(definition.key)
            let label = definition.label(t)
            let value = values[name] ?? ""
            let error = errors[name]
            func choices() -> [(String, String)] {
                (definition.choices ?? []).filter { !$0.retired || value == $0.value }.map { ($0.value, $0.labels[t.rawValue] ?? $0.value) }
            }
            switch definition.type {
            case .longText: return FormField(name, label, value: value, multiline: true, error: error)
            case .date: return FormField(name, label, type: "date", value: value, error: error)
            case .url: return FormField(name, label, type: "url", value: value, error: error)
            case .email: return FormField(name, label, type: "email", value: value, error: error)
            case .phone: return FormField(name, label, type: "tel", value: value, error: error)
            case .yesNo: return FormField(name, label, value: value, choices: [("yes", t.text("yes")), ("no", t.text("no"))], error: error)
            case .choice: return FormField(name, label, value: value, choices: choices(), error: error)
            case .user:
                let people = users.sorted { $0.value < $1.value }.map { ($0.key.description, $0.value) }
                return FormField(name, label, value: value, choices: people, error: error)
            case .multipleChoice:
                let chosen = selected[name] ?? Set(value.split(separator: ",").map(String.init))
                var field = FormField(name, label, several: choices(), selected: chosen)
                field.error = error
                return field
            case .text, .integer, .decimal, .money, .dateTime:
                return FormField(name, label, value: value, error: error)
            }
        }
    }

    /// Reads the posted controls into `custom`: what is left empty is removed. Answers the
    /// messages of what cannot be read, by input name.
    func read(_ web: WebRequest, into custom: inout CustomValues?) -> [String: String] {
        let t = web.language
        var values = custom ?? [:]
        var errors: [String: String] = [:]
        for definition in definitions {
            let name = Self.name(definition.key)
            if definition.type == .multipleChoice {
                let chosen = web.fields(name).filter { !$0.isEmpty }
                values[definition.key] = chosen.isEmpty ? nil : .list(chosen)
                continue
            }
            guard let text = web.field(name) else {
                values[definition.key] = nil
                continue
            }
            switch definition.type {
            case .integer:
                if let number = web.formats.parse(text), number == number.rounded(scale: 0), number.magnitude < 1_000_000_000_000 {
                    values[definition.key] = .integer(NSDecimalNumber(decimal: number).intValue)
                } else {
                    errors[name] = t.text("field_invalid_whole")
                }
            case .decimal, .money:
                if let number = web.formats.parse(text) { values[definition.key] = .text(number.description) } else {
                    errors[name] = t.text("field_invalid_number")
                }
            case .yesNo: values[definition.key] = .bool(text == "yes")
            default: values[definition.key] = .text(text)
            }
        }
        custom = values.isEmpty ? nil : values
        return errors
    }

    /// The controls of a record's edit form: what was typed and its messages when the form was
    /// refused, else the stored values.
    func editControls(_ stored: CustomValues, _ web: WebRequest, problem: FormProblem?) -> [FormField] {
        let t = web.language
        guard problem?.form == "edit" else { return controls(values(stored, t), errors: [:], t) }
        let (typed, selected) = typed(web)
        return controls(typed, selected: selected, errors: Self.errors(problem?.fields ?? [:]), t)
    }

    /// The posted values, or a refusal with the messages of what cannot be read.
    func readForEdit(_ web: WebRequest) throws -> CustomValues? {
        var values: CustomValues?
        let errors = read(web, into: &values)
        // The messages are already the reader's: a code with no text of its own keeps them.
        if !errors.isEmpty { throw ServiceError.validation(errors.map { FieldError($0.key, "typed", $0.value) }) }
        return values
    }

    /// `stored` with the form's values of the fields it shows; the others (retired) keep theirs.
    func merged(_ form: CustomValues?, into stored: CustomValues?) -> CustomValues? {
        var values = stored ?? [:]
        for definition in definitions { values[definition.key] = form?[definition.key] }
        return values.isEmpty ? nil : values
    }

    /// What was typed, to show again with the messages.
    func typed(_ web: WebRequest) -> ([String: String], [String: Set<String>]) {
        var values: [String: String] = [:], selected: [String: Set<String>] = [:]
        for definition in definitions {
            let name = Self.name(definition.key)
            if definition.type == .multipleChoice { selected[name] = Set(web.fields(name)) } else { values[name] = web.form[name]?.first ?? "" }
        }
        return (values, selected)
    }

    /// The filled fields as facts, in the reader's language.
    func facts(_ custom: CustomValues, _ t: Language) -> [Fact] {
        let formats = Formats(t)
        return definitions.compactMap { definition in
            guard let value = custom[definition.key] else { return nil }
            func label(_ choice: String) -> String {
                definition.choices?.first { $0.value == choice }.map { $0.labels[t.rawValue] ?? choice } ?? choice
            }
            let shown: String
            switch (definition.type, value) {
            case (.choice, .text(let choice)): shown = label(choice)
            case (.multipleChoice, .list(let choices)): shown = choices.map(label).joined(separator: ", ")
            case (.yesNo, .bool(let flag)): shown = t.text(flag ? "yes" : "no")
            case (.date, .text(let text)): shown = Day(text).map { formats.day($0) } ?? text
            case (.user, .text(let id)): shown = UUID(uuidString: id).flatMap { users[ID($0)] } ?? id
            case (.integer, .integer(let number)): shown = formats.number(Decimal(number), scale: 0)
            case (.decimal, .text(let text)), (.money, .text(let text)):
                shown = Decimal.strict(text).map { formats.number($0, scale: Self.decimals($0, at: definition.type == .money ? 2 : 0)) } ?? text
            default: shown = value.filterText
            }
            return Fact(label: definition.label(t), value: shown)
        }
    }

    /// The services' messages on `customFields.<key>` under the controls' names.
    static func errors(_ fields: [String: String]) -> [String: String] {
        var out = fields
        for (field, message) in fields where field.hasPrefix("customFields.") {
            out[name(String(field.dropFirst("customFields.".count)))] = message
        }
        return out
    }

    /// The decimals a number needs, at least `least`, at most 4.
    static func decimals(_ value: Decimal, at least: Int) -> Int {
        (least...4).first { value.fits(scale: $0) } ?? 4
    }
}

extension Pages {
    /// The active custom fields of `type`, ready for a page; `users` when the page has read them already.
    func customFieldForm(_ type: CustomizedRecord, _ session: WebSession, users known: [ID<User>: String]? = nil) async throws -> CustomFieldForm {
        let definitions = try await services.customFields(of: type, by: session.caller).filter { !$0.retired }
        var users = known ?? [:]
        if known == nil, definitions.contains(where: { $0.type == .user }) { users = try await userNames(session.caller) }
        return CustomFieldForm(definitions: definitions, users: users)
    }
}
