import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif
import Testing
import VendoTestSupport

/// A `vendo serve` process on a free loopback port.
final class RunningServer: @unchecked Sendable {
    let process = Process()
    let port: Int
    let output = Pipe()
    private(set) var printed = ""

    /// - Parameter databaseURL: PostgreSQL instead of the SQLite file in `dataDirectory`.
    init(dataDirectory: String, databaseURL: String? = nil) throws {
        port = try Self.freePort()
        let binary = try vendoBinary()
        process.executableURL = binary
        process.arguments = ["serve", "--port", String(port), "--data-dir", dataDirectory, "--log-level", "warning"]
            + (databaseURL.map { ["--database-url", $0] } ?? [])
        process.standardOutput = output
        // Errors too, so that a server that does not start says why in the test's failure.
        process.standardError = output
        try process.run()
    }

    /// Waits for the "listening" line, collecting what the server printed before it. The pipe
    /// is read on a thread of its own: a blocking read must not hold one of the few threads
    /// that every test's async work shares.
    func waitUntilListening() async throws {
        let handle = output.fileHandleForReading
        let text: String = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var printed = ""
                while !printed.contains("Vendo listening") {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    printed += String(decoding: chunk, as: UTF8.self)
                }
                continuation.resume(returning: printed)
            }
        }
        printed = text
        guard printed.contains("Vendo listening") else { throw ServerDidNotStart(output: printed) }
    }

    var token: String? {
        printed.split(separator: "\n").first { $0.contains("API token") }?.split(separator: " ").last.map(String.init)
    }

    func stop() -> Int32 {
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        return process.terminationStatus
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw CocoaError(.fileWriteUnknown) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Where a test's servers keep their data: a fresh data directory, and with
/// `VENDO_TEST_POSTGRES_URL` set, a fresh schema of that PostgreSQL database.
struct TestDatabase {
    let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("vendo-e2e-\(UUID().uuidString)").path
    let url: String? = TestDatabase.postgresURL.map { base in
        let schema = "e2e_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        return base + (base.contains("?") ? "&" : "?") + "schema=\(schema)"
    }

    static var postgresURL: String? {
        guard let url = ProcessInfo.processInfo.environment["VENDO_TEST_POSTGRES_URL"], !url.isEmpty else { return nil }
        return url
    }

    func server() throws -> RunningServer { try RunningServer(dataDirectory: dataDirectory, databaseURL: url) }

    func remove() { try? FileManager.default.removeItem(atPath: dataDirectory) }
}

struct SettingsRefused: Error { let status: Int }

struct ServerDidNotStart: Error, CustomStringConvertible {
    let output: String
    var description: String { "vendo serve did not start: \(output)" }
}

func vendoBinary() throws -> URL {
    let directory = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).deletingLastPathComponent()
    let candidates = [directory, directory.deletingLastPathComponent()].map { $0.appendingPathComponent("vendo") }
    guard let binary = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: candidates[0].path])
    }
    return binary
}

/// A tiny JSON-over-HTTP client for the end-to-end test.
struct HTTPClient {
    let base: String
    let token: String

    struct Reply {
        let status: Int
        let json: [String: Any]
        var text = ""
        func string(_ key: String) -> String? { json[key] as? String }
    }

