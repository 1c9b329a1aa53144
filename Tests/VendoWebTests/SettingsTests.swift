import Foundation
import Testing
import VendoCore
import VendoServices
import VendoTestSupport

@Suite("Web: settings for administrators")
struct SettingsTests {
    @Test("an administrator adds a user, whose password is shown once and works; a salesperson may not open the settings")
    func users() async throws {
        try await withWeb { browser, world in
            try await browser.signIn("ada@example.com", testPassword)
            try await browser.get("/settings/users")
            var page = try await browser.post("/settings/users", [("name", "Sam Seller"), ("email", "sam@example.com"), ("role", "salesperson"),
                                                                  ("locale", "fr")])
            #expect(page.status == 200)
            let notice = try #require(page.html.range(of: "sam@example.com can sign in with the password "))
            let password = String(page.html[notice.upperBound...].prefix { $0 != " " })
            #expect(password.count >= 12)
            // The same e-mail again is refused next to the form, and nothing else changes.
            page = try await browser.post("/settings/users", [("name", "Other"), ("email", "SAM@example.com"), ("role", "salesperson")])
            #expect(page.status == 422)
            #expect(try await world.services.list(User.self, ListQuery(), by: world.admin).items.count == 2)
            try await browser.post("/sign-out")

            try await browser.signIn("sam@example.com", password)
            page = try await browser.get("/")
            #expect(page.contains("<html lang=\"fr\">"))
            #expect(!page.contains("href=\"/settings/organisation\""))
            page = try await browser.get("/settings/users")
            #expect(page.status == 403)
            page = try await browser.get("/leads")
            page = try await browser.post("/settings/organisation", [("organisationName", "Hijacked")])
            #expect(page.status == 403)
            #expect(try await world.services.settings().organisationName != "Hijacked")
        }
    }

    @Test("the organisation's name, address and legal mentions go on the printed invoice")
    func organisation() async throws {
        try await withWeb { browser, world in
            try await browser.signIn("ada@example.com", testPassword)
            try await browser.get("/settings/organisation")
            let page = try await browser.post("/settings/organisation", [("organisationName", "Atelier Vendo"), ("line1", "3 quai du Rhône"),
                                                                         ("postalCode", "69007"), ("city", "Lyon"), ("country", "France"),
                                                                         ("legalMentions", "SAS au capital de 10 000 €")])
            #expect(page.contains("Saved."))
            let opportunity = try await world.opportunity()
            _ = try await world.services.addLine(to: Opportunity.self, opportunity.id, LineFields(productId: world.catalog.dock.id, quantity: 1),
                                                 ifVersion: nil, by: world.admin)
            let quote = try await world.services.generateQuote(from: opportunity.id, by: world.admin)
            let print = try await browser.get("/quotes/\(quote.id)/print")
            #expect(print.contains("<p class=\"org-name\">Atelier Vendo</p>"))
            #expect(print.contains("<p class=\"address\">69007 Lyon</p>"))
            #expect(print.contains("SAS au capital de 10 000 €"))
        }
    }

    @Test("a step made required in the settings gates the next stage at once")
    func process() async throws {
        try await withWeb { browser, world in
            try await browser.signIn("ada@example.com", testPassword)
            var page = try await browser.get("/settings/process")
            #expect(page.contains("name=\"required_customerNeed\""))
            page = try await browser.post("/settings/process", [("required_customerNeed", "1"), ("probability_develop", "25")])
            #expect(page.contains("Saved."))
            page = try await browser.post("/settings/process", [("probability_develop", "many")])
            #expect(page.status == 422)
            let process = try #require(try await world.services.processes().first)
            #expect(process.stages[1].probability == 25 && process.stages[1].steps[0].required)
            let lead = try await world.lead()
            let opportunity = try #require(try await world.services.qualifyLead(lead.id, QualifyOptions(), ifVersion: nil, by: world.admin).opportunity)
            try await browser.get("/opportunities/\(opportunity.id)")
            page = try await browser.post("/opportunities/\(opportunity.id)/stage", [("stage", "propose")])
            #expect(page.status == 422 && page.contains("Complete the required steps first: Customer need."))
        }
    }

