import Crypto
import Foundation
import Testing
@testable import VendoCore
@testable import VendoServices
@testable import VendoStore
import VendoTestSupport

/// Mail through the services and a real SMTP server (aiosmtpd with STARTTLS and AUTH): the
/// outbox, sending documents, the customer's quote link, password resets and notifications.
@Suite("Mail: the outbox, sending documents, quote links, resets and notifications", .serialized)
struct MailTests {
    struct Setup {
        let server: SMTPTestServer
        let world: TestWorld
        let account: Account
        let contact: Contact

        init(server: SMTPTestServer? = nil, mail: Bool = true, settings: (@Sendable (inout OrganisationSettings) -> Void)? = nil) async throws {
            let smtp: SMTPTestServer
            if let server { smtp = server } else { smtp = try await SMTPTestServer() }
            self.server = smtp
            world = try await TestWorld.make(server: mail ? smtp.serverSettings() : ServerSettings(), settings: settings)
            (account, contact) = try await world.mailedCustomer()
        }

        var s: Services { world.services }
        var me: Caller { world.admin }

        func invoice(lines: Int = 2) async throws -> Invoice {
            var invoice = try await s.createInvoice(InvoiceFields(name: "Fournitures de bureau", contactId: contact.id),
                                                    customer: .account(account.id), priceListId: world.catalog.priceList.id, by: me)
            for index in 0..<lines {
                invoice = try await s.addLine(to: Invoice.self, invoice.id,
                                              LineFields(writeInName: "Article \(index + 1)", quantity: 2, pricePerUnit: 49.5, taxRate: 20),
                                              ifVersion: nil, by: me)
            }
            return invoice
        }

        func quote(validUntil: Day? = nil) async throws -> Quote {
            var quote = try await s.createQuote(QuoteFields(name: "Rénovation", contactId: contact.id, validUntil: validUntil),
                                                customer: .account(account.id), priceListId: world.catalog.priceList.id, by: me)
            quote = try await s.addLine(to: Quote.self, quote.id, LineFields(productId: world.catalog.dock.id, quantity: 3), ifVersion: nil, by: me)
            return quote
        }

        func sender(batch: Int = 5) -> MailSender { MailSender(services: s, batchSize: batch, pollInterval: .milliseconds(10)) }

        func outbox(regarding id: UUID? = nil) async throws -> [OutgoingMessage] {
            try await s.messages(regarding: id, limit: 200, by: me).items
        }
    }

    static func sha256(_ bytes: [UInt8]) -> String { SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined() }

    @Test("sending a draft invoice issues it and queues it; it arrives in French with its kept PDF, and is logged on the timeline")
    func invoiceArrives() async throws {
        let setup = try await Setup()
        defer { setup.server.stop() }
        let draft = try await setup.invoice()
        let queued = try await setup.s.send(.invoice(draft.id), by: setup.me)
        let issued = try await setup.s.get(Invoice.self, draft.id, by: setup.me)
        #expect(issued.state == .active && issued.number != nil)
        #expect(queued.status == .queued && queued.to == ["compta@lefevre.example"] && queued.kind == .invoice)
        #expect(queued.subject == "Facture \(issued.number ?? "") de Vendo Test SAS")
        #expect(queued.messageId.hasSuffix("@vendo-test.example>"))
        #expect(try await setup.sender().deliverDue() == 1)
        let received = try setup.server.received()
        #expect(received.count == 1)
        let message = try #require(received.first)
        #expect(message["subject"] as? String == queued.subject)
        #expect(message["message_id"] as? String == queued.messageId)
        #expect(message["from"] as? String == "Vendo Test SAS <ventes@vendo-test.example>")
        #expect(message["reply_to"] as? String == "ada@example.com")
        #expect(message["tls"] as? Bool == true && (message["defects"] as? [String])?.isEmpty == true)
        let parts = try #require(message["parts"] as? [[String: Any]])
        #expect(parts.map { $0["type"] as? String } == ["multipart/mixed", "multipart/alternative", "text/plain", "text/html", "application/pdf"])
        let text = try #require(parts[2]["text"] as? String)
        #expect(text.contains("Bonjour Camille") && text.contains("à régler avant le"))
        let kept = try await setup.s.pdf(ofInvoice: draft.id, by: setup.me)
        #expect(parts[4]["sha256"] as? String == Self.sha256(kept.bytes))
        #expect(parts[4]["filename"] as? String == "invoice-\(issued.number ?? "").pdf")
        let sent = try #require(try await setup.outbox(regarding: draft.id.uuid).first)
        #expect(sent.status == .sent && sent.attempts == 1 && sent.attachmentSha256 == Self.sha256(kept.bytes))
        // Once sent, the outbox no longer holds the message's text and its PDF a second time.
        #expect(try await setup.s.store.read { tx in try await tx.preparedMessage(sent.id) } == nil)
        let timeline = try await setup.s.timeline(of: .invoice, draft.id.uuid, by: setup.me).items
        let emails = timeline.compactMap { item -> Activity? in if case .activity(let a) = item.content, a.type == .email { return a } else { return nil } }
        #expect(emails.count == 1 && emails.first?.state == .completed)
        #expect(emails.first?.fields.body?.contains(Self.sha256(kept.bytes)) == true)
        let deliveries = timeline.compactMap { item -> String? in
            if case .change(let entry) = item.content, entry.field == "message" { return entry.newValue } else { return nil }
        }
        #expect(deliveries.contains("sent") && deliveries.contains { $0.hasPrefix("queued: compta@lefevre.example") })
    }

