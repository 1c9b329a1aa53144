import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Testing

/// What the clients were told before the server died.
final class Acknowledged: Sendable {
    let leads = Mutex<[String]>([])
    let qualified = Mutex<[String]>([])
    let issued = Mutex<[String]>([])
}

@Suite("vendo serve: killed with SIGKILL while writing", .serialized)
struct DurabilityTests {
    @Test("every answered write survives a SIGKILL, nothing half-written remains, and the server starts again",
          .timeLimit(.minutes(3)))
    func killedWhileWriting() async throws {
        let database = TestDatabase()
        defer { database.remove() }
        let server = try database.server()
        try await server.waitUntilListening()
        let token = try #require(server.token)
        let api = HTTPClient(base: "http://127.0.0.1:\(server.port)/api/v1", token: token)
        try await api.setSellerIdentity()
        let account = try await api.post("/accounts", HTTPClient.invoiceableAccount("Blue SA")).string("id") ?? ""
        let done = Acknowledged()

        // Eight clients write as fast as they can: leads, qualifications (account, contact and
        // opportunity in one transaction) and issued invoices (a number taken in the same one).
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var round = 0
                    while true {
                        round += 1
                        let topic = "w\(worker) r\(round)"
                        guard let lead = try? await api.post("/leads", #"{"topic":"\#(topic)","lastName":"L","companyName":"C \#(topic)"}"#) else { return }
                        guard lead.status == 201, let id = lead.string("id") else { continue }
                        done.leads.withLock { $0.append(id) }
                        if round % 2 == 0 {
                            let body = #"{"createAccount":true,"createContact":true,"createOpportunity":true,"allowDuplicates":true}"#
                            guard let qualified = try? await api.post("/leads/\(id)/qualify", body) else { return }
                            if qualified.status == 200 { done.qualified.withLock { $0.append(id) } }
                        } else {
                            guard let invoice = try? await api.post("/invoices", #"{"name":"\#(topic)","customerId":"\#(account)","customerType":"account"}"#),
                                  let invoiceId = invoice.string("id") else { return }
                            _ = try? await api.post("/invoices/\(invoiceId)/lines", #"{"writeInName":"Fee","quantity":"1","pricePerUnit":"10"}"#)
                            guard let issued = try? await api.post("/invoices/\(invoiceId)/issue") else { return }
                            if issued.status == 200 { done.issued.withLock { $0.append(invoiceId) } }
                        }
                    }
                }
            }
            // The kill comes at a random moment once enough writes were answered to prove
            // something, however slow the machine is today.
            group.addTask {
                let deadline = ContinuousClock.now + .seconds(60)
                while done.leads.withLock({ $0.count }) < 30, ContinuousClock.now < deadline {
                    try? await Task.sleep(for: .milliseconds(20))
                }
                try? await Task.sleep(for: .milliseconds(Int.random(in: 0...600)))
                kill(server.process.processIdentifier, SIGKILL)
            }
        }
        server.process.waitUntilExit()
        #expect(server.process.terminationReason == .uncaughtSignal)
        let leads = done.leads.withLock { $0 }, qualified = done.qualified.withLock { $0 }, issued = done.issued.withLock { $0 }
        #expect(leads.count >= 30, "too few writes before the kill to prove anything (\(leads.count))")

        let again = try database.server()
        try await again.waitUntilListening()
        defer { _ = again.stop() }
        let reopened = HTTPClient(base: "http://127.0.0.1:\(again.port)/api/v1", token: token)
        for id in leads {
            #expect(try await reopened.get("/leads/\(id)").status == 200, "lead \(id) was answered 201 but is gone")
        }
        for id in qualified {
            #expect(try await reopened.get("/leads/\(id)").string("state") == "qualified", "lead \(id) was answered qualified")
        }
        for id in issued {
            #expect(try await reopened.get("/invoices/\(id)").string("number") != nil, "invoice \(id) was answered issued")
        }
        // Nothing half-done: every qualified lead has its opportunity; every issued invoice its
        // number, and the numbers run without a gap.
        for lead in try await all(reopened, "/leads?state=qualified") {
            let opportunity = try #require(lead["qualifyingOpportunityId"] as? String)
            #expect(try await reopened.get("/opportunities/\(opportunity)").status == 200)
        }
        let numbers = try await all(reopened, "/invoices?state=active").compactMap { $0["number"] as? String }.sorted()
        let active = try await all(reopened, "/invoices?state=active").count
        #expect(numbers.count == active && numbers.count >= issued.count)
        let sequence = numbers.compactMap { Int($0.split(separator: "-").last ?? "") }
        #expect(sequence == Array(1...max(1, sequence.count)).prefix(sequence.count).map { $0 })
    }

    /// Every item of a list, page by page.
    func all(_ api: HTTPClient, _ path: String) async throws -> [[String: Any]] {
        var items: [[String: Any]] = []
        var cursor: String?
        repeat {
            let page = try await api.get(path + "&limit=200" + (cursor.map { "&cursor=\($0)" } ?? ""))
            items += page.json["items"] as? [[String: Any]] ?? []
            cursor = page.json["nextCursor"] as? String
        } while cursor != nil
        return items
    }
}
