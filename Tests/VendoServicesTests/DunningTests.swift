import Foundation
import Testing
@testable import VendoCore
@testable import VendoServices
@testable import VendoStore
import VendoTestSupport

/// Dunning with a fixed clock: the levels the days past due reach, each sent once with its own
/// message, late-payment interest and the recovery indemnity on an invoice of their own,
/// customers on hold, and the servers' daily run.
@Suite("Dunning: reminder levels, late-payment charges, holds and the daily run", .serialized)
struct DunningTests {
    typealias Setup = MailTests.Setup

    static let days: TimeInterval = 86_400

    /// 7 days: a reminder of its own words; 21: interest at 12 %; 45: interest and the indemnity.
    static func policy(automatic: Bool = false) -> DunningPolicy {
        DunningPolicy(levels: [
            DunningLevel(days: 7, templates: [MailTemplate(kind: .reminder, language: .fr, subject: "Premier rappel : {{documentNumber}}",
                                                           body: "Bonjour,\n\n{{documentNumber}} : {{amountDue}} restent dus (niveau {{reminderLevel}}).")]),
            DunningLevel(days: 21, interestRate: 12),
            DunningLevel(days: 45, interestRate: 12, indemnity: true),
        ], automatic: automatic)
    }

    static func setUp(automatic: Bool = false) async throws -> Setup {
        try await Setup(settings: { $0.dunning = policy(automatic: automatic) })
    }

    static func proposal(_ run: DunningRun, _ id: ID<Invoice>) -> ReminderProposal? { run.proposals.first { $0.invoice.id == id } }

