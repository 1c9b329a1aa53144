import Foundation
import HTTPTypes
import Hummingbird
import Logging
import VendoCore
import VendoServices

/// The web pages of Vendo, in Hummingbird's router: each page reads the session cookie, checks
/// the CSRF token of every form, runs, and answers HTML.
public struct WebApp: Sendable {
    let services: Services
    let views: Views
    let secureCookies: Bool
    let routes: [WebRoute]

    public init(services: Services, secureCookies: Bool, spool: UploadSpool) throws {
        self.services = services
        self.secureCookies = secureCookies
        let views = try Views()
        self.views = views
        routes = Pages(services: services, views: views, spool: spool).routes
    }

    static let sessionCookie = "vendo_session"
    static let flashCookie = "vendo_flash"
    static let signInCookie = "vendo_signin"
    static let formLimit = 256 * 1024

    /// Registers every page on `router` (HEAD comes from GET). `clientAddress` reads the
    /// client's address from the context (sign-in throttling, capture limits).
    public func register<Context: RequestContext>(on router: Router<Context>, clientAddress: @escaping @Sendable (Context) -> String) {
        for route in routes {
            router.on(RouterPath(route.path), method: route.method) { request, context in
                await respond(to: request, route: route, parameters: route.parameters(in: context.parameters),
                              clientAddress: clientAddress(context), logger: context.logger)
            }
        }
    }

    /// Each page's path with the methods it takes, in the pages' order (for the 405 answers).
    public var pathMethods: [(path: String, methods: [String])] {
        Dictionary(grouping: routes, by: \.path).map { ($0.key, $0.value.map(\.method.rawValue)) }
    }

    /// Runs the page `route`, whose path the router matched with `parameters`.
    func respond(to request: Request, route: WebRoute, parameters: [String: String], clientAddress: String, logger: Logger) async -> Response {
        let language = Language.preferred(by: request.headers[.acceptLanguage])
        var web = WebRequest(method: request.method, path: request.uri.path, parameters: parameters, query: [:], form: [:],
                             session: nil, language: language, flash: nil, clientAddress: clientAddress)
        // Read as a form is: a GET form's spaces arrive as '+'.
        if let query = request.uri.query, let values = URLEncodedForm.decode(Data(query.utf8)) {
            for (key, list) in values { web.query[key] = list.last }
        }
        web.sessionSecret = request.cookies[Self.sessionCookie]?.value
        var headers = HTTPFields()
        do {
            if let secret = request.cookies[Self.sessionCookie]?.value, let (caller, csrf) = try await services.session(secret: secret) {
                let user = try await services.get(User.self, caller.userId, by: caller)
                web.session = WebSession(caller: caller, user: user, csrfToken: csrf)
                if request.method == .get && !route.isAsset { web.session?.unreadNotifications = try await services.unreadNotificationCount(by: caller) }
                web.language = Language(locale: user.locale)
            }
            if request.method == .post {
                (web.form, web.uploads) = try await Self.readForm(request, limit: route.formLimit)
                // Signing out without a session has nothing to protect: it just ends on the sign-in page.
                if web.session == nil && web.path == "/sign-out" { return answer(.redirect("/sign-in"), headers: headers, head: false) }
                try checkCSRF(web, request: request)
            } else if !route.isAsset, let flash = request.cookies[Self.flashCookie]?.value, !flash.isEmpty {
                web.flash = flash.removingPercentEncoding
                headers.append(HTTPField(name: .setCookie, value: cookie(Self.flashCookie, "", maxAge: 0)))
            }
            if !route.isPublic && web.session == nil { throw WebFailure.signInRequired }
            // The organisation's names for its record types, for every text of the page, and its
            // labels of the fields of the record type the page is about (by its path).
            // A database not yet set up has no settings, and no words of its own.
            let about = OrganisationWords.recordType(ofPath: request.uri.path)
            let words = route.isAsset ? nil
                : (try? await services.settings()).flatMap { OrganisationWords.make($0, web.language, about: about) }
            let page = web
            var result = try await OrganisationWords.$current.withValue(words) { try await route.handler(page) }
            switch result {
            case .signInPage(_, let token, _):
                headers.append(HTTPField(name: .setCookie, value: cookie(Self.signInCookie, token, maxAge: 3600)))
            case .signedIn(let secret, let maxAge, let next):
                headers.append(HTTPField(name: .setCookie, value: cookie(Self.sessionCookie, secret, maxAge: maxAge)))
                headers.append(HTTPField(name: .setCookie, value: cookie(Self.signInCookie, "", maxAge: 0)))
                result = .redirect(next)
            case .signedOut(let message):
                if let secret = request.cookies[Self.sessionCookie]?.value { try await services.signOut(secret: secret) }
                headers.append(HTTPField(name: .setCookie, value: cookie(Self.sessionCookie, "", maxAge: 0)))
                result = .redirect("/sign-in", flash: message)
            default:
                break
            }
            return answer(result, headers: headers, head: request.method == .head)
        } catch {
            return failure(error, web, path: request.uri.string, logger: logger)
        }
    }

