import SQLKit

extension Migration {
    /// On SQLite, a trigram full-text index of the `search` column of the tables people search,
    /// kept by triggers: `q=` on a million leads scanned every row (1.7 s); the index answers a
    /// search of three characters or more from the rows that hold it. The index matches
    /// substrings as `LIKE '%…%'` does. PostgreSQL keeps its `LIKE` scan for now.
    static let searchIndexes = Migration(version: 10, name: "search indexes", statements: [], backfill: { tx in
        guard tx.dialect == .sqlite else { return }
        // The tables of version 10, frozen: a table indexed later gets its index in its own migration.
        for table in ["accounts", "activities", "contacts", "invoices", "leads", "opportunities", "orders", "products", "quotes"] {
            let index = "\(table)_search"
            try await tx.run("CREATE VIRTUAL TABLE \(ident: index) USING fts5(search, content=\(literal: table), content_rowid='rowid', tokenize='trigram')")
            try await tx.run("""
                CREATE TRIGGER \(ident: index + "_insert") AFTER INSERT ON \(ident: table) BEGIN
                    INSERT INTO \(ident: index) (rowid, search) VALUES (new.rowid, new.search);
                END
                """)
            try await tx.run("""
                CREATE TRIGGER \(ident: index + "_delete") AFTER DELETE ON \(ident: table) BEGIN
                    INSERT INTO \(ident: index) (\(ident: index), rowid, search) VALUES ('delete', old.rowid, old.search);
                END
                """)
            try await tx.run("""
                CREATE TRIGGER \(ident: index + "_update") AFTER UPDATE OF search ON \(ident: table) WHEN old.search IS NOT new.search BEGIN
                    INSERT INTO \(ident: index) (\(ident: index), rowid, search) VALUES ('delete', old.rowid, old.search);
                    INSERT INTO \(ident: index) (rowid, search) VALUES (new.rowid, new.search);
                END
                """)
            try await tx.run("INSERT INTO \(ident: index) (\(ident: index)) VALUES ('rebuild')")
        }
    })
}