    func send(_ method: String, _ path: String, _ body: String? = nil, headers: [String: String] = [:]) async throws -> Reply {
        guard let url = URL(string: base + path) else { throw URLError(.badURL) }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body {
            if headers["Content-Type"] == nil { request.setValue("application/json", forHTTPHeaderField: "Content-Type") }
            request.httpBody = Data(body.utf8)
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return Reply(status: (response as? HTTPURLResponse)?.statusCode ?? 0, json: json, text: String(decoding: data, as: UTF8.self))
    }

    func post(_ path: String, _ body: String = "{}") async throws -> Reply { try await send("POST", path, body) }

    /// Gives the organisation the legal identity its invoices must carry (SALES-PROCESS.md §11).
    func setSellerIdentity() async throws {
        let reply = try await send("PATCH", "/settings", #"""
            {"legalName":"Vendo Test SAS","registrationNumber":"303265045","vatNumber":"FR40303265045",
             "organisationAddress":{"line1":"12 rue de la République","city":"Lyon","postalCode":"69002","country":"FR"},
             "paymentTerms":[{"label":"30 days","days":30}],
             "latePaymentText":"Late payment: three times the legal interest rate and a fixed 40 € recovery indemnity."}
            """#)
        guard reply.status == 200 else { throw SettingsRefused(status: reply.status) }
    }

    /// An account an invoice can be issued to: a French company with its address and SIREN.
    static func invoiceableAccount(_ name: String) -> String {
        #"{"name":"\#(name)","address":{"line1":"1 rue de la Paix","city":"Paris","country":"FR"},"registrationNumber":"732829320"}"#
    }
    func get(_ path: String) async throws -> Reply { try await send("GET", path) }
}

@Suite("vendo serve, end to end over HTTP", .serialized)
struct ServeEndToEndTests {
    @Test("the whole cycle over real HTTP, a clean stop on SIGTERM, and the data still there after a restart",
          .timeLimit(.minutes(2)))
    func cycle() async throws {
        let database = TestDatabase()
        defer { database.remove() }
        let server = try database.server()
        try await server.waitUntilListening()
        let token = try #require(server.token)
        #expect(server.printed.contains("password (shown once)"))
        let api = HTTPClient(base: "http://127.0.0.1:\(server.port)/api/v1", token: token)

        let unit = try await api.post("/unit-groups", #"{"name":"Items","baseUnit":"each"}"#).string("baseUnitId") ?? ""
        let product = try await api.post("/products", #"{"number":"LAP","name":"Laptop","unitId":"\#(unit)","listPrice":"1200","taxRate":"20"}"#)
        #expect(product.status == 201 && product.string("state") == "active")
        let volume = try await api.post("/discount-lists", #"""
            {"name":"Volume","type":"percentage","bands":[{"beginQuantity":"5","endQuantity":"9","percentage":"5"},{"beginQuantity":"10","endQuantity":"49","percentage":"10"}]}
            """#)
        let list = try await api.post("/price-lists", #"{"name":"Standard","currency":"EUR"}"#).string("id") ?? ""
        let item = try await api.post("/price-lists/\(list)/items", #"""
            {"productId":"\#(product.string("id") ?? "")","unitId":"\#(unit)","pricingMethod":"markupCurrentCost","percentage":"0","amount":null,"discountListId":"\#(volume.string("id") ?? "")"}
            """#)
        #expect(item.status == 422)  // the product has no current cost for a markup
        let priced = try await api.post("/price-lists/\(list)/items", #"""
            {"productId":"\#(product.string("id") ?? "")","unitId":"\#(unit)","pricingMethod":"percentOfList","percentage":"90","roundingPolicy":"down","roundingOption":"endsIn","roundingAmount":"0.99","discountListId":"\#(volume.string("id") ?? "")"}
            """#)
        #expect(priced.status == 201)

        try await api.setSellerIdentity()
        let lead = try await api.post("/leads", #"""
            {"topic":"Laptops for Lyon","firstName":"Camille","lastName":"Martin","companyName":"Dupont SA","email":"camille@dupont.example",
             "address":{"line1":"8 place Bellecour","city":"Lyon","postalCode":"69002","country":"France"}}
            """#)
        let qualified = try await api.post("/leads/\(lead.string("id") ?? "")/qualify",
                                           #"{"createAccount":true,"createContact":true,"createOpportunity":true,"priceListId":"\#(list)"}"#)
        #expect(qualified.status == 200)
        let accountId = ((qualified.json["account"] as? [String: Any])?["id"] as? String) ?? ""
        #expect(try await api.send("PATCH", "/accounts/\(accountId)", #"{"registrationNumber":"732829320"}"#).status == 200)
        let opportunity = ((qualified.json["opportunity"] as? [String: Any])?["id"] as? String) ?? ""
        // 1200 × 90 % = 1080, rounded down to end in .99 → 1079.99; 10 units take the 10 % band (108.00 off each).
        var opp = try await api.post("/opportunities/\(opportunity)/lines", #"{"productId":"\#(product.string("id") ?? "")","quantity":"10"}"#)
        #expect(opp.status == 201)
        #expect(opp.string("detailAmount") == "9719.90")   // (1079.99 − 108.00) × 10
        opp = try await api.post("/opportunities/\(opportunity)/lines", #"{"writeInName":"Setup","quantity":"1","pricePerUnit":"280.10","taxRate":"20"}"#)
        #expect(opp.string("detailAmount") == "10000.00" && opp.string("totalTax") == "2000.00" && opp.string("totalAmount") == "12000.00")

        let quote = try await api.post("/opportunities/\(opportunity)/quotes").string("id") ?? ""
        #expect(try await api.send("PATCH", "/quotes/\(quote)", #"{"discountAmount":"500.00"}"#).string("totalAmount") == "11400.00")
        #expect(try await api.post("/quotes/\(quote)/activate").string("state") == "active")
        let order = try await api.post("/quotes/\(quote)/order", #"{"winOpportunity":true}"#)
        #expect(order.status == 201 && order.string("totalAmount") == "11400.00")
        #expect(try await api.get("/opportunities/\(opportunity)").string("actualRevenue") == "9500.00")
        let orderId = order.string("id") ?? ""
        #expect(try await api.post("/orders/\(orderId)/fulfill", #"{"status":"complete"}"#).string("status") == "complete")
        let invoice = try await api.post("/orders/\(orderId)/invoice").string("id") ?? ""
        let issued = try await api.post("/invoices/\(invoice)/issue")
        let year = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC") ?? .current, from: Date()).year ?? 0
        #expect(issued.string("number") == "INV-\(year)-00001" && issued.string("totalTax") == "1900.00")
        #expect(try await api.post("/invoices/\(invoice)/payments", #"{"amount":"4000.00"}"#).status == 201)
        #expect(try await api.get("/invoices/\(invoice)").string("status") == "partial")
        #expect(try await api.post("/invoices/\(invoice)/payments", #"{"amount":"7400.00","method":"bankTransfer"}"#).status == 201)
        let paid = try await api.get("/invoices/\(invoice)")
        #expect(paid.string("state") == "paid" && paid.string("status") == "complete" && paid.string("amountDue") == "0.00")

        // Writes in flight when SIGTERM arrives: every one that was answered 201 must survive.
        let created = await withTaskGroup(of: String?.self) { group in
            for index in 0..<40 {
                group.addTask {
                    let reply = try? await api.post("/leads", #"{"topic":"in flight \#(index)","lastName":"L"}"#)
                    return reply?.status == 201 ? reply?.string("id") : nil
                }
            }
            try? await Task.sleep(for: .milliseconds(30))
            kill(server.process.processIdentifier, SIGTERM)
            return await group.reduce(into: [String]()) { if let id = $1 { $0.append(id) } }
        }
        server.process.waitUntilExit()
        #expect(server.process.terminationStatus == 0)

        let again = try database.server()
        try await again.waitUntilListening()
        #expect(!again.printed.contains("password"))
        let reopened = HTTPClient(base: "http://127.0.0.1:\(again.port)/api/v1", token: token)
        let kept = try await reopened.get("/invoices/\(invoice)")
        #expect(kept.status == 200 && kept.string("number") == "INV-\(year)-00001" && kept.string("status") == "complete")
        for id in created {
            #expect(try await reopened.get("/leads/\(id)").status == 200, "lead \(id) was answered 201 but is gone")
        }
        #expect(again.stop() == 0)
    }

    @Test("a web form's lead reaches a subscribed receiver through the running server's webhook worker", .timeLimit(.minutes(1)))
    func captureAndWebhook() async throws {
        let database = TestDatabase()
        defer { database.remove() }
        let server = try database.server()
        try await server.waitUntilListening()
        defer { _ = server.stop() }
        let api = HTTPClient(base: "http://127.0.0.1:\(server.port)/api/v1", token: try #require(server.token))
        let receiver = try await WebhookReceiver.start()
        defer { Task { await receiver.stop() } }
        // A receiver on this machine is refused until an administrator allows it.
        let refused = try await api.post("/webhooks", #"{"url":"\#(receiver.url)","events":["lead.created"]}"#)
        #expect(refused.status == 422 && "\(refused.json)".contains("forbidden_destination"))
        #expect(try await api.send("PATCH", "/settings", #"{"outboundAllowedHosts":["127.0.0.1"]}"#).status == 200)
        let hook = try await api.post("/webhooks", #"{"url":"\#(receiver.url)","events":["lead.created"]}"#)
        #expect(hook.status == 201 && hook.string("secret")?.hasPrefix("whsec_") == true)
        let form = try await api.post("/capture-forms", #"{"key":"site","name":"Site","fields":[{"name":"name","target":"lastName"},{"name":"mail","target":"email"}]}"#)
        #expect(form.status == 201)
        let site = HTTPClient(base: "http://127.0.0.1:\(server.port)", token: "")
        let posted = try await site.send("POST", "/capture/site", "name=Visitor&mail=v%40x.example",
                                         headers: ["Content-Type": "application/x-www-form-urlencoded"])
        #expect(posted.status == 201 && posted.string("status") == "received")
        let deadline = Date().addingTimeInterval(15)
        while receiver.requests.isEmpty && Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
        let delivery = try #require(receiver.requests.first)
        #expect(delivery.headers["vendo-event"] == "lead.created" && delivery.headers["vendo-signature"]?.hasPrefix("t=") == true)
        let leadId = try #require((try JSONSerialization.jsonObject(with: Data(delivery.body.utf8)) as? [String: Any])?["data"]
            .flatMap { ($0 as? [String: Any])?["id"] as? String })
        let lead = try await api.get("/leads/\(leadId)")
        #expect(lead.string("lastName") == "Visitor" && lead.string("source") == "web")
    }
}
