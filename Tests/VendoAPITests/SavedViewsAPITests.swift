import Foundation
import Testing
@testable import VendoAPI
import VendoCore
import VendoServices
import VendoTestSupport

@Suite("API: saved views")
struct SavedViewsAPITests {
    func fields(_ reply: Reply) -> [String] {
        reply["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? []
    }

    @Test("views are saved, read, changed and removed, own or shared with a team; the pages see the same views")
    func lifecycle() async throws {
        try await withAPI { api, world in
            let s = world.services
            let sam = try await s.createUser(name: "Sam", email: "sam@example.com", role: .salesperson, by: world.admin)
            let lee = try await s.createUser(name: "Lee", email: "lee@example.com", role: .salesperson, by: world.admin)
            let north = try await s.createTeam(TeamFields(name: "North", memberIds: [sam.id]), by: world.admin)
            var clients: [APIClient] = []
            for user in [sam, lee] {
                let token = try await s.createToken(for: user.id, name: "t", by: Caller(user.id))
                clients.append(APIClient(client: api.client, token: token.secret))
            }
            let (samAPI, leeAPI) = (clients[0], clients[1])

            // Refusals, by field, and nothing saved.
            let bad = try await samAPI.post("/api/v1/views", #"{"name": "", "path": "/nowhere", "query": {"cursor": "x"}}"#)
            #expect(bad.status == .unprocessableContent && Set(fields(bad)) == ["name", "path", "query"])
            let wrongQuery = try await samAPI.post("/api/v1/views", #"{"name": "Mine", "path": "/leads", "query": {"state": 3}}"#)
            #expect(wrongQuery.status == .unprocessableContent && fields(wrongQuery) == ["query"])
            let blankColumn = try await samAPI.post("/api/v1/views", #"{"name": "Mine", "path": "/leads", "columns": [""]}"#)
            #expect(blankColumn.status == .unprocessableContent && fields(blankColumn) == ["columns"])
            let unknown = try await samAPI.post("/api/v1/views", #"{"name": "Mine", "path": "/leads", "colour": "red"}"#)
            #expect(unknown.status == .unprocessableContent && fields(unknown) == ["colour"])
            // Lee is not in North: no sharing with it.
            let outsider = try await leeAPI.post("/api/v1/views", #"{"name": "North's", "path": "/leads", "teamId": "\#(north.id)"}"#)
            #expect(outsider.status == .forbidden)

            let own = try await samAPI.post("/api/v1/views", #"{"name": "Hot leads", "path": "/leads", "query": {"rating": "hot", "sort": "-createdAt"}}"#)
            #expect(own.status == .created && own.string("teamId") == nil && own["query"]?["rating"]?.stringValue == "hot")
            let ownId = try #require(own.string("id"))
            let shared = try await samAPI.post("/api/v1/views", """
                {"name": "North pipeline", "path": "/pipeline", "query": {"cf.region": "north"}, "teamId": "\(north.id)"}
                """)
            #expect(shared.status == .created && shared.string("teamName") == "North")
            let sharedId = try #require(shared.string("id"))

            // The pages list the same views.
            #expect(try await s.savedViews(for: "/leads", by: try await s.caller(for: sam.id)).map(\.view.name) == ["Hot leads"])
            var listed = try await samAPI.get("/api/v1/views")
            #expect(listed["items"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["Hot leads", "North pipeline"])
            listed = try await samAPI.get("/api/v1/views?path=/pipeline")
            #expect(listed["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [sharedId])
            #expect(try await samAPI.get("/api/v1/views?path=/elsewhere").status == .unprocessableContent)
            #expect(try await samAPI.get("/api/v1/views?sort=name").status == .unprocessableContent)

            // Lee sees neither; an administrator reaches the team's but not Sam's own.
            #expect(try await leeAPI.get("/api/v1/views")["items"]?.arrayValue?.isEmpty == true)
            #expect(try await leeAPI.get("/api/v1/views/\(ownId)").status == .notFound)
            #expect(try await leeAPI.delete("/api/v1/views/\(sharedId)").status == .notFound)
            #expect(try await api.get("/api/v1/views/\(sharedId)").string("name") == "North pipeline")
            #expect(try await api.get("/api/v1/views/\(ownId)").status == .notFound)

            // A change keeps the view where it is; a bad one changes nothing.
            let renamed = try await samAPI.patch("/api/v1/views/\(sharedId)", #"{"name": "North board", "columns": ["region"]}"#)
            #expect(renamed.status == .ok && renamed.string("teamId") == north.id.description && renamed["columns"]?[0]?.stringValue == "region")
            #expect(renamed["query"]?["cf.region"]?.stringValue == "north")
            let refused = try await samAPI.patch("/api/v1/views/\(sharedId)", #"{"name": "x", "path": "/nowhere"}"#)
            #expect(refused.status == .unprocessableContent)
            #expect(try await samAPI.get("/api/v1/views/\(sharedId)").string("name") == "North board")

            #expect(try await samAPI.delete("/api/v1/views/\(ownId)").status == .noContent)
            #expect(try await samAPI.get("/api/v1/views/\(ownId)").status == .notFound)
            #expect(try await samAPI.get("/api/v1/views/not-an-id").status == .notFound)
            #expect(try await s.savedViews(for: nil, by: try await s.caller(for: sam.id)).map(\.view.id.uuidString.localizedLowercase) == [sharedId])
        }
    }
}
