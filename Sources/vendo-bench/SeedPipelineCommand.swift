import ArgumentParser
import Foundation
import VendoCore
import VendoServices
import VendoStore

/// Opportunities, quotes and invoices for the scale measure, through the services (the bulk
/// import takes leads, accounts and contacts, not documents): one account for five
/// opportunities; one opportunity in five gets a quote, one in ten goes on to a paid invoice.
struct SeedPipelineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed-pipeline", abstract: "Add opportunities, quotes, orders and invoices to an existing SQLite database.")

    @Option(help: "The SQLite file of a stopped server.") var database: String
    @Option(name: .customLong("as"), help: "The e-mail of the administrator who owns them.") var user: String
    @Option var opportunities: Int
    @Option(help: "Writers running at once (SQLite still commits one at a time).") var workers = 4

    func run() async throws {
        guard FileManager.default.fileExists(atPath: database) else { throw ValidationError("no database at \(database)") }
        let store = try await Store.open(.file(database))
        do {
            let services = Services(store: store)
            let me = try await services.caller(for: try await services.user(email: user).id)
            let catalog = try await BenchCatalog.make(services, admin: me)
            let clock = Stopwatch()
            let counts = try await withThrowingTaskGroup(of: [String: Int].self) { group in
                for worker in 0..<workers {
                    group.addTask { [opportunities, workers] in
                        var counts: [String: Int] = [:]
                        var account: ID<Account>?
                        for (k, n) in stride(from: worker, to: opportunities, by: workers).enumerated() {
                            // Each worker makes its own accounts, one for five of its opportunities.
                            if k % 5 == 0 || account == nil {
                                account = try await services.createAccount(AccountFields(name: "Seed account \(n)", address: benchAddress),
                                                                      by: me).id
                                counts["accounts", default: 0] += 1
                            }
                            guard let account else { continue }
                            for (kind, made) in try await Self.seed(n, account, services, me, catalog) { counts[kind, default: 0] += made }
                        }
                        return counts
                    }
                }
                var all: [String: Int] = [:]
                for try await counts in group { all.merge(counts, uniquingKeysWith: +) }
                return all
            }
            let seconds = clock.seconds
            await store.close()
            var figures: [String: Any] = ["seconds": seconds]
            for (kind, count) in counts { figures[kind] = count }
            try emit(figures)
        } catch {
            await store.close()
            throw error
        }
    }

    static let categories: [ForecastCategory] = [.pipeline, .pipeline, .bestCase, .committed, .omitted]

    /// The records of opportunity `n`, by kind.
    static func seed(_ n: Int, _ account: ID<Account>, _ services: Services, _ me: Caller, _ catalog: BenchCatalog) async throws
        -> [String: Int] {
        var made: [String: Int] = ["opportunities": 1]
        var fields = OpportunityFields(name: "Seed opportunity \(n)", customer: .account(account),
                                       estimatedCloseDate: Day(year: 2026 + n % 2, month: 1 + n % 12, day: 1 + n % 28),
                                       probability: 10 * (1 + n % 9), forecastCategory: categories[n % categories.count],
                                       revenueMode: .userProvided, estimatedRevenue: Decimal(1000 + n % 50 * 100))
        if n % 5 == 0 { fields.revenueMode = .systemCalculated; fields.estimatedRevenue = nil }
        let opportunity = try await services.createOpportunity(fields, priceListId: catalog.priceList, by: me)
        guard n % 5 == 0 else { return made }
        _ = try await services.addLine(to: Opportunity.self, opportunity.id, LineFields(productId: catalog.second, quantity: Decimal(1 + n % 7)),
                                       ifVersion: nil, by: me)
        let quote = try await services.generateQuote(from: opportunity.id, by: me)
        made["quotes"] = 1
        guard n % 10 == 0 else { return made }
        _ = try await services.activateQuote(quote.id, ifVersion: nil, by: me)
        let order = try await services.convertQuoteToOrder(quote.id, winOpportunity: true, ifVersion: nil, by: me)
        let invoice = try await services.issueInvoice(try await services.createInvoice(fromOrder: order.id, by: me).id, ifVersion: nil, by: me)
        _ = try await services.recordPayment(on: invoice.id, PaymentInput(amount: invoice.pricing.totals.totalAmount), ifVersion: nil, by: me)
        made["orders"] = 1
        made["invoices"] = 1
        return made
    }
}
