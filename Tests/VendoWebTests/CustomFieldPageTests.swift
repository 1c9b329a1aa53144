import Foundation
import Testing
import VendoCore
import VendoServices
import VendoTestSupport
@testable import VendoWeb

@Suite("Web: custom fields on the lead pages")
struct CustomFieldPageTests {
    static func field(_ key: String, _ type: CustomFieldType, en: String, fr: String) -> CustomFieldDefinition {
        var definition = CustomFieldDefinition(recordType: .lead, key: key, type: type, labels: ["en": en, "fr": fr])
        if type.hasChoices {
            definition.choices = [CustomChoice(value: "north", labels: ["en": "North", "fr": "Nord"]),
                                  CustomChoice(value: "south", labels: ["en": "South", "fr": "Sud"])]
        }
        return definition
    }

    @Test("the new lead form and the edit form have a typed control per field; the page shows the values; a bad one is refused by its field")
    func leadForms() async throws {
        try await withWeb { browser, world in
            let s = world.services, admin = world.admin
            _ = try await s.createCustomField(Self.field("region", .choice, en: "Region", fr: "Région"), by: admin)
            var size = Self.field("fleetSize", .integer, en: "Fleet size", fr: "Taille de flotte")
            size.max = 5000
            _ = try await s.createCustomField(size, by: admin)
            _ = try await s.createCustomField(Self.field("areas", .multipleChoice, en: "Areas", fr: "Zones"), by: admin)
            let old = try await s.createCustomField(Self.field("legacy", .text, en: "Legacy", fr: "Ancien"), by: admin)
            try await browser.signIn("ada@example.com", testPassword)

            var page = try await browser.get("/leads/new")
            #expect(page.contains(#"<label for="cf_region">Region</label>"#) && page.contains(#"<option value="north">North</option>"#))
            #expect(page.contains(#"<select id="cf_areas" name="cf_areas" multiple size="5">"#))
            page = try await browser.post("/leads", [("topic", "Fleet"), ("lastName", "Martin"), ("cf_region", "north"),
                                                     ("cf_fleetSize", "1,200"), ("cf_areas", "north"), ("cf_areas", "south")])
            #expect(page.contains("Lead created."))
            #expect(page.contains("<dt>Region</dt><dd>North</dd>") && page.contains("<dt>Fleet size</dt><dd>1,200</dd>"))
            #expect(page.contains("<dt>Areas</dt><dd>North, South</dd>"))
            let lead = try #require(try await s.list(Lead.self, ListQuery(), by: admin).items.first)
            #expect(lead.customFields == ["region": .text("north"), "fleetSize": .integer(1200), "areas": .list(["north", "south"])])

            // A retired field leaves the form and keeps its value through an edit; a value out of range is refused by its control.
            _ = try await s.updateLead(lead.id, ifVersion: nil, by: admin) { $0.customFields?["legacy"] = .text("kept") }
            _ = try await s.updateCustomField(old.id, by: admin) { $0.retired = true }
            page = try await browser.get("/leads/\(lead.id)")
            #expect(!page.contains("cf_legacy") && !page.contains("<dt>Legacy</dt>"))
            page = try await browser.post("/leads/\(lead.id)", [("topic", "Fleet"), ("lastName", "Martin"), ("cf_region", "south"),
                                                                ("cf_fleetSize", "9000")])
            #expect(page.status == 422 && page.contains(#"<p class="field-error">Out of range.</p>"#))
            page = try await browser.post("/leads/\(lead.id)", [("topic", "Fleet"), ("lastName", "Martin"), ("cf_region", "south"),
                                                                ("cf_fleetSize", "")])
            #expect(page.contains("Saved.") && page.contains("<dt>Region</dt><dd>South</dd>") && !page.contains("<dt>Fleet size</dt>"))
            let saved = try await s.get(Lead.self, lead.id, by: admin)
            #expect(saved.customFields == ["region": .text("south"), "legacy": .text("kept")])

            // In French: the labels and the messages in French.
            _ = try await browser.post("/language", [("language", "fr")])
            page = try await browser.post("/leads/\(lead.id)", [("topic", "Fleet"), ("lastName", "Martin"), ("cf_fleetSize", "beaucoup")])
            #expect(page.status == 422 && page.contains("Taille de flotte") && page.contains("Saisissez un nombre entier, comme 250."))
        }
    }

