import Foundation
import SQLKit
import Testing
@testable import VendoCore
@testable import VendoStore
import VendoTestSupport

let user = ID<User>(UUID(uuidString: "00000000-0000-0000-0000-0000000000aa")!)

func makeLead(_ topic: String, at seconds: Double = 1_773_567_000, source: LeadSource? = nil, email: String? = nil) throws -> Lead {
    var fields = LeadFields(topic: topic, lastName: "Martin")
    fields.source = source
    fields.email = email
    return try Lead(id: ID(UUID()), info: RecordInfo(at: Date(timeIntervalSince1970: seconds), by: user), fields: fields)
}

func migratedStore(_ location: StoreLocation = .forTests, writeWait: Duration = .seconds(15)) async throws -> Store {
    let store = try await Store.open(location, writeWait: writeWait)
    try await store.migrate()
    return store
}

/// The tables of the store's database (its schema on PostgreSQL).
func tableNames(_ store: Store) async throws -> [String] {
    let query: SQLQueryString = store.dialect == .postgres
        ? "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name"
        : "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
    return try await store.read { tx in try await tx.rows(query).map { try $0.decode(column: "name", as: String.self) } }
}

func temporaryDatabase() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("vendo-test-\(UUID().uuidString).sqlite").path
}

struct Boom: Error {}

@Suite("Store")
struct StoreTests {
    @Test("migrations run from empty, once, and are recorded")
    func migrations() async throws {
        let store = try await Store.open(.forTests)
        #expect(try await store.migrate() == Migration.all.map(\.version))
        #expect(try await store.migrate() == [])
        #expect(try await store.appliedMigrations() == Migration.all.map(\.version))
        let tables = try await tableNames(store)
        for table in ["accounts", "close_records", "contacts", "currencies", "history", "invoices", "leads", "number_sequences",
                      "opportunities", "orders", "price_list_items", "price_lists", "products", "quotes", "settings", "users"] {
            #expect(tables.contains(table), "missing table \(table)")
        }
        await store.close()
    }

    @Test("a file database uses WAL and survives reopening", .timeLimit(.minutes(1)))
    func fileDatabase() async throws {
        let path = temporaryDatabase()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try await migratedStore(.file(path))
        let mode = try await store.read { tx in
            try await tx.rows("PRAGMA journal_mode").first?.decode(column: "journal_mode", as: String.self)
        }
        #expect(mode == "wal")
        let lead = try makeLead("kept")
        try await store.write { tx in try await tx.insert(lead) }
        await store.close()
        let reopened = try await migratedStore(.file(path))
        #expect(try await reopened.read { tx in try await tx.find(Lead.self, lead.id) } == lead)
        await reopened.close()
    }

