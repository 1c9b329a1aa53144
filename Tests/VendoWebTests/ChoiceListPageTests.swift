import Foundation
import Testing
import VendoCore
import VendoServices
import VendoTestSupport
@testable import VendoWeb

@Suite("Web: the organisation's lists")
struct ChoiceListPageTests {
    @Test("Settings → Lists: values added, renamed and retired; forms offer them; pages and lists show their labels; reasons close records")
    func lists() async throws {
        try await withWeb { browser, world in
            let s = world.services, admin = world.admin
            try await browser.signIn("ada@example.com", testPassword)
            var page = try await browser.get("/settings/lists")
            #expect(page.status == 200 && page.contains("Lead sources") && page.contains("<td>tradeShow</td>"))

            let settings = try await s.settings()
            let active = settings.choices(.leadSource).filter { $0.value != "seminar" }.map { choice in
                [choice.value, choice.labels["en"] ?? "", choice.value == "tradeShow" ? "Salon professionnel" : choice.labels["fr"] ?? ""]
                    .joined(separator: " | ")
            }
            let typed = (["fairs | Regional fairs | Foires régionales"] + active).joined(separator: "\n")
            page = try await browser.post("/settings/lists/leadSource", [("active", typed), ("retired", "seminar | Seminar | Séminaire")])
            #expect(page.contains("Saved.") && page.contains("<td>fairs</td>") && page.contains("Foires régionales"))
            let saved = try await s.settings()
            #expect(saved.choices(.leadSource).first?.value == "fairs")
            #expect(saved.choices(.leadSource).first { $0.value == "seminar" }?.retired == true)
            #expect(saved.choiceLabel(.leadSource, "tradeShow", .fr) == "Salon professionnel")

            // Removing a value is refused next to the list's box, and what was typed stays.
            page = try await browser.post("/settings/lists/rating", [("active", "hot | Hot | Chaud\nwarm | Warm | Tiède"), ("retired", "")])
            #expect(page.status == 422 && page.contains("cannot be removed") && page.contains("warm | Warm | Tiède"))
            #expect(try await s.settings().choices(.rating).count == 3)
            page = try await browser.post("/settings/lists/nope", [("active", "")])
            #expect(page.status == 404)

            // The new lead form offers the active values, the new one first; the retired one is gone.
            page = try await browser.get("/leads/new")
            #expect(page.contains(#"<option value="fairs">Regional fairs</option>"#) && !page.contains(#"value="seminar""#))
            page = try await browser.post("/leads", [("topic", "Vans"), ("lastName", "Martin"), ("source", "fairs")])
            let lead = try #require(try await s.list(Lead.self, ListQuery(limit: 5), by: admin).items.first)
            #expect(lead.fields.source?.rawValue == "fairs" && page.contains("Regional fairs"))
            page = try await browser.get("/leads")
            #expect(page.contains("<td>Regional fairs</td>"))

            // A lead that had the retired value keeps it through an edit of its page.
            var older = LeadFields(topic: "Seminar lead", lastName: "Petit")
            older.source = LeadSource("wordOfMouth")
            let kept = try await s.createLead(older, by: admin).lead
            _ = try await s.updateSettings(ifVersion: nil, by: admin) { settings in
                var choices = settings.choices(.leadSource)
                if let index = choices.firstIndex(where: { $0.value == "wordOfMouth" }) { choices[index].retired = true }
                settings.choiceLists?["leadSource"] = choices
            }
            page = try await browser.get("/leads/\(kept.id)")
            #expect(page.contains(#"<option value="wordOfMouth" selected>Word of mouth</option>"#))
            page = try await browser.post("/leads/\(kept.id)", [("topic", "Seminar lead, again"), ("lastName", "Petit"), ("source", "wordOfMouth")])
            let edited = try await s.get(Lead.self, kept.id, by: admin)
            #expect(edited.fields.source?.rawValue == "wordOfMouth" && edited.fields.topic == "Seminar lead, again")

            // Disqualify with a reason beside the status; the page shows it, in French too.
            page = try await browser.get("/leads/\(lead.id)")
            page = try await browser.post("/leads/\(lead.id)/disqualify", [("reason", "noLongerInterested"), ("why", "noBudget")])
            let closed = try await s.get(Lead.self, lead.id, by: admin)
            #expect(closed.status == .noLongerInterested && closed.reason?.rawValue == "noBudget")
            _ = try await browser.post("/language", [("language", "fr")])
            page = try await browser.get("/leads/\(lead.id)")
            #expect(page.contains("Pas de budget") && page.contains("Foires régionales"))

            // Lose an opportunity with a reason.
            let opportunity = try await world.opportunity()
            page = try await browser.get("/opportunities/\(opportunity.id)")
            page = try await browser.post("/opportunities/\(opportunity.id)/lose", [("reason", "outSold"), ("why", "competitor")])
            #expect(try await s.get(Opportunity.self, opportunity.id, by: admin).reason?.rawValue == "competitor")
            page = try await browser.get("/opportunities/\(opportunity.id)")
            #expect(page.contains("Concurrent choisi"))
        }
    }
}

