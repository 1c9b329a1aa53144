import Foundation
import VendoCore
import VendoServices

/// Sending documents by e-mail, the bell, one's mail preferences, the password reset pages and
/// the customer's quote pages.
extension Pages {
    var mailRoutes: [WebRoute] {
        sendRoutes + notificationRoutes + passwordResetRoutes + publicQuoteRoutes
    }

    // MARK: Sending a document

    var sendRoutes: [WebRoute] {
        func routes(_ path: String, _ document: @escaping @Sendable (WebRequest) throws -> Services.SendableDocument,
                    back: @escaping @Sendable (WebRequest) throws -> String) -> [WebRoute] {
            [
                WebRoute(.get, path) { web in try await sendPage(web, try document(web), back: try back(web), problem: nil) },
                WebRoute(.post, path) { web in
                    let session = try web.user()
                    let target = try document(web)
                    do {
                        let request = Services.SendRequest(to: OutgoingMessage.addresses(web.field("to") ?? ""),
                                                           cc: OutgoingMessage.addresses(web.field("cc") ?? ""),
                                                           subject: web.field("subject") ?? "", body: web.field("body") ?? "")
                        _ = try await services.send(target, request, by: session.caller)
                        return .redirect(try back(web), flash: web.language.text("flash_sent"))
                    } catch {
                        guard ServiceError.from(error) is ServiceError, !Self.isAccessError(error) else { throw error }
                        return try await sendPage(web, target, back: try back(web), problem: await problem(error, form: "send", web.language))
                    }
                },
            ]
        }
        return routes("/quotes/{id}/send", { .quote(try $0.id()) }, back: { "/quotes/\(try $0.id() as ID<Quote>)" })
            + routes("/orders/{id}/send", { .order(try $0.id()) }, back: { "/orders/\(try $0.id() as ID<Order>)" })
            + routes("/invoices/{id}/send", { .invoice(try $0.id()) }, back: { "/invoices/\(try $0.id() as ID<Invoice>)" })
            + routes("/invoices/{id}/remind", { .reminder(try $0.id()) }, back: { "/invoices/\(try $0.id() as ID<Invoice>)" })
    }

    func sendPage(_ web: WebRequest, _ document: Services.SendableDocument, back: String, problem: FormProblem?) async throws -> WebResult {
        let session = try web.user()
        let t = web.language
        let draft = try await services.draftMessage(for: document, by: session.caller)
        let title: String
        var notes: [String] = []
        switch document {
        case .quote(let id):
            let quote = try await services.get(Quote.self, id, by: session.caller)
            title = t.text("send_title", t.label("record", "quote"), Self.documentNumber(quote))
            if quote.state == .draft { notes.append(t.text("send_activates")) }
        case .order(let id):
            let order = try await services.get(Order.self, id, by: session.caller)
            title = t.text("send_title", t.label("record", "order"), order.number)
        case .invoice(let id):
            let invoice = try await services.get(Invoice.self, id, by: session.caller)
            title = t.text("send_title", t.label("record", invoice.kind == .creditNote ? "creditNote" : "invoice"),
                           invoice.number ?? t.text("invoice_draftNumber"))
            if invoice.state == .draft { notes.append(t.text("send_issues")) }
        case .reminder(let id):
            let invoice = try await services.get(Invoice.self, id, by: session.caller)
            title = t.text("remind_title", invoice.number ?? "")
        }
        if !(try await services.isMailConfigured()) { notes.append(t.text("send_noMail")) }
        if case .quote = document, try await services.publicURL() == nil { notes.append(t.text("send_noLink")) }
        let refused = problem != nil
        func value(_ name: String, _ fallback: String) -> String { refused ? web.form[name]?.first ?? "" : fallback }
        let isQuote: Bool = if case .quote = document { true } else { false }
        let language = t.text("language_\(draft.language.rawValue)")
        let fields = [
            FormField("to", t.text("send_to"), type: "text", value: value("to", draft.to.joined(separator: ", ")), required: true,
                      error: problem?.fields.first { $0.key == "to" || $0.key.hasPrefix("to[") }?.value),
            FormField("cc", t.text("send_cc"), value: value("cc", ""), error: problem?.fields.first { $0.key.hasPrefix("cc") }?.value),
            FormField("subject", t.text("send_subject"), value: value("subject", draft.subject), required: true, error: problem?.fields["subject"]),
            FormField("body", t.text("send_body"), value: value("body", draft.body), required: true, multiline: true, error: problem?.fields["body"]),
        ]
        let section = SettingsModel.section(title, intro: t.text(isQuote ? "send_intro" : "send_introNoLink", draft.attachmentName, language),
                                            headers: [], rows: [], empty: "",
                                            form: .init(action: web.path, submit: t.text("send_submit"), fields: fields, open: true))
        let model = SettingsModel(web, session: session, page: back, sections: [section], problem: problem?.message,
                                  notice: notes.isEmpty ? nil : notes.joined(separator: " "), title: title)
        let html = views.page(.settings, model, title: title, web, current: "/" + (back.split(separator: "/").first.map(String.init) ?? ""))
        return .page(html, status: problem == nil ? 200 : 422)
    }

