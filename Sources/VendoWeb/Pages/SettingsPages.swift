import Foundation
import VendoCore
import VendoServices

/// The administrators' settings: the organisation, users and teams (this file), the catalog and
/// currencies, the sales process, capture forms and imports (the files next to it).
extension Pages {
    var settingsRoutes: [WebRoute] {
        [
            WebRoute(.get, "/settings") { _ in .redirect("/settings/organisation") },
            WebRoute(.get, "/settings/organisation") { web in try await organisationPage(web, problem: nil) },
            WebRoute(.post, "/settings/organisation", formLimit: OrganisationSettings.logoLimit + 64_000, saveOrganisation),
            WebRoute(.post, "/settings/security", saveSecurity),
            WebRoute(.post, "/settings/legal", saveLegal),
            WebRoute(.get, "/settings/users") { web in try await usersPage(web, problem: nil) },
            WebRoute(.post, "/settings/users", createUser),
            WebRoute(.post, "/settings/users/{id}", updateUser),
            WebRoute(.post, "/settings/users/{id}/password", resetPassword),
            WebRoute(.get, "/settings/teams") { web in try await teamsPage(web, problem: nil) },
            WebRoute(.post, "/settings/teams", createTeam),
            WebRoute(.post, "/settings/teams/{id}", updateTeam),
        ] + catalogSettingsRoutes + processSettingsRoutes + mailSettingsRoutes + customFieldSettingsRoutes
            + choiceListSettingsRoutes + paymentTermSettingsRoutes + fieldLabelSettingsRoutes + accountingSettingsRoutes
    }

    /// The signed-in administrator, or a refusal for anyone else.
    func admin(_ web: WebRequest) throws -> WebSession {
        let session = try web.user()
        guard session.user.role == .admin else { throw ServiceError.forbidden(recordType: "settings", operation: "see") }
        return session
    }

    func settingsPage(_ web: WebRequest, _ session: WebSession, page: String, sections: [SettingsModel.Section], problem: FormProblem?,
                      notice: String? = nil) -> WebResult {
        let model = SettingsModel(web, session: session, page: page, sections: sections, problem: problem?.message, notice: notice)
        return .page(views.page(.settings, model, title: model.title, web, current: "/settings/organisation"), status: problem == nil ? 200 : 422)
    }

    /// Runs a settings change; a refusal shows the page again with its messages (422).
    func settingsAction(_ web: WebRequest, form: String, back: String, flash: String,
                        page: @escaping @Sendable (WebRequest, FormProblem) async throws -> WebResult,
                        _ action: @escaping @Sendable (WebSession) async throws -> Void) async throws -> WebResult {
        let session = try admin(web)
        do {
            try await action(session)
            return .redirect(back, flash: web.language.text(flash))
        } catch {
            guard ServiceError.from(error) is ServiceError, !Self.isAccessError(error) else { throw error }
            let result = try await page(web, await problem(error, form: form, web.language))
            if case .page(let html, _) = result { throw WebFailure.form(html: html) }
            return result
        }
    }

    /// A form field of a settings form, its error when it was refused.
    static func field(_ name: String, _ label: String, _ problem: FormProblem?, form: String, value: String = "", type: String = "text",
                      required: Bool = false, multiline: Bool = false, choices: [(String, String)] = []) -> FormField {
        let refused = problem?.form == form
        return FormField(name, label, type: type, value: value, required: required, multiline: multiline, choices: choices,
                         error: refused ? problem?.fields[name] : nil)
    }

    // MARK: Organisation