@Suite("Web: the organisation's names for its records")
struct TerminologyPageTests {
    @Test("renamed record types show in the menu, titles and columns, in each language; emptied, Vendo's words return")
    func words() async throws {
        try await withWeb { browser, world in
            let s = world.services
            try await browser.signIn("ada@example.com", testPassword)
            var page = try await browser.get("/settings/lists")
            #expect(page.contains("Names of records") && page.contains(#"name="en-singular""#))
            page = try await browser.post("/settings/words/lead", [("en-singular", "Prospect"), ("en-plural", "Prospects"),
                                                                   ("fr-singular", "Piste"), ("fr-plural", "Pistes")])
            #expect(page.contains("Saved.") && page.contains("Prospect / Prospects"))
            page = try await browser.post("/settings/words/opportunity", [("en-singular", "Deal"), ("en-plural", "Deals"),
                                                                          ("fr-singular", ""), ("fr-plural", "")])
            #expect(try await s.settings().terminology == ["lead": ["en": RecordWords(singular: "Prospect", plural: "Prospects"),
                                                                    "fr": RecordWords(singular: "Piste", plural: "Pistes")],
                                                           "opportunity": ["en": RecordWords(singular: "Deal", plural: "Deals")]])
            page = try await browser.get("/leads")
            #expect(page.contains(#"<a href="/leads" aria-current="page">Prospects</a>"#) && page.contains("<h1>Prospects</h1>"))
            #expect(page.contains(#"<a href="/opportunities">Deals</a>"#) && !page.contains(">Leads<"))
            // French has its own words for leads, and Vendo's for opportunities.
            _ = try await browser.post("/language", [("language", "fr")])
            page = try await browser.get("/opportunities")
            #expect(page.contains(">Pistes</a>") && page.contains("<h1>Opportunités</h1>"))
            // A word missing on one side is refused next to it.
            page = try await browser.post("/settings/words/quote", [("en-singular", "Offer"), ("en-plural", "")])
            #expect(page.status == 422 && page.contains(#"value="Offer""#))
            #expect(try await s.settings().terminology?["quote"] == nil)
            // Emptied, the lead takes Vendo's words again.
            _ = try await browser.post("/settings/words/lead", [("en-singular", ""), ("en-plural", ""), ("fr-singular", ""), ("fr-plural", "")])
            page = try await browser.get("/leads")
            #expect(page.contains("<h1>Prospects</h1>") && !page.contains("Pistes"))
            #expect(try await s.settings().terminology?["lead"] == nil)
        }
    }

    @Test("labels of built-in fields show on their record type's pages, in each language; others keep Vendo's")
    func labels() async throws {
        try await withWeb { browser, world in
            let s = world.services
            // Every field that takes a label has one of Vendo's, in both languages.
            for type in CustomizedRecord.allCases {
                for field in BuiltInFields.names(of: type) {
                    #expect(Language.en.builtInStrings["field_\(field)"] != nil && Language.fr.builtInStrings["field_\(field)"] != nil, "\(field)")
                }
            }
            try await browser.signIn("ada@example.com", testPassword)
            var page = try await browser.get("/settings/lists")
            #expect(page.contains("Labels of fields") && page.contains("topic |  | "))
            page = try await browser.post("/settings/labels/lead", [("labels", "topic | Subject | Objet\ncompanyName |  | Société\nemail | |")])
            #expect(page.contains("Saved.") && page.contains("Subject, Société"))
            #expect(try await s.settings().fieldLabels == ["lead": ["topic": ["en": "Subject", "fr": "Objet"], "companyName": ["fr": "Société"]]])
            page = try await browser.get("/leads/new")
            #expect(page.contains(#"<label for="topic">Subject <span"#) && !page.contains("Topic")
                    && page.contains(#"<label for="companyName">Company</label>"#))
            // Another record type's pages keep Vendo's labels.
            page = try await browser.get("/opportunities")
            #expect(!page.contains("Subject"))
            _ = try await browser.post("/language", [("language", "fr")])
            page = try await browser.get("/leads/new")
            #expect(page.contains(#"<label for="topic">Objet <span"#) && page.contains(#"<label for="companyName">Société</label>"#))
            // A field Vendo does not know is refused in the box, and nothing changes.
            page = try await browser.post("/settings/labels/lead", [("labels", "planet | Planet | Planète")])
            #expect(page.status == 422 && page.contains("planet | Planet | Planète"))
            #expect(try await s.settings().fieldLabels?["lead"]?["topic"]?["en"] == "Subject")
            // Emptied, Vendo's labels return.
            _ = try await browser.post("/settings/labels/lead", [("labels", "topic | |")])
            #expect(try await s.settings().fieldLabels == nil)
        }
    }
}

