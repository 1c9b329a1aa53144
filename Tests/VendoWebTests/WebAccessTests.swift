import Foundation
import Testing
import VendoCore
import VendoServices
import VendoTestSupport
@testable import VendoWeb

@Suite("Web: sign-in, CSRF, teams and languages")
struct WebAccessTests {
    @Test("pages need a session; sign-in goes back to the page asked for, never to another site")
    func signIn() async throws {
        try await withWeb { browser, _ in
            var page = try await browser.get("/leads?state=open", follow: false)
            #expect(page.status == 303 && page.location == "/sign-in?next=%2Fleads%3Fstate%3Dopen")
            page = try await browser.get("/sign-in?next=%2Fleads")
            page = try await browser.post("/sign-in", [("email", "ada@example.com"), ("password", "wrong password!"), ("next", "/leads")])
            #expect(page.status == 401)
            #expect(page.contains("Wrong e-mail or password.") && page.contains("value=\"ada@example.com\""))
            page = try await browser.post("/sign-in", [("email", "ada@example.com"), ("password", testPassword), ("next", "//evil.example/x")],
                                          follow: false)
            #expect(page.status == 303 && page.location == "/")
            page = try await browser.get("/leads")
            #expect(page.status == 200 && page.contains("<h1>Leads</h1>"))
            // Signing out ends the session on the server: the old cookie opens nothing.
            try await browser.post("/sign-out")
            page = try await browser.get("/leads", follow: false)
            #expect(page.status == 303)
        }
    }

    @Test("signing in again ends the session the browser had")
    func signInReplacesSession() async throws {
        try await withWeb { browser, world in
            try await browser.signIn("ada@example.com", testPassword)
            let first = try #require(browser.cookie("vendo_session"))
            #expect(try await world.services.session(secret: first) != nil)
            let page = try await browser.post("/sign-in", [("email", "ada@example.com"), ("password", testPassword), ("next", "/")])
            #expect(page.status == 200)
            let second = try #require(browser.cookie("vendo_session"))
            #expect(second != first)
            #expect(try await world.services.session(secret: first) == nil)
            #expect(try await world.services.session(secret: second) != nil)
        }
    }

    @Test("a form without the session's CSRF token is refused and changes nothing; so is a sign-in form from elsewhere")
    func csrf() async throws {
        try await withWeb { browser, world in
            try await browser.signIn("ada@example.com", testPassword)
            var page = try await browser.post("/leads", [("topic", "Forged")], csrf: "not-the-token")
            #expect(page.status == 403)
            #expect(page.contains("This form has expired."))
            page = try await browser.post("/leads", [("topic", "Forged")], csrf: "")
            #expect(page.status == 403)
            // A body whose encoding is broken is refused before anything reads it.
            let form = try await browser.get("/leads/new")
            page = try await browser.postRaw("/leads", "_csrf=\(try #require(form.csrf))&topic=100%zz")
            #expect(page.status == 415)
            #expect(try await world.services.list(Lead.self, ListQuery(), by: world.admin).items.isEmpty)
            try await browser.post("/sign-out")
            page = try await browser.post("/sign-in", [("email", "ada@example.com"), ("password", testPassword)], csrf: "made-up")
            #expect(page.status == 403)
        }
    }

    @Test("a salesperson does not see another team's lead: its page, its actions and the lists answer as if it did not exist")
    func teams() async throws {
        try await withWeb { browser, world in
            let north = try await world.services.createUser(name: "Nora North", email: "nora@example.com", role: .salesperson,
                                                            password: testPassword, by: world.admin)
            let south = try await world.services.createUser(name: "Sid South", email: "sid@example.com", role: .salesperson,
                                                            password: testPassword, by: world.admin)
            _ = try await world.services.createTeam(TeamFields(name: "North", memberIds: [north.id]), by: world.admin)
            _ = try await world.services.createTeam(TeamFields(name: "South", memberIds: [south.id]), by: world.admin)
            let sid = try await world.services.caller(for: south.id)
            let lead = try await world.services.createLead(LeadFields(topic: "Southern secret", companyName: "Sud SA"), by: sid).lead
            try await browser.signIn("nora@example.com", testPassword)
            var page = try await browser.get("/leads/\(lead.id)")
            #expect(page.status == 404 && !page.contains("Southern secret"))
            page = try await browser.get("/leads")
            page = try await browser.post("/leads/\(lead.id)/disqualify", [("reason", "lost")])
            #expect(page.status == 404)
            page = try await browser.get("/leads?q=Southern")
            #expect(!page.contains("Southern secret"))
            #expect(try await world.services.get(Lead.self, lead.id, by: world.admin).state == .open)
        }
    }

