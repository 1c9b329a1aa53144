import Foundation
import SQLKit
import Testing
@testable import VendoCore
@testable import VendoStore

/// The index of custom values (migration 21): kept by triggers on both engines, filled for
/// records already there, and read by filters and sorts.
@Suite("Store: the index of custom values")
struct CustomValuesTests {
    func lead(_ topic: String, _ values: CustomValues, at seconds: Double = 1_773_567_000) throws -> Lead {
        var lead = try makeLead(topic, at: seconds)
        lead.fields.customFields = values.isEmpty ? nil : values
        return lead
    }

    /// The rows of `custom_values` for `id`: key=text(/number) sorted.
    func indexed(_ store: Store, _ id: ID<Lead>) async throws -> [String] {
        try await store.read { tx in
            try await tx.rows("""
                SELECT key, text_value, number_value FROM custom_values WHERE record_table = 'leads' AND record_id = \(bind: id.description)
                """).map { row in
                let number = try row.decode(column: "number_value", as: Double?.self)
                return "\(try row.decode(column: "key", as: String.self))=\(try row.decode(column: "text_value", as: String.self))"
                    + (number.map { "/\($0)" } ?? "")
            }.sorted()
        }
    }

    func topics(_ store: Store, _ query: ListQuery, between: @escaping (Int) async throws -> Void = { _ in }) async throws -> [String] {
        var query = query
        var seen: [String] = []
        var page = 0
        while true {
            let result = try await store.read { [query] tx in try await tx.list(Lead.self, query) }
            seen += result.items.map(\.fields.topic)
            guard let next = result.nextCursor else { return seen }
            page += 1
            try await between(page)
            query.cursor = next
        }
    }

