import Foundation
import Hummingbird
import Testing
@testable import VendoAPI
import VendoCore
import VendoServices
import VendoTestSupport

@Suite("API: choice lists")
struct ChoiceListAPITests {
    @Test("the settings carry every list; a PATCH replaces the lists it names; records and actions take their values")
    func lists() async throws {
        try await withAPI { api, world in
            let settings = try await api.get("/api/v1/settings")
            let sources = settings["choiceLists"]?["leadSource"]?.arrayValue ?? []
            #expect(sources.count == LeadSource.allCases.count)
            #expect(sources.first { $0["value"]?.stringValue == "tradeShow" }?["labels"]?["fr"]?.stringValue == "Salon")
            #expect(settings["choiceLists"]?["lostReason"]?[0]?["active"]?.boolValue == true)

            // Add a source, rename one in French, retire another; the other lists stay as they were.
            var edited = sources.map { source -> String in
                let value = source["value"]?.stringValue ?? ""
                let french = value == "tradeShow" ? "Salon professionnel" : source["labels"]?["fr"]?.stringValue ?? ""
                let active = value != "seminar"
                return #"{"value": "\#(value)", "labels": {"en": "\#(source["labels"]?["en"]?.stringValue ?? "")", "fr": "\#(french)"}, "active": \#(active)}"#
            }
            edited.insert(#"{"value": "fairs", "labels": {"en": "Regional fairs", "fr": "Foires régionales"}}"#, at: 0)
            let saved = try await api.patch("/api/v1/settings", #"{"choiceLists": {"leadSource": [\#(edited.joined(separator: ","))]}}"#)
            #expect(saved.status == .ok)
            #expect(saved["choiceLists"]?["leadSource"]?[0]?["value"]?.stringValue == "fairs")
            #expect(saved["choiceLists"]?["rating"]?.arrayValue?.count == 3)
            // Dropping a value is refused by name; so is a label missing in one language.
            let dropped = try await api.patch("/api/v1/settings", #"{"choiceLists": {"rating": [{"value": "hot", "labels": {"en": "Hot", "fr": "Chaud"}}]}}"#)
            #expect(dropped.status == .unprocessableContent && dropped["errors"]?[0]?["code"]?.stringValue == "value_removed")
            let unlabelled = try await api.patch("/api/v1/settings", #"{"choiceLists": {"disqualifyReason": [{"value": "x", "labels": {"en": "X"}}]}}"#)
            #expect(unlabelled.status == .unprocessableContent)

            // The document names the organisation's values.
            let document = try await api.send(.get, "/openapi.json", authorized: false)
            let component = document["components"]?["schemas"]?["LeadSourceChoice"]?["enum"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(component.first == "fairs" && component.contains("seminar"))
            #expect(document["components"]?["schemas"]?["Lead"]?["properties"]?["source"]?["anyOf"] != nil)

            // Records: the organisation's value is taken, a retired or unknown one refused by name.
            let lead = try await api.post("/api/v1/leads", #"{"topic": "Vans", "lastName": "Martin", "source": "fairs"}"#)
            #expect(lead.status == .created && lead["source"]?.stringValue == "fairs")
            let retired = try await api.post("/api/v1/leads", #"{"topic": "Vans", "lastName": "Petit", "source": "seminar"}"#)
            #expect(retired.status == .unprocessableContent && retired["errors"]?[0]?["code"]?.stringValue == "retired_choice")
            let unknown = try await api.post("/api/v1/leads", #"{"topic": "Vans", "lastName": "Roux", "source": "pigeon", "rating": "tepid"}"#)
            #expect(unknown.status == .unprocessableContent)
            #expect(Set((unknown["errors"]?.arrayValue ?? []).compactMap { $0["field"]?.stringValue }) == ["source", "rating"])

            // Disqualify with a reason beside the status.
            let id = lead.string("id") ?? ""
            let badReason = try await api.post("/api/v1/leads/\(id)/disqualify", #"{"status": "lost", "reason": "moonPhase"}"#)
            #expect(badReason.status == .unprocessableContent && badReason["errors"]?[0]?["field"]?.stringValue == "reason")
            let disqualified = try await api.post("/api/v1/leads/\(id)/disqualify", #"{"status": "lost", "reason": "noBudget"}"#)
            #expect(disqualified.status == .ok && disqualified["status"]?.stringValue == "lost" && disqualified["reason"]?.stringValue == "noBudget")
            let history = try await api.get("/api/v1/leads/\(id)/history")
            #expect(history["items"]?.arrayValue?.contains { $0["field"]?.stringValue == "reason" && $0["newValue"]?.stringValue == "noBudget" } == true)

            // Lose an opportunity with a reason.
            let opportunity = try await world.opportunity()
            let lost = try await api.post("/api/v1/opportunities/\(opportunity.id)/lose", #"{"status": "outSold", "reason": "price"}"#)
            #expect(lost.status == .ok && lost["reason"]?.stringValue == "price")
            let reopened = try await api.post("/api/v1/opportunities/\(opportunity.id)/reopen")
            #expect(reopened.status == .ok && reopened["reason"] == .null)

            // Salespeople read the lists and never edit them.
            let sam = try await world.services.createUser(name: "Sam", email: "sam@example.com", role: .salesperson, by: world.admin)
            let token = try await world.services.createToken(for: sam.id, name: "t", by: Caller(sam.id))
            let salesperson = APIClient(client: api.client, token: token.secret)
            #expect(try await salesperson.get("/api/v1/settings")["choiceLists"]?["leadSource"]?[0]?["value"]?.stringValue == "fairs")
            #expect(try await salesperson.patch("/api/v1/settings", #"{"choiceLists": {}}"#).status == .forbidden)
        }
    }

    @Test("terminology: the organisation names its record types per language; null gives Vendo's words back; the API keeps its names")
    func terminology() async throws {
        try await withAPI { api, _ in
            #expect(try await api.get("/api/v1/settings")["terminology"] == .object([]))
            let saved = try await api.patch("/api/v1/settings", #"""
                {"terminology": {"lead": {"en": {"singular": "Prospect", "plural": "Prospects"}},
                                 "opportunity": {"en": {"singular": "Deal", "plural": "Deals"}, "fr": {"singular": "Affaire", "plural": "Affaires"}}}}
                """#)
            #expect(saved.status == .ok)
            #expect(saved["terminology"]?["lead"]?["en"]?["plural"]?.stringValue == "Prospects")
            #expect(saved["terminology"]?["opportunity"]?["fr"]?["singular"]?.stringValue == "Affaire")
            let removed = try await api.patch("/api/v1/settings", #"{"terminology": {"lead": null}}"#)
            #expect(removed["terminology"]?["lead"] == nil && removed["terminology"]?["opportunity"]?["en"]?["singular"]?.stringValue == "Deal")
            let unknown = try await api.patch("/api/v1/settings", #"{"terminology": {"planet": {"en": {"singular": "P", "plural": "Ps"}}}}"#)
            #expect(unknown.status == .unprocessableContent)
            let blank = try await api.patch("/api/v1/settings", #"{"terminology": {"quote": {"fr": {"singular": " ", "plural": "Offres"}}}}"#)
            #expect(blank.status == .unprocessableContent
                    && blank["errors"]?[0]?["field"]?.stringValue == "terminology.quote.fr.singular")
            let missing = try await api.patch("/api/v1/settings", #"{"terminology": {"quote": {"fr": {"singular": "Offre"}}}}"#)
            #expect(missing.status == .unprocessableContent)
            // Paths and field names do not change.
            #expect(try await api.get("/api/v1/opportunities").status == .ok)
        }
    }

    @Test("fieldLabels: the organisation labels built-in fields per record type and language; null gives Vendo's back")
    func fieldLabels() async throws {
        try await withAPI { api, _ in
            #expect(try await api.get("/api/v1/settings")["fieldLabels"] == .object([]))
            let saved = try await api.patch("/api/v1/settings", #"""
                {"fieldLabels": {"lead": {"topic": {"en": "Subject", "fr": "Objet"}, "companyName": {"fr": "Société"}},
                                 "account": {"name": {"en": "Company"}}}}
                """#)
            #expect(saved.status == .ok)
            #expect(saved["fieldLabels"]?["lead"]?["topic"]?["fr"]?.stringValue == "Objet")
            #expect(saved["fieldLabels"]?["lead"]?["companyName"]?["en"] == nil)
            #expect(saved["fieldLabels"]?["account"]?["name"]?["en"]?.stringValue == "Company")
            // A PATCH replaces the labels of the record types it names, and null removes them.
            let replaced = try await api.patch("/api/v1/settings", #"{"fieldLabels": {"lead": {"email": {"en": "Mail"}}, "account": null}}"#)
            #expect(replaced["fieldLabels"]?["lead"]?["topic"] == nil && replaced["fieldLabels"]?["lead"]?["email"]?["en"]?.stringValue == "Mail")
            #expect(replaced["fieldLabels"]?["account"] == nil)
            for (body, field) in [(#"{"fieldLabels": {"lead": {"planet": {"en": "Planet"}}}}"#, "fieldLabels.lead.planet"),
                                  (#"{"fieldLabels": {"lead": {"topic": {"en": " "}}}}"#, "fieldLabels.lead.topic.en"),
                                  (#"{"fieldLabels": {"lead": {"topic": {"de": "Betreff"}}}}"#, "fieldLabels.lead.topic.de")] {
                let refused = try await api.patch("/api/v1/settings", body)
                #expect(refused.status == .unprocessableContent && refused["errors"]?[0]?["field"]?.stringValue == field, "\(body)")
            }
            #expect(try await api.get("/api/v1/settings")["fieldLabels"]?["lead"]?["email"]?["en"]?.stringValue == "Mail")
            // The API keeps the field's name.
            let lead = try await api.post("/api/v1/leads", #"{"topic": "Labels", "lastName": "Roux"}"#)
            #expect(lead.status == .created && lead["topic"]?.stringValue == "Labels" && lead["Subject"] == nil)
        }
    }

    @Test("reports take groupBy=cf.<key> of an opportunities' choice field; anything else is refused by name")
    func reportsByField() async throws {
        try await withAPI { api, world in
            let field = try await api.post("/api/v1/custom-fields", #"""
                {"recordType": "opportunity", "key": "region", "type": "choice", "labels": {"en": "Region", "fr": "Région"},
                 "choices": [{"value": "north", "labels": {"en": "North", "fr": "Nord"}}, {"value": "south", "labels": {"en": "South", "fr": "Sud"}}]}
                """#)
            #expect(field.status == .created)
            let opportunity = try await world.opportunity()
            let set = try await api.patch("/api/v1/opportunities/\(opportunity.id)",
                                          #"{"revenueMode": "userProvided", "estimatedRevenue": "1500", "probability": 40, "customFields": {"region": "south"}}"#)
            #expect(set.status == .ok)
            let pipeline = try await api.get("/api/v1/reports/pipeline?groupBy=cf.region")
            #expect(pipeline.status == .ok && pipeline["groupBy"]?.stringValue == "cf.region")
            #expect(pipeline["groups"]?.arrayValue?.compactMap { $0["value"]?.stringValue } == ["north", "south"])
            #expect(pipeline["groups"]?[1]?["total"]?.stringValue == "1500.00" && pipeline["groups"]?[1]?["weighted"]?.stringValue == "600.00")
            #expect(pipeline["groups"]?[1]?["labels"]?["fr"]?.stringValue == "Sud" && pipeline["stages"]?.arrayValue?.isEmpty == true)
            _ = try await api.post("/api/v1/opportunities/\(opportunity.id)/win", "{}")
            let rate = try await api.get("/api/v1/reports/win-rate?groupBy=cf.region")
            #expect(rate["groups"]?[1]?["won"]?.intValue == 1 && rate["groups"]?[1]?["winRate"]?.stringValue == "100.00")
            for bad in ["region", "cf.planet", "cf."] {
                let refused = try await api.get("/api/v1/reports/pipeline?groupBy=\(bad)")
                #expect(refused.status == .unprocessableContent && refused["errors"]?[0]?["field"]?.stringValue == "groupBy", "\(bad)")
            }
            let forecast = try await api.get("/api/v1/reports/forecast?groupBy=cf.region")
            #expect(forecast.status == .ok && forecast["groups"]?.arrayValue?.compactMap { $0["value"]?.stringValue } == ["north", "south"])
            let south = forecast["groups"]?[1]?["categories"]?.arrayValue ?? []
            #expect(south.first { $0["category"]?.stringValue == "won" }?["total"]?.stringValue == "1500.00")
            #expect(try await api.get("/api/v1/reports/revenue?groupBy=cf.region").status == .unprocessableContent)
        }
    }
}