    @Test("Settings → Fields: an administrator adds, renames, retires, restores and deletes fields; one in use cannot be deleted")
    func settings() async throws {
        try await withWeb { browser, world in
            let s = world.services, admin = world.admin
            try await browser.signIn("ada@example.com", testPassword)
            var page = try await browser.get("/settings/fields")
            #expect(page.status == 200 && page.contains("No field of your own yet."))
            page = try await browser.post("/settings/fields", [("recordType", "opportunity"), ("key", "region"), ("labelEn", "Region"),
                                                               ("labelFr", "Région"), ("type", "choice"), ("required", "no"),
                                                               ("choices", "north | North | Nord\nsouth | South\n\n")])
            #expect(page.contains("Saved.") && page.contains("<td>region</td>") && page.contains("<td>Choice</td>"))
            var region = try #require(try await s.customFields(of: .opportunity, by: admin).first)
            #expect(region.choices?.map(\.labels) == [["en": "North", "fr": "Nord"], ["en": "South", "fr": "South"]])
            // A bad key is refused next to the form, and what was typed stays.
            page = try await browser.post("/settings/fields", [("recordType", "lead"), ("key", "2 words"), ("labelEn", "Two"),
                                                               ("labelFr", "Deux"), ("type", "text")])
            #expect(page.status == 422 && page.contains(#"value="2 words""#))
            let id = region.id.uuidString.lowercased()
            page = try await browser.post("/settings/fields/\(id)", [("labelEn", "Sales region"), ("labelFr", "Région commerciale")])
            #expect(page.contains("Sales region"))
            page = try await browser.post("/settings/fields/\(id)/retire")
            #expect(page.contains("<td>Retired</td>"))
            region = try await s.customField(region.id, by: admin)
            #expect(region.retired && region.labels["fr"] == "Région commerciale")
            page = try await browser.post("/settings/fields/\(id)/restore")
            #expect(page.contains("<td>Active</td>"))
            let opportunity = try await world.opportunity()
            _ = try await s.updateOpportunity(opportunity.id, ifVersion: nil, by: admin) { $0.customFields = ["region": .text("north")] }
            page = try await browser.post("/settings/fields/\(id)/delete")
            #expect(page.status == 422 && page.contains("Records hold values of this field: retire it instead."))
            _ = try await s.updateOpportunity(opportunity.id, ifVersion: nil, by: admin) { $0.customFields = nil }
            page = try await browser.post("/settings/fields/\(id)/delete")
            #expect(page.contains("No field of your own yet."))
            // In French, the page speaks French.
            _ = try await browser.post("/language", [("language", "fr")])
            page = try await browser.get("/settings/fields")
            #expect(page.contains("Ajouter un champ") && page.contains("Aucun champ propre pour l&#39;instant."))
        }
    }

    @Test("opportunities, accounts and contacts: the edit form sets the fields, the page shows them, the others keep their values")
    func otherRecords() async throws {
        try await withWeb { browser, world in
            let s = world.services, admin = world.admin
            var region = CustomFieldDefinition(recordType: .opportunity, key: "region", type: .choice, labels: ["en": "Region", "fr": "Région"])
            region.choices = [CustomChoice(value: "north", labels: ["en": "North", "fr": "Nord"])]
            _ = try await s.createCustomField(region, by: admin)
            var tier = CustomFieldDefinition(recordType: .account, key: "tier", type: .integer, labels: ["en": "Tier", "fr": "Rang"])
            tier.max = 3
            _ = try await s.createCustomField(tier, by: admin)
            _ = try await s.createCustomField(CustomFieldDefinition(recordType: .contact, key: "since", type: .date,
                                                                    labels: ["en": "Client since", "fr": "Client depuis"]), by: admin)
            let opportunity = try await world.opportunity()
            try await browser.signIn("ada@example.com", testPassword)

            try await browser.get("/opportunities/\(opportunity.id)")
            var page = try await browser.post("/opportunities/\(opportunity.id)", [("cf_region", "north"), ("description", "Fleet")])
            #expect(page.contains("<dt>Region</dt><dd>North</dd>"))
            #expect(try await s.get(Opportunity.self, opportunity.id, by: admin).customFields == ["region": .text("north")])

            guard case .account(let accountId) = opportunity.fields.customer else { Issue.record("no account"); return }
            let account = try await s.get(Account.self, accountId, by: admin)
            try await browser.get("/accounts/\(account.id)")
            page = try await browser.post("/accounts/\(account.id)", [("name", account.fields.name), ("cf_tier", "4")])
            #expect(page.status == 422 && page.contains(#"<p class="field-error">Out of range.</p>"#))
            page = try await browser.post("/accounts/\(account.id)", [("name", account.fields.name), ("cf_tier", "2")])
            #expect(page.contains("<dt>Tier</dt><dd>2</dd>"))

            let contact = try await s.createContact(ContactFields(lastName: "Roux"), by: admin)
            try await browser.get("/contacts/\(contact.id)")
            page = try await browser.post("/contacts/\(contact.id)", [("lastName", "Roux"), ("cf_since", "2020-05-04")])
            #expect(page.contains("<dt>Client since</dt>"))
            #expect(try await s.get(Contact.self, contact.id, by: admin).customFields == ["since": .text("2020-05-04")])
        }
    }
}
