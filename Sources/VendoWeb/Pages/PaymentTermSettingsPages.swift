import Foundation
import VendoCore
import VendoServices

/// Settings → Lists → Payment terms: when invoices fall due, printed in the customer's
/// language. The first active term is the default; a retired one is no longer offered but
/// still dates the documents that name it.
extension Pages {
    var paymentTermSettingsRoutes: [WebRoute] {
        [
            WebRoute(.post, "/settings/payment-terms", addPaymentTerm),
            WebRoute(.post, "/settings/payment-terms/edit") { web in
                try await changePaymentTerm(web, form: "term-edit") { term in
                    guard let days = Int(web.field("days") ?? "") else {
                        throw ServiceError.validation([FieldError("days", "invalid_integer", "the days are a whole number")])
                    }
                    term.days = days
                    term.endOfMonth = web.field("endOfMonth") == "1"
                    term.labels = Self.termLabels(web)
                }
            },
            WebRoute(.post, "/settings/payment-terms/retire") { web in
                try await changePaymentTerm(web, form: "term-state") { term in term.retired = true }
            },
            WebRoute(.post, "/settings/payment-terms/restore") { web in
                try await changePaymentTerm(web, form: "term-state") { term in term.retired = nil }
            },
            WebRoute(.post, "/settings/payment-terms/first", movePaymentTermFirst),
            WebRoute(.post, "/settings/payment-terms/delete", deletePaymentTerm),
        ]
    }

    func paymentTermsSection(_ web: WebRequest, _ settings: OrganisationSettings, _ problem: FormProblem?) -> SettingsModel.Section {
        let t = web.language
        let terms = settings.paymentTerms ?? []
        let defaultLabel = settings.defaultPaymentTerm?.label
        let rows = terms.enumerated().map { index, term in
            let hidden = [SettingsModel.Hidden(name: "label", value: term.label)]
            let editRefused = problem?.form == "term-edit" && web.field("label") == term.label
            func typed(_ name: String, _ fallback: String) -> String { editRefused ? web.form[name]?.first ?? fallback : fallback }
            var actions = [
                SettingsModel.RowAction(action: "/settings/payment-terms/edit", label: t.text("save"), hidden: hidden, fields: [
                    Self.field("labelEn", t.text("customField_labelEn"), editRefused ? problem : nil, form: "term-edit",
                               value: typed("labelEn", term.labels?["en"] ?? "")),
                    Self.field("labelFr", t.text("customField_labelFr"), editRefused ? problem : nil, form: "term-edit",
                               value: typed("labelFr", term.labels?["fr"] ?? "")),
                    Self.field("days", t.text("paymentTerm_daysLabel"), editRefused ? problem : nil, form: "term-edit",
                               value: typed("days", String(term.days)), type: "number", required: true),
                    FormField("endOfMonth", t.text("paymentTerm_endOfMonth"), value: typed("endOfMonth", term.endOfMonth ? "1" : "0"),
                              choices: [("0", t.text("no")), ("1", t.text("yes"))]),
                ], idPrefix: "term\(index)-edit"),
                SettingsModel.RowAction(action: "/settings/payment-terms/\(term.isRetired ? "restore" : "retire")",
                                        label: t.text(term.isRetired ? "customField_restore" : "customField_retire"), style: "link",
                                        hidden: hidden, idPrefix: "term\(index)-state"),
            ]
            if !term.isRetired && term.label != defaultLabel {
                actions.append(SettingsModel.RowAction(action: "/settings/payment-terms/first", label: t.text("paymentTerm_makeDefault"),
                                                       style: "link", hidden: hidden, idPrefix: "term\(index)-first"))
            }
            actions.append(SettingsModel.RowAction(action: "/settings/payment-terms/delete", label: t.text("remove"), style: "link danger",
                                                   confirm: t.text("paymentTerm_confirmDelete"), hidden: hidden, idPrefix: "term\(index)"))
            let due = term.endOfMonth ? t.text("paymentTerm_daysEndOfMonth", String(term.days)) : t.text("paymentTerm_days", String(term.days))
            let state = term.isRetired ? t.text("customField_retired") : term.label == defaultLabel ? t.text("paymentTerm_default") : t.text("customField_active")
            return SettingsModel.row([term.label, term.label(in: .en), term.label(in: .fr), due, state], actions)
        }
        let refused = problem?.form == "paymentTerm"
        func typed(_ name: String, _ fallback: String = "") -> String { refused ? web.form[name]?.first ?? fallback : fallback }
        return SettingsModel.section(
            t.text("paymentTerms"), intro: t.text("paymentTerms_intro"),
            headers: [t.text("field_name"), t.text("customField_labelEn"), t.text("customField_labelFr"), t.text("paymentTerms_due"),
                      t.text("field_state"), t.text("actions")],
            rows: rows, empty: t.text("paymentTerms_empty"),
            form: .init(action: "/settings/payment-terms", submit: t.text("paymentTerm_add"), fields: [
                Self.field("label", t.text("field_name"), problem, form: "paymentTerm", value: typed("label"), required: true),
                Self.field("days", t.text("paymentTerm_daysLabel"), problem, form: "paymentTerm", value: typed("days", "30"),
                           type: "number", required: true),
                FormField("endOfMonth", t.text("paymentTerm_endOfMonth"), value: typed("endOfMonth", "0"),
                          choices: [("0", t.text("no")), ("1", t.text("yes"))]),
                Self.field("labelEn", t.text("customField_labelEn"), problem, form: "paymentTerm", value: typed("labelEn")),
                Self.field("labelFr", t.text("customField_labelFr"), problem, form: "paymentTerm", value: typed("labelFr")),
            ], open: refused))
    }

