import Foundation
import Logging
import NIOSSL
import Synchronization
import PostgresKit
import PostgresNIO
import SQLKit

/// A PostgreSQL database: `postgres://user:password@host:port/database?sslmode=disable|prefer|require`,
/// and `&schema=name` to keep Vendo's tables in a schema of their own.
public struct PostgresLocation: Sendable, Equatable {
    public var url: String
    /// At most this many connections from this server.
    public var poolSize: Int
    /// The schema the tables live in (created when missing); the user's default when nil.
    public var schema: String?
    /// A connection unused this long is closed.
    public var idleTimeout: Duration
    /// How long a request waits for a connection before the database counts as unavailable.
    public var leaseTimeout: Duration

    public init(url: String, poolSize: Int = 10, schema: String? = nil, idleTimeout: Duration = .seconds(60),
                leaseTimeout: Duration = .seconds(10)) {
        self.url = url
        self.poolSize = poolSize
        self.schema = schema
        self.idleTimeout = idleTimeout
        self.leaseTimeout = leaseTimeout
    }

    /// The URL without its password, for messages and logs.
    public var redacted: String {
        guard var parts = URLComponents(string: url) else { return "postgres://…" }
        if parts.password != nil { parts.password = "redacted" }
        return parts.string ?? "postgres://…"
    }

    /// What is wrong with the URL, or nil when it can be used.
    public static func problem(with url: String) -> String? {
        do {
            _ = try Parts(url)
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// The pieces of the URL. TLS follows `sslmode`; without one it is off on the loopback
    /// interface and preferred elsewhere.
    struct Parts {
        enum TLSMode { case disable, prefer, require }
        var host: String
        var port: Int
        var user: String
        var password: String?
        var database: String?
        var tls: TLSMode
        /// `?schema=name`: the tables live in that schema (several Vendo databases in one).
        var schema: String?

        init(_ url: String) throws {
            guard let parts = URLComponents(string: url), ["postgres", "postgresql"].contains(parts.scheme ?? "") else {
                throw PostgresURLError("the URL must look like postgres://user:password@host:5432/database")
            }
            guard let host = parts.host, !host.isEmpty else { throw PostgresURLError("the URL names no host") }
            guard let user = parts.user, !user.isEmpty else { throw PostgresURLError("the URL names no user") }
            self.host = host
            port = parts.port ?? 5432
            self.user = user.removingPercentEncoding ?? user
            password = parts.password.map { $0.removingPercentEncoding ?? $0 }
            let name = String(parts.path.drop { $0 == "/" })
            database = name.isEmpty ? nil : name
            let loopback = ["localhost", "127.0.0.1", "::1", "[::1]"].contains(host)
            let mode = parts.queryItems?.last { ["sslmode", "tlsmode", "ssl", "tls"].contains($0.name.lowercased()) }?.value
            schema = parts.queryItems?.last { $0.name == "schema" }?.value
            if let schema, schema.isEmpty || schema.count > 63 || !schema.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) {
                throw PostgresURLError("schema is 1 to 63 letters, digits or _")
            }
            switch mode ?? (loopback ? "disable" : "prefer") {
            case "disable", "false": tls = .disable
            case "prefer", "allow", "true": tls = .prefer
            case "require", "verify-ca", "verify-full": tls = .require
            default: throw PostgresURLError("sslmode is disable, prefer or require")
            }
        }

        var client: PostgresClient.Configuration {
            let mode: PostgresClient.Configuration.TLS
            switch tls {
            case .disable: mode = .disable
            case .prefer: mode = .prefer(.makeClientConfiguration())
            case .require: mode = .require(.makeClientConfiguration())
            }
            return PostgresClient.Configuration(host: host, port: port, username: user, password: password, database: database, tls: mode)
        }

        func connection() throws -> PostgresConnection.Configuration {
            let mode: PostgresConnection.Configuration.TLS
            switch tls {
            case .disable: mode = .disable
            case .prefer: mode = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            case .require: mode = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
            return PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database, tls: mode)
        }
    }
}

struct PostgresURLError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// PostgreSQL: a pool of connections; each transaction leases one and issues BEGIN/COMMIT on it.
struct PostgresEngine: Sendable {
    let client: PostgresClient
    let runner: Task<Void, Never>
    let poolSize: Int
    let leaseTimeout: Duration

    static func open(_ location: PostgresLocation, logger: Logger) async throws -> PostgresEngine {
        let parts: PostgresLocation.Parts
        let schema: String?
        do {
            parts = try PostgresLocation.Parts(location.url)
            schema = location.schema ?? parts.schema
            // One plain connection first: a wrong address or password fails at once, with the
            // server's reason, instead of after the pool's retries.
            var direct = try parts.connection()
            direct.options.connectTimeout = .seconds(10)
            let connection = try await PostgresConnection.connect(configuration: direct, id: 0, logger: logger)
            do {
                if let schema {
                    // Two servers creating the schema at once would race on the catalog: take turns.
                    let sql = connection.sql()
                    try await sql.raw("BEGIN").run()
                    try await sql.raw("SELECT pg_advisory_xact_lock(7460003, hashtext(\(bind: schema)))").run()
                    try await sql.raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").run()
                    try await sql.raw("COMMIT").run()
                }
                try await connection.close()
            } catch {
                try? await connection.close()
                throw error
            }
        } catch {
            throw StoreError.cannotOpen(path: location.redacted, reason: describe(error))
        }
        var configuration = parts.client
        configuration.options.maximumConnections = max(1, location.poolSize)
        configuration.options.connectionIdleTimeout = location.idleTimeout
        if let schema { configuration.options.additionalStartupParameters = [("search_path", schema)] }
        // The pool's own reports of connections failing and retrying stay out of the log; the
        // requests that fail say why.
        var poolLogger = logger
        poolLogger.logLevel = .error
        let client = PostgresClient(configuration: configuration, backgroundLogger: poolLogger)
        let runner = Task { await client.run() }
        return PostgresEngine(client: client, runner: runner, poolSize: configuration.options.maximumConnections,
                              leaseTimeout: location.leaseTimeout)
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            if let underlying = error.underlying { return "\(underlying)" }
            return "\(error.code)"
        }
        return "\(error)"
    }