    @Test("a capture form shows the snippet to paste; an import checks pasted CSV and then writes it")
    func captureAndImport() async throws {
        try await withWeb { browser, world in
            try await browser.signIn("ada@example.com", testPassword)
            try await browser.get("/settings/capture-forms")
            var page = try await browser.post("/settings/capture-forms", [("name", "Contact us"), ("key", "contact-us"), ("topic", "Web enquiry"),
                                                                          ("source", "web"), ("fields", "lastName"), ("fields", "email"),
                                                                          ("required", "email")])
            #expect(page.contains("Saved."))
            // No snippet until the server's public address is known: a relative one would post to the company's own site.
            #expect(page.contains("Set the server&#39;s public address") && !page.contains("action=&quot;/capture/contact-us&quot;"))
            try await browser.get("/settings/mail")
            page = try await browser.post("/settings/mail/public", [("publicUrl", "https://crm.example.com/"), ("acceptedQuotesBecomeOrders", "0")])
            #expect(page.contains("Mail settings saved."))
            page = try await browser.get("/settings/capture-forms")
            #expect(page.contains("&lt;form method=&quot;post&quot; action=&quot;https://crm.example.com/capture/contact-us&quot;"))
            let csv = "topic,lastName,companyName,email\nLaptops,Martin,Dupont,martin@dupont.example\nDesks,,,\n"
            try await browser.get("/settings/import")
            page = try await browser.post("/settings/import", [("kind", "leads"), ("csv", csv), ("options", "dryRun"), ("options", "skipBadRows")])
            #expect(page.contains("<td>Would be created</td><td>1</td>"))
            #expect(page.contains("<td>Bad rows</td><td>1</td>"))
            #expect(try await world.services.list(Lead.self, ListQuery(), by: world.admin).items.isEmpty)
            page = try await browser.post("/settings/import", [("kind", "leads"), ("csv", csv), ("options", "skipBadRows")])
            #expect(page.contains("<td>Created</td><td>1</td>"))
            #expect(try await world.services.list(Lead.self, ListQuery(), by: world.admin).items.map(\.fields.topic) == ["Laptops"])
        }
    }

    @Test("units and discount lists are added on the catalog page; a band that cannot be read is refused and names its line")
    func unitsAndDiscounts() async throws {
        try await withWeb { browser, world in
            try await browser.signIn("ada@example.com", testPassword)
            try await browser.get("/settings/catalog")
            var page = try await browser.post("/settings/unit-groups", [("name", "Length"), ("baseUnit", "metre")])
            #expect(page.contains("Saved.") && page.contains("<td>Length</td><td>metre</td>"))
            let group = try #require(try await world.services.list(UnitGroup.self, ListQuery(), by: world.admin).items.first { $0.name == "Length" })
            page = try await browser.post("/settings/units", [("groupId", group.id.description), ("name", "roll of 50"), ("quantity", "50")])
            #expect(page.contains("<td>Length</td><td>roll of 50</td><td>50</td>"))
            page = try await browser.post("/settings/discount-lists", [("name", "Big orders"), ("type", "percentage"), ("bands", "10-19: 5\n20-x: 8")])
            #expect(page.status == 422 && page.contains("Line 2 is not a band like 5-9: 5."))
            page = try await browser.post("/settings/discount-lists", [("name", "Big orders"), ("type", "percentage"),
                                                                       ("bands", "10-19: 5\n20-99: 7.5")])
            #expect(page.contains("<td>Big orders</td><td>Percentage</td><td>10–19: 5% · 20–99: 7.5%</td>"))
            let list = try #require(try await world.services.list(DiscountList.self, ListQuery(), by: world.admin).items.first { $0.fields.name == "Big orders" })
            #expect(list.fields.bands.map(\.percentage) == [5, Decimal(string: "7.5")])
        }
    }

