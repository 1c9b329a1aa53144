import Foundation
import VendoCore
import VendoServices

/// Settings → Lists: the values of the organisation's lists (SALES-PROCESS.md §13). Built-in
/// values keep their codes; administrators rename them in both languages, reorder them, add
/// their own and retire any, never drop one.
extension Pages {
    var choiceListSettingsRoutes: [WebRoute] {
        [
            WebRoute(.get, "/settings/lists") { web in try await choiceListsPage(web, problem: nil) },
            WebRoute(.post, "/settings/lists/{list}", saveChoiceList),
            WebRoute(.post, "/settings/words/{type}", saveRecordWords),
        ]
    }

    func choiceListsPage(_ web: WebRequest, problem: FormProblem?) async throws -> WebResult {
        let session = try admin(web)
        let t = web.language
        let settings = try await services.settings()
        let sections = ChoiceListName.allCases.map { list in
            let choices = settings.choices(list)
            let rows = choices.map { choice in
                SettingsModel.row([choice.value, choice.labels["en"] ?? "", choice.labels["fr"] ?? "",
                                   t.text(choice.retired ? "customField_retired" : "customField_active")])
            }
            let form = "list-\(list.rawValue)"
            let refused = problem?.form == form
            func typed(_ name: String, _ fallback: String) -> String { refused ? web.form[name]?.first ?? fallback : fallback }
            let fields = [
                Self.field("active", t.text("choiceList_active"), problem, form: form,
                           value: typed("active", Self.lines(choices.filter { !$0.retired })), multiline: true),
                Self.field("retired", t.text("choiceList_retired"), problem, form: form,
                           value: typed("retired", Self.lines(choices.filter(\.retired))), multiline: true),
            ]
            return SettingsModel.section(t.text("choiceList_\(list.rawValue)"), intro: t.text("choiceList_intro_\(list.rawValue)"),
                                         headers: [t.text("choiceList_value"), t.text("customField_labelEn"), t.text("customField_labelFr"),
                                                   t.text("field_state")],
                                         rows: rows, empty: t.text("choiceList_empty"),
                                         form: SettingsModel.Form(action: "/settings/lists/\(list.rawValue)", submit: t.text("save"),
                                                                  fields: fields, open: refused))
        }
        return settingsPage(web, session, page: "/settings/lists", sections: [wordsSection(web, settings, problem), labelsSection(web, settings, problem)] + sections
                                + [paymentTermsSection(web, settings, problem)],
                            problem: problem)
    }

    /// What the organisation calls each record type, in both languages; empty for Vendo's words.
    func wordsSection(_ web: WebRequest, _ settings: OrganisationSettings, _ problem: FormProblem?) -> SettingsModel.Section {
        let t = web.language
        let rows = CustomizedRecord.allCases.map { type in
            let form = "words-\(type.rawValue)"
            let refused = problem?.form == form
            var fields: [FormField] = []
            var cells = [t.builtInStrings["record_\(type.rawValue)"] ?? type.rawValue]
            for language in Language.allCases {
                let words = settings.words(for: type, language)
                for part in ["singular", "plural"] {
                    let name = "\(language.rawValue)-\(part)"
                    let current = part == "singular" ? words?.singular : words?.plural
                    fields.append(Self.field(name, t.text("words_\(name)"), problem, form: form,
                                             value: refused ? web.form[name]?.first ?? "" : current ?? ""))
                }
                cells.append(words.map { "\($0.singular) / \($0.plural)" } ?? "—")
            }
            return SettingsModel.row(cells, [SettingsModel.RowAction(action: "/settings/words/\(type.rawValue)", label: t.text("save"),
                                                                     fields: fields, idPrefix: form)])
        }
        return SettingsModel.section(t.text("words_title"), intro: t.text("words_intro"),
                                     headers: [t.text("words_recordType"), t.text("words_en"), t.text("words_fr"), t.text("actions")],
                                     rows: rows, empty: "", form: nil)
    }

