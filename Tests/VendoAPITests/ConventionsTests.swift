import Foundation
import Hummingbird
import Testing
@testable import VendoAPI
import VendoCore
import VendoServices
import VendoTestSupport

@Suite("API conventions")
struct ConventionsTests {
    @Test("authentication: none, wrong, revoked and expired tokens are 401")
    func authentication() async throws {
        try await withAPI { api, world in
            #expect(try await api.send(.get, "/api/v1/leads", authorized: false).status == .unauthorized)
            let wrong = APIClient(client: api.client, token: "vendo_nope")
            let reply = try await wrong.get("/api/v1/leads")
            #expect(reply.status == .unauthorized && reply.code == "unauthorized")
            #expect(reply.headers[.contentType] == "application/problem+json")
            let extra = try await world.services.createToken(for: world.admin.userId, name: "short", expiresAt: world.clock.now().addingTimeInterval(60),
                                                             by: world.admin)
            let short = APIClient(client: api.client, token: extra.secret)
            #expect(try await short.get("/api/v1/leads").status == .ok)
            world.clock.advance(seconds: 61)
            #expect(try await short.get("/api/v1/leads").status == .unauthorized)
            let revoke = try await api.delete("/api/v1/users/\(world.admin.userId)/tokens/\(extra.token.id.uuidString.lowercased())")
            #expect(revoke.status == .noContent)
            let issued = try await api.post("/api/v1/users/\(world.admin.userId)/tokens", #"{"name":"cli"}"#)
            #expect(issued.status == .created)
            let fresh = APIClient(client: api.client, token: issued.string("token") ?? "")
            #expect(try await fresh.get("/api/v1/leads").status == .ok)
            let id = issued.string("id") ?? ""
            #expect(try await api.delete("/api/v1/users/\(world.admin.userId)/tokens/\(id)").status == .noContent)
            #expect(try await fresh.get("/api/v1/leads").status == .unauthorized)
            #expect(try await api.send(.get, "/health", authorized: false).status == .ok)
            let live = try await api.send(.get, "/health/live", authorized: false)
            #expect(live.status == .ok && live.string("status") == "ok")
            #expect(try await api.send(.get, "/openapi.json", authorized: false).status == .ok)
            // Pages count too, by their pattern; so do 405s; unknown paths count as one.
            _ = try await api.send(.get, "/sign-in", authorized: false)
            _ = try await api.send(.put, "/api/v1/leads/\(UUID().uuidString)", "{}")
            _ = try await api.get("/api/v1/nothing-here/\(UUID().uuidString)")
            let metrics = try await api.send(.get, "/metrics", authorized: false)
            #expect(metrics.status == .ok && metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(metrics.text.contains(#"vendo_http_requests_total{method="GET",route="/api/v1/leads",status="200"}"#))
            #expect(metrics.text.contains(#"vendo_http_requests_total{method="GET",route="/api/v1/leads",status="401"}"#))
            #expect(metrics.text.contains("vendo_http_request_duration_seconds_bucket"))
            #expect(metrics.text.contains(#"vendo_http_requests_total{method="GET",route="/sign-in",status="200"}"#))
            #expect(metrics.text.contains(#"vendo_http_requests_total{method="PUT",route="/api/v1/leads/{id}",status="405"}"#))
            #expect(metrics.text.contains(#"vendo_http_requests_total{method="GET",route="unmatched",status="404"}"#))
            let role = world.services.store.dialect == .postgres ? #"vendo_database_connections{role="pool"} 3"# : #"vendo_database_connections{role="writer"} 1"#
            #expect(metrics.text.contains("vendo_database_up 1") && metrics.text.contains(role))
            #expect(metrics.text.contains("process_resident_memory_bytes"))
        }
    }

    @Test("unknown paths are 404, wrong methods 405 with Allow")
    func routing() async throws {
        try await withAPI { api, _ in
            let missing = try await api.get("/api/v1/nothing-here")
            #expect(missing.status == .notFound && missing.code == "not_found")
            let wrong = try await api.send(.put, "/api/v1/leads", "{}")
            #expect(wrong.status == .methodNotAllowed)
            #expect(wrong.headers[.allow] == "GET, POST")
            let item = try await api.send(.put, "/api/v1/leads/\(UUID().uuidString)", "{}")
            #expect(item.headers[.allow] == "GET, PATCH, DELETE")
            #expect(try await api.get("/api/v1/leads/not-a-uuid").status == .notFound)
            #expect(try await api.get("/api/v1/leads/\(UUID().uuidString)").status == .notFound)
            // Any method a path does not take is 405, even one HTTP does not name.
            for name in ["TRACE", "OPTIONS", "QUERY", "PROPFIND"] {
                let other = try await api.send(try #require(HTTPRequest.Method(name)), "/api/v1/leads")
                #expect(other.status == .methodNotAllowed && other.headers[.allow] == "GET, POST" && other.code == "method_not_allowed")
            }
            #expect(try await api.send(try #require(HTTPRequest.Method("QUERY")), "/api/v1/nowhere").status == .notFound)
            // A page's path answers for its own methods, HEAD from GET.
            let page = try await api.send(.delete, "/sign-in")
            #expect(page.status == .methodNotAllowed && page.headers[.allow] == "GET, POST")
            #expect(try await api.send(.get, "/sign-out").headers[.allow] == "POST")
            #expect(try await api.send(.head, "/sign-in").status == .ok)
            // Path parameters are percent-decoded.
            let lead = try await api.post("/api/v1/leads", #"{"topic":"Routing","lastName":"Path"}"#)
            let id = try #require(lead.string("id"))
            let encoded = "%" + String(Character(String(id.prefix(1))).asciiValue ?? 0, radix: 16) + id.dropFirst()
            #expect(try await api.get("/api/v1/leads/\(encoded)").string("id") == id)
            // A path of no page outside the API is the API's 404, in problem+json.
            let nowhere = try await api.get("/nowhere/at/all")
            #expect(nowhere.status == .notFound && nowhere.headers[.contentType] == "application/problem+json")
        }
    }

    @Test("bodies: wrong type 415, too large 413, not JSON 400, unknown field and JSON number 422")
    func bodies() async throws {
        try await withAPI { api, _ in
            let text = try await api.send(.post, "/api/v1/leads", "topic=x", headers: [.contentType: "text/plain"])
            #expect(text.status == .unsupportedMediaType)
            let huge = "{\"topic\":\"" + String(repeating: "x", count: 1 << 21) + "\"}"
            #expect(try await api.post("/api/v1/leads", huge).status == .contentTooLarge)
            let broken = try await api.post("/api/v1/leads", #"{"topic": "#)
            #expect(broken.status == .badRequest && broken.code == "malformed_request")
            // White space alone is no JSON either (schemathesis found a PATCH of "\n" accepted as {}).
            let blank = try await api.patch("/api/v1/settings", "\n")
            #expect(blank.status == .badRequest && blank.code == "malformed_request")
            let array = try await api.post("/api/v1/leads", "[1,2]")
            #expect(array.status == .unprocessableContent)
            let bad = try await api.post("/api/v1/leads", #"{"topic":"t","lastName":"l","budgetAmount":12.5,"colour":"red","rating":"tepid"}"#)
            #expect(bad.status == .unprocessableContent && bad.code == "validation_failed")
            let fields = bad["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? []
            #expect(Set(fields) == ["budgetAmount", "colour", "rating"])
            let missing = try await api.post("/api/v1/leads", #"{"firstName":"Ann"}"#)
            let required = missing["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? []
            #expect(missing.status == .unprocessableContent && required.contains("topic"))
            #expect(try await api.post("/api/v1/leads", #"{"topic":null,"lastName":"l"}"#).status == .unprocessableContent)
        }
    }

    @Test("ETag and If-Match: a stale version is 412 and changes nothing")
    func versions() async throws {
        try await withAPI { api, world in
            let created = try await api.post("/api/v1/leads", #"{"topic":"v1","lastName":"Martin"}"#)
            #expect(created.status == .created && created.headers[.eTag] == "\"1\"")
            let id = created.string("id") ?? ""
            #expect(created.headers[.location] == "/api/v1/leads/\(id)")
            let changed = try await api.patch("/api/v1/leads/\(id)", #"{"topic":"v2"}"#, headers: [.ifMatch: "\"1\""])
            #expect(changed.status == .ok && changed.headers[.eTag] == "\"2\"" && changed.string("topic") == "v2")
            let stale = try await api.patch("/api/v1/leads/\(id)", #"{"topic":"late"}"#, headers: [.ifMatch: "\"1\""])
            #expect(stale.status == .preconditionFailed && stale.code == "stale_version")
            #expect(try await api.get("/api/v1/leads/\(id)").string("topic") == "v2")
            let staleAction = try await api.post("/api/v1/leads/\(id)/disqualify", #"{"status":"lost"}"#, headers: [.ifMatch: "\"1\""])
            #expect(staleAction.status == .preconditionFailed)
            #expect(try await api.patch("/api/v1/leads/\(id)", #"{"topic":"x"}"#, headers: [.ifMatch: "three"]).status == .badRequest)
            _ = try await api.post("/api/v1/currencies", #"{"code":"CHF","name":"Franc","symbol":"Fr","precision":2,"exchangeRate":"0.95"}"#)
            #expect(try await api.delete("/api/v1/currencies/CHF", headers: [.ifMatch: ""]).status == .badRequest)
            #expect(try await api.delete("/api/v1/currencies/CHF", headers: [.ifMatch: "\"7\""]).status == .preconditionFailed)
            #expect(try await api.delete("/api/v1/currencies/CHF", headers: [.ifMatch: "\"1\""]).status == .noContent)
            // Every route the document gives an If-Match refuses a malformed one, even where it
            // has no version to compare (schemathesis found a token made under If-Match: A).
            let admin = try #require(try await world.services.list(User.self, ListQuery(limit: 5), by: world.admin).items.first)
            let token = try await api.post("/api/v1/users/\(admin.id)/tokens", #"{"name":"ci"}"#, headers: [.ifMatch: "A"])
            #expect(token.status == .badRequest && token.code == "malformed_request")
            #expect(try await world.services.tokens(of: admin.id, by: world.admin).allSatisfy { $0.name != "ci" })
        }
    }

    @Test("a PATCH is one transaction: when any part is refused, nothing of it is saved")
    func atomicPatch() async throws {
        try await withAPI { api, world in
            let lead = try await api.post("/api/v1/leads", #"{"topic":"before","lastName":"L"}"#)
            let id = lead.string("id") ?? ""
            let refused = try await api.patch("/api/v1/leads/\(id)", #"{"topic":"after","status":"qualified"}"#)
            #expect(refused.status == .unprocessableContent)
            let kept = try await api.get("/api/v1/leads/\(id)")
            #expect(kept.string("topic") == "before" && kept.headers[.eTag] == "\"1\"")
            let opportunity = try await world.opportunity()
            let bad = try await api.patch("/api/v1/opportunities/\(opportunity.id)", #"{"name":"renamed","discountPercent":"150","status":"onHold"}"#)
            #expect(bad.status == .unprocessableContent)
            let same = try await api.get("/api/v1/opportunities/\(opportunity.id)")
            #expect(same.string("name") == opportunity.fields.name && same.string("status") == "inProgress")
            let noChange = try await api.patch("/api/v1/opportunities/\(opportunity.id)", #"{"name":"\#(opportunity.fields.name)"}"#)
            #expect(noChange.status == .ok && noChange.headers[.eTag] == same.headers[.eTag])
            let weak = try await api.post("/api/v1/users", #"{"name":"Weak","email":"weak@example.com","role":"salesperson","password":"short"}"#)
            #expect(weak.status == .unprocessableContent)
            let users = try await api.get("/api/v1/users")
            #expect(users["items"]?.arrayValue?.contains { $0["email"]?.stringValue == "weak@example.com" } == false)
            let both = try await api.patch("/api/v1/opportunities/\(opportunity.id)", #"{"name":"renamed","discountPercent":"10","status":"onHold"}"#)
            #expect(both.string("name") == "renamed" && both.string("discountPercent") == "10" && both.string("status") == "onHold")
            #expect(both.headers[.eTag] == "\"\(opportunity.info.version + 1)\"")
        }
    }

    @Test("a repeated Idempotency-Key returns the first response and does nothing twice")
    func idempotency() async throws {
        try await withAPI { api, world in
            let first = try await api.post("/api/v1/leads", #"{"topic":"once","lastName":"L"}"#, headers: [.init("Idempotency-Key")!: "abc"])
            let second = try await api.post("/api/v1/leads", #"{"topic":"once","lastName":"L"}"#, headers: [.init("Idempotency-Key")!: "abc"])
            #expect(first.status == .created && second.status == .created)
            #expect(first.json == second.json)
            #expect(second.headers[.location] == first.headers[.location])
            let all = try await api.get("/api/v1/leads?q=once")
            #expect(all["items"]?.arrayValue?.count == 1)
            let elsewhere = try await api.post("/api/v1/accounts", #"{"name":"Acme"}"#, headers: [.init("Idempotency-Key")!: "abc"])
            #expect(elsewhere.status == .conflict && elsewhere.code == "idempotency_key_reused")
            // A failed request frees its key.
            let failed = try await api.post("/api/v1/accounts", #"{"name":""}"#, headers: [.init("Idempotency-Key")!: "k2"])
            #expect(failed.status == .unprocessableContent)
            #expect(try await api.post("/api/v1/accounts", #"{"name":"Acme"}"#, headers: [.init("Idempotency-Key")!: "k2"]).status == .created)
            _ = world
        }
    }

    @Test("pages neither repeat nor skip while leads are created between them; bad parameters are 422")
    func pagination() async throws {
        try await withAPI { api, world in
            for index in 0..<12 {
                world.clock.advance(seconds: 1)
                _ = try await api.post("/api/v1/leads", #"{"topic":"lead \#(index)","lastName":"L"}"#)
            }
            var seen: [String] = []
            var path = "/api/v1/leads?limit=5&sort=-createdAt"
            while true {
                let page = try await api.get(path)
                #expect(page.status == .ok)
                seen += page["items"]?.arrayValue?.compactMap { $0["topic"]?.stringValue } ?? []
                world.clock.advance(seconds: 1)
                _ = try await api.post("/api/v1/leads", #"{"topic":"newer","lastName":"L"}"#)
                guard let cursor = page.string("nextCursor") else { break }
                path = "/api/v1/leads?limit=5&sort=-createdAt&cursor=\(cursor)"
            }
            #expect(seen == (0..<12).reversed().map { "lead \($0)" })
            #expect(try await api.get("/api/v1/leads?limit=0").status == .unprocessableContent)
            #expect(try await api.get("/api/v1/leads?limit=201").status == .unprocessableContent)
            #expect(try await api.get("/api/v1/leads?sort=name").status == .unprocessableContent)
            #expect(try await api.get("/api/v1/leads?colour=red").status == .unprocessableContent)
            #expect(try await api.get("/api/v1/leads?cursor=garbage").status == .unprocessableContent)
            let filtered = try await api.get("/api/v1/leads?state=open&q=lead%201")
            #expect(Set(filtered["items"]?.arrayValue?.compactMap { $0["topic"]?.stringValue } ?? []) == ["lead 1", "lead 10", "lead 11"])
        }
    }
}