    @Test("an account's fields are edited on its page; a blank name is refused with the input kept")
    func editAccount() async throws {
        try await withWeb { browser, world in
            try await browser.signIn("ada@example.com", testPassword)
            let lead = try await world.lead()
            let account = try #require(try await world.services.qualifyLead(lead.id, QualifyOptions(), ifVersion: nil, by: world.admin).account)
            try await browser.get("/accounts/\(account.id)")
            var page = try await browser.post("/accounts/\(account.id)", [("name", ""), ("phone", "+33 4 00 00 00 00")])
            #expect(page.status == 422 && page.contains("value=\"+33 4 00 00 00 00\""))
            page = try await browser.post("/accounts/\(account.id)", [("name", "Atelier Dupont & Fils"), ("phone", "+33 4 00 00 00 00")])
            #expect(page.contains("Saved.") && page.contains("<h1>Atelier Dupont &amp; Fils</h1>"))
            #expect(try await world.services.get(Account.self, account.id, by: world.admin).fields.phone == "+33 4 00 00 00 00")
        }
    }

    @Test("stages and steps are added, renamed and removed; the process stays valid or the change is refused")
    func stages() async throws {
        try await withWeb { browser, world in
            try await browser.signIn("ada@example.com", testPassword)
            try await browser.get("/settings/process")
            var page = try await browser.post("/settings/process/stages", [("after", "propose"), ("key", "negotiate"), ("labelEn", "Negotiate"),
                                                                           ("labelFr", "Négocier"), ("probability", "65")])
            #expect(page.contains("Saved."))
            page = try await browser.post("/settings/process/steps", [("stage", "negotiate"), ("key", "termsAgreed"), ("labelEn", "Terms agreed"),
                                                                      ("labelFr", "Conditions acceptées"), ("field", ""), ("required", "1")])
            #expect(page.contains("Saved."))
            page = try await browser.post("/settings/process/steps", [("stage", "negotiate"), ("key", "termsAgreed"), ("labelEn", "Again")])
            #expect(page.status == 422)
            page = try await browser.post("/settings/process", [("label_en_develop", "Discover"), ("label_fr_develop", "Découvrir")])
            #expect(page.contains("Saved."))
            var process = try #require(try await world.services.processes().first)
            #expect(process.stages.map(\.key) == ["qualify", "develop", "propose", "negotiate", "close"])
            #expect(process.stages[3].steps.map(\.key) == ["termsAgreed"] && process.stages[3].steps[0].required)
            #expect(process.stages[1].labels == ["en": "Discover", "fr": "Découvrir"])
            page = try await browser.post("/settings/process/stages/negotiate/delete")
            #expect(page.contains("Saved."))
            process = try #require(try await world.services.processes().first)
            #expect(process.stages.map(\.key) == ["qualify", "develop", "propose", "close"])
            // A process keeps at least two stages.
            for key in ["close", "propose", "develop"] { try await browser.post("/settings/process/stages/\(key)/delete") }
            #expect(try #require(try await world.services.processes().first).stages.count == 2)
        }
    }