    func organisationPage(_ web: WebRequest, problem: FormProblem?) async throws -> WebResult {
        let session = try admin(web)
        let t = web.language
        let settings = try await services.settings()
        let address = settings.organisationAddress
        // Only the refused form shows what was typed; the page's other forms show what is saved.
        let refused = problem?.form == "organisation"
        func value(_ name: String, _ current: String?) -> String { refused ? web.form[name]?.first ?? "" : current ?? "" }
        let fields = [
            Self.field("organisationName", t.text("org_name"), problem, form: "organisation", value: value("organisationName", settings.organisationName)),
            Self.field("line1", t.text("org_line1"), problem, form: "organisation", value: value("line1", address.line1)),
            Self.field("line2", t.text("org_line2"), problem, form: "organisation", value: value("line2", address.line2)),
            Self.field("postalCode", t.text("org_postalCode"), problem, form: "organisation", value: value("postalCode", address.postalCode)),
            Self.field("city", t.text("org_city"), problem, form: "organisation", value: value("city", address.city)),
            Self.field("country", t.text("org_country"), problem, form: "organisation", value: value("country", address.country)),
            Self.field("legalMentions", t.text("org_legal"), problem, form: "organisation", value: value("legalMentions", settings.legalMentions),
                       multiline: true),
            Self.field("logo", t.text("org_logo"), problem, form: "organisation", type: "file"),
            FormField("removeLogo", t.text("org_removeLogo"), value: "0", choices: [("0", t.text("no")), ("1", t.text("yes"))]),
        ]
        let facts = [
            SettingsModel.row([t.text("org_baseCurrency"), settings.baseCurrency]),
            SettingsModel.row([t.text("org_name"), settings.organisationName]),
            SettingsModel.row([t.text("org_legal"), settings.legalMentions]),
            SettingsModel.row([t.text("org_logo"), settings.logo.map { logo in
                t.text("org_logoSet", String(logo.dropFirst(5).prefix { $0 != ";" }), String((logo.utf8.count * 3 / 4 + 999) / 1000))
            } ?? t.text("org_noLogo")]),
        ]
        let section = SettingsModel.section(t.text("settings_organisation"), intro: t.text("org_intro"), headers: [t.text("field"), t.text("org_value")],
                                            rows: facts, empty: "", form: .init(action: "/settings/organisation", submit: t.text("save"),
                                                                                fields: fields, open: true, multipart: true))
        let security = SettingsModel.section(
            t.text("security_title"), intro: t.text("security_intro"), headers: [], rows: [], empty: "",
            form: .init(action: "/settings/security", submit: t.text("save"), fields: [
                Self.field("tokenLifetimeDays", t.text("security_tokenLifetimeDays"), problem, form: "security",
                           value: problem?.form == "security" ? web.field("tokenLifetimeDays") ?? "" : settings.tokenLifetimeDays.map(String.init) ?? "",
                           type: "number"),
                Self.field("retentionDays", t.text("security_retentionDays"), problem, form: "security",
                           value: problem?.form == "security" ? web.field("retentionDays") ?? "" : settings.retentionDays.map(String.init) ?? "",
                           type: "number"),
                Self.field("outboundAllowedHosts", t.text("security_outboundAllowedHosts"), problem, form: "security",
                           value: problem?.form == "security" ? web.field("outboundAllowedHosts") ?? ""
                                : (settings.outboundAllowedHosts ?? []).joined(separator: "\n"), multiline: true),
            ], open: true))
        let legalRefused = problem?.form == "legal"
        func legal(_ name: String, _ current: String?, type: String = "text", multiline: Bool = false) -> FormField {
            Self.field(name, t.text("legal_\(name)"), problem, form: "legal", value: legalRefused ? web.form[name]?.first ?? "" : current ?? "",
                       type: type, multiline: multiline)
        }
        let legalSection = SettingsModel.section(
            t.text("legal_title"), intro: t.text("legal_intro"), headers: [], rows: [], empty: "",
            form: .init(action: "/settings/legal", submit: t.text("save"), fields: [
                legal("legalName", settings.legalName), legal("legalForm", settings.legalForm), legal("shareCapital", settings.shareCapital),
                legal("registrationNumber", settings.registrationNumber), legal("registry", settings.registry),
                legal("vatNumber", settings.vatNumber), legal("contactEmail", settings.contactEmail, type: "email"),
                legal("contactPhone", settings.contactPhone), legal("iban", settings.iban.map(Self.grouped)), legal("bic", settings.bic),
                legal("accountHolder", settings.accountHolder), legal("latePaymentText", settings.latePaymentText, multiline: true),
                FormField("vatOnDebits", t.text("legal_vatOnDebits"),
                          value: legalRefused ? web.field("vatOnDebits") ?? "0" : settings.vatOnDebits == true ? "1" : "0",
                          choices: [("0", t.text("no")), ("1", t.text("yes"))]),
                legal("writeOffLimit", settings.writeOffLimit.map { web.formats.number($0, scale: 2) }),
            ], open: true))
        return settingsPage(web, session, page: "/settings/organisation", sections: [section, legalSection, security], problem: problem)
    }

