import Foundation
import Testing
import VendoCore
import VendoServices
import VendoTestSupport

/// Golden files: the HTML of each page state, in both languages, compared byte for byte with
/// `Golden/<page>.<language>.html`. The pages come from a fixture database with a fixed clock and
/// sequential ids through the real handlers; only the random CSRF tokens are masked. After a
/// deliberate change of the pages, `VENDO_UPDATE_GOLDEN=1 swift test --filter GoldenTests`
/// writes the files again, and the diff shows what changed.
@Suite("Web: golden pages in English and French")
struct GoldenTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func masked(_ html: String) -> String {
        html.replacingOccurrences(of: #"name="_csrf" value="[^"]*""#, with: #"name="_csrf" value="CSRF""#, options: .regularExpression)
    }

    static func check(_ name: String, _ page: Page, status: Int = 200) {
        #expect(page.status == status, "\(name): status \(page.status)")
        let html = masked(page.html)
        let file = folder.appendingPathComponent("\(name).html")
        if ProcessInfo.processInfo.environment["VENDO_UPDATE_GOLDEN"] == "1" {
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try? html.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record("no golden file \(file.lastPathComponent): run VENDO_UPDATE_GOLDEN=1 swift test --filter GoldenTests")
            return
        }
        if expected != html {
            let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let new = html.split(separator: "\n", omittingEmptySubsequences: false)
            let line = zip(old, new).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(old.count, new.count)
            Issue.record("""
                \(name) differs from its golden file at line \(line + 1):
                  expected: \(line < old.count ? String(old[line]) : "(end)")
                  actual:   \(line < new.count ? String(new[line]) : "(end)")
                """)
        }
    }

    @Test("every page state, in English and in French", arguments: ["en", "fr"])
    func pages(language: String) async throws {
        try await withWeb { browser, world in
            let s = world.services, admin = world.admin
            browser.language = language
            Self.check("sign-in.\(language)", try await browser.get("/sign-in"))
            Self.check("sign-in-refused.\(language)", try await browser.post("/sign-in", [("email", "ada@example.com"), ("password", "nope")]),
                       status: 401)
            _ = try await s.setLanguage(language, by: admin)
            try await browser.signIn("ada@example.com", testPassword)
            Self.check("home-empty.\(language)", try await browser.get("/"))
            Self.check("leads-empty.\(language)", try await browser.get("/leads"))
            try await browser.get("/leads/new")
            Self.check("new-lead-refused.\(language)",
                       try await browser.post("/leads", [("topic", ""), ("companyName", "Atelier <Dupont> & Fils"), ("budgetAmount", "douze")]),
                       status: 422)

            // A lead won through to a part-paid invoice, and another left open in Develop.
            let won = try await world.lead()
            let qualified = try await s.qualifyLead(won.id, QualifyOptions(priceListId: world.catalog.priceList.id), ifVersion: nil, by: admin)
            let opportunity = try #require(qualified.opportunity)
            _ = try await s.updateAccount(try #require(qualified.account).id, ifVersion: nil, by: admin) {
                $0.registrationNumber = TestWorld.customerSIREN
            }
            _ = try await s.addLine(to: Opportunity.self, opportunity.id, LineFields(productId: world.catalog.laptop.id, quantity: 12),
                                    ifVersion: nil, by: admin)
            _ = try await s.addLine(to: Opportunity.self, opportunity.id,
                                    LineFields(writeInName: "Installation", quantity: 1, pricePerUnit: Decimal(string: "1234.5"), taxRate: 20),
                                    ifVersion: nil, by: admin)
            let quote = try await s.activateQuote(try await s.generateQuote(from: opportunity.id, by: admin).id, ifVersion: nil, by: admin)
            let order = try await s.convertQuoteToOrder(quote.id, winOpportunity: true, ifVersion: nil, by: admin)
            let invoice = try await s.issueInvoice(try await s.createInvoice(fromOrder: order.id, by: admin).id, ifVersion: nil, by: admin)
            _ = try await s.recordPayment(on: invoice.id, PaymentInput(amount: 5_000, reference: "Transfer"), ifVersion: nil, by: admin)
            let open = try await world.lead(company: "Maison Verte", email: "lea@maison-verte.example")
            let developing = try #require(try await s.qualifyLead(open.id, QualifyOptions(priceListId: world.catalog.priceList.id),
                                                                  ifVersion: nil, by: admin).opportunity)
            _ = try await s.addLine(to: Opportunity.self, developing.id, LineFields(productId: world.catalog.dock.id, quantity: 3),
                                    ifVersion: nil, by: admin)
            _ = try await s.createActivity(.task, regarding: .opportunity, developing.id.uuid,
                                           fields: ActivityFields(subject: "Call Léa about the docks", dueAt: world.clock.now()), by: admin)
            let fresh = try await world.lead(company: "Nova Dental", email: "hugo@nova.example")

            Self.check("home.\(language)", try await browser.get("/"))
            Self.check("leads.\(language)", try await browser.get("/leads"))
            Self.check("lead-open.\(language)", try await browser.get("/leads/\(fresh.id)"))
            Self.check("lead-qualified.\(language)", try await browser.get("/leads/\(won.id)"))
            Self.check("opportunity-open.\(language)", try await browser.get("/opportunities/\(developing.id)"))
            Self.check("opportunity-line-refused.\(language)",
                       try await browser.post("/opportunities/\(developing.id)/lines", [("productId", ""), ("quantity", "1,5,5")]), status: 422)
            Self.check("opportunity-won.\(language)", try await browser.get("/opportunities/\(opportunity.id)"))
            Self.check("quote-won.\(language)", try await browser.get("/quotes/\(quote.id)"))
            Self.check("quote-print.\(language)", try await browser.get("/quotes/\(quote.id)/print"))
            Self.check("order.\(language)", try await browser.get("/orders/\(order.id)"))
            Self.check("invoice-part-paid.\(language)", try await browser.get("/invoices/\(invoice.id)"))
            Self.check("invoice-print.\(language)", try await browser.get("/invoices/\(invoice.id)/print"))
            Self.check("pipeline.\(language)", try await browser.get("/pipeline"))
            Self.check("reports.\(language)", try await browser.get("/reports"))
            Self.check("quotes.\(language)", try await browser.get("/quotes"))
            Self.check("account.\(language)", try await browser.get("/accounts/\(try #require(qualified.account).id)"))
            Self.check("price-lists.\(language)", try await browser.get("/price-lists"))
            Self.check("price-list.\(language)", try await browser.get("/price-lists/\(world.catalog.priceList.id)"))
            Self.check("not-found.\(language)", try await browser.get("/leads/00000000-0000-0000-0000-0000000000ff"), status: 404)
        }
    }
}