    @Test("a logo is uploaded on the organisation page and printed on documents; a file that is not an image is refused; it can be removed")
    func logo() async throws {
        try await withWeb { browser, world in
            try await browser.signIn("ada@example.com", testPassword)
            // A 1 × 1 transparent PNG.
            let png = try #require(Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="))
            let fields = [("organisationName", "Atelier Vendo"), ("removeLogo", "0")]
            try await browser.get("/settings/organisation")
            var page = try await browser.postMultipart("/settings/organisation", fields,
                                                       file: ("logo", "notes.txt", "text/plain", Data("not an image".utf8)))
            #expect(page.status == 422 && page.contains("Choose a PNG, JPEG, GIF or WebP image."))
            #expect(try await world.services.settings().logo == nil)
            page = try await browser.postMultipart("/settings/organisation", fields, file: ("logo", "logo.png", "image/png", png))
            #expect(page.contains("Saved.") && page.contains("An image (image/png, 1 kB)"))
            #expect(try await world.services.settings().logo == "data:image/png;base64,\(png.base64EncodedString())")
            // Saving again without a file keeps the logo.
            page = try await browser.postMultipart("/settings/organisation", fields, file: ("logo", "", "application/octet-stream", Data()))
            #expect(try await world.services.settings().logo != nil)
            let opportunity = try await world.opportunity()
            let quote = try await world.services.generateQuote(from: opportunity.id, by: world.admin)
            page = try await browser.get("/quotes/\(quote.id)/print")
            #expect(page.contains("<img class=\"logo\" src=\"data:image/png;base64,\(png.base64EncodedString())\" alt=\"Atelier Vendo\">"))
            try await browser.get("/settings/organisation")
            page = try await browser.postMultipart("/settings/organisation", [("organisationName", "Atelier Vendo"), ("removeLogo", "1")],
                                                   file: ("logo", "", "application/octet-stream", Data()))
            #expect(page.contains("Saved.") && page.contains("<td>None</td>"))
            #expect(try await world.services.settings().logo == nil)
        }
    }
}

@Suite("Web: your account and security settings")
struct AccountPageTests {
    @Test("a user changes their own password: a wrong current one is refused on its field, other sessions and (asked) tokens end, this one stays")
    func ownPassword() async throws {
        try await withWeb { browser, world in
            let elsewhere = try await world.services.signIn(email: "ada@example.com", password: testPassword, address: "192.0.2.9")
            let token = try await world.services.createToken(for: world.admin.userId, name: "script", by: world.admin)
            try await browser.signIn("ada@example.com", testPassword)
            var page = try await browser.get("/account")
            #expect(page.status == 200 && page.contains("aria-current=\"page\">Ada"))
            page = try await browser.post("/account/password", [("currentPassword", "not my password"), ("password", "a brand new passphrase")])
            #expect(page.status == 422 && page.contains("Wrong password."))
            page = try await browser.post("/account/password", [("currentPassword", testPassword), ("password", "short")])
            #expect(page.status == 422 && page.contains("Too short."))
            #expect(try await world.services.session(secret: elsewhere.secret) != nil)
            page = try await browser.post("/account/password", [("currentPassword", testPassword), ("password", "a brand new passphrase"),
                                                                ("revokeTokens", "1")])
            #expect(page.status == 200 && page.contains("Your password is changed"))
            // This browser is still signed in; the other session and the token are not.
            #expect(try await browser.get("/leads").status == 200)
            #expect(try await world.services.session(secret: elsewhere.secret) == nil)
            #expect(try await world.services.authenticate(token: token.secret) == nil)
            try await browser.post("/sign-out")
            try await browser.signIn("ada@example.com", "a brand new passphrase")
        }
    }

    @Test("an administrator sets the token lifetime, the retention and the hosts webhooks may call; bad values are refused on their field")
    func security() async throws {
        try await withWeb { browser, world in
            try await browser.signIn("ada@example.com", testPassword)
            var page = try await browser.get("/settings/organisation")
            #expect(page.contains("action=\"/settings/security\""))
            page = try await browser.post("/settings/security", [("tokenLifetimeDays", "thirty"), ("retentionDays", "0"),
                                                                 ("outboundAllowedHosts", "")])
            #expect(page.status == 422 && page.contains("Type a whole number."))
            page = try await browser.post("/settings/security", [("tokenLifetimeDays", "30"), ("retentionDays", "0"), ("outboundAllowedHosts", "")])
            #expect(page.status == 422 && page.contains("Out of range."))
            #expect(try await world.services.settings().tokenLifetimeDays == nil)
            page = try await browser.post("/settings/security", [("tokenLifetimeDays", "30"), ("retentionDays", "180"),
                                                                 ("outboundAllowedHosts", "crm.internal\r\n\r\n hooks.internal \r\n")])
            #expect(page.contains("Saved."))
            let settings = try await world.services.settings()
            #expect(settings.tokenLifetimeDays == 30 && settings.retentionDays == 180)
            #expect(settings.outboundAllowedHosts == ["crm.internal", "hooks.internal"])
            page = try await browser.get("/settings/organisation")
            #expect(page.contains("crm.internal\nhooks.internal"))
            // Emptied, each falls back to its default.
            try await browser.post("/settings/security", [("tokenLifetimeDays", ""), ("retentionDays", ""), ("outboundAllowedHosts", "")])
            let defaults = try await world.services.settings()
            #expect(defaults.tokenLifetimeDays == nil && defaults.retentionDays == nil && defaults.outboundAllowedHosts == nil)
            #expect(defaults.tokenLifetime == 365 && defaults.retention == 90)
        }
    }
}

