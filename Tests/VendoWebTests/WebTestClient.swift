import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import VendoCore
import VendoServer
import VendoServices
import VendoTestSupport

/// A page as the browser got it.
struct Page: Sendable {
    let status: Int
    let location: String?
    let html: String

    /// The CSRF token of the page's forms.
    var csrf: String? { value(of: "_csrf") }

    /// The value of the first hidden or text input named `name`.
    func value(of name: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    func contains(_ text: String) -> Bool { html.contains(text) }

    /// The record id in a redirect to `/prefix/{id}…`.
    func id(after prefix: String) -> String? {
        guard let location, location.hasPrefix(prefix) else { return nil }
        return String(location.dropFirst(prefix.count).prefix(36))
    }
}

/// A browser without a screen: keeps its cookies, sends forms with the page's CSRF token, and
/// follows the redirects of POST-redirect-GET.
final class WebBrowser: @unchecked Sendable {
    let client: any TestClientProtocol
    private var cookies: [String: String] = [:]
    var language = "en"
    /// The page of the last request, after redirects.
    private(set) var last = Page(status: 0, location: nil, html: "")

    init(client: any TestClientProtocol) { self.client = client }

    /// A cookie the browser holds now.
    func cookie(_ name: String) -> String? { cookies[name] }

    @discardableResult
    func get(_ path: String, follow: Bool = true) async throws -> Page {
        try await request(.get, path, body: nil, follow: follow)
    }

    /// Posts `fields` with the CSRF token and the record version of the last page, as its forms do
    /// (unless `csrf` is given).
    @discardableResult
    func post(_ path: String, _ fields: [(String, String)] = [], csrf: String? = nil, follow: Bool = true) async throws -> Page {
        let token = csrf ?? last.csrf ?? ""
        var sent = [("_csrf", token)] + fields
        if let version = last.value(of: "version"), !fields.contains(where: { $0.0 == "version" }) { sent.append(("version", version)) }
        let body = sent.map { "\(Self.escape($0.0))=\(Self.escape($0.1))" }.joined(separator: "&")
        return try await request(.post, path, body: body, follow: follow)
    }

    /// Posts `body` as it is, as a URL-encoded form (to send what a browser would not).
    func postRaw(_ path: String, _ body: String) async throws -> Page {
        try await request(.post, path, body: body, follow: false)
    }

    /// Posts `fields` and one file as `multipart/form-data`, with the last page's CSRF token.
    @discardableResult
    func postMultipart(_ path: String, _ fields: [(String, String)], file: (name: String, filename: String, type: String, data: Data)) async throws -> Page {
        try await postMultipart(path, fields, files: [file])
    }

    /// Posts `fields` and several files (an `<input multiple>`), with the last page's CSRF token.
    @discardableResult
    func postMultipart(_ path: String, _ fields: [(String, String)], files: [(name: String, filename: String, type: String, data: Data)]) async throws -> Page {
        let boundary = "vendo-test-boundary-7MA4YWxkTrZu0gW"
        var body = Data()
        for (name, value) in [("_csrf", last.csrf ?? "")] + fields {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
        }
        for file in files {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"\(file.filename)\"\r\nContent-Type: \(file.type)\r\n\r\n".utf8))
            body.append(file.data)
            body.append(Data("\r\n".utf8))
        }
        body.append(Data("--\(boundary)--\r\n".utf8))
        var headers: HTTPFields = [.acceptLanguage: language, .contentType: "multipart/form-data; boundary=\(boundary)"]
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        let page = try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(bytes: body)) { response in
            self.keepCookies(response.headers)
            return Page(status: Int(response.status.code), location: response.headers[.location], html: String(buffer: response.body))
        }
        if page.status == 303, let location = page.location {
            let next = try await get(location)
            return Page(status: next.status, location: location, html: next.html)
        }
        last = page
        return page
    }

    /// Keeps the cookies a response sets, and forgets those it clears.
    private func keepCookies(_ headers: HTTPFields) {
        for field in headers where field.name == .setCookie {
            let pair = field.value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            let name = String(pair[0]), value = pair.count > 1 ? String(pair[1]) : ""
            if field.value.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
    }

    static func escape(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    private func request(_ method: HTTPRequest.Method, _ path: String, body: String?, follow: Bool) async throws -> Page {
        var headers: HTTPFields = [.acceptLanguage: language]
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        if body != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        let page = try await client.execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            self.keepCookies(response.headers)
            return Page(status: Int(response.status.code), location: response.headers[.location], html: String(buffer: response.body))
        }
        if follow, page.status == 303, let location = page.location {
            // A browser keeps the fragment for itself.
            let next = try await request(.get, String(location.prefix { $0 != "#" }), body: nil, follow: true)
            last = next
            return Page(status: next.status, location: location, html: next.html)
        }
        last = page
        return page
    }

    func signIn(_ email: String, _ password: String) async throws {
        try await get("/sign-in")
        let page = try await post("/sign-in", [("email", email), ("password", password), ("next", "/")])
        #expect(page.status == 200 && page.contains("action=\"/sign-out\""), "sign-in as \(email) failed: \(page.status) \(page.html)")
    }
}

/// The password the tests give their users.
let testPassword = "correct horse battery staple"

/// A test world served over the router, its admin able to sign in.
func withWeb(sellerIdentity: Bool = true, server: ServerSettings = ServerSettings(),
             _ body: @escaping @Sendable (WebBrowser, TestWorld) async throws -> Void) async throws {
    let world = try await TestWorld.make(sellerIdentity: sellerIdentity, server: server)
    try await world.services.setPassword(testPassword, for: world.admin.userId, by: world.admin)
    let app = try await buildApplication(ServerConfiguration(host: "127.0.0.1", port: 0, dataDirectory: "unused", logLevel: .error),
                                         services: world.services)
    try await app.application.test(.router) { client in
        try await body(WebBrowser(client: client), world)
    }
}