    /// An IBAN in groups of four, as it is printed.
    static func grouped(_ iban: String) -> String {
        stride(from: 0, to: iban.count, by: 4).map { start in
            String(iban.dropFirst(start).prefix(4))
        }.joined(separator: " ")
    }

    @Sendable func saveLegal(_ web: WebRequest) async throws -> WebResult {
        try await settingsAction(web, form: "legal", back: "/settings/organisation", flash: "flash_saved",
                                 page: { web, problem in try await organisationPage(web, problem: problem) }) { session in
            let names = ["legalName", "legalForm", "shareCapital", "registrationNumber", "registry", "vatNumber", "contactEmail", "contactPhone",
                         "iban", "bic", "accountHolder", "latePaymentText"]
            var values: [String: String] = [:]
            for name in names { values[name] = web.field(name) }
            let typed = values
            let vatOnDebits = web.field("vatOnDebits") == "1"
            let writeOffLimit = try Self.amount(web, "writeOffLimit")
            _ = try await services.updateSettings(ifVersion: nil, by: session.caller) { settings in
                settings.legalName = typed["legalName"]
                settings.legalForm = typed["legalForm"]
                settings.shareCapital = typed["shareCapital"]
                settings.registrationNumber = typed["registrationNumber"]
                settings.registry = typed["registry"]
                settings.vatNumber = typed["vatNumber"]
                settings.contactEmail = typed["contactEmail"]
                settings.contactPhone = typed["contactPhone"]
                settings.iban = typed["iban"]
                settings.bic = typed["bic"]
                settings.accountHolder = typed["accountHolder"]
                settings.latePaymentText = typed["latePaymentText"]
                settings.vatOnDebits = vatOnDebits
                settings.writeOffLimit = writeOffLimit
            }
        }
    }

    @Sendable func saveSecurity(_ web: WebRequest) async throws -> WebResult {
        try await settingsAction(web, form: "security", back: "/settings/organisation", flash: "flash_saved",
                                 page: { web, problem in try await organisationPage(web, problem: problem) }) { session in
            // Empty is the default; anything else must be a whole number (the range is the settings' own rule).
            var errors: [FieldError] = []
            func days(_ name: String) -> Int? {
                let text = (web.field(name) ?? "").trimmingWhitespace()
                if text.isEmpty { return nil }
                guard let value = Int(text) else {
                    errors.append(FieldError(name, "invalid_integer", "\(name) is a whole number of days"))
                    return nil
                }
                return value
            }
            let lifetime = days("tokenLifetimeDays"), retention = days("retentionDays")
            if !errors.isEmpty { throw ServiceError.validation(errors) }
            let hosts = (web.field("outboundAllowedHosts") ?? "").split(whereSeparator: \.isNewline)
                .map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
            _ = try await services.updateSettings(ifVersion: nil, by: session.caller) { settings in
                settings.tokenLifetimeDays = lifetime
                settings.retentionDays = retention
                settings.outboundAllowedHosts = hosts.isEmpty ? nil : hosts
            }
        }
    }