@Suite("Web: legal identity, payment terms, tax categories and customers' tax data")
struct LegalIdentityPageTests {
    @Test("the organisation's legal identity is checked field by field, kept on refusal, and saved compact; the IBAN shows in groups")
    func identity() async throws {
        try await withWeb(sellerIdentity: false) { browser, world in
            _ = try await world.services.updateSettings(ifVersion: nil, by: world.admin) { $0.organisationName = "Atelier" }
            try await browser.signIn("ada@example.com", testPassword)
            try await browser.get("/settings/organisation")
            var page = try await browser.post("/settings/legal", [("legalName", "Atelier Vendo SAS"), ("vatNumber", "FR41303265045"),
                                                                  ("iban", "FR76 3000 6000 0112 3456 7890 188"), ("bic", "BNPAFRPP")])
            #expect(page.status == 422 && page.contains("Not a valid IBAN.") && page.contains("Not a valid VAT number for its country."))
            #expect(page.contains("value=\"Atelier Vendo SAS\""))
            // The page's other forms still show what is saved, not the refused form's blanks.
            #expect(page.contains("name=\"organisationName\" type=\"text\" value=\"Atelier\""))
            #expect(try await world.services.settings().legalName == nil)
            page = try await browser.post("/settings/legal", [("legalName", "Atelier Vendo SAS"), ("vatNumber", "fr 40 303 265 045"),
                                                              ("registrationNumber", "303 265 045"), ("registry", "RCS Lyon"),
                                                              ("iban", "FR76 3000 6000 0112 3456 7890 189"), ("bic", "BNPAFRPP"),
                                                              ("vatOnDebits", "1"), ("writeOffLimit", "5.00")])
            #expect(page.contains("Saved.") && page.contains("value=\"FR76 3000 6000 0112 3456 7890 189\""))
            let settings = try await world.services.settings()
            #expect(settings.vatNumber == "FR40303265045" && settings.iban == "FR7630006000011234567890189" && settings.vatOnDebits == true)
            #expect(settings.writeOffLimit == 5)
            #expect(settings.registrationNumber == "303265045" && settings.registry == "RCS Lyon")
        }
    }

