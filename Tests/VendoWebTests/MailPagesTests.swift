import Foundation
import Testing
import VendoCore
import VendoServices
import VendoTestSupport

@Suite("Pages: sending by e-mail, the customer's quote, the bell and password resets", .serialized)
struct MailPagesTests {
    static func link(_ text: String, after marker: String) throws -> String {
        try #require(text.components(separatedBy: marker).last?.prefix { !$0.isWhitespace }.description)
    }

    @Test("an invoice is sent from its page with the recipients and text prefilled; its delivery shows on the timeline")
    func sendInvoice() async throws {
        let smtp = try await SMTPTestServer()
        defer { smtp.stop() }
        try await withWeb(server: smtp.serverSettings()) { browser, world in
            let s = world.services, me = world.admin
            let (account, contact) = try await world.mailedCustomer()
            var invoice = try await s.createInvoice(InvoiceFields(name: "Fournitures", contactId: contact.id), customer: .account(account.id),
                                                    priceListId: world.catalog.priceList.id, by: me)
            invoice = try await s.addLine(to: Invoice.self, invoice.id, LineFields(writeInName: "Papier", quantity: 4, pricePerUnit: 12, taxRate: 20),
                                          ifVersion: nil, by: me)
            try await browser.signIn("ada@example.com", testPassword)
            var page = try await browser.get("/invoices/\(invoice.id)")
            #expect(page.contains(#"href="/invoices/\#(invoice.id)/send" id="send""#))
            page = try await browser.get("/invoices/\(invoice.id)/send")
            #expect(page.status == 200 && page.contains(#"value="compta@lefevre.example""#) && page.contains("Bonjour Camille"))
            #expect(page.contains("Sending a draft invoice issues it"))
            page = try await browser.post("/invoices/\(invoice.id)/send", [("to", "not an address"), ("cc", ""), ("subject", "Facture"), ("body", "Bonjour")])
            #expect(page.status == 422 && page.contains("Type an e-mail address."))
            #expect(try await s.get(Invoice.self, invoice.id, by: me).state == .draft)
            page = try await browser.post("/invoices/\(invoice.id)/send", [("to", "compta@lefevre.example, camille@lefevre.example"), ("cc", ""),
                                                                           ("subject", "Votre facture"), ("body", "Bonjour,\n\nCi-jointe.")])
            #expect(page.contains("Message queued"))
            #expect(try await s.get(Invoice.self, invoice.id, by: me).state == .active)
            #expect(try await MailSender(services: s).deliverDue() == 1)
            let received = try #require(try smtp.received().first)
            #expect(received["subject"] as? String == "Votre facture" && received["to"] as? String == "compta@lefevre.example, camille@lefevre.example")
            page = try await browser.get("/invoices/\(invoice.id)")
            #expect(page.contains("E-mail sent") && page.contains("E-mail queued for compta@lefevre.example, camille@lefevre.example"))
        }
    }

    @Test("the customer opens the quote's link without an account, in French, accepts it once; the salesperson's bell rings")
    func customerAccepts() async throws {
        let smtp = try await SMTPTestServer()
        defer { smtp.stop() }
        try await withWeb(server: smtp.serverSettings()) { browser, world in
            let s = world.services, me = world.admin
            let account = try await world.mailedCustomer().account
            var quote = try await s.createQuote(QuoteFields(name: "Rénovation des bureaux"), customer: .account(account.id),
                                                priceListId: world.catalog.priceList.id, by: me)
            quote = try await s.addLine(to: Quote.self, quote.id, LineFields(productId: world.catalog.dock.id, quantity: 3), ifVersion: nil, by: me)
            try await browser.signIn("ada@example.com", testPassword)
            try await browser.get("/quotes/\(quote.id)/send")
            var page = try await browser.post("/quotes/\(quote.id)/send", [("to", "camille@lefevre.example"), ("cc", ""), ("subject", "Votre devis"),
                                                                           ("body", "Bonjour,\n\nVotre devis : {{quoteLink}}\n\nAnna")])
            #expect(page.contains("Message queued"))
            let message = try #require(try await s.messages(by: me).items.first)
            let token = try Self.link(message.text, after: "/q/")
            #expect(message.text.contains("https://crm.vendo-test.example/q/\(token)"))

            let customer = WebBrowser(client: browser.client)
            page = try await customer.get("/q/\(token)")
            #expect(page.status == 200 && page.contains(#"<html lang="fr">"#) && page.contains("Devis \(quote.number)"))
            #expect(page.contains("Docking station") && page.contains("Accepter") && !page.contains("Ada Admin\n<form"))
            #expect(!page.contains("/leads") && !page.contains("Main menu"))
            let pdf = try await customer.get("/q/\(token)/pdf")
            #expect(pdf.status == 200 && pdf.html.hasPrefix("%PDF"))
            try await customer.get("/q/\(token)")
            page = try await customer.post("/q/\(token)/accept", [("name", "Camille Lefèvre"), ("purchaseOrder", "")])
            #expect(page.status == 422 && page.contains(#"<p class="field-error">Obligatoire.</p>"#))
            page = try await customer.post("/q/\(token)/accept", [("name", "Camille Lefèvre"), ("purchaseOrder", "PO-42"), ("terms", "1")])
            #expect(page.status == 200 && page.contains("Accepté par Camille Lefèvre"))
            #expect(try await s.get(Quote.self, quote.id, by: me).state == .won)
            #expect(!page.contains(#"id="decline""#))
            page = try await customer.post("/q/\(token)/decline", [("reason", "Finalement non")], csrf: customer.cookie("vendo_signin"))
            #expect(page.status == 409 && page.contains("Accepté par Camille Lefèvre"))
            let tampered = try await customer.get("/q/\(token.dropLast())x")
            #expect(tampered.status == 404)

            page = try await browser.get("/")
            #expect(page.contains(#"aria-label="Notifications, 1 unread""#))
            page = try await browser.get("/notifications")
            #expect(page.contains("The customer accepted quote \(quote.number)") && page.contains(#"href="/quotes/\#(quote.id)""#))
            page = try await browser.post("/notifications/read")
            #expect(page.contains("Notifications marked as read.") && page.contains(#"aria-label="Notifications, 0 unread""#))
        }
    }