    @Sendable func saveOrganisation(_ web: WebRequest) async throws -> WebResult {
        try await settingsAction(web, form: "organisation", back: "/settings/organisation", flash: "flash_saved",
                                 page: { web, problem in try await organisationPage(web, problem: problem) }) { session in
            let name = web.field("organisationName") ?? "", legal = web.field("legalMentions") ?? ""
            let address = Address(line1: web.field("line1"), line2: web.field("line2"), city: web.field("city"),
                                  postalCode: web.field("postalCode"), country: web.field("country"))
            // A new image replaces the logo, "remove" drops it, and otherwise it stays.
            var logo: String??
            if let file = web.files["logo"], !file.data.isEmpty {
                logo = .some("data:\(file.contentType);base64,\(file.data.base64EncodedString())")
            } else if web.field("removeLogo") == "1" {
                logo = .some(nil)
            }
            let newLogo = logo
            _ = try await services.updateSettings(ifVersion: nil, by: session.caller) { settings in
                settings.organisationName = name
                settings.organisationAddress = address
                settings.legalMentions = legal
                if let newLogo { settings.logo = newLogo }
            }
        }
    }

    // MARK: Users

    func usersPage(_ web: WebRequest, problem: FormProblem?, notice: String? = nil) async throws -> WebResult {
        let session = try admin(web)
        let t = web.language
        let users = try await services.list(User.self, ListQuery(sort: .createdAt, descending: false, limit: 200), by: session.caller).items
        let roles = Role.allCases.map { ($0.rawValue, t.label("role", $0.rawValue)) }
        let languages = [("en", "English"), ("fr", "Français")]
        let rows = users.map { user in
            SettingsModel.row([user.name, user.email, t.label("role", user.role.rawValue), user.locale == "fr" ? "Français" : "English",
                               t.text(user.active ? "user_active" : "user_inactive")], [
                SettingsModel.RowAction(action: "/settings/users/\(user.id)", label: t.text("save"), hidden: [.init(name: "version", value: "\(user.info.version)")],
                                        fields: [FormField("role", t.text("user_role"), value: user.role.rawValue, choices: roles),
                                                 FormField("locale", t.text("user_language"), value: user.locale, choices: languages),
                                                 FormField("active", t.text("user_state"), value: user.active ? "1" : "0",
                                                           choices: [("1", t.text("user_active")), ("0", t.text("user_inactive"))])],
                                        idPrefix: "user-\(user.id)"),
                SettingsModel.RowAction(action: "/settings/users/\(user.id)/password", label: t.text("user_resetPassword"),
                                        confirm: t.text("confirmResetPassword"), idPrefix: "password-\(user.id)"),
            ])
        }
        let form = SettingsModel.Form(action: "/settings/users", submit: t.text("user_add"), fields: [
            Self.field("name", t.text("field_name"), problem, form: "user", value: problem?.form == "user" ? web.field("name") ?? "" : "", required: true),
            Self.field("email", t.text("email"), problem, form: "user", value: problem?.form == "user" ? web.field("email") ?? "" : "", type: "email",
                       required: true),
            Self.field("role", t.text("user_role"), problem, form: "user", value: web.field("role") ?? "salesperson", choices: roles),
            Self.field("locale", t.text("user_language"), problem, form: "user", value: web.field("locale") ?? t.rawValue, choices: languages),
        ], open: problem?.form == "user")
        let section = SettingsModel.section(t.text("settings_users"), intro: t.text("users_intro"),
                                            headers: [t.text("field_name"), t.text("email"), t.text("user_role"), t.text("user_language"),
                                                      t.text("user_state"), t.text("actions")],
                                            rows: rows, empty: "", form: form)
        return settingsPage(web, session, page: "/settings/users", sections: [section], problem: problem, notice: notice)
    }

    @Sendable func createUser(_ web: WebRequest) async throws -> WebResult {
        let session = try admin(web)
        let t = web.language
        do {
            guard let role = web.field("role").flatMap(Role.init(rawValue:)) else {
                throw ServiceError.validation([FieldError("role", "required", t.text("field_required"))])
            }
            let user = try await services.createUser(name: web.field("name") ?? "", email: web.field("email") ?? "", role: role,
                                                     locale: web.field("locale") == "fr" ? "fr" : "en", by: session.caller)
            let password = try await services.resetPassword(for: user.id, by: session.caller)
            // The password is shown once, on this answer only: it is never put in a cookie or a URL.
            return try await usersPage(web, problem: nil, notice: t.text("user_created", user.email, password))
        } catch {
            guard ServiceError.from(error) is ServiceError, !Self.isAccessError(error) else { throw error }
            if case .page(let html, _) = try await usersPage(web, problem: await problem(error, form: "user", t)) { throw WebFailure.form(html: html) }
            throw error
        }
    }