    @Test("payment terms on the Lists page: added, labelled in both languages, retired, restored, made default, removed")
    func paymentTerms() async throws {
        try await withWeb(sellerIdentity: false) { browser, world in
            try await browser.signIn("ada@example.com", testPassword)
            try await browser.get("/settings/lists")
            var page = try await browser.post("/settings/payment-terms", [("label", "Net 30"), ("days", "thirty")])
            #expect(page.status == 422 && page.contains("Type a whole number."))
            page = try await browser.post("/settings/payment-terms", [("label", "Net 30"), ("days", "30"), ("labelFr", "30 jours net")])
            page = try await browser.post("/settings/payment-terms", [("label", "45 EOM"), ("days", "45"), ("endOfMonth", "1")])
            #expect(page.contains("45 days after the end of the month") && page.contains("30 jours net") && page.contains("Default"))
            page = try await browser.post("/settings/payment-terms", [("label", "net 30"), ("days", "10")])
            #expect(page.status == 422 && page.contains("Already used."))
            // A printed label that another term already answers to is refused beside its box.
            page = try await browser.post("/settings/payment-terms/edit", [("label", "45 EOM"), ("labelEn", "net 30"), ("labelFr", ""), ("days", "45"),
                                                                          ("endOfMonth", "1")])
            #expect(page.status == 422 && page.contains("Already used."))
            try await browser.post("/settings/payment-terms/edit", [("label", "45 EOM"), ("labelEn", "45 days EOM"), ("labelFr", "45 jours fin de mois"),
                                                                    ("days", "45"), ("endOfMonth", "1")])
            #expect(try await world.services.settings().paymentTerms?.map(\.label) == ["Net 30", "45 EOM"])
            // Retired, the first is no longer the default; made default, the second moves up; restored, the first is active again.
            try await browser.post("/settings/payment-terms/retire", [("label", "Net 30")])
            #expect(try await world.services.settings().defaultPaymentTerm?.label == "45 EOM")
            try await browser.post("/settings/payment-terms/restore", [("label", "Net 30")])
            try await browser.post("/settings/payment-terms/first", [("label", "45 EOM")])
            var terms = try await world.services.settings().paymentTerms ?? []
            #expect(terms.map(\.label) == ["45 EOM", "Net 30"] && !terms[1].isRetired)
            #expect(terms[0].labels == ["en": "45 days EOM", "fr": "45 jours fin de mois"] && terms[0].days == 45 && terms[0].endOfMonth)
            page = try await browser.get("/settings/lists")
            #expect(page.contains("45 jours fin de mois") && page.contains("Make default"))
            try await browser.post("/settings/payment-terms/delete", [("label", "Net 30")])
            terms = try await world.services.settings().paymentTerms ?? []
            #expect(terms.map(\.label) == ["45 EOM"])
            // A term that is gone cannot be changed.
            page = try await browser.post("/settings/payment-terms/retire", [("label", "Net 30")])
            #expect(page.status == 404 || page.status == 422)
        }
    }

    @Test("an invoice's form proposes the active payment terms in the reader's language, and keeps free wording")
    func paymentTermsOffered() async throws {
        try await withWeb { browser, world in
            let s = world.services, me = world.admin
            _ = try await s.updateSettings(ifVersion: nil, by: me) { settings in
                settings.paymentTerms = [PaymentTerm(label: "Net 30", days: 30, labels: ["en": "30 days net", "fr": "30 jours net"]),
                                         PaymentTerm(label: "Old", days: 60, labels: ["fr": "Ancienne"], retired: true)]
            }
            let account = try await s.createAccount(TestWorld.frenchCustomer("Atelier Dupont"), by: me)
            let invoice = try await s.createInvoice(InvoiceFields(name: "Chairs"), customer: .account(account.id), by: me)
            let mia = try await s.createUser(name: "Mia", email: "mia@example.com", role: .admin, locale: "fr", by: me)
            try await s.setPassword(testPassword, for: mia.id, by: me)
            try await browser.signIn("ada@example.com", testPassword)
            var page = try await browser.get("/invoices/\(invoice.id)")
            #expect(page.contains("list=\"edit-paymentTerms-suggestions\"") && page.contains("<option value=\"30 days net\">"))
            #expect(!page.contains("<option value=\"Old\">"))
            let french = WebBrowser(client: browser.client)
            try await french.signIn("mia@example.com", testPassword)
            page = try await french.get("/invoices/\(invoice.id)")
            #expect(page.contains("<option value=\"30 jours net\">") && !page.contains("Ancienne"))
            // A retired term the invoice already names stays on offer; any wording of its own is kept.
            _ = try await s.updateInvoice(invoice.id, ifVersion: nil, by: me) { $0.paymentTerms = "old" }
            page = try await french.get("/invoices/\(invoice.id)")
            #expect(page.contains("<option value=\"Ancienne\">"))
            try await browser.get("/invoices/\(invoice.id)")
            try await browser.post("/invoices/\(invoice.id)/fields", [("name", "Chairs"), ("paymentTerms", "Moitié à la commande")])
            #expect(try await s.get(Invoice.self, invoice.id, by: me).fields.paymentTerms == "Moitié à la commande")
        }
    }

