import Foundation
import VendoCore
import VendoServices

/// Settings → Mail: the SMTP server (its password written, never shown), a test message, the
/// server's public address, and the message templates with their previews.
extension Pages {
    var mailSettingsRoutes: [WebRoute] {
        let page: @Sendable (WebRequest, FormProblem) async throws -> WebResult = { web, problem in try await mailSettingsPage(web, problem: problem) }
        return [
            WebRoute(.get, "/settings/mail") { web in try await mailSettingsPage(web, problem: nil) },
            WebRoute(.post, "/settings/mail/smtp") { web in
                try await settingsAction(web, form: "smtp", back: "/settings/mail", flash: "flash_mailSaved", page: page) { session in
                    var smtp = MailSettings(host: web.field("host") ?? "", port: Int(web.field("port") ?? "") ?? 0,
                                            security: web.field("security").flatMap(MailSettings.Security.init(rawValue:)) ?? .starttls,
                                            username: web.field("username"), fromAddress: web.field("fromAddress") ?? "",
                                            fromName: web.field("fromName"), replyTo: web.field("replyTo"))
                    if web.field("port") == nil { smtp.port = smtp.security == .tls ? 465 : 587 }
                    let password: Services.SecretEdit? = (web.form["password"]?.first).flatMap { $0.isEmpty ? nil : .set($0) }
                    let chosen = smtp
                    _ = try await services.updateSettings(ifVersion: nil, smtpPassword: password, by: session.caller) { $0.smtp = chosen }
                }
            },
            WebRoute(.post, "/settings/mail/test") { web in
                try await settingsAction(web, form: "test", back: "/settings/mail", flash: "flash_testSent", page: page) { session in
                    _ = try await services.sendTestMessage(to: web.field("to") ?? "", by: session.caller)
                }
            },
            WebRoute(.post, "/settings/mail/public") { web in
                try await settingsAction(web, form: "public", back: "/settings/mail", flash: "flash_mailSaved", page: page) { session in
                    let url = web.field("publicUrl").map(OrganisationSettings.normalizedPublicURL)
                    let orders = web.field("acceptedQuotesBecomeOrders") == "1"
                    _ = try await services.updateSettings(ifVersion: nil, by: session.caller) { settings in
                        settings.publicURL = url
                        settings.acceptedQuotesBecomeOrders = orders
                    }
                }
            },
            WebRoute(.post, "/settings/mail/templates") { web in
                try await settingsAction(web, form: "template", back: "/settings/mail?kind=\(web.field("kind") ?? "")&language=\(web.field("language") ?? "")",
                                         flash: "flash_templateSaved", page: page) { session in
                    guard let kind = web.field("kind").flatMap(MailTemplate.Kind.init(rawValue:)),
                          let language = web.field("language").flatMap(Language.init(rawValue:)) else {
                        throw ServiceError.validation([FieldError("kind", "invalid_choice", web.language.text("field_invalid_choice"))])
                    }
                    let reset = web.field("reset") == "1"
                    _ = try await services.updateMailTemplate(kind, language, subject: reset ? nil : web.form["subject"]?.first ?? "",
                                                              body: reset ? nil : web.form["body"]?.first ?? "", by: session.caller)
                }
            },
        ]
    }

