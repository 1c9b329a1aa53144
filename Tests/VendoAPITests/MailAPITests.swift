import Foundation
import Hummingbird
import Testing
@testable import VendoAPI
import VendoCore
import VendoServices
import VendoStore
import VendoTestSupport

@Suite("API: mail settings, sending and the outbox", .serialized)
struct MailAPITests {
    @Test("the SMTP password is written and never read back, nor kept in the history; only admins see the mail settings")
    func writeOnlyPassword() async throws {
        try await withAPI { api, world in
            let patched = try await api.send(.patch, "/api/v1/settings", #"""
                {"smtp":{"host":"smtp.example.com","port":587,"security":"starttls","username":"vendo","password":"s3cret-Pa55word",
                         "fromAddress":"ventes@example.com","fromName":"Ventes"}}
                """#)
            #expect(patched.status == .ok && !patched.text.contains("s3cret-Pa55word"))
            #expect(patched.json?["smtp"]?["passwordSet"]?.boolValue == true && patched.json?["smtp"]?["fromEnvironment"]?.boolValue == false)
            let read = try await api.get("/api/v1/settings")
            #expect(read.json?["smtp"]?["host"]?.stringValue == "smtp.example.com" && !read.text.contains("s3cret"))
            let history = try await world.services.store.read { tx in try await tx.history(recordType: "settings", recordId: Services.organisationId) }
            #expect(history.contains { $0.field == "smtp.password" && $0.newValue == "changed" })
            #expect(!history.contains { ($0.newValue ?? "").contains("s3cret") || ($0.oldValue ?? "").contains("s3cret") })
            // A change of host keeps the password; null clears it.
            let moved = try await api.send(.patch, "/api/v1/settings", #"{"smtp":{"host":"mail.example.com"}}"#)
            #expect(moved.json?["smtp"]?["passwordSet"]?.boolValue == true)
            let cleared = try await api.send(.patch, "/api/v1/settings", #"{"smtp":{"password":null}}"#)
            #expect(cleared.json?["smtp"]?["passwordSet"]?.boolValue == false)
            let clear = try await api.send(.patch, "/api/v1/settings", #"{"smtp":{"host":"mail.example.com","security":"none"}}"#)
            #expect(clear.status == .unprocessableContent && clear.text.contains("smtp.security"))
            let sam = try await world.services.createUser(name: "Sam", email: "sam@example.com", role: .salesperson, by: world.admin)
            let samAPI = APIClient(client: api.client, token: try await world.services.createToken(for: sam.id, name: "t", by: Caller(sam.id)).secret)
            let seen = try await samAPI.get("/api/v1/settings")
            #expect(seen.status == .ok && seen.json?["smtp"] == .null)
            #expect(try await samAPI.send(.post, "/api/v1/settings/smtp/test", #"{"to":"x@example.com"}"#).status == .forbidden)
        }
    }

    @Test("a test message reaches the server, or says the server's reply; sending with no recipient names the field")
    func testMessageAndSending() async throws {
        let smtp = try await SMTPTestServer(refuse: "nobody@example.com")
        defer { smtp.stop() }
        try await withAPI(server: smtp.serverSettings()) { api, world in
            let ok = try await api.send(.post, "/api/v1/settings/smtp/test", #"{"to":"admin@example.com"}"#)
            #expect(ok.status == .ok && ok.json?["sent"]?.boolValue == true)
            #expect(try smtp.received(messageId: ok.string("messageId") ?? "").count == 1)
            let refused = try await api.send(.post, "/api/v1/settings/smtp/test", #"{"to":"nobody@example.com"}"#)
            #expect(refused.status == .conflict && refused.string("code") == "mail_failed" && refused.text.contains("550"))
            let settings = try await api.get("/api/v1/settings")
            #expect(settings.json?["smtp"]?["fromEnvironment"]?.boolValue == true && settings.json?["smtp"]?["port"]?.intValue == smtp.port)
            let account = try await api.post("/api/v1/accounts", #"{"name":"No Mail SA"}"#).string("id") ?? ""
            let quote = try await api.post("/api/v1/quotes", #"{"name":"Q","customerId":"\#(account)","customerType":"account"}"#).string("id") ?? ""
            let none = try await api.send(.post, "/api/v1/quotes/\(quote)/send", "{}")
            #expect(none.status == .unprocessableContent && none.text.contains(#""field":"to""#))
            #expect(try await api.get("/api/v1/quotes/\(quote)").string("state") == "draft")
            let badCc = try await api.send(.post, "/api/v1/quotes/\(quote)/send", #"{"to":["a@example.com"],"cc":["not an address"]}"#)
            #expect(badCc.status == .unprocessableContent && badCc.text.contains("cc[0]"))
            let stale = try await api.send(.post, "/api/v1/quotes/\(quote)/send", #"{"to":["a@example.com"]}"#, headers: [.ifMatch: "\"9\""])
            #expect(stale.status == .preconditionFailed)
            let sent = try await api.send(.post, "/api/v1/quotes/\(quote)/send", #"{"to":["a@example.com"],"subject":"Votre devis","body":"Lien : {{quoteLink}}"}"#)
            #expect(sent.status == .accepted && sent.string("subject") == "Votre devis")
            #expect(try await api.get("/api/v1/quotes/\(quote)").string("state") == "active")
            let listed = try await api.get("/api/v1/messages?regardingId=\(quote)")
            #expect(listed.json?["items"]?.arrayValue?.count == 1 && !listed.text.contains("Lien :"))
            #expect(try await api.get("/api/v1/messages?status=sideways").status == .unprocessableContent)
            // A salesperson sees the messages their teams sent, not the others'.
            let sam = try await world.services.createUser(name: "Sam", email: "sam@example.com", role: .salesperson, by: world.admin)
            let samAPI = APIClient(client: api.client, token: try await world.services.createToken(for: sam.id, name: "t", by: Caller(sam.id)).secret)
            #expect(try await samAPI.get("/api/v1/messages").json?["items"]?.arrayValue?.isEmpty == true)
            let message = listed.json?["items"]?[0]?["id"]?.stringValue ?? ""
            #expect(try await samAPI.get("/api/v1/messages/\(message)").status == .notFound)
        }
    }
}
