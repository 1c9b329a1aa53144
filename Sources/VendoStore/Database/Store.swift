import Foundation
import Logging
import SQLKit

/// Where the database lives.
public enum StoreLocation: Sendable, Equatable {
    /// A private in-memory SQLite database, gone when the store closes (tests).
    case memory
    /// An SQLite file.
    case file(String)
    /// A PostgreSQL database, shared by every server pointed at it.
    case postgres(PostgresLocation)
}

/// The SQL engines Vendo runs on; the few statements that differ ask which one they run on.
public enum Dialect: String, Sendable {
    case sqlite, postgres
}

/// The database. All access goes through `read` or `write`; `write` is one transaction. On
/// SQLite the single writer connection runs them one at a time, so SQLite never answers
/// SQLITE_BUSY; on PostgreSQL they run concurrently from a pool, with row locks where the
/// single writer used to be enough.
public final class Store: Sendable {
    enum Engine: Sendable {
        case sqlite(SQLiteEngine)
        case postgres(PostgresEngine)
    }

    let engine: Engine
    let logger: Logger

    init(engine: Engine, logger: Logger) {
        self.engine = engine
        self.logger = logger
    }

    public var dialect: Dialect {
        switch engine {
        case .sqlite: return .sqlite
        case .postgres: return .postgres
        }
    }

    /// `writeWait`: on SQLite, how long a write waits for the one writer before it is refused as
    /// `StoreError.unavailable` (HTTP 503 with Retry-After) instead of hanging behind a long
    /// transaction. PostgreSQL's counterpart is `PostgresLocation.leaseTimeout`.
    public static func open(_ location: StoreLocation, readers readerCount: Int = 4, writeWait: Duration = .seconds(15),
                            logger: Logger = Logger(label: "vendo.store")) async throws -> Store {
        switch location {
        case .memory:
            return Store(engine: .sqlite(try await SQLiteEngine.open(nil, readers: 0, writeWait: writeWait, logger: logger)), logger: logger)
        case .file(let path):
            return Store(engine: .sqlite(try await SQLiteEngine.open(path, readers: readerCount, writeWait: writeWait, logger: logger)),
                         logger: logger)
        case .postgres(let location):
            return Store(engine: .postgres(try await PostgresEngine.open(location, logger: logger)), logger: logger)
        }
    }

    /// Runs `body` in one transaction: committed if it returns, rolled back if it throws.
    public func write<T: Sendable>(_ body: @escaping @Sendable (Transaction) async throws -> T) async throws -> T {
        switch engine {
        case .sqlite(let sqlite): return try await sqlite.write(body, logger: logger)
        case .postgres(let postgres): return try await postgres.write(body, logger: logger)
        }
    }

    /// Runs `body` on a consistent snapshot of committed data.
    public func read<T: Sendable>(_ body: @escaping @Sendable (Transaction) async throws -> T) async throws -> T {
        switch engine {
        case .sqlite(let sqlite): return try await sqlite.read(body, snapshot: true, logger: logger)
        case .postgres(let postgres): return try await postgres.read(body, snapshot: true)
        }
    }

    /// Runs `body`'s statements each on its own, without a transaction around them: for a read
    /// of one statement (one record, one page of a list), or of several that need not see the
    /// same instant. It saves the `BEGIN` and `COMMIT` round trips a snapshot costs.
    public func readEach<T: Sendable>(_ body: @escaping @Sendable (Transaction) async throws -> T) async throws -> T {
        switch engine {
        case .sqlite(let sqlite): return try await sqlite.read(body, snapshot: false, logger: logger)
        case .postgres(let postgres): return try await postgres.read(body, snapshot: false)
        }
    }

    /// Database connections by role: SQLite's writer and readers, or PostgreSQL's pool (its
    /// upper bound: connections open on demand and close when idle).
    public var connections: [(role: String, count: Int)] {
        switch engine {
        case .sqlite(let sqlite): return [("writer", 1), ("reader", sqlite.readers.count)]
        case .postgres(let postgres): return [("pool", postgres.poolSize)]
        }
    }

    public func close() async {
        switch engine {
        case .sqlite(let sqlite): await sqlite.close()
        case .postgres(let postgres): postgres.close()
        }
    }
}

/// SQLite: one writer connection taken in turn, and reader connections on the WAL. Each
/// connection has a thread of its own, and a transaction runs its whole closure on it: its
/// statements call SQLite directly, with prepared statements kept per connection.
struct SQLiteEngine: Sendable {
    let writer: DirectConnection
    let writeLock = AsyncLock()
    let writeWait: Duration
    /// Readers see committed data concurrently with the writer (WAL); none for in-memory stores.
    let readers: [(connection: DirectConnection, lock: AsyncLock)]

