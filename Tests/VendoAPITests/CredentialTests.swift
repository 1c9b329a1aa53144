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

/// Passwords, sessions and API tokens after sign-in: what a password change ends, what a token
/// shows of itself, what a stolen cookie cannot mint.
@Suite("API: passwords, sessions and tokens")
struct CredentialTests {
    static let password = "a long enough passphrase"
    static let newPassword = "another long passphrase"

    /// A signed-in cookie session of `email`: the headers that read and change with it.
    func session(_ api: APIClient, _ email: String, _ password: String = Self.password) async throws -> HTTPFields {
        let reply = try await api.send(.post, "/api/v1/session", #"{"email":"\#(email)","password":"\#(password)"}"#, authorized: false)
        let cookie = try #require(SignInTests.session(reply))
        return [.cookie: "vendo_session=\(cookie)", HTTPField.Name("X-CSRF-Token")!: try #require(reply.string("csrfToken"))]
    }

    func alive(_ api: APIClient, _ jar: HTTPFields) async throws -> Bool {
        try await api.send(.get, "/api/v1/session", headers: jar, authorized: false).status == .ok
    }

    func bearer(_ secret: String) -> HTTPFields { [.authorization: "Bearer \(secret)"] }

    func makeSam(_ world: TestWorld) async throws -> User {
        try await world.services.createUser(name: "Sam", email: "sam@example.com", role: .salesperson, password: Self.password, by: world.admin)
    }

    @Test("changing one's own password needs the current one, keeps this session, ends the others, and revokes tokens when asked")
    func ownPasswordChange() async throws {
        try await withAPI { api, world in
            let sam = try await makeSam(world)
            let here = try await session(api, "sam@example.com"), elsewhere = try await session(api, "sam@example.com")
            let token = try await world.services.createToken(for: sam.id, name: "laptop", by: Caller(sam.id))
            let path = "/api/v1/users/\(sam.id)/password"
            let missing = try await api.send(.post, path, #"{"password":"\#(Self.newPassword)"}"#, headers: here, authorized: false)
            #expect(missing.status == .unprocessableContent && missing.text.contains("currentPassword"))
            let wrong = try await api.send(.post, path, #"{"password":"\#(Self.newPassword)","currentPassword":"guess"}"#, headers: here,
                                           authorized: false)
            #expect(wrong.status == .unprocessableContent && wrong.text.contains("wrong_password"))
            #expect(try await alive(api, elsewhere))
            let changed = try await api.send(.post, path, #"{"password":"\#(Self.newPassword)","currentPassword":"\#(Self.password)"}"#,
                                             headers: here, authorized: false)
            #expect(changed.status == .noContent)
            #expect(try await alive(api, here))
            #expect(try await !alive(api, elsewhere))
            #expect(try await api.send(.get, "/api/v1/session", headers: bearer(token.secret), authorized: false).status == .ok)
            let again = try await api.send(.post, path,
                                           #"{"password":"\#(Self.password)","currentPassword":"\#(Self.newPassword)","revokeTokens":true}"#,
                                           headers: here, authorized: false)
            #expect(again.status == .noContent)
            #expect(try await api.send(.get, "/api/v1/session", headers: bearer(token.secret), authorized: false).status == .unauthorized)
            let kinds = try await world.services.securityEvents(by: world.admin).map(\.kind)
            #expect(kinds.filter { $0 == "passwordChanged" }.count == 2 && kinds.contains("passwordConfirmationFailed"))
        }
    }

    @Test("an administrator's new password for someone ends all their sessions; a reset with revokeTokens ends their tokens")
    func adminPasswordChange() async throws {
        try await withAPI { api, world in
            let sam = try await makeSam(world)
            let jar = try await session(api, "sam@example.com")
            let token = try await world.services.createToken(for: sam.id, name: "laptop", by: Caller(sam.id))
            let set = try await api.post("/api/v1/users/\(sam.id)/password", #"{"password":"\#(Self.newPassword)"}"#)
            #expect(set.status == .noContent)
            #expect(try await !alive(api, jar))
            #expect(try await api.send(.get, "/api/v1/session", headers: bearer(token.secret), authorized: false).status == .ok)
            let fresh = try await session(api, "sam@example.com", Self.newPassword)
            _ = try await world.services.resetPassword(for: sam.id, revokeTokens: true, by: world.admin)
            #expect(try await !alive(api, fresh))
            #expect(try await api.send(.get, "/api/v1/session", headers: bearer(token.secret), authorized: false).status == .unauthorized)
            // A salesperson may not set another's password.
            let other = try await world.services.createUser(name: "Kim", email: "kim@example.com", role: .salesperson, by: world.admin)
            let samToken = try await world.services.createToken(for: sam.id, name: "again", by: Caller(sam.id))
            #expect(try await api.send(.post, "/api/v1/users/\(other.id)/password", #"{"password":"\#(Self.newPassword)"}"#,
                                       headers: bearer(samToken.secret), authorized: false).status == .forbidden)
        }
    }

    @Test("tokens are listed with their dates and last use, never their secrets; they live a year unless the organisation says less")
    func listingAndLifetime() async throws {
        try await withAPI { api, world in
            let sam = try await makeSam(world)
            let issued = try await world.services.createToken(for: sam.id, name: "laptop", by: Caller(sam.id))
            #expect(issued.token.expiresAt == world.clock.now().addingTimeInterval(365 * 86_400))
            world.clock.advance(seconds: 120)
            #expect(try await api.send(.get, "/api/v1/session", headers: bearer(issued.secret), authorized: false).status == .ok)
            let listed = try await api.send(.get, "/api/v1/users/\(sam.id)/tokens", headers: bearer(issued.secret), authorized: false)
            #expect(listed.status == .ok)
            let item = try #require(listed["items"]?.arrayValue?.first)
            #expect(item["name"]?.stringValue == "laptop" && item["lastUsedAt"]?.stringValue != nil && item["expiresAt"]?.stringValue != nil)
            #expect(item["token"] == nil && !listed.text.contains(issued.secret))
            // Nobody else's but an administrator's to read.
            let kim = try await world.services.createUser(name: "Kim", email: "kim@example.com", role: .salesperson, by: world.admin)
            #expect(try await api.get("/api/v1/users/\(sam.id)/tokens").status == .ok)
            #expect(try await api.send(.get, "/api/v1/users/\(kim.id)/tokens", headers: bearer(issued.secret), authorized: false).status
                == .forbidden)
            let far = RFC3339.format(world.clock.now().addingTimeInterval(400 * 86_400))
            let tooFar = try await api.post("/api/v1/users/\(sam.id)/tokens", #"{"name":"forever","expiresAt":"\#(far)"}"#)
            #expect(tooFar.status == .unprocessableContent && tooFar.text.contains("too_far"))
            #expect(try await api.patch("/api/v1/settings", #"{"tokenLifetimeDays":30}"#).status == .ok)
            let short = try await api.post("/api/v1/users/\(sam.id)/tokens", #"{"name":"short"}"#)
            #expect(short.status == .created
                && short.string("expiresAt") == RFC3339.format(world.clock.now().addingTimeInterval(30 * 86_400)))
            #expect(try await api.patch("/api/v1/settings", #"{"tokenLifetimeDays":0}"#).status == .unprocessableContent)
        }
    }

    @Test("a token asked for with only the session cookie needs the password again")
    func tokenFromCookie() async throws {
        try await withAPI { api, world in
            let sam = try await makeSam(world)
            let jar = try await session(api, "sam@example.com")
            let path = "/api/v1/users/\(sam.id)/tokens"
            let bare = try await api.send(.post, path, #"{"name":"stolen"}"#, headers: jar, authorized: false)
            #expect(bare.status == .unprocessableContent && bare.text.contains("password"))
            let wrong = try await api.send(.post, path, #"{"name":"stolen","password":"guess"}"#, headers: jar, authorized: false)
            #expect(wrong.status == .unprocessableContent && wrong.text.contains("wrong_password"))
            #expect(wrong["errors"]?[0]?["field"]?.stringValue == "password")
            let right = try await api.send(.post, path, #"{"name":"mine","password":"\#(Self.password)"}"#, headers: jar, authorized: false)
            #expect(right.status == .created && right.string("token")?.hasPrefix("vendo_") == true)
            // With a bearer token, no password is asked.
            let token = try #require(right.string("token"))
            #expect(try await api.send(.post, path, #"{"name":"scripted"}"#, headers: bearer(token), authorized: false).status == .created)
            // Guessing the password this way counts as failed sign-ins (the right one above cleared the count).
            for _ in 0..<SessionRules.failuresPerAccount {
                _ = try await api.send(.post, path, #"{"name":"x","password":"guess"}"#, headers: jar, authorized: false)
            }
            #expect(try await api.send(.post, path, #"{"name":"x","password":"\#(Self.password)"}"#, headers: jar, authorized: false).status
                == .tooManyRequests)
        }
    }

    @Test("a token made with an Idempotency-Key: its secret is nowhere in the database file, and a repeat is refused")
    func idempotentTokenSecret() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vendo-token-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let world = try await TestWorld.make(location: .file(path))
        let admin = try await world.services.createToken(for: world.admin.userId, name: "tests", by: world.admin)
        let app = try await buildApplication(ServerConfiguration(host: "127.0.0.1", port: 0, dataDirectory: "unused", logLevel: .error),
                                             services: world.services)
        try await app.application.test(.router) { client in
            let api = APIClient(client: client, token: admin.secret)
            let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "token-1"]
            let made = try await api.post("/api/v1/users/\(world.admin.userId)/tokens", #"{"name":"ci"}"#, headers: key)
            #expect(made.status == .created)
            let secret = try #require(made.string("token"))
            let again = try await api.post("/api/v1/users/\(world.admin.userId)/tokens", #"{"name":"ci"}"#, headers: key)
            #expect(again.status == .conflict && again.code == "not_replayable")
            let hookKey: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "hook-1"]
            let hookBody = #"{"url":"https://hooks.example.com/in","events":["lead.created"]}"#
            #expect(try await api.post("/api/v1/webhooks", hookBody, headers: hookKey).status == .created)
            // Its answer carries the signing secret: not kept either.
            #expect(try await api.post("/api/v1/webhooks", hookBody, headers: hookKey).code == "not_replayable")
            var stored = Data()
            for suffix in ["", "-wal"] { stored += (try? Data(contentsOf: URL(fileURLWithPath: path + suffix))) ?? Data() }
            #expect(!stored.isEmpty)
            #expect(stored.range(of: Data(secret.utf8)) == nil)
            #expect(stored.range(of: Data("token-1".utf8)) != nil)
        }
    }
}
