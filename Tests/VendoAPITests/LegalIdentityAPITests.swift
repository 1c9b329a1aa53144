import Foundation
import Testing
@testable import VendoAPI
import VendoCore
import VendoServices
import VendoTestSupport

/// The seller's and the buyers' legal identity, and the tax categories, as integrations set
/// them (issue 16, part 1).
@Suite("API: legal identity and tax categories")
struct LegalIdentityAPITests {
    func fields(_ reply: Reply) -> Set<String> {
        Set(reply["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? [])
    }

    @Test("the organisation's legal identity: checked identifiers are refused by field and nothing changes; good ones are kept compact")
    func organisation() async throws {
        try await withAPI(sellerIdentity: false) { api, world in
            let bad = try await api.patch("/api/v1/settings", """
                {"organisationAddress": {"city": "Lyon", "country": "FR"}, "registrationNumber": "303265046",
                 "vatNumber": "FR41303265045", "iban": "FR7630006000011234567890188", "bic": "BNP", "contactEmail": "nope",
                 "paymentTerms": [{"label": "30 days", "days": 30}, {"label": "Later", "days": 999}]}
                """)
            #expect(bad.status == .unprocessableContent)
            #expect(fields(bad) == ["registrationNumber", "vatNumber", "iban", "bic", "contactEmail", "paymentTerms[1].days"])
            #expect(try await world.services.settings().vatNumber == nil)

            let missingDays = try await api.patch("/api/v1/settings", #"{"paymentTerms": [{"label": "30 days"}]}"#)
            #expect(missingDays.status == .unprocessableContent && missingDays.string("detail")?.contains("term 0, days") == true)

            let good = try await api.patch("/api/v1/settings", """
                {"organisationAddress": {"line1": "3 quai du Rhône", "postalCode": "69007", "city": "Lyon", "country": "FR"},
                 "legalName": "Atelier Vendo SAS", "legalForm": "SAS", "shareCapital": "10 000 €", "registrationNumber": "303 265 045",
                 "registry": "RCS Lyon", "vatNumber": "fr 40 303 265 045", "iban": "FR76 3000 6000 0112 3456 7890 189",
                 "bic": "bnpafrppxxx", "accountHolder": "Atelier Vendo", "contactEmail": "compta@atelier.example",
                 "paymentTerms": [{"label": "30 jours fin de mois", "days": 30, "endOfMonth": true}, {"label": "À réception", "days": 0}],
                 "latePaymentText": "Pénalités de retard : 3 fois le taux d'intérêt légal ; indemnité forfaitaire de 40 €.",
                 "vatOnDebits": true}
                """)
            #expect(good.status == .ok)
            #expect(good.string("vatNumber") == "FR40303265045" && good.string("iban") == "FR7630006000011234567890189")
            #expect(good.string("bic") == "BNPAFRPPXXX" && good.string("registrationNumber") == "303265045")
            #expect(good["paymentTerms"]?[0]?["endOfMonth"] == .bool(true) && good["paymentTerms"]?[1]?["days"] == .int(0))
            #expect(good["vatOnDebits"] == .bool(true))
            let read = try await api.get("/api/v1/settings")
            #expect(read.string("registry") == "RCS Lyon" && read.string("legalName") == "Atelier Vendo SAS")
        }
    }

    @Test("payment terms carry printed labels in both languages and an active flag; bad labels are refused by field")
    func paymentTermLabels() async throws {
        try await withAPI { api, world in
            let bad = try await api.patch("/api/v1/settings", """
                {"paymentTerms": [{"label": "Net 30", "days": 30, "labels": {"de": "30 Tage"}},
                                  {"label": "Cash", "days": 0, "labels": {"en": "net 30", "fr": ""}}]}
                """)
            #expect(bad.status == .unprocessableContent)
            #expect(fields(bad) == ["paymentTerms[0].labels.de", "paymentTerms[1].labels.en", "paymentTerms[1].labels.fr"])
            let wrongType = try await api.patch("/api/v1/settings", #"{"paymentTerms": [{"label": "Net 30", "days": 30, "labels": "30 jours"}]}"#)
            #expect(wrongType.status == .unprocessableContent)
            let good = try await api.patch("/api/v1/settings", """
                {"paymentTerms": [{"label": "Net 30", "days": 30, "labels": {"en": "30 days net", "fr": "30 jours net"}, "active": false},
                                  {"label": "Cash", "days": 0}]}
                """)
            #expect(good.status == .ok)
            #expect(good["paymentTerms"]?[0]?["labels"]?["fr"]?.stringValue == "30 jours net" && good["paymentTerms"]?[0]?["active"] == .bool(false))
            #expect(good["paymentTerms"]?[1]?["labels"] == .null && good["paymentTerms"]?[1]?["active"] == .bool(true))
            #expect(try await world.services.settings().defaultPaymentTerm?.label == "Cash")
        }
    }

    @Test("an account's VAT and registration numbers, addresses, document language and buyer reference; a contact's billing e-mail")
    func account() async throws {
        try await withAPI { api, _ in
            let refused = try await api.post("/api/v1/accounts", """
                {"name": "Dupont SA", "vatNumber": "FR00303265045", "registrationNumber": "123", "language": "de",
                 "billingAddress": {"city": "Paris", "country": "France"}}
                """)
            #expect(refused.status == .unprocessableContent && fields(refused) == ["vatNumber", "registrationNumber", "language"])
            // Abroad, the registration number is whatever the country's registry gives.
            let german = try await api.post("/api/v1/accounts", """
                {"name": "Müller GmbH", "vatNumber": "DE 123 456 789", "registrationNumber": "HRB 12345",
                 "address": {"city": "Köln", "country": "Deutschland"}, "language": "en", "buyerReference": "PO-BOX 7"}
                """)
            #expect(german.status == .created)
            #expect(german.string("vatNumber") == "DE123456789" && german.string("registrationNumber") == "HRB 12345")
            #expect(german.string("language") == "en" && german.string("buyerReference") == "PO-BOX 7")
            let id = try #require(german.string("id"))
            let shipped = try await api.patch("/api/v1/accounts/\(id)", """
                {"billingAddress": {"line1": "Postfach 12", "city": "Köln"}, "shippingAddress": {"line1": "Werk 2", "city": "Bonn"},
                 "language": null}
                """)
            #expect(shipped.status == .ok && shipped["billingAddress"]?["line1"]?.stringValue == "Postfach 12")
            #expect(shipped["shippingAddress"]?["city"]?.stringValue == "Bonn" && shipped["language"] == .null)
            let contact = try await api.post("/api/v1/contacts", #"{"lastName": "Weber", "accountId": "\#(id)", "billingEmail": "rechnung@"}"#)
            #expect(contact.status == .unprocessableContent && fields(contact) == ["billingEmail"])
            let good = try await api.post("/api/v1/contacts", #"{"lastName": "Weber", "billingEmail": "rechnung@mueller.example"}"#)
            #expect(good.status == .created && good.string("billingEmail") == "rechnung@mueller.example")
        }
    }

    @Test("tax rates carry their EN 16931 category; exemptions name a reason or a VATEX code; existing rates read as S or Z")
    func taxCategories() async throws {
        try await withAPI { api, _ in
            let rates = try await api.get("/api/v1/tax-rates")
            for rate in rates["items"]?.arrayValue ?? [] {
                let percent = Decimal(string: rate["rate"]?.stringValue ?? "") ?? 0
                #expect(rate["category"]?.stringValue == (percent > 0 ? "S" : "Z"))
            }
            let noReason = try await api.post("/api/v1/tax-rates", #"{"name": "Formation", "rate": "0", "category": "E"}"#)
            #expect(noReason.status == .unprocessableContent && fields(noReason) == ["exemptionReason"])
            let taxed = try await api.post("/api/v1/tax-rates", #"{"name": "Bad", "rate": "20", "category": "K"}"#)
            #expect(taxed.status == .unprocessableContent && fields(taxed) == ["rate"])
            let unknown = try await api.post("/api/v1/tax-rates", #"{"name": "Bad", "rate": "0", "category": "X"}"#)
            #expect(unknown.status == .unprocessableContent && fields(unknown) == ["category"])
            let exempt = try await api.post("/api/v1/tax-rates", """
                {"name": "Formation", "rate": "0", "category": "E", "exemptionReason": "Exonération de TVA, article 261-4-4° du CGI",
                 "exemptionCode": "VATEX-EU-132-1I"}
                """)
            #expect(exempt.status == .created && exempt.string("category") == "E" && exempt.string("exemptionCode") == "VATEX-EU-132-1I")
            let reverse = try await api.post("/api/v1/tax-rates", #"{"name": "Autoliquidation", "rate": "0", "category": "AE"}"#)
            #expect(reverse.status == .created && reverse.string("exemptionCode") == "VATEX-EU-AE")
        }
    }

    @Test("an invoice's delivery, period, references and supply type; at issue its parties are frozen and shown read-only")
    func invoiceParties() async throws {
        try await withAPI { api, world in
            _ = try await api.patch("/api/v1/settings", """
                {"legalName": "Atelier Vendo SAS", "vatNumber": "FR40303265045",
                 "paymentTerms": [{"label": "Net 30", "days": 30}]}
                """)
            let account = try #require(try await api.post("/api/v1/accounts", """
                {"name": "Dupont SA", "address": {"line1": "1 rue de la Paix", "city": "Paris", "country": "FR"}, "buyerReference": "SERV-12",
                 "registrationNumber": "732829320"}
                """).string("id"))
            let backwards = try await api.post("/api/v1/invoices", """
                {"name": "March", "customerId": "\(account)", "customerType": "account",
                 "servicePeriod": {"from": "2026-03-31", "to": "2026-03-01"}}
                """)
            #expect(backwards.status == .unprocessableContent && fields(backwards) == ["servicePeriod"])
            let created = try await api.post("/api/v1/invoices", """
                {"name": "March", "customerId": "\(account)", "customerType": "account", "priceListId": "\(world.catalog.priceList.id)",
                 "servicePeriod": {"from": "2026-03-01", "to": "2026-03-31"}, "supplyType": "services", "purchaseOrderReference": "PO-77"}
                """)
            #expect(created.status == .created && created["seller"] == .null && created["servicePeriod"]?["to"]?.stringValue == "2026-03-31")
            let id = try #require(created.string("id"))
            _ = try await api.post("/api/v1/invoices/\(id)/lines", #"{"productId": "\#(world.catalog.dock.id)", "quantity": "1"}"#)
            let issued = try await api.post("/api/v1/invoices/\(id)/issue")
            #expect(issued.status == .ok && issued["seller"]?["name"]?.stringValue == "Atelier Vendo SAS")
            #expect(issued["buyer"]?["address"]?["city"]?.stringValue == "Paris" && issued.string("buyerReference") == "SERV-12")
            #expect(issued.string("paymentTerms") == "Net 30" && issued.string("issueDate") != nil && issued.string("dueDate") != nil)
            #expect(issued.string("supplyType") == "services" && issued.string("purchaseOrderReference") == "PO-77")
        }
    }
}
