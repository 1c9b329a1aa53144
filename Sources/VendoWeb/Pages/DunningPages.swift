import Foundation
import VendoCore
import VendoServices

struct RemindersModel {
    struct Row {
        let id: String
        let href: String
        let number: String
        let customerHref: String
        let customer: String
        let days: String
        let level: String
        let amount: String
        let charges: String
        let holdValue: String
    }
    struct Held { let href: String; let name: String; let since: String; let reason: String; let invoices: String; let value: String }
    let t: [String: String]
    let csrf: String
    let asOf: String
    let configured: Bool
    let automatic: Bool
    let admin: Bool
    let mayHold: Bool
    let rows: [Row]
    let hasRows: Bool
    let held: [Held]
    let hasHeld: Bool
}

/// The reminders due (docs/after-the-sale.md, dunning): chosen and sent in one go, customers put
/// on hold or let back; the levels are set under Settings → Reminders.
extension Pages {
    var dunningRoutes: [WebRoute] {
        [
            WebRoute(.get, "/reports/reminders", remindersPage),
            WebRoute(.post, "/reports/reminders", sendRemindersForm),
            WebRoute(.post, "/reports/reminders/hold", holdForm),
        ] + dunningSettingsRoutes
    }

    @Sendable func remindersPage(_ web: WebRequest) async throws -> WebResult {
        let session = try web.user()
        let t = web.language
        let formats = web.formats
        let run = try await services.dunningRun(by: session.caller)
        let rows = run.proposals.map { proposal in
            let pricing = proposal.invoice.pricing
            func money(_ value: Decimal) -> String { formats.money(value, pricing.currency, scale: pricing.currencyPrecision) }
            let days = run.policy.map { $0.levels[proposal.level - 1].days } ?? 0
            return RemindersModel.Row(
                id: proposal.invoice.id.description, href: "/invoices/\(proposal.invoice.id)", number: proposal.invoice.number ?? "",
                customerHref: Self.href(of: proposal.invoice.customer), customer: proposal.customerName, days: String(proposal.daysPastDue),
                level: t.text("reminders_levelOf", String(proposal.level), String(days)), amount: money(proposal.amountDue),
                charges: proposal.charges.isEmpty ? "—" : money(proposal.charges.total),
                holdValue: "\(proposal.invoice.customer.type):\(proposal.invoice.customer.id.uuidString.lowercased())")
        }
        let held = run.held.map { item in
            RemindersModel.Held(href: Self.href(of: item.customer), name: item.name, since: formats.day(item.hold.since),
                                reason: item.hold.reason ?? "", invoices: String(item.overdueInvoices),
                                value: "\(item.customer.type):\(item.customer.id.uuidString.lowercased())")
        }
        let model = RemindersModel(t: t.strings, csrf: session.csrfToken, asOf: formats.day(run.day),
                                   configured: !(run.policy?.levels.isEmpty ?? true), automatic: run.policy?.automatic ?? false,
                                   admin: session.user.role == .admin, mayHold: session.user.role != .salesperson, rows: rows,
                                   hasRows: !rows.isEmpty, held: held, hasHeld: !held.isEmpty)
        return .page(views.page(.reminders, model, title: t.text("reminders_title"), web, current: "/reports", bodyClass: "wide"))
    }

    /// Sends the reminders ticked; the flash says how many went and why the others did not.
    @Sendable func sendRemindersForm(_ web: WebRequest) async throws -> WebResult {
        let session = try web.user()
        let t = web.language
        let ids = web.fields("invoice").compactMap { UUID(uuidString: $0) }.map { ID<Invoice>($0) }
        if ids.isEmpty { return .redirect("/reports/reminders", flash: t.text("reminders_noneChosen")) }
        let outcomes = try await services.sendReminders(ids, by: session.caller)
        let sent = outcomes.filter { $0.record != nil }.count
        var flash = t.text("reminders_sent", String(sent))
        let failed = outcomes.compactMap { outcome in
            outcome.error.map { "\(outcome.invoiceNumber ?? outcome.invoiceId.description) (\(ErrorText.message(for: $0, t)))" }
        }
        if !failed.isEmpty { flash += " " + t.text("reminders_notSent", failed.joined(separator: "; ")) }
        return .redirect("/reports/reminders", flash: flash)
    }

    /// Puts a customer on hold (`hold` = `account:<id>`) or lets them back (`release`).
    @Sendable func holdForm(_ web: WebRequest) async throws -> WebResult {
        let session = try web.user()
        let t = web.language
        let hold = web.field("hold")
        guard let value = hold ?? web.field("release"), let customer = Self.customer(value) else {
            throw WebFailure.notFound
        }
        do {
            _ = try await services.setDunningHold(customer, reason: web.field("reason"), hold: hold != nil, by: session.caller)
        } catch {
            guard ServiceError.from(error) is ServiceError, !Self.isAccessError(error) else { throw error }
            return .redirect("/reports/reminders", flash: ErrorText.message(for: error, t))
        }
        return .redirect("/reports/reminders", flash: t.text(hold != nil ? "reminders_held" : "reminders_released"))
    }

    /// The page of an account or a contact.
    static func href(of customer: Customer) -> String {
        "/\(customer.type == "account" ? "accounts" : "contacts")/\(customer.id.uuidString.lowercased())"
    }

    static func customer(_ value: String) -> Customer? {
        let parts = value.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, let id = UUID(uuidString: parts[1]) else { return nil }
        switch parts[0] {
        case "account": return .account(ID(id))
        case "contact": return .contact(ID(id))
        default: return nil
        }
    }

    /// The customer page's facts about reminders: on hold, and the last one sent.
    func reminderFacts(_ customer: Customer, hold: DunningHold?, _ session: WebSession, _ web: WebRequest) async throws -> [Fact] {
        let t = web.language
        let formats = web.formats
        var facts: [Fact] = []
        if let hold {
            facts.append(Fact(label: t.text("reminders_title"),
                              value: t.text("reminders_onHoldSince", formats.day(hold.since)) + (hold.reason.map { " — \($0)" } ?? "")))
        }
        let sent = try await services.customerReminders(customer, by: session.caller)
        if let last = sent.first {
            let level = last.reminder.level.map { t.text("reminders_level", String($0)) } ?? t.text("reminders_byHand")
            facts.append(Fact(label: t.text("reminders_last"),
                              value: "\(last.invoice.number ?? "") — \(level), \(formats.day(last.reminder.date)) (\(sent.count))"))
        }
        return facts
    }
}
