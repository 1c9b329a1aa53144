import Foundation
import Testing
import VendoCore
import VendoServices
import VendoTestSupport

/// "Scan a card" in the pages: a pile of photos read by the real Tesseract and zbar, each card
/// checked beside its photo, corrected and confirmed into a lead that keeps the photo.
@Suite("Pages: scanning business cards", .serialized)
struct CardScanPageTests {
    static func photo(_ samples: CardSamples, _ index: Int) throws -> (name: String, filename: String, type: String, data: Data) {
        let card = samples.cards[index]
        return ("photos", card.file, card.file.hasSuffix(".png") ? "image/png" : "image/jpeg", Data(try samples.image(card)))
    }

    @Test("a batch of photos becomes leads one card at a time, the event kept from card to card")
    func batch() async throws {
        let samples = try CardSamples.make(count: 3, seed: 11)
        defer { samples.remove() }
        try await withWeb { browser, world in
            try await browser.signIn("ada@example.com", testPassword)
            let list = try await browser.get("/leads")
            #expect(list.contains("href=\"/leads/scan\""))
            let scan = try await browser.get("/leads/scan")
            #expect(scan.status == 200)
            #expect(scan.contains("accept=\"image/*\" capture=\"environment\" multiple"))
            // A text file among the photos is named and skipped; the photos are read.
            var files = try (0..<3).map { try Self.photo(samples, $0) }
            files.append(("photos", "notes.txt", "text/plain", Data("not a photo".utf8)))
            let first = try await browser.postMultipart("/leads/scan", [("event", "Salon Batimat 2026")], files: files)
            #expect(first.status == 200, "\(first.html.prefix(500))")
            #expect(first.contains("3 card(s) read.") && first.contains("notes.txt"))
            #expect(first.contains("Card 1 of 3"))
            #expect(first.value(of: "event") == "Salon Batimat 2026")
            #expect(first.value(of: "email") == samples.cards[0].fields.email)
            #expect(first.contains("/image\" alt=\"Photo of the business card\""))

            // Confirm the first card with one field corrected by hand.
            let fields = Self.formFields(first).map { $0.0 == "jobTitle" ? ("jobTitle", "Head buyer") : $0 }
            let second = try await browser.post(first.location ?? "", fields)
            #expect(second.contains("Lead created.") && second.contains("Card 1 of 2"), "\(second.html.prefix(800))")
            #expect(second.value(of: "event") == "Salon Batimat 2026")
            let leads = try await world.services.list(Lead.self, ListQuery(filters: ["event": "Salon Batimat 2026"]), by: world.admin).items
            #expect(leads.count == 1)
            let lead = try #require(leads.first)
            #expect(lead.fields.jobTitle == "Head buyer" && lead.fields.source == .tradeShow)
            #expect(lead.fields.email == samples.cards[0].fields.email && lead.cardScanId != nil)
            let page = try await browser.get("/leads/\(lead.id)")
            #expect(page.contains("src=\"/leads/\(lead.id)/card-image\""))
            let image = try await browser.get("/leads/\(lead.id)/card-image")
            #expect(image.status == 200)

            // Throw the second card away; the third becomes a lead and the pile is empty.
            // (The photo was the last page fetched: the form's token comes from the card's page.)
            let third = try await browser.post("\(second.location ?? "")/discard", csrf: second.csrf)
            #expect(third.contains("Card thrown away.") && third.contains("Card 1 of 1"), "\(third.status) \(String(describing: second.location)) \(third.html.prefix(1500))")
            let done = try await browser.post(third.location ?? "", Self.formFields(third))
            #expect(done.contains("Lead created:") && !done.contains("Cards waiting to be checked"), "\(done.html.prefix(800))")
            #expect(done.value(of: "event") == "Salon Batimat 2026")
            #expect(try await world.services.pendingCardScans(by: world.admin).isEmpty)
            let filtered = try await browser.get("/leads?event=Salon+Batimat+2026")
            #expect(filtered.html.components(separatedBy: "<tr><th scope=\"row\">").count - 1 == 2)
        }
    }

    @Test("a refused card shows its photo again with the message; a missing topic loses nothing typed")
    func refused() async throws {
        let samples = try CardSamples.make(count: 1, seed: 12)
        defer { samples.remove() }
        try await withWeb { browser, _ in
            try await browser.signIn("ada@example.com", testPassword)
            try await browser.get("/leads/scan")
            let review = try await browser.postMultipart("/leads/scan", [("event", "")], files: [try Self.photo(samples, 0)])
            var fields = Self.formFields(review).map { $0.0 == "topic" ? ("topic", "") : $0 }
            fields = fields.map { $0.0 == "email" ? ("email", "not-an-address") : $0 }
            let refused = try await browser.post(review.location ?? "", fields)
            #expect(refused.status == 422)
            #expect(refused.value(of: "email") == "not-an-address")
            #expect(refused.contains("/image\" alt=\"Photo of the business card\""))
            let empty = try await browser.postMultipart("/leads/scan", [("event", "")], files: [])
            #expect(empty.status == 422 && empty.contains("Choose or take at least one photo."))
        }
    }

    @Test("an organisation that retired the trade-show source still turns its cards into leads, without a source")
    func retiredSource() async throws {
        let samples = try CardSamples.make(count: 1, seed: 13)
        defer { samples.remove() }
        try await withWeb { browser, world in
            _ = try await world.services.updateSettings(ifVersion: nil, by: world.admin) { settings in
                var sources = settings.choices(.leadSource)
                if let index = sources.firstIndex(where: { $0.value == "tradeShow" }) { sources[index].retired = true }
                settings.choiceLists = ["leadSource": sources]
            }
            try await browser.signIn("ada@example.com", testPassword)
            try await browser.get("/leads/scan")
            let review = try await browser.postMultipart("/leads/scan", [("event", "Foire de Lyon")], files: [try Self.photo(samples, 0)])
            let created = try await browser.post(review.location ?? "", Self.formFields(review))
            #expect(created.contains("Lead created."), "\(created.html.prefix(800))")
            let lead = try #require(try await world.services.list(Lead.self, ListQuery(filters: ["event": "Foire de Lyon"]), by: world.admin).items.first)
            #expect(lead.fields.source == nil && lead.cardScanId != nil)
        }
    }

    @Test("without Tesseract the page says how to install it, and leads are still typed by hand")
    func withoutTools() async throws {
        var server = ServerSettings()
        server.cardTools = .none
        try await withWeb(server: server) { browser, _ in
            browser.language = "fr"
            try await browser.signIn("ada@example.com", testPassword)
            let page = try await browser.get("/leads/scan")
            #expect(page.contains(CardTools.installCommand) && !page.contains("type=\"file\""))
            #expect(try await browser.get("/leads/new").status == 200)
        }
    }

    /// The card form's fields as the page filled them.
    static func formFields(_ page: Page) -> [(String, String)] {
        PagesScanning.names.map { ($0, page.value(of: $0) ?? "") }
    }
}

enum PagesScanning {
    static let names = ["topic", "firstName", "lastName", "jobTitle", "companyName", "email", "phone", "mobilePhone", "website",
                        "address.line1", "address.postalCode", "address.city", "address.country", "event"]
}