    @Test("a search typed with spaces in a list's GET form finds the record: '+' in a query is a space")
    func searchWithSpaces() async throws {
        try await withWeb { browser, world in
            _ = try await world.lead(company: "Atelier Dupont")
            try await browser.signIn("ada@example.com", testPassword)
            // Browsers send a GET form's spaces as '+'.
            var page = try await browser.get("/leads?q=Atelier+Dupont")
            #expect(page.contains("Laptops for Atelier Dupont"))
            page = try await browser.get("/leads?q=Atelier%20Dupont")
            #expect(page.contains("Laptops for Atelier Dupont"))
            page = try await browser.get("/leads?q=Atelier%2BDupont")
            #expect(!page.contains("Laptops for Atelier Dupont"))
        }
    }

    @Test("the message of an action is shown once, on the page it leads to, whatever assets load first")
    func flash() async throws {
        try await withWeb { browser, _ in
            try await browser.signIn("ada@example.com", testPassword)
            try await browser.get("/leads/new")
            let posted = try await browser.post("/leads", [("topic", "Flash"), ("companyName", "Once SA")], follow: false)
            let location = try #require(posted.location)
            let css = try await browser.get("/static/app.css")
            #expect(css.status == 200 && css.contains(".flash"))
            #expect(try await browser.get(location).contains("<p class=\"flash\" role=\"status\">Lead created.</p>"))
            #expect(!(try await browser.get(location).contains("class=\"flash\"")))
        }
    }

    @Test("a teammate's lead is shown without its actions, and an action posted anyway is refused")
    func teammate() async throws {
        try await withWeb { browser, world in
            let nora = try await world.services.createUser(name: "Nora North", email: "nora@example.com", role: .salesperson,
                                                           password: testPassword, by: world.admin)
            let nils = try await world.services.createUser(name: "Nils North", email: "nils@example.com", role: .salesperson,
                                                           password: testPassword, by: world.admin)
            _ = try await world.services.createTeam(TeamFields(name: "North", memberIds: [nora.id, nils.id]), by: world.admin)
            let lead = try await world.services.createLead(LeadFields(topic: "Nils's lead", companyName: "Nord SA"),
                                                           by: try await world.services.caller(for: nils.id)).lead
            try await browser.signIn("nora@example.com", testPassword)
            var page = try await browser.get("/leads/\(lead.id)")
            #expect(page.status == 200 && page.contains("Nils&#39;s lead"))
            #expect(!page.contains("/leads/\(lead.id)/qualify") && !page.contains("/leads/\(lead.id)/disqualify"))
            page = try await browser.post("/leads/\(lead.id)/disqualify", [("reason", "lost")])
            #expect(page.status == 403)
            #expect(try await world.services.get(Lead.self, lead.id, by: world.admin).state == .open)
        }
    }

