import Foundation
import VendoCore
import VendoServices

/// Settings → Lists and names: the organisation's labels of built-in fields, per record type,
/// as lines `field | English | French` (an empty label is Vendo's).
extension Pages {
    var fieldLabelSettingsRoutes: [WebRoute] {
        [WebRoute(.post, "/settings/labels/{type}", saveFieldLabels)]
    }

    func labelsSection(_ web: WebRequest, _ settings: OrganisationSettings, _ problem: FormProblem?) -> SettingsModel.Section {
        let t = web.language
        let rows = CustomizedRecord.allCases.map { type in
            let form = "labels-\(type.rawValue)"
            let given = settings.fieldLabels?[type.rawValue] ?? [:]
            let lines = BuiltInFields.names(of: type).map { field in
                [field, given[field]?["en"] ?? "", given[field]?["fr"] ?? ""].joined(separator: " | ")
            }.joined(separator: "\n")
            let value = problem?.form == form ? web.form["labels"]?.first ?? lines : lines
            let fields = [Self.field("labels", t.text("labels_lines"), problem, form: form, value: value, multiline: true)]
            let named = BuiltInFields.names(of: type).compactMap { field -> String? in
                guard let labels = given[field], !labels.isEmpty else { return nil }
                return labels[t.rawValue] ?? labels["en"] ?? labels["fr"]
            }
            let record = t.builtInStrings["record_\(type.rawValue)"] ?? type.rawValue
            return SettingsModel.row([record, named.isEmpty ? "—" : named.joined(separator: ", ")],
                                     [SettingsModel.RowAction(action: "/settings/labels/\(type.rawValue)", label: t.text("labels_edit"),
                                                              fields: fields, idPrefix: form)])
        }
        return SettingsModel.section(t.text("labels_title"), intro: t.text("labels_intro"),
                                     headers: [t.text("words_recordType"), t.text("labels_fields"), t.text("actions")],
                                     rows: rows, empty: "", form: nil)
    }

    @Sendable func saveFieldLabels(_ web: WebRequest) async throws -> WebResult {
        guard let type = web.parameters["type"].flatMap(CustomizedRecord.init(rawValue:)) else { throw WebFailure.notFound }
        return try await settingsAction(web, form: "labels-\(type.rawValue)", back: "/settings/lists", flash: "flash_saved",
                                        page: { web, problem in try await choiceListsPage(web, problem: problem) }) { session in
            var fields: [String: [String: String]] = [:]
            var problems: [FieldError] = []
            for line in (web.form["labels"]?.first ?? "").split(whereSeparator: \.isNewline) {
                let parts = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                guard let field = parts.first, !field.isEmpty else { continue }
                guard parts.count <= 3 else {
                    problems.append(FieldError("labels", "invalid", "\(field): a line is field | English | French"))
                    continue
                }
                var labels: [String: String] = [:]
                for (index, language) in Language.allCases.enumerated() where parts.count > index + 1 && !parts[index + 1].isEmpty {
                    labels[language.rawValue] = parts[index + 1]
                }
                // A line without labels gives the field Vendo's label back.
                if !labels.isEmpty { fields[field] = labels }
            }
            if !problems.isEmpty { throw ServiceError.validation(problems) }
            let chosen = fields
            do {
                _ = try await services.updateSettings(ifVersion: nil, by: session.caller) { settings in
                    var all = settings.fieldLabels ?? [:]
                    all[type.rawValue] = chosen.isEmpty ? nil : chosen
                    settings.fieldLabels = all.isEmpty ? nil : all
                }
            } catch ServiceError.validation(let errors) {
                // Every problem belongs to the one box.
                throw ServiceError.validation(errors.map { FieldError("labels", $0.code, $0.message) })
            }
        }
    }
}
