import Foundation
import Hummingbird
import Testing
@testable import VendoAPI
import VendoCore
import VendoServices
import VendoTestSupport

@Suite("Web-to-lead capture")
struct CaptureAPITests {
    static let form = """
        {"key":"contact-us","name":"Contact us","topic":"Website enquiry",
         "fields":[{"name":"full_name","target":"lastName","required":true},{"name":"company","target":"companyName"},
                   {"name":"mail","target":"email","required":true},{"name":"message","target":"description"},
                   {"name":"budget","target":"budgetAmount"}],
         "thankYouURL":"https://www.example.com/thanks","allowedOrigins":["https://www.example.com"]}
        """
    static let formType: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    func leads(_ api: APIClient) async throws -> [JSON] { try await api.get("/api/v1/leads?limit=200")["items"]?.arrayValue ?? [] }

    @Test("an admin makes a form and gets a snippet; a plain HTML post is a lead, answered 303 to the thank-you page")
    func formPost() async throws {
        try await withAPI { api, world in
            // With no public address, no snippet that could not reach the server.
            let early = try await api.post("/api/v1/capture-forms", Self.form)
            #expect(early.status == .created && early.json?["snippet"] == .null && early.json?["endpoint"] == .null)
            #expect(early.string("snippetUnavailable")?.contains("public address") == true)
            let settings = try await api.send(.patch, "/api/v1/settings", #"{"publicUrl":"https://crm.example.com/"}"#)
            #expect(settings.status == .ok && settings.string("publicUrl") == "https://crm.example.com"
                    && settings.string("publicUrlInUse") == "https://crm.example.com")
            let bad = try await api.send(.patch, "/api/v1/settings", #"{"publicUrl":"crm.example.com"}"#)
            #expect(bad.status == .unprocessableContent && bad.text.contains("publicUrl"))
            let created = try await api.get("/api/v1/capture-forms/\(early.string("id") ?? "")")
            #expect(created.string("endpoint") == "https://crm.example.com/capture/contact-us")
            let snippet = try #require(created.string("snippet"))
            #expect(snippet.contains(#"action="https://crm.example.com/capture/contact-us""#) && snippet.contains(#"name="mail" type="email" required"#))
            #expect(snippet.contains(#"name="company_fax" tabindex="-1""#))
            let posted = try await api.send(.post, "/capture/contact-us", "full_name=Camille+Martin&company=Atelier%20Dupont&mail=c%40dupont.example&message=20+laptops%0Aplease&submit=Send",
                                            headers: Self.formType, authorized: false)
            #expect(posted.status == .seeOther && posted.headers[.location] == "https://www.example.com/thanks")
            #expect(posted.text.isEmpty)
            let lead = try #require(try await leads(api).first)
            #expect(lead["lastName"]?.stringValue == "Camille Martin" && lead["companyName"]?.stringValue == "Atelier Dupont")
            #expect(lead["email"]?.stringValue == "c@dupont.example" && lead["description"]?.stringValue == "20 laptops\nplease")
            #expect(lead["topic"]?.stringValue == "Website enquiry" && lead["source"]?.stringValue == "web")
            #expect(lead["ownerId"]?.stringValue == world.admin.userId.description && lead["state"]?.stringValue == "open")
        }
    }

    @Test("JSON posts answer 201 and tell nothing; a repeat e-mail still makes a lead, flagged to the services")
    func jsonAndDuplicates() async throws {
        try await withAPI { api, world in
            _ = try await api.post("/api/v1/capture-forms", Self.form)
            for _ in 0..<2 {
                let reply = try await api.send(.post, "/capture/contact-us", #"{"full_name":"Jo","mail":"jo@x.example","budget":"1500"}"#,
                                               authorized: false)
                #expect(reply.status == .created && reply.json == .object([("status", .string("received"))]))
            }
            let found = try await leads(api)
            #expect(found.count == 2 && found.allSatisfy { $0["budgetAmount"]?.stringValue == "1500.00" })
            let third = try await world.services.capture(formKey: "contact-us", values: ["full_name": "Jo", "mail": "JO@x.example"],
                                                         address: "192.0.2.9", origin: nil)
            #expect(third.lead != nil && third.possibleDuplicates.count == 2)
        }
    }

    @Test("spam and bad input: the honeypot drops the post quietly, missing or bad inputs are 422 by their names")
    func spamAndValidation() async throws {
        try await withAPI { api, _ in
            _ = try await api.post("/api/v1/capture-forms", Self.form)
            let bot = try await api.send(.post, "/capture/contact-us", "full_name=Bot&mail=bot%40x.example&company_fax=555",
                                         headers: Self.formType, authorized: false)
            #expect(bot.status == .seeOther)
            #expect(try await leads(api).isEmpty)
            let missing = try await api.send(.post, "/capture/contact-us", "full_name=&mail=", headers: Self.formType, authorized: false)
            #expect(missing.status == .unprocessableContent)
            #expect(Set(missing["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? []) == ["full_name", "mail"])
            let bad = try await api.send(.post, "/capture/contact-us", #"{"full_name":"A","mail":"not-mail","budget":"lots"}"#,
                                         authorized: false)
            #expect(bad.status == .unprocessableContent)
            #expect(Set(bad["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? []) == ["budget"])
            let badMail = try await api.send(.post, "/capture/contact-us", #"{"full_name":"A","mail":"not-mail"}"#, authorized: false)
            #expect(badMail.status == .unprocessableContent && badMail["errors"]?[0]?["field"]?.stringValue == "mail")
            let text = try await api.send(.post, "/capture/contact-us", "hello", headers: [.contentType: "text/plain"], authorized: false)
            #expect(text.status == .unsupportedMediaType)
            let huge = try await api.send(.post, "/capture/contact-us", "full_name=" + String(repeating: "a", count: 20_000),
                                          headers: Self.formType, authorized: false)
            #expect(huge.status == .contentTooLarge)
            #expect(try await api.send(.post, "/capture/nope", "a=b", headers: Self.formType, authorized: false).status == .notFound)
            #expect(try await leads(api).isEmpty)
        }
    }

    @Test("ten posts per address per ten minutes, then 429 with Retry-After; the window moves on")
    func rateLimit() async throws {
        try await withAPI { api, world in
            _ = try await api.post("/api/v1/capture-forms", Self.form)
            for index in 0..<CaptureRules.postsPerWindow {
                let reply = try await api.send(.post, "/capture/contact-us", "full_name=P\(index)&mail=p\(index)%40x.example",
                                               headers: Self.formType, authorized: false)
                #expect(reply.status == .seeOther)
            }
            let limited = try await api.send(.post, "/capture/contact-us", "full_name=Late&mail=late%40x.example", headers: Self.formType,
                                             authorized: false)
            #expect(limited.status == .tooManyRequests && limited.code == "rate_limited" && limited.headers[.retryAfter] == "600")
            // Another address is not held back by this one.
            let other = try await world.services.capture(formKey: "contact-us", values: ["full_name": "O", "mail": "o@x.example"],
                                                         address: "198.51.100.7", origin: nil)
            #expect(other.lead != nil)
            world.clock.advance(seconds: CaptureRules.window + 1)
            let later = try await api.send(.post, "/capture/contact-us", "full_name=Late&mail=late%40x.example", headers: Self.formType,
                                           authorized: false)
            #expect(later.status == .seeOther)
            #expect(try await leads(api).count == CaptureRules.postsPerWindow + 2)
        }
    }

    @Test("CORS only for the allowed origins: preflight, headers on the answer, other origins refused")
    func cors() async throws {
        try await withAPI { api, _ in
            _ = try await api.post("/api/v1/capture-forms", Self.form)
            let preflight = try await api.send(.options, "/capture/contact-us", headers: [.origin: "https://www.example.com"], authorized: false)
            #expect(preflight.status == .noContent && preflight.headers[.accessControlAllowOrigin] == "https://www.example.com")
            #expect(preflight.headers[.accessControlAllowMethods] == "POST")
            let stranger = try await api.send(.options, "/capture/contact-us", headers: [.origin: "https://evil.example"], authorized: false)
            #expect(stranger.status == .noContent && stranger.headers[.accessControlAllowOrigin] == nil)
            let allowed = try await api.send(.post, "/capture/contact-us", #"{"full_name":"A","mail":"a@x.example"}"#,
                                             headers: [.origin: "https://www.example.com"], authorized: false)
            #expect(allowed.status == .created && allowed.headers[.accessControlAllowOrigin] == "https://www.example.com")
            let refused = try await api.send(.post, "/capture/contact-us", #"{"full_name":"B","mail":"b@x.example"}"#,
                                             headers: [.origin: "https://evil.example"], authorized: false)
            #expect(refused.status == .forbidden)
            #expect(try await leads(api).count == 1)
        }
    }

    @Test("forms are the admins': rules on keys, targets and owners; an inactive form is gone for the public")
    func administration() async throws {
        try await withAPI { api, world in
            let user = try await world.services.createUser(name: "Sam", email: "sam@example.com", role: .salesperson, by: nil)
            let token = try await world.services.createToken(for: user.id, name: "t", by: Caller(user.id))
            let sam = APIClient(client: api.client, token: token.secret)
            #expect(try await sam.post("/api/v1/capture-forms", Self.form).status == .forbidden)
            let bad = try await api.post("/api/v1/capture-forms", """
                {"key":"Bad Key!","name":"x","fields":[{"name":"n","target":"shoeSize"}],"thankYouURL":"javascript:alert(1)",
                 "allowedOrigins":["https://ok.example/path"]}
                """)
            #expect(bad.status == .unprocessableContent)
            let fields = Set(bad["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? [])
            #expect(fields.isSuperset(of: ["key", "thankYouURL", "allowedOrigins[0]"]))
            let noName = try await api.post("/api/v1/capture-forms", #"{"key":"k-1","name":"x","fields":[{"name":"m","target":"email"}]}"#)
            #expect(noName.status == .unprocessableContent && noName["errors"]?[0]?["code"]?.stringValue == "no_name")
            let created = try await api.post("/api/v1/capture-forms", Self.form)
            #expect(try await api.post("/api/v1/capture-forms", Self.form).status == .conflict)
            let id = try #require(created.string("id"))
            let owned = try await api.patch("/api/v1/capture-forms/\(id)", #"{"ownerId":"\#(user.id)","active":false}"#)
            #expect(owned.status == .ok)
            #expect(try await api.send(.post, "/capture/contact-us", "full_name=A&mail=a%40x.example", headers: Self.formType,
                                       authorized: false).status == .notFound)
            _ = try await api.patch("/api/v1/capture-forms/\(id)", #"{"active":true}"#)
            _ = try await api.send(.post, "/capture/contact-us", "full_name=A&mail=a%40x.example", headers: Self.formType, authorized: false)
            let mine = try await sam.get("/api/v1/leads")["items"]?.arrayValue ?? []
            #expect(mine.count == 1 && mine.first?["ownerId"]?.stringValue == user.id.description)
        }
    }

    @Test("a form given to a team sends each lead to the active member with the fewest open leads")
    func team() async throws {
        try await withAPI { api, world in
            let ann = try await world.services.createUser(name: "Ann", email: "ann@example.com", role: .salesperson, by: nil)
            let bob = try await world.services.createUser(name: "Bob", email: "bob@example.com", role: .salesperson, by: nil)
            let gone = try await world.services.createUser(name: "Gone", email: "gone@example.com", role: .salesperson, by: nil)
            _ = try await world.services.updateUser(gone.id, ifVersion: nil, by: world.admin) { $0.active = false }
            let team = try await world.services.createTeam(TeamFields(name: "Inbound", memberIds: [ann.id, bob.id, gone.id]), by: world.admin)
            _ = try await world.services.createLead(LeadFields(topic: "Ann's own", lastName: "A"), by: try await world.services.caller(for: ann.id))
            let both = try await api.post("/api/v1/capture-forms", #"{"key":"k-2","name":"x","fields":[{"name":"n","target":"lastName"}],"ownerId":"\#(ann.id)","teamId":"\#(team.id)"}"#)
            #expect(both.status == .unprocessableContent && both["errors"]?[0]?["code"]?.stringValue == "owner_and_team")
            let form = try await api.post("/api/v1/capture-forms", #"{"key":"inbound","name":"Inbound","fields":[{"name":"n","target":"lastName"}],"teamId":"\#(team.id)"}"#)
            #expect(form.status == .created)
            for index in 0..<5 {
                let reply = try await api.send(.post, "/capture/inbound", #"{"n":"Visitor \#(index)"}"#, authorized: false)
                #expect(reply.status == .created)
            }
            let owners = try await leads(api).filter { $0["source"]?.stringValue == "web" }.compactMap { $0["ownerId"]?.stringValue }
            #expect(owners.filter { $0 == bob.id.description }.count == 3 && owners.filter { $0 == ann.id.description }.count == 2)
            #expect(!owners.contains(gone.id.description))
        }
    }

    @Test("a form fills the lead's own fields (cf.<key> targets), read by type; a bad value names the form's input")
    func customTargets() async throws {
        try await withAPI { api, _ in
            let field = try await api.post("/api/v1/custom-fields", #"""
                {"recordType": "lead", "key": "fleetSize", "type": "integer", "labels": {"en": "Fleet", "fr": "Flotte"}, "min": "1"}
                """#)
            #expect(field.status == .created)
            let unknown = try await api.post("/api/v1/capture-forms", #"""
                {"key": "fleet", "name": "Fleet", "fields": [{"name": "name", "target": "lastName"}, {"name": "vans", "target": "cf.vans"}]}
                """#)
            #expect(unknown.status == .unprocessableContent && unknown["errors"]?[0]?["field"]?.stringValue == "fields[1].target")
            let form = try await api.post("/api/v1/capture-forms", #"""
                {"key": "fleet", "name": "Fleet", "fields": [{"name": "name", "target": "lastName", "required": true},
                                                             {"name": "vans", "target": "cf.fleetSize"}]}
                """#)
            #expect(form.status == .created)
            let posted = try await api.send(.post, "/capture/fleet", "name=Martin&vans=40", headers: Self.formType, authorized: false)
            #expect(posted.status == .created)
            let lead = try #require(try await leads(api).first)
            #expect(lead["lastName"]?.stringValue == "Martin" && lead["customFields"]?["fleetSize"]?.intValue == 40)
            let bad = try await api.send(.post, "/capture/fleet", "name=Petit&vans=forty", headers: Self.formType, authorized: false)
            #expect(bad.status == .unprocessableContent && bad["errors"]?[0]?["field"]?.stringValue == "vans")
            let small = try await api.send(.post, "/capture/fleet", "name=Petit&vans=0", headers: Self.formType, authorized: false)
            #expect(small.status == .unprocessableContent && small["errors"]?[0]?["field"]?.stringValue == "vans")
            #expect(try await leads(api).count == 1)
        }
    }
}