    @Test("issue and send do both or neither: an incomplete invoice, or no mail server, leaves a draft and an empty outbox")
    func bothOrNeither() async throws {
        let setup = try await Setup()
        defer { setup.server.stop() }
        let draft = try await setup.invoice()
        _ = try await setup.s.updateAccount(setup.account.id, ifVersion: nil, by: setup.me) { $0.address = Address() }
        do {
            _ = try await setup.s.send(.invoice(draft.id), by: setup.me)
            Issue.record("an invoice that cannot be issued is not sent")
        } catch let error as ServiceError {
            #expect(error.fieldNames.contains("buyer.address"))
        }
        #expect(try await setup.s.get(Invoice.self, draft.id, by: setup.me).state == .draft)
        #expect(try await setup.outbox().isEmpty)

        let bare = try await Setup(server: setup.server, mail: false)
        let other = try await bare.invoice()
        do {
            _ = try await bare.s.send(.invoice(other.id), by: bare.me)
            Issue.record("nothing is sent without a mail server")
        } catch let error as ServiceError {
            #expect(error.code == "mail_not_configured")
        }
        #expect(try await bare.s.get(Invoice.self, other.id, by: bare.me).state == .draft)
        #expect(try await bare.outbox().isEmpty)
    }

    @Test("the organisation's words: a quote and an order go out under its names, in the subject and on the PDF; an invoice keeps its legal name")
    func terminology() async throws {
        let setup = try await Setup(settings: { settings in
            settings.terminology = ["quote": ["fr": RecordWords(singular: "Proposition", plural: "Propositions")],
                                    "order": ["fr": RecordWords(singular: "Bon de commande", plural: "Bons de commande")],
                                    "invoice": ["fr": RecordWords(singular: "Note", plural: "Notes")]]
        })
        defer { setup.server.stop() }
        let quote = try await setup.quote()
        let sent = try await setup.s.send(.quote(quote.id), by: setup.me)
        #expect(sent.subject == "Proposition \(quote.number) de Vendo Test SAS")
        let quoteText = try DocumentChecks.text(ofPDF: try await setup.s.pdf(ofQuote: quote.id, by: setup.me).bytes)
        #expect(quoteText.contains("Proposition") && !quoteText.contains("Devis"))

        let order = try await setup.s.convertQuoteToOrder(quote.id, ifVersion: nil, by: setup.me)
        #expect(try await setup.s.send(.order(order.id), by: setup.me).subject == "Bon de commande \(order.number)")
        let orderText = try DocumentChecks.text(ofPDF: try await setup.s.pdf(ofOrder: order.id, by: setup.me).bytes)
        #expect(orderText.contains("Bon de commande") && !orderText.contains("Confirmation de commande"))

        // An invoice is called what the law calls it.
        let draft = try await setup.invoice()
        let invoiced = try await setup.s.send(.invoice(draft.id), by: setup.me)
        #expect(invoiced.subject.hasPrefix("Facture "))
        let invoiceText = try DocumentChecks.text(ofPDF: try await setup.s.pdf(ofInvoice: draft.id, by: setup.me).bytes)
        #expect(invoiceText.contains("Facture"))
    }

