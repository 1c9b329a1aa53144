import Foundation
import Testing
import VendoCore
import VendoServices
import VendoTestSupport
@testable import VendoWeb

@Suite("Web: corrections after issue")
struct InvoiceCorrectionPageTests {
    /// An issued invoice of 3 × 100.00 at 20 % (360.00), paid in full.
    func paidInvoice(_ world: TestWorld) async throws -> Invoice {
        let s = world.services, me = world.admin
        let account = try await s.createAccount(TestWorld.frenchCustomer("Atelier Dupont"), by: me)
        var invoice = try await s.createInvoice(InvoiceFields(name: "Chairs"), customer: .account(account.id), by: me)
        invoice = try await s.addLine(to: Invoice.self, invoice.id, LineFields(writeInName: "Chair", quantity: 3, pricePerUnit: 100, taxRate: 20),
                                      ifVersion: nil, by: me)
        invoice = try await s.issueInvoice(invoice.id, ifVersion: nil, by: me)
        return try await s.recordPayment(on: invoice.id, PaymentInput(amount: 360, method: .bankTransfer), ifVersion: nil, by: me).0
    }

    @Test("an admin credits a line of a paid invoice, refunds the customer and reverses a payment through the page")
    func creditRefundReverse() async throws {
        try await withWeb { browser, world in
            let invoice = try await paidInvoice(world)
            let line = try #require(invoice.pricing.lines.first)
            try await browser.signIn("ada@example.com", testPassword)
            var page = try await browser.get("/invoices/\(invoice.id)")
            #expect(page.contains("id=\"action-credit-lines\"") && page.contains("id=\"action-credit-amount\""))
            #expect(page.contains("Chair: quantity to credit (up to 3)") && page.contains("Bank transfer"))
            #expect(!page.contains("id=\"action-refund\""))
            // Nothing typed is refused where it was asked, and issues nothing.
            page = try await browser.post("/invoices/\(invoice.id)/credit-lines", [("reason", "Broken")])
            #expect(page.status == 422 && page.contains("Give a quantity to credit on at least one line."))
            page = try await browser.post("/invoices/\(invoice.id)/credit-lines", [("quantity-\(line.id)", "1"), ("reason", "One chair broken")])
            #expect(page.contains("Credit note issued.") && page.contains("CN-2026-00001") && page.contains("Credited invoice"))
            #expect(page.contains("One chair broken"))
            page = try await browser.get("/invoices/\(invoice.id)")
            #expect(page.contains("Paid · Overpaid") && page.contains("<dt>Owed to the customer</dt><dd>€120.00</dd>"))
            #expect(page.contains("Credit note CN-2026-00001") && page.contains("Chair: quantity to credit (up to 2)"))
            page = try await browser.post("/invoices/\(invoice.id)/refunds", [("amount", "120.00"), ("method", "bankTransfer"), ("reference", "RB-1")])
            #expect(page.contains("Refund recorded.") && page.contains("Paid · Complete") && page.contains("(RB-1) — refund"))
            let payment = try #require(invoice.payments.first)
            page = try await browser.post("/invoices/\(invoice.id)/payments/\(payment.id)/reverse", [("reason", "")])
            #expect(page.status == 422)
            page = try await browser.post("/invoices/\(invoice.id)/payments/\(payment.id)/reverse", [("reason", "Transfer returned")])
            #expect(page.contains("Payment reversed.") && page.contains("Transfer returned") && page.contains("Paid · Partial"))
            let after = try await world.services.get(Invoice.self, invoice.id, by: world.admin)
            // 360.00 − 0 paid (the 360.00 reversed) + 120.00 refunded − 120.00 credited: 360.00 owed again.
            #expect(after.balance == 360 && after.amountRefunded == 120 && after.amountCredited == 120 && after.amountPaid == 0)
        }
    }

    @Test("a salesperson sees no corrections on their own invoice; the French page names them")
    func whoSeesThem() async throws {
        try await withWeb { browser, world in
            let s = world.services
            let invoice = try await paidInvoice(world)
            let sam = try await s.createUser(name: "Sam", email: "sam@example.com", role: .salesperson, by: world.admin)
            try await s.setPassword(testPassword, for: sam.id, by: world.admin)
            _ = try await s.reassign(Invoice.self, invoice.id, to: sam.id, ifVersion: nil, by: world.admin)
            try await browser.signIn("sam@example.com", testPassword)
            var page = try await browser.get("/invoices/\(invoice.id)")
            #expect(page.status == 200 && !page.contains("action-credit") && !page.contains("/reverse"))
            let line = try #require(invoice.pricing.lines.first)
            page = try await browser.post("/invoices/\(invoice.id)/credit-lines", [("quantity-\(line.id)", "1")])
            #expect(page.status == 403)
            // Sam's manager, who reads French, may.
            let mia = try await s.createUser(name: "Mia", email: "mia@example.com", role: .manager, locale: "fr", by: world.admin)
            try await s.setPassword(testPassword, for: mia.id, by: world.admin)
            _ = try await s.createTeam(TeamFields(name: "Est", memberIds: [sam.id, mia.id]), by: world.admin)
            let manager = WebBrowser(client: browser.client)
            try await manager.signIn("mia@example.com", testPassword)
            page = try await manager.get("/invoices/\(invoice.id)")
            #expect(page.contains("Avoir sur des lignes") && page.contains("Virement"))
        }
    }
}