    @Sendable func saveRecordWords(_ web: WebRequest) async throws -> WebResult {
        guard let type = web.parameters["type"].flatMap(CustomizedRecord.init(rawValue:)) else { throw WebFailure.notFound }
        return try await settingsAction(web, form: "words-\(type.rawValue)", back: "/settings/lists", flash: "flash_saved",
                                        page: { web, problem in try await choiceListsPage(web, problem: problem) }) { session in
            var languages: [String: RecordWords] = [:]
            for language in Language.allCases {
                let singular = web.field("\(language.rawValue)-singular") ?? "", plural = web.field("\(language.rawValue)-plural") ?? ""
                // Both empty: Vendo's words in that language.
                if !singular.isEmpty || !plural.isEmpty { languages[language.rawValue] = RecordWords(singular: singular, plural: plural) }
            }
            let chosen = languages
            do {
                _ = try await services.updateSettings(ifVersion: nil, by: session.caller) { settings in
                    var terminology = settings.terminology ?? [:]
                    terminology[type.rawValue] = chosen.isEmpty ? nil : chosen
                    settings.terminology = terminology.isEmpty ? nil : terminology
                }
            } catch ServiceError.validation(let errors) {
                throw ServiceError.validation(errors.map { error in
                    let parts = error.field.split(separator: ".")
                    return parts.count == 4 ? FieldError("\(parts[2])-\(parts[3])", error.code, error.message) : error
                })
            }
        }
    }

    /// `tradeShow | Trade show | Salon`: a value a line, as the form shows and reads them.
    static func lines(_ choices: [CustomChoice]) -> String {
        choices.map { [$0.value, $0.labels["en"] ?? "", $0.labels["fr"] ?? ""].joined(separator: " | ") }.joined(separator: "\n")
    }

    @Sendable func saveChoiceList(_ web: WebRequest) async throws -> WebResult {
        guard let list = web.parameters["list"].flatMap(ChoiceListName.init(rawValue:)) else { throw WebFailure.notFound }
        let form = "list-\(list.rawValue)"
        return try await settingsAction(web, form: form, back: "/settings/lists", flash: "flash_saved",
                                        page: { web, problem in try await choiceListsPage(web, problem: problem) }) { session in
            let active = Self.choices(web.form["active"]?.first ?? "")
            let retired = Self.choices(web.form["retired"]?.first ?? "").map { choice in
                var retired = choice
                retired.retired = true
                return retired
            }
            do {
                _ = try await services.updateSettings(ifVersion: nil, by: session.caller) { settings in
                    var lists = settings.choiceLists ?? [:]
                    lists[list.rawValue] = active + retired
                    settings.choiceLists = lists
                }
            } catch ServiceError.validation(let errors) {
                // Every problem of the list belongs to its first box, where values are added and removed.
                throw ServiceError.validation(errors.map { error in
                    error.field.hasPrefix("choiceLists.") ? FieldError("active", error.code, error.message) : error
                })
            }
        }
    }
}

extension OrganisationSettings {
    /// What a form offers for `list`: the active values in the organisation's order, and the
    /// record's `current` one even when retired, so that saving the form keeps it.
    func options(_ list: ChoiceListName, _ t: Language, keeping current: String? = nil) -> [(String, String)] {
        let offered = choices(list).filter { !$0.retired || $0.value == current }
        var options = offered.map { ($0.value, $0.labels[t.rawValue] ?? $0.labels["en"] ?? $0.value) }
        if let current, !current.isEmpty, !options.contains(where: { $0.0 == current }) { options.append((current, current)) }
        // The long built-in list of industries reads best alphabetically; an edited list keeps its order.
        if list == .industry, choiceLists?[list.rawValue] == nil {
            let locale = Locale(identifier: t.rawValue)
            options.sort { $0.1.compare($1.1, locale: locale) == .orderedAscending }
        }
        return options
    }
}