    @Test("a transaction that throws leaves nothing behind", arguments: [true, false])
    func rollback(onFile: Bool) async throws {
        let path = temporaryDatabase()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try await migratedStore(onFile ? .file(path) : .forTests)
        let lead = try makeLead("never saved")
        await #expect(throws: Boom.self) {
            try await store.write { tx in
                try await tx.insert(lead)
                _ = try await tx.nextNumber("INV-2026")
                throw Boom()
            }
        }
        #expect(try await store.read { tx in try await tx.find(Lead.self, lead.id) } == nil)
        #expect(try await store.read { tx in try await tx.lastNumber("INV-2026") } == 0)
        // The writer is free again after the rollback.
        try await store.write { tx in try await tx.insert(lead) }
        #expect(try await store.read { tx in try await tx.find(Lead.self, lead.id) } == lead)
        await store.close()
    }

    @Test("on SQLite a write that cannot get the writer in time is refused as unavailable, and the one holding it is unharmed")
    func writerDeadline() async throws {
        let path = temporaryDatabase()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try await Store.open(.file(path), writeWait: .milliseconds(200))
        try await store.migrate()
        let long = try makeLead("long"), waiting = try makeLead("waiting"), later = try makeLead("later")
        let (started, holding) = AsyncStream.makeStream(of: Void.self)
        async let holder: Void = store.write { tx in
            try await tx.insert(long)
            holding.yield()
            try await Task.sleep(for: .seconds(2))
        }
        for await _ in started { break }
        await #expect(throws: StoreError.unavailable("the database is busy with a long change; try again in a moment")) {
            try await store.write { tx in try await tx.insert(waiting) }
        }
        try await holder
        try await store.write { tx in try await tx.insert(later) }
        #expect(try await store.read { tx in [try await tx.find(Lead.self, long.id), try await tx.find(Lead.self, waiting.id),
                                               try await tx.find(Lead.self, later.id)] }.map { $0?.fields.topic } == ["long", nil, "later"])
        await store.close()
    }

    @Test("numbers run 1, 2, 3 per sequence, and a rolled-back number is given again")
    func numbering() async throws {
        let store = try await migratedStore()
        let first = try await store.write { tx in try await tx.nextNumber("INV-2026") }
        let other = try await store.write { tx in try await tx.nextNumber("CN-2026") }
        await #expect(throws: Boom.self) {
            try await store.write { tx in
                _ = try await tx.nextNumber("INV-2026")
                throw Boom()
            }
        }
        let second = try await store.write { tx in try await tx.nextNumber("INV-2026") }
        #expect([first, other, second] as [Int] == [1, 1, 2])
        await store.close()
    }

    @Test("many concurrent writers (an SQLite file, or PostgreSQL): no SQLITE_BUSY, numbers have no gap", .timeLimit(.minutes(3)))
    func concurrentWriters() async throws {
        let path = temporaryDatabase()
        defer { try? FileManager.default.removeItem(atPath: path) }
        // What this checks is that writers queue without SQLITE_BUSY and numbers have no gap, not
        // how long a writer may wait: a loaded machine must not refuse the last ones as busy.
        let store = try await migratedStore(.forTests(orFile: path), writeWait: .seconds(120))
        try await closing(store) { try await concurrentWriters(store) }
    }

    private func concurrentWriters(_ store: Store) async throws {
        let numbers = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<60 {
                group.addTask {
                    try await store.write { tx in
                        let number = try await tx.nextNumber("INV-2026")
                        try await tx.insert(try makeLead("lead \(index)"))
                        return number
                    }
                }
                group.addTask {
                    _ = try await store.read { tx in try await tx.list(Lead.self, ListQuery(limit: 5)).items.count }
                    return 0
                }
            }
            return try await group.reduce(into: [Int]()) { if $1 > 0 { $0.append($1) } }
        }
        #expect(numbers.sorted() == Array(1...60))
        #expect(try await store.read { tx in try await tx.count(Lead.self, where: "1 = 1") } == 60)
    }

    @Test("a write whose task is cancelled midway is rolled back, and the next write works")
    func cancelledWrite() async throws {
        let path = temporaryDatabase()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try await migratedStore(.forTests(orFile: path))
        try await closing(store) {
            let (started, inside) = AsyncStream<Void>.makeStream()
            let writer = Task {
                try await store.write { tx in
                    try await tx.insert(try makeLead("cancelled midway"))
                    inside.yield()
                    try await Task.sleep(for: .seconds(60))
                }
            }
            for await _ in started { break }
            writer.cancel()
            await #expect(throws: CancellationError.self) { try await writer.value }
            // Before, the ROLLBACK of a cancelled task was itself cancelled: the connection stayed
            // inside the transaction, and every later write failed.
            try await store.write { tx in try await tx.insert(try makeLead("after")) }
            let names = try await store.read { tx in try await tx.list(Lead.self, ListQuery(limit: 5)).items.map(\.fields.topic) }
            #expect(names == ["after"])
        }
    }

    @Test("a read sees one instant; readEach sees what each of its statements finds")
    func snapshots() async throws {
        let path = temporaryDatabase()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try await migratedStore(.forTests(orFile: path))
        for (index, snapshot) in [true, false].enumerated() {
            let body: @Sendable (Transaction) async throws -> [Int] = { tx in
                let before = try await tx.count(Lead.self, where: "1 = 1")
                try await store.write { tx in try await tx.insert(try makeLead("written meanwhile")) }
                return [before, try await tx.count(Lead.self, where: "1 = 1")]
            }
            let counts = snapshot ? try await store.read(body) : try await store.readEach(body)
            #expect(counts == (snapshot ? [index, index] : [index, index + 1]))
        }
        await store.close()
    }

    @Test("bulk inserts split at the engine's limit on bound values, and keep every record and history entry in order")
    func bulkInserts() async throws {
        let store = try await migratedStore()
        let leads = try (0..<2_500).map { try makeLead("bulk \($0)", at: 1_773_567_000 + Double($0)) }
        let record = UUID()
        let at = Date(timeIntervalSince1970: 1_773_567_000)
        let entries = (0..<(Transaction.bindLimit / 10 + 100)).map {
            HistoryEntry(id: UUID(), recordType: "lead", recordId: record, at: at, userId: user, action: "update", field: "f\($0)")
        }
        try await store.write { tx in
            try await tx.insert(leads)
            try await tx.appendHistory(entries)
        }
        #expect(try await store.read { tx in try await tx.count(Lead.self, where: "1 = 1") } == leads.count)
        let stored = try await store.read { tx in try await tx.select(Lead.self, where: "1 = 1") }
        #expect(stored.map(\.id) == leads.map(\.id) && stored.last == leads.last)
        #expect(try await store.read { tx in try await tx.history(recordType: "lead", recordId: record) } == entries)
        await store.close()
    }

    @Test("an update over a stale version is refused and changes nothing")
    func staleVersion() async throws {
        let store = try await migratedStore()
        let lead = try makeLead("v1")
        try await store.write { tx in try await tx.insert(lead) }
        var changed = lead
        changed.fields.topic = "v2"
        changed.info.version = 2
        try await store.write { [changed] tx in try await tx.update(changed, expectedVersion: 1) }
        var late = lead
        late.fields.topic = "late"
        late.info.version = 2
        await #expect(throws: StoreError.staleVersion(recordType: "lead", id: lead.id.description, expected: 1, actual: 2)) {
            try await store.write { [late] tx in try await tx.update(late, expectedVersion: 1) }
        }
        #expect(try await store.read { tx in try await tx.find(Lead.self, lead.id) }?.fields.topic == "v2")
        await #expect(throws: StoreError.notFound(recordType: "lead", id: ID<Lead>(UUID(uuidString: "00000000-0000-0000-0000-000000000009")!).description)) {
            var ghost = lead
            ghost.id = ID(UUID(uuidString: "00000000-0000-0000-0000-000000000009")!)
            try await store.write { [ghost] tx in try await tx.update(ghost, expectedVersion: 1) }
        }
        await store.close()
    }

    @Test("a record written or deleted with its history (one statement on PostgreSQL) keeps both; a stale one writes neither")
    func writesWithHistory() async throws {
        let store = try await migratedStore()
        let lead = try makeLead("v1")
        @Sendable func entries(_ action: String, _ fields: [String?], second: Double) -> [HistoryEntry] {
            let at = Date(timeIntervalSince1970: 1_773_567_000 + second)
            return fields.map { HistoryEntry(id: UUID(), recordType: "lead", recordId: lead.id.uuid, at: at, userId: user, action: action, field: $0,
                                      oldValue: $0 == nil ? nil : "\"old\"", newValue: $0 == nil ? nil : "\"new\"") }
        }
        let created = entries("create", [nil], second: 0)
        try await store.write { tx in try await tx.insert(lead, history: created) }
        var changed = lead
        changed.fields.topic = "v2"
        changed.info.version = 2
        let updated = entries("update", ["topic", "lastName", nil], second: 1)
        try await store.write { [changed] tx in try await tx.update(changed, expectedVersion: 1, history: updated) }
        var late = changed
        late.fields.topic = "late"
        await #expect(throws: StoreError.staleVersion(recordType: "lead", id: lead.id.description, expected: 1, actual: 2)) {
            try await store.write { [late] tx in
                try await tx.update(late, expectedVersion: 1, history: entries("update", ["topic"], second: 2))
            }
        }
        // Refused inside a transaction that goes on: the history is still not written.
        try await store.write { [late] tx in
            _ = try? await tx.update(late, expectedVersion: 1, history: entries("late", ["topic"], second: 3))
        }
        #expect(try await store.read { tx in try await tx.find(Lead.self, lead.id) } == changed)
        // A delete, the same way: nothing at a stale version, the record gone and its entry kept
        // at the right one.
        await #expect(throws: StoreError.staleVersion(recordType: "lead", id: lead.id.description, expected: 1, actual: 2)) {
            try await store.write { tx in
                try await tx.delete(Lead.self, lead.id, expectedVersion: 1, history: entries("delete", [nil], second: 4))
            }
        }
        #expect(try await store.read { tx in try await tx.find(Lead.self, lead.id) } == changed)
        let deleted = entries("delete", [nil], second: 5)
        try await store.write { tx in try await tx.delete(Lead.self, lead.id, expectedVersion: 2, history: deleted) }
        #expect(try await store.read { tx in try await tx.find(Lead.self, lead.id) } == nil)
        let kept = try await store.read { tx in try await tx.history(recordType: "lead", recordId: lead.id.uuid) }
        #expect(kept == created + updated + deleted)
        await store.close()
    }

    @Test("history is appended and read back in order")
    func history() async throws {
        let store = try await migratedStore()
        let record = UUID()
        let at = Date(timeIntervalSince1970: 1_773_567_000)
        let entries = [
            HistoryEntry(id: UUID(), recordType: "lead", recordId: record, at: at, userId: user, action: "create"),
            HistoryEntry(id: UUID(), recordType: "lead", recordId: record, at: at, userId: user, action: "update",
                         field: "topic", oldValue: "a", newValue: "b"),
            HistoryEntry(id: UUID(), recordType: "lead", recordId: record, at: at, userId: user, action: "update",
                         field: "email", oldValue: nil, newValue: "x@example.com"),
        ]
        try await store.write { tx in try await tx.appendHistory(entries) }
        try await store.write { tx in
            try await tx.appendHistory([HistoryEntry(id: UUID(), recordType: "lead", recordId: UUID(), at: at, userId: user, action: "create")])
        }
        #expect(try await store.read { tx in try await tx.history(recordType: "lead", recordId: record) } == entries)
        await store.close()
    }

    @Test("money is stored as integers of scale 4, so SQL sums are exact")
    func moneyColumns() async throws {
        let store = try await migratedStore()
        for total in ["1305.00", "0.10", "0.20"] {
            var pricing = Pricing(currency: "EUR", exchangeRate: 1, lines: [])
            pricing.totals.totalAmount = Decimal(string: total) ?? 0
            let quote = try Quote(id: ID(UUID()), info: RecordInfo(at: Date(), by: user), number: "Q-\(total)", opportunityId: nil,
                                  customer: .account(ID(UUID())), fields: QuoteFields(name: "q"), pricing: pricing)
            try await store.write { tx in try await tx.insert(quote) }
        }
        let sum = try await store.read { tx in
            try await tx.rows("SELECT CAST(SUM(total_amount) AS BIGINT) AS total FROM quotes").first?.decode(column: "total", as: Int64.self)
        }
        #expect(sum == 13_053_000)
        #expect(Decimal(scaledInteger: sum ?? 0, scale: 4) == Decimal(string: "1305.30"))
        await store.close()
    }

    @Test("migration 5 fills the process and report columns of records written before it")
    func processColumnsBackfill() async throws {
        let store = try await migratedStore()
        let process = try SalesProcess(id: ID(UUID()), info: RecordInfo(at: Date(), by: user), name: "Default", isDefault: true,
                                       stages: SalesProcess.defaultStages)
        var lead = try makeLead("Desks")
        lead.process = process.entry(forLead: true)
        let created = Date(timeIntervalSince1970: 1_773_532_800)   // 2026-03-15
        var opportunity = try Opportunity(id: ID(UUID()), info: RecordInfo(at: created, by: user),
                                          fields: OpportunityFields(name: "Deal", customer: .account(ID(UUID())), probability: 40,
                                                                    revenueMode: .userProvided, estimatedRevenue: 500),
                                          pricing: Pricing(currency: "USD", exchangeRate: Decimal(string: "1.25") ?? 1))
        opportunity.process = process.entry(forLead: false)
        try opportunity.win(actualRevenue: 250, closeDate: Day("2026-04-14") ?? Day(created), openQuotes: [], closeQuotes: false)
        let columns = "process_id, stage, probability, actual_revenue_base, cycle_days"
        func read() async throws -> [String] {
            try await store.read { tx in
                let leadRow = try await tx.rows("SELECT process_id, stage FROM leads").first
                let row = try await tx.rows("SELECT \(unsafeRaw: columns) FROM opportunities").first
                return [try leadRow?.decode(column: "stage", as: String?.self) ?? "-",
                        try row?.decode(column: "process_id", as: String?.self) == process.id.description ? "process" : "-",
                        try row?.decode(column: "stage", as: String?.self) ?? "-",
                        String(try row?.decode(column: "probability", as: Int64?.self) ?? -1),
                        String(try row?.decode(column: "actual_revenue_base", as: Int64?.self) ?? -1),
                        String(try row?.decode(column: "cycle_days", as: Int64?.self) ?? -1)]
            }
        }
        let (oldLead, oldOpportunity) = (lead, opportunity)
        try await store.write { tx in
            try await tx.insert(oldLead)
            try await tx.insert(oldOpportunity)
            // As the rows of a database from before migration 5 look.
            try await tx.run("UPDATE leads SET process_id = NULL, stage = NULL")
            try await tx.run("UPDATE opportunities SET process_id = NULL, stage = NULL, probability = NULL, actual_revenue_base = NULL, cycle_days = NULL")
        }
        #expect(try await read() == ["-", "-", "-", "-1", "-1", "-1"])
        try await store.write { tx in try await Migration.processes.backfill?(tx) }
        #expect(try await read() == ["qualify", "process", "develop", "40", "2000000", "30"])
        await store.close()
    }
}

/// Runs `body`, then closes `store` whether it threw or not: a store left open when a test
/// fails must not take the whole run down with it.
func closing(_ store: Store, _ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch {
        await store.close()
        throw error
    }
    await store.close()
}
