import Foundation
import SQLKit
import Testing
@testable import VendoCore
@testable import VendoServices
@testable import VendoStore
import VendoTestSupport

/// Databases made by released versions (Tests/Fixtures, made by scripts/make-fixture) upgraded
/// to this version: on SQLite from the file, on PostgreSQL (when the suites run on it) from the
/// `pg_dump` of the same data.
@Suite("Upgrading databases made by released versions")
struct FixtureUpgradeTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// Every fixture kept, by name (`migration-010`: made by the last version at migration 10). A
    /// new migration ships with the fixture of the version before it.
    static let fixtures = ["migration-010", "migration-018", "migration-019", "migration-020"]

    /// What the fixture's version showed, written by Tests/Fixtures/manifest.py.
    struct Manifest: Decodable {
        let version: Int
        let counts: [String: Int]
        let records: [String: [String: [String: Value]]]

        enum Value: Decodable, Equatable, CustomStringConvertible {
            case text(String), number(Int64), null
            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if container.decodeNil() {
                    self = .null
                } else if let number = try? container.decode(Int64.self) {
                    self = .number(number)
                } else {
                    self = .text(try container.decode(String.self))
                }
            }
            var description: String {
                switch self {
                case .text(let text): return text
                case .number(let number): return String(number)
                case .null: return "null"
                }
            }
        }
    }

    @Test("Every fixture upgrades to the latest version; every record reads back as the old version showed it",
          arguments: fixtures)
    func upgrade(_ name: String) async throws {
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: Self.folder.appendingPathComponent("\(name).json")))
        let (store, dispose) = try await Self.open(name)
        do {
            let applied = try await store.migrate()
            #expect(applied == Migration.all.map(\.version).filter { $0 > manifest.version })
            try await Self.compare(store, with: manifest)
            // The forecast's sums (migration 20) are filled from the opportunities already there.
            for scope in [ReportScope(owners: nil, from: nil, to: nil), ReportScope(owners: nil, from: Day("2026-01-01"), to: Day("2026-12-31"))] {
                let (kept, summed) = try await store.read { tx in (try await tx.forecast(scope), try await tx.forecastFromOpportunities(scope)) }
                #expect(kept.sorted { ($0.key ?? "") < ($1.key ?? "") } == summed.sorted { ($0.key ?? "") < ($1.key ?? "") })
                if scope.from == nil { #expect(!kept.isEmpty) }
            }
            if manifest.version >= 20 { try await Self.findByCustomValues(store) }
            try await Self.readEverything(Services(store: store))
            try await Self.keepWorking(Services(store: store))
        } catch {
            await store.close()
            try dispose()
            throw error
        }
        await store.close()
        try dispose()
    }

    /// The custom values the fixture's version wrote (Tests/Fixtures/edge_cases.py) are indexed by
    /// migration 21: filters and sorts find them, a retired field's too.
    static func findByCustomValues(_ store: Store) async throws {
        func topics(_ filters: [CustomFilter], sort: CustomSort? = nil) async throws -> [String] {
            var query = ListQuery(limit: 3)
            query.customFilters = filters
            query.customSort = sort
            query.descending = false
            return try await store.read { [query] tx in try await tx.list(Lead.self, query).items.map(\.fields.topic) }
        }
        #expect(try await topics([CustomFilter(key: "region", comparison: .text("north"))]) == ["Vans for the north"])
        #expect(try await topics([CustomFilter(key: "tags", comparison: .contains("export"))]) == ["Vans for the north"])
        #expect(try await topics([CustomFilter(key: "vip", comparison: .bool(true))]) == ["Vans for the north"])
        #expect(try await topics([CustomFilter(key: "legacy", comparison: .text("kept after retiring"))]) == ["Vans for the north"])
        #expect(try await topics([], sort: CustomSort(key: "fleet", numeric: true)).prefix(2) == ["Vans for the south", "Vans for the north"])
        let margins = try await store.read { tx in
            var query = ListQuery()
            query.customFilters = [CustomFilter(key: "margin", comparison: .text("12.5"))]
            return try await tx.list(Opportunity.self, query).items.map(\.fields.name)
        }
        #expect(margins == ["Vans with a margin"])
    }

    /// The fixture as a database of the engine the suites run on, and what removes it afterwards.
    static func open(_ name: String) async throws -> (Store, () throws -> Void) {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("fixture-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let removeScratch = { try FileManager.default.removeItem(at: scratch) }
        guard let url = StoreLocation.testPostgresURL else {
            let path = scratch.appendingPathComponent("\(name).sqlite").path
            try unpack("\(name).sqlite.xz", to: path)
            return (try await Store.open(.file(path)), removeScratch)
        }
        // A database of its own, filled by psql from the dump as an administrator would restore it.
        let dump = scratch.appendingPathComponent("\(name).pg.sql").path
        try unpack("\(name).pg.sql.xz", to: dump)
        let database = "fixture_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try psql(url, ["-c", "CREATE DATABASE \(database)"])
        let restored = url.replacingOccurrences(of: "/[^/]*$", with: "/\(database)", options: .regularExpression)
        try psql(restored, ["-v", "ON_ERROR_STOP=1", "-f", dump])
        return (try await Store.open(.postgres(PostgresLocation(url: restored, poolSize: 2))), {
            try psql(url, ["-c", "DROP DATABASE \(database) WITH (FORCE)"])
            try removeScratch()
        })
    }

    /// Decompresses a fixture (xz, as scripts/make-fixture keeps them) to `path`.
    static func unpack(_ file: String, to path: String) throws {
        try run("/usr/bin/xz", ["-d", "-c", folder.appendingPathComponent(file).path], output: path)
    }

    static func psql(_ url: String, _ arguments: [String]) throws {
        let bin = ProcessInfo.processInfo.environment["VENDO_TEST_POSTGRES_BIN"] ?? "/usr/bin"
        try run(bin + "/psql", ["-q", "-X", url] + arguments, output: nil)
    }

    static func run(_ tool: String, _ arguments: [String], output: String?) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: nil) else {
                throw StoreError.cannotOpen(path: output, reason: "cannot create it")
            }
            process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        } else {
            process.standardOutput = FileHandle.nullDevice
        }
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw StoreError.engine(state: tool, message: String(decoding: message, as: UTF8.self))
        }
    }

    /// Row counts of every table, and the state, status and money columns of every record.
    static func compare(_ store: Store, with manifest: Manifest) async throws {
        try await store.read { tx in
            // Every table but the list of applied migrations keeps its rows. The derived tables are
            // rebuilt by the copy to PostgreSQL (without the emptied sums SQLite kept): the
            // forecast's are compared by their figures.
            for (table, count) in manifest.counts.sorted(by: { $0.key < $1.key })
            where table != "schema_migrations" && !StoreSchema.derivedTables.contains(table) {
                let found = try await tx.rows("SELECT COUNT(*) AS n FROM \(ident: table)").first?.decode(column: "n", as: Int.self)
                #expect(found == count, "\(table)")
            }
            for (table, records) in manifest.records.sorted(by: { $0.key < $1.key }) {
                guard let sample = records.values.first else { continue }
                let money = sample.keys.filter { $0 != "state" && $0 != "status" }.sorted()
                var query: SQLQueryString = "SELECT id, state, status"
                for column in money { query += ", \(ident: column)" }
                query += " FROM \(ident: table)"
                var seen = 0
                for row in try await tx.rows(query) {
                    let id = try row.decode(column: "id", as: String.self)
                    guard let expected = records[id] else {
                        Issue.record("\(table) \(id) is not in the fixture")
                        continue
                    }
                    seen += 1
                    var actual: [String: Manifest.Value] = [:]
                    for column in ["state", "status"] {
                        actual[column] = try row.decode(column: column, as: String?.self).map(Manifest.Value.text) ?? .null
                    }
                    for column in money {
                        actual[column] = try row.decode(column: column, as: Int64?.self).map(Manifest.Value.number) ?? .null
                    }
                    #expect(actual == expected, "\(table) \(id)")
                }
                #expect(seen == records.count, "\(table)")
            }
        }
    }

    /// Every record of every type through the services, as an administrator: each document decodes.
    static func readEverything(_ services: Services) async throws {
        let admin = try #require(try await services.list(User.self, ListQuery(limit: 500), by: Caller(ID(UUID())))
            .items.first { $0.role == .admin })
        let caller = try await services.caller(for: admin.id)
        let isoEncoder = JSONEncoder()
        isoEncoder.dateEncodingStrategy = .iso8601
        func all<R: StoredRecord>(_ type: R.Type) async throws -> Int {
            var query = ListQuery(limit: 200)
            var total = 0
            while true {
                let page = try await services.list(R.self, query, by: caller)
                total += page.items.count
                // Record diffs read each record from memory; what they read must be its JSON.
                for item in page.items {
                    #expect(try JSONTree.encoding(item) == JSONTree.parse(isoEncoder.encode(item)), "\(R.recordType) \(item.id)")
                }
                guard let cursor = page.nextCursor else { return total }
                query.cursor = cursor
            }
        }
        #expect(try await all(Lead.self) > 300)
        #expect(try await all(Account.self) > 0)
        #expect(try await all(Contact.self) > 0)
        #expect(try await all(Opportunity.self) > 0)
        #expect(try await all(Quote.self) > 0)
        #expect(try await all(Order.self) > 0)
        #expect(try await all(Invoice.self) > 0)
        #expect(try await all(Activity.self) > 0)
        #expect(try await all(Product.self) > 0)
        #expect(try await all(PriceList.self) > 0)
        #expect(try await all(PriceListItem.self) > 0)
        #expect(try await all(UnitGroup.self) > 0)
        #expect(try await all(UnitOfMeasure.self) > 0)
        #expect(try await all(Competitor.self) > 0)
        #expect(try await all(CloseRecord.self) > 0)
        #expect(try await all(Team.self) > 0)
        #expect(try await all(SalesProcess.self) > 1)
        #expect(try await all(CaptureForm.self) > 0)
        #expect(try await all(Webhook.self) > 0)
        #expect(try await all(User.self) > 0)
        _ = try await all(TaxRate.self)
        _ = try await all(DiscountList.self)
        _ = try await services.settings()
        let invoices = try await services.list(Invoice.self, ListQuery(limit: 200), by: caller).items
        for invoice in invoices {
            #expect(!(try await services.history(of: Invoice.self, invoice.id, by: caller)).isEmpty)
        }
        _ = try await services.pipelineReport(ReportFilter(), by: caller)
    }

    /// The upgraded database takes new work: a lead found by the search index, a payment.
    static func keepWorking(_ services: Services) async throws {
        let admin = try #require(try await services.list(User.self, ListQuery(limit: 500), by: Caller(ID(UUID())))
            .items.first { $0.role == .admin })
        let caller = try await services.caller(for: admin.id)
        var fields = LeadFields(topic: "After the upgrade", lastName: "Nouveau")
        fields.companyName = "Upgrade Works"
        let lead = try await services.createLead(fields, by: caller).lead
        let found = try await services.list(Lead.self, ListQuery(search: "upgrade works"), by: caller).items
        #expect(found.map(\.id) == [lead.id])
        // The merged pair of leads, written by the old version, found through the search index.
        #expect(try await services.list(Lead.self, ListQuery(search: "petit@merge"), by: caller).items.count == 2)
        let open = try await services.list(Invoice.self, ListQuery(filters: ["kind": "invoice"], limit: 200), by: caller).items
            .filter { $0.amountDue > 0 && $0.state != .draft && $0.state != .canceled }
        let invoice = try #require(open.first)
        let (paid, _) = try await services.recordPayment(on: invoice.id, PaymentInput(amount: invoice.amountDue), ifVersion: nil, by: caller)
        #expect(paid.amountDue == 0)
    }
}
