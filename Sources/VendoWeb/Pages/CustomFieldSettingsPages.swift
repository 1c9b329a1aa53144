import Foundation
import VendoCore
import VendoServices

/// Settings → Fields: the organisation's own fields (SALES-PROCESS.md §13). Administrators add
/// them, rename them in both languages, retire and restore them, and delete one no record uses.
extension Pages {
    var customFieldSettingsRoutes: [WebRoute] {
        [
            WebRoute(.get, "/settings/fields") { web in try await customFieldsPage(web, problem: nil) },
            WebRoute(.post, "/settings/fields", createCustomFieldFromForm),
            WebRoute(.post, "/settings/fields/{id}", renameCustomField),
            WebRoute(.post, "/settings/fields/{id}/retire") { web in try await retireCustomField(web, retired: true) },
            WebRoute(.post, "/settings/fields/{id}/restore") { web in try await retireCustomField(web, retired: false) },
            WebRoute(.post, "/settings/fields/{id}/delete", deleteCustomFieldFromForm),
        ]
    }

    func customFieldsPage(_ web: WebRequest, problem: FormProblem?) async throws -> WebResult {
        let session = try admin(web)
        let t = web.language
        let fields = try await services.customFields(by: session.caller)
        let rows = fields.map { field in
            let id = field.id.uuidString.lowercased()
            let state = t.text(field.retired ? "customField_retired" : "customField_active")
            var actions = [
                SettingsModel.RowAction(action: "/settings/fields/\(id)", label: t.text("save"), fields: [
                    FormField("labelEn", t.text("customField_labelEn"), value: field.labels["en"] ?? ""),
                    FormField("labelFr", t.text("customField_labelFr"), value: field.labels["fr"] ?? ""),
                ], idPrefix: "field-\(id)"),
                SettingsModel.RowAction(action: "/settings/fields/\(id)/\(field.retired ? "restore" : "retire")",
                                        label: t.text(field.retired ? "customField_restore" : "customField_retire"), style: "link",
                                        idPrefix: "field-\(id)-state"),
            ]
            actions.append(SettingsModel.RowAction(action: "/settings/fields/\(id)/delete", label: t.text("remove"), style: "link danger",
                                                   confirm: t.text("customField_confirmDelete"), idPrefix: "field-\(id)-delete"))
            return SettingsModel.row([t.label("record", field.recordType.rawValue), field.key, field.label(t),
                                      t.label("customType", field.type.rawValue) + (field.required ? " · " + t.text("customField_required") : ""),
                                      state], actions)
        }
        let refused = problem?.form == "field"
        func typed(_ name: String, _ fallback: String = "") -> String { refused ? web.form[name]?.first ?? fallback : fallback }
        let form = SettingsModel.Form(action: "/settings/fields", submit: t.text("customField_add"), fields: [
            Self.field("recordType", t.text("customField_recordType"), problem, form: "field", value: typed("recordType", "lead"),
                       choices: CustomizedRecord.allCases.map { ($0.rawValue, t.label("record", $0.rawValue)) }),
            Self.field("key", t.text("customField_key"), problem, form: "field", value: typed("key"), required: true),
            Self.field("labelEn", t.text("customField_labelEn"), problem, form: "field", value: typed("labelEn"), required: true),
            Self.field("labelFr", t.text("customField_labelFr"), problem, form: "field", value: typed("labelFr"), required: true),
            Self.field("type", t.text("customField_type"), problem, form: "field", value: typed("type", "text"),
                       choices: CustomFieldType.allCases.map { ($0.rawValue, t.label("customType", $0.rawValue)) }),
            Self.field("required", t.text("customField_required"), problem, form: "field", value: typed("required", "no"),
                       choices: [("no", t.text("no")), ("yes", t.text("yes"))]),
            Self.field("choices", t.text("customField_choices"), problem, form: "field", value: typed("choices"), multiline: true),
        ], open: refused)
        let section = SettingsModel.section(t.text("settings_fields"), intro: t.text("customField_intro"),
                                            headers: [t.text("customField_recordType"), t.text("customField_key"), t.text("customField_label"),
                                                      t.text("customField_type"), t.text("field_state"), t.text("actions")],
                                            rows: rows, empty: t.text("customField_empty"), form: form)
        return settingsPage(web, session, page: "/settings/fields", sections: [section], problem: problem)
    }

    /// `north | North | Nord`, one choice a line: its value, then its English and French labels
    /// (the value stands for a missing label).
    static func choices(_ text: String) -> [CustomChoice] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            let parts = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }
            guard let value = parts.first, !value.isEmpty else { return nil }
            let english = parts.count > 1 && !parts[1].isEmpty ? parts[1] : value
            let french = parts.count > 2 && !parts[2].isEmpty ? parts[2] : english
            return CustomChoice(value: value, labels: ["en": english, "fr": french])
        }
    }

    @Sendable func createCustomFieldFromForm(_ web: WebRequest) async throws -> WebResult {
        try await settingsAction(web, form: "field", back: "/settings/fields", flash: "flash_saved",
                                 page: { web, problem in try await customFieldsPage(web, problem: problem) }) { session in
            let type = web.field("type").flatMap(CustomFieldType.init(rawValue:)) ?? .text
            var definition = CustomFieldDefinition(recordType: web.field("recordType").flatMap(CustomizedRecord.init(rawValue:)) ?? .lead,
                                                   key: web.field("key") ?? "", type: type,
                                                   labels: ["en": web.field("labelEn") ?? "", "fr": web.field("labelFr") ?? ""])
            definition.required = web.field("required") == "yes"
            if type.hasChoices { definition.choices = Self.choices(web.form["choices"]?.first ?? "") }
            _ = try await services.createCustomField(definition, by: session.caller)
        }
    }

    @Sendable func renameCustomField(_ web: WebRequest) async throws -> WebResult {
        try await settingsAction(web, form: "fieldRow", back: "/settings/fields", flash: "flash_saved",
                                 page: { web, problem in try await customFieldsPage(web, problem: problem) }) { session in
            let english = web.field("labelEn") ?? "", french = web.field("labelFr") ?? ""
            _ = try await services.updateCustomField(try Self.fieldId(web), by: session.caller) { $0.labels = ["en": english, "fr": french] }
        }
    }

    func retireCustomField(_ web: WebRequest, retired: Bool) async throws -> WebResult {
        try await settingsAction(web, form: "fieldRow", back: "/settings/fields", flash: "flash_saved",
                                 page: { web, problem in try await customFieldsPage(web, problem: problem) }) { session in
            _ = try await services.updateCustomField(try Self.fieldId(web), by: session.caller) { $0.retired = retired }
        }
    }

    @Sendable func deleteCustomFieldFromForm(_ web: WebRequest) async throws -> WebResult {
        try await settingsAction(web, form: "fieldRow", back: "/settings/fields", flash: "flash_saved",
                                 page: { web, problem in try await customFieldsPage(web, problem: problem) }) { session in
            try await services.deleteCustomField(try Self.fieldId(web), by: session.caller)
        }
    }

    static func fieldId(_ web: WebRequest) throws -> UUID {
        guard let id = web.parameters["id"].flatMap(UUID.init(uuidString:)) else { throw WebFailure.notFound }
        return id
    }
}
