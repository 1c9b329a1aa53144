import Foundation
import Hummingbird
import Testing
@testable import VendoAPI
import VendoCore
import VendoServer
import VendoServices
import VendoTestSupport

@Suite("API: processes, stages, activities, timelines")
struct ProcessAPITests {
    func fields(_ reply: Reply) -> [String] { reply["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? [] }

    @Test("stage moves are gated by required steps (409 naming them), back moves are free, the path is kept")
    func gating() async throws {
        try await withAPI { api, world in
            let processes = try await api.get("/api/v1/processes")
            let process = try #require(processes["items"]?.arrayValue?.first)
            let processId = process["id"]?.stringValue ?? ""
            // Make "customer need" and "proposal developed" required.
            let definition = try #require(try await world.services.processes().first)
            var edited = definition.stages
            edited[1].steps[0].required = true
            edited[2].steps[1].required = true
            let body = ProcessesResource.render(try SalesProcess(id: definition.id, info: definition.info, name: definition.name,
                                                                 isDefault: true, stages: edited))
            var pairs: [(String, JSON)] = []
            if case .object(let all) = body { pairs = all.filter { ["name", "isDefault", "stages"].contains($0.0) } }
            let put = try await api.send(.put, "/api/v1/processes/\(processId)", JSON.object(pairs).text)
            #expect(put.status == .ok, "\(put.text.prefix(300))")

            let unknown = try await api.post("/api/v1/leads", #"{"topic":"Desks","lastName":"Ng","checklist":{"nope":true}}"#)
            #expect(unknown.status == .unprocessableContent && fields(unknown) == ["checklist.nope"])
            let lead = try await api.post("/api/v1/leads",
                                          #"{"topic":"Desks","lastName":"Ng","companyName":"Ng Ltd","checklist":{"existingAccount":true}}"#)
            #expect(lead.string("stage") == "qualify" && lead.string("processId") == processId)
            #expect(lead["checklist"] == .object([("existingAccount", .bool(true))]))
            let qualified = try await api.post("/api/v1/leads/\(lead.string("id") ?? "")/qualify",
                                               #"{"createAccount":true,"createContact":true,"createOpportunity":true}"#)
            let opportunity = try #require(qualified["opportunity"])
            let id = opportunity["id"]?.stringValue ?? ""
            #expect(opportunity["stage"]?.stringValue == "develop" && opportunity["probability"] == .int(20))

            let blocked = try await api.post("/api/v1/opportunities/\(id)/stage", #"{"stage":"close"}"#)
            #expect(blocked.status == .conflict && blocked.code == "required_steps_missing")
            #expect(blocked["related"] == .array([.string("customerNeed"), .string("proposalDeveloped")]))
            #expect(try await api.get("/api/v1/opportunities/\(id)").headers[.eTag] == "\"1\"")

            let wrongPatch = try await api.patch("/api/v1/opportunities/\(id)", #"{"stage":"close"}"#)
            #expect(wrongPatch.status == .unprocessableContent && fields(wrongPatch) == ["stage"])
            let unknownStep = try await api.patch("/api/v1/opportunities/\(id)", #"{"checklist":{"nope":true,"proposalDeveloped":"yes"}}"#)
            #expect(unknownStep.status == .unprocessableContent && fields(unknownStep) == ["checklist"])
            let unknownKey = try await api.patch("/api/v1/opportunities/\(id)", #"{"checklist":{"nope":true}}"#)
            #expect(unknownKey.status == .unprocessableContent && fields(unknownKey) == ["checklist.nope"])
            let filled = try await api.patch("/api/v1/opportunities/\(id)",
                                             #"{"customerNeed":"Forty desks","checklist":{"proposalDeveloped":true},"stage":"develop"}"#)
            // The lead's ticks came along with qualification.
            #expect(filled.status == .ok && filled["checklist"] == .object([("existingAccount", .bool(true)), ("proposalDeveloped", .bool(true))]))
            let closing = try await api.post("/api/v1/opportunities/\(id)/stage", #"{"stage":"close"}"#, headers: [.ifMatch: "\"2\""])
            #expect(closing.status == .ok && closing.string("stage") == "close" && closing["probability"] == .int(80))
            let back = try await api.post("/api/v1/opportunities/\(id)/stage", #"{"stage":"develop"}"#)
            #expect(back.string("stage") == "develop")
            #expect(back["stagePath"] == .array(["qualify", "develop", "close", "develop"].map { .string($0) }))
            let leadStage = try await api.post("/api/v1/opportunities/\(id)/stage", #"{"stage":"qualify"}"#)
            #expect(leadStage.status == .unprocessableContent && fields(leadStage) == ["stage"])
            let missing = try await api.post("/api/v1/opportunities/\(id)/stage", "{}")
            #expect(missing.status == .unprocessableContent && fields(missing) == ["stage"])
            let history = try await api.get("/api/v1/opportunities/\(id)/history")
            let moves = history["items"]?.arrayValue?.filter { $0["field"]?.stringValue == "process.stage" }.count
            #expect(moves == 2)
        }
    }

    @Test("process definitions: every problem with its path, admins only, PUT keeps records on removed stages readable")
    func definitions() async throws {
        try await withAPI { api, world in
            let bad = try await api.post("/api/v1/processes",
                                         #"{"name":"","stages":[{"key":"a","labels":{"en":"A"},"steps":[{"key":"s","field":"nope"}]},{"key":"a","labels":"B","extra":1}]}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(Set(fields(bad)).isSuperset(of: ["stages[0].steps[0].labels", "stages[1].labels", "stages[1].extra"]))
            let notArray = try await api.post("/api/v1/processes", #"{"name":"x","stages":{}}"#)
            #expect(notArray.status == .unprocessableContent && fields(notArray) == ["stages"])
            let semantic = try await api.post("/api/v1/processes",
                                              #"{"name":"x","stages":[{"key":"a","labels":{"en":"A"},"steps":[{"key":"s","labels":{"en":"S"},"field":"nope"}]},{"key":"a","labels":{"xx":"B"}}]}"#)
            #expect(Set(fields(semantic)) == ["stages[0].steps[0].field", "stages[1].key", "stages[1].labels.xx"])

            let user = try await world.services.createUser(name: "Sam", email: "sam@example.com", role: .salesperson, by: nil)
            let sam = APIClient(client: api.client, token: try await world.services.createToken(for: user.id, name: "t", by: Caller(user.id)).secret)
            let stages = #"[{"key":"one","labels":{"en":"One"}},{"key":"two","labels":{"en":"Two"}},{"key":"three","labels":{"en":"Three"}}]"#
            #expect(try await sam.post("/api/v1/processes", #"{"name":"Mine","stages":\#(stages)}"#).status == .forbidden)
            #expect(try await sam.get("/api/v1/processes").status == .ok)

            let created = try await api.post("/api/v1/processes", #"{"name":"Three steps","stages":\#(stages)}"#)
            #expect(created.status == .created && created["isDefault"] == .bool(false))
            let processId = created.string("id") ?? ""
            let account = try await api.post("/api/v1/accounts", #"{"name":"Blue"}"#).string("id") ?? ""
            let opportunity = try await api.post("/api/v1/opportunities",
                                                 #"{"name":"Deal","customerId":"\#(account)","customerType":"account","processId":"\#(processId)"}"#)
            let id = opportunity.string("id") ?? ""
            #expect(opportunity.string("stage") == "two")
            let badProcess = try await api.post("/api/v1/opportunities", #"{"name":"D","customerId":"\#(account)","processId":"\#(UUID())"}"#)
            #expect(badProcess.status == .unprocessableContent && fields(badProcess) == ["processId"])

            let shorter = #"[{"key":"one","labels":{"en":"One"}},{"key":"three","labels":{"en":"Three","fr":"Trois"}}]"#
            let replaced = try await api.send(.put, "/api/v1/processes/\(processId)", #"{"name":"Two steps","stages":\#(shorter)}"#,
                                              headers: [.ifMatch: "\"1\""])
            #expect(replaced.status == .ok && replaced["replacedStages"] == .object([("two", .string("one"))]))
            let stale = try await api.send(.put, "/api/v1/processes/\(processId)", #"{"name":"Again","stages":\#(shorter)}"#,
                                           headers: [.ifMatch: "\"1\""])
            #expect(stale.status == .preconditionFailed)
            let still = try await api.get("/api/v1/opportunities/\(id)")
            #expect(still.string("stage") == "two")
            let moved = try await api.post("/api/v1/opportunities/\(id)/stage", #"{"stage":"three"}"#)
            #expect(moved.string("stage") == "three")
            #expect(try await api.delete("/api/v1/processes/\(processId)").code == "in_use")
        }
    }

    @Test("activities: validation, overdue list, state rules")
    func activities() async throws {
        try await withAPI { api, world in
            let lead = try await api.post("/api/v1/leads", #"{"topic":"Chairs","lastName":"Roy"}"#).string("id") ?? ""
            let badDates = try await api.post("/api/v1/activities",
                #"{"type":"appointment","regardingType":"lead","regardingId":"\#(lead)","subject":"Demo","startAt":"2026-03-20T10:00:00Z","endAt":"2026-03-20T09:00:00Z"}"#)
            #expect(badDates.status == .unprocessableContent && fields(badDates) == ["endAt"])
            let badShape = try await api.post("/api/v1/activities",
                #"{"type":"meeting","regardingType":"deal","regardingId":"x","subject":"","dueAt":"tomorrow","state":"canceled"}"#)
            #expect(Set(fields(badShape)) == ["type", "regardingType", "regardingId", "dueAt"])
            let canceled = try await api.post("/api/v1/activities",
                #"{"type":"task","regardingType":"lead","regardingId":"\#(lead)","subject":"x","state":"canceled"}"#)
            #expect(canceled.status == .unprocessableContent && fields(canceled) == ["state"])

            let late = try await api.post("/api/v1/activities",
                #"{"type":"task","regardingType":"lead","regardingId":"\#(lead)","subject":"Late","dueAt":"2026-03-14T09:00:00.000Z"}"#)
            #expect(late.status == .created && late["overdue"] == .bool(true) && late.string("state") == "open")
            _ = try await api.post("/api/v1/activities",
                #"{"type":"task","regardingType":"lead","regardingId":"\#(lead)","subject":"Later","dueAt":"2026-03-16T09:00:00Z"}"#)
            let overdue = try await api.get("/api/v1/activities?overdue=true&ownerId=\(world.admin.userId)")
            #expect(overdue["items"]?.arrayValue?.compactMap { $0["subject"]?.stringValue } == ["Late"])
            #expect(try await api.get("/api/v1/activities?overdue=maybe").status == .unprocessableContent)
            #expect(try await api.get("/api/v1/activities?overdue=true&state=completed").status == .unprocessableContent)
            #expect(try await api.get("/api/v1/activities?type=meeting").status == .unprocessableContent)
            let regarding = try await api.get("/api/v1/activities?regardingId=\(lead)&type=task")
            #expect(regarding["items"]?.arrayValue?.count == 2)

            let id = late.string("id") ?? ""
            let patchState = try await api.patch("/api/v1/activities/\(id)", #"{"state":"completed","subject":"Late"}"#)
            #expect(patchState.status == .unprocessableContent && fields(patchState) == ["state"])
            let done = try await api.post("/api/v1/activities/\(id)/complete")
            #expect(done.string("state") == "completed" && done["overdue"] == .bool(false) && done["closedAt"] != .null)
            let again = try await api.post("/api/v1/activities/\(id)/complete")
            #expect(again.status == .conflict && again.code == "invalid_transition")
            #expect(try await api.patch("/api/v1/activities/\(id)", #"{"subject":"Changed"}"#).status == .conflict)
            #expect(try await api.patch("/api/v1/activities/\(id)", #"{"type":"note"}"#).status == .unprocessableContent)
        }
    }

    @Test("a timeline through the API: merged, newest first, cursor pages, and its parameters checked")
    func timeline() async throws {
        try await withAPI { api, world in
            let lead = try await world.lead()
            for index in 1...4 {
                world.clock.advance(seconds: 10)
                _ = try await api.post("/api/v1/activities",
                                       #"{"type":"note","regardingType":"lead","regardingId":"\#(lead.id)","subject":"Note \#(index)"}"#)
            }
            world.clock.advance(seconds: 10)
            let qualified = try await api.post("/api/v1/leads/\(lead.id)/qualify", #"{"createAccount":true,"createContact":true,"createOpportunity":true}"#)
            let opportunity = qualified["opportunity"]?["id"]?.stringValue ?? ""
            var kinds: [String] = []
            var subjects: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let page = try await api.get("/api/v1/opportunities/\(opportunity)/timeline?limit=3" + (cursor.map { "&cursor=\($0)" } ?? ""))
                #expect(page.status == .ok)
                for item in page["items"]?.arrayValue ?? [] {
                    kinds.append(item["kind"]?.stringValue ?? "")
                    if let subject = item["activity"]?["subject"]?.stringValue { subjects.append(subject) }
                }
                cursor = page["nextCursor"]?.stringValue
                pages += 1
            } while cursor != nil && pages < 10
            #expect(pages == 2)
            #expect(kinds == ["stateChange", "stateChange", "activity", "activity", "activity", "activity"])
            #expect(subjects == ["Note 4", "Note 3", "Note 2", "Note 1"])
            #expect(try await api.get("/api/v1/opportunities/\(opportunity)/timeline?cursor=zz").status == .unprocessableContent)
            #expect(try await api.get("/api/v1/opportunities/\(opportunity)/timeline?limit=0").status == .unprocessableContent)
            #expect(try await api.get("/api/v1/opportunities/\(opportunity)/timeline?since=1").status == .unprocessableContent)
            #expect(try await api.get("/api/v1/opportunities/\(UUID())/timeline").status == .notFound)
            #expect(try await api.get("/api/v1/opportunities/not-an-id/timeline").status == .notFound)
        }
    }
}

@Suite("API: reports")
struct ReportAPITests {
    @Test("reports as JSON in base currency, restricted to what a salesperson may see, parameters checked")
    func reports() async throws {
        let fixture = try await ReportFixture.make()
        let world = fixture.world
        let token = try await world.services.createToken(for: world.admin.userId, name: "tests", by: world.admin)
        let app = try await buildApplication(ServerConfiguration(host: "127.0.0.1", port: 0, dataDirectory: "unused", logLevel: .error),
                                             services: world.services)
        let samToken = try await world.services.createToken(for: fixture.sam.userId, name: "t", by: fixture.sam)
        try await app.application.test(.router) { client in
            let admin = APIClient(client: client, token: token.secret)
            let sam = APIClient(client: client, token: samToken.secret)
            let pipeline = try await admin.get("/api/v1/reports/pipeline")
            #expect(pipeline.string("currency") == "EUR")
            let stages = pipeline["stages"]?.arrayValue ?? []
            #expect(stages.map { "\($0["stage"]?.stringValue ?? "") \($0["count"]?.text ?? "") \($0["total"]?.stringValue ?? "") \($0["weighted"]?.stringValue ?? "")" }
                    == ["develop 2 20000.00 5500.00", "propose 1 4000.00 2000.00", "close 0 0.00 0.00"])
            #expect(pipeline.string("weighted") == "7500.00" && stages.first?["labels"]?["fr"]?.stringValue == "Développer")
            let samsPipeline = try await sam.get("/api/v1/reports/pipeline")
            #expect(samsPipeline.string("total") == "14000.00")
            let team = try await admin.get("/api/v1/reports/pipeline?teamId=\(fixture.olgaTeam)")
            #expect(team.string("total") == "10000.00" && team.string("weighted") == "3500.00")

            let forecast = try await admin.get("/api/v1/reports/forecast?from=2026-04-01&to=2026-05-31")
            #expect(forecast["categories"]?.arrayValue?.map { "\($0["category"]?.stringValue ?? "") \($0["total"]?.stringValue ?? "")" }
                    == ["pipeline 10000.00", "bestCase 4000.00", "committed 10000.00", "won 5200.00"])
            let winRate = try await admin.get("/api/v1/reports/win-rate?from=2026-04-01&to=2026-05-31")
            #expect(winRate.string("winRate") == "66.67" && winRate.string("averageDealSize") == "2600.00")
            #expect(winRate.string("averageSalesCycleDays") == "40.0")
            let samsRate = try await sam.get("/api/v1/reports/win-rate?from=2026-04-01&to=2026-05-31")
            #expect(samsRate["won"] == .int(0) && samsRate["lost"] == .int(1) && samsRate["averageDealSize"] == .null)
            let revenue = try await admin.get("/api/v1/reports/revenue?from=2026-03-01&to=2026-05-31")
            #expect(revenue["months"]?.arrayValue?.map { $0["total"]?.stringValue ?? "" } == ["0.00", "3200.00", "2000.00"])
            let sources = try await admin.get("/api/v1/reports/lead-sources")
            let web = sources["sources"]?.arrayValue?.first
            #expect(web?["source"]?.stringValue == "web" && web?["conversionRate"]?.stringValue == "33.33" && web?["wonRevenue"]?.stringValue == "3200.00")

            for bad in ["pipeline?from=2026-13-01", "pipeline?ownerId=me", "forecast?period=q2", "revenue?from=2026-05-01&to=2026-04-01",
                        "pipeline?processId=x", "win-rate?teamId=\(UUID())"] {
                let reply = try await admin.get("/api/v1/reports/\(bad)")
                #expect(reply.status == .unprocessableContent, "\(bad) → \(reply.status)")
            }
            #expect(try await client.execute(uri: "/api/v1/reports/pipeline", method: .get) { $0.status } == .unauthorized)
        }
    }
}