    // MARK: The bell

    struct NotificationsModel {
        struct Item { let id: String; let at: String; let text: String; let href: String?; let unread: Bool }
        let t: [String: String]
        let csrf: String
        let items: [Item]
        let hasItems: Bool
        let hasUnread: Bool
        let next: String?
    }

    var notificationRoutes: [WebRoute] {
        [
            WebRoute(.get, "/notifications") { web in
                let session = try web.user()
                let (page, unread) = try await services.notifications(limit: 50, cursor: web.query["cursor"], by: session.caller)
                let t = web.language
                let items = page.items.map { item in
                    NotificationsModel.Item(
                        id: item.id.uuidString.lowercased(), at: web.formats.dateTime(item.createdAt),
                        text: NotificationEvent(rawValue: item.event)?.sentence(item.title, t) ?? item.title,
                        href: item.recordType.flatMap { type in item.recordId.flatMap { Services.webPath(recordType: type, id: $0) } },
                        unread: item.readAt == nil)
                }
                let model = NotificationsModel(t: t.strings, csrf: session.csrfToken, items: items, hasItems: !items.isEmpty,
                                               hasUnread: unread > 0, next: page.nextCursor.map(URLEncodedForm.escape))
                return .page(views.page(.notifications, model, title: t.text("notifications_title"), web, current: "/notifications"))
            },
            WebRoute(.post, "/notifications/read") { web in
                try await services.markNotificationRead(nil, by: try web.user().caller)
                return .redirect("/notifications", flash: web.language.text("flash_notificationsRead"))
            },
            WebRoute(.post, "/notifications/{id}/read") { web in
                guard let id = UUID(uuidString: web.parameters["id"] ?? "") else { throw WebFailure.notFound }
                try await services.markNotificationRead(id, by: try web.user().caller)
                return .redirect("/notifications")
            },
            WebRoute(.post, "/account/mail") { web in
                let session = try web.user()
                let choice = web.field("notificationEmails").flatMap(NotificationEmails.init(rawValue:))
                do {
                    _ = try await services.updateMailPreferences(notificationEmails: choice, signature: .some(web.field("signature")),
                                                                 by: session.caller)
                    return .redirect("/account", flash: web.language.text("flash_mailPreferences"))
                } catch {
                    guard ServiceError.from(error) is ServiceError, !Self.isAccessError(error) else { throw error }
                    if case .page(let html, _) = try await accountPage(web, problem: await problem(error, form: "mail", web.language)) {
                        throw WebFailure.form(html: html)
                    }
                    throw error
                }
            },
        ]
    }

