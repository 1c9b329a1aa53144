import Foundation
import SQLKit

/// A numbered schema change. Shipped migrations are never edited: a change is a new migration.
struct Migration: Sendable {
    let version: Int
    let name: String
    let statements: [String]
    /// Runs after the statements, in the same transaction (filling new columns from the documents).
    var backfill: (@Sendable (Transaction) async throws -> Void)?

    init(version: Int, name: String, statements: [String], backfill: (@Sendable (Transaction) async throws -> Void)? = nil) {
        self.version = version
        self.name = name
        self.statements = statements
        self.backfill = backfill
    }

    /// Every migration, in order.
    static let all: [Migration] = [.initialSchema, .credentials, .teams, .sessions, .processes, .capture, .webhooks, .documentContacts, .reportIndexes,
                                   .searchIndexes, .signInAttempts, .importRuns, .tokenUse,
                                   .idempotencyAttempts, .housekeepingIndexes, .invoiceDocuments, .mail, .cardScans]
}

/// Columns every record table has.
func recordTable(_ name: String, _ extra: String = "") -> String {
    """
    CREATE TABLE \(name) (
        id TEXT PRIMARY KEY,
        version BIGINT NOT NULL,
        created_at BIGINT NOT NULL,
        modified_at BIGINT NOT NULL,
        created_by TEXT NOT NULL,
        owner_id TEXT NOT NULL,
        state TEXT,
        status TEXT,
        search TEXT NOT NULL,
        data TEXT NOT NULL\(extra.isEmpty ? "" : ",\n    " + extra)
    )
    """
}

/// The indexes every record table has: its default sorts, and the common filters with them.
func recordIndexes(_ table: String) -> [String] {
    [
        "CREATE INDEX \(table)_created ON \(table) (created_at, id)",
        "CREATE INDEX \(table)_modified ON \(table) (modified_at, id)",
        "CREATE INDEX \(table)_state ON \(table) (state, created_at, id)",
        "CREATE INDEX \(table)_status ON \(table) (status, created_at, id)",
        "CREATE INDEX \(table)_owner ON \(table) (owner_id, created_at, id)",
    ]
}

func filterIndex(_ table: String, _ column: String) -> String {
    "CREATE INDEX \(table)_\(column) ON \(table) (\(column), created_at, id)"
}

extension Store {
    /// Applies the migrations not applied yet, each in its own transaction; returns their versions.
    /// Servers starting together on one PostgreSQL take turns: each migration runs under an
    /// advisory lock and is skipped when another server applied it meanwhile.
    @discardableResult
    public func migrate() async throws -> [Int] {
        try await write { tx in
            try await tx.lockMigrations()
            try await tx.run("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)
                """)
        }
        var done: [Int] = []
        for migration in Migration.all {
            let applied = try await write { tx in
                try await tx.lockMigrations()
                let found = try await tx.rows("SELECT version FROM schema_migrations WHERE version = \(bind: Int64(migration.version))")
                if !found.isEmpty { return false }
                for statement in migration.statements { try await tx.run(SQLQueryString(statement)) }
                try await migration.backfill?(tx)
                try await tx.run("""
                    INSERT INTO schema_migrations (version, name, applied_at)
                    VALUES (\(bind: Int64(migration.version)), \(bind: migration.name), \(bind: Transaction.timestamp(Date())))
                    """)
                return true
            }
            if applied { done.append(migration.version) }
        }
        return done
    }

    /// Versions of the applied migrations.
    public func appliedMigrations() async throws -> [Int] {
        try await read { tx in
            try await tx.rows("SELECT version FROM schema_migrations ORDER BY version").map {
                try $0.decode(column: "version", as: Int.self)
            }
        }
    }
}

extension Transaction {
    /// On PostgreSQL, one migrating server at a time per schema (the lock ends with the transaction).
    func lockMigrations() async throws {
        if dialect == .postgres { try await run("SELECT pg_advisory_xact_lock(7460001, hashtext(current_schema()))") }
    }

    /// On PostgreSQL, one server at a time prepares an empty database (settings, base currency,
    /// default process), so that servers starting together do it once.
    public func lockSetup() async throws {
        if dialect == .postgres { try await run("SELECT pg_advisory_xact_lock(7460002, hashtext(current_schema()))") }
    }
}
