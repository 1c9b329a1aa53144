import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import VendoTestSupport

/// Two real `vendo serve` processes on one PostgreSQL database, hit at the same moment.
@Suite("vendo serve: two servers on one PostgreSQL", .serialized, .enabled(if: TestDatabase.postgresURL != nil))
struct MultiServerTests {
    struct Pair {
        let database = TestDatabase()
        let first: RunningServer
        let second: RunningServer
        let a: HTTPClient
        let b: HTTPClient

        init() async throws {
            first = try database.server()
            try await first.waitUntilListening()
            guard let token = first.token else { throw CocoaError(.fileReadUnknown) }
            second = try database.server()
            try await second.waitUntilListening()
            a = HTTPClient(base: "http://127.0.0.1:\(first.port)/api/v1", token: token)
            b = HTTPClient(base: "http://127.0.0.1:\(second.port)/api/v1", token: token)
        }

        func client(_ index: Int) -> HTTPClient { index % 2 == 0 ? a : b }

        func stop() {
            _ = first.stop()
            _ = second.stop()
            database.remove()
        }
    }

    /// A draft invoice of 100.00 + 20 % tax for `account`.
    static func draftInvoice(_ api: HTTPClient, account: String) async throws -> String {
        let invoice = try await api.post("/invoices", #"{"name":"Support","customerId":"\#(account)","customerType":"account"}"#)
        let id = invoice.string("id") ?? ""
        let line = try await api.post("/invoices/\(id)/lines", #"{"writeInName":"Support","quantity":"1","pricePerUnit":"100","taxRate":"20"}"#)
        #expect(line.status == 201)
        return id
    }

    @Test("two servers started together on an empty database prepare it once", .timeLimit(.minutes(1)))
    func startTogether() async throws {
        let database = TestDatabase()
        defer { database.remove() }
        let first = try database.server(), second = try database.server()
        async let firstUp: Void = first.waitUntilListening()
        async let secondUp: Void = second.waitUntilListening()
        try await firstUp
        try await secondUp
        defer { _ = first.stop(); _ = second.stop() }
        let tokens = [first.token, second.token].compactMap { $0 }
        #expect(tokens.count == 1, "exactly one server creates the administrator")
        let token = try #require(tokens.first)
        for server in [first, second] {
            let api = HTTPClient(base: "http://127.0.0.1:\(server.port)/api/v1", token: token)
            let processes = try await api.get("/processes")
            #expect((processes.json["items"] as? [Any])?.count == 1)
            #expect(try await api.get("/currencies").status == 200)
        }
    }

    @Test("invoices issued at once through both servers get unique, consecutive numbers", .timeLimit(.minutes(2)))
    func numbering() async throws {
        let pair = try await Pair()
        defer { pair.stop() }
        #expect(!pair.second.printed.contains("password"), "the second server must find the administrator the first created")
        try await pair.a.setSellerIdentity()
        let account = try await pair.a.post("/accounts", HTTPClient.invoiceableAccount("Blue SA")).string("id") ?? ""
        var drafts: [String] = []
        for _ in 0..<24 { drafts.append(try await Self.draftInvoice(pair.a, account: account)) }
        let numbers = await withTaskGroup(of: String?.self) { group in
            for (index, id) in drafts.enumerated() {
                group.addTask { try? await pair.client(index).post("/invoices/\(id)/issue").string("number") }
            }
            return await group.reduce(into: [String]()) { if let number = $1 { $0.append(number) } }
        }
        let year = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC") ?? .current, from: Date()).year ?? 0
        #expect(numbers.sorted() == (1...24).map { String(format: "INV-%d-%05d", year, $0) })
    }

    @Test("the same If-Match sent to both servers: one change wins, the others get 412", .timeLimit(.minutes(1)))
    func optimisticConcurrency() async throws {
        let pair = try await Pair()
        defer { pair.stop() }
        let lead = try await pair.a.post("/leads", #"{"topic":"Desks","lastName":"Ng"}"#).string("id") ?? ""
        let statuses = await withTaskGroup(of: Int.self) { group in
            for index in 0..<12 {
                group.addTask {
                    (try? await pair.client(index).send("PATCH", "/leads/\(lead)", #"{"topic":"Desks \#(index)"}"#,
                                                        headers: ["If-Match": "\"1\""]).status) ?? 0
                }
            }
            return await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.filter { $0 == 200 }.count == 1, "\(statuses)")
        #expect(statuses.filter { $0 == 412 }.count == 11, "\(statuses)")
        let saved = try await pair.b.get("/leads/\(lead)")
        #expect(saved.json["version"] as? Int == 2)
    }

    @Test("payments sent at once through both servers are all kept, and their entries numbered without gaps", .timeLimit(.minutes(1)))
    func payments() async throws {
        let pair = try await Pair()
        defer { pair.stop() }
        try await pair.a.setSellerIdentity()
        let account = try await pair.a.post("/accounts", HTTPClient.invoiceableAccount("Blue SA")).string("id") ?? ""
        // Payments go through both servers at once: they wait for each other rather than fail.
        let first = try await Self.draftInvoice(pair.a, account: account)
        #expect(try await pair.a.post("/invoices/\(first)/issue").string("totalAmount") == "120.00")
        let fitting = await withTaskGroup(of: Int.self) { group in
            for index in 0..<8 {
                group.addTask { (try? await pair.client(index).post("/invoices/\(first)/payments", #"{"amount":"15.00"}"#).status) ?? 0 }
            }
            return await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(fitting == Array(repeating: 201, count: 8), "\(fitting)")
        #expect(try await pair.b.get("/invoices/\(first)").string("amountPaid") == "120.00")

        // Paying more than the balance is kept too (SALES-PROCESS.md §12): none is lost.
        let invoice = try await Self.draftInvoice(pair.a, account: account)
        #expect(try await pair.a.post("/invoices/\(invoice)/issue").string("totalAmount") == "120.00")
        let statuses = await withTaskGroup(of: Int.self) { group in
            for index in 0..<10 {
                group.addTask { (try? await pair.client(index).post("/invoices/\(invoice)/payments", #"{"amount":"60.00"}"#).status) ?? 0 }
            }
            return await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 201, count: 10), "\(statuses)")
        let paid = try await pair.b.get("/invoices/\(invoice)")
        #expect(paid.string("amountPaid") == "600.00" && paid.string("balance") == "-480.00" && paid.string("status") == "overpaid")
        // Two issues and eighteen payments, posted through both servers: entries 1 to 20.
        let year = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC") ?? .current, from: Date()).year ?? 0
        let journal = try await pair.b.get("/exports/journal?from=\(year)-01-01&to=\(year)-12-31&format=csv")
        let numbers = Set(journal.text.components(separatedBy: "\r\n").dropFirst().compactMap { $0.split(separator: ",").first.flatMap { Int($0) } })
        #expect(journal.status == 200 && numbers == Set(1...20), "\(journal.status) \(numbers.sorted())")
    }

    @Test("the same Idempotency-Key sent to both servers has one effect", .timeLimit(.minutes(1)))
    func idempotency() async throws {
        let pair = try await Pair()
        defer { pair.stop() }
        let key = UUID().uuidString
        let body = #"{"topic":"Only once","lastName":"Once"}"#
        // (status, id, code) of each answer.
        let replies = await withTaskGroup(of: (Int, String?, String?)?.self) { group in
            for index in 0..<8 {
                group.addTask {
                    guard let reply = try? await pair.client(index).send("POST", "/leads", body, headers: ["Idempotency-Key": key]) else {
                        return nil
                    }
                    return (reply.status, reply.string("id"), reply.string("code"))
                }
            }
            return await group.reduce(into: [(Int, String?, String?)]()) { if let reply = $1 { $0.append(reply) } }
        }
        let created = Set(replies.filter { $0.0 == 201 }.compactMap(\.1))
        #expect(created.count == 1, "\(replies.map(\.0))")
        // The others saw the first one still running, or got its answer.
        #expect(replies.allSatisfy { $0.0 == 201 || ($0.0 == 409 && $0.2 == "request_in_progress") })
        let retried = try await pair.b.send("POST", "/leads", body, headers: ["Idempotency-Key": key])
        #expect(retried.status == 201 && created.contains(retried.string("id") ?? ""))
        let listed = try await pair.a.get("/leads?q=only%20once&limit=200")
        #expect((listed.json["items"] as? [Any])?.count == 1)
    }

    @Test("webhook deliveries of changes made through both servers are each sent once, by one of their workers",
          .timeLimit(.minutes(1)))
    func webhooks() async throws {
        let pair = try await Pair()
        defer { pair.stop() }
        let receiver = try await WebhookReceiver.start()
        defer { Task { await receiver.stop() } }
        // The receiver listens on this machine: an administrator allows it.
        #expect(try await pair.a.send("PATCH", "/settings", #"{"outboundAllowedHosts":["127.0.0.1"]}"#).status == 200)
        let hook = try await pair.a.post("/webhooks", #"{"url":"\#(receiver.url)","events":["lead.created"]}"#)
        #expect(hook.status == 201)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<40 {
                group.addTask { _ = try await pair.client(index).post("/leads", #"{"topic":"Hook \#(index)","lastName":"H"}"#) }
            }
            try await group.waitForAll()
        }
        let deadline = Date().addingTimeInterval(30)
        while receiver.requests.count < 40 && Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
        // Late duplicates would arrive after the last one: give them a moment.
        try await Task.sleep(for: .seconds(2))
        let ids = receiver.requests.compactMap { $0.headers["vendo-delivery"] }
        #expect(ids.count == 40 && Set(ids).count == 40)
    }
}