    @Test("a tax rate gets its category; an exempt one needs its reason; the list names the category in the reader's language")
    func taxRates() async throws {
        try await withWeb { browser, world in
            try await browser.signIn("ada@example.com", testPassword)
            try await browser.get("/settings/catalog")
            var page = try await browser.post("/settings/tax-rates", [("name", "Formation"), ("rate", "0"), ("category", "E")])
            #expect(page.status == 422 && page.contains("Required."))
            page = try await browser.post("/settings/tax-rates", [("name", "Formation"), ("rate", "0"), ("category", "E"),
                                                                  ("exemptionReason", "Exonération de TVA, art. 261-4-4° du CGI")])
            #expect(page.contains("Saved.") && page.contains("Exempt") && page.contains("art. 261-4-4° du CGI"))
            try await browser.post("/settings/tax-rates", [("name", "Autoliquidation"), ("rate", "0"), ("category", "AE")])
            try await browser.post("/language", [("language", "fr"), ("back", "/settings/catalog")])
            page = try await browser.get("/settings/catalog")
            #expect(page.contains("Autoliquidation") && page.contains("VATEX-EU-AE") && page.contains("Exonéré"))
        }
    }

    @Test("an account's VAT and registration numbers, addresses and document language are edited on its page; a contact's billing e-mail")
    func customer() async throws {
        try await withWeb { browser, world in
            try await browser.signIn("ada@example.com", testPassword)
            var fields = AccountFields(name: "Müller GmbH")
            fields.address = Address(line1: "Domstraße 1", city: "Köln", region: "NRW", country: "Deutschland")
            let account = try await world.services.createAccount(fields, by: world.admin)
            var page = try await browser.get("/accounts/\(account.id)")
            #expect(page.contains("value=\"Domstraße 1\""))
            let form: [(String, String)] = [("name", "Müller GmbH"), ("line1", "Domstraße 1"), ("city", "Köln"), ("country", "Deutschland"),
                                            ("vatNumber", "DE12345678"), ("language", "fr")]
            page = try await browser.post("/accounts/\(account.id)", form)
            #expect(page.status == 422 && page.contains("Not a valid VAT number for its country.") && page.contains("value=\"DE12345678\""))
            page = try await browser.post("/accounts/\(account.id)", form.filter { $0.0 != "vatNumber" } + [
                ("vatNumber", "DE 123 456 789"), ("registrationNumber", "HRB 12345"), ("buyerReference", "Kostenstelle 7"),
                ("shippingLine1", "Werk 2"), ("shippingCity", "Bonn"),
            ])
            #expect(page.contains("Saved.") && page.contains("DE123456789") && page.contains("Werk 2, Bonn"))
            let saved = try await world.services.get(Account.self, account.id, by: world.admin).fields
            #expect(saved.vatNumber == "DE123456789" && saved.registrationNumber == "HRB 12345" && saved.language == "fr")
            #expect(saved.address?.region == "NRW" && saved.shippingAddress?.city == "Bonn" && saved.billingAddress == nil)
            let contact = try await world.services.createContact(ContactFields(lastName: "Weber"), by: world.admin)
            try await browser.get("/contacts/\(contact.id)")
            page = try await browser.post("/contacts/\(contact.id)", [("lastName", "Weber"), ("billingEmail", "rechnung@mueller.example")])
            #expect(page.status == 200, "\(page.status) \(page.html.prefix(3000))")
            #expect(page.contains("Saved.") && page.contains("rechnung@mueller.example"))
        }
    }
}
