import Foundation
import Testing
import VendoCore
import VendoServices
import VendoTestSupport
@testable import VendoWeb

@Suite("Web: lead to paid invoice")
struct WebFlowTests {
    @Test("a salesperson takes a lead to a paid invoice through the pages, with the server's totals on every page")
    func leadToCash() async throws {
        try await withWeb { browser, world in
            // The develop stage asks for the customer's need before Propose.
            let process = try #require(try await world.services.processes().first)
            var stages = process.stages
            stages[1].steps[0].required = true
            _ = try await world.services.replaceProcess(process.id, name: process.name, isDefault: true, stages: stages, ifVersion: nil,
                                                        by: world.admin)
            try await browser.signIn("ada@example.com", testPassword)

            // A lead without a topic is refused next to the field, with what was typed kept.
            try await browser.get("/leads/new")
            var page = try await browser.post("/leads", [("topic", ""), ("companyName", "Atelier Dupont"), ("budgetAmount", "12,000")])
            #expect(page.status == 422)
            #expect(page.contains("id=\"topic-error\">Required.</p>"))
            #expect(page.contains("value=\"Atelier Dupont\""))
            page = try await browser.post("/leads", [("topic", "Laptops for Lyon"), ("firstName", "Camille"), ("lastName", "Martin"),
                                                     ("companyName", "Atelier Dupont"), ("email", "camille@dupont.example"),
                                                     ("source", "tradeShow"), ("budgetAmount", "12,000")])
            let leadId = try #require(page.id(after: "/leads/"))
            #expect(page.contains("Lead created."))
            #expect(page.contains("12,000.00"))
            let lead = try await world.services.get(Lead.self, ID(try #require(UUID(uuidString: leadId))), by: world.admin)
            #expect(lead.fields.budgetAmount == 12_000 && lead.fields.source == .tradeShow)

            page = try await browser.post("/leads/\(leadId)/qualify", [("createAccount", "1"), ("createContact", "1"), ("createOpportunity", "1"),
                                                                       ("priceListId", world.catalog.priceList.id.description)])
            let opportunityId = try #require(page.id(after: "/opportunities/"))
            #expect(page.contains("Lead qualified."))
            #expect(page.contains("aria-current=\"step\"><span class=\"stage-number\">2</span> Develop"))

            // Lines: the totals are the server's (laptop 2 × 1,000.00, dock 135.00, tax 20 %).
            page = try await browser.post("/opportunities/\(opportunityId)/lines", [("productId", world.catalog.laptop.id.description), ("quantity", "2")])
            page = try await browser.post("/opportunities/\(opportunityId)/lines", [("productId", world.catalog.dock.id.description), ("quantity", "1")])
            #expect(page.contains("<dt>Total</dt><dd>€2,562.00</dd>"))
            #expect(page.contains("<dt>Tax</dt><dd>€427.00</dd>"))
            page = try await browser.post("/opportunities/\(opportunityId)/lines", [("productId", world.catalog.dock.id.description), ("quantity", "two")])
            #expect(page.status == 422)
            #expect(page.contains("Type a number, like 1,234.56."))

            // The process bar refuses to go on without the required step, and names it.
            page = try await browser.post("/opportunities/\(opportunityId)/stage", [("stage", "propose")])
            #expect(page.status == 422)
            #expect(page.contains("Complete the required steps first: Customer need."))
            page = try await browser.post("/opportunities/\(opportunityId)", [("customerNeed", "Equip 12 people"), ("proposedSolution", ""),
                                                                             ("description", ""), ("estimatedCloseDate", "2026-12-15")])
            #expect(page.contains("Saved."))
            page = try await browser.post("/opportunities/\(opportunityId)/stage", [("stage", "propose")])
            #expect(page.contains("aria-current=\"step\"><span class=\"stage-number\">3</span> Propose"))

            // Quote: generate, activate, revise, activate the revision, convert to an order.
            page = try await browser.post("/opportunities/\(opportunityId)/quote")
            let quoteId = try #require(page.id(after: "/quotes/"))
            #expect(page.contains("<dt>Total</dt><dd>€2,562.00</dd>"))
            page = try await browser.post("/quotes/\(quoteId)/activate")
            #expect(page.contains("Quote activated.") && page.contains("Active · In progress"))
            page = try await browser.post("/quotes/\(quoteId)/revise")
            let revisionId = try #require(page.id(after: "/quotes/"))
            #expect(revisionId != quoteId)
            #expect(page.contains("Draft · In progress"))
            page = try await browser.post("/quotes/\(revisionId)/activate")
            page = try await browser.post("/quotes/\(revisionId)/order")
            let orderId = try #require(page.id(after: "/orders/"))
            #expect(page.contains("Order created from the quote."))
            let opportunity = try await world.services.get(Opportunity.self, ID(try #require(UUID(uuidString: opportunityId))), by: world.admin)
            #expect(opportunity.state == .won)

            // Order: fulfil, invoice; invoice: issue, pay in full.
            page = try await browser.post("/orders/\(orderId)/fulfil")
            #expect(page.contains("Fulfilled · Complete"))
            page = try await browser.post("/orders/\(orderId)/invoice")
            let invoiceId = try #require(page.id(after: "/invoices/"))
            // The lead had no address: issuing says what the invoice lacks, and changes nothing. Once
            // the account is in France, its SIREN is asked for too: the form gives both.
            page = try await browser.post("/invoices/\(invoiceId)/issue")
            #expect(page.status == 422 && page.contains("The customer&#39;s billing address needs a street, a city and a country."))
            let draft = try await world.services.get(Invoice.self, ID(try #require(UUID(uuidString: invoiceId))), by: world.admin)
            #expect(draft.state == .draft && draft.number == nil)
            guard case .account(let accountId) = draft.customer else { Issue.record("the invoice is not for an account"); return }
            try await browser.get("/accounts/\(accountId)")
            page = try await browser.post("/accounts/\(accountId)", [("name", "Atelier Dupont"), ("line1", "8 place Bellecour"),
                                                                    ("postalCode", "69002"), ("city", "Lyon"), ("country", "France"),
                                                                    ("registrationNumber", "732 829 320")])
            try await browser.get("/invoices/\(invoiceId)")
            page = try await browser.post("/invoices/\(invoiceId)/issue")
            #expect(page.contains("Invoice issued."))
            #expect(page.contains("<dt>Amount due</dt><dd>€2,562.00</dd>"))
            // The page offers the invoice as the customer receives it: its kept Factur-X PDF.
            #expect(page.contains("href=\"/invoices/\(invoiceId)/pdf\" download>Download PDF</a>"))
            let pdf = try await browser.get("/invoices/\(invoiceId)/pdf")
            #expect(pdf.status == 200 && pdf.html.hasPrefix("%PDF-1.7") && pdf.html.contains("/AFRelationship /Data"))
            try await browser.get("/invoices/\(invoiceId)")
            page = try await browser.post("/invoices/\(invoiceId)/payments", [("amount", "2,562.00"), ("reference", "Transfer 42")])
            #expect(page.contains("Payment recorded."))
            #expect(page.contains("Paid · Complete"))
            #expect(page.contains("<dt>Amount due</dt><dd>€0.00</dd>"))
            let invoice = try await world.services.get(Invoice.self, ID(try #require(UUID(uuidString: invoiceId))), by: world.admin)
            #expect(invoice.state == .paid && invoice.amountDue == 0)
            // Nothing is left to do on a paid invoice but its print.
            #expect(!page.contains("id=\"action-pay\""))
            page = try await browser.get("/invoices/\(invoiceId)/print")
            #expect(page.contains("<dt>Total</dt><dd>€2,562.00</dd>") && page.contains("Atelier Dupont"))
        }
    }

    @Test("a lead's edit form refuses a budget that is not a number, next to the field, and keeps what was typed")
    func editLead() async throws {
        try await withWeb { browser, world in
            try await browser.signIn("ada@example.com", testPassword)
            let lead = try await world.lead()
            try await browser.get("/leads/\(lead.id)")
            var page = try await browser.post("/leads/\(lead.id)", [("topic", "Laptops"), ("companyName", "Atelier Dupont"), ("budgetAmount", "lots")])
            #expect(page.status == 422 && page.contains("<p class=\"field-error\">Type a number, like 1,234.56.</p>"))
            #expect(page.contains("value=\"lots\""))
            page = try await browser.post("/leads/\(lead.id)", [("topic", "Laptops"), ("companyName", "Atelier Dupont"), ("budgetAmount", "8,000")])
            #expect(page.contains("Saved."))
            #expect(try await world.services.get(Lead.self, lead.id, by: world.admin).fields.budgetAmount == 8_000)

            // The company's trade, revenue and head count: a fraction of a person is refused by its field.
            page = try await browser.post("/leads/\(lead.id)", [("topic", "Laptops"), ("companyName", "Atelier Dupont"),
                                                                ("industry", "foodAndBeverage"), ("annualRevenue", "1,250,000"),
                                                                ("numberOfEmployees", "12.5")])
            #expect(page.status == 422 && page.contains("<p class=\"field-error\">Type a whole number, like 250.</p>"))
            page = try await browser.post("/leads/\(lead.id)", [("topic", "Laptops"), ("companyName", "Atelier Dupont"),
                                                                ("industry", "foodAndBeverage"), ("annualRevenue", "1,250,000"),
                                                                ("numberOfEmployees", "1,200")])
            #expect(page.contains("Saved.") && page.contains("<dd>Food and beverage</dd>") && page.contains("<dd>1,200</dd>"))
            let saved = try await world.services.get(Lead.self, lead.id, by: world.admin).fields
            #expect(saved.industry == Industry("foodAndBeverage") && saved.annualRevenue == 1_250_000 && saved.numberOfEmployees == 1200)
        }
    }

    @Test("a page older than the record is refused with a message, and nothing changes")
    func staleForm() async throws {
        try await withWeb { browser, world in
            try await browser.signIn("ada@example.com", testPassword)
            let lead = try await world.lead()
            try await browser.get("/leads/\(lead.id)")
            _ = try await world.services.updateLead(lead.id, ifVersion: nil, by: world.admin) { $0.jobTitle = "Buyer" }
            let page = try await browser.post("/leads/\(lead.id)/disqualify", [("reason", "lost")])
            #expect(page.status == 422)
            #expect(page.contains("Someone changed this record meanwhile."))
            #expect(try await world.services.get(Lead.self, lead.id, by: world.admin).state == .open)
        }
    }
}

@Suite("Web: duplicates")
struct WebDuplicateTests {
    @Test("a lead's page names the open leads that look like it, and merges one into it")
    func merge() async throws {
        try await withWeb { browser, world in
            try await browser.signIn("ada@example.com", testPassword)
            let kept = try await world.lead()
            let twin = try await world.lead()
            _ = try await world.services.createActivity(.note, regarding: .lead, twin.id.uuid,
                                                        fields: ActivityFields(subject: "Met at the fair"), by: world.admin)
            var page = try await browser.get("/leads/\(kept.id)")
            #expect(page.contains("Similar leads"))
            #expect(page.contains("name=\"duplicateId\" value=\"\(twin.id)\""))
            page = try await browser.post("/leads/\(kept.id)/merge", [("duplicateId", twin.id.description)])
            #expect(page.contains("Merged: the other lead is closed"))
            #expect(page.contains("Met at the fair"))
            #expect(!page.contains("name=\"duplicateId\""))
            #expect(try await world.services.get(Lead.self, twin.id, by: world.admin).state != .open)
        }
    }

    @Test("an account's page names the accounts that look like it and merges one into it, with its opportunities")
    func mergeAccounts() async throws {
        try await withWeb { browser, world in
            try await browser.signIn("ada@example.com", testPassword)
            let first = try #require(try await world.services.qualifyLead(try await world.lead().id, QualifyOptions(), ifVersion: nil,
                                                                          by: world.admin).account)
            let second = try await world.services.qualifyLead(try await world.lead(email: "b@dupont.example").id,
                                                              QualifyOptions(allowDuplicates: true), ifVersion: nil, by: world.admin)
            let twin = try #require(second.account)
            var page = try await browser.get("/accounts/\(first.id)")
            #expect(page.contains("name=\"duplicateId\" value=\"\(twin.id)\""))
            page = try await browser.post("/accounts/\(first.id)/merge", [("duplicateId", twin.id.description)])
            #expect(page.contains("Merged into this record."))
            #expect(try await world.services.list(Account.self, ListQuery(), by: world.admin).items.map(\.id) == [first.id])
            let moved = try await world.services.get(Opportunity.self, try #require(second.opportunity).id, by: world.admin)
            #expect(moved.fields.customer == .account(first.id))
        }
    }

    @Test("qualifying offers to link the existing account that looks like the lead, instead of making a second one")
    func linkExisting() async throws {
        try await withWeb { browser, world in
            try await browser.signIn("ada@example.com", testPassword)
            let first = try await world.lead()
            let account = try #require(try await world.services.qualifyLead(first.id, QualifyOptions(), ifVersion: nil, by: world.admin).account)
            let second = try await world.lead(email: "other@dupont.example")
            var page = try await browser.get("/leads/\(second.id)")
            #expect(page.contains("<option value=\"\(account.id)\">Link to Atelier Dupont</option>"))
            page = try await browser.post("/leads/\(second.id)/qualify", [("account", account.id.description), ("contact", "none"),
                                                                         ("createOpportunity", "1"), ("allowDuplicates", "1")])
            let opportunityId = try #require(page.id(after: "/opportunities/"))
            let opportunity = try await world.services.get(Opportunity.self, ID(try #require(UUID(uuidString: opportunityId))), by: world.admin)
            #expect(opportunity.fields.customer == .account(account.id))
            #expect(try await world.services.list(Account.self, ListQuery(), by: world.admin).items.count == 1)
        }
    }
}

@Suite("Web: document header")
struct WebHeaderPricingTests {
    @Test("the discount on the whole and the freight are typed on the page and totalled by the server; a bad amount is refused")
    func headerPricing() async throws {
        try await withWeb { browser, world in
            try await browser.signIn("ada@example.com", testPassword)
            let opportunity = try await world.opportunity()
            _ = try await world.services.addLine(to: Opportunity.self, opportunity.id, LineFields(productId: world.catalog.dock.id, quantity: 4),
                                                 ifVersion: nil, by: world.admin)
            try await browser.get("/opportunities/\(opportunity.id)")
            var page = try await browser.post("/opportunities/\(opportunity.id)/pricing", [("priceListId", world.catalog.priceList.id.description),
                                                                                          ("discountPercent", "ten")])
            #expect(page.status == 422 && page.contains("Type a number, like 1,234.56."))
            page = try await browser.post("/opportunities/\(opportunity.id)/pricing", [("priceListId", world.catalog.priceList.id.description),
                                                                                      ("discountPercent", "10"), ("freightAmount", "25")])
            #expect(page.contains("Saved; the totals are recomputed."))
            let saved = try await world.services.get(Opportunity.self, opportunity.id, by: world.admin)
            #expect(saved.pricing.fields.discountPercent == 10 && saved.pricing.fields.freightAmount == 25)
            // 4 × 135.00 = 540.00; 10 % off: 486.00; freight 25.00; the tax as the server computes it.
            let total = Formats(.en).money(saved.pricing.totals.totalAmount, "EUR")
            #expect(page.contains("<div class=\"grand\"><dt>Total</dt><dd>\(total)</dd></div>"))
            #expect(page.contains("<dt>Freight</dt><dd>€25.00</dd>"))
            #expect(saved.pricing.totals.preFreightAmount == 486)
        }
    }
}

@Suite("Web: document fields")
struct WebDocumentFieldsTests {
    @Test("a draft invoice's due date and payment terms are set on its page and printed; a date that is not one is refused")
    func invoiceFields() async throws {
        try await withWeb { browser, world in
            try await browser.signIn("ada@example.com", testPassword)
            let opportunity = try await world.opportunity()
            _ = try await world.services.addLine(to: Opportunity.self, opportunity.id, LineFields(productId: world.catalog.dock.id, quantity: 2),
                                                 ifVersion: nil, by: world.admin)
            let quote = try await world.services.activateQuote(try await world.services.generateQuote(from: opportunity.id, by: world.admin).id,
                                                               ifVersion: nil, by: world.admin)
            let order = try await world.services.convertQuoteToOrder(quote.id, ifVersion: nil, by: world.admin)
            let invoice = try await world.services.createInvoice(fromOrder: order.id, by: world.admin)
            try await browser.get("/invoices/\(invoice.id)")
            var page = try await browser.post("/invoices/\(invoice.id)/fields", [("name", "Docks"), ("dueDate", "31/12/2026"),
                                                                                ("paymentTerms", "30 days net")])
            #expect(page.status == 422 && page.contains("Type a date as YYYY-MM-DD.") && page.contains("value=\"30 days net\""))
            page = try await browser.post("/invoices/\(invoice.id)/fields", [("name", "Docks"), ("dueDate", "2026-12-31"),
                                                                            ("paymentTerms", "30 days net")])
            #expect(page.contains("Saved.") && page.contains("<dd>Dec 31, 2026</dd>"))
            // A line names its tax category when the rate alone does not tell it.
            #expect(page.contains("<option value=\"K\">K · Intra-community supply</option>"))
            page = try await browser.post("/invoices/\(invoice.id)/lines", [("writeInName", "Training"), ("quantity", "1"),
                                                                           ("pricePerUnit", "300"), ("taxRate", "0"), ("taxCategory", "Q")])
            #expect(page.status == 422 && page.contains("Choose one of the list."))
            page = try await browser.post("/invoices/\(invoice.id)/lines", [("writeInName", "Training"), ("quantity", "1"),
                                                                           ("pricePerUnit", "300"), ("taxRate", "0"), ("taxCategory", "E")])
            let withLine = try await world.services.get(Invoice.self, invoice.id, by: world.admin)
            #expect(withLine.pricing.lines.last?.fields.taxCategory == .E)
            // No exempt rate of the organisation gives a reason: issuing says so and keeps the draft.
            page = try await browser.post("/invoices/\(invoice.id)/issue")
            #expect(page.status == 422 && page.contains("An exempt line needs the reason of its exemption"))
            page = try await browser.post("/invoices/\(invoice.id)/lines/\(try #require(withLine.pricing.lines.last).id)/delete")
            page = try await browser.post("/invoices/\(invoice.id)/issue")
            #expect(!page.contains("action=\"/invoices/\(invoice.id)/fields\""))
            page = try await browser.get("/invoices/\(invoice.id)/print")
            #expect(page.contains("<p class=\"terms\">Payment terms: 30 days net</p>"))
            #expect(page.contains("<p>Due date: Dec 31, 2026</p>"))
        }
    }
}

@Suite("Web: invoicing in parts")
struct WebPartInvoiceTests {
    @Test("an order is invoiced in parts with the quantities typed per line; what remains is offered next")
    func parts() async throws {
        try await withWeb { browser, world in
            try await browser.signIn("ada@example.com", testPassword)
            let opportunity = try await world.opportunity()
            _ = try await world.services.addLine(to: Opportunity.self, opportunity.id, LineFields(productId: world.catalog.laptop.id, quantity: 2),
                                                 ifVersion: nil, by: world.admin)
            _ = try await world.services.addLine(to: Opportunity.self, opportunity.id, LineFields(productId: world.catalog.dock.id, quantity: 2),
                                                 ifVersion: nil, by: world.admin)
            let quote = try await world.services.activateQuote(try await world.services.generateQuote(from: opportunity.id, by: world.admin).id,
                                                               ifVersion: nil, by: world.admin)
            let order = try await world.services.convertQuoteToOrder(quote.id, ifVersion: nil, by: world.admin)
            let laptop = try #require(order.pricing.lines.first { $0.fields.productId == world.catalog.laptop.id }).id
            let dock = try #require(order.pricing.lines.first { $0.fields.productId == world.catalog.dock.id }).id
            var page = try await browser.get("/orders/\(order.id)")
            #expect(page.contains("name=\"qty_\(laptop)\" value=\"2\""))
            page = try await browser.post("/orders/\(order.id)/invoice", [("qty_\(laptop)", "x"), ("qty_\(dock)", "0")])
            #expect(page.status == 422)
            page = try await browser.post("/orders/\(order.id)/invoice", [("qty_\(laptop)", "1"), ("qty_\(dock)", "0")])
            let invoiceId = try #require(page.id(after: "/invoices/"))
            let invoice = try await world.services.get(Invoice.self, ID(try #require(UUID(uuidString: invoiceId))), by: world.admin)
            #expect(invoice.pricing.lines.map(\.fields.quantity) == [1])
            page = try await browser.get("/orders/\(order.id)")
            #expect(page.contains("name=\"qty_\(laptop)\" value=\"1\"") && page.contains("name=\"qty_\(dock)\" value=\"2\""))
        }
    }
}

@Suite("Web: line units")
struct WebLineUnitTests {
    @Test("a line is counted in the unit chosen on the page; a unit the price list has no price in is refused")
    func unit() async throws {
        try await withWeb { browser, world in
            try await browser.signIn("ada@example.com", testPassword)
            let opportunity = try await world.opportunity()
            try await browser.get("/opportunities/\(opportunity.id)")
            var page = try await browser.post("/opportunities/\(opportunity.id)/lines", [("productId", world.catalog.dock.id.description),
                                                                                        ("unitId", world.catalog.box.id.description), ("quantity", "1")])
            #expect(page.status == 422 && page.contains("This product has no price in the document&#39;s price list (in this unit)."))
            #expect(page.contains("<option value=\"\(world.catalog.box.id)\" selected>box of 12</option>"))
            #expect(try await world.services.get(Opportunity.self, opportunity.id, by: world.admin).pricing.lines.isEmpty)
            page = try await browser.post("/opportunities/\(opportunity.id)/lines", [("productId", world.catalog.dock.id.description),
                                                                                    ("unitId", world.catalog.each.id.description), ("quantity", "3")])
            let line = try #require(try await world.services.get(Opportunity.self, opportunity.id, by: world.admin).pricing.lines.first)
            #expect(line.fields.unitId == world.catalog.each.id)
            #expect(page.contains("<td>Docking station</td><td class=\"num\">3</td><td>each</td>"))
        }
    }
}

@Suite("Web: closing")
struct WebClosingTests {
    @Test("an opportunity is lost to a named competitor, its open quote closed with it; without that box the open quote refuses it")
    func lose() async throws {
        try await withWeb { browser, world in
            try await browser.signIn("ada@example.com", testPassword)
            let rival = try await world.services.createCompetitor(CompetitorFields(name: "Rival & Co"), by: world.admin)
            let opportunity = try await world.opportunity()
            _ = try await world.services.addLine(to: Opportunity.self, opportunity.id, LineFields(productId: world.catalog.dock.id, quantity: 1),
                                                 ifVersion: nil, by: world.admin)
            let quote = try await world.services.activateQuote(try await world.services.generateQuote(from: opportunity.id, by: world.admin).id,
                                                               ifVersion: nil, by: world.admin)
            var page = try await browser.get("/opportunities/\(opportunity.id)")
            #expect(page.contains("<option value=\"\(rival.id)\">Rival &amp; Co</option>"))
            page = try await browser.post("/opportunities/\(opportunity.id)/lose", [("reason", "outSold"), ("competitorId", rival.id.description)])
            #expect(page.status == 422)
            #expect(try await world.services.get(Opportunity.self, opportunity.id, by: world.admin).state == .open)
            page = try await browser.post("/opportunities/\(opportunity.id)/lose", [("reason", "outSold"), ("competitorId", rival.id.description),
                                                                                   ("closeQuotes", "1")])
            #expect(page.contains("Opportunity closed as lost."))
            #expect(try await world.services.get(Opportunity.self, opportunity.id, by: world.admin).state == .lost)
            #expect(try await world.services.get(Quote.self, quote.id, by: world.admin).state == .closed)
            let record = try #require(try await world.services.closeRecords(regarding: opportunity.id.uuid).first)
            #expect(record.competitorId == rival.id)
        }
    }

    @Test("an active quote is accepted on its page and can still become an order")
    func winQuote() async throws {
        try await withWeb { browser, world in
            try await browser.signIn("ada@example.com", testPassword)
            let opportunity = try await world.opportunity()
            _ = try await world.services.addLine(to: Opportunity.self, opportunity.id, LineFields(productId: world.catalog.dock.id, quantity: 1),
                                                 ifVersion: nil, by: world.admin)
            let quote = try await world.services.activateQuote(try await world.services.generateQuote(from: opportunity.id, by: world.admin).id,
                                                               ifVersion: nil, by: world.admin)
            try await browser.get("/quotes/\(quote.id)")
            var page = try await browser.post("/quotes/\(quote.id)/win")
            #expect(page.contains("Quote accepted.") && page.contains("id=\"action-order\"") && !page.contains("id=\"action-win\""))
            page = try await browser.post("/quotes/\(quote.id)/order")
            #expect(page.id(after: "/orders/") != nil)
        }
    }
}
