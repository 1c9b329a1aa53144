import ArgumentParser
import Foundation
import HTTPTypes

/// The full cycle over HTTP: `--clients` connections, each running cycles one request after
/// the other until the time is up.
struct HTTPCyclesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "http-cycles", abstract: "Lead to paid invoice over the REST API, from concurrent clients.")

    @Option var host = "127.0.0.1"
    @Option var port: Int
    @Option(help: "An API token of an administrator.") var token: String
    @Option(help: "Concurrent clients, one connection each.") var clients = 16
    @Option(help: "Seconds of load.") var duration: Double = 10

    func validate() throws {
        if clients < 1 || duration <= 0 { throw ValidationError("--clients and --duration must be positive") }
    }

    struct ClientResult: Sendable {
        var latencies = Samples()
        var cycles = 0
        var non2xx = 0
        var firstFailure: String?
    }

    func run() async throws {
        let setup = HTTPSession(host: host, port: port, token: token)
        let catalog = try await HTTPCatalog.make(setup)
        await setup.close()
        let deadline = ContinuousClock.now + .milliseconds(Int(duration * 1000))
        let clock = Stopwatch()
        let results = try await withThrowingTaskGroup(of: ClientResult.self) { group in
            for client in 0..<clients {
                group.addTask { [host, port, token] in
                    let session = HTTPSession(host: host, port: port, token: token)
                    var result = ClientResult()
                    var number = 0
                    while ContinuousClock.now < deadline {
                        number += 1
                        do {
                            try await catalog.cycle(session, name: "\(client)-\(number)", into: &result.latencies)
                            result.cycles += 1
                        } catch let failure as HTTPSession.Failure {
                            result.non2xx += 1
                            if result.firstFailure == nil { result.firstFailure = failure.description }
                        }
                    }
                    await session.close()
                    return result
                }
            }
            var all: [ClientResult] = []
            for try await result in group { all.append(result) }
            return all
        }
        let elapsed = clock.seconds
        var latencies = Samples()
        for result in results { latencies.add(result.latencies) }
        let cycles = results.map(\.cycles).reduce(0, +)
        let non2xx = results.map(\.non2xx).reduce(0, +)
        if let failure = results.compactMap(\.firstFailure).first {
            FileHandle.standardError.write(Data("http-cycles: first failure: \(failure)\n".utf8))
        }
        try emit([
            "clients": clients, "seconds": elapsed, "cycles": cycles, "cycles_per_s": Double(cycles) / elapsed,
            "requests": latencies.count, "requests_per_s": Double(latencies.count) / elapsed,
            "p50_ms": latencies.percentileMs(50), "p99_ms": latencies.percentileMs(99), "non_2xx": non2xx,
        ])
    }
}

/// The in-process bench's catalog, made through the API.
struct HTTPCatalog: Sendable {
    let first: String
    let second: String
    let priceList: String

    static func make(_ session: HTTPSession) async throws -> HTTPCatalog {
        let (status, body, _) = try await session.send(.patch, "/api/v1/settings", json: [
            "legalName": "Bench SAS", "registrationNumber": "303265045", "vatNumber": "FR40303265045",
            "organisationAddress": ["line1": "1 rue du Banc", "city": "Lyon", "postalCode": "69002", "country": "FR"],
            "paymentTerms": [["label": "30 days", "days": 30]],
            "latePaymentText": "Late payment: three times the legal interest rate and a fixed 40 € recovery indemnity.",
        ])
        guard status == 200 else { throw HTTPSession.Failure(description: "settings answered \(status): \(body)") }
        let suffix = UUID().uuidString.prefix(8)
        let unit = try await session.id(.post, "/api/v1/unit-groups", json: ["name": "Bench items \(suffix)", "baseUnit": "each"],
                                        at: ["baseUnitId"])
        let priceList = try await session.id(.post, "/api/v1/price-lists", json: ["name": "Bench \(suffix)", "currency": "EUR"])
        var products: [String] = []
        for (number, price) in [("WIDGET", "10"), ("SERVICE-PACK", "30")] {
            let product = try await session.id(.post, "/api/v1/products", json: [
                "number": "\(number)-\(suffix)", "name": number.capitalized, "unitId": unit, "listPrice": price, "taxRate": "10",
            ])
            _ = try await session.id(.post, "/api/v1/price-lists/\(priceList)/items", json: [
                "productId": product, "unitId": unit, "pricingMethod": "currencyAmount", "amount": price,
            ])
            products.append(product)
        }
        return HTTPCatalog(first: products[0], second: products[1], priceList: priceList)
    }

    /// One cycle; a refused request ends it with `HTTPSession.Failure`.
    func cycle(_ session: HTTPSession, name: String, into latencies: inout Samples) async throws {
        func call(_ method: HTTPRequest.Method, _ path: String, _ json: [String: Any]? = nil) async throws -> [String: Any] {
            let (status, body, seconds) = try await session.send(method, path, json: json)
            latencies.add(seconds)
            guard (200..<300).contains(status) else { throw HTTPSession.Failure(description: "\(method) \(path) answered \(status): \(body)") }
            return body
        }
        let lead = try HTTPSession.string(try await call(.post, "/api/v1/leads", [
            "topic": "Bench lead \(name)", "firstName": "Alex", "lastName": "Bench \(name)",
            "companyName": "Bench Company \(name)", "email": "alex.\(name)@bench-\(name).example",
            "address": ["line1": "Rue Haute 12", "city": "Bruxelles", "postalCode": "1000", "country": "BE"],
        ]), ["id"], "lead")
        let qualified = try await call(.post, "/api/v1/leads/\(lead)/qualify", [
            "createAccount": true, "createContact": true, "createOpportunity": true, "priceListId": priceList,
        ])
        let opportunity = try HTTPSession.string(qualified, ["opportunity", "id"], "qualify")
        _ = try await call(.post, "/api/v1/opportunities/\(opportunity)/lines", ["productId": first, "quantity": "2"])
        _ = try await call(.post, "/api/v1/opportunities/\(opportunity)/lines", ["productId": second, "quantity": "3"])
        let quote = try HTTPSession.string(try await call(.post, "/api/v1/opportunities/\(opportunity)/quotes"), ["id"], "quote")
        _ = try await call(.post, "/api/v1/quotes/\(quote)/activate")
        let order = try HTTPSession.string(try await call(.post, "/api/v1/quotes/\(quote)/order", ["winOpportunity": true]), ["id"], "order")
        let invoice = try HTTPSession.string(try await call(.post, "/api/v1/orders/\(order)/invoice"), ["id"], "invoice")
        let issued = try await call(.post, "/api/v1/invoices/\(invoice)/issue")
        let total = try HTTPSession.string(issued, ["totalAmount"], "issue")
        guard Decimal(string: total) == 121 else { throw HTTPSession.Failure(description: "invoice \(invoice) total \(total), not 121.00") }
        _ = try await call(.post, "/api/v1/invoices/\(invoice)/payments", ["amount": total])
    }
}
