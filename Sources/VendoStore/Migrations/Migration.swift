import Foundation
import SQLKit

/// A numbered schema change. Shipped migrations are never edited: a change is a new migration.
/// Each one is self-contained: its own SQL, and any data it rewrites read through shapes frozen
/// in its own file, never through record types or helpers that change later.
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
                                   .idempotencyAttempts, .housekeepingIndexes, .invoiceDocuments, .mail, .cardScans, .referenceIndexes,
                                   .forecastTotals, .customValues]
}

extension Store {
    /// Applies the migrations not applied yet, each in its own transaction; returns their versions.
    /// Servers starting together on one PostgreSQL take turns: each migration runs under an
    /// advisory lock and is skipped when another server applied it meanwhile.
    /// `upTo` stops after that version (tests that build a database as an older version left it).
    @discardableResult
    public func migrate(upTo last: Int? = nil) async throws -> [Int] {
        try await write { tx in
            try await tx.lockMigrations()
            try await tx.run("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)
                """)
            try await tx.refuseNewerSchema()
        }
        var done: [Int] = []
        for migration in Migration.all where migration.version <= last ?? Int.max {
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
    /// Throws `newerSchema` when a later version of Vendo migrated this database: this one would
    /// read documents and columns it does not know, and could write them back without them.
    func refuseNewerSchema() async throws {
        let known = Migration.all.last?.version ?? 0
        let found = try await rows("SELECT MAX(version) AS v FROM schema_migrations")
        if let newest = try found.first?.decode(column: "v", as: Int?.self), newest > known {
            throw StoreError.newerSchema(found: newest, known: known)
        }
    }

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
