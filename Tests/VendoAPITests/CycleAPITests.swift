import Foundation
import Hummingbird
import Testing
@testable import VendoAPI
import VendoCore
import VendoServices
import VendoTestSupport

@Suite("API: the sales process")
struct CycleAPITests {
    @Test("lead to paid invoice, amount by amount")
    func cycle() async throws {
        try await withAPI { api, world in
            let catalog = world.catalog
            let lead = try await api.post("/api/v1/leads", #"""
                {"topic":"Laptops","firstName":"Camille","lastName":"Martin","companyName":"Dupont","email":"c@dupont.example",
                 "budgetAmount":"12000","address":{"city":"Lyon","country":"FR"},"source":"tradeShow"}
                """#)
            #expect(lead.status == .created && lead.string("budgetAmount") == "12000.00")
            #expect(lead["address"]?["city"]?.stringValue == "Lyon")
            let leadId = lead.string("id") ?? ""
            let qualified = try await api.post("/api/v1/leads/\(leadId)/qualify", #"""
                {"createAccount":true,"createContact":true,"createOpportunity":true,"priceListId":"\#(catalog.priceList.id)"}
                """#)
            #expect(qualified.status == .ok)
            #expect(qualified["lead"]?["state"]?.stringValue == "qualified")
            let opportunity = qualified["opportunity"]?["id"]?.stringValue ?? ""
            #expect(qualified["opportunity"]?["customerId"] == qualified["account"]?["id"])
            let again = try await api.post("/api/v1/leads/\(leadId)/qualify", #"{"createAccount":true,"createContact":true,"createOpportunity":true}"#)
            #expect(again.status == .conflict && again.code == "invalid_transition" && again.string("currentState") == "qualified")

            var opp = try await api.post("/api/v1/opportunities/\(opportunity)/lines", #"{"productId":"\#(catalog.laptop.id)","quantity":"10"}"#)
            #expect(opp.status == .created)
            #expect(opp.string("detailAmount") == "9000.00" && opp.string("estimatedRevenue") == "9000.00")
            opp = try await api.post("/api/v1/opportunities/\(opportunity)/lines",
                                     #"{"writeInName":"Installation","quantity":"2","pricePerUnit":"450","taxRate":"20"}"#)
            #expect(opp.string("detailAmount") == "9900.00" && opp.string("totalTax") == "1980.00" && opp.string("totalAmount") == "11880.00")
            let line = opp["lines"]?.arrayValue?.first
            #expect(line?["volumeDiscountPerUnit"]?.stringValue == "100" && line?["amount"]?.stringValue == "9000.00")

            let quote = try await api.post("/api/v1/opportunities/\(opportunity)/quotes")
            #expect(quote.status == .created && quote.string("number") == "Q-000001" && quote.string("state") == "draft")
            let quoteId = quote.string("id") ?? ""
            let discounted = try await api.patch("/api/v1/quotes/\(quoteId)", #"{"discountPercent":"5","freightAmount":"25.00","freightTaxRate":"20"}"#)
            #expect(discounted.string("preFreightAmount") == "9405.00")
            #expect(discounted.string("totalTax") == "1886.00")   // (9405 + 25) × 20 %
            #expect(discounted.string("totalAmount") == "11316.00")
            let activated = try await api.post("/api/v1/quotes/\(quoteId)/activate")
            #expect(activated.string("state") == "active")
            let closeDraft = try await api.patch("/api/v1/quotes/\(quoteId)", #"{"name":"changed"}"#)
            #expect(closeDraft.status == .conflict && closeDraft.code == "invalid_transition")
            let revised = try await api.post("/api/v1/quotes/\(quoteId)/revise")
            #expect(revised.status == .created && revised.string("number") == "Q-000001" && revised["revisionNumber"] == .number(1))
            let revision = revised.string("id") ?? ""
            _ = try await api.post("/api/v1/quotes/\(revision)/activate")
            let order = try await api.post("/api/v1/quotes/\(revision)/order", #"{"winOpportunity":true}"#)
            #expect(order.status == .created && order.string("number") == "ORD-000001" && order["pricesLocked"] == .bool(true))
            #expect(order.string("totalAmount") == "11316.00")
            let won = try await api.get("/api/v1/opportunities/\(opportunity)")
            #expect(won.string("state") == "won" && won.string("actualRevenue") == "9405.00")

            let orderId = order.string("id") ?? ""
            #expect(try await api.post("/api/v1/orders/\(orderId)/fulfill", #"{"status":"complete"}"#).string("state") == "fulfilled")
            let invoice = try await api.post("/api/v1/orders/\(orderId)/invoice")
            #expect(invoice.status == .created && invoice["number"] == .null && invoice.string("totalAmount") == "11316.00")
            let invoiceId = invoice.string("id") ?? ""
            // The lead gave a city but no street, and no SIREN: the invoice would not be legal.
            let incomplete = try await api.post("/api/v1/invoices/\(invoiceId)/issue")
            #expect(incomplete.status == .unprocessableContent)
            #expect(incomplete["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } == ["buyer.address", "buyer.registrationNumber"])
            #expect(try await api.get("/api/v1/invoices/\(invoiceId)").string("state") == "draft")
            let accountId = qualified["account"]?["id"]?.stringValue ?? ""
            let completed = try await api.patch("/api/v1/accounts/\(accountId)", #"""
                {"address":{"line1":"8 place Bellecour","postalCode":"69002","city":"Lyon","country":"FR"},"registrationNumber":"732 829 320"}
                """#)
            #expect(completed.status == .ok)
            let issued = try await api.post("/api/v1/invoices/\(invoiceId)/issue")
            #expect(issued.string("number") == "INV-2026-00001" && issued.string("status") == "issued")
            #expect(issued["taxSummary"]?.arrayValue?.first?["base"]?.stringValue == "9430.00")
            let payment = try await api.post("/api/v1/invoices/\(invoiceId)/payments", #"{"amount":"5000.00","method":"bankTransfer"}"#)
            #expect(payment.status == .created && payment.string("amount") == "5000.00")
            // One cent too much is taken and leaves the invoice overpaid; a refund settles it.
            let over = try await api.post("/api/v1/invoices/\(invoiceId)/payments", #"{"amount":"6316.01"}"#)
            #expect(over.status == .created)
            let overpaid = try await api.get("/api/v1/invoices/\(invoiceId)")
            #expect(overpaid.string("status") == "overpaid" && overpaid.string("balance") == "-0.01" && overpaid.string("amountDue") == "0.00")
            let refund = try await api.post("/api/v1/invoices/\(invoiceId)/refunds", #"{"amount":"0.01","method":"bankTransfer"}"#)
            #expect(refund.status == .created && refund.string("amount") == "0.01")
            let paid = try await api.get("/api/v1/invoices/\(invoiceId)")
            #expect(paid.string("state") == "paid" && paid.string("status") == "complete" && paid.string("amountDue") == "0.00")
            #expect(paid["payments"]?.arrayValue?.count == 2 && paid.string("amountRefunded") == "0.01" && paid.string("balance") == "0.00")
            let history = try await api.get("/api/v1/opportunities/\(opportunity)/history")
            #expect(history["items"]?.arrayValue?.contains { $0["action"]?.stringValue == "win" } == true)
        }
    }

    @Test("duplicates on qualify are a 409 listing them; allowDuplicates goes ahead")
    func duplicates() async throws {
        try await withAPI { api, _ in
            _ = try await api.post("/api/v1/accounts", #"{"name":"ACME  corp"}"#)
            let lead = try await api.post("/api/v1/leads", #"{"topic":"t","lastName":"Doe","companyName":"Acme Corp"}"#)
            let path = "/api/v1/leads/\(lead.string("id") ?? "")/qualify"
            let blocked = try await api.post(path, #"{"createAccount":true,"createContact":true,"createOpportunity":true}"#)
            #expect(blocked.status == .conflict && blocked.code == "duplicates_found")
            #expect(blocked["duplicates"]?.arrayValue?.first?["matchedOn"]?.stringValue == "name")
            let allowed = try await api.post(path, #"{"createAccount":true,"createContact":true,"createOpportunity":true,"allowDuplicates":true}"#)
            #expect(allowed.status == .ok)
            let missing = try await api.post(path, #"{"createAccount":true}"#)
            #expect(missing.status == .unprocessableContent || missing.status == .conflict)
        }
    }

    @Test("an issued invoice is canceled with a credit note")
    func creditNote() async throws {
        try await withAPI { api, world in
            let account = try await api.post("/api/v1/accounts", #"""
                {"name":"Buyer","address":{"line1":"1 rue de la Paix","city":"Paris","country":"France"},"registrationNumber":"732829320"}
                """#)
            let invoice = try await api.post("/api/v1/invoices", #"""
                {"name":"Direct","customerId":"\#(account.string("id") ?? "")","customerType":"account","priceListId":"\#(world.catalog.priceList.id)"}
                """#)
            #expect(invoice.status == .created)
            let id = invoice.string("id") ?? ""
            _ = try await api.post("/api/v1/invoices/\(id)/lines", #"{"productId":"\#(world.catalog.dock.id)","quantity":"2"}"#)
            let issued = try await api.post("/api/v1/invoices/\(id)/issue")
            #expect(issued.string("totalAmount") == "324.00")
            let canceled = try await api.post("/api/v1/invoices/\(id)/cancel")
            #expect(canceled.string("state") == "canceled")
            #expect(canceled["creditNote"]?["number"]?.stringValue == "CN-2026-00001")
            #expect(canceled["creditNote"]?["totalAmount"]?.stringValue == "-324.00")
            let notes = try await api.get("/api/v1/invoices?kind=creditNote")
            #expect(notes["items"]?.arrayValue?.count == 1)
        }
    }
}

@Suite("API: the OpenAPI document")
struct OpenAPITests {
    @Test("describes exactly the routes the server has, and every reference resolves")
    func matchesRoutes() async throws {
        let world = try await TestWorld.make()
        let routes = API.routes(world.services, metrics: Metrics())
        let document = try #require(routes.first { $0.path == "/openapi.json" })
        let reply = try await document.handler(APIRequest(method: .get, parameters: [:], query: [:], headers: [:], body: Data(), caller: nil))
        let json = try #require(reply.body)
        guard case .object(let paths)? = json["paths"] else {
            Issue.record("no paths")
            return
        }
        var documented: Set<String> = []
        for (path, operations) in paths {
            guard case .object(let methods) = operations else { continue }
            for (method, _) in methods { documented.insert("\(method.uppercased()) \(path)") }
        }
        let served = Set(routes.map { "\($0.method.rawValue) \($0.path)" })
        #expect(documented == served)
        #expect(served.count == routes.count, "two routes share a method and path")
        let text = json.text
        var names: Set<String> = []
        if case .object(let schemas)? = json["components"]?["schemas"] { names = Set(schemas.map(\.0)) }
        let references = text.components(separatedBy: "#/components/schemas/").dropFirst().compactMap { $0.split(separator: "\"").first }
        for reference in Set(references) { #expect(names.contains(String(reference)), "unresolved $ref \(reference)") }
        for action in ["/api/v1/leads/{id}/qualify", "/api/v1/quotes/{id}/order", "/api/v1/orders/{id}/invoice", "/api/v1/invoices/{id}/payments"] {
            #expect(paths.contains { $0.0 == action }, "\(action) missing")
        }
    }
}
