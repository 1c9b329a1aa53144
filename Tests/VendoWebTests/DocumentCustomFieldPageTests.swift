import Foundation
import Testing
import VendoCore
import VendoServices
import VendoTestSupport
@testable import VendoWeb

@Suite("Web: custom fields on quotes, orders and invoices")
struct DocumentCustomFieldPageTests {
    @Test("a quote's field comes from its opportunity, shows among its facts, and its edit form sets it; a bad value is refused by name")
    func quote() async throws {
        try await withWeb { browser, world in
            let s = world.services, admin = world.admin
            for type in [CustomizedRecord.opportunity, .quote] {
                var contract = CustomFieldDefinition(recordType: type, key: "contract", type: .text,
                                                     labels: ["en": "Contract number", "fr": "Numéro de contrat"])
                contract.pattern = "C-[0-9]{4}"
                _ = try await s.createCustomField(contract, by: admin)
            }
            let opportunity = try await world.opportunity()
            _ = try await s.updateOpportunity(opportunity.id, ifVersion: nil, by: admin) { $0.customFields = ["contract": .text("C-0042")] }
            let quote = try await s.generateQuote(from: opportunity.id, by: admin)
            #expect(quote.customFields["contract"] == .text("C-0042"))
            try await browser.signIn("ada@example.com", testPassword)
            var page = try await browser.get("/quotes/\(quote.id)")
            #expect(page.contains("<dt>Contract number</dt><dd>C-0042</dd>") && page.contains(#"name="cf_contract""#))
            page = try await browser.post("/quotes/\(quote.id)/fields", [("name", quote.fields.name), ("cf_contract", "C-0043")])
            #expect(try await s.get(Quote.self, quote.id, by: admin).customFields["contract"] == .text("C-0043"))
            page = try await browser.get("/quotes/\(quote.id)")
            page = try await browser.post("/quotes/\(quote.id)/fields", [("name", quote.fields.name), ("cf_contract", "forty-two")])
            #expect(page.status == 422 && page.contains(#"value="forty-two""#))
            #expect(try await s.get(Quote.self, quote.id, by: admin).customFields["contract"] == .text("C-0043"))
            // In French, the label is the French one.
            _ = try await browser.post("/language", [("language", "fr")])
            page = try await browser.get("/quotes/\(quote.id)")
            #expect(page.contains("<dt>Numéro de contrat</dt><dd>C-0043</dd>"))
        }
    }

    @Test("the activity form of a record page has the activities' fields; a missing or bad one is refused beside it; the timeline shows them")
    func activity() async throws {
        try await withWeb { browser, world in
            let s = world.services, admin = world.admin
            var outcome = CustomFieldDefinition(recordType: .activity, key: "outcome", type: .choice, labels: ["en": "Outcome", "fr": "Issue"])
            outcome.choices = [CustomChoice(value: "interested", labels: ["en": "Interested", "fr": "Intéressé"]),
                               CustomChoice(value: "callBack", labels: ["en": "Call back", "fr": "À rappeler"])]
            outcome.required = true
            _ = try await s.createCustomField(outcome, by: admin)
            _ = try await s.createCustomField(CustomFieldDefinition(recordType: .activity, key: "minutes", type: .integer,
                                                                    labels: ["en": "Minutes", "fr": "Minutes"]), by: admin)
            let opportunity = try await world.opportunity()
            try await browser.signIn("ada@example.com", testPassword)
            let base = "/opportunities/\(opportunity.id)"
            var page = try await browser.get(base)
            #expect(page.contains(#"<label for="activity-cf_outcome">Outcome</label>"#) && page.contains(#"<option value="callBack">Call back</option>"#))
            // Required, and a whole number: each refusal keeps what was typed and names its field.
            page = try await browser.post("\(base)/activities", [("type", "phoneCall"), ("subject", "First call"), ("cf_minutes", "12")])
            #expect(page.status == 422 && page.contains(#"<details class="dialog" open>"#) && page.contains(#"value="12""#))
            page = try await browser.post("\(base)/activities", [("type", "phoneCall"), ("subject", "First call"), ("cf_outcome", "interested"),
                                                                 ("cf_minutes", "twelve")])
            #expect(page.status == 422 && page.contains("Type a whole number, like 250.") && page.contains(#"value="twelve""#))
            page = try await browser.post("\(base)/activities", [("type", "phoneCall"), ("subject", "First call"), ("cf_outcome", "interested"),
                                                                 ("cf_minutes", "12")])
            #expect(page.contains("First call") && page.contains("Outcome: Interested") && page.contains("Minutes: 12"))
            let activities = try await s.list(Activity.self, ListQuery(), by: admin).items
            #expect(activities.count == 1 && activities.first?.customFields == ["outcome": .text("interested"), "minutes": .integer(12)])
            // In French, the labels are the French ones.
            _ = try await browser.post("/language", [("language", "fr")])
            page = try await browser.get(base)
            #expect(page.contains("Issue\u{00A0}: Intéressé") && page.contains(#"<label for="activity-cf_outcome">Issue</label>"#))
        }
    }

