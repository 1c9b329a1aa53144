import ArgumentParser
import Foundation
import VendoCore
import VendoServices
import VendoStore

/// Full cycles through VendoServices on a fresh SQLite file or PostgreSQL database, one service call (one
/// transaction) per step, as the Tryton peer's bench.py runs its cycle.
struct CyclesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cycles", abstract: "Lead to paid invoice, in process: cycles per second and the time of each step.")

    @Option(help: "A new SQLite file (it must not exist).") var database: String?
    @Option(name: .customLong("database-url"), help: "An empty PostgreSQL database instead (postgres://…).") var databaseURL: String?
    @Option(help: "Timed cycles.") var cycles = 200
    @Option(help: "Cycles run first and not timed.") var warmup = 3

    static let steps = ["lead", "qualify", "lines", "quote", "activate", "order", "invoice", "issue", "pay"]

    func validate() throws {
        if (database == nil) == (databaseURL == nil) { throw ValidationError("name one database: --database FILE or --database-url URL") }
        if let database, FileManager.default.fileExists(atPath: database) { throw ValidationError("\(database) already exists") }
        if cycles < 1 || warmup < 0 { throw ValidationError("--cycles must be at least 1 and --warmup not negative") }
    }

    func run() async throws {
        let location: StoreLocation = if let databaseURL { .postgres(PostgresLocation(url: databaseURL)) } else { .file(database ?? "") }
        let store = try await Store.open(location)
        do {
            try await store.migrate()
            let services = Services(store: store)
            let catalog = try await BenchCatalog.make(services)
            let cycle = InProcessCycle(services: services, catalog: catalog)
            var timings: [String: Samples] = [:]
            for i in 0..<warmup { _ = try await cycle.run(number: -1 - i) }
            let clock = Stopwatch()
            for i in 0..<cycles {
                for (step, seconds) in try await cycle.run(number: i) { timings[step, default: Samples()].add(seconds) }
            }
            let elapsed = clock.seconds
            await store.close()
            try emit([
                "cycles": cycles, "seconds": elapsed, "cycles_per_s": Double(cycles) / elapsed,
                "steps": Dictionary(uniqueKeysWithValues: Self.steps.map { ($0, timings[$0, default: Samples()].summary) }),
            ])
        } catch {
            await store.close()
            throw error
        }
    }
}

/// The catalog of the Tryton peer: two products at 10 and 30 with 10 % tax on one EUR price
/// list, so that every cycle's invoice is 110.00 + 11.00 = 121.00.
struct BenchCatalog: Sendable {
    let admin: Caller
    let first: ID<Product>
    let second: ID<Product>
    let priceList: ID<PriceList>

    static let expectedTotal: Decimal = 121

    /// A fresh database's organisation, an administrator, and the catalog.
    static func make(_ services: Services) async throws -> BenchCatalog {
        try await services.setUpOrganisation()
        let user = try await services.createUser(name: "Bench Admin", email: "bench@vendo.example", role: .admin, by: nil)
        return try await make(services, admin: Caller(user.id))
    }

    /// The catalog alone, made by `admin` on a database that has its organisation.
    static func make(_ services: Services, admin: Caller) async throws -> BenchCatalog {
        // The seller's legal identity, without which no invoice is issued (SALES-PROCESS.md §11).
        _ = try await services.updateSettings(ifVersion: nil, by: admin) { settings in
            settings.legalName = "Bench SAS"
            settings.registrationNumber = "303265045"
            settings.vatNumber = "FR40303265045"
            settings.organisationAddress = Address(line1: "1 rue du Banc", city: "Lyon", postalCode: "69002", country: "FR")
            settings.paymentTerms = [PaymentTerm(label: "30 days", days: 30)]
            settings.latePaymentText = "Late payment: three times the legal interest rate and a fixed 40 € recovery indemnity."
        }
        let (_, each) = try await services.createUnitGroup(name: "Items", baseUnit: "each", by: admin)
        let priceList = try await services.createPriceList(PriceListFields(name: "Bench EUR", currency: "EUR"), by: admin)
        var products: [ID<Product>] = []
        for (number, price) in [("WIDGET", Decimal(10)), ("SERVICE-PACK", Decimal(30))] {
            let product = try await services.createProduct(
                ProductFields(number: number, name: number.capitalized, unitId: each.id, listPrice: price, taxRate: 10), by: admin)
            _ = try await services.createPriceListItem(
                in: priceList.id, PriceListItemFields(productId: product.id, unitId: each.id, amount: price), by: admin)
            products.append(product.id)
        }
        return BenchCatalog(admin: admin, first: products[0], second: products[1], priceList: priceList.id)
    }
}

