import Foundation
import Hummingbird
import Testing
@testable import VendoAPI
import VendoCore
import VendoServices
import VendoTestSupport

@Suite("API: custom fields")
struct CustomFieldAPITests {
    static let region = #"""
        {"recordType": "lead", "key": "region", "type": "choice", "labels": {"en": "Region", "fr": "Région"},
         "help": {"en": "Where the deal is", "fr": "Où se trouve l'affaire"},
         "choices": [{"value": "north", "labels": {"en": "North", "fr": "Nord"}},
                     {"value": "south", "labels": {"en": "South", "fr": "Sud"}}]}
        """#

    @Test("administrators define fields; records carry them in customFields; lists filter with cf.<key>; the rest is refused by name")
    func roundTrip() async throws {
        try await withAPI { api, world in
            let created = try await api.post("/api/v1/custom-fields", Self.region)
            #expect(created.status == .created && created["key"]?.stringValue == "region" && created["order"]?.intValue == 1)
            #expect(created["active"]?.boolValue == true && created["choices"]?[0]?["active"]?.boolValue == true)
            let region = created.string("id") ?? ""
            #expect(created.headers[.location] == "/api/v1/custom-fields/\(region)")
            #expect(try await api.post("/api/v1/custom-fields", Self.region).status == .conflict)
            let size = try await api.post("/api/v1/custom-fields",
                                          #"{"recordType": "lead", "key": "fleetSize", "type": "integer", "labels": {"en": "Fleet", "fr": "Flotte"}, "min": "0"}"#)
            #expect(size.status == .created && size["min"]?.stringValue == "0")
            let badKey = try await api.post("/api/v1/custom-fields", #"{"recordType": "lead", "key": "1x", "type": "text", "labels": {"en": "X"}}"#)
            #expect(badKey.status == .unprocessableContent)
            #expect(Set((badKey["errors"]?.arrayValue ?? []).compactMap { $0["field"]?.stringValue }) == ["key", "labels.fr"])
            // The document describes each field as it is now; a record type without fields takes any key.
            let document = try await api.send(.get, "/openapi.json", authorized: false)
            let schemas = document["components"]?["schemas"]
            #expect(schemas?["LeadCustomFields"]?["properties"]?["region"]?["enum"] == .array([.string("north"), .string("south"), .null]))
            #expect(schemas?["LeadCustomFields"]?["properties"]?["fleetSize"]?["minimum"]?.intValue == 0)
            #expect(schemas?["AccountCustomFields"]?["properties"] == nil && schemas?["AccountCustomFields"]?["additionalProperties"] != nil)
            #expect(schemas?["Lead"]?["properties"]?["customFields"]?["$ref"]?.stringValue == "#/components/schemas/LeadCustomFields")
            let list = try await api.get("/api/v1/custom-fields?recordType=lead")
            #expect(list["items"]?.arrayValue?.compactMap { $0["key"]?.stringValue } == ["region", "fleetSize"])
            #expect(try await api.get("/api/v1/custom-fields?recordType=planet").status == .unprocessableContent)
            let kinds = try await api.get("/api/v1/imports")["items"]?.arrayValue ?? []
            let leadFields = kinds.first { $0["kind"]?.stringValue == "leads" }?["fields"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(leadFields.contains("cf.region") && leadFields.contains("cf.fleetSize") && leadFields.contains("topic"))

            let lead = try await api.post("/api/v1/leads",
                                          #"{"topic": "Fleet", "lastName": "Martin", "customFields": {"region": "north", "fleetSize": 40}}"#)
            #expect(lead.status == .created && lead["customFields"]?["region"]?.stringValue == "north")
            #expect(lead["customFields"]?["fleetSize"]?.intValue == 40)
            let id = lead.string("id") ?? ""
            _ = try await api.post("/api/v1/leads", #"{"topic": "Other", "lastName": "Roux", "customFields": {"region": "south"}}"#)
            // Only the keys sent change; null removes one.
            let patched = try await api.patch("/api/v1/leads/\(id)", #"{"customFields": {"fleetSize": null}}"#)
            #expect(patched.status == .ok && patched["customFields"]?["region"]?.stringValue == "north" && patched["customFields"]?["fleetSize"] == nil)
            for (body, field, code) in [(#"{"customFields": {"region": "west"}}"#, "customFields.region", "invalid_choice"),
                                        (#"{"customFields": {"fleetSize": 2.5}}"#, "customFields.fleetSize", "invalid_type"),
                                        (#"{"customFields": {"fleetSize": -1}}"#, "customFields.fleetSize", "out_of_range"),
                                        (#"{"customFields": {"colour": "blue"}}"#, "customFields.colour", "unknown_field"),
                                        (#"{"customFields": ["north"]}"#, "customFields", "invalid_type")] {
                let refused = try await api.patch("/api/v1/leads/\(id)", body)
                #expect(refused.status == .unprocessableContent, "\(body)")
                #expect(refused["errors"]?[0]?["field"]?.stringValue == field && refused["errors"]?[0]?["code"]?.stringValue == code, "\(body)")
            }
            // The CSV export has a column per field, named by its key.
            let csv = try await api.get("/api/v1/leads?format=csv&sort=createdAt").text
            let lines = csv.components(separatedBy: "\r\n")
            let header = lines[0].split(separator: ",").map(String.init)
            let regionColumn = try #require(header.firstIndex(of: "customFields.region"))
            #expect(header.contains("customFields.fleetSize") && !header.contains("customFields"))
            #expect(lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)[regionColumn] == "north")
            let north = try await api.get("/api/v1/leads?cf.region=north")
            #expect(north["items"]?.arrayValue?.compactMap { $0["topic"]?.stringValue } == ["Fleet"])
            let unknown = try await api.get("/api/v1/leads?cf.colour=blue")
            #expect(unknown.status == .unprocessableContent && unknown["errors"]?[0]?["field"]?.stringValue == "cf.colour")

            // With values held, the key and type stay; PATCH active: false retires and keeps the values.
            let renamed = try await api.patch("/api/v1/custom-fields/\(region)", #"{"labels": {"en": "Area", "fr": "Zone"}}"#)
            #expect(renamed.status == .ok && renamed["labels"]?["fr"]?.stringValue == "Zone" && renamed["choices"]?.arrayValue?.count == 2)
            // The fields share the settings' version as their ETag: a stale one changes nothing.
            let etag = try #require(renamed.headers[.eTag])
            _ = try await api.patch("/api/v1/settings", #"{"organisationName": "Renamed Ltd"}"#)
            let stale = try await api.patch("/api/v1/custom-fields/\(region)", #"{"labels": {"en": "Zone", "fr": "Zone"}}"#, headers: [.ifMatch: etag])
            #expect(stale.status == .preconditionFailed)
            #expect(try await api.get("/api/v1/custom-fields/\(region)")["labels"]?["en"]?.stringValue == "Area")
            let retyped = try await api.patch("/api/v1/custom-fields/\(region)", #"{"type": "text"}"#)
            #expect(retyped.status == .unprocessableContent && retyped["errors"]?[0]?["code"]?.stringValue == "read_only")
            #expect(try await api.delete("/api/v1/custom-fields/\(region)").status == .conflict)
            let retired = try await api.patch("/api/v1/custom-fields/\(region)", #"{"active": false}"#)
            #expect(retired.status == .ok && retired["active"]?.boolValue == false)
            #expect(try await api.get("/api/v1/leads/\(id)")["customFields"]?["region"]?.stringValue == "north")
            #expect(try await api.patch("/api/v1/custom-fields/\(region)", #"{"active": true}"#)["active"]?.boolValue == true)
            #expect(try await api.get("/api/v1/custom-fields/\(UUID().uuidString)").status == .notFound)
            #expect(try await api.get("/api/v1/custom-fields/region").status == .notFound)

            // Salespeople read the definitions and fill the values, and never define a field.
            let sam = try await world.services.createUser(name: "Sam", email: "sam@example.com", role: .salesperson, by: world.admin)
            let token = try await world.services.createToken(for: sam.id, name: "t", by: Caller(sam.id))
            let salesperson = APIClient(client: api.client, token: token.secret)
            #expect(try await salesperson.get("/api/v1/custom-fields")["items"]?.arrayValue?.count == 2)
            #expect(try await salesperson.post("/api/v1/custom-fields", Self.region.replacingOccurrences(of: "region", with: "area")).status == .forbidden)
            #expect(try await salesperson.patch("/api/v1/custom-fields/\(region)", #"{"active": false}"#).status == .forbidden)
            #expect(try await salesperson.delete("/api/v1/custom-fields/\(size.string("id") ?? "")").status == .forbidden)
        }
    }

    @Test("sort=cf.<key> orders a list by a custom value, records without one last; an unknown key is refused by name")
    func sortedByField() async throws {
        try await withAPI { api, _ in
            let field = try await api.post("/api/v1/custom-fields",
                                           #"{"recordType": "lead", "key": "fleetSize", "type": "integer", "labels": {"en": "Fleet", "fr": "Flotte"}}"#)
            #expect(field.status == .created)
            for (name, fleet) in [("Martin", "40"), ("Petit", "null"), ("Roux", "9")] {
                let lead = try await api.post("/api/v1/leads", #"{"topic": "Vans", "lastName": "\#(name)", "customFields": {"fleetSize": \#(fleet)}}"#)
                #expect(lead.status == .created)
            }
            let ascending = try await api.get("/api/v1/leads?sort=cf.fleetSize&limit=2")
            #expect(ascending["items"]?.arrayValue?.compactMap { $0["lastName"]?.stringValue } == ["Roux", "Martin"])
            let cursor = ascending["nextCursor"]?.stringValue ?? ""
            let rest = try await api.get("/api/v1/leads?sort=cf.fleetSize&limit=2&cursor=\(cursor)")
            #expect(rest["items"]?.arrayValue?.compactMap { $0["lastName"]?.stringValue } == ["Petit"] && rest["nextCursor"] == .null)
            let descending = try await api.get("/api/v1/leads?sort=-cf.fleetSize")
            #expect(descending["items"]?.arrayValue?.compactMap { $0["lastName"]?.stringValue } == ["Martin", "Roux", "Petit"])
            let unknown = try await api.get("/api/v1/leads?sort=cf.planet")
            #expect(unknown.status == .unprocessableContent && unknown["errors"]?[0]?["field"]?.stringValue == "sort")
            #expect(try await api.get("/api/v1/leads?sort=size").status == .unprocessableContent)
        }
    }
}