    /// The account page's section of notification e-mails and signature.
    func mailPreferencesSection(_ web: WebRequest, _ session: WebSession, problem: FormProblem?) -> SettingsModel.Section {
        let t = web.language
        let choice = (session.user.notificationEmails ?? .immediately).rawValue
        let fields = [
            FormField("notificationEmails", t.text("account_notificationEmails"), value: choice,
                      choices: NotificationEmails.allCases.map { ($0.rawValue, t.label("notificationEmails", $0.rawValue)) }),
            FormField("signature", t.text("account_signature"), value: problem?.form == "mail" ? web.form["signature"]?.first ?? "" : session.user.signature ?? "",
                      multiline: true, error: problem?.form == "mail" ? problem?.fields["signature"] : nil),
        ]
        let rows = [SettingsModel.row([t.text("account_notificationEmails"), t.label("notificationEmails", choice)]),
                    SettingsModel.row([t.text("account_signature"), session.user.signature ?? "—"])]
        return SettingsModel.section(t.text("account_mail"), intro: t.text("account_mailIntro"), headers: [t.text("field"), t.text("org_value")],
                                     rows: rows, empty: "", form: .init(action: "/account/mail", submit: t.text("account_saveMail"), fields: fields,
                                                                        open: problem?.form == "mail"))
    }

    // MARK: Password reset

    struct PublicFormModel {
        struct Field { let name: String; let label: String; let type: String; let value: String; let required: Bool; let error: String?; let autocomplete: String }
        struct Form { let action: String; let submit: String; let fields: [Field] }
        let t: [String: String]
        let csrf: String
        let heading: String
        let intro: String?
        let problem: String?
        let message: String?
        let form: Form?
    }

    /// A public page with a form: a fresh CSRF token in its cookie, or the session's when signed in.
    func publicPage(_ web: WebRequest, template: Template = .publicForm, title: String, status: Int = 200,
                    _ model: (String) -> Any) -> WebResult {
        if let session = web.session {
            return .page(views.page(template, model(session.csrfToken), title: title, web, bodyClass: "public"), status: status)
        }
        let token = Services.randomSecret(bytes: 18)
        return .signInPage(views.page(template, model(token), title: title, web, bodyClass: "public"), token: token, status: status)
    }

    var passwordResetRoutes: [WebRoute] {
        [
            WebRoute(.get, "/password-reset", isPublic: true) { web in resetRequestPage(web, problem: nil, status: 200) },
            WebRoute(.post, "/password-reset", isPublic: true) { web in
                let t = web.language
                do {
                    try await services.requestPasswordReset(email: web.field("email") ?? "", clientAddress: web.clientAddress)
                } catch {
                    switch ServiceError.from(error) as? ServiceError {
                    case .validation?: return resetRequestPage(web, problem: FormProblem(error, form: "reset", t), status: 422)
                    case .rateLimited?: return resetRequestPage(web, problem: FormProblem(message: t.text("error_rateLimited"), fields: [:], form: "reset"),
                                                                status: 429)
                    default: throw error
                    }
                }
                return publicPage(web, title: t.text("reset_sentTitle")) { csrf in
                    PublicFormModel(t: t.strings, csrf: csrf, heading: t.text("reset_sentTitle"), intro: nil, problem: nil,
                                    message: t.text("reset_sent"), form: nil)
                }
            },
            WebRoute(.get, "/password-reset/{token}", isPublic: true) { web in
                let token = web.parameters["token"] ?? ""
                guard try await services.isPasswordResetUsable(token: token) else { return resetInvalidPage(web) }
                return newPasswordPage(web, token: token, problem: nil, status: 200)
            },
            WebRoute(.post, "/password-reset/{token}", isPublic: true) { web in
                let token = web.parameters["token"] ?? ""
                do {
                    try await services.resetPassword(token: token, newPassword: web.form["password"]?.first ?? "")
                    return .redirect("/sign-in", flash: web.language.text("flash_passwordReset"))
                } catch {
                    switch ServiceError.from(error) as? ServiceError {
                    case .validation?: return newPasswordPage(web, token: token, problem: FormProblem(error, form: "reset", web.language), status: 422)
                    case .notFound?: return resetInvalidPage(web)
                    default: throw error
                    }
                }
            },
        ]
    }