/// One cycle: create lead → qualify (account, contact, opportunity) → two lines → generate
/// quote → activate → convert to order, winning the opportunity → create invoice → issue →
/// record the full payment. Every cycle's amounts are checked.
struct InProcessCycle: Sendable {
    let services: Services
    let catalog: BenchCatalog

    struct WrongResult: Error, CustomStringConvertible {
        let description: String
    }

    func run(number: Int) async throws -> [(String, Double)] {
        let me = catalog.admin
        var timings: [(String, Double)] = []
        func timed<T>(_ step: String, _ body: () async throws -> T) async throws -> T {
            let clock = Stopwatch()
            let result = try await body()
            timings.append((step, clock.seconds))
            return result
        }
        var fields = LeadFields(topic: "Bench lead \(number)", firstName: "Alex", lastName: "Bench \(number)",
                                companyName: "Bench Company \(number)")
        fields.email = "alex.\(number)@bench-\(number).example"
        fields.address = benchAddress
        let lead = try await timed("lead") { try await services.createLead(fields, by: me).lead }
        let qualified = try await timed("qualify") {
            try await services.qualifyLead(lead.id, QualifyOptions(priceListId: catalog.priceList), ifVersion: nil, by: me)
        }
        guard let opportunityId = qualified.opportunity?.id else { throw WrongResult(description: "qualify made no opportunity") }
        _ = try await timed("lines") {
            _ = try await services.addLine(to: Opportunity.self, opportunityId, LineFields(productId: catalog.first, quantity: 2),
                                           ifVersion: nil, by: me)
            return try await services.addLine(to: Opportunity.self, opportunityId, LineFields(productId: catalog.second, quantity: 3),
                                              ifVersion: nil, by: me)
        }
        let quote = try await timed("quote") { try await services.generateQuote(from: opportunityId, by: me) }
        _ = try await timed("activate") { try await services.activateQuote(quote.id, ifVersion: nil, by: me) }
        let order = try await timed("order") {
            try await services.convertQuoteToOrder(quote.id, winOpportunity: true, ifVersion: nil, by: me)
        }
        let invoice = try await timed("invoice") { try await services.createInvoice(fromOrder: order.id, by: me) }
        let issued = try await timed("issue") { try await services.issueInvoice(invoice.id, ifVersion: nil, by: me) }
        let (paid, _) = try await timed("pay") {
            try await services.recordPayment(on: issued.id, PaymentInput(amount: issued.pricing.totals.totalAmount), ifVersion: nil, by: me)
        }
        guard issued.pricing.totals.totalAmount == BenchCatalog.expectedTotal, paid.state == .paid, paid.amountDue == 0 else {
            throw WrongResult(description: "cycle \(number): invoice total \(issued.pricing.totals.totalAmount), state \(paid.state)")
        }
        return timings
    }
}

/// The customers' address: in Belgium, so that the cycle needs no SIREN (which only an edit
/// of the account could add) and keeps the steps it always measured.
let benchAddress = Address(line1: "Rue Haute 12", city: "Bruxelles", postalCode: "1000", country: "BE")