    /// The printed labels typed in a form; an empty one prints the term's name.
    static func termLabels(_ web: WebRequest) -> [String: String]? {
        var labels: [String: String] = [:]
        if let english = web.field("labelEn") { labels["en"] = english }
        if let french = web.field("labelFr") { labels["fr"] = french }
        return labels.isEmpty ? nil : labels
    }

    /// The settings' problems with a term, under the names of the form's fields.
    static func termFormErrors(_ errors: [FieldError]) -> [FieldError] {
        errors.map { error in
            let field = error.field
            let name = field.hasSuffix(".labels.en") ? "labelEn" : field.hasSuffix(".labels.fr") ? "labelFr"
                : field.hasSuffix(".days") ? "days" : field.hasPrefix("paymentTerms") ? "label" : field
            return FieldError(name, error.code, error.message)
        }
    }

    /// Saves the settings' payment terms as `change` leaves them, refusals shown on the Lists page.
    func savePaymentTerms(_ web: WebRequest, form: String, _ change: @escaping @Sendable ([PaymentTerm]) throws -> [PaymentTerm]) async throws -> WebResult {
        try await settingsAction(web, form: form, back: "/settings/lists", flash: "flash_saved",
                                 page: { web, problem in try await choiceListsPage(web, problem: problem) }) { session in
            do {
                _ = try await services.updateSettings(ifVersion: nil, by: session.caller) { settings in
                    let terms = try change(settings.paymentTerms ?? [])
                    settings.paymentTerms = terms.isEmpty ? nil : terms
                }
            } catch ServiceError.validation(let errors) {
                throw ServiceError.validation(Self.termFormErrors(errors))
            }
        }
    }

    /// Changes the term the form names (by its name, which is unique), or says it is gone.
    func changePaymentTerm(_ web: WebRequest, form: String, _ change: @escaping @Sendable (inout PaymentTerm) throws -> Void) async throws -> WebResult {
        let label = web.field("label") ?? ""
        return try await savePaymentTerms(web, form: form) { terms in
            guard let index = terms.firstIndex(where: { $0.label == label }) else { throw ServiceError.notFound(recordType: "paymentTerm", id: label) }
            var terms = terms
            try change(&terms[index])
            return terms
        }
    }

    @Sendable func addPaymentTerm(_ web: WebRequest) async throws -> WebResult {
        try await savePaymentTerms(web, form: "paymentTerm") { terms in
            guard let days = Int(web.field("days") ?? "") else {
                throw ServiceError.validation([FieldError("days", "invalid_integer", "the days are a whole number")])
            }
            return terms + [PaymentTerm(label: web.field("label") ?? "", days: days, endOfMonth: web.field("endOfMonth") == "1",
                                        labels: Self.termLabels(web))]
        }
    }

    /// Moves a term to the top, where the first active one is the default.
    @Sendable func movePaymentTermFirst(_ web: WebRequest) async throws -> WebResult {
        let label = web.field("label") ?? ""
        return try await savePaymentTerms(web, form: "term-state") { terms in
            guard let term = terms.first(where: { $0.label == label }) else { throw ServiceError.notFound(recordType: "paymentTerm", id: label) }
            return [term] + terms.filter { $0.label != label }
        }
    }

    /// Documents keep the terms they were given as text, so removing a term loses nothing of theirs.
    @Sendable func deletePaymentTerm(_ web: WebRequest) async throws -> WebResult {
        let label = web.field("label") ?? ""
        return try await savePaymentTerms(web, form: "term-state") { terms in terms.filter { $0.label != label } }
    }
}
