import Foundation
import Testing
import VendoCore
import VendoServices
import VendoTestSupport
@testable import VendoWeb

@Suite("Web: payment reminders", .serialized)
struct DunningPageTests {
    @Test("an admin sets the levels; the reminders due are sent in one go; a customer is put on hold and released")
    func remindersPage() async throws {
        let smtp = try await SMTPTestServer()
        defer { smtp.stop() }
        try await withWeb(server: smtp.serverSettings()) { browser, world in
            let s = world.services, me = world.admin
            try await browser.signIn("ada@example.com", testPassword)
            var page = try await browser.get("/reports/reminders")
            #expect(page.contains("No reminder levels are set"))

            // Levels: a refused one names its fields and saves nothing; then two are saved.
            page = try await browser.post("/settings/dunning/levels", [("days", "0"), ("interestRate", "12"), ("indemnity", "0"),
                                                                       ("subjectEn", "Late {{numero}}"), ("bodyEn", "Pay.")])
            #expect(page.status == 422)
            #expect(page.contains("This template uses a variable that does not exist.") && page.contains("Out of range."))
            #expect(try await s.settings().dunning == nil)
            page = try await browser.post("/settings/dunning/levels", [("days", "10"), ("indemnity", "0"),
                                                                       ("subjectEn", "Still unpaid: {{documentNumber}}"),
                                                                       ("bodyEn", "{{amountDue}} is due (reminder {{reminderLevel}}).")])
            #expect(page.contains("Saved") && page.contains("Its own (English)"))
            page = try await browser.post("/settings/dunning/levels", [("days", "40"), ("interestRate", "10"), ("indemnity", "1")])
            #expect(page.contains("The reminder template"))
            #expect(try await s.settings().dunning?.levels.map(\.days) == [10, 40])

            // An account with an e-mail, an invoice due 30 days after issue, 20 days late.
            var fields = TestWorld.frenchCustomer("Atelier Dupont")
            fields.email = "compta@dupont.example"
            fields.language = "en"
            let account = try await s.createAccount(fields, by: me)
            var invoice = try await s.createInvoice(InvoiceFields(name: "Chairs"), customer: .account(account.id), by: me)
            invoice = try await s.addLine(to: Invoice.self, invoice.id, LineFields(writeInName: "Chair", quantity: 3, pricePerUnit: 100, taxRate: 20),
                                          ifVersion: nil, by: me)
            invoice = try await s.issueInvoice(invoice.id, ifVersion: nil, by: me)
            world.clock.advance(seconds: 50 * 86_400)
            // Time passing ends the session: sign in again.
            try await browser.signIn("ada@example.com", testPassword)
            page = try await browser.get("/reports/reminders")
            let number = try #require(invoice.number)
            #expect(page.contains(number) && page.contains("Level 1 (10 days)") && page.contains("name=\"invoice\" value=\"\(invoice.id)\""))
            page = try await browser.post("/reports/reminders", [])
            #expect(page.contains("No reminder was ticked."))
            page = try await browser.post("/reports/reminders", [("invoice", invoice.id.description)])
            #expect(page.contains("Reminders sent: 1.") && page.contains("No reminder is due today."))
            let message = try #require(try await s.messages(regarding: invoice.id.uuid, limit: 10, by: me).items.first)
            #expect(message.subject == "Still unpaid: \(number)" && message.text.contains("€360.00 is due (reminder 1)."))
            page = try await browser.get("/invoices/\(invoice.id)")
            #expect(page.contains("Reminder of") && page.contains("Level 1"))
            page = try await browser.get("/accounts/\(account.id)")
            #expect(page.contains("Last reminder") && page.contains("\(number) — Level 1"))

            // 45 days late: the second level, with charges; the customer is put on hold instead.
            world.clock.advance(seconds: 25 * 86_400)
            try await browser.signIn("ada@example.com", testPassword)
            page = try await browser.get("/reports/reminders")
            #expect(page.contains("Level 2 (40 days)") && page.contains("€44.44"))
            page = try await browser.post("/reports/reminders/hold", [("hold", "account:\(account.id)"), ("reason", "Disputed delivery")])
            #expect(page.contains("The customer is kept out of reminders.") && page.contains("Customers on hold") && page.contains("Disputed delivery"))
            #expect(page.contains("No reminder is due today."))
            page = try await browser.get("/accounts/\(account.id)")
            #expect(page.contains("On hold since") && page.contains("Kept out of reminders"))
            page = try await browser.post("/reports/reminders/hold", [("release", "account:\(account.id)")])
            #expect(page.contains("The customer receives reminders again.") && page.contains("Level 2 (40 days)"))

            // The French pages name the same things; a salesperson sees the page but no hold.
            // A manager reading French sees the page in French, without the invoices of other teams.
            let mia = try await s.createUser(name: "Mia", email: "mia@example.com", role: .manager, locale: "fr", by: me)
            try await s.setPassword(testPassword, for: mia.id, by: me)
            let french = WebBrowser(client: browser.client)
            try await french.signIn("mia@example.com", testPassword)
            let miaPage = try await french.get("/reports/reminders")
            #expect(miaPage.contains("Relances à envoyer") && miaPage.contains("Aucune relance n&#39;est due") && !miaPage.contains(number))
            let sam = try await s.createUser(name: "Sam", email: "sam@example.com", role: .salesperson, by: me)
            try await s.setPassword(testPassword, for: sam.id, by: me)
            let other = WebBrowser(client: browser.client)
            try await other.signIn("sam@example.com", testPassword)
            let samPage = try await other.get("/reports/reminders")
            #expect(samPage.status == 200 && !samPage.contains("Put on hold") && !samPage.contains(number))
            #expect(try await other.get("/settings/dunning").status == 403)
        }
    }
}
