import Foundation
import SQLKit

/// One table's copy, as checked after copying.
public struct TableCopy: Sendable, Equatable {
    public var table: String
    public var rows: Int
    /// Sums of the table's integer columns other than times (money, quantities, versions) agree.
    public var sumsMatch: Bool
}

public enum CopyError: Error, Sendable, Equatable, CustomStringConvertible {
    case targetNotEmpty(String)
    case mismatch(table: String, detail: String)
    case notSQLite

    public var description: String {
        switch self {
        case .targetNotEmpty(let table): return "the target database already holds data (table \(table)); copy into an empty one"
        case let .mismatch(table, detail): return "the copy of \(table) differs from the original: \(detail)"
        case .notSQLite: return "this works on an SQLite database only"
        }
    }
}

extension Store {
    /// Every table Vendo keeps, migrations' bookkeeping, SQLite's search indexes and the derived
    /// tables aside (those are derived from the data, and rebuilt by their triggers).
    public func dataTables() async throws -> [String] {
        let searchIndexes = Set(StoreSchema.searchIndexedTables.map { $0 + "_search" })
        return try await read { tx in
            let query: SQLQueryString = tx.dialect == .postgres
                ? "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
                : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            return try await tx.rows(query).map { try $0.decode(column: "name", as: String.self) }
                .filter { name in
                    name != "schema_migrations" && !StoreSchema.derivedTables.contains(name)
                        && !searchIndexes.contains { name == $0 || name.hasPrefix($0 + "_") }
                }
                .sorted()
        }
    }

    /// Copies every row of every table into `target` (migrated, and empty), in one transaction
    /// of the target, then checks row counts and the sums of every integer column. Nothing is
    /// left in the target when anything fails.
    public func copyAll(to target: Store, progress: @escaping @Sendable (String, Int) -> Void = { _, _ in }) async throws -> [TableCopy] {
        guard case .sqlite = engine else { throw CopyError.notSQLite }
        try await migrate()
        try await target.migrate()
        let tables = try await dataTables()
        let source = self
        try await target.write { tx in
            for table in tables {
                if !(try await tx.rows("SELECT 1 AS one FROM \(ident: table) LIMIT 1")).isEmpty { throw CopyError.targetNotEmpty(table) }
            }
            for table in tables {
                let columns = try await source.columns(of: table)
                var after: Int64 = 0
                var copied = 0
                while true {
                    let start = after
                    let batch = try await source.read { reader in
                        try await reader.rows("""
                            SELECT rowid AS vendo_rowid, \(idents: columns.map(\.name), joinedBy: ", ") FROM \(ident: table)
                            WHERE rowid > \(bind: start) ORDER BY rowid LIMIT 500
                            """)
                    }
                    guard let last = batch.last else { break }
                    after = try last.decode(column: "vendo_rowid", as: Int64.self)
                    var values: [SQLQueryString] = []
                    for row in batch {
                        var binds: [any Encodable & Sendable] = []
                        for column in columns {
                            if column.integer {
                                binds.append(try row.decode(column: column.name, as: Int64?.self))
                            } else {
                                binds.append(try row.decode(column: column.name, as: String?.self))
                            }
                        }
                        values.append("(\(binds: binds))")
                    }
                    try await tx.run("""
                        INSERT INTO \(ident: table) (\(idents: columns.map(\.name), joinedBy: ", ")) VALUES \(values.joined(separator: ", "))
                        """)
                    copied += batch.count
                    progress(table, copied)
                }
            }
        }
        var report: [TableCopy] = []
        for table in tables {
            // A record table sums its versions and the amounts and numbers its declaration names;
            // another table every integer column but times, which would overflow a sum.
            let summed: [String]
            if let declared = StoreSchema.tables.first(where: { $0.table == table && $0.recordType != nil }) {
                summed = ["version"] + declared.columns.filter { $0.type == .money || $0.type == .integer }.map(\.name)
            } else {
                summed = try await columns(of: table).filter { $0.integer && $0.name != "at" && !$0.name.hasSuffix("_at") }.map(\.name)
            }
            let mine = try await figures(of: table, sums: summed)
            let theirs = try await target.figures(of: table, sums: summed)
            if mine.count != theirs.count {
                throw CopyError.mismatch(table: table, detail: "\(mine.count) rows here, \(theirs.count) there")
            }
            if mine.sums != theirs.sums {
                throw CopyError.mismatch(table: table, detail: "the sums of \(summed.joined(separator: ", ")) differ")
            }
            report.append(TableCopy(table: table, rows: mine.count, sumsMatch: true))
        }
        return report
    }

    struct ColumnInfo: Sendable {
        let name: String
        let integer: Bool
    }

    /// A table's columns, and which hold integers (SQLite's declared types).
    func columns(of table: String) async throws -> [ColumnInfo] {
        try await read { tx in
            try await tx.rows("SELECT name, type FROM pragma_table_info(\(bind: table)) ORDER BY cid").map { row in
                let type = try row.decode(column: "type", as: String.self).uppercased()
                return ColumnInfo(name: try row.decode(column: "name", as: String.self), integer: type.contains("INT"))
            }
        }
    }

    /// Row count and the sum of each listed column (as text, so that any size compares).
    func figures(of table: String, sums columns: [String]) async throws -> (count: Int, sums: [String]) {
        try await read { tx in
            var selected: [SQLQueryString] = ["CAST(COUNT(*) AS BIGINT) AS n"]
            for (index, column) in columns.enumerated() {
                selected.append("CAST(COALESCE(SUM(\(ident: column)), 0) AS TEXT) AS s\(unsafeRaw: String(index))")
            }
            guard let row = try await tx.rows("SELECT \(selected.joined(separator: ", ")) FROM \(ident: table)").first else {
                return (0, [])
            }
            let count = try row.decode(column: "n", as: Int.self)
            let sums = try columns.indices.map { try row.decode(column: "s\($0)", as: String.self) }
            return (count, sums)
        }
    }

    /// A consistent copy of the SQLite database at `path` (a new file), taken while the server
    /// may be running: `VACUUM INTO` reads one snapshot.
    public func backup(to path: String) async throws {
        guard case .sqlite(let sqlite) = engine else { throw CopyError.notSQLite }
        // VACUUM INTO writes into an empty file it finds, keeping its mode.
        try PrivateFiles.create(path)
        do {
            try await sqlite.exclusive { try await $0.raw("VACUUM INTO \(bind: path)").run() }
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
    }

    /// Whether the SQLite file is intact (`PRAGMA integrity_check`).
    public func integrityCheck() async throws -> String {
        guard case .sqlite = engine else { throw CopyError.notSQLite }
        return try await read { tx in
            try await tx.rows("PRAGMA integrity_check").map { try $0.decode(column: "integrity_check", as: String.self) }.joined(separator: "; ")
        }
    }
}
