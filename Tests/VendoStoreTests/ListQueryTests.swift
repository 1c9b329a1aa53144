import Foundation
import SQLKit
import Testing
@testable import VendoCore
@testable import VendoStore

@Suite("Lists: filters and keyset pagination")
struct ListQueryTests {
    func insert(_ store: Store, _ leads: [Lead]) async throws {
        try await store.write { tx in for lead in leads { try await tx.insert(lead) } }
    }

    func allPages(_ store: Store, _ query: ListQuery, between: (Int) async throws -> Void = { _ in }) async throws -> [Lead] {
        var seen: [Lead] = []
        var query = query
        var page = 0
        while true {
            let result = try await store.read { [query] tx in try await tx.list(Lead.self, query) }
            seen += result.items
            guard let next = result.nextCursor else { break }
            page += 1
            try await between(page)
            query.cursor = next
        }
        return seen
    }

    @Test("pages neither repeat nor skip records while others are inserted between pages", arguments: [true, false])
    func paginationUnderInserts(descending: Bool) async throws {
        let store = try await migratedStore()
        // Some leads share a creation time, so the id must break ties.
        let original = try (0..<25).map { try makeLead("lead \($0)", at: 1_773_567_000 + Double($0 / 2)) }
        try await insert(store, original)
        var inserted: [Lead] = []
        let seen = try await allPages(store, ListQuery(sort: .createdAt, descending: descending, limit: 7)) { page in
            let newer = try makeLead("newer \(page)", at: 1_773_600_000 + Double(page))
            let older = try makeLead("older \(page)", at: 1_773_000_000 - Double(page))
            inserted += [newer, older]
            try await insert(store, [newer, older])
        }
        let ids = seen.map(\.id)
        #expect(Set(ids).count == ids.count, "a record appeared twice")
        #expect(Set(original.map(\.id)).isSubset(of: Set(ids)), "an original record was skipped")
        let expectedOrder = seen.sorted {
            ($0.info.createdAt, $0.id.description) < ($1.info.createdAt, $1.id.description)
        }
        #expect(ids == (descending ? expectedOrder.reversed() : expectedOrder).map(\.id))
        #expect(seen.count <= original.count + inserted.count)
        await store.close()
    }

    @Test("filters and search")
    func filters() async throws {
        let store = try await migratedStore()
        try await insert(store, [
            try makeLead("Laptops for Lyon", source: .tradeShow, email: "a@example.com"),
            try makeLead("Printers 100%", source: .web),
            try makeLead("More laptops", source: .web),
        ])
        func topics(_ query: ListQuery) async throws -> Set<String> {
            Set(try await store.read { tx in try await tx.list(Lead.self, query) }.items.map(\.fields.topic))
        }
        #expect(try await topics(ListQuery(filters: ["source": "web"])) == ["Printers 100%", "More laptops"])
        #expect(try await topics(ListQuery(search: "LAPTOP")) == ["Laptops for Lyon", "More laptops"])
        #expect(try await topics(ListQuery(filters: ["source": "web"], search: "laptop")) == ["More laptops"])
        #expect(try await topics(ListQuery(search: "100%")) == ["Printers 100%"])
        #expect(try await topics(ListQuery(search: "_")) == [])
        #expect(try await topics(ListQuery(filters: ["state": "open", "email": "a@example.com"])) == ["Laptops for Lyon"])
        #expect(try await topics(ListQuery(filters: ["state": "qualified"])) == [])
        await store.close()
    }

    @Test("search finds every record whose text holds the term, through the index on SQLite, after updates and deletes too")
    func search() async throws {
        let store = try await migratedStore()
        var leads = try ["Laptops for Lyon", "Printers 100%", #"Say "hi" there"#, "Café Zoë", "lyon again", "Ops"].map { try makeLead($0) }
        try await insert(store, leads)
        func found(_ term: String) async throws -> Set<String> {
            Set(try await store.read { tx in try await tx.list(Lead.self, ListQuery(search: term, limit: 50)) }.items.map(\.fields.topic))
        }
        func expected(_ term: String) -> Set<String> {
            Set(leads.filter { $0.searchText.contains(term.lowercased()) }.map(\.fields.topic))
        }
        let terms = ["lyon", "ops fo", "OPS", #""hi""#, "zoë", "caf", "ly", "%", "100%", "nothing here", "o", "ain"]
        for term in terms { #expect(try await found(term) == expected(term), "\(term)") }
        var renamed = leads[0]
        renamed.fields.topic = "Tablets for Nantes"
        renamed.info.version = 2
        try await store.write { [renamed] tx in try await tx.update(renamed, expectedVersion: 1) }
        try await store.write { [gone = leads[4]] tx in try await tx.delete(Lead.self, gone.id, expectedVersion: 1) }
        leads[0] = renamed
        leads.remove(at: 4)
        for term in terms + ["nantes", "tablets"] { #expect(try await found(term) == expected(term), "\(term) after changes") }
        await store.close()
    }

    @Test("a cursor the server did not give is refused")
    func badCursor() async throws {
        let store = try await migratedStore()
        for cursor in ["", "abc", "bm90IGEgY3Vyc29y", Data("12|not-a-uuid".utf8).base64EncodedString()] {
            await #expect(throws: StoreError.invalidCursor) {
                try await store.read { tx in try await tx.list(Lead.self, ListQuery(cursor: cursor)) }
            }
        }
        await store.close()
    }

    @Test("every list filter and sort is backed by an index that starts with its column")
    func indexes() async throws {
        let store = try await migratedStore()
        let indexed = try await store.read { tx in
            var firstColumns: [String: Set<String>] = [:]
            if tx.dialect == .postgres {
                // indexdef: CREATE INDEX leads_source ON schema.leads USING btree (source, created_at, id)
                for index in try await tx.rows("SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = current_schema()") {
                    let table = try index.decode(column: "tablename", as: String.self)
                    let definition = try index.decode(column: "indexdef", as: String.self)
                    if let open = definition.firstIndex(of: "(") {
                        let first = definition[definition.index(after: open)...].prefix { $0 != "," && $0 != ")" }
                        firstColumns[table, default: []].insert(first.trimmingCharacters(in: .whitespaces))
                    }
                }
                return firstColumns
            }
            let indexes = try await tx.rows("SELECT name, tbl_name FROM sqlite_master WHERE type = 'index'")
            for index in indexes {
                let name = try index.decode(column: "name", as: String.self)
                let table = try index.decode(column: "tbl_name", as: String.self)
                let columns = try await tx.rows("SELECT name FROM pragma_index_info(\(bind: name)) ORDER BY seqno")
                if let first = try columns.first?.decode(column: "name", as: String.self) {
                    firstColumns[table, default: []].insert(first)
                }
            }
            return firstColumns
        }
        func check<R: StoredRecord>(_ type: R.Type) {
            let columns = ["state", "status", "owner_id", "created_at", "modified_at"] + Array(R.filterColumns.values)
            for column in columns {
                #expect(indexed[R.table]?.contains(column) == true, "\(R.table).\(column) has no index")
            }
        }
        check(Lead.self); check(Account.self); check(Contact.self); check(Competitor.self); check(Product.self)
        check(UnitOfMeasure.self); check(PriceList.self); check(PriceListItem.self); check(DiscountList.self)
        check(Opportunity.self); check(Quote.self); check(Order.self); check(Invoice.self); check(CloseRecord.self)
        check(User.self); check(TaxRate.self); check(UnitGroup.self)
        await store.close()
    }
}
