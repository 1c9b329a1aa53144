import Foundation
import VendoCore
import VendoServices

/// One's own account: a new password, which ends every other session (and, when asked, the
/// API tokens); this browser stays signed in.
extension Pages {
    var accountRoutes: [WebRoute] {
        [
            WebRoute(.get, "/account") { web in try await accountPage(web, problem: nil) },
            WebRoute(.post, "/account/password", changePassword),
        ]
    }

    func accountPage(_ web: WebRequest, problem: FormProblem?) async throws -> WebResult {
        let session = try web.user()
        let t = web.language
        let fields = [
            Self.field("currentPassword", t.text("account_currentPassword"), problem, form: "password", type: "password", required: true),
            Self.field("password", t.text("account_newPassword"), problem, form: "password", type: "password", required: true),
            FormField("revokeTokens", t.text("account_revokeTokens"), value: problem == nil ? "0" : web.field("revokeTokens") ?? "0",
                      choices: [("0", t.text("no")), ("1", t.text("yes"))]),
        ]
        let facts = [
            SettingsModel.row([t.text("account_name"), session.user.name]),
            SettingsModel.row([t.text("account_email"), session.user.email]),
            SettingsModel.row([t.text("account_role"), t.label("role", session.user.role.rawValue)]),
        ]
        let section = SettingsModel.section(t.text("account_password"), intro: t.text("account_passwordIntro"),
                                            headers: [t.text("field"), t.text("org_value")], rows: facts, empty: "",
                                            form: .init(action: "/account/password", submit: t.text("account_change"), fields: fields, open: true))
        let model = SettingsModel(web, session: session, page: "/account", sections: [section, mailPreferencesSection(web, session, problem: problem)],
                                  problem: problem?.message,
                                  title: t.text("account_title"))
        return .page(views.page(.settings, model, title: model.title, web, current: "/account"), status: problem == nil ? 200 : 422)
    }

    @Sendable func changePassword(_ web: WebRequest) async throws -> WebResult {
        let session = try web.user()
        do {
            try await services.changeOwnPassword(current: web.field("currentPassword") ?? "", new: web.field("password") ?? "",
                                                 keepingSession: web.sessionSecret, revokeTokens: web.field("revokeTokens") == "1",
                                                 by: session.caller)
            return .redirect("/account", flash: web.language.text("flash_passwordChanged"))
        } catch {
            guard ServiceError.from(error) is ServiceError, !Self.isAccessError(error) else { throw error }
            if case .page(let html, _) = try await accountPage(web, problem: await problem(error, form: "password", web.language)) {
                throw WebFailure.form(html: html)
            }
            throw error
        }
    }
}
