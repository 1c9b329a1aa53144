import Foundation
import VendoCore
import VendoStore

/// One of the team's notifications, for the front ends.
public typealias TeamNotification = VendoStore.TeamNotification

/// What the team is told about.
public enum NotificationEvent: String, Sendable, CaseIterable {
    case leadAssigned, opportunityAssigned, taskAssigned, taskDue, quoteAccepted, quoteDeclined, invoiceOverdue, capturedLead,
         webhookFailing

    /// The sentence shown in the bell's list and in e-mails.
    public func sentence(_ title: String, _ language: Language) -> String {
        switch (self, language) {
        case (.leadAssigned, .en): return "Lead assigned to you: \(title)"
        case (.leadAssigned, .fr): return "Piste qui vous est attribuée : \(title)"
        case (.opportunityAssigned, .en): return "Opportunity assigned to you: \(title)"
        case (.opportunityAssigned, .fr): return "Opportunité qui vous est attribuée : \(title)"
        case (.taskAssigned, .en): return "Task assigned to you: \(title)"
        case (.taskAssigned, .fr): return "Tâche qui vous est attribuée : \(title)"
        case (.taskDue, .en): return "Task due: \(title)"
        case (.taskDue, .fr): return "Tâche à faire : \(title)"
        case (.quoteAccepted, .en): return "The customer accepted quote \(title)"
        case (.quoteAccepted, .fr): return "Le client a accepté le devis \(title)"
        case (.quoteDeclined, .en): return "The customer declined quote \(title)"
        case (.quoteDeclined, .fr): return "Le client a refusé le devis \(title)"
        case (.invoiceOverdue, .en): return "Invoice overdue: \(title)"
        case (.invoiceOverdue, .fr): return "Facture en retard : \(title)"
        case (.capturedLead, .en): return "New lead from a web form: \(title)"
        case (.capturedLead, .fr): return "Nouvelle piste d'un formulaire web : \(title)"
        case (.webhookFailing, .en): return "A webhook endpoint is failing: \(title)"
        case (.webhookFailing, .fr): return "Un webhook échoue : \(title)"
        }
    }
}

extension Services {
    /// The page of a record, from the server's root.
    public static func webPath(recordType: String, id: UUID) -> String? {
        // Activities and webhooks have no page of their own.
        let paths = ["lead": "leads", "opportunity": "opportunities", "quote": "quotes", "order": "orders", "invoice": "invoices",
                     "account": "accounts", "contact": "contacts"]
        return paths[recordType].map { "/\($0)/\(id.uuidString.lowercased())" }
    }

    /// Tells `user` about an event, unless they caused it themselves (`actor`); by e-mail at once
    /// when that is their choice and mail is set up. `dedupKey` makes it once only.
    func notify(_ user: ID<User>, _ event: NotificationEvent, about recordType: String?, _ recordId: UUID?, title: String,
                by actor: ID<User>?, dedupKey: String? = nil, in tx: Transaction) async throws {
        if let actor, actor == user { return }
        guard let recipient = try await tx.find(User.self, user), recipient.active else { return }
        var notification = TeamNotification(id: ids.next(), userId: user, event: event.rawValue, recordType: recordType, recordId: recordId,
                                            title: String(title.prefix(300)), createdAt: clock.now())
        guard try await tx.insertNotification(notification, dedupKey: dedupKey) else { return }
        let choice = recipient.notificationEmails ?? .immediately
        // Tasks due come in the daily message only.
        guard choice == .immediately, event != .taskDue, (try? await smtpConfiguration(in: tx)) != nil else { return }
        let language = Language(locale: recipient.locale)
        let base = try await publicURL(in: tx)
        var text = event.sentence(notification.title, language)
        if let base, let recordType, let recordId, let path = Self.webPath(recordType: recordType, id: recordId) { text += "\n\n\(base)\(path)" }
        let message = try await newMessage(.notification, to: [recipient.email], subject: event.sentence(notification.title, language),
                                           text: text, html: Self.html(fromText: text), in: tx)
        try await queue(message, by: nil, in: tx)
        notification.emailedAt = clock.now()
        try await tx.markNotificationsEmailed([notification.id], at: clock.now())
    }

    /// After a record is created or changed: its new owner hears of it when someone else gave it
    /// to them (leads, opportunities, tasks).
    func notifyAssignment<R: Record>(_ record: R, before: R?, by caller: Caller, in tx: Transaction) async throws {
        guard before == nil || before?.info.ownerId != record.info.ownerId else { return }
        let owner = record.info.ownerId
        if let lead = record as? Lead, lead.state == .open {
            try await notify(owner, .leadAssigned, about: Lead.recordType, lead.id.uuid, title: lead.fields.topic, by: caller.userId, in: tx)
        } else if let opportunity = record as? Opportunity, opportunity.state == .open {
            try await notify(owner, .opportunityAssigned, about: Opportunity.recordType, opportunity.id.uuid, title: opportunity.fields.name,
                             by: caller.userId, in: tx)
        } else if let task = record as? Activity, task.type == .task, task.state == .open {
            try await notify(owner, .taskAssigned, about: Activity.recordType, task.id.uuid, title: task.fields.subject, by: caller.userId, in: tx)
        }
    }

    // MARK: The bell

    public func notifications(unreadOnly: Bool = false, limit: Int = 50, cursor: String? = nil,
                              by caller: Caller) async throws -> (page: Page<TeamNotification>, unread: Int) {
        let size = max(1, min(limit, 200))
        let before = try cursor.map(Self.parseKeyset)
        return try await read { tx in
            let found = try await tx.notifications(of: caller.userId, unreadOnly: unreadOnly, before: before, limit: size + 1)
            let items = Array(found.prefix(size))
            let next = found.count > size ? items.last.map { Self.keyset($0.createdAt, $0.id) } : nil
            return (Page(items: items, nextCursor: next), try await tx.unreadNotificationCount(of: caller.userId))
        }
    }