@Suite("Web: receivables")
struct ReceivablesPageTests {
    @Test("the receivables page ages what is owed on a day and lists the overdue invoices; the account shows its balance")
    func receivables() async throws {
        try await withWeb { browser, world in
            let invoice = try await InvoiceCorrectionPageTests().paidInvoice(world)
            _ = try await world.services.reversePayment(try #require(invoice.payments.first).id, on: invoice.id, reason: "Bounced", ifVersion: nil,
                                                        by: world.admin)
            try await browser.signIn("ada@example.com", testPassword)
            // Issued 15 March, due 14 April: 36 days late on 20 May.
            var page = try await browser.get("/reports/receivables?asOf=2026-05-20")
            #expect(page.status == 200 && page.contains("Atelier Dupont") && page.contains("360.00"))
            #expect(page.contains("<th scope=\"col\" class=\"num\">31–60 days</th>") && page.contains("<td class=\"num\">36</td>"))
            #expect(page.contains("href=\"/api/v1/reports/aged-receivables?format=csv&amp;asOf=2026-05-20\""))
            // The export link works with the browser's session.
            let csv = try await browser.get("/api/v1/reports/aged-receivables?format=csv&asOf=2026-05-20")
            #expect(csv.status == 200 && csv.contains("Atelier Dupont,EUR,1,0.00,0.00,360.00"))
            page = try await browser.get("/reports/receivables?asOf=2026-04-01")
            #expect(page.contains("No invoice is overdue on this day."))
            page = try await browser.get("/reports/receivables?asOf=someday")
            #expect(page.contains("role=\"alert\""))
            guard case .account(let account) = invoice.customer else { Issue.record("not an account"); return }
            page = try await browser.get("/accounts/\(account)")
            #expect(page.contains("<dt>Balance</dt><dd>€360.00</dd>"))
            #expect(page.contains("href=\"/accounts/\(account)/statement\""))
            let pdf = try await browser.get("/accounts/\(account)/statement")
            #expect(pdf.status == 200 && pdf.html.hasPrefix("%PDF-"))
        }
    }
}

@Suite("Web: accounting settings")
struct AccountingPageTests {
    @Test("an admin sets the chart of accounts and the fiscal year, and downloads the FEC")
    func accounting() async throws {
        try await withWeb { browser, world in
            _ = try await InvoiceCorrectionPageTests().paidInvoice(world)
            try await browser.signIn("ada@example.com", testPassword)
            var page = try await browser.get("/settings/accounting")
            #expect(page.contains("value=\"411000\"") && page.contains("Chart of accounts"))
            page = try await browser.post("/settings/accounting", [("account-sales", "706100"), ("perRate", "vat.20 = 445711\nnonsense")])
            #expect(page.status == 422 && page.contains("Write one account per line as key = number"))
            page = try await browser.post("/settings/accounting", [("account-receivable", "411000"), ("account-sales", "706100"),
                                                                   ("perRate", "vat.20 = 445711"), ("receivablesPerCustomer", "1"),
                                                                   ("fiscalYearStart", "01-01")])
            #expect(page.contains("Saved."))
            let settings = try await world.services.settings()
            #expect(settings.accounts == ["sales": "706100", "vat.20": "445711"] && settings.fiscalYearStart == nil)
            let file = try await browser.post("/settings/accounting/export", [("from", "2026-01-01"), ("format", "fec")])
            // Entries keep the accounts they were posted to: the invoice was issued before the change.
            #expect(file.status == 200 && file.html.hasPrefix("JournalCode\tJournalLib") && file.html.contains("\t706000\t"))
            #expect(!file.html.contains("\t706100\t"))
            try await browser.get("/settings/accounting")
            page = try await browser.post("/settings/accounting/export", [("from", "2026-01-01"), ("to", "2027-03-01"), ("format", "fec")])
            #expect(page.status == 422)
        }
    }
}
