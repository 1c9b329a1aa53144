import Foundation
import Logging
import SQLKit
import SQLiteKit

/// Where the embedded database lives.
public enum StoreLocation: Sendable, Equatable {
    /// A private in-memory database, gone when the store closes (tests).
    case memory
    case file(String)
}

/// The database. All access goes through `read` or `write`; `write` is one transaction, run by
/// the single writer connection, one at a time, so SQLite never answers SQLITE_BUSY.
public final class Store: Sendable {
    private let writer: SQLiteConnection
    private let writeLock = AsyncLock()
    /// Readers see committed data concurrently with the writer (WAL); none for in-memory stores.
    private let readers: [(connection: SQLiteConnection, lock: AsyncLock)]
    private let logger: Logger

    private init(writer: SQLiteConnection, readers: [SQLiteConnection], logger: Logger) {
        self.writer = writer
        self.readers = readers.map { ($0, AsyncLock()) }
        self.logger = logger
    }

    public static func open(_ location: StoreLocation, readers readerCount: Int = 4,
                            logger: Logger = Logger(label: "vendo.store")) async throws -> Store {
        switch location {
        case .memory:
            let connection = try await SQLiteConnection.open(storage: .memory, logger: logger)
            try await configure(connection, wal: false)
            return Store(writer: connection, readers: [], logger: logger)
        case .file(let path):
            let writer: SQLiteConnection
            do {
                writer = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
            } catch {
                throw StoreError.cannotOpen(path: path, reason: "\(error)")
            }
            try await configure(writer, wal: true)
            var readers: [SQLiteConnection] = []
            for _ in 0..<readerCount {
                let reader = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
                try await configure(reader, wal: true)
                readers.append(reader)
            }
            return Store(writer: writer, readers: readers, logger: logger)
        }
    }

    private static func configure(_ connection: SQLiteConnection, wal: Bool) async throws {
        let sql = connection.sql()
        if wal {
            try await sql.raw("PRAGMA journal_mode = WAL").run()
            // In WAL mode NORMAL loses no committed transaction when the process dies; only a
            // power cut can lose the last ones.
            try await sql.raw("PRAGMA synchronous = NORMAL").run()
        }
        try await sql.raw("PRAGMA busy_timeout = 5000").run()
        try await sql.raw("PRAGMA foreign_keys = ON").run()
    }

    /// Runs `body` in one transaction on the writer: committed if it returns, rolled back if it throws.
    public func write<T: Sendable>(_ body: @escaping @Sendable (Transaction) async throws -> T) async throws -> T {
        let sql = writer.sql()
        return try await writeLock.withLock {
            try await sql.raw("BEGIN IMMEDIATE").run()
            do {
                let result = try await body(Transaction(sql: sql))
                try await sql.raw("COMMIT").run()
                return result
            } catch {
                do {
                    try await sql.raw("ROLLBACK").run()
                } catch let rollbackError {
                    self.logger.error("rollback failed: \(rollbackError)")
                }
                throw error
            }
        }
    }

    /// Runs `body` on a consistent snapshot of committed data.
    public func read<T: Sendable>(_ body: @escaping @Sendable (Transaction) async throws -> T) async throws -> T {
        guard !readers.isEmpty else { return try await write(body) }
        let reader = readers[Int.random(in: 0..<readers.count)]
        let sql = reader.connection.sql()
        return try await reader.lock.withLock {
            try await sql.raw("BEGIN").run()
            do {
                let result = try await body(Transaction(sql: sql))
                try await sql.raw("COMMIT").run()
                return result
            } catch {
                try? await sql.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    /// Open connections: one writer, and the readers (none for an in-memory database).
    public var connections: (writers: Int, readers: Int) { (1, readers.count) }

    public func close() async {
        for reader in readers { try? await reader.connection.close() }
        try? await writer.close()
    }
}

public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    /// The record changed since the caller read it (HTTP 412 / 409).
    case staleVersion(recordType: String, id: String, expected: Int, actual: Int)
    case notFound(recordType: String, id: String)
    /// A unique index refused the write; `detail` names it.
    case duplicate(detail: String)
    case invalidCursor
    /// A list was asked to filter on something it has no filter for.
    case unknownFilter(String)
    case corrupt(String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason): return "cannot open the database at \(path): \(reason)"
        case let .staleVersion(type, id, expected, actual):
            return "\(type) \(id) is at version \(actual), not \(expected): it changed since it was read"
        case let .notFound(type, id): return "no \(type) \(id)"
        case let .duplicate(detail): return "already exists: \(detail)"
        case .invalidCursor: return "the cursor is not one this server gave"
        case let .unknownFilter(name): return "there is no filter \(name)"
        case let .corrupt(detail): return "stored data cannot be read: \(detail)"
        }
    }
}