    @Sendable func updateUser(_ web: WebRequest) async throws -> WebResult {
        try await settingsAction(web, form: "userRow", back: "/settings/users", flash: "flash_saved",
                                 page: { web, problem in try await usersPage(web, problem: problem) }) { session in
            let id: ID<User> = try web.id()
            let role = web.field("role").flatMap(Role.init(rawValue:)), locale = web.field("locale"), active = web.field("active")
            _ = try await services.updateUser(id, ifVersion: web.version, by: session.caller) { user in
                if let role { user.role = role }
                if let locale, ["en", "fr"].contains(locale) { user.locale = locale }
                if let active { user.active = active == "1" }
            }
        }
    }

    @Sendable func resetPassword(_ web: WebRequest) async throws -> WebResult {
        let session = try admin(web)
        let id: ID<User> = try web.id()
        let user = try await services.get(User.self, id, by: session.caller)
        let password = try await services.resetPassword(for: id, by: session.caller)
        return try await usersPage(web, problem: nil, notice: web.language.text("user_passwordReset", user.email, password))
    }

    // MARK: Teams

    func teamsPage(_ web: WebRequest, problem: FormProblem?) async throws -> WebResult {
        let session = try admin(web)
        let t = web.language
        let users = try await services.list(User.self, ListQuery(sort: .createdAt, descending: false, limit: 200), by: session.caller).items
        let names = Dictionary(users.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let people = users.map { ($0.id.description, "\($0.name) (\(t.label("role", $0.role.rawValue)))") }
        let teams = try await services.list(Team.self, ListQuery(sort: .createdAt, descending: false, limit: 200), by: session.caller).items
        let rows = teams.map { team in
            SettingsModel.row([team.fields.name, team.fields.memberIds.compactMap { names[$0] }.joined(separator: ", ")], [
                SettingsModel.RowAction(action: "/settings/teams/\(team.id)", label: t.text("save"),
                                        hidden: [.init(name: "version", value: "\(team.info.version)")],
                                        fields: [FormField("members", t.text("team_members"), several: people,
                                                           selected: Set(team.fields.memberIds.map(\.description)))],
                                        idPrefix: "team-\(team.id)"),
            ])
        }
        let form = SettingsModel.Form(action: "/settings/teams", submit: t.text("team_add"), fields: [
            Self.field("name", t.text("field_name"), problem, form: "team", value: problem?.form == "team" ? web.field("name") ?? "" : "", required: true),
            FormField("members", t.text("team_members"), several: people, selected: Set(web.fields("members"))),
        ], open: problem?.form == "team")
        let section = SettingsModel.section(t.text("settings_teams"), intro: t.text("teams_intro"),
                                            headers: [t.text("field_name"), t.text("team_members"), t.text("actions")],
                                            rows: rows, empty: t.text("teams_empty"), form: form)
        return settingsPage(web, session, page: "/settings/teams", sections: [section], problem: problem)
    }

    static func members(_ web: WebRequest) -> [ID<User>] {
        web.fields("members").compactMap { UUID(uuidString: $0) }.map { ID($0) }
    }

    @Sendable func createTeam(_ web: WebRequest) async throws -> WebResult {
        try await settingsAction(web, form: "team", back: "/settings/teams", flash: "flash_saved",
                                 page: { web, problem in try await teamsPage(web, problem: problem) }) { session in
            _ = try await services.createTeam(TeamFields(name: web.field("name") ?? "", memberIds: Self.members(web)), by: session.caller)
        }
    }

    @Sendable func updateTeam(_ web: WebRequest) async throws -> WebResult {
        try await settingsAction(web, form: "teamRow", back: "/settings/teams", flash: "flash_saved",
                                 page: { web, problem in try await teamsPage(web, problem: problem) }) { session in
            let members = Self.members(web)
            _ = try await services.updateTeam(try web.id(), ifVersion: web.version, by: session.caller) { $0.memberIds = members }
        }
    }
}