    @Test("an expired quote's link answers 410 with the reason; a revised one too")
    func goneLinks() async throws {
        let smtp = try await SMTPTestServer()
        defer { smtp.stop() }
        try await withWeb(server: smtp.serverSettings()) { browser, world in
            let s = world.services, me = world.admin
            let account = try await s.createAccount(TestWorld.frenchCustomer("Atelier"), by: me)
            let quote = try await s.createQuote(QuoteFields(name: "Q", validUntil: Day(s.now)), customer: .account(account.id), by: me)
            let message = try await s.send(.quote(quote.id), Services.SendRequest(to: ["a@example.com"]), by: me)
            let token = try Self.link(message.text, after: "/q/")
            world.clock.advance(seconds: 3 * 86_400)
            var page = try await browser.get("/q/\(token)")
            #expect(page.status == 410 && page.contains("expired"))
            let fresh = try await s.createQuote(QuoteFields(name: "R"), customer: .account(account.id), by: me)
            let second = try Self.link(try await s.send(.quote(fresh.id), Services.SendRequest(to: ["a@example.com"]), by: me).text, after: "/q/")
            _ = try await s.reviseQuote(fresh.id, ifVersion: nil, by: me)
            page = try await browser.get("/q/\(second)")
            #expect(page.status == 410 && page.contains("replaced by a newer version"))
        }
    }

    @Test("a forgotten password: the link from the sign-in page, the same answer for anyone, a new password through the mailed link")
    func passwordReset() async throws {
        let smtp = try await SMTPTestServer()
        defer { smtp.stop() }
        try await withWeb(server: smtp.serverSettings()) { browser, world in
            var page = try await browser.get("/sign-in")
            #expect(page.contains(#"<a href="/password-reset">Forgot your password?</a>"#))
            try await browser.get("/password-reset")
            page = try await browser.post("/password-reset", [("email", "nobody@example.com")])
            #expect(page.status == 200 && page.contains("If an account has this address"))
            #expect(try await world.services.messages(by: world.admin).items.isEmpty)
            try await browser.get("/password-reset")
            page = try await browser.post("/password-reset", [("email", "ada@example.com")])
            #expect(page.status == 200 && page.contains("If an account has this address"))
            let message = try #require(try await world.services.messages(by: world.admin).items.first)
            let token = try Self.link(message.text, after: "/password-reset/")
            page = try await browser.get("/password-reset/\(token)")
            #expect(page.status == 200 && page.contains(#"autocomplete="new-password""#))
            page = try await browser.post("/password-reset/\(token)", [("password", "short")])
            #expect(page.status == 422)
            page = try await browser.post("/password-reset/\(token)", [("password", "a brand new password 2027")])
            #expect(page.contains("Your password was changed"))
            try await browser.signIn("ada@example.com", "a brand new password 2027")
            #expect(try await browser.get("/").status == 200)
            let used = WebBrowser(client: browser.client)
            #expect(try await used.get("/password-reset/\(token)").status == 404)
        }
    }

    @Test("Settings → Mail: the SMTP password is written, never shown; templates edited with a preview; preferences on the account page")
    func mailSettings() async throws {
        try await withWeb { browser, _ in
            try await browser.signIn("ada@example.com", testPassword)
            var page = try await browser.get("/settings/mail")
            #expect(page.contains("No mail server is set up"))
            page = try await browser.post("/settings/mail/smtp", [("host", "smtp.example.com"), ("port", "587"), ("security", "starttls"),
                                                                  ("username", "vendo"), ("password", "Sup3r-secret!"), ("fromAddress", "ventes@example.com"),
                                                                  ("fromName", "Ventes"), ("replyTo", "")])
            #expect(page.contains("Mail settings saved.") && page.contains("A password is set") && !page.contains("Sup3r-secret!"))
            page = try await browser.post("/settings/mail/smtp", [("host", "smtp.example.com"), ("port", "25"), ("security", "none"),
                                                                  ("username", ""), ("password", ""), ("fromAddress", "ventes@example.com"),
                                                                  ("fromName", ""), ("replyTo", "")])
            #expect(page.status == 422 && page.contains("Unencrypted mail only goes to a relay on this machine"))
            try await browser.get("/settings/mail")
            page = try await browser.post("/settings/mail/templates", [("kind", "invoice"), ("language", "fr"), ("subject", "Facture {{numero}}"),
                                                                       ("body", "Bonjour")])
            #expect(page.status == 422 && page.contains("This template uses a variable that does not exist."))
            page = try await browser.post("/settings/mail/templates", [("kind", "invoice"), ("language", "fr"),
                                                                       ("subject", "Votre facture {{documentNumber}}"), ("body", "Bonjour {{contactName}}")])
            #expect(page.contains("Template saved.") && page.contains("Votre facture INV-2026-00042") && page.contains("edited"))
            page = try await browser.get("/account")
            page = try await browser.post("/account/mail", [("notificationEmails", "daily"), ("signature", "Ada\nVentes")])
            #expect(page.contains("Preferences saved.") && page.contains(#"<option value="daily" selected>"#))
        }
    }
}