@Suite("Web: reports by the organisation's fields")
struct ReportByFieldPageTests {
    @Test("the reports page has the pipeline and the win rates by each choice field of opportunities")
    func pipelineByRegion() async throws {
        try await withWeb { browser, world in
            let s = world.services, admin = world.admin
            _ = try await s.createCustomField(regionField, by: admin)
            let opportunity = try await world.opportunity()
            _ = try await s.updateOpportunity(opportunity.id, ifVersion: nil, by: admin) { fields in
                fields.revenueMode = .userProvided
                fields.estimatedRevenue = 1500
                fields.customFields = ["region": .text("south")]
            }
            try await browser.signIn("ada@example.com", testPassword)
            var page = try await browser.get("/reports")
            #expect(page.contains("Pipeline by Region") && page.contains(#"<th scope="row">South</th>"#) && page.contains("€1,500.00"))
            _ = try await browser.post("/language", [("language", "fr")])
            page = try await browser.get("/reports")
            #expect(page.contains("Pipeline par Région") && page.contains(#"<th scope="row">Nord</th>"#))
        }
    }
}

@Suite("Web: saved views of the lists")
struct SavedViewPageTests {
    @Test("a list filters and sorts by the organisation's fields; saved with a column, the view comes back, shared with a team")
    func views() async throws {
        try await withWeb { browser, world in
            let s = world.services, admin = world.admin
            _ = try await s.createCustomField(regionField, by: admin)
            for (company, value) in [("Alpha", "north"), ("Beta", "south"), ("Gamma", "north")] {
                let opportunity = try await world.opportunity(company: company)
                _ = try await s.updateOpportunity(opportunity.id, ifVersion: nil, by: admin) { fields in
                    fields.name = "Deal \(company)"
                    fields.customFields = ["region": .text(value)]
                }
            }
            let ada = try #require(try await s.list(User.self, ListQuery(limit: 10), by: admin).items.first { $0.email == "ada@example.com" })
            let team = try await s.createTeam(TeamFields(name: "North", memberIds: [ada.id]), by: admin)
            try await browser.signIn("ada@example.com", testPassword)
            var page = try await browser.get("/opportunities?cf.region=north&sort=-cf.region")
            #expect(page.contains(#"<select id="filter-cf-region" name="cf.region">"#) && page.contains(#"<option value="north" selected>North</option>"#))
            #expect(page.contains("Deal Alpha") && page.contains("Deal Gamma") && !page.contains("Deal Beta"))
            #expect(page.contains(#"<option value="-cf.region" selected>Region, highest first</option>"#))
            // Saved for the team, with the region as a column.
            page = try await browser.post("/views", [("path", "/opportunities"), ("name", "North deals"), ("team", team.id.description),
                                                     ("q_cf.region", "north"), ("q_sort", "-cf.region"), ("columns", "region")])
            let saved = try #require(try await s.savedViews(for: "/opportunities", by: admin).first)
            #expect(saved.team == team.id && saved.view.query == ["cf.region": "north", "sort": "-cf.region"] && saved.view.columns == ["region"])
            page = try await browser.get("/opportunities?view=\(saved.view.id.uuidString.lowercased())")
            #expect(page.contains("<h1>North deals</h1>") && page.contains(#"<th scope="col">Region</th>"#) && page.contains("<td>North</td>"))
            #expect(!page.contains("Deal Beta") && page.contains("(North)"))
            // The CSV export of the view is the API's list with the view's filters (the API has no views).
            let csv = try #require(page.html.range(of: #"href="/api/v1/opportunities?[^"]*""#, options: .regularExpression).map { String(page.html[$0]) })
            #expect(csv.contains("cf.region=north") && !csv.contains("view="))
            // A filter given wins over the view's.
            page = try await browser.get("/opportunities?view=\(saved.view.id.uuidString.lowercased())&cf.region=south")
            #expect(page.contains("Deal Beta") && !page.contains("Deal Alpha"))
            // Deleted, it is gone from the list of views.
            page = try await browser.post("/views/\(saved.view.id.uuidString.lowercased())/delete", [("path", "/opportunities"), ("team", team.id.description)])
            #expect(page.contains("View deleted.") && !page.contains("North deals"))
            // A view without a name is refused, and nothing is saved.
            page = try await browser.post("/views", [("path", "/leads"), ("name", "")])
            #expect(try await s.savedViews(for: "/leads", by: admin).isEmpty)
        }
    }

