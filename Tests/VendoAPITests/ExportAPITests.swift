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

    @Test("a plain export imports back: its lifecycle state column leaves the address's region to address.region")
    func stateIsNoRegion() async throws {
        try await withAPI { api, world in
            let s = world.services, me = world.admin
            let csv = "topic,lastName,city,state\nFleet,Martin,Lyon,Rhône\n"
            // In a file of another system, State is the address's.
            #expect(try await s.importFile(.leads, path: try temporaryFile(csv), options: ImportOptions(), by: me).created == 1)
            let first = try #require(try await s.list(Lead.self, ListQuery(), by: me).items.first)
            #expect(first.fields.address?.region == "Rhône")
            let exported = try await api.send(.get, "/api/v1/leads?format=csv").text
            let report = try await s.importFile(.leads, path: try temporaryFile(exported), options: ImportOptions(allowDuplicates: true), by: me)
            #expect(report.created == 1 && report.mapping["address.region"] == "address.region" && report.mapping["state"] == nil)
            let copies = try await s.list(Lead.self, ListQuery(), by: me).items
            #expect(copies.count == 2 && copies.allSatisfy { $0.fields.address?.region == "Rhône" })
        }
    }

    @Test("headers=labels heads the columns in the organisation's words, in a language, and such a file imports back")
    func labelledHeaders() async throws {
        try await withAPI { api, world in
            let s = world.services, me = world.admin
            // "Region" is also a name the import gives the address's region: that column keeps its API name.
            var region = CustomFieldDefinition(recordType: .lead, key: "region", type: .choice, labels: ["en": "Region", "fr": "Région"])
            region.choices = [CustomChoice(value: "north", labels: ["en": "North", "fr": "Nord"])]
            _ = try await s.createCustomField(region, by: me)
            _ = try await s.createCustomField(CustomFieldDefinition(recordType: .lead, key: "area", type: .text,
                                                                    labels: ["en": "Sales area", "fr": "Secteur commercial"]), by: me)
            // A label that another column's name already is stays that column's: the field keeps its key.
            _ = try await s.createCustomField(CustomFieldDefinition(recordType: .lead, key: "fleet", type: .integer,
                                                                    labels: ["en": "email", "fr": "Flotte"]), by: me)
            _ = try await s.updateSettings(ifVersion: nil, by: me) { settings in
                settings.fieldLabels = ["lead": ["topic": ["en": "Subject line", "fr": "Objet de la demande"], "companyName": ["fr": "Raison"]]]
            }
            let csv = "topic,lastName,companyName,email,cf.region,cf.fleet,cf.area\nFleet renewal,Martin,Transports Martin,m@martin.example,north,40,Ouest\n"
            #expect(try await s.importFile(.leads, path: try temporaryFile(csv), options: ImportOptions(), by: me).created == 1)

            // By default, and with headers=names, the API's names.
            for query in ["", "&headers=names"] {
                let names = try #require(try Self.rows(try await api.send(.get, "/api/v1/leads?format=csv\(query)").text).first)
                #expect(names.contains("topic") && names.contains("customFields.region") && !names.contains("Région"))
            }
            let french = try Self.rows(try await api.send(.get, "/api/v1/leads?format=csv&headers=labels&headerLanguage=fr").text)
            let header = try #require(french.first)
            #expect(header.contains("Objet de la demande") && header.contains("Raison") && header.contains("Secteur commercial") && header.contains("Flotte"))
            #expect(header.contains("customFields.region") && !header.contains("Région"))
            #expect(!header.contains("topic") && header.contains("lastName") && header.contains("address.city"))
            let english = try #require(try Self.rows(try await api.send(.get, "/api/v1/leads?format=csv&headers=labels&headerLanguage=en").text).first)
            // No English label for companyName: its name. "email" is the e-mail's column already.
            #expect(english.contains("Subject line") && english.contains("companyName") && english.contains("Sales area"))
            #expect(english.filter { $0 == "email" }.count == 1 && english.contains("customFields.fleet"))
            // Without a language, the caller's own (the test administrator reads English).
            #expect(try Self.rows(try await api.send(.get, "/api/v1/leads?format=csv&headers=labels").text).first == english)
            // The JSON list takes them too, checked, and answers as without them; messages keep their own language filter.
            #expect(try await api.send(.get, "/api/v1/leads?headers=labels&headerLanguage=fr").status == .ok)
            #expect(try await api.send(.get, "/api/v1/leads?headers=labels&headerLanguage=xx").status == .unprocessableContent)
            #expect(try await api.send(.get, "/api/v1/messages?format=csv&headers=labels&language=fr").status == .ok)
            for bad in ["headers=words", "headers=labels&headerLanguage=de"] {
                #expect(try await api.send(.get, "/api/v1/leads?format=csv&\(bad)").status == .unprocessableContent, "\(bad)")
            }

            // Each file imports back into the same fields.
            for table in [french, [english] + Array(french.dropFirst())] {
                let text = table.map { CSVText.line($0) }.joined().replacingOccurrences(of: "Fleet renewal", with: "Second fleet")
                let report = try await s.importFile(.leads, path: try temporaryFile(text), options: ImportOptions(allowDuplicates: true), by: me)
                #expect(report.created == 1 && report.mapping["Objet de la demande"] ?? report.mapping["Subject line"] == "topic")
                let lead = try #require(try await s.list(Lead.self, ListQuery(search: "Second fleet"), by: me).items.first { $0.fields.topic == "Second fleet" })
                #expect(lead.fields.companyName == "Transports Martin" && lead.customFields["region"] == .text("north"))
                #expect(lead.customFields["fleet"] == .integer(40) && lead.customFields["area"] == .text("Ouest") && (lead.fields.address?.region ?? "").isEmpty, "\(String(describing: lead.fields.address))")
                try await s.deleteLead(lead.id, ifVersion: nil, by: me)
            }
        }
    }
}

func temporaryFile(_ text: String) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("vendo-export-\(UUID().uuidString).csv").path
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
}
