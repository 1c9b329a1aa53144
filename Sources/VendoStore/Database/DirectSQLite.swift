import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import VaporCSQLite

/// An SQLite error with SQLite's own message (`UNIQUE constraint failed: users.email_key`).
struct SQLiteFailure: Error, CustomStringConvertible {
    let code: Int32
    let message: String
    var description: String { message }
}

/// One SQLite connection called through SQLite's C functions, on the SQLite that SQLiteNIO
/// bundles (the only SQLite in the process: two copies opening one file break its locks).
/// Statements are prepared once per connection and kept, keyed by their text. It is used by
/// one transaction at a time (the engine's locks), on its own thread (`thread`).
final class DirectConnection: @unchecked Sendable {
    private let handle: OpaquePointer
    // Touched only by the transaction holding the connection.
    private var statements: [String: OpaquePointer] = [:]
    let thread: ConnectionThread
    let logger: Logger
    /// SQLiteKit's value coders, made once: each holds a JSON coder, too costly to make for
    /// every value of every row.
    let encoder = SQLiteDataEncoder()
    let decoder = SQLiteDataDecoder()

    /// At most this many prepared statements are kept; statements whose text carries values
    /// (multi-row inserts of varying length) would otherwise grow the cache without end.
    static let cacheLimit = 256
    /// Statements with more bound values than this drop them after each use.
    static let keptBindings = 64

    private static let initialized: Void = { _ = sqlite_nio_sqlite3_initialize() }()

    /// `path` nil: a private in-memory database.
    init(path: String?, name: String, logger: Logger) throws {
        _ = Self.initialized
        var opened: OpaquePointer?
        let flags = SQLITE_OPEN_CREATE | SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_EXRESCODE
        let status = sqlite_nio_sqlite3_open_v2(path ?? ":memory:", &opened, flags, nil)
        guard status == SQLITE_OK, let opened else {
            let message = opened.flatMap { sqlite_nio_sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "error \(status)"
            if let opened { sqlite_nio_sqlite3_close_v2(opened) }
            throw SQLiteFailure(code: status, message: message)
        }
        handle = opened
        thread = ConnectionThread(name: name)
        self.logger = logger
    }

    /// Runs one statement with its bound values; returns its rows.
    func query(_ sql: String, _ binds: [SQLiteData]) throws -> [DirectRow] {
        let statement = try prepared(sql)
        defer {
            sqlite_nio_sqlite3_reset(statement)
            // Every use binds every parameter again, so old values need not be cleared; and
            // clearing them expires any statement whose plan SQLite may tune to a bound value
            // (an equality outside the index it runs on, say), which is then prepared again at
            // each use. Large sets of values (multi-row inserts, whose plans never depend on
            // them) are released rather than kept until the statement's next use.
            if binds.count > Self.keptBindings { sqlite_nio_sqlite3_clear_bindings(statement) }
        }
        for (index, value) in binds.enumerated() {
            try check(bind(value, at: Int32(index + 1), to: statement))
        }
        var rows: [DirectRow] = []
        var columns: DirectRow.Columns?
        while true {
            let status = sqlite_nio_sqlite3_step(statement)
            if status == SQLITE_DONE { return rows }
            guard status == SQLITE_ROW else { throw failure(status) }
            let names = columns ?? DirectRow.Columns(statement, decoder: decoder)
            columns = names
            rows.append(DirectRow(columns: names, values: (0..<Int32(names.names.count)).map { value(statement, $0) }))
        }
    }

    /// How many times SQLite prepared `sql` again since it was cached (for tests: a cached
    /// statement should be prepared once).
    func timesPreparedAgain(_ sql: String) -> Int32? {
        statements[sql].map { sqlite_nio_sqlite3_stmt_status($0, SQLITE_STMTSTATUS_REPREPARE, 0) }
    }

    func close() {
        for statement in statements.values { sqlite_nio_sqlite3_finalize(statement) }
        statements.removeAll()
        sqlite_nio_sqlite3_close_v2(handle)
        thread.stop()
    }

    private func prepared(_ sql: String) throws -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        if statements.count >= Self.cacheLimit {
            for statement in statements.values { sqlite_nio_sqlite3_finalize(statement) }
            statements.removeAll()
        }
        var statement: OpaquePointer?
        let status = sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard status == SQLITE_OK, let statement else { throw failure(status) }
        statements[sql] = statement
        return statement
    }

