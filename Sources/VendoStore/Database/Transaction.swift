import Foundation
import PostgresNIO
import SQLKit
import Synchronization
import VendoCore

/// One open transaction (or read snapshot). Every SQL statement of Vendo goes through here.
public struct Transaction: Sendable {
    let sql: any SQLDatabase
    public let dialect: Dialect
    /// A write transaction on PostgreSQL locks the rows it loads to change, as the single
    /// writer of SQLite does for the whole database.
    let writing: Bool
    /// What this transaction has read of the organisation's settings, currencies and active
    /// webhooks: an action reads them many times (each amount it computes, each event it
    /// raises), and only this transaction's own writes could change them before it ends.
    let memo = TransactionMemo.Box()

    init(sql: any SQLDatabase, dialect: Dialect, writing: Bool) {
        self.sql = sql
        self.dialect = dialect
        self.writing = writing
    }

    /// ` FOR UPDATE` on a PostgreSQL write, nothing otherwise.
    var lockClause: SQLQueryString { dialect == .postgres && writing ? " FOR UPDATE" : "" }

    func run(_ query: SQLQueryString) async throws {
        do {
            try await sql.raw(query).run()
        } catch {
            throw Self.translate(error)
        }
    }

    func rows(_ query: SQLQueryString) async throws -> [any SQLRow] {
        do {
            return try await sql.raw(query).all()
        } catch {
            throw Self.translate(error)
        }
    }

    /// Turns a unique-index refusal into `StoreError.duplicate`; other errors pass unchanged.
    static func translate(_ error: any Error) -> any Error {
        if let error = error as? PSQLError {
            let state = error.serverInfo?[.sqlState] ?? ""
            if state == "23505" {
                return StoreError.duplicate(detail: error.serverInfo?[.constraintName] ?? error.serverInfo?[.message] ?? "unique index")
            }
            // PSQLError hides the server's words from its description; the logs need them.
            return StoreError.engine(state: state, message: PostgresEngine.describe(error))
        }
        let text = String(describing: error)
        if let range = text.range(of: "UNIQUE constraint failed: ") {
            return StoreError.duplicate(detail: String(text[range.upperBound...].prefix(200)))
        }
        return error
    }

    static func timestamp(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1_000_000).rounded()) }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static func encode<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw StoreError.corrupt("\(T.self): \(error)")
        }
    }
}

/// The settings, currencies and active webhooks a transaction has read (`Transaction.memo`).
struct TransactionMemo: Sendable {
    /// nil: not read yet; `.some(nil)`: read, and there are none.
    var settings: OrganisationSettings??
    var currencies: [String: Currency?] = [:]
    var activeWebhooks: [Webhook]?

    final class Box: Sendable {
        private let state = Mutex(TransactionMemo())

        func withLock<T: Sendable>(_ body: (inout TransactionMemo) -> T) -> T { state.withLock { body(&$0) } }
    }
}