    @Test("a 451 is retried after its backoff and sent; a 550 fails with the server's reply; a refused connection is retried")
    func retries() async throws {
        let setup = try await Setup(server: try await SMTPTestServer(failFirst: 1, refuse: "nobody@lefevre.example"))
        defer { setup.server.stop() }
        let quote = try await setup.quote()
        let first = try await setup.s.send(.quote(quote.id), by: setup.me)
        #expect(try await setup.s.get(Quote.self, quote.id, by: setup.me).state == .active)
        #expect(try await setup.sender().deliverDue() == 1)
        var stored = try #require(try await setup.outbox().first { $0.id == first.id })
        #expect(stored.status == .queued && stored.attempts == 1 && stored.lastError?.contains("451") == true)
        #expect(try await setup.sender().deliverDue() == 0)
        setup.world.clock.advance(seconds: MailSender.backoff(afterAttempts: 1) + 1)
        #expect(try await setup.sender().deliverDue() == 1)
        stored = try #require(try await setup.outbox().first { $0.id == first.id })
        #expect(stored.status == .sent && stored.attempts == 2)
        #expect(try setup.server.received(messageId: first.messageId).count == 1)

        let refused = try await setup.s.send(.quote(quote.id), Services.SendRequest(to: ["nobody@lefevre.example"]), by: setup.me)
        #expect(try await setup.sender().deliverDue() == 1)
        stored = try #require(try await setup.outbox().first { $0.id == refused.id })
        #expect(stored.status == .failed && stored.lastError?.contains("550") == true && stored.lastError?.contains("mailbox unavailable") == true)
        let history = try await setup.s.history(of: Quote.self, quote.id, by: setup.me)
        #expect(history.contains { $0.field == "message" && $0.newValue?.hasPrefix("failed: refused 550") == true })

        setup.server.kill()
        let later = try await setup.s.send(.quote(quote.id), by: setup.me)
        #expect(try await setup.sender().deliverDue() == 1)
        stored = try #require(try await setup.outbox().first { $0.id == later.id })
        #expect(stored.status == .queued && stored.lastError?.contains("cannot connect") == true)
        try await setup.server.start()
        setup.world.clock.advance(seconds: MailSender.backoff(afterAttempts: 1) + 1)
        #expect(try await setup.sender().deliverDue() == 1)
        #expect(try await setup.outbox().first { $0.id == later.id }?.status == .sent)
    }

    @Test("a mail server killed (SIGKILL) while taking a message and restarted: every message is sent, the one sent twice with its Message-ID")
    func serverKilled() async throws {
        let setup = try await Setup(server: try await SMTPTestServer(dieAfter: 2))
        defer { setup.server.stop() }
        let quote = try await setup.quote()
        var queued: [OutgoingMessage] = []
        for _ in 0..<4 { queued.append(try await setup.s.send(.quote(quote.id), by: setup.me)) }
        let sender = setup.sender(batch: 1)
        for _ in 0..<4 { try await sender.deliverDue() }
        #expect(!setup.server.isRunning)
        try await setup.server.start()
        for _ in 0..<6 where try await setup.outbox().contains(where: { $0.status == .queued }) {
            setup.world.clock.advance(seconds: 3600)
            try await sender.deliverDue()
            try await sender.deliverDue()
        }
        let outbox = try await setup.outbox()
        #expect(outbox.count == 4 && outbox.allSatisfy { $0.status == .sent })
        let received = try setup.server.received()
        let ids = received.compactMap { $0["message_id"] as? String }
        #expect(Set(ids) == Set(queued.map(\.messageId)))
        #expect(received.count == 5)
        // The message the server took as it died came twice: the same Message-ID and the same bytes.
        let twice = try #require(queued.first { id in ids.filter { $0 == id.messageId }.count == 2 })
        let copies = received.enumerated().filter { $0.element["message_id"] as? String == twice.messageId }.map { $0.offset + 1 }
        #expect(copies.count == 2)
        #expect(try setup.server.raw(copies[0]) == (try setup.server.raw(copies[1])))
    }

