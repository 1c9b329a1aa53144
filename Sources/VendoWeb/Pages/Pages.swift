import Foundation
import VendoCore
import VendoServices

/// Every page of the web application; each file of this folder adds its routes.
struct Pages: Sendable {
    let services: Services
    let views: Views
    /// Where pasted imports wait while they are read.
    let spool: UploadSpool

    var routes: [WebRoute] {
        sessionRoutes + [WebRoute(.get, "/", home)] + listRoutes + cardScanRoutes + leadRoutes + opportunityRoutes + documentRoutes
            + boardRoutes + reportRoutes + customerRoutes + settingsRoutes + accountRoutes + mailRoutes
    }

    var sessionRoutes: [WebRoute] {
        [
            WebRoute(.get, "/sign-in", isPublic: true, signInPage),
            WebRoute(.post, "/sign-in", isPublic: true, signIn),
            WebRoute(.post, "/sign-out", isPublic: true, signOut),
            WebRoute(.post, "/language", setLanguage),
            WebRoute(.get, "/static/app.css", isPublic: true) { _ in .file(Assets.css, contentType: "text/css; charset=utf-8") },
            WebRoute(.get, "/static/print.css", isPublic: true) { _ in .file(Assets.printCSS, contentType: "text/css; charset=utf-8") },
            WebRoute(.get, "/static/app.js", isPublic: true) { _ in .file(Assets.script, contentType: "text/javascript; charset=utf-8") },
        ]
    }

    struct SignInModel {
        struct Choice { let code: String; let name: String }
        let t: [String: String]
        let csrf: String
        let next: String
        let email: String
        let problem: String?
        let languages = [Choice(code: "en", name: "English"), Choice(code: "fr", name: "Français")]
    }

    /// The sign-in page carries its own CSRF token (in a cookie and the form), so another site
    /// cannot sign a browser into an account of its choosing.
    @Sendable func signInPage(_ web: WebRequest) async throws -> WebResult {
        if web.session != nil { return .redirect("/") }
        var web = web
        if let code = web.query["lang"], let language = Language(rawValue: code) { web.language = language }
        return signInForm(web, email: "", problem: nil, status: 200)
    }

    func signInForm(_ web: WebRequest, email: String, problem: String?, status: Int) -> WebResult {
        let token = Services.randomSecret(bytes: 18)
        let model = SignInModel(t: web.language.strings, csrf: token, next: Self.safeNext(web.query["next"] ?? web.field("next")),
                                email: email, problem: problem)
        let html = views.page(.signIn, model, title: web.language.text("signIn"), web, bodyClass: "public")
        return .signInPage(html, token: token, status: status)
    }

    /// Only a path of this site may follow sign-in or an action; anything else goes home.
    /// Browsers drop tabs and line breaks from a URL and read `\\` as `/`, so `/<TAB>/evil.example`
    /// or `/\\evil.example` would leave the site: a path here is printable ASCII (what it needs
    /// beyond that comes percent-encoded), has no backslash, and does not start with `//`.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.utf8.count <= 2048, next.hasPrefix("/"), !next.hasPrefix("//"),
              next.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\\") }) else { return "/" }
        return next
    }

    @Sendable func signIn(_ web: WebRequest) async throws -> WebResult {
        var web = web
        if let code = web.field("lang"), let language = Language(rawValue: code) { web.language = language }
        let email = web.field("email") ?? ""
        do {
            let signedIn = try await services.signIn(email: email, password: web.form["password"]?.first ?? "", address: web.clientAddress,
                                                     previous: web.sessionSecret)
            return .signedIn(secret: signedIn.secret, maxAge: signedIn.lifetime,
                             next: Self.safeNext(web.field("next")))
        } catch {
            let status: Int
            switch ServiceError.from(error) as? ServiceError {
            case .unauthenticated?: status = 401
            case .tooManyAttempts?: status = 429
            case .validation?: status = 422
            default: throw error
            }
            return signInForm(web, email: email, problem: ErrorText.message(for: error, web.language), status: status)
        }
    }

    @Sendable func signOut(_ web: WebRequest) async throws -> WebResult {
        .signedOut(message: web.language.text("flash_signedOut"))
    }

    @Sendable func setLanguage(_ web: WebRequest) async throws -> WebResult {
        let user = try web.user()
        let updated = try await services.setLanguage(web.field("language") ?? "", by: user.caller)
        return .redirect(Self.safeNext(web.field("back")), flash: Language(locale: updated.locale).text("flash_language"))
    }
}
