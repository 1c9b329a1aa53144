import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import VendoAPI
import VendoCore
import VendoServer
import VendoServices
import VendoTestSupport

@Suite("API: sign-in and sessions")
struct SignInTests {
    static let password = "a long enough passphrase"

    /// The session cookie's value in a Set-Cookie header.
    static func session(_ reply: Reply) -> String? {
        guard let header = reply.headers[.setCookie], header.hasPrefix("vendo_session=") else { return nil }
        return header.dropFirst("vendo_session=".count).split(separator: ";").first.map(String.init)
    }

    func signIn(_ api: APIClient, _ email: String, _ password: String = SignInTests.password, cookie: String? = nil) async throws -> Reply {
        var headers: HTTPFields = [:]
        if let cookie { headers[.cookie] = "vendo_session=\(cookie)" }
        return try await api.send(.post, "/api/v1/session", #"{"email":"\#(email)","password":"\#(password)"}"#, headers: headers,
                                  authorized: false)
    }

    @Test("a signed-in browser reads with its cookie and changes only with the CSRF token; sign-out ends the session")
    func cookiesAndCSRF() async throws {
        try await withAPI { api, world in
            _ = try await world.services.createUser(name: "Sam", email: "sam@example.com", role: .salesperson, password: Self.password,
                                                    by: world.admin)
            let signedIn = try await signIn(api, "Sam@Example.com")
            #expect(signedIn.status == .created)
            let cookie = try #require(Self.session(signedIn))
            let setCookie = signedIn.headers[.setCookie] ?? ""
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax") && !setCookie.contains("Secure"))
            let csrf = try #require(signedIn.string("csrfToken"))
            let jar: HTTPFields = [.cookie: "vendo_session=\(cookie)"]
            #expect(try await api.send(.get, "/api/v1/session", headers: jar, authorized: false).string("email") == "sam@example.com")
            #expect(try await api.send(.get, "/api/v1/leads", headers: jar, authorized: false).status == .ok)
            let forged = try await api.send(.post, "/api/v1/leads", #"{"topic":"t","lastName":"l"}"#, headers: jar, authorized: false)
            #expect(forged.status == .forbidden && forged.code == "csrf_failed")
            var wrong = jar
            wrong[.init("X-CSRF-Token")!] = csrf + "x"
            #expect(try await api.send(.post, "/api/v1/leads", #"{"topic":"t","lastName":"l"}"#, headers: wrong, authorized: false)
                .status == .forbidden)
            var right = jar
            right[.init("X-CSRF-Token")!] = csrf
            #expect(try await api.send(.post, "/api/v1/leads", #"{"topic":"t","lastName":"l"}"#, headers: right, authorized: false)
                .status == .created)
            let out = try await api.send(.delete, "/api/v1/session", headers: jar, authorized: false)
            #expect(out.status == .noContent && out.headers[.setCookie]?.contains("Max-Age=0") == true)
            #expect(try await api.send(.get, "/api/v1/leads", headers: jar, authorized: false).status == .unauthorized)
        }
    }

    @Test("signing in gives a new session and ends the one the browser had (no fixation)")
    func fixation() async throws {
        try await withAPI { api, world in
            _ = try await world.services.createUser(name: "Sam", email: "sam@example.com", role: .salesperson, password: Self.password,
                                                    by: world.admin)
            let first = try #require(Self.session(try await signIn(api, "sam@example.com")))
            let second = try #require(Self.session(try await signIn(api, "sam@example.com", cookie: first)))
            #expect(first != second)
            #expect(try await api.send(.get, "/api/v1/session", headers: [.cookie: "vendo_session=\(first)"], authorized: false).status
                == .unauthorized)
            #expect(try await api.send(.get, "/api/v1/session", headers: [.cookie: "vendo_session=\(second)"], authorized: false).status == .ok)
        }
    }

    @Test("wrong passwords are throttled per account with Retry-After, and recorded as security events")
    func throttling() async throws {
        try await withAPI { api, world in
            _ = try await world.services.createUser(name: "Sam", email: "sam@example.com", role: .salesperson, password: Self.password,
                                                    by: world.admin)
            for _ in 0..<SessionRules.failuresPerAccount {
                let reply = try await signIn(api, "sam@example.com", "not the password")
                #expect(reply.status == .unauthorized && reply.code == "sign_in_failed")
            }
            let blocked = try await signIn(api, "sam@example.com")
            #expect(blocked.status == .tooManyRequests && blocked.code == "too_many_attempts")
            #expect(Int(blocked.headers[.retryAfter] ?? "") == Int(SessionRules.window))
            #expect(try await signIn(api, "nobody@example.com", "whatever").status == .unauthorized)
            world.clock.advance(seconds: SessionRules.window + 1)
            #expect(try await signIn(api, "sam@example.com").status == .created)
            let events = try await api.get("/api/v1/security-events")
            let kinds = events["items"]?.arrayValue?.compactMap { $0["kind"]?.stringValue } ?? []
            #expect(kinds.filter { $0 == "signInFailed" }.count == SessionRules.failuresPerAccount + 1)
            #expect(kinds.first == "signIn")
        }
    }

    @Test("sixty wrong passwords at once: only the account's limit of them are checked, the others refused at once")
    func parallelBurst() async throws {
        try await withAPI { api, world in
            _ = try await world.services.createUser(name: "Sam", email: "sam@example.com", role: .salesperson, password: Self.password,
                                                    by: world.admin)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<60 { group.addTask { try await signIn(api, "sam@example.com", "not the password").status.code } }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 401 }.count == SessionRules.failuresPerAccount, "\(statuses)")
            #expect(statuses.filter { $0 == 429 }.count == 60 - SessionRules.failuresPerAccount, "\(statuses)")
            #expect(try await signIn(api, "sam@example.com").status == .tooManyRequests)
            world.clock.advance(seconds: SessionRules.window + 1)
            #expect(try await signIn(api, "sam@example.com").status == .created)
        }
    }

    @Test("successful sign-ins from one address do not count against it")
    func successesDoNotCount() async throws {
        try await withAPI { api, world in
            _ = try await world.services.createUser(name: "Sam", email: "sam@example.com", role: .salesperson, password: Self.password,
                                                    by: world.admin)
            for _ in 0..<(SessionRules.failuresPerAddress + 2) {
                #expect(try await signIn(api, "sam@example.com").status == .created)
            }
        }
    }

    @Test("behind a trusted proxy failures count against the client it names; from anyone else that header is ignored",
          arguments: [true, false])
    func behindProxy(trusted: Bool) async throws {
        let world = try await TestWorld.make()
        _ = try await world.services.createUser(name: "Sam", email: "sam@example.com", role: .salesperson, password: Self.password,
                                                by: world.admin)
        let proxies = trusted ? try TrustedProxies(parsing: "127.0.0.1, ::1") : TrustedProxies.none
        let app = try await buildApplication(ServerConfiguration(host: "127.0.0.1", port: 0, dataDirectory: "unused", logLevel: .error,
                                                                 trustedProxies: proxies), services: world.services)
        try await app.application.test(.live) { client in
            func signIn(_ email: String, _ password: String, from address: String) async throws -> Int {
                try await client.execute(uri: "/api/v1/session", method: .post,
                                         headers: [.contentType: "application/json", HTTPField.Name("X-Forwarded-For")!: "6.6.6.6, \(address)"],
                                         body: ByteBuffer(string: #"{"email":"\#(email)","password":"\#(password)"}"#)) { $0.status.code }
            }
            for index in 0..<SessionRules.failuresPerAddress {
                #expect(try await signIn("guess\(index)@example.com", "nope", from: "203.0.113.7") == 401)
            }
            // Another client of the same proxy is not held back, unless the proxy is not trusted.
            #expect(try await signIn("sam@example.com", Self.password, from: "198.51.100.9") == (trusted ? 201 : 429))
            #expect(try await signIn("other@example.com", "nope", from: "203.0.113.7") == 429)
            let events = try await world.services.securityEvents(by: world.admin)
            let addresses = Set(events.compactMap(\.address))
            #expect(addresses == (trusted ? ["203.0.113.7", "198.51.100.9"] : ["127.0.0.1"]), "\(addresses)")
        }
    }

    @Test("failed sign-ins are also throttled per address, across accounts")
    func throttlingPerAddress() async throws {
        try await withAPI { api, world in
            _ = try await world.services.createUser(name: "Sam", email: "sam@example.com", role: .salesperson, password: Self.password,
                                                    by: world.admin)
            for index in 0..<SessionRules.failuresPerAddress {
                #expect(try await signIn(api, "guess\(index)@example.com", "nope").status == .unauthorized)
            }
            let blocked = try await signIn(api, "sam@example.com")
            #expect(blocked.status == .tooManyRequests && blocked.headers[.retryAfter] != nil)
        }
    }

    @Test("sessions end when idle too long, at their absolute end, and when the user is deactivated")
    func expiry() async throws {
        try await withAPI { api, world in
            let sam = try await world.services.createUser(name: "Sam", email: "sam@example.com", role: .salesperson, password: Self.password,
                                                          by: world.admin)
            func alive(_ cookie: String) async throws -> Bool {
                try await api.send(.get, "/api/v1/session", headers: [.cookie: "vendo_session=\(cookie)"], authorized: false).status == .ok
            }
            let idle = try #require(Self.session(try await signIn(api, "sam@example.com")))
            world.clock.advance(seconds: SessionRules.idle - 60)
            #expect(try await alive(idle))
            world.clock.advance(seconds: SessionRules.idle - 60)
            #expect(try await alive(idle))   // each use restarts the idle time
            world.clock.advance(seconds: SessionRules.idle + 1)
            #expect(try await !alive(idle))
            let busy = try #require(Self.session(try await signIn(api, "sam@example.com")))
            for _ in 0..<13 {
                world.clock.advance(seconds: 3600)
                _ = try await alive(busy)
            }
            #expect(try await !alive(busy))  // past 12 hours, used or not
            let last = try #require(Self.session(try await signIn(api, "sam@example.com")))
            let off = try await api.patch("/api/v1/users/\(sam.id)", #"{"active":false}"#)
            #expect(off.status == .ok && off["active"] == .bool(false))
            #expect(try await !alive(last))
            #expect(try await signIn(api, "sam@example.com").status == .unauthorized)
        }
    }

    @Test("passwords: long enough and not a common one")
    func passwordRules() async throws {
        try await withAPI { api, _ in
            for (password, code) in [("short", "too_short"), ("password1234", "too_common"), ("AzertyUIOP12", "too_common")] {
                let reply = try await api.post("/api/v1/users", #"{"name":"N","email":"n@example.com","role":"salesperson","password":"\#(password)"}"#)
                let codes = reply["errors"]?.arrayValue?.compactMap { $0["code"]?.stringValue } ?? []
                #expect(reply.status == .unprocessableContent && codes == [code], "\(password): \(codes)")
            }
            let ok = try await api.post("/api/v1/users", #"{"name":"N","email":"n@example.com","role":"salesperson","password":"\#(Self.password)"}"#)
            #expect(ok.status == .created)
        }
    }

    @Test("role changes are security events, an admin cannot demote themself, and every response has the security headers")
    func administration() async throws {
        try await withAPI { api, world in
            let sam = try await world.services.createUser(name: "Sam", email: "sam@example.com", role: .salesperson, by: world.admin)
            let promoted = try await api.patch("/api/v1/users/\(sam.id)", #"{"role":"manager"}"#)
            #expect(promoted.status == .ok && promoted.string("role") == "manager")
            let events = try await api.get("/api/v1/security-events")
            #expect(events["items"]?.arrayValue?.contains { $0["kind"]?.stringValue == "roleChanged" && $0["detail"]?.stringValue == "salesperson → manager" } == true)
            #expect(try await api.patch("/api/v1/users/\(world.admin.userId)", #"{"role":"salesperson"}"#).status == .unprocessableContent)
            let token = try await world.services.createToken(for: sam.id, name: "t", by: Caller(sam.id))
            let manager = APIClient(client: api.client, token: token.secret)
            #expect(try await manager.get("/api/v1/security-events").status == .forbidden)
            #expect(try await manager.patch("/api/v1/users/\(sam.id)", #"{"role":"admin"}"#).status == .forbidden)
            for reply in [try await api.get("/api/v1/leads"), try await api.get("/api/v1/nothing"), try await api.send(.get, "/health", authorized: false)] {
                let policy = reply.headers[HTTPField.Name("Content-Security-Policy")!] ?? ""
                #expect(policy.contains("frame-ancestors 'none'") && policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"))
                #expect(reply.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
                #expect(reply.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin")
            }
        }
    }
}
