import Foundation
import Hummingbird
import VendoCore
import VendoServices

/// Signing in and out with e-mail and password: a session in the database and an HttpOnly cookie.
enum SessionResource {
    static func cookie(_ value: String, maxAge: Int, secure: Bool) -> String {
        "vendo_session=\(value); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "")
    }

    static func routes(_ s: Services, secureCookies: Bool) -> [Route] {
        [
            Route(.post, "/api/v1/session", id: "signIn", "Sign in with e-mail and password; answers the CSRF token forms must send",
                  isPublic: true, body: .ref("SignInInput"),
                  responses: [201: .ref("Session"), 400: .ref("Problem"), 401: .ref("Problem"), 413: .ref("Problem"), 415: .ref("Problem"),
                              422: .ref("Problem"), 429: .ref("Problem")]) { request in
                var reader = FieldReader(try request.json())
                var email = "", password = ""
                reader.read("email", into: &email, required: true, Convert.string)
                reader.read("password", into: &password, required: true, Convert.string)
                try finish(&reader)
                let signedIn = try await s.signIn(email: email, password: password, address: request.clientAddress,
                                                  previous: request.sessionSecret)
                return APIResponse(.created, .object([("user", UsersResource.render(signedIn.user)), ("csrfToken", .string(signedIn.csrfToken)),
                                                      ("expiresAt", .date(signedIn.expiresAt))]),
                                   headers: [.setCookie: cookie(signedIn.secret, maxAge: signedIn.lifetime, secure: secureCookies)])
            },
            Route(.get, "/api/v1/session", id: "currentSession", "Who is signed in", responses: responses([200: .ref("User")])) { request in
                let user = try await s.get(User.self, try request.user().userId, by: try request.user())
                return APIResponse(.ok, UsersResource.render(user))
            },
            Route(.delete, "/api/v1/session", id: "signOut", "Sign out: the session ends on the server", isPublic: true,
                  responses: [204: nil]) { request in
                if let secret = request.sessionSecret { try await s.signOut(secret: secret) }
                return APIResponse(.noContent, nil, headers: [.setCookie: cookie("", maxAge: 0, secure: secureCookies)])
            },
            Route(.get, "/api/v1/security-events", id: "listSecurityEvents", "Sign-ins, tokens and role changes, newest first (admins)",
                  responses: responses([200: .ref("SecurityEvents")])) { request in
                let events = try await s.securityEvents(by: try request.user())
                return APIResponse(.ok, .object([("items", .array(events.map { event in
                    .object([("id", .string(event.id.uuidString.lowercased())), ("at", .date(event.at)), ("kind", .string(event.kind)),
                             ("userId", .id(event.userId)), ("email", .string(event.email)), ("address", .string(event.address)),
                             ("detail", .string(event.detail))])
                }))]))
            },
        ]
    }

    static let schemas: [(String, Schema)] = [
        ("SignInInput", .object([("email", .text(maxLength: 254)), ("password", .text(maxLength: 200))], required: ["email", "password"])),
        ("Session", .object([("user", .ref("User")), ("csrfToken", .string), ("expiresAt", .dateTime)])),
        ("SecurityEvents", .object([("items", .array(.object([
            ("id", .uuid), ("at", .dateTime), ("kind", .string), ("userId", Schema.uuid.nullable), ("email", Schema.string.nullable),
            ("address", Schema.string.nullable), ("detail", Schema.string.nullable),
        ])))])),
    ]
}