    func resetRequestPage(_ web: WebRequest, problem: FormProblem?, status: Int) -> WebResult {
        let t = web.language
        return publicPage(web, title: t.text("reset_title"), status: status) { csrf in
            PublicFormModel(t: t.strings, csrf: csrf, heading: t.text("reset_title"), intro: t.text("reset_intro"), problem: problem?.message,
                            message: nil, form: .init(action: "/password-reset", submit: t.text("reset_send"), fields: [
                                .init(name: "email", label: t.text("email"), type: "email", value: web.field("email") ?? "", required: true,
                                      error: problem?.fields["email"], autocomplete: "username"),
                            ]))
        }
    }

    func newPasswordPage(_ web: WebRequest, token: String, problem: FormProblem?, status: Int) -> WebResult {
        let t = web.language
        return publicPage(web, title: t.text("reset_newTitle"), status: status) { csrf in
            PublicFormModel(t: t.strings, csrf: csrf, heading: t.text("reset_newTitle"), intro: t.text("reset_newIntro"), problem: problem?.message,
                            message: nil, form: .init(action: "/password-reset/\(URLEncodedForm.escape(token))", submit: t.text("reset_save"), fields: [
                                .init(name: "password", label: t.text("reset_newPassword"), type: "password", value: "", required: true,
                                      error: problem?.fields["password"], autocomplete: "new-password"),
                            ]))
        }
    }

    func resetInvalidPage(_ web: WebRequest) -> WebResult {
        let t = web.language
        return publicPage(web, title: t.text("reset_title"), status: 404) { csrf in
            PublicFormModel(t: t.strings, csrf: csrf, heading: t.text("reset_title"), intro: nil, problem: t.text("reset_invalid"), message: nil,
                            form: .init(action: "/password-reset", submit: t.text("reset_send"), fields: [
                                .init(name: "email", label: t.text("email"), type: "email", value: "", required: true, error: nil,
                                      autocomplete: "username"),
                            ]))
        }
    }

    // MARK: The customer's quote

    struct PublicQuoteModel {
        struct Line { let name: String; let description: String?; let quantity: String; let price: String; let amount: String }
        let t: [String: String]
        let csrf: String
        let base: String
        let from: String
        let heading: String
        let title: String?
        let facts: [String]
        let lines: [Line]
        let net: String
        let tax: String
        let total: String
        let pdfHref: String
        let open: Bool
        let outcome: String?
        let problem: String?
        let errors: [String: String]
        let values: [String: String]
    }

    var publicQuoteRoutes: [WebRoute] {
        [
            WebRoute(.get, "/q/{token}", isPublic: true) { web in try await publicQuotePage(web, problem: nil, status: 200) },
            WebRoute(.get, "/q/{token}/pdf", isPublic: true) { web in
                do {
                    let file = try await services.publicQuotePDF(token: web.parameters["token"] ?? "")
                    return .download(file.bytes, contentType: "application/pdf", name: file.fileName)
                } catch let error as Services.QuoteLinkError {
                    return try await linkFailure(web, error)
                }
            },
            WebRoute(.post, "/q/{token}/accept", isPublic: true) { web in try await answer(web, accept: true) },
            WebRoute(.post, "/q/{token}/decline", isPublic: true) { web in try await answer(web, accept: false) },
        ]
    }