    private func bind(_ value: SQLiteData, at index: Int32, to statement: OpaquePointer) -> Int32 {
        switch value {
        case .integer(let number): return sqlite_nio_sqlite3_bind_int64(statement, index, Int64(number))
        case .float(let number): return sqlite_nio_sqlite3_bind_double(statement, index, number)
        case .null: return sqlite_nio_sqlite3_bind_null(statement, index)
        case .text(let text):
            return sqlite_nio_sqlite3_bind_text64(statement, index, text, UInt64(text.utf8.count), transient, UInt8(SQLITE_UTF8))
        case .blob(let bytes):
            return bytes.withUnsafeReadableBytes {
                sqlite_nio_sqlite3_bind_blob64(statement, index, $0.baseAddress, UInt64($0.count), transient)
            }
        }
    }

    private func value(_ statement: OpaquePointer, _ column: Int32) -> SQLiteData {
        switch sqlite_nio_sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: return .integer(Int(sqlite_nio_sqlite3_column_int64(statement, column)))
        case SQLITE_FLOAT: return .float(sqlite_nio_sqlite3_column_double(statement, column))
        case SQLITE_TEXT:
            guard let text = sqlite_nio_sqlite3_column_text(statement, column) else { return .text("") }
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            return .text(String(decoding: UnsafeRawBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            var buffer = ByteBufferAllocator().buffer(capacity: count)
            if let bytes = sqlite_nio_sqlite3_column_blob(statement, column) {
                buffer.writeBytes(UnsafeRawBufferPointer(start: bytes, count: count))
            }
            return .blob(buffer)
        default: return .null
        }
    }

    private func check(_ status: Int32) throws {
        if status != SQLITE_OK { throw failure(status) }
    }

    private func failure(_ status: Int32) -> SQLiteFailure {
        SQLiteFailure(code: status, message: String(cString: sqlite_nio_sqlite3_errmsg(handle)))
    }

    private var transient: sqlite3_destructor_type { unsafeBitCast(-1, to: sqlite3_destructor_type.self) }
}

/// A row read from a `DirectConnection`, decoded as SQLiteKit decodes SQLiteNIO's rows.
struct DirectRow: SQLRow {
    final class Columns: Sendable {
        let names: [String]
        let positions: [String: Int]
        let decoder: SQLiteDataDecoder

        init(_ statement: OpaquePointer, decoder: SQLiteDataDecoder) {
            self.decoder = decoder
            let count = sqlite_nio_sqlite3_column_count(statement)
            names = (0..<count).map { sqlite_nio_sqlite3_column_name(statement, $0).map { String(cString: $0) } ?? "" }
            var positions: [String: Int] = [:]
            for (index, name) in names.enumerated() where positions[name] == nil { positions[name] = index }
            self.positions = positions
        }
    }

    struct MissingColumn: Error, CustomStringConvertible {
        let column: String
        var description: String { "no column \(column) in the row" }
    }

    let columns: Columns
    let values: [SQLiteData]

    var allColumns: [String] { columns.names }

    func contains(column: String) -> Bool { columns.positions[column] != nil }

    func decodeNil(column: String) throws -> Bool {
        guard let index = columns.positions[column] else { return true }
        return values[index] == .null
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let index = columns.positions[column] else { throw MissingColumn(column: column) }
        return try columns.decoder.decode(D.self, from: values[index])
    }
}

/// `DirectConnection` as SQLKit's database, so that `Transaction` runs on it unchanged. Each
/// statement runs at once on the calling thread: inside a transaction, the connection's own.
struct DirectDatabase: SQLDatabase {
    let connection: DirectConnection

    var logger: Logger { connection.logger }
    var eventLoop: any EventLoop { MultiThreadedEventLoopGroup.singleton.any() }
    var dialect: any SQLDialect { SQLiteDialect() }
    var queryLogLevel: Logger.Level? { nil }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        let promise = eventLoop.makePromise(of: Void.self)
        promise.completeWithTask { try await execute(sql: query, onRow) }
        return promise.futureResult
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        let (sql, values) = serialize(query)
        for row in try connection.query(sql, try values.map { try connection.encoder.encode($0) }) { onRow(row) }
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await closure(self)
    }
}
