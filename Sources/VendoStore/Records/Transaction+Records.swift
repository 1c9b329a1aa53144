import Foundation
import SQLKit
import VendoCore

extension Transaction {
    private static let commonColumns = ["id", "version", "created_at", "modified_at", "created_by", "owner_id",
                                        "state", "status", "search", "data"]

    /// A write of a webhook makes the transaction read the active ones again (`memo`).
    private func forgetRead<R: StoredRecord>(_ type: R.Type) {
        if R.self == Webhook.self { memo.withLock { $0.activeWebhooks = nil } }
    }

    private func values<R: StoredRecord>(_ record: R) throws -> [(String, any Encodable & Sendable)] {
        let common: [(String, any Encodable & Sendable)] = [
            ("id", record.id.description), ("version", Int64(record.info.version)),
            ("created_at", Self.timestamp(record.info.createdAt)), ("modified_at", Self.timestamp(record.info.modifiedAt)),
            ("created_by", record.info.createdBy.description), ("owner_id", record.info.ownerId.description),
            ("state", record.stateColumn), ("status", record.statusColumn), ("search", record.searchText),
            ("data", try Self.encode(record)),
        ]
        return common + record.columns
    }

    public func insert<R: StoredRecord>(_ record: R) async throws {
        try await run(insertStatement(record))
    }

    /// Inserts a record with its history entries: on PostgreSQL in one statement, where each
    /// statement is a round trip to the server.
    public func insert<R: StoredRecord>(_ record: R, history: [HistoryEntry]) async throws {
        guard mergesHistory(history) else {
            try await insert(record)
            try await appendHistory(history)
            return
        }
        _ = try await rows(withHistory(insertStatement(record) + " RETURNING id", history))
    }

    private func insertStatement<R: StoredRecord>(_ record: R) throws -> SQLQueryString {
        forgetRead(R.self)
        let values = try values(record)
        return "INSERT INTO \(ident: R.table) (\(idents: values.map(\.0), joinedBy: ", ")) VALUES (\(binds: values.map(\.1)))"
    }

    /// Whether a write and its history go in one statement: on PostgreSQL, when there is any
    /// history and it leaves room for the record's own values.
    private func mergesHistory(_ history: [HistoryEntry]) -> Bool {
        dialect == .postgres && !history.isEmpty && history.count <= Self.historyPerStatement / 2
    }

    /// A PostgreSQL statement that writes `history` for each row that `write` (returning them)
    /// wrote: none when it wrote none, as an update over a stale version.
    private func withHistory(_ write: SQLQueryString, _ history: [HistoryEntry]) -> SQLQueryString {
        "WITH saved AS (\(write)) INSERT INTO history \(Self.historyColumns) SELECT entry.* FROM saved CROSS JOIN (VALUES "
            + Self.historyRows(history, 0..<history.count) + ") AS entry RETURNING 1 AS written"
    }

    /// Inserts records of one type with as few statements as the engine's limit on bound
    /// values allows (a bulk import's rows, a few hundred at a time).
    public func insert<R: StoredRecord>(_ records: [R]) async throws {
        forgetRead(R.self)
        guard let first = records.first else { return }
        let columns = try values(first).map(\.0)
        let perStatement = max(1, Self.bindLimit / columns.count)
        var start = 0
        while start < records.count {
            let chunk = records[start..<min(start + perStatement, records.count)]
            var query: SQLQueryString = "INSERT INTO \(ident: R.table) (\(idents: columns, joinedBy: ", ")) VALUES "
            for (index, record) in chunk.enumerated() {
                query += index == 0 ? "(\(binds: try values(record).map(\.1)))" : ", (\(binds: try values(record).map(\.1)))"
            }
            try await run(query)
            start += chunk.count
        }
    }

    /// Bound values in one statement: under SQLite's 32,766 and PostgreSQL's 65,535.
    static let bindLimit = 30_000

    /// Saves `record` over the stored version `expectedVersion`; throws `staleVersion` when
    /// someone else saved in between, changing nothing.
    public func update<R: StoredRecord>(_ record: R, expectedVersion: Int) async throws {
        if try await rows(updateStatement(record, expectedVersion: expectedVersion)).isEmpty {
            throw try await missing(R.self, record.id.description, expectedVersion: expectedVersion)
        }
    }