    public func unreadNotificationCount(by caller: Caller) async throws -> Int {
        try await readEach { tx in try await tx.unreadNotificationCount(of: caller.userId) }
    }

    /// Marks one of the caller's notifications read (nil: all of them); 404 for another's.
    public func markNotificationRead(_ id: UUID?, by caller: Caller) async throws {
        let now = clock.now()
        try await writeAside { tx in
            if let id, try await tx.notification(id, of: caller.userId) == nil {
                throw ServiceError.notFound(recordType: "notification", id: id.uuidString.lowercased())
            }
            try await tx.markNotificationsRead(of: caller.userId, id: id, at: now)
        }
    }

    /// Changes how the caller hears of notifications by e-mail, and their signature.
    public func updateMailPreferences(notificationEmails: NotificationEmails?, signature: String??, by caller: Caller) async throws -> User {
        try await write(as: caller) { tx in
            let before = try await load(User.self, caller.userId, in: tx)
            var user = before
            if let notificationEmails { user.notificationEmails = notificationEmails }
            if let signature { user.signature = signature.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 } }
            try user.validate()
            if user == before { return before }
            let now = clock.now()
            user.info.touch(at: now)
            user.info.version = before.info.version + 1
            try await tx.update(user, expectedVersion: before.info.version)
            try await tx.appendHistory(RecordDiff.changes(from: before, to: user).map {
                HistoryEntry(id: ids.next(), recordType: User.recordType, recordId: user.id.uuid, at: now, userId: caller.userId,
                             action: "update", field: $0.field, oldValue: $0.oldValue, newValue: $0.newValue)
            })
            return user
        }
    }

    // MARK: The daily round

    /// Once a day on whichever server comes first: tasks due today or overdue, invoices gone
    /// overdue, and the daily e-mail of every user who has not chosen "never". Returns false
    /// when today's round was done already.
    @discardableResult
    public func runDailyNotifications() async throws -> Bool {
        let now = clock.now()
        let day = today
        guard try await writeAside({ tx in try await tx.claimDailyRun("notifications", day: day.description, at: now) }) else { return false }
        try await writeAside { tx in
            for task in try await tx.records(Activity.self, inState: "open") where task.type == .task {
                guard let due = task.fields.dueAt, Day(due) <= day else { continue }
                try await notify(task.info.ownerId, .taskDue, about: Activity.recordType, task.id.uuid, title: task.fields.subject, by: nil,
                                 dedupKey: "taskDue:\(task.id):\(day)", in: tx)
            }
            for invoice in try await tx.records(Invoice.self, inState: "active") where invoice.kind == .invoice {
                guard let due = invoice.fields.dueDate, due < day, invoice.amountDue > 0 else { continue }
                try await notify(invoice.info.ownerId, .invoiceOverdue, about: Invoice.recordType, invoice.id.uuid,
                                 title: (invoice.number ?? "") + " — " + invoice.fields.name, by: nil, dedupKey: "invoiceOverdue:\(invoice.id)", in: tx)
            }
        }
        try await sendDigests()
        return true
    }

    /// One message per user with what they have not been e-mailed yet.
    func sendDigests() async throws {
        let now = clock.now()
        try await writeAside { tx in
            let pending = try await tx.notificationsToEmail(before: now, limit: 10_000)
            guard !pending.isEmpty else { return }
            let configured = (try? await smtpConfiguration(in: tx)) != nil
            let base = try await publicURL(in: tx)
            for (userId, items) in Dictionary(grouping: pending, by: \.userId) {
                guard let user = try await tx.find(User.self, userId) else { continue }
                let choice = user.notificationEmails ?? .immediately
                if choice != .never, user.active, configured {
                    let language = Language(locale: user.locale)
                    var lines: [String] = [language == .fr ? "Bonjour \(user.name)," : "Hello \(user.name),", ""]
                    for item in items.sorted(by: { $0.createdAt < $1.createdAt }) {
                        let event = NotificationEvent(rawValue: item.event) ?? .taskDue
                        var line = "- " + event.sentence(item.title, language)
                        if let base, let type = item.recordType, let id = item.recordId, let path = Self.webPath(recordType: type, id: id) {
                            line += "\n  \(base)\(path)"
                        }
                        lines.append(line)
                    }
                    let text = lines.joined(separator: "\n")
                    let subject = language == .fr ? "Vendo : votre point du jour (\(items.count))" : "Vendo: your day (\(items.count))"
                    let message = try await newMessage(.notification, to: [user.email], subject: subject, text: text,
                                                       html: Self.html(fromText: text), in: tx)
                    try await queue(message, by: nil, in: tx)
                }
                try await tx.markNotificationsEmailed(items.map(\.id), at: now)
            }
        }
    }
}

/// Runs the daily round of notifications once a day, from `hour` (UTC) on, on whichever server
/// comes first.
public struct DailyNotifications: Sendable {
    let services: Services
    let hour: Int

    public init(services: Services, hour: Int = 6) {
        self.services = services
        self.hour = hour
    }

    public func run() async {
        // The day this server last found the round done, so that it asks the database once a day.
        var done: Day?
        while !Task.isCancelled {
            let now = services.now
            let seconds = Int(now.timeIntervalSince1970) % 86_400
            if seconds >= hour * 3600 && done != Day(now) {
                if (try? await services.runDailyNotifications()) != nil { done = Day(now) }
            }
            try? await Task.sleep(for: .seconds(60))
        }
    }
}
