import Foundation
import Hummingbird
import Testing
@testable import VendoAPI
import VendoCore
import VendoServices
import VendoTestSupport

/// SALES-PROCESS.md §10 through the API: who sees and changes what.
@Suite("API: access rules")
struct AccessMatrixTests {
    enum Actor: String, CaseIterable {
        case owner, teammate, manager, outsider, outsiderManager, admin
    }

    /// What happens to a record owned by `owner`, by the rule, never by the code under test.
    static func expected(_ actor: Actor, _ operation: String) -> Int {
        let sees = actor != .outsider && actor != .outsiderManager
        switch operation {
        case "read", "history": return sees ? 200 : 404
        case "update", "action", "delete":
            if !sees { return 404 }
            return [.owner, .manager, .admin].contains(actor) ? 2 : 403
        case "reassign":
            if !sees { return 404 }
            return [.manager, .admin].contains(actor) ? 200 : 403
        default: return 0
        }
    }

    struct Kind {
        let path: String
        let create: (String) -> String
        let update: String
        /// Every action: its path suffix, its body, and what the owner does first to reach a state
        /// where it is allowed.
        let actions: [(verb: String, body: String, before: [(String, String)])]
    }

    @Test("owner, teammate, manager, outsider and admin on every owned record type and operation")
    func matrix() async throws {
        try await withAPI { api, world in
            let s = world.services
            let salesTeam = try await s.createUser(name: "Owner", email: "owner@example.com", role: .salesperson, by: world.admin)
            let mate = try await s.createUser(name: "Mate", email: "mate@example.com", role: .salesperson, by: world.admin)
            let boss = try await s.createUser(name: "Boss", email: "boss@example.com", role: .manager, by: world.admin)
            let other = try await s.createUser(name: "Other", email: "other@example.com", role: .salesperson, by: world.admin)
            let otherBoss = try await s.createUser(name: "Other boss", email: "oboss@example.com", role: .manager, by: world.admin)
            _ = try await s.createTeam(TeamFields(name: "North", memberIds: [salesTeam.id, mate.id, boss.id]), by: world.admin)
            _ = try await s.createTeam(TeamFields(name: "South", memberIds: [other.id, otherBoss.id]), by: world.admin)
            var clients: [Actor: APIClient] = [.admin: api]
            for (actor, user) in [(Actor.owner, salesTeam), (.teammate, mate), (.manager, boss), (.outsider, other), (.outsiderManager, otherBoss)] {
                let token = try await s.createToken(for: user.id, name: "t", by: Caller(user.id))
                clients[actor] = APIClient(client: api.client, token: token.secret)
            }
            let owner = try #require(clients[.owner])
            let account = try await owner.post("/api/v1/accounts", #"{"name":"Owner's customer","address":{"line1":"1 rue Bleue","city":"Paris","country":"FR"},"registrationNumber":"732829320"}"#).string("id") ?? ""
            let customer = #""customerId":"\#(account)","customerType":"account""#
            let line = #"{"writeInName":"x","quantity":"1","pricePerUnit":"10"}"#
            let kinds = [
                Kind(path: "leads", create: { _ in #"{"topic":"t","lastName":"l"}"# }, update: #"{"topic":"u"}"#, actions: [
                    ("disqualify", #"{"status":"lost"}"#, []),
                    ("qualify", #"{"createAccount":false,"createContact":true,"createOpportunity":true,"allowDuplicates":true}"#, []),
                    ("reactivate", "{}", [("disqualify", #"{"status":"canceled"}"#)]),
                ]),
                Kind(path: "accounts", create: { _ in #"{"name":"a"}"# }, update: #"{"name":"b"}"#, actions: []),
                Kind(path: "contacts", create: { _ in #"{"lastName":"c"}"# }, update: #"{"lastName":"d"}"#, actions: []),
                Kind(path: "opportunities", create: { c in "{\"name\":\"o\",\(c)}" }, update: #"{"name":"p"}"#, actions: [
                    ("lines", line, []), ("win", "{}", []), ("lose", #"{"status":"canceled"}"#, []),
                    ("reopen", "{}", [("win", "{}")]), ("quotes", "{}", []), ("stage", #"{"stage":"propose"}"#, []),
                ]),
                Kind(path: "quotes", create: { c in "{\"name\":\"q\",\(c)}" }, update: #"{"name":"r"}"#, actions: [
                    ("lines", line, []), ("activate", "{}", [("lines", line)]),
                    ("win", "{}", [("lines", line), ("activate", "{}")]), ("revise", "{}", [("lines", line), ("activate", "{}")]),
                    ("close", #"{"status":"lost"}"#, [("lines", line), ("activate", "{}")]),
                    ("order", "{}", [("lines", line), ("activate", "{}")]),
                ]),
                Kind(path: "orders", create: { c in "{\"name\":\"o\",\(c)}" }, update: #"{"name":"p"}"#, actions: [
                    ("lines", line, []), ("fulfill", #"{"status":"complete"}"#, []), ("cancel", "{}", []), ("lock-pricing", "{}", []),
                    ("use-current-pricing", "{}", []), ("invoice", "{}", [("lines", line)]),
                ]),
                Kind(path: "invoices", create: { c in "{\"name\":\"i\",\(c)}" }, update: #"{"name":"j"}"#, actions: [
                    ("lines", line, []), ("issue", "{}", [("lines", line)]), ("cancel", "{}", []),
                    ("payments", #"{"amount":"1.00"}"#, [("lines", line), ("issue", "{}")]),
                ]),
                Kind(path: "activities", create: { _ in #"{"type":"task","regardingType":"account","regardingId":"\#(account)","subject":"Call"}"# },
                     update: #"{"subject":"Call again"}"#, actions: [("complete", "{}", []), ("cancel", "{}", [])]),
            ]
            var checked = 0
            for kind in kinds {
                let base = "/api/v1/\(kind.path)"
                func fresh() async throws -> String {
                    let created = try await owner.post(base, kind.create(customer))
                    #expect(created.status == .created, "\(kind.path): \(created.text.prefix(200))")
                    return created.string("id") ?? ""
                }
                let shared = try await fresh()
                for actor in Actor.allCases {
                    let client = try #require(clients[actor])
                    let read = try await client.get("\(base)/\(shared)")
                    #expect(read.status.code == Self.expected(actor, "read"), "\(actor) GET \(kind.path) → \(read.status.code)")
                    let history = try await client.get("\(base)/\(shared)/history")
                    #expect(history.status.code == Self.expected(actor, "history"), "\(actor) history \(kind.path)")
                    let sees = Self.expected(actor, "read") == 200
                    let listed = try await client.get("\(base)?limit=200")
                    let ids = listed["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
                    #expect(ids.contains(shared) == sees, "\(actor) list \(kind.path)")
                    let searched = try await client.get("\(base)?limit=200&ownerId=\(salesTeam.id)")
                    #expect(searched["items"]?.arrayValue?.isEmpty == !sees, "\(actor) list by owner \(kind.path)")
                    let found = try await client.get("\(base)?limit=200&q=\(kind.path == "leads" ? "t" : "o")")
                    let hits = found["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
                    #expect(!sees ? !hits.contains(shared) : true, "\(actor) search \(kind.path) leaks")

                    let update = try await client.patch("\(base)/\(try await fresh())", kind.update)
                    #expect(Self.matches(update, Self.expected(actor, "update")), "\(actor) PATCH \(kind.path) → \(update.status.code)")
                    for (verb, body, before) in kind.actions {
                        let id = try await fresh()
                        for (step, stepBody) in before {
                            let prepared = try await owner.post("\(base)/\(id)/\(step)", stepBody)
                            #expect((200..<300).contains(prepared.status.code), "owner \(step) \(kind.path): \(prepared.text.prefix(200))")
                        }
                        let acted = try await client.post("\(base)/\(id)/\(verb)", body)
                        #expect(Self.matches(acted, Self.expected(actor, "action")),
                                "\(actor) \(verb) \(kind.path) → \(acted.status.code) \(acted.text.prefix(150))")
                    }
                    let deleted = try await client.delete("\(base)/\(try await fresh())")
                    #expect(Self.matches(deleted, Self.expected(actor, "delete")), "\(actor) DELETE \(kind.path) → \(deleted.status.code)")
                    let given = try await client.post("\(base)/\(try await fresh())/reassign", #"{"ownerId":"\#(mate.id)"}"#)
                    #expect(given.status.code == Self.expected(actor, "reassign"), "\(actor) reassign \(kind.path) → \(given.status.code)")
                    checked += 1
                }
            }
            #expect(checked == kinds.count * Actor.allCases.count)
        }
    }

    static func matches(_ reply: Reply, _ expected: Int) -> Bool {
        expected == 2 ? (200..<300).contains(reply.status.code) : reply.status.code == expected
    }

    @Test("the catalog, settings, users and tokens: everyone reads, only admins change")
    func administration() async throws {
        try await withAPI { api, world in
            let s = world.services
            let seller = try await s.createUser(name: "Seller", email: "seller@example.com", role: .salesperson, by: world.admin)
            let boss = try await s.createUser(name: "Boss", email: "boss@example.com", role: .manager, by: world.admin)
            for user in [seller, boss] {
                let token = try await s.createToken(for: user.id, name: "t", by: Caller(user.id))
                let client = APIClient(client: api.client, token: token.secret)
                #expect(try await client.get("/api/v1/products/\(world.catalog.laptop.id)").status == .ok)
                #expect(try await client.get("/api/v1/price-lists").status == .ok)
                #expect(try await client.get("/api/v1/settings").status == .ok)
                let product = try await client.post("/api/v1/products", #"{"number":"X","name":"X","unitId":"\#(world.catalog.each.id)"}"#)
                #expect(product.status == .forbidden && product.code == "forbidden")
                #expect(try await client.patch("/api/v1/products/\(world.catalog.laptop.id)", #"{"name":"Y"}"#).status == .forbidden)
                #expect(try await client.patch("/api/v1/settings", #"{"organisationName":"Mine"}"#).status == .forbidden)
                #expect(try await client.post("/api/v1/currencies", #"{"code":"CHF","name":"Franc","precision":2,"exchangeRate":"0.95"}"#)
                    .status == .forbidden)
                #expect(try await client.post("/api/v1/users", #"{"name":"N","email":"n@example.com","role":"admin"}"#).status == .forbidden)
                #expect(try await client.post("/api/v1/teams", #"{"name":"Mine"}"#).status == .forbidden)
                #expect(try await client.post("/api/v1/users/\(world.admin.userId)/tokens", #"{"name":"steal"}"#).status == .forbidden)
                #expect(try await client.post("/api/v1/users/\(user.id)/tokens", #"{"name":"mine"}"#).status == .created)
                #expect(try await client.post("/api/v1/competitors", #"{"name":"Rival of \#(user.name)"}"#).status == .created)
            }
            #expect(try await api.get("/api/v1/settings").status == .ok)
        }
    }

    @Test("duplicate warnings name only records the caller may see")
    func duplicatesDoNotLeak() async throws {
        try await withAPI { api, world in
            let s = world.services
            let north = try await s.createUser(name: "North", email: "north@example.com", role: .salesperson, by: world.admin)
            let south = try await s.createUser(name: "South", email: "south@example.com", role: .salesperson, by: world.admin)
            _ = try await s.createTeam(TeamFields(name: "N", memberIds: [north.id]), by: world.admin)
            _ = try await s.createTeam(TeamFields(name: "S", memberIds: [south.id]), by: world.admin)
            let northAPI = APIClient(client: api.client, token: try await s.createToken(for: north.id, name: "t", by: Caller(north.id)).secret)
            let southAPI = APIClient(client: api.client, token: try await s.createToken(for: south.id, name: "t", by: Caller(south.id)).secret)
            _ = try await northAPI.post("/api/v1/leads", #"{"topic":"secret deal","lastName":"Hidden","email":"buyer@acme.example"}"#)
            _ = try await northAPI.post("/api/v1/accounts", #"{"name":"Acme"}"#)
            let theirs = try await southAPI.post("/api/v1/leads", #"{"topic":"t","lastName":"Buyer","companyName":"ACME","email":"buyer@acme.example"}"#)
            #expect(theirs.status == .created && theirs["possibleDuplicates"]?.arrayValue?.isEmpty == true)
            let qualified = try await southAPI.post("/api/v1/leads/\(theirs.string("id") ?? "")/qualify",
                                                    #"{"createAccount":true,"createContact":true,"createOpportunity":true}"#)
            #expect(qualified.status == .ok)
            let mine = try await northAPI.post("/api/v1/leads", #"{"topic":"again","lastName":"L","email":"buyer@acme.example"}"#)
            #expect(mine["possibleDuplicates"]?.arrayValue?.count == 1)
            #expect(try await api.post("/api/v1/leads", #"{"topic":"admin","lastName":"L","email":"buyer@acme.example"}"#)["possibleDuplicates"]?
                .arrayValue?.count == 2)
        }
    }

    @Test("a manager reassigns within their teams only; a salesperson cannot reassign")
    func reassignment() async throws {
        try await withAPI { api, world in
            let s = world.services
            let seller = try await s.createUser(name: "Seller", email: "seller@example.com", role: .salesperson, by: world.admin)
            let mate = try await s.createUser(name: "Mate", email: "mate@example.com", role: .salesperson, by: world.admin)
            let boss = try await s.createUser(name: "Boss", email: "boss@example.com", role: .manager, by: world.admin)
            let stranger = try await s.createUser(name: "Stranger", email: "stranger@example.com", role: .salesperson, by: world.admin)
            _ = try await s.createTeam(TeamFields(name: "North", memberIds: [seller.id, mate.id, boss.id]), by: world.admin)
            let bossToken = try await s.createToken(for: boss.id, name: "t", by: Caller(boss.id))
            let manager = APIClient(client: api.client, token: bossToken.secret)
            let sellerToken = try await s.createToken(for: seller.id, name: "t", by: Caller(seller.id))
            let salesperson = APIClient(client: api.client, token: sellerToken.secret)
            let lead = try await salesperson.post("/api/v1/leads", #"{"topic":"t","lastName":"l"}"#).string("id") ?? ""
            let outside = try await manager.post("/api/v1/leads/\(lead)/reassign", #"{"ownerId":"\#(stranger.id)"}"#)
            #expect(outside.status == .unprocessableContent)
            let moved = try await manager.post("/api/v1/leads/\(lead)/reassign", #"{"ownerId":"\#(mate.id)"}"#)
            #expect(moved.status == .ok && moved.string("ownerId") == mate.id.description)
            // The former owner still sees it (same team) but may no longer change it.
            #expect(try await salesperson.get("/api/v1/leads/\(lead)").status == .ok)
            #expect(try await salesperson.patch("/api/v1/leads/\(lead)", #"{"topic":"mine"}"#).status == .forbidden)
            let history = try await api.get("/api/v1/leads/\(lead)/history")
            #expect(history["items"]?.arrayValue?.contains { $0["action"]?.stringValue == "reassign" } == true)
            #expect(try await api.post("/api/v1/leads/\(lead)/reassign", #"{"ownerId":"\#(stranger.id)"}"#).status == .ok)
            #expect(try await salesperson.get("/api/v1/leads/\(lead)").status == .notFound)

            // Records of a deactivated user stay readable to their managers and to admins.
            let kept = try await salesperson.post("/api/v1/leads", #"{"topic":"kept","lastName":"l"}"#).string("id") ?? ""
            #expect(try await api.patch("/api/v1/users/\(seller.id)", #"{"active":false}"#).status == .ok)
            #expect(try await salesperson.get("/api/v1/leads/\(kept)").status == .unauthorized)
            #expect(try await manager.get("/api/v1/leads/\(kept)").status == .ok)
            #expect(try await api.get("/api/v1/leads/\(kept)").status == .ok)
            #expect(try await manager.post("/api/v1/leads/\(kept)/reassign", #"{"ownerId":"\#(mate.id)"}"#).status == .ok)
        }
    }
}
