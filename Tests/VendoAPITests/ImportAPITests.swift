import Foundation
import Hummingbird
import Testing
@testable import VendoAPI
import VendoCore
import VendoTestSupport

@Suite("Imports over the API")
struct ImportAPITests {
    static let csv = "Topic;Last Name;Email;Est. Close Date\nA;Able;able@x.example;2026-01-31\nB;Baker;baker@x.example;31/01/2026\n"
    static let csvType: HTTPFields = [.contentType: "text/csv; charset=utf-8"]

    @Test("a dry run reports without saving; all-or-nothing answers 422 with the bad lines; skipBadRows imports the rest")
    func modes() async throws {
        try await withAPI { api, _ in
            let dry = try await api.post("/api/v1/imports/leads?dryRun=true&skipBadRows=true", Self.csv, headers: Self.csvType)
            #expect(dry.status == .ok && dry["dryRun"]?.boolValue == true && dry["committed"]?.boolValue == false)
            #expect(dry["created"]?.intValue == 1 && dry["badRows"]?.intValue == 1)
            #expect(dry["mapping"]?["Est. Close Date"]?.stringValue == "estimatedCloseDate")
            #expect(try await api.get("/api/v1/leads")["items"]?.arrayValue?.count == 0)
            let rejected = try await api.post("/api/v1/imports/leads", Self.csv, headers: Self.csvType)
            #expect(rejected.status == .unprocessableContent && rejected.code == "import_rejected")
            #expect(rejected.headers[.contentType] == "application/problem+json")
            #expect(rejected["errors"]?[0]?["field"]?.stringValue == "line 3: estimatedCloseDate")
            #expect(try await api.get("/api/v1/leads")["items"]?.arrayValue?.count == 0)
            let imported = try await api.post("/api/v1/imports/leads?skipBadRows=true", Self.csv, headers: Self.csvType)
            #expect(imported.status == .ok && imported["committed"]?.boolValue == true && imported["created"]?.intValue == 1)
            #expect(imported["problems"]?[0]?["line"]?.intValue == 3)
            let leads = try await api.get("/api/v1/leads")["items"]?.arrayValue ?? []
            #expect(leads.count == 1 && leads.first?["lastName"]?.stringValue == "Able")
        }
    }

    @Test("a Salesforce export: the report counts the topics it made; the leads carry industry, revenue and head count, checked on PATCH")
    func salesforce() async throws {
        try await withAPI { api, _ in
            let csv = "Name,Company,LeadSource,Status,Industry,AnnualRevenue,NumberOfEmployees\n"
                + "Sarah Connor,Cyberdyne,Web,Working - Contacted,Technology,25000000,1200\n"
            let reply = try await api.post("/api/v1/imports/leads", csv, headers: Self.csvType)
            #expect(reply.status == .ok && reply["created"]?.intValue == 1 && reply["topicsMade"]?.intValue == 1)
            let lead = try #require((try await api.get("/api/v1/leads"))["items"]?[0])
            #expect(lead["topic"]?.stringValue == "Cyberdyne – Web" && lead["firstName"]?.stringValue == "Sarah")
            #expect(lead["status"]?.stringValue == "contacted" && lead["industry"]?.stringValue == "technology")
            #expect(lead["annualRevenue"]?.stringValue == "25000000.00" && lead["numberOfEmployees"]?.intValue == 1200)
            let id = lead["id"]?.stringValue ?? ""
            for (body, field) in [(#"{"industry": "spaceflight"}"#, "industry"), (#"{"numberOfEmployees": -1}"#, "numberOfEmployees"),
                                  (#"{"numberOfEmployees": 2.5}"#, "numberOfEmployees"), (#"{"annualRevenue": "-3"}"#, "annualRevenue")] {
                let refused = try await api.patch("/api/v1/leads/\(id)", body)
                #expect(refused.status == .unprocessableContent && refused["errors"]?[0]?["field"]?.stringValue == field, "\(body)")
            }
            let saved = try await api.patch("/api/v1/leads/\(id)", #"{"numberOfEmployees": 1300, "industry": "foodAndBeverage"}"#)
            #expect(saved.status == .ok && saved["numberOfEmployees"]?.intValue == 1300 && saved["industry"]?.stringValue == "foodAndBeverage")
        }
    }

    @Test("mapping and defaults travel as JSON in the query; vCards are recognised by their content type")
    func mappingAndVCards() async throws {
        try await withAPI { api, _ in
            let mapping = #"{"Nom":"lastName"}"#.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let defaults = #"{"topic":"Salon","source":"tradeShow"}"#.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let reply = try await api.post("/api/v1/imports/leads?mapping=\(mapping)&defaults=\(defaults)", "Nom\nGarnier\n",
                                           headers: Self.csvType)
            #expect(reply.status == .ok && reply["created"]?.intValue == 1)
            let card = "BEGIN:VCARD\nVERSION:3.0\nN:Smith;Jo\nEMAIL:jo@smith.example\nEND:VCARD\n"
            let vcard = try await api.post("/api/v1/imports/leads?defaults=\(defaults)", card, headers: [.contentType: "text/vcard"])
            #expect(vcard.status == .ok && vcard["format"]?.stringValue == "vcard" && vcard["created"]?.intValue == 1)
            let leads = try await api.get("/api/v1/leads?source=tradeShow")["items"]?.arrayValue ?? []
            #expect(Set(leads.compactMap { $0["lastName"]?.stringValue }) == ["Garnier", "Smith"])
        }
    }

    @Test("bad requests are refused with a reason and import nothing")
    func refusals() async throws {
        try await withAPI { api, _ in
            #expect(try await api.post("/api/v1/imports/widgets", Self.csv, headers: Self.csvType).status == .notFound)
            #expect(try await api.post("/api/v1/imports/leads", Self.csv, headers: [.contentType: "application/pdf"]).status
                    == .unsupportedMediaType)
            let flag = try await api.post("/api/v1/imports/leads?dryRun=yes", Self.csv, headers: Self.csvType)
            #expect(flag.status == .unprocessableContent && flag["errors"]?[0]?["field"]?.stringValue == "dryRun")
            let mapping = try await api.post("/api/v1/imports/leads?mapping=%5B1%5D", Self.csv, headers: Self.csvType)
            #expect(mapping.status == .unprocessableContent && mapping["errors"]?[0]?["field"]?.stringValue == "mapping")
            let empty = try await api.post("/api/v1/imports/leads", "", headers: Self.csvType)
            #expect(empty.status == .unprocessableContent && empty.string("detail")?.contains("no header line") == true)
            let unknown = try await api.post("/api/v1/imports/leads", "a,b\n1,2\n", headers: Self.csvType)
            #expect(unknown.status == .unprocessableContent && unknown["errors"]?[0]?["code"]?.stringValue == "no_known_column")
            let broken = try await api.post("/api/v1/imports/leads", "topic,lastName\n\"open,x\n", headers: Self.csvType)
            #expect(broken.status == .unprocessableContent && broken.string("detail")?.contains("never closed") == true)
            #expect(try await api.get("/api/v1/leads")["items"]?.arrayValue?.count == 0)
            let kinds = try await api.get("/api/v1/imports")
            #expect(kinds["items"]?.arrayValue?.count == 5)
        }
    }
}