    @Test("the pipeline board filters by the organisation's fields; saved as a view, it comes back, and a move returns to it")
    func board() async throws {
        try await withWeb { browser, world in
            let s = world.services, admin = world.admin
            _ = try await s.createCustomField(regionField, by: admin)
            var alpha: Opportunity?
            for (company, value, revenue) in [("Alpha", "north", Decimal(1000)), ("Beta", "south", 4000), ("Gamma", "north", 2500)] {
                let opportunity = try await world.opportunity(company: company)
                let changed = try await s.updateOpportunity(opportunity.id, ifVersion: nil, by: admin) { fields in
                    fields.name = "Deal \(company)"
                    fields.revenueMode = .userProvided
                    fields.estimatedRevenue = revenue
                    fields.customFields = ["region": .text(value)]
                }
                if company == "Alpha" { alpha = changed }
            }
            try await browser.signIn("ada@example.com", testPassword)
            var page = try await browser.get("/pipeline?cf.region=north")
            #expect(page.contains(#"<select id="filter-cf-region" name="cf.region">"#) && page.contains(#"<option value="north" selected>North</option>"#))
            #expect(page.contains("Deal Alpha") && page.contains("Deal Gamma") && !page.contains("Deal Beta"))
            // The columns sum the filtered opportunities only: 3 500 of the 7 500.
            #expect(page.contains("3,500.00") && !page.contains("7,500.00"))
            #expect(page.contains(#"name="back" value="/pipeline?cf.region=north""#))

            page = try await browser.post("/views", [("path", "/pipeline"), ("name", "North board"), ("q_cf.region", "north")])
            let saved = try #require(try await s.savedViews(for: "/pipeline", by: admin).first)
            #expect(saved.view.query == ["cf.region": "north"] && saved.view.columns.isEmpty)
            let id = saved.view.id.uuidString.lowercased()
            page = try await browser.get("/pipeline?view=\(id)")
            #expect(page.contains("<h1>North board</h1>") && page.contains("Deal Gamma") && !page.contains("Deal Beta"))
            #expect(page.contains(#"aria-current="page">North board</a>"#))
            // A card moved on the view's board comes back to it.
            let card = try #require(alpha)
            let stages = try #require(try await s.processes().first(where: \.isDefault)).stages
            page = try await browser.post("/opportunities/\(card.id)/stage", [("version", String(card.info.version)), ("stage", stages[2].key),
                                                                              ("back", "/pipeline?view=\(id)")], follow: false)
            #expect(page.location == "/pipeline?view=\(id)")
            #expect(try await s.get(Opportunity.self, card.id, by: admin).process?.stage == stages[2].key)
        }
    }
}

/// The opportunities' "Region" choice (north, south) of the tests of this file.
let regionField: CustomFieldDefinition = {
    var region = CustomFieldDefinition(recordType: .opportunity, key: "region", type: .choice, labels: ["en": "Region", "fr": "Région"])
    region.choices = [CustomChoice(value: "north", labels: ["en": "North", "fr": "Nord"]),
                      CustomChoice(value: "south", labels: ["en": "South", "fr": "Sud"])]
    return region
}()
