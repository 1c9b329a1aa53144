import Foundation
import HTTPTypes
import VendoCore
import VendoServices

/// What a page handler gets: the path parameters, the query, the posted form, and who asks.
public struct WebRequest: Sendable {
    public var method: HTTPRequest.Method
    public var path: String
    public var parameters: [String: String]
    public var query: [String: String]
    public var form: [String: [String]]
    /// Files posted with a `multipart/form-data` form, by field name (several for `multiple`).
    public var uploads: [String: [UploadedFile]] = [:]
    /// The first file posted under each name.
    public var files: [String: UploadedFile] { uploads.compactMapValues(\.first) }
    /// The signed-in user; nil on the public pages.
    public var session: WebSession?
    public var language: Language
    /// The message of the previous action (POST-redirect-GET), shown once.
    public var flash: String?
    public var clientAddress: String
    /// The session cookie as sent, live or not: signing in ends it.
    public var sessionSecret: String?

    public var formats: Formats { Formats(language) }

    /// The page to come back to after the language changes: this one, or for a form shown again
    /// after a POST (`/opportunities/{id}/stage`), the record's page.
    public var pagePath: String {
        guard method == .post else { return path }
        let parts = path.split(separator: "/").prefix(2)
        return "/" + parts.joined(separator: "/")
    }

    /// A form value, trimmed; nil when absent or blank.
    public func field(_ name: String) -> String? {
        guard let value = form[name]?.first?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    /// Every value posted under `name` (checkboxes).
    public func fields(_ name: String) -> [String] { form[name] ?? [] }

    /// The signed-in user, or a redirect to the sign-in page.
    public func user() throws -> WebSession {
        guard let session else { throw WebFailure.signInRequired }
        return session
    }

    /// A path parameter as a record id, or a 404.
    public func id<R>(_ name: String = "id") throws -> ID<R> {
        guard let text = parameters[name], let uuid = UUID(uuidString: text) else { throw WebFailure.notFound }
        return ID(uuid)
    }

    /// The posted version of the record (`If-Match` of the forms): a page older than the record is refused.
    public var version: Int? { field("version").flatMap(Int.init) }
}

/// A signed-in browser: the caller for the services, the user, and the session's CSRF token.
public struct WebSession: Sendable {
    public var caller: Caller
    public var user: User
    public var csrfToken: String
    /// For the bell of the frame.
    public var unreadNotifications = 0
}

/// What a page handler answers.
public enum WebResult: Sendable {
    /// An HTML page.
    case page(String, status: Int = 200)
    /// After a POST: go there, showing `flash` once.
    case redirect(String, flash: String? = nil)
    /// A file to download or a static asset.
    case file(String, contentType: String, name: String? = nil)
    /// An image shown in a page (a card's photo).
    case image([UInt8], contentType: String)
    /// A document to download (a PDF).
    case download([UInt8], contentType: String, name: String)
    /// The sign-in form, with the token its CSRF cookie must hold.
    case signInPage(String, token: String, status: Int)
    /// Signed in: the session cookie, then the page asked for.
    case signedIn(secret: String, maxAge: Int, next: String)
    /// Signed out: the session ends on the server and its cookie is cleared.
    case signedOut(message: String)
}

/// Failures the web edge answers in its own way.
public enum WebFailure: Error, Sendable {
    case signInRequired
    case notFound
    case csrf
    /// A form body past the limit.
    case tooLarge
    /// A body that is not a plain HTML form.
    case unsupportedForm
    /// A form came back wrong: the page again, with messages, as 422.
    case form(html: String)
}