    static func open(_ path: String?, readers readerCount: Int, writeWait: Duration, logger: Logger) async throws -> SQLiteEngine {
        guard let path else {
            let connection = try DirectConnection(path: nil, name: "vendo-sqlite-writer", logger: logger)
            do {
                try configure(connection, wal: false)
            } catch {
                connection.close()
                throw error
            }
            return SQLiteEngine(writer: connection, writeWait: writeWait, readers: [])
        }
        // The database and its WAL (SQLite gives it the database's mode) are the server's alone.
        do {
            if FileManager.default.fileExists(atPath: path) { try PrivateFiles.restrict(path) } else { try PrivateFiles.create(path) }
        } catch {
            throw StoreError.cannotOpen(path: path, reason: "\(error)")
        }
        // Every connection opened here is closed again when a later step fails (a file that is
        // not a database fails at the first PRAGMA).
        var opened: [DirectConnection] = []
        do {
            for index in 0...readerCount {
                let connection = try DirectConnection(path: path, name: index == 0 ? "vendo-sqlite-writer" : "vendo-sqlite-reader-\(index)",
                                                      logger: logger)
                opened.append(connection)
                try configure(connection, wal: true)
                if index == 0 {
                    // The writer's page cache (SQLite's default is 2 MB): a long transaction, such
                    // as a bulk import, spills changed pages to the WAL before it commits once
                    // the cache is full, and writes them again at the commit.
                    _ = try connection.query("PRAGMA cache_size = -32768", [])
                }
            }
        } catch {
            for connection in opened { connection.close() }
            throw StoreError.cannotOpen(path: path, reason: "\(error)")
        }
        return SQLiteEngine(writer: opened[0], writeWait: writeWait, readers: opened.dropFirst().map { ($0, AsyncLock()) })
    }

    private static func configure(_ connection: DirectConnection, wal: Bool) throws {
        if wal {
            _ = try connection.query("PRAGMA journal_mode = WAL", [])
            // In WAL mode NORMAL loses no committed transaction when the process dies; only a
            // power cut can lose the last ones.
            _ = try connection.query("PRAGMA synchronous = NORMAL", [])
        }
        _ = try connection.query("PRAGMA busy_timeout = 5000", [])
        _ = try connection.query("PRAGMA foreign_keys = ON", [])
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (Transaction) async throws -> T, logger: Logger) async throws -> T {
        let connection = writer
        return try await writeLock.withLock(timeout: writeWait) {
            try await withTaskExecutorPreference(connection.thread) {
                _ = try connection.query("BEGIN IMMEDIATE", [])
                do {
                    let result = try await body(Transaction(sql: DirectDatabase(connection: connection), dialect: .sqlite, writing: true))
                    _ = try connection.query("COMMIT", [])
                    return result
                } catch {
                    do {
                        _ = try connection.query("ROLLBACK", [])
                    } catch let rollbackError {
                        logger.error("rollback failed: \(rollbackError)")
                    }
                    throw error
                }
            }
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Transaction) async throws -> T, snapshot: Bool,
                           logger: Logger) async throws -> T {
        guard !readers.isEmpty else { return try await write(body, logger: logger) }
        let reader = readers[Int.random(in: 0..<readers.count)]
        let connection = reader.connection
        return try await reader.lock.withLock {
            try await withTaskExecutorPreference(connection.thread) {
                let tx = Transaction(sql: DirectDatabase(connection: connection), dialect: .sqlite, writing: false)
                if !snapshot { return try await body(tx) }
                _ = try connection.query("BEGIN", [])
                do {
                    let result = try await body(tx)
                    _ = try connection.query("COMMIT", [])
                    return result
                } catch {
                    _ = try? connection.query("ROLLBACK", [])
                    throw error
                }
            }
        }
    }

    /// Runs `body` holding the writer, outside any transaction (`VACUUM INTO`).
    func exclusive<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let connection = writer
        return try await writeLock.withLock {
            try await withTaskExecutorPreference(connection.thread) { try await body(DirectDatabase(connection: connection)) }
        }
    }

    func close() async {
        // Each connection is closed once the transaction using it has ended.
        for reader in readers {
            let connection = reader.connection
            try? await reader.lock.withLock { connection.close() }
        }
        let connection = writer
        try? await writeLock.withLock { connection.close() }
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
    /// The database engine refused a statement (PostgreSQL's SQLSTATE and message).
    case engine(state: String, message: String)
    /// The database cannot be reached (PostgreSQL down, or no connection free in time).
    case unavailable(String)
    /// The database holds migrations this version does not know: a newer Vendo upgraded it.
    case newerSchema(found: Int, known: Int)

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
        case let .engine(state, message): return "the database refused a statement (\(state)): \(message)"
        case let .unavailable(reason): return "the database is unavailable: \(reason)"
        case let .newerSchema(found, known):
            return "the database was upgraded by a newer version of Vendo (schema version \(found); this version knows up to "
                + "\(known)): run that version or a later one, or restore a backup made before the upgrade"
        }
    }
}