    private func checkCSRF(_ web: WebRequest, request: Request) throws {
        let sent = web.field("_csrf") ?? ""
        let expected = web.session?.csrfToken ?? request.cookies[Self.signInCookie]?.value ?? ""
        guard !expected.isEmpty, Services.sameSecret(sent, expected) else { throw WebFailure.csrf }
    }


    /// The posted form: URL-encoded, or multipart where the route takes a file.
    static func readForm(_ request: Request, limit: Int) async throws -> ([String: [String]], [String: [UploadedFile]]) {
        let contentType = request.headers[.contentType] ?? ""
        let type = contentType.split(separator: ";").first?.trimmingWhitespace().lowercased()
        let multipart = type == "multipart/form-data" && limit > formLimit
        guard type == nil || type == "application/x-www-form-urlencoded" || multipart else { throw WebFailure.unsupportedForm }
        var data = Data()
        for try await chunk in request.body {
            data.append(contentsOf: chunk.readableBytesView)
            if data.count > limit { throw WebFailure.tooLarge }
        }
        guard multipart else {
            guard let form = URLEncodedForm.decode(data) else { throw WebFailure.unsupportedForm }
            return (form, [:])
        }
        guard let boundary = MultipartForm.boundary(of: contentType), let parsed = try? MultipartForm.parse(data, boundary: boundary) else {
            throw WebFailure.unsupportedForm
        }
        return (parsed.fields, parsed.files)
    }

    func cookie(_ name: String, _ value: String, maxAge: Int) -> String {
        "\(name)=\(value); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Lax" + (secureCookies ? "; Secure" : "")
    }

    func answer(_ result: WebResult, headers: HTTPFields, head: Bool) -> Response {
        var headers = headers
        switch result {
        case .page(let html, let status), .signInPage(let html, _, let status):
            headers[.contentType] = "text/html; charset=utf-8"
            headers[.cacheControl] = "no-store"
            return Response(status: .init(code: status), headers: headers,
                            body: head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(string: html)))
        case .redirect(let location, let flash):
            headers[.location] = location
            if let flash { headers.append(HTTPField(name: .setCookie, value: cookie(Self.flashCookie, URLEncodedForm.escape(flash), maxAge: 120))) }
            return Response(status: .seeOther, headers: headers)
        case .file(let content, let type, let name):
            headers[.contentType] = type
            if let name { headers[.contentDisposition] = "attachment; filename=\"\(name)\"" } else { headers[.cacheControl] = "max-age=3600" }
            return Response(status: .ok, headers: headers, body: head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(string: content)))
        case .image(let bytes, let type):
            headers[.contentType] = type
            headers[.cacheControl] = "private, max-age=3600"
            return Response(status: .ok, headers: headers, body: head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        case .download(let bytes, let type, let name):
            headers[.contentType] = type
            headers[.contentDisposition] = "attachment; filename=\"\(name)\""
            headers[.cacheControl] = "private, no-store"
            return Response(status: .ok, headers: headers, body: head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        case .signedIn(_, _, let next):
            headers[.location] = next
            return Response(status: .seeOther, headers: headers)
        case .signedOut:
            headers[.location] = "/sign-in"
            return Response(status: .seeOther, headers: headers)
        }
    }

    /// Errors no page caught: sign-in, CSRF, a missing record, a refusal, or a fault (logged, not shown).
    func failure(_ error: any Error, _ web: WebRequest, path: String, logger: Logger) -> Response {
        let t = web.language
        let status: Int
        let message: String
        switch error {
        case WebFailure.signInRequired:
            if web.method == .get { return answer(.redirect("/sign-in?next=" + URLEncodedForm.escape(path)), headers: [:], head: false) }
            return answer(.redirect("/sign-in", flash: t.text("flash_signedOut")), headers: [:], head: false)
        case WebFailure.form(let html):
            return answer(.page(html, status: 422), headers: [:], head: false)
        case WebFailure.csrf:
            (status, message) = (403, t.text("error_csrf"))
        case WebFailure.tooLarge:
            (status, message) = (413, t.text("error_tooLarge"))
        case WebFailure.unsupportedForm:
            (status, message) = (415, t.text("error_unsupportedForm"))
        case WebFailure.notFound:
            (status, message) = (404, t.text("error_notFound"))
        default:
            switch ServiceError.from(error) as? ServiceError {
            case .notFound: (status, message) = (404, t.text("error_notFound"))
            case .forbidden: (status, message) = (403, t.text("error_forbidden"))
            case .unavailable: (status, message) = (503, t.text("error_unavailable"))
            case .toolMissing: (status, message) = (503, ErrorText.message(for: error, t))
            case .invalidTransition, .conflict, .staleVersion, .validation, .duplicatesFound:
                (status, message) = (409, ErrorText.message(for: error, t))
            default:
                logger.error("web page failed", metadata: ["error": "\(String(reflecting: error))"])
                (status, message) = (500, t.text("error_internal"))
            }
        }
        let html = views.errorPage(status: status, message: message, web)
        return answer(.page(html, status: status), headers: [:], head: false)
    }
}
