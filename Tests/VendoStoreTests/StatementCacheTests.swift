import Foundation
import Logging
import SQLiteNIO
import Testing
@testable import VendoStore

@Suite("SQLite: the statement cache")
struct StatementCacheTests {
    /// A join found by an equality outside the index it runs on: SQLite may tune such a plan to
    /// the bound value, and used to prepare it again at every use once its values were cleared.
    static let join = "SELECT t.name, u.data FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = ? AND t.kind = ?"

    @Test("a cached statement runs again with new values without being prepared again")
    func reused() throws {
        let connection = try DirectConnection(path: nil, name: "statement-cache-test", logger: Logger(label: "test"))
        defer { connection.close() }
        _ = try connection.query("CREATE TABLE users (id TEXT PRIMARY KEY, data TEXT)", [])
        _ = try connection.query("CREATE TABLE tokens (hash TEXT, kind TEXT, name TEXT, user_id TEXT)", [])
        _ = try connection.query("CREATE INDEX tokens_hash ON tokens (hash)", [])
        for index in 0..<5 {
            _ = try connection.query("INSERT INTO users VALUES (?, ?)", [.text("u\(index)"), .text("{\"n\":\(index)}")])
            _ = try connection.query("INSERT INTO tokens VALUES (?, ?, ?, ?)",
                                     [.text("h\(index)"), .text(index % 2 == 0 ? "api" : "web"), .text("t\(index)"), .text("u\(index)")])
        }
        for index in 0..<5 {
            let rows = try connection.query(Self.join, [.text("h\(index)"), .text(index % 2 == 0 ? "api" : "web")])
            #expect(rows.count == 1)
        }
        #expect(try connection.query(Self.join, [.text("h1"), .text("api")]).isEmpty)
        #expect(connection.timesPreparedAgain(Self.join) == 0)
    }
}
