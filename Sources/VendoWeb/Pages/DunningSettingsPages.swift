import Foundation
import VendoCore
import VendoServices

/// Settings → Reminders: the organisation's levels (days past due, message per language,
/// late-payment charges) and whether the servers send the reminders due on their own.
extension Pages {
    var dunningSettingsRoutes: [WebRoute] {
        [
            WebRoute(.get, "/settings/dunning") { web in try await dunningSettingsPage(web, problem: nil) },
            WebRoute(.post, "/settings/dunning", saveDunning),
            WebRoute(.post, "/settings/dunning/levels", saveDunningLevel),
            WebRoute(.post, "/settings/dunning/levels/remove", removeDunningLevel),
        ]
    }

    /// The form fields of a level's messages, by language.
    static let levelTemplateFields: [(Language, subject: String, body: String)] = [(.en, "subjectEn", "bodyEn"), (.fr, "subjectFr", "bodyFr")]

    func dunningSettingsPage(_ web: WebRequest, problem: FormProblem?) async throws -> WebResult {
        let session = try admin(web)
        let t = web.language
        let formats = web.formats
        let settings = try await services.settings()
        let policy = settings.dunning ?? DunningPolicy(levels: [])
        let rows = policy.levels.map { level in
            let languages = (level.templates ?? []).map { t.label("language", $0.language.rawValue) }
            return SettingsModel.row([
                String(level.days), level.interestRate.map { formats.number($0, scale: 2) + " %" } ?? "—",
                level.indemnity == true ? t.text("yes") : t.text("no"),
                languages.isEmpty ? t.text("dunning_templateDefault") : t.text("dunning_templateOwn", languages.joined(separator: ", ")),
            ], [SettingsModel.RowAction(action: "/settings/dunning/levels/remove", label: t.text("remove"), style: "danger",
                                        confirm: t.text("dunning_confirmRemove"), hidden: [.init(name: "days", value: String(level.days))],
                                        idPrefix: "remove-\(level.days)")])
        }
        let refused = problem?.form == "level"
        func typed(_ name: String) -> String { refused ? web.field(name) ?? "" : "" }
        var levelFields = [
            Self.field("days", t.text("dunning_days"), problem, form: "level", value: typed("days"), type: "number", required: true),
            Self.field("interestRate", t.text("dunning_interestRate"), problem, form: "level", value: typed("interestRate")),
            Self.field("indemnity", t.text("dunning_indemnity"), problem, form: "level", value: refused ? web.field("indemnity") ?? "0" : "0",
                       choices: [("1", t.text("yes")), ("0", t.text("no"))]),
        ]
        for (language, subject, body) in Self.levelTemplateFields {
            let name = t.label("language", language.rawValue)
            levelFields.append(Self.field(subject, t.text("dunning_subject", name), problem, form: "level", value: typed(subject)))
            levelFields.append(Self.field(body, t.text("dunning_body", name), problem, form: "level", value: typed(body), multiline: true))
        }
        let levels = SettingsModel.section(
            t.text("dunning_levels"), intro: t.text("dunning_levelsIntro", MailTemplate.variables.map { "{{\($0)}}" }.joined(separator: " ")),
            headers: [t.text("dunning_days"), t.text("dunning_interestRate"), t.text("dunning_indemnity"), t.text("dunning_message"), t.text("actions")],
            rows: rows, empty: t.text("dunning_noLevels"),
            form: .init(action: "/settings/dunning/levels", submit: t.text("dunning_addLevel"), fields: levelFields, open: refused))
        let sendingRefused = problem?.form == "sending"
        let sending = SettingsModel.section(
            t.text("dunning_sending"), intro: t.text("dunning_sendingIntro"), headers: [], rows: [], empty: "",
            form: .init(action: "/settings/dunning", submit: t.text("save"), fields: [
                Self.field("automatic", t.text("dunning_automatic"), problem, form: "sending",
                           value: sendingRefused ? web.field("automatic") ?? "0" : policy.automatic == true ? "1" : "0",
                           choices: [("1", t.text("yes")), ("0", t.text("no"))]),
                Self.field("indemnityAmount", t.text("dunning_indemnityAmount", settings.baseCurrency), problem, form: "sending",
                           value: sendingRefused ? web.field("indemnityAmount") ?? "" : formats.number(policy.indemnity, scale: 2)),
            ], open: true))
        return settingsPage(web, session, page: "/settings/dunning", sections: [levels, sending], problem: problem)
    }

    @Sendable func saveDunning(_ web: WebRequest) async throws -> WebResult {
        try await settingsAction(web, form: "sending", back: "/settings/dunning", flash: "flash_saved",
                                 page: { web, problem in try await dunningSettingsPage(web, problem: problem) }) { session in
            let automatic = web.field("automatic") == "1"
            let amount = try Self.amount(web, "indemnityAmount")
            _ = try await services.updateSettings(ifVersion: nil, by: session.caller) { settings in
                var policy = settings.dunning ?? DunningPolicy(levels: [])
                policy.automatic = automatic
                policy.indemnityAmount = amount == 40 ? nil : amount
                settings.dunning = policy
            }
        }
    }

    /// Adds a level, or replaces the one with the same days.
    @Sendable func saveDunningLevel(_ web: WebRequest) async throws -> WebResult {
        try await settingsAction(web, form: "level", back: "/settings/dunning", flash: "flash_saved",
                                 page: { web, problem in try await dunningSettingsPage(web, problem: problem) }) { session in
            let t = web.language
            guard let days = web.field("days").flatMap({ Int($0) }) else {
                throw ServiceError.validation([FieldError("days", "invalid_number", t.text("field_invalid_number"))])
            }
            var level = DunningLevel(days: days, interestRate: try Self.amount(web, "interestRate"), indemnity: web.field("indemnity") == "1")
            var templates: [MailTemplate] = []
            var formFields: [String: String] = [:]
            for (language, subject, body) in Self.levelTemplateFields {
                let typedSubject = web.field(subject), typedBody = web.field(body)
                guard typedSubject != nil || typedBody != nil else { continue }
                formFields["templates[\(templates.count)].subject"] = subject
                formFields["templates[\(templates.count)].body"] = body
                templates.append(MailTemplate(kind: .reminder, language: language, subject: typedSubject ?? "", body: typedBody ?? ""))
            }
            level.templates = templates.isEmpty ? nil : templates
            // The level alone first, so that its errors name the fields of this form.
            let problems = DunningPolicy(levels: [level]).problems(prefix: "", basePrecision: 4).map { error in
                let field = String(error.field.drop { $0 != "." }.dropFirst())
                return FieldError(formFields[field] ?? field, error.code, error.message)
            }
            if !problems.isEmpty { throw ServiceError.validation(problems) }
            let chosen = level
            _ = try await services.updateSettings(ifVersion: nil, by: session.caller) { settings in
                var policy = settings.dunning ?? DunningPolicy(levels: [])
                policy.levels = (policy.levels.filter { $0.days != chosen.days } + [chosen]).sorted { $0.days < $1.days }
                settings.dunning = policy
            }
        }
    }

    @Sendable func removeDunningLevel(_ web: WebRequest) async throws -> WebResult {
        try await settingsAction(web, form: "level", back: "/settings/dunning", flash: "flash_saved",
                                 page: { web, problem in try await dunningSettingsPage(web, problem: problem) }) { session in
            let days = web.field("days").flatMap { Int($0) }
            _ = try await services.updateSettings(ifVersion: nil, by: session.caller) { settings in
                guard var policy = settings.dunning else { return }
                policy.levels.removeAll { $0.days == days }
                settings.dunning = policy
            }
        }
    }
}