    /// Saves `record` over `expectedVersion` with its history entries: on PostgreSQL in one
    /// statement.
    public func update<R: StoredRecord>(_ record: R, expectedVersion: Int, history: [HistoryEntry]) async throws {
        guard mergesHistory(history) else {
            try await update(record, expectedVersion: expectedVersion)
            try await appendHistory(history)
            return
        }
        if try await rows(withHistory(updateStatement(record, expectedVersion: expectedVersion), history)).isEmpty {
            throw try await missing(R.self, record.id.description, expectedVersion: expectedVersion)
        }
    }

    private func updateStatement<R: StoredRecord>(_ record: R, expectedVersion: Int) throws -> SQLQueryString {
        forgetRead(R.self)
        let values = try values(record).filter { $0.0 != "id" && $0.0 != "created_at" && $0.0 != "created_by" }
        var query: SQLQueryString = "UPDATE \(ident: R.table) SET "
        for (index, (column, value)) in values.enumerated() {
            query += index == 0 ? "\(ident: column) = \(bind: value)" : ", \(ident: column) = \(bind: value)"
        }
        return query + " WHERE id = \(bind: record.id.description) AND version = \(bind: Int64(expectedVersion)) RETURNING id"
    }

    public func delete<R: StoredRecord>(_ type: R.Type, _ id: ID<R>, expectedVersion: Int) async throws {
        if try await rows(deleteStatement(R.self, id, expectedVersion: expectedVersion)).isEmpty {
            throw try await missing(R.self, id.description, expectedVersion: expectedVersion)
        }
    }

    /// Deletes a record at `expectedVersion` with its history entries: on PostgreSQL in one
    /// statement.
    public func delete<R: StoredRecord>(_ type: R.Type, _ id: ID<R>, expectedVersion: Int, history: [HistoryEntry]) async throws {
        guard mergesHistory(history) else {
            try await delete(R.self, id, expectedVersion: expectedVersion)
            try await appendHistory(history)
            return
        }
        if try await rows(withHistory(deleteStatement(R.self, id, expectedVersion: expectedVersion), history)).isEmpty {
            throw try await missing(R.self, id.description, expectedVersion: expectedVersion)
        }
    }

    private func deleteStatement<R: StoredRecord>(_ type: R.Type, _ id: ID<R>, expectedVersion: Int) -> SQLQueryString {
        forgetRead(R.self)
        return "DELETE FROM \(ident: R.table) WHERE id = \(bind: id.description) AND version = \(bind: Int64(expectedVersion)) RETURNING id"
    }

    private func missing<R: StoredRecord>(_ type: R.Type, _ id: String, expectedVersion: Int) async throws -> StoreError {
        let found = try await rows("SELECT version FROM \(ident: R.table) WHERE id = \(bind: id)")
        guard let row = found.first else { return .notFound(recordType: R.recordType, id: id) }
        let actual = try row.decode(column: "version", as: Int.self)
        return .staleVersion(recordType: R.recordType, id: id, expected: expectedVersion, actual: actual)
    }

    /// One record; in a PostgreSQL write it stays locked until the transaction ends, so that
    /// the change made from it cannot be overtaken.
    public func find<R: StoredRecord>(_ type: R.Type, _ id: ID<R>) async throws -> R? {
        try await select(R.self, where: "id = \(bind: id.description)", locking: true).first
    }

    /// Records matching a condition, oldest first.
    func select<R: StoredRecord>(_ type: R.Type, where condition: SQLQueryString, limit: Int? = nil,
                                 locking: Bool = false) async throws -> [R] {
        var query: SQLQueryString = "SELECT data FROM \(ident: R.table) WHERE \(condition) ORDER BY created_at, id"
        if let limit { query += " LIMIT \(literal: limit)" }
        if locking { query += lockClause }
        return try await rows(query).map { try Self.decode(R.self, try $0.decode(column: "data", as: String.self)) }
    }

    func count<R: StoredRecord>(_ type: R.Type, where condition: SQLQueryString) async throws -> Int {
        let found = try await rows("SELECT COUNT(*) AS n FROM \(ident: R.table) WHERE \(condition)")
        return try found.first?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Writes every record's columns again from its document, keeping its version (a migration
    /// that adds columns fills them with this).
    func rewriteColumns<R: StoredRecord>(_ type: R.Type) async throws {
        var after = ""
        while true {
            let batch = try await rows("SELECT id, data FROM \(ident: R.table) WHERE id > \(bind: after) ORDER BY id LIMIT 500")
            guard !batch.isEmpty else { return }
            for row in batch {
                after = try row.decode(column: "id", as: String.self)
                let record = try Self.decode(R.self, try row.decode(column: "data", as: String.self))
                try await update(record, expectedVersion: record.info.version)
            }
        }
    }
}
