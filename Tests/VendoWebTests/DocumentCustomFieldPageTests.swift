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

    @Test("a product's page shows its fields among its facts")
    func product() async throws {
        try await withWeb { browser, world in
            let s = world.services, admin = world.admin
            _ = try await s.createCustomField(CustomFieldDefinition(recordType: .product, key: "warranty", type: .integer,
                                                                    labels: ["en": "Warranty (months)", "fr": "Garantie (mois)"]), by: admin)
            var fields = ProductFields(number: "SCR-15", name: "Screen 15 inches", unitId: world.catalog.each.id, listPrice: 180)
            fields.customFields = ["warranty": .integer(24)]
            let screen = try await s.createProduct(fields, by: admin)
            try await browser.signIn("ada@example.com", testPassword)
            let page = try await browser.get("/products/\(screen.id)")
            #expect(page.contains("<dt>Warranty (months)</dt><dd>24</dd>"))
        }
    }
}