    func mailSettingsPage(_ web: WebRequest, problem: FormProblem?) async throws -> WebResult {
        let session = try admin(web)
        let t = web.language
        let settings = try await services.settings()
        let mail = try await services.mailConfiguration(by: session.caller)
        func typed(_ form: String, _ name: String, _ current: String?) -> String {
            problem?.form == form ? web.form[name]?.first ?? "" : current ?? ""
        }
        // The mail server.
        let smtp = mail.settings
        var rows: [SettingsModel.Row] = []
        if let smtp {
            rows = [
                SettingsModel.row([t.text("mail_host"), "\(smtp.host):\(smtp.port)"]),
                SettingsModel.row([t.text("mail_security"), t.label("security", smtp.security.rawValue)]),
                SettingsModel.row([t.text("mail_username"), smtp.username ?? "—"]),
                SettingsModel.row([t.text("mail_fromAddress"), [smtp.fromName, smtp.fromAddress].compactMap { $0 }.joined(separator: " · ")]),
                SettingsModel.row([t.text("mail_replyTo"), smtp.replyTo ?? "—"]),
            ]
        }
        var notes: [String] = []
        var smtpForm: SettingsModel.Form?
        if mail.fromEnvironment, let smtp {
            notes.append(t.text("mail_fromEnvironment", smtp.host, String(smtp.port), smtp.fromAddress))
        } else {
            if smtp == nil { notes.append(t.text("mail_notSet")) }
            let current = settings.smtp ?? MailSettings()
            smtpForm = .init(action: "/settings/mail/smtp", submit: t.text("mail_save"), fields: [
                Self.field("host", t.text("mail_host"), problem, form: "smtp", value: typed("smtp", "host", current.host), required: true),
                Self.field("port", t.text("mail_port"), problem, form: "smtp", value: typed("smtp", "port", String(current.port)), type: "number"),
                Self.field("security", t.text("mail_security"), problem, form: "smtp", value: typed("smtp", "security", current.security.rawValue),
                           choices: MailSettings.Security.allCases.map { ($0.rawValue, t.label("security", $0.rawValue)) }),
                Self.field("username", t.text("mail_username"), problem, form: "smtp", value: typed("smtp", "username", current.username)),
                Self.field("password", mail.passwordSet ? t.text("mail_passwordSet") : t.text("mail_password"), problem, form: "smtp", type: "password"),
                Self.field("fromAddress", t.text("mail_fromAddress"), problem, form: "smtp", value: typed("smtp", "fromAddress", current.fromAddress),
                           type: "email", required: true),
                Self.field("fromName", t.text("mail_fromName"), problem, form: "smtp", value: typed("smtp", "fromName", current.fromName)),
                Self.field("replyTo", t.text("mail_replyTo"), problem, form: "smtp", value: typed("smtp", "replyTo", current.replyTo), type: "email"),
            ], open: problem?.form == "smtp" || smtp == nil)
        }
        let server = SettingsModel.section(t.text("mail_smtp"), intro: t.text("mail_smtpIntro"), headers: [t.text("field"), t.text("org_value")],
                                           rows: rows, empty: t.text("mail_notSet"), form: smtpForm)
        let test = SettingsModel.section(t.text("mail_test"), headers: [], rows: [], empty: "", form: .init(
            action: "/settings/mail/test", submit: t.text("mail_test"), fields: [
                Self.field("to", t.text("mail_testTo"), problem, form: "test", value: typed("test", "to", session.user.email), type: "email", required: true),
            ], open: problem?.form == "test"))
        // The public address.
        let inUse = try await services.publicURL()
        var publicRows = [SettingsModel.row([t.text("mail_publicURL"), inUse ?? "—"])]
        if let server = services.server.publicURL { publicRows.append(SettingsModel.row([t.text("mail_publicFromServer", server), ""])) }
        let publicSection = SettingsModel.section(t.text("mail_public"), intro: t.text("mail_publicIntro"), headers: [t.text("field"), t.text("org_value")],
                                                  rows: publicRows, empty: "", form: .init(action: "/settings/mail/public", submit: t.text("mail_savePublic"), fields: [
            Self.field("publicUrl", t.text("mail_publicURL"), problem, form: "public", value: typed("public", "publicUrl", settings.publicURL), type: "url"),
            Self.field("acceptedQuotesBecomeOrders", t.text("mail_acceptedBecomeOrders"), problem, form: "public",
                       value: typed("public", "acceptedQuotesBecomeOrders", settings.acceptedQuotesBecomeOrders == true ? "1" : "0"),
                       choices: [("0", t.text("no")), ("1", t.text("yes"))]),
        ], open: problem?.form == "public"))
        // The templates.
        let templates = try await services.mailTemplates(by: session.caller)
        let templateRows = templates.map { entry in
            let preview = Services.preview(entry.template)
            return SettingsModel.row([t.label("templateKind", entry.template.kind.rawValue), t.text("language_\(entry.template.language.rawValue)"),
                                      entry.template.subject, t.text(entry.edited ? "mail_templateEdited" : "mail_templateShipped")],
                                     [SettingsModel.RowAction(action: "/settings/mail/templates", label: t.text("mail_templateReset"), style: "link",
                                                              hidden: [.init(name: "kind", value: entry.template.kind.rawValue),
                                                                       .init(name: "language", value: entry.template.language.rawValue),
                                                                       .init(name: "reset", value: "1")],
                                                              idPrefix: "reset-\(entry.template.kind.rawValue)-\(entry.template.language.rawValue)")]
                                        .filter { _ in entry.edited },
                                     code: "\(t.text("mail_templatePreview")) — \(preview.subject)\n\n\(preview.body)")
        }
        let kind = web.query["kind"].flatMap(MailTemplate.Kind.init(rawValue:)) ?? .quote
        let language = web.query["language"].flatMap(Language.init(rawValue:)) ?? t
        let chosen = settings.mailTemplate(kind, language)
        let templateSection = SettingsModel.section(
            t.text("mail_templates"), intro: t.text("mail_templatesIntro", MailTemplate.variables.map { "{{\($0)}}" }.joined(separator: ", ")),
            headers: [t.text("mail_template"), t.text("mail_language"), t.text("mail_subjectLine"), t.text("actions")], rows: templateRows, empty: "",
            form: .init(action: "/settings/mail/templates", submit: t.text("mail_templateSave"), fields: [
                Self.field("kind", t.text("mail_template"), problem, form: "template", value: typed("template", "kind", kind.rawValue),
                           choices: MailTemplate.Kind.allCases.map { ($0.rawValue, t.label("templateKind", $0.rawValue)) }),
                Self.field("language", t.text("mail_language"), problem, form: "template", value: typed("template", "language", language.rawValue),
                           choices: Language.allCases.map { ($0.rawValue, t.text("language_\($0.rawValue)")) }),
                Self.field("subject", t.text("mail_subjectLine"), problem, form: "template", value: typed("template", "subject", chosen.subject), required: true),
                Self.field("body", t.text("send_body"), problem, form: "template", value: typed("template", "body", chosen.body), required: true,
                           multiline: true),
            ], open: problem?.form == "template" || web.query["kind"] != nil))
        return settingsPage(web, session, page: "/settings/mail", sections: [server, test, publicSection, templateSection], problem: problem,
                            notice: notes.isEmpty ? nil : notes.joined(separator: " "))
    }
}