    func answer(_ web: WebRequest, accept: Bool) async throws -> WebResult {
        let token = web.parameters["token"] ?? ""
        let answer = Services.QuoteAnswer(accept: accept, name: web.field("name") ?? "", purchaseOrder: web.field("purchaseOrder"),
                                          acceptedTerms: web.field("terms") == "1", reason: web.field("reason"), clientAddress: web.clientAddress)
        do {
            _ = try await services.answerQuote(token: token, answer)
            return .redirect("/q/\(URLEncodedForm.escape(token))")
        } catch let error as Services.QuoteLinkError {
            return try await linkFailure(web, error)
        } catch {
            var web = web
            if let language = try? await services.publicQuote(token: token).document.language { web.language = language }
            let t = web.language
            switch ServiceError.from(error) as? ServiceError {
            case .validation?: return try await publicQuotePage(web, problem: FormProblem(error, form: "accept", t), status: 422)
            case .conflict?: return try await publicQuotePage(web, problem: FormProblem(error, form: "answer", t), status: 409)
            case .rateLimited?:
                return try await publicQuotePage(web, problem: FormProblem(message: t.text("error_rateLimited"), fields: [:], form: "answer"),
                                                 status: 429)
            default: throw error
            }
        }
    }

    func publicQuotePage(_ web: WebRequest, problem: FormProblem?, status: Int) async throws -> WebResult {
        let token = web.parameters["token"] ?? ""
        let quote: Services.PublicQuote
        do {
            quote = try await services.publicQuote(token: token)
        } catch let error as Services.QuoteLinkError {
            return try await linkFailure(web, error)
        }
        var web = web
        web.language = quote.document.language
        let t = web.language
        let formats = web.formats
        let document = quote.document
        func money(_ value: Decimal) -> String { formats.money(value, document.currency, scale: document.precision) }
        var facts: [String] = []
        if let valid = document.validUntil { facts.append(t.text("public_validUntil", formats.day(valid))) }
        if let terms = document.paymentTerms { facts.append(t.text("public_terms", terms)) }
        if let name = quote.salespersonName { facts.append(t.text("public_salesperson", [name, quote.salespersonEmail].compactMap { $0 }.joined(separator: " · "))) }
        var outcome: String?
        if let answer = quote.answer {
            outcome = answer.kind == .accepted
                ? t.text("public_accepted", answer.name, formats.day(Day(answer.at)), quote.salespersonName ?? document.seller.name)
                : t.text("public_declined", formats.day(Day(answer.at)))
        }
        let number = document.revision.map { "\(document.number ?? "")-\($0)" } ?? document.number ?? ""
        let base = "/q/\(URLEncodedForm.escape(token))"
        let heading = t.text("public_quoteTitle", number)
        let keep = problem?.form == "accept"
        return publicPage(web, template: .publicQuote, title: heading, status: status) { csrf in
            PublicQuoteModel(
                t: t.strings, csrf: csrf, base: base, from: t.text("public_from", document.seller.name), heading: heading, title: document.title,
                facts: facts,
                lines: document.lines.map { line in
                    PublicQuoteModel.Line(name: line.name, description: line.description, quantity: formats.quantity(line.quantity),
                                          price: money(line.pricePerUnit), amount: money(line.netAmount))
                },
                net: money(document.totals.total - document.totals.tax), tax: money(document.totals.tax), total: money(document.totals.total),
                pdfHref: "\(base)/pdf", open: quote.answer == nil, outcome: outcome, problem: problem?.message,
                errors: keep ? problem?.fields ?? [:] : [:],
                values: keep ? ["name": web.field("name") ?? "", "purchaseOrder": web.field("purchaseOrder") ?? ""] : [:])
        }
    }

    /// 404 for an unknown or tampered link; 410 with the reason for a quote that can no longer be answered.
    func linkFailure(_ web: WebRequest, _ error: Services.QuoteLinkError) async throws -> WebResult {
        switch error {
        case .unknown:
            throw WebFailure.notFound
        case .gone(let reason):
            let t = web.language
            let who = t.text("public_yourContact")
            return publicPage(web, title: t.text("public_goneTitle"), status: 410) { csrf in
                PublicFormModel(t: t.strings, csrf: csrf, heading: t.text("public_goneTitle"), intro: nil, problem: nil,
                                message: t.text("public_gone_\(reason.rawValue)", who), form: nil)
            }
        }
    }
}