    @Test("a message claimed by a server that died is sent by another once the claim runs out")
    func claimRunsOut() async throws {
        let setup = try await Setup()
        defer { setup.server.stop() }
        let quote = try await setup.quote()
        let message = try await setup.s.send(.quote(quote.id), by: setup.me)
        let now = setup.s.now
        let claimed = try await setup.s.store.write { tx in
            try await tx.claimDueMessages(claimant: "dead-server", now: now, until: now.addingTimeInterval(MailSender.claimFor), limit: 10)
        }
        #expect(claimed.count == 1)
        #expect(try await setup.sender().deliverDue() == 0)
        setup.world.clock.advance(seconds: MailSender.claimFor + 1)
        #expect(try await setup.sender().deliverDue() == 1)
        #expect(try setup.server.received(messageId: message.messageId).count == 1)
    }

    @Test("the customer's quote link: the quote alone, accepted once with a name and the terms, won with who and from where; the rest refused")
    func quoteLink() async throws {
        let setup = try await Setup(settings: { $0.acceptedQuotesBecomeOrders = true })
        defer { setup.server.stop() }
        let quote = try await setup.quote(validUntil: Day(setup.s.now).adding(days: 10))
        let message = try await setup.s.send(.quote(quote.id), by: setup.me)
        #expect(message.text.contains("https://crm.vendo-test.example/q/"))
        let token = try #require(message.text.components(separatedBy: "/q/").last?.prefix { !$0.isWhitespace }.description)
        #expect(token.count >= 40)
        let page = try await setup.s.publicQuote(token: token)
        #expect(page.document.number == quote.number && page.document.language == .fr && page.answer == nil)
        #expect(page.salespersonName == "Ada Admin")
        // The token is kept hashed.
        let stored = try await setup.s.store.read { tx in try await tx.quoteLink(tokenHash: token) }
        #expect(stored == nil)
        for bad in [token + "x", String(token.dropLast()) + (token.last == "A" ? "B" : "A"), "short"] {
            await #expect(throws: Services.QuoteLinkError.unknown) { _ = try await setup.s.publicQuote(token: bad) }
        }
        do {
            _ = try await setup.s.answerQuote(token: token, .init(accept: true, name: "Camille Lefèvre"))
            Issue.record("accepting needs the terms")
        } catch let error as ServiceError {
            #expect(error.fieldNames == ["terms"])
        }
        let accepted = try await setup.s.answerQuote(token: token, .init(accept: true, name: "Camille Lefèvre", purchaseOrder: "PO-778",
                                                                         acceptedTerms: true, clientAddress: "203.0.113.9"))
        #expect(accepted.answer?.kind == .accepted && accepted.answer?.name == "Camille Lefèvre")
        let won = try await setup.s.get(Quote.self, quote.id, by: setup.me)
        #expect(won.state == .won)
        let close = try #require(try await setup.s.closeRecords(regarding: quote.id.uuid).last)
        #expect(close.status == "won" && close.onlineAnswer?.address == "203.0.113.9" && close.onlineAnswer?.purchaseOrder == "PO-778")
        #expect(close.description?.contains("Camille Lefèvre") == true)
        let orders = try await setup.s.list(Order.self, ListQuery(filters: [:], limit: 10), by: setup.me).items
        #expect(orders.contains { $0.quoteId == quote.id })
        // The same answer again shows it; the other one is refused.
        #expect(try await setup.s.answerQuote(token: token, .init(accept: true, name: "Camille", acceptedTerms: true)).answer?.kind == .accepted)
        do {
            _ = try await setup.s.answerQuote(token: token, .init(accept: false, reason: "Trop cher"))
            Issue.record("declining after accepting is refused")
        } catch let error as ServiceError {
            #expect(error.code == "already_answered")
        }
        let bell = try await setup.s.notifications(by: setup.me)
        #expect(bell.page.items.contains { $0.event == "quoteAccepted" && $0.recordId == quote.id.uuid })
        // Answers are limited per client address: the 21st in ten minutes is refused.
        for _ in 0..<Services.answersPerWindow {
            _ = try await setup.s.answerQuote(token: token, .init(accept: true, name: "Camille", acceptedTerms: true, clientAddress: "198.51.100.7"))
        }
        do {
            _ = try await setup.s.answerQuote(token: token, .init(accept: true, name: "Camille", acceptedTerms: true, clientAddress: "198.51.100.7"))
            Issue.record("the answers of one address are limited")
        } catch let error as ServiceError {
            #expect(error.code == "rate_limited")
        }
    }