    /// A lost or refused connection is `unavailable` (HTTP 503): any error before a connection
    /// was leased (the pool's circuit breaker among them), a connection that broke, and the
    /// server's connection-exception (08) and shutdown (57P) states. Other server errors keep
    /// their SQLSTATE and message.
    static func classify(_ error: any Error, leased: Bool) -> any Error {
        let lost: [PSQLError.Code] = [.connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed]
        switch error {
        case let error as PSQLError:
            let state = error.serverInfo?[.sqlState] ?? ""
            if !leased || lost.contains(error.code) || state.hasPrefix("08") || state.hasPrefix("57P") {
                return StoreError.unavailable(describe(error))
            }
            return Transaction.translate(error)
        case StoreError.engine(let state, let message) where state.hasPrefix("08") || state.hasPrefix("57P"):
            return StoreError.unavailable(message)
        case is StoreError, is CancellationError:
            return error
        default:
            return leased ? error : StoreError.unavailable("\(error)")
        }
    }

    /// Deadlocks and serialization failures are PostgreSQL asking for the transaction again.
    static func isTransient(_ error: any Error) -> Bool {
        let state: String?
        switch error {
        case let error as PSQLError: state = error.serverInfo?[.sqlState]
        case StoreError.engine(let code, _): state = code
        default: state = nil
        }
        return state == "40001" || state == "40P01"
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (Transaction) async throws -> T, logger: Logger) async throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await transaction("BEGIN ISOLATION LEVEL READ COMMITTED", writing: true, body)
            } catch where attempt < 8 && Self.isTransient(error) {
                logger.debug("transaction retried after \(Self.describe(error))")
                try await Task.sleep(for: .milliseconds(Int.random(in: 2...(10 * attempt))))
            }
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Transaction) async throws -> T, snapshot: Bool) async throws -> T {
        try await transaction(snapshot ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : nil, writing: false, body)
    }

    /// Runs `body` in a transaction on a leased connection. Waiting for the connection is bounded
    /// by `leaseTimeout`: the wait and its deadline race as two children of a task group, and
    /// the loser is cancelled (the pool gives up a cancelled wait). Once leased, the transaction
    /// runs to its end. A connection the server has already closed (its backend terminated) is
    /// given back to the pool and another one waited for, within the same deadline.
    private func transaction<T: Sendable>(_ begin: SQLQueryString?, writing: Bool,
                                          _ body: @escaping @Sendable (Transaction) async throws -> T) async throws -> T {
        let lease = Lease()
        let client = client
        let leaseTimeout = leaseTimeout
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                while true {
                    do {
                        return try await client.withConnection { connection in
                            if connection.isClosed { throw ClosedOnArrival() }
                            guard lease.take() else { throw StoreError.unavailable("no database connection within \(leaseTimeout)") }
                            let sql = connection.sql()
                            // Without `begin`, each statement commits on its own (`Store.readEach`).
                            guard let begin else { return try await body(Transaction(sql: sql, dialect: .postgres, writing: writing)) }
                            try await sql.raw(begin).run()
                            do {
                                let result = try await body(Transaction(sql: sql, dialect: .postgres, writing: writing))
                                try await sql.raw("COMMIT").run()
                                return result
                            } catch {
                                try? await sql.raw("ROLLBACK").run()
                                throw error
                            }
                        }
                    } catch is ClosedOnArrival {
                        // Gives the pool a moment to notice; ends when the deadline cancels the wait.
                        try await Task.sleep(for: .milliseconds(20))
                    } catch {
                        throw Self.classify(error, leased: lease.taken)
                    }
                }
            }
            group.addTask {
                try? await Task.sleep(for: leaseTimeout)
                // Cancelled because the transaction ended, or leased in time: nothing to say.
                guard !Task.isCancelled, lease.abandon() else { return nil }
                throw StoreError.unavailable("no database connection within \(leaseTimeout)")
            }
            defer { group.cancelAll() }
            while let next = try await group.next() {
                if let result = next { return result }
            }
            // Unreachable: the transaction's child answers a result or throws.
            throw StoreError.unavailable("the transaction ended without an answer")
        }
    }

    func close() { runner.cancel() }
}

/// A connection the pool handed out after the server closed it.
private struct ClosedOnArrival: Error {}

/// One transaction's wait for a connection: taken by the connection, or abandoned by the
/// deadline, whichever comes first.
final class Lease: Sendable {
    private enum Phase { case waiting, taken, abandoned }
    private let phase = Mutex(Phase.waiting)

    /// The connection arrived: true when the caller still waits for it.
    func take() -> Bool {
        phase.withLock { phase in
            guard phase == .waiting else { return false }
            phase = .taken
            return true
        }
    }

    var taken: Bool { phase.withLock { $0 == .taken } }

    /// The deadline passed: true when no connection was taken by then.
    func abandon() -> Bool {
        phase.withLock { phase in
            guard phase == .waiting else { return false }
            phase = .abandoned
            return true
        }
    }
}
