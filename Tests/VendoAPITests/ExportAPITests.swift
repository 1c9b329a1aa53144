import Foundation
import Hummingbird
import Testing
@testable import VendoAPI
import VendoCore
import VendoServices
import VendoTestSupport

@Suite("CSV exports")
struct ExportAPITests {
    /// Splits a CSV text into rows of cells (quoted cells may hold commas, quotes and line breaks).
    static func rows(_ text: String) throws -> [[String]] {
        var parser = CSVParser()
        return try parser.feed(Array(text.utf8)).map(\.fields) + parser.finish().map(\.fields)
    }

    @Test("a list as CSV: every page, the list's filters, address columns, and cells that are safe in a spreadsheet")
    func leads() async throws {
        try await withAPI { api, world in
            var csv = "topic,lastName,source,city,description\n"
            for index in 1...250 { csv += "Lead \(index),Name\(index),\(index % 2 == 0 ? "web" : "email"),Lyon,\"plain, \"\"quoted\"\"\"\n" }
            csv += "Formula,=HYPERLINK(\"http://x\"),web,Paris,-5\n"
            let imported = try await world.services.importFile(.leads, path: try temporaryFile(csv), options: ImportOptions(), by: world.admin)
            #expect(imported.created == 251)
            let reply = try await api.send(.get, "/api/v1/leads?format=csv&source=web&sort=createdAt")
            #expect(reply.status == .ok && reply.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(reply.headers[.contentDisposition] == "attachment; filename=\"leads.csv\"")
            let table = try Self.rows(reply.text)
            let header = try #require(table.first)
            #expect(header.contains("address.city") && header.contains("topic") && header.contains("ownerId"))
            #expect(table.count == 1 + 126)
            let column = { (name: String) in header.firstIndex(of: name) ?? 0 }
            let second = table[1]
            #expect(second[column("topic")] == "Lead 2" && second[column("address.city")] == "Lyon")
            #expect(second[column("description")] == "plain, \"quoted\"" && second[column("source")] == "web")
            let formula = try #require(table.last)
            #expect(formula[column("lastName")] == "'=HYPERLINK(\"http://x\")" && formula[column("description")] == "-5")
        }
    }

    @Test("a salesperson's export holds what they may see; a bad filter is a 422 before any CSV; only lists export")
    func rules() async throws {
        try await withAPI { api, world in
            let user = try await world.services.createUser(name: "Sam", email: "sam@example.com", role: .salesperson, by: nil)
            let sam = try await world.services.caller(for: user.id)
            let token = try await world.services.createToken(for: user.id, name: "t", by: sam)
            _ = try await world.services.createLead(LeadFields(topic: "Mine", lastName: "Sam's"), by: sam)
            _ = try await world.lead()
            let samAPI = APIClient(client: api.client, token: token.secret)
            let mine = try Self.rows(try await samAPI.send(.get, "/api/v1/leads?format=csv").text)
            #expect(mine.count == 2 && mine[1].contains("Mine"))
            #expect(try Self.rows(try await api.send(.get, "/api/v1/leads?format=csv").text).count == 3)
            let bad = try await api.send(.get, "/api/v1/leads?format=csv&sort=sideways")
            #expect(bad.status == .unprocessableContent && bad.headers[.contentType] == "application/problem+json")
            let one = try await api.send(.get, "/api/v1/settings?format=csv")
            #expect(one.status == .unprocessableContent && one["errors"]?[0]?["field"]?.stringValue == "format")
            let empty = try Self.rows(try await api.send(.get, "/api/v1/quotes?format=csv").text)
            #expect(empty.count == 1 && empty[0].contains("number"))
        }
    }
}

func temporaryFile(_ text: String) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("vendo-export-\(UUID().uuidString).csv").path
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
}