    @Test("each level is proposed once its days are reached and sent once; interest and the indemnity go on an invoice not subject to VAT")
    func levels() async throws {
        let setup = try await Self.setUp()
        defer { setup.server.stop() }
        let s = setup.s, me = setup.me
        // 237.60 € due 30 days after issue.
        let invoice = try await s.issueInvoice(try await setup.invoice().id, ifVersion: nil, by: me)
        #expect(invoice.pricing.totals.totalAmount == Decimal(string: "237.60"))
        setup.world.clock.advance(seconds: 36 * Self.days)
        #expect(Self.proposal(try await s.dunningRun(by: me), invoice.id) == nil)

        // 7 days past due: the first level, with its own French message and no charges.
        setup.world.clock.advance(seconds: Self.days)
        let first = try #require(Self.proposal(try await s.dunningRun(by: me), invoice.id))
        #expect(first.level == 1 && first.daysPastDue == 7 && first.charges.isEmpty && first.amountDue == Decimal(string: "237.60"))
        let sent = try await s.sendReminders([invoice.id], by: me)
        let record = try #require(sent.first?.record)
        #expect(record.level == 1 && record.levelDays == 7 && record.chargeInvoiceId == nil && record.daysPastDue == 7)
        let message = try #require(try await setup.outbox(regarding: invoice.id.uuid).first { $0.id == record.messageId })
        #expect(message.kind == .reminder && message.subject == "Premier rappel : \(invoice.number ?? "")")
        #expect(message.text.contains("237,60\u{A0}€ restent dus (niveau 1)") && message.to == ["compta@lefevre.example"])
        // Sent once: the same day proposes nothing more, and sending again is refused.
        #expect(Self.proposal(try await s.dunningRun(by: me), invoice.id) == nil)
        let again = try await s.sendReminders([invoice.id], by: me)
        #expect(again.first?.record == nil && (again.first?.error as? ServiceError)?.code == "no_reminder_due")

        // 21 days: interest at 12 % a year for 21 days on 237.60 = 1.6404… → 1.64, invoiced on its own.
        setup.world.clock.advance(seconds: 14 * Self.days)
        let second = try #require(Self.proposal(try await s.dunningRun(by: me), invoice.id))
        #expect(second.level == 2 && second.charges.interest == Decimal(string: "1.64") && second.charges.indemnity == 0)
        let (afterSecond, secondRecord) = try await s.sendReminder(invoice.id, by: me)
        #expect(afterSecond.reminders.count == 2 && secondRecord.interest == Decimal(string: "1.64") && secondRecord.indemnity == nil)
        let charges = try await s.get(Invoice.self, try #require(secondRecord.chargeInvoiceId), by: me)
        #expect(charges.state == .active && charges.number == secondRecord.chargeInvoiceNumber && charges.lateChargesOf == invoice.id)
        #expect(charges.pricing.totals.totalAmount == Decimal(string: "1.64") && charges.pricing.totals.totalTax == 0)
        #expect(charges.pricing.lines.map(\.fields.taxCategory) == [.O] && charges.customer == invoice.customer)
        #expect(charges.fields.name.contains(invoice.number ?? "-") && charges.fields.dueDate == Day(setup.world.clock.now()))
        // The store knows the invoice of charges holds the late invoice (for deletes and copies between engines).
        #expect(try await s.store.read { tx in try await tx.refusingReferences(to: "invoice", invoice.id.uuid) } == ["invoice"])
        let reminder = try #require(try await setup.outbox(regarding: invoice.id.uuid).first { $0.id == secondRecord.messageId })
        #expect(reminder.text.contains("pénalités de retard de 1,64\u{A0}€") && reminder.text.contains(charges.number ?? "-"))
        // The organisation's reminder template is used where the level has none; the charges go too.
        #expect(reminder.subject.hasPrefix("Relance : facture"))
        let chargesMessage = try #require(try await setup.outbox(regarding: charges.id.uuid).first)
        #expect(chargesMessage.kind == .invoice && chargesMessage.to == reminder.to)
        // Both reach the real server, each with its PDF: the late invoice, and the invoice of charges as kept.
        #expect(try await setup.sender().deliverDue() == 3)
        let received = try setup.server.received(messageId: chargesMessage.messageId)
        let parts = try #require(received.first?["parts"] as? [[String: Any]])
        #expect(parts.last?["sha256"] as? String == MailTests.sha256(try await s.pdf(ofInvoice: charges.id, by: me).bytes))
        #expect(try setup.server.received(messageId: reminder.messageId).first?["subject"] as? String == reminder.subject)

        // Paid in part; at 45 days interest runs from the last charge on what is left, and the indemnity is due once.
        _ = try await s.recordPayment(on: invoice.id, PaymentInput(amount: 100), ifVersion: nil, by: me)
        setup.world.clock.advance(seconds: 24 * Self.days)
        let third = try #require(Self.proposal(try await s.dunningRun(by: me), invoice.id))
        // 137.60 × 12 % × 24 / 365 = 1.0857… → 1.09; the indemnity is 40 € from a business customer.
        #expect(third.level == 3 && third.amountDue == Decimal(string: "137.60"))
        #expect(third.charges.interest == Decimal(string: "1.09") && third.charges.indemnity == 40)
        // The invoice of charges is overdue too: reminded without charges of its own.
        let chargesDue = try #require(Self.proposal(try await s.dunningRun(by: me), charges.id))
        #expect(chargesDue.level == 2 && chargesDue.charges.isEmpty)
        let (_, thirdRecord) = try await s.sendReminder(invoice.id, by: me)
        let moreCharges = try await s.get(Invoice.self, try #require(thirdRecord.chargeInvoiceId), by: me)
        #expect(moreCharges.pricing.totals.totalAmount == Decimal(string: "41.09") && moreCharges.pricing.lines.count == 2)

        // Every level sent: nothing more, however late; a new later level with the indemnity charges interest only.
        setup.world.clock.advance(seconds: 30 * Self.days)
        #expect(Self.proposal(try await s.dunningRun(by: me), invoice.id) == nil)
        _ = try await s.updateSettings(ifVersion: nil, by: me) { $0.dunning?.levels.append(DunningLevel(days: 60, interestRate: 12, indemnity: true)) }
        let fourth = try #require(Self.proposal(try await s.dunningRun(by: me), invoice.id))
        #expect(fourth.level == 4 && fourth.charges.indemnity == 0 && fourth.charges.interest > 0)
        // A level added before those sent is never proposed: the furthest sent counts.
        _ = try await s.updateSettings(ifVersion: nil, by: me) { $0.dunning?.levels.removeLast() }
        _ = try await s.updateSettings(ifVersion: nil, by: me) { $0.dunning?.levels.insert(DunningLevel(days: 30), at: 2) }
        #expect(Self.proposal(try await s.dunningRun(by: me), invoice.id) == nil)

        // The history keeps every reminder; paid in full, the invoice is reminded no more.
        let history = try await s.history(of: Invoice.self, invoice.id, by: me)
        #expect(Set(history.filter { $0.action == "remind" }.map(\.at)).count == 3)
        let current = try await s.get(Invoice.self, invoice.id, by: me)
        _ = try await s.recordPayment(on: invoice.id, PaymentInput(amount: current.amountDue), ifVersion: nil, by: me)
        let paid = try await s.sendReminders([invoice.id], by: me)
        #expect((paid.first?.error as? ServiceError)?.code == "no_reminder_due")
    }

    @Test("a customer on hold gets no reminder until released; a person is charged no indemnity; only managers and admins hold")
    func holds() async throws {
        let setup = try await Self.setUp()
        defer { setup.server.stop() }
        let s = setup.s, me = setup.me
        let company = try await s.issueInvoice(try await setup.invoice().id, ifVersion: nil, by: me)
        var personFields = ContactFields(firstName: "Louis", lastName: "Martin", email: "louis@martin.example")
        personFields.address = Address(line1: "3 rue des Lilas", city: "Nantes", postalCode: "44000", country: "France")
        let person = try await s.createContact(personFields, by: me)
        var draft = try await s.createInvoice(InvoiceFields(name: "Réparation"), customer: .contact(person.id), by: me)
        draft = try await s.addLine(to: Invoice.self, draft.id, LineFields(writeInName: "Main d'œuvre", quantity: 1, pricePerUnit: 500, taxRate: 20),
                                    ifVersion: nil, by: me)
        let personal = try await s.issueInvoice(draft.id, ifVersion: nil, by: me)
        setup.world.clock.advance(seconds: 80 * Self.days)

        let run = try await s.dunningRun(by: me)
        #expect(Self.proposal(run, company.id)?.charges.indemnity == 40)
        let private_ = try #require(Self.proposal(run, personal.id))
        #expect(private_.level == 3 && private_.charges.indemnity == 0 && private_.charges.interest > 0)

        // A salesperson does not hold even a customer of their own.
        let sam = try await s.createUser(name: "Sam", email: "sam@example.com", role: .salesperson, by: me)
        let samCaller = try await s.caller(for: sam.id)
        let own = try await s.createAccount(AccountFields(name: "Chez Sam"), by: samCaller)
        let refused = await #expect(throws: ServiceError.self) {
            try await s.setDunningHold(.account(own.id), reason: nil, hold: true, by: samCaller)
        }
        #expect(refused?.code == "forbidden")
        let hold = try await s.setDunningHold(.account(setup.account.id), reason: "Litige sur la livraison", hold: true, by: me)
        #expect(hold?.reason == "Litige sur la livraison" && hold?.since == Day(setup.world.clock.now()))
        let held = try await s.dunningRun(by: me)
        #expect(Self.proposal(held, company.id) == nil && Self.proposal(held, personal.id) != nil)
        #expect(held.held.map(\.name) == ["Maison Lefèvre SARL"] && held.held.first?.overdueInvoices == 1)
        let blocked = try await s.sendReminders([company.id, personal.id], by: me)
        #expect((blocked[0].error as? ServiceError)?.code == "customer_on_hold" && blocked[1].record != nil)
        #expect(try await s.get(Account.self, setup.account.id, by: me).dunningHold?.reason == "Litige sur la livraison")
        #expect(try await s.history(of: Account.self, setup.account.id, by: me).contains { $0.action == "holdReminders" })

        #expect(try await s.setDunningHold(.account(setup.account.id), reason: nil, hold: false, by: me) == nil)
        #expect(Self.proposal(try await s.dunningRun(by: me), company.id)?.level == 3)
        #expect(try await s.customerReminders(.contact(person.id), by: me).count == 1)
        // Logged on the customer too, with the invoice of charges.
        let logged = try await s.history(of: Contact.self, person.id, by: me).filter { $0.action == "remind" }
        let personalCharges = try #require(blocked[1].record?.chargeInvoiceNumber)
        #expect(logged.map(\.newValue) == ["\(personal.number ?? "") (+ \(personalCharges))"] && logged.first?.field == "reminder")
    }

    @Test("the servers' run sends the reminders due only when the organisation lets them go, and never twice")
    func dailyRun() async throws {
        let setup = try await Self.setUp(automatic: false)
        defer { setup.server.stop() }
        let s = setup.s, me = setup.me
        let invoice = try await s.issueInvoice(try await setup.invoice().id, ifVersion: nil, by: me)
        setup.world.clock.advance(seconds: 40 * Self.days)
        #expect(try await s.sendDueReminders() == 0)
        #expect(try await s.get(Invoice.self, invoice.id, by: me).reminders.isEmpty)
        _ = try await s.updateSettings(ifVersion: nil, by: me) { $0.dunning?.automatic = true }
        #expect(try await s.sendDueReminders() == 1)
        #expect(try await s.sendDueReminders() == 0)
        let reminded = try await s.get(Invoice.self, invoice.id, by: me)
        // Sent by the servers: no person, the level reached (10 days past due → the first).
        #expect(reminded.reminders.map(\.level) == [1] && reminded.reminders.first?.sentBy == nil)
        let message = try #require(try await setup.outbox(regarding: invoice.id.uuid).first)
        // The message goes in the name of the invoice's owner, who gets the answers.
        #expect(message.senderId == me.userId && message.subject == "Premier rappel : \(invoice.number ?? "")")
        // Through the housekeeping round every server runs.
        setup.world.clock.advance(seconds: 15 * Self.days)
        await Housekeeping(services: s).runDue()
        #expect(try await s.get(Invoice.self, invoice.id, by: me).reminders.map(\.level) == [1, 2])
    }

    @Test("levels are checked: increasing days, rates, one message per language, known variables")
    func policyValidation() async throws {
        var settings = OrganisationSettings()
        settings.dunning = DunningPolicy(levels: [
            DunningLevel(days: 15), DunningLevel(days: 15, interestRate: -1),
            DunningLevel(days: 4000, templates: [MailTemplate(kind: .reminder, language: .en, subject: "Hi {{nom}}", body: "b"),
                                                 MailTemplate(kind: .reminder, language: .en, subject: "s", body: "b")]),
        ], indemnityAmount: Decimal(string: "40.123456"))
        var fields: [String] = []
        do { try settings.validate() } catch { fields = error.fieldErrors.map(\.field) }
        #expect(fields == ["dunning.levels[1].days", "dunning.levels[1].interestRate", "dunning.levels[2].days",
                           "dunning.levels[2].templates[0].subject", "dunning.levels[2].templates[1].language", "dunning.indemnityAmount"])
    }
}