    @Test("a product's page shows its fields; a draft or revised product's edit form sets them, for those who manage the catalog")
    func product() async throws {
        try await withWeb { browser, world in
            let s = world.services, admin = world.admin
            _ = try await s.createCustomField(CustomFieldDefinition(recordType: .product, key: "warranty", type: .integer,
                                                                    labels: ["en": "Warranty (months)", "fr": "Garantie (mois)"]), by: admin)
            var fields = ProductFields(number: "SCR-15", name: "Screen 15 inches", unitId: world.catalog.each.id, listPrice: 180)
            fields.customFields = ["warranty": .integer(24)]
            let screen = try await s.createProduct(fields, by: admin)
            try await browser.signIn("ada@example.com", testPassword)
            var page = try await browser.get("/products/\(screen.id)")
            #expect(page.contains("<dt>Warranty (months)</dt><dd>24</dd>"))
            // Sold as it is, an active product is revised before it changes: no form, and a post is refused.
            #expect(screen.state == .active && !page.contains(#"name="cf_warranty""#))
            page = try await browser.post("/products/\(screen.id)", [("name", "Screen"), ("cf_warranty", "36")])
            #expect(page.status == 409 || page.status == 422)
            _ = try await s.reviseProduct(screen.id, ifVersion: nil, by: admin)
            page = try await browser.get("/products/\(screen.id)")
            #expect(page.contains(#"name="cf_warranty" type="text" value="24""#))
            page = try await browser.post("/products/\(screen.id)", [("name", "Screen 15 inches"), ("cf_warranty", "two years")])
            #expect(page.status == 422 && page.contains("Type a whole number, like 250."))
            page = try await browser.get("/products/\(screen.id)")
            page = try await browser.post("/products/\(screen.id)", [("name", "Screen 15\" matte"), ("description", "Anti-glare"), ("cf_warranty", "36")])
            #expect(page.contains("<dt>Warranty (months)</dt><dd>36</dd>") && page.contains("Anti-glare"))
            let saved = try await s.get(Product.self, screen.id, by: admin)
            #expect(saved.fields.name == "Screen 15\" matte" && saved.customFields["warranty"] == .integer(36) && saved.fields.number == "SCR-15")
            // A salesperson reads the product but does not edit the catalog.
            let sam = try await s.createUser(name: "Sam", email: "sam@example.com", role: .salesperson, by: admin)
            try await s.setPassword(testPassword, for: sam.id, by: admin)
            let seller = WebBrowser(client: browser.client)
            try await seller.signIn("sam@example.com", testPassword)
            page = try await seller.get("/products/\(screen.id)")
            #expect(page.contains("<dt>Warranty (months)</dt><dd>36</dd>") && !page.contains(#"name="cf_warranty""#))
        }
    }
}