    @Test("before sign-in the browser's language decides; after, the user's own, with French numbers, and the switch keeps the page")
    func languages() async throws {
        try await withWeb { browser, world in
            browser.language = "fr-CA,fr;q=0.9,en;q=0.5"
            var page = try await browser.get("/sign-in")
            #expect(page.contains("<html lang=\"fr\">") && page.contains("Se connecter"))
            page = try await browser.get("/sign-in?lang=en")
            #expect(page.contains("<html lang=\"en\">"))
            try await browser.signIn("ada@example.com", testPassword)
            // Ada's own language is English, whatever the browser says.
            page = try await browser.get("/leads")
            #expect(page.contains("<h1>Leads</h1>"))
            var fields = LeadFields(topic: "Budget en euros", companyName: "Euro SARL")
            fields.budgetAmount = Decimal(string: "1234.56")
            let lead = try await world.services.createLead(fields, by: world.admin).lead
            try await browser.get("/leads/\(lead.id)")
            page = try await browser.post("/language", [("language", "fr"), ("back", "/leads/\(lead.id)")])
            #expect(page.location == "/leads/\(lead.id)")
            #expect(page.contains("Les pages sont maintenant en français."))
            #expect(page.contains("<dd>1\u{00A0}234,56</dd>"))
            #expect(try await world.services.get(User.self, world.admin.userId, by: world.admin).locale == "fr")
            page = try await browser.post("/language", [("language", "de"), ("back", "/")])
            #expect(page.status == 409 || page.status == 422 || page.status == 400)
        }
    }
}

@Suite("Web: translations")
struct TranslationTests {
    @Test("English and French have the same keys, none with a dot (Mustache reads dots as paths)")
    func tables() {
        #expect(Set(Strings.english.keys) == Set(Strings.french.keys))
        #expect(Strings.english.keys.filter { $0.contains(".") }.isEmpty)
        #expect(Strings.english.values.filter(\.isEmpty).isEmpty && Strings.french.values.filter(\.isEmpty).isEmpty)
    }

    @Test("every enum value a page shows has a label in both languages")
    func labels() {
        let groups: [(String, [String])] = [
            ("state", LeadState.allCases.map(\.rawValue) + OpportunityState.allCases.map(\.rawValue) + QuoteState.allCases.map(\.rawValue)
                + OrderState.allCases.map(\.rawValue) + InvoiceState.allCases.map(\.rawValue) + ActivityState.allCases.map(\.rawValue)
                + ProductState.allCases.map(\.rawValue)),
            ("status", LeadStatus.allCases.map(\.rawValue) + OpportunityStatus.allCases.map(\.rawValue) + QuoteStatus.allCases.map(\.rawValue)
                + OrderStatus.allCases.map(\.rawValue) + InvoiceStatus.allCases.map(\.rawValue)),
            ("activityType", ActivityType.allCases.map(\.rawValue)), ("forecastCategory", ForecastCategory.allCases.map(\.rawValue)),
            ("purchaseTimeframe", PurchaseTimeframe.allCases.map(\.rawValue)), ("purchaseProcess", PurchaseProcess.allCases.map(\.rawValue)),
            ("paymentMethod", PaymentMethod.allCases.map(\.rawValue)),
        ]
        for (group, values) in groups {
            for value in values {
                #expect(Strings.english["\(group)_\(value)"] != nil, "no English label for \(group) \(value)")
                #expect(Strings.french["\(group)_\(value)"] != nil, "no French label for \(group) \(value)")
            }
        }
        // The lists an organisation edits carry their own labels, the built-in values too.
        for list in ChoiceListName.allCases {
            #expect(!ChoiceLists.builtIn(list).isEmpty)
            for choice in ChoiceLists.builtIn(list) {
                #expect(!(choice.labels["en"] ?? "").isEmpty && !(choice.labels["fr"] ?? "").isEmpty, "\(list) \(choice.value)")
            }
        }
    }

    @Test("Accept-Language: the first supported language by quality; English otherwise")
    func acceptLanguage() {
        #expect(Language.preferred(by: "fr-FR,fr;q=0.9,en;q=0.8") == .fr)
        #expect(Language.preferred(by: "de-DE,de;q=0.9,fr;q=0.5,en;q=0.4") == .fr)
        #expect(Language.preferred(by: "en;q=0.2, fr;q=0.7") == .fr)
        #expect(Language.preferred(by: "de, es") == .en)
        #expect(Language.preferred(by: "fr;q=0") == .en)
        #expect(Language.preferred(by: nil) == .en)
    }
}