    @Test("inserts, changes and deletes keep the index: a row per value, one per choice of a list")
    func triggers() async throws {
        let store = try await migratedStore()
        try await closing(store) {
            let first = try lead("First", ["region": .text("north"), "fleet": .integer(40), "vip": .bool(true),
                                           "score": .text("-12.50"), "tags": .list(["a", "b"]), "code": .text("12-A")])
            let bare = try lead("Bare", [:])
            try await store.write { tx in try await tx.insert([first, bare]) }
            #expect(try await indexed(store, first.id)
                == ["code=12-A", "fleet=40/40.0", "region=north", "score=-12.50/-12.5", "tags=a", "tags=b", "vip=true"])
            #expect(try await indexed(store, bare.id).isEmpty)

            var changed = first
            changed.fields.customFields = ["region": .text("south"), "tags": .list(["c"]), "vip": .bool(false)]
            changed.info.version += 1
            try await store.write { [changed] tx in try await tx.update(changed, expectedVersion: first.info.version) }
            #expect(try await indexed(store, first.id) == ["region=south", "tags=c", "vip=false"])
            // A change that leaves the values alone leaves their rows alone.
            var renamed = changed
            renamed.fields.topic = "First, renamed"
            renamed.info.version += 1
            try await store.write { [renamed, changed] tx in try await tx.update(renamed, expectedVersion: changed.info.version) }
            #expect(try await indexed(store, first.id) == ["region=south", "tags=c", "vip=false"])

            try await store.write { [renamed] tx in try await tx.delete(Lead.self, first.id, expectedVersion: renamed.info.version) }
            #expect(try await indexed(store, first.id).isEmpty)
            #expect(try await store.read { tx in try await tx.hasCustomValue(Lead.self, key: "region") } == false)
        }
    }

    @Test("filters read the index; a sort pages by key through the valued records, then the others, with inserts between pages",
          arguments: [false, true])
    func sortedPages(descending: Bool) async throws {
        let store = try await migratedStore()
        try await closing(store) {
            // Twelve leads: eight with a fleet (some equal, so that the id breaks ties), four without.
            let fleets: [Int?] = [30, 5, nil, 30, 120, nil, 7, 30, nil, 5, 64, nil]
            let leads = try fleets.enumerated().map { index, fleet in
                try lead("L\(index)", fleet.map { ["fleet": .integer($0), "region": .text(index % 2 == 0 ? "north" : "south")] } ?? [:],
                         at: 1_773_567_000 + Double(index))
            }
            try await store.write { tx in try await tx.insert(leads) }
            var query = ListQuery(descending: descending, limit: 3)
            query.customSort = CustomSort(key: "fleet", numeric: true)
            var inserted: [Lead] = []
            let seen = try await topics(store, query) { page in
                // A lead in the middle of the valued ones, and one without: neither repeats nor moves others.
                let more = [try lead("N\(page)", ["fleet": .integer(31)]), try lead("M\(page)", [:])]
                inserted += more
                try await store.write { tx in try await tx.insert(more) }
            }
            let expected = (leads + inserted).sorted { a, b in
                let (x, y) = (a.fields.customFields?["fleet"], b.fields.customFields?["fleet"])
                switch (x, y) {
                case (.integer(let p)?, .integer(let q)?) where p != q: return descending ? p > q : p < q
                case (.some, nil): return true
                case (nil, .some): return false
                default: return descending ? a.id.description > b.id.description : a.id.description < b.id.description
                }
            }
            // Every original lead once, in order; inserted ones appear at most once, where they belong.
            #expect(Set(seen).count == seen.count)
            #expect(seen.filter { $0.hasPrefix("L") } == expected.map(\.fields.topic).filter { $0.hasPrefix("L") })
            #expect(seen == expected.map(\.fields.topic).filter(seen.contains))

            // The list's other conditions still apply to a sorted page.
            var north = ListQuery(descending: descending, limit: 2)
            north.customSort = CustomSort(key: "fleet", numeric: true)
            north.customFilters = [CustomFilter(key: "region", comparison: .text("north"))]
            let northern = leads.filter { $0.fields.customFields?["region"] == .text("north") }
            #expect(Set(try await topics(store, north)) == Set(northern.map(\.fields.topic)))
            north.customFilters = [CustomFilter(key: "fleet", comparison: .integer(30))]
            #expect(try await topics(store, north).count == 3)
            // Few matches make a list of ids, many a probe per record: both find the same records.
            for filter in [CustomFilter(key: "region", comparison: .text("north")), CustomFilter(key: "fleet", comparison: .integer(30))] {
                let (probed, listed) = try await store.read { tx in
                    let probe = try Transaction.customCondition(filter, table: "leads", dialect: tx.dialect)
                    let list = try await tx.customCondition(filter, table: "leads")
                    return (try await tx.rows("SELECT id FROM leads WHERE " + probe).map { try $0.decode(column: "id", as: String.self) },
                            try await tx.rows("SELECT id FROM leads WHERE " + list).map { try $0.decode(column: "id", as: String.self) })
                }
                #expect(!probed.isEmpty && Set(probed) == Set(listed), "\(filter.key)")
            }
            // A cursor of another sort is refused, as one that was tampered with.
            var wrong = query
            wrong.cursor = Transaction.makeCursor(1, UUID().uuidString)
            await #expect(throws: StoreError.self) { _ = try await store.read { [wrong] tx in try await tx.list(Lead.self, wrong) } }
            wrong.cursor = Transaction.makeCustomCursor(valued: true, id: UUID().uuidString, value: "many")
            await #expect(throws: StoreError.self) { _ = try await store.read { [wrong] tx in try await tx.list(Lead.self, wrong) } }
        }
    }

    @Test("a long text (up to 10,000 characters) is indexed by its beginning; a filter on it still finds only the exact value")
    func longText() async throws {
        let store = try await migratedStore()
        try await closing(store) {
            // 9,000 characters that do not compress: more than a PostgreSQL index entry holds
            // (2,704 bytes); the two texts share 9,000 and differ in the last one.
            var seed: UInt64 = 42
            let common = String((0..<9_000).map { _ -> Character in
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Array("abcdefghijklmnopqrstuvwxyzéèà0123456789 ")[Int(seed >> 33) % 40]
            })
            let first = try lead("First", ["notes": .text(common + "1")]), second = try lead("Second", ["notes": .text(common + "2")])
            try await store.write { tx in try await tx.insert([first, second]) }
            #expect(try await indexed(store, first.id) == ["notes=" + Transaction.indexed(common)])
            for (text, expected) in [(common + "2", ["Second"]), (common, [])] {
                var query = ListQuery()
                query.customFilters = [CustomFilter(key: "notes", comparison: .text(text))]
                #expect(try await topics(store, query) == expected)
                let probed = try await store.read { [query] tx in
                    try await tx.rows("SELECT id FROM leads WHERE " + (try Transaction.customCondition(query.customFilters[0], table: "leads",
                                                                                                         dialect: tx.dialect))).count
                }
                #expect(probed == expected.count)
            }
        }
    }

    @Test("Migration 21 indexes the values of records written before it")
    func backfill() async throws {
        let store = try await Store.open(.forTests)
        try await closing(store) {
            try await store.migrate(upTo: 20)
            let old = try lead("Old", ["region": .text("north"), "tags": .list(["x", "y"]), "rate": .text("0.5")])
            try await store.write { tx in try await tx.insert([old, try lead("Plain", [:])]) }
            #expect(try await store.migrate().first == 21)
            #expect(try await indexed(store, old.id) == ["rate=0.5/0.5", "region=north", "tags=x", "tags=y"])
            var query = ListQuery()
            query.customFilters = [CustomFilter(key: "tags", comparison: .contains("y"))]
            #expect(try await topics(store, query) == ["Old"])
        }
    }
}
