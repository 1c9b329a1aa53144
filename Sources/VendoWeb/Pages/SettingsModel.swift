import Foundation
import VendoCore
import VendoServices

/// An administrator's settings page: tabs, then sections of a table and a form each.
struct SettingsModel {
    struct Tab { let href: String; let label: String; let current: Bool }
    struct RowAction {
        let action: String
        let label: String
        var style = ""
        var confirm: String?
        var hidden: [Hidden] = []
        var fields: [FormField] = []
        let idPrefix: String
    }
    struct Hidden { let name: String; let value: String }
    struct Row { let cells: [String]; let actions: [RowAction]; let hasActions: Bool; let code: String? }
    struct Form {
        let action: String
        let submit: String
        let fields: [FormField]
        let open: Bool
        /// Sent as multipart/form-data (it has a file).
        var multipart = false
    }
    struct Section {
        let title: String
        let intro: String?
        let headers: [String]
        let rows: [Row]
        let hasRows: Bool
        let empty: String
        let form: Form?
    }
    let t: [String: String]
    let csrf: String
    let title: String
    let tabs: [Tab]
    var hasTabs: Bool { !tabs.isEmpty }
    let problem: String?
    let notice: String?
    let sections: [Section]

    static let pages: [(String, String)] = [
        ("/settings/organisation", "settings_organisation"), ("/settings/users", "settings_users"), ("/settings/teams", "settings_teams"),
        ("/settings/catalog", "settings_catalog"), ("/settings/currencies", "settings_currencies"), ("/settings/process", "settings_process"),
        ("/settings/capture-forms", "settings_capture"), ("/settings/import", "settings_import"), ("/settings/mail", "settings_mail"),
        ("/settings/fields", "settings_fields"), ("/settings/lists", "settings_lists"), ("/settings/accounting", "settings_accounting"),
        ("/settings/dunning", "settings_dunning"),
    ]

    /// `title` names a page of one's own (no tabs), rather than one of the administrators'.
    init(_ web: WebRequest, session: WebSession, page: String, sections: [Section], problem: String? = nil, notice: String? = nil,
         title ownTitle: String? = nil) {
        let t = web.language
        self.t = t.strings
        csrf = session.csrfToken
        title = ownTitle ?? t.text(Self.pages.first { $0.0 == page }?.1 ?? "nav_settings")
        tabs = ownTitle != nil ? [] : Self.pages.map { Tab(href: $0.0, label: t.text($0.1), current: $0.0 == page) }
        self.problem = problem
        self.notice = notice
        self.sections = sections
    }

    static func section(_ title: String, intro: String? = nil, headers: [String], rows: [Row], empty: String, form: Form?) -> Section {
        Section(title: title, intro: intro, headers: headers, rows: rows, hasRows: !rows.isEmpty, empty: empty, form: form)
    }

    static func row(_ cells: [String], _ actions: [RowAction] = [], code: String? = nil) -> Row {
        Row(cells: cells, actions: actions, hasActions: !actions.isEmpty, code: code)
    }
}
