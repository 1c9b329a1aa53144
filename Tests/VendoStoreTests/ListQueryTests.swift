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
        // Every declared table: its filters, and the columns a delete looks references up in.
        for table in StoreSchema.tables {
            let common = table.recordType == nil ? [] : ["state", "status", "owner_id", "created_at", "modified_at"]
            var columns = common
            for reference in table.references {
                if case .column(let column) = reference.place { columns.append(column) }
            }
            for type in StoreSchema.recordTypes where type.table == table.table {
                columns += type.filterColumns
            }
            for column in columns {
                #expect(indexed[table.table]?.contains(column) == true, "\(table.table).\(column) has no index")
            }
        }
        await store.close()
    }
}

@Suite("Store: the declared schema")
struct DeclaredSchemaTests {
    @Test("every declared table and column exists, and every unique rule has a unique index")
    func declarationsMatchTheDatabase() async throws {
        let store = try await migratedStore()
        try await closing(store) {
            for table in StoreSchema.tables {
                let found = try await store.read { tx in
                    try await tx.rows("SELECT * FROM \(ident: table.table) LIMIT 0").count
                }
                #expect(found == 0)
                var columns = table.columns.map(\.name)
                for reference in table.references {
                    if case .column(let column) = reference.place { columns.append(column) }
                }
                for column in columns {
                    await #expect(throws: Never.self, "\(table.table).\(column)") {
                        try await store.read { tx in _ = try await tx.rows("SELECT \(ident: column) FROM \(ident: table.table) LIMIT 1") }
                    }
                }
                // A second row with the same values is refused.
                for rule in table.unique {
                    let unique = try await store.read { tx in try await tx.uniqueIndexes(of: table.table) }
                    #expect(unique.contains(rule), "\(table.table) \(rule) has no unique index")
                }
            }
            // Every reference names declared record types, and every id column is a declared reference.
            let types = Set(StoreSchema.recordTypes.map { $0.recordType })
            for table in StoreSchema.tables {
                var referencing: Set<String> = []
                for reference in table.references {
                    #expect(Set(reference.to).isSubset(of: types), "\(table.table): \(reference.to)")
                    if case .column(let column) = reference.place { referencing.insert(column) }
                }
                for column in table.columns.map(\.name) where column.hasSuffix("_id") {
                    #expect(referencing.contains(column), "\(table.table).\(column) holds ids but declares no reference")
                }
            }
        }
    }
}

extension Transaction {
    /// The column lists of a table's unique indexes (and unique constraints).
    func uniqueIndexes(of table: String) async throws -> [[String]] {
        if dialect == .postgres {
            return try await rows("""
                SELECT array_to_string(array_agg(a.attname ORDER BY k.n), ',') AS cols
                FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace s ON s.oid = c.relnamespace
                CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)
                JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
                WHERE i.indisunique AND NOT i.indisprimary AND c.relname = \(bind: table) AND s.nspname = current_schema()
                GROUP BY i.indexrelid
                """).map { try $0.decode(column: "cols", as: String.self).split(separator: ",").map(String.init) }
        }
        var found: [[String]] = []
        for index in try await rows("SELECT name FROM pragma_index_list(\(bind: table)) WHERE \"unique\" = 1 AND origin != 'pk'") {
            let name = try index.decode(column: "name", as: String.self)
            found.append(try await rows("SELECT name FROM pragma_index_info(\(bind: name)) ORDER BY seqno")
                .map { try $0.decode(column: "name", as: String.self) })
        }
        return found
    }
}