    @Test("a declined quote is lost with the reason; expired and revised quotes answer gone")
    func quoteLinkGone() async throws {
        let setup = try await Setup()
        defer { setup.server.stop() }
        func link(_ message: OutgoingMessage) throws -> String {
            try #require(message.text.components(separatedBy: "/q/").last?.prefix { !$0.isWhitespace }.description)
        }
        let declined = try await setup.quote()
        let token = try link(try await setup.s.send(.quote(declined.id), by: setup.me))
        _ = try await setup.s.answerQuote(token: token, .init(accept: false, reason: "Le budget est reporté"))
        let lost = try await setup.s.get(Quote.self, declined.id, by: setup.me)
        #expect(lost.state == .closed && lost.status == .lost)
        #expect(try await setup.s.closeRecords(regarding: declined.id.uuid).last?.description?.contains("Le budget est reporté") == true)

        let revised = try await setup.quote()
        let revisedToken = try link(try await setup.s.send(.quote(revised.id), by: setup.me))
        _ = try await setup.s.reviseQuote(revised.id, ifVersion: nil, by: setup.me)
        await #expect(throws: Services.QuoteLinkError.gone(.revised)) { _ = try await setup.s.publicQuote(token: revisedToken) }

        let short = try await setup.quote(validUntil: Day(setup.s.now))
        let shortToken = try link(try await setup.s.send(.quote(short.id), by: setup.me))
        #expect(try await setup.s.publicQuote(token: shortToken).answer == nil)
        setup.world.clock.advance(seconds: 2 * 86_400)
        await #expect(throws: Services.QuoteLinkError.gone(.expired)) {
            _ = try await setup.s.answerQuote(token: shortToken, .init(accept: true, name: "X", acceptedTerms: true))
        }
        #expect(try await setup.s.get(Quote.self, short.id, by: setup.me).state == .active)
    }

    @Test("a password reset: the same silence for unknown addresses, a single-use link for 30 minutes, every session ended")
    func passwordReset() async throws {
        let setup = try await Setup()
        defer { setup.server.stop() }
        _ = try await setup.s.createUser(name: "Sam Sales", email: "sam@example.com", role: .salesperson, locale: "fr",
                                         password: "an old password 2026", by: setup.me)
        let session = try await setup.s.signIn(email: "sam@example.com", password: "an old password 2026", address: "127.0.0.1")
        try await setup.s.requestPasswordReset(email: "nobody@example.com", clientAddress: "127.0.0.1")
        #expect(try await setup.outbox().isEmpty)
        try await setup.s.requestPasswordReset(email: "sam@example.com", clientAddress: "127.0.0.1")
        let message = try #require(try await setup.outbox().first)
        #expect(message.kind == .passwordReset && message.to == ["sam@example.com"] && message.subject.contains("mot de passe"))
        let token = try #require(message.text.components(separatedBy: "/password-reset/").last?.prefix { !$0.isWhitespace }.description)
        #expect(try await setup.s.isPasswordResetUsable(token: token))
        do {
            try await setup.s.resetPassword(token: token, newPassword: "short")
            Issue.record("a short password is refused")
        } catch let error as ServiceError {
            #expect(error.fieldNames == ["password"])
        }
        try await setup.s.resetPassword(token: token, newPassword: "a brand new password 2027")
        #expect(try await setup.s.session(secret: session.secret) == nil)
        _ = try await setup.s.signIn(email: "sam@example.com", password: "a brand new password 2027", address: "127.0.0.1")
        await #expect(throws: ServiceError.self) { try await setup.s.resetPassword(token: token, newPassword: "yet another password 2028") }
        try await setup.s.requestPasswordReset(email: "sam@example.com", clientAddress: "127.0.0.1")
        let second = try #require(try await setup.outbox().first { $0.id != message.id })
        let late = try #require(second.text.components(separatedBy: "/password-reset/").last?.prefix { !$0.isWhitespace }.description)
        setup.world.clock.advance(seconds: 31 * 60)
        #expect(try await setup.s.isPasswordResetUsable(token: late) == false)
        await #expect(throws: ServiceError.self) { try await setup.s.resetPassword(token: late, newPassword: "yet another password 2028") }
    }

    @Test("notifications: an assignment by someone else, at once by e-mail or in the daily message; tasks due and overdue invoices daily")
    func notifications() async throws {
        let setup = try await Setup()
        defer { setup.server.stop() }
        let sam = try await setup.s.createUser(name: "Sam Sales", email: "sam@example.com", role: .salesperson, by: setup.me)
        let dana = try await setup.s.createUser(name: "Dana Daily", email: "dana@example.com", role: .salesperson, locale: "fr", by: setup.me)
        let danaCaller = try await setup.s.caller(for: dana.id)
        _ = try await setup.s.updateMailPreferences(notificationEmails: .daily, signature: nil, by: danaCaller)
        let lead = try await setup.world.lead()
        _ = try await setup.s.reassign(Lead.self, lead.id, to: sam.id, ifVersion: nil, by: setup.me)
        let samCaller = try await setup.s.caller(for: sam.id)
        var bell = try await setup.s.notifications(by: samCaller)
        #expect(bell.unread == 1 && bell.page.items.first?.event == "leadAssigned" && bell.page.items.first?.recordId == lead.id.uuid)
        #expect(try await setup.outbox().contains { $0.kind == .notification && $0.to == ["sam@example.com"] && $0.text.contains("/leads/") })
        // Her own lead: no notification.
        _ = try await setup.s.createLead(LeadFields(topic: "Her own", lastName: "Own"), by: samCaller)
        #expect(try await setup.s.notifications(by: samCaller).unread == 1)
        let task = try await setup.s.createActivity(.task, regarding: .lead, lead.id.uuid,
                                                    fields: ActivityFields(subject: "Rappeler Camille", dueAt: setup.s.now), by: setup.me)
        _ = try await setup.s.reassign(Activity.self, task.id, to: dana.id, ifVersion: nil, by: setup.me)
        let danaBell = try await setup.s.notifications(by: danaCaller)
        #expect(danaBell.unread == 1 && danaBell.page.items.first?.event == "taskAssigned")
        #expect(try await setup.outbox().contains { $0.to == ["dana@example.com"] } == false)
        // An invoice of Sam's past its due date.
        var overdue = try await setup.invoice(lines: 1)
        overdue = try await setup.s.issueInvoice(overdue.id, ifVersion: nil, by: setup.me)
        _ = try await setup.s.reassign(Invoice.self, overdue.id, to: sam.id, ifVersion: nil, by: setup.me)
        try await setup.s.markNotificationRead(nil, by: samCaller)
        setup.world.clock.advance(seconds: 40 * 86_400)
        #expect(try await setup.s.runDailyNotifications())
        #expect(try await setup.s.runDailyNotifications() == false)
        let samDaily = try await setup.s.notifications(unreadOnly: true, by: samCaller)
        #expect(samDaily.page.items.map(\.event) == ["invoiceOverdue"] && samDaily.page.items.first?.recordId == overdue.id.uuid)
        let digest = try #require(try await setup.outbox().first { $0.to == ["dana@example.com"] })
        #expect(digest.subject.hasPrefix("Vendo : votre point du jour") && digest.text.contains("Tâche qui vous est attribuée : Rappeler Camille")
                && digest.text.contains("Tâche à faire : Rappeler Camille"))
        try await setup.s.markNotificationRead(samDaily.page.items.first?.id, by: samCaller)
        bell = try await setup.s.notifications(by: samCaller)
        #expect(bell.unread == 0)
        await #expect(throws: ServiceError.self) { try await setup.s.markNotificationRead(danaBell.page.items.first?.id, by: samCaller) }
    }

    @Test("a lead from a capture form is announced to whoever receives it")
    func capturedLead() async throws {
        let setup = try await Setup()
        defer { setup.server.stop() }
        _ = try await setup.s.createCaptureForm(CaptureFormFields(key: "salon", name: "Salon", fields: [CaptureField(name: "n", target: "lastName")]),
                                                by: setup.me)
        let result = try await setup.s.capture(formKey: "salon", values: ["n": "Visiteur"], address: "192.0.2.1", origin: nil)
        let bell = try await setup.s.notifications(by: setup.me)
        #expect(bell.unread == 1 && bell.page.items.first?.event == "capturedLead" && bell.page.items.first?.recordId == result.lead?.id.uuid)
    }

    @Test("templates: an edited French template is used and previewed; an unknown variable is refused")
    func templates() async throws {
        let setup = try await Setup()
        defer { setup.server.stop() }
        do {
            _ = try await setup.s.updateMailTemplate(.invoice, .fr, subject: "Facture {{numero}}", body: nil, by: setup.me)
            Issue.record("an unknown variable is refused")
        } catch let error as ServiceError {
            #expect(error.code == "unknown_variable")
        }
        let edited = try await setup.s.updateMailTemplate(.invoice, .fr, subject: "Votre facture {{documentNumber}} ({{total}})",
                                                          body: "Bonjour {{contactName}},\n\nCi-jointe.\n\n{{signature}}", by: setup.me)
        #expect(Services.preview(edited).subject == "Votre facture INV-2026-00042 (12\u{A0}480,00\u{A0}€)")
        let draft = try await setup.invoice(lines: 1)
        let message = try await setup.s.send(.invoice(draft.id), by: setup.me)
        let issued = try await setup.s.get(Invoice.self, draft.id, by: setup.me)
        #expect(message.subject == "Votre facture \(issued.number ?? "") (118,80\u{A0}€)")
        #expect(message.text.hasPrefix("Bonjour Camille Lefèvre,") && message.text.contains("Ada Admin"))
        let back = try await setup.s.updateMailTemplate(.invoice, .fr, subject: nil, body: nil, by: setup.me)
        #expect(back == .shipped(.invoice, .fr))
    }

    @Test("a reminder goes only for an overdue invoice with a balance")
    func reminder() async throws {
        let setup = try await Setup()
        defer { setup.server.stop() }
        let invoice = try await setup.s.issueInvoice(try await setup.invoice().id, ifVersion: nil, by: setup.me)
        do {
            _ = try await setup.s.send(.reminder(invoice.id), by: setup.me)
            Issue.record("an invoice not yet due gets no reminder")
        } catch let error as ServiceError {
            #expect(error.code == "not_overdue")
        }
        setup.world.clock.advance(seconds: 45 * 86_400)
        let reminder = try await setup.s.send(.reminder(invoice.id), by: setup.me)
        #expect(reminder.kind == .reminder && reminder.subject.hasPrefix("Relance : facture") && reminder.text.contains("15 jours"))
        // Logged on the invoice as sent by hand, outside the organisation's levels.
        let logged = try await setup.s.get(Invoice.self, invoice.id, by: setup.me).reminders
        #expect(logged.map(\.level) == [nil] && logged.first?.messageId == reminder.id && logged.first?.daysPastDue == 15)
        #expect(try await setup.sender().deliverDue() == 1)
        // The French subject, encoded on the wire (RFC 2047), reads back as it was written.
        #expect(try setup.server.received(messageId: reminder.messageId).first?["subject"] as? String == reminder.subject)
        let parts = try #require(try setup.server.received(messageId: reminder.messageId).first?["parts"] as? [[String: Any]])
        #expect(parts.last?["sha256"] as? String == Self.sha256(try await setup.s.pdf(ofInvoice: invoice.id, by: setup.me).bytes))
        // Paid in part, it is still overdue for the rest; paid in full, it is not.
        let (partial, _) = try await setup.s.recordPayment(on: invoice.id, PaymentInput(amount: 1), ifVersion: nil, by: setup.me)
        #expect(partial.status == .partial)
        #expect(try await setup.s.send(.reminder(invoice.id), by: setup.me).kind == .reminder)
        _ = try await setup.s.recordPayment(on: invoice.id, PaymentInput(amount: partial.amountDue), ifVersion: nil, by: setup.me)
        let settled = await #expect(throws: ServiceError.self) { try await setup.s.send(.reminder(invoice.id), by: setup.me) }
        #expect(settled?.code == "not_overdue")
    }
}
