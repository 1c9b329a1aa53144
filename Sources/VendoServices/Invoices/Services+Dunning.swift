import Foundation
import VendoCore
import VendoStore

/// A reminder the organisation's levels make due on a day, with what it would charge.
public struct ReminderProposal: Sendable, Equatable {
    public var invoice: Invoice
    public var customerName: String
    /// 1 for the policy's first level.
    public var level: Int
    public var daysPastDue: Int
    public var amountDue: Decimal
    public var charges: LateCharges
}

/// A customer kept out of reminders, with what they owe past due.
public struct HeldCustomer: Sendable, Equatable {
    public var customer: Customer
    public var name: String
    public var hold: DunningHold
    public var overdueInvoices: Int
}

/// The reminders due on a day, and the customers held out of them.
public struct DunningRun: Sendable, Equatable {
    public var day: Day
    /// Nil while the organisation has set no levels.
    public var policy: DunningPolicy?
    public var proposals: [ReminderProposal]
    public var held: [HeldCustomer]
}

/// What became of one reminder of a batch.
public struct ReminderOutcome: Sendable {
    public var invoiceId: ID<Invoice>
    public var invoiceNumber: String?
    /// The invoice as saved, when the reminder went.
    public var invoice: Invoice?
    public var record: ReminderRecord?
    /// Why it did not go.
    public var error: (any Error)?
}

/// SALES-PROCESS.md §12, dunning: the organisation's reminder levels, the reminders they make
/// due, sending them with their late-payment charges, and customers held out of them.
extension Services {
    /// The reminders due on `day` (default today) over the invoices the caller may see, the
    /// latest first, and the customers on hold.
    public func dunningRun(on day: Day? = nil, _ filter: ReportFilter = ReportFilter(), by caller: Caller) async throws -> DunningRun {
        try await read(as: caller) { tx in
            let (scope, _) = try await reportScope(filter, by: caller, in: tx)
            let day = day ?? today
            let policy = try await settings(in: tx).dunning
            let invoices = try await tx.issuedInvoices(through: day, owners: scope.owners).filter { $0.isOverdue(on: day) }
            // Each customer read once, for its name and its hold.
            var customers: [UUID: (name: String, hold: DunningHold?)] = [:]
            for invoice in invoices where customers[invoice.customer.id] == nil {
                switch invoice.customer {
                case .account(let id):
                    let account = try await tx.find(Account.self, id)
                    customers[invoice.customer.id] = (account?.fields.name ?? "", account?.dunningHold)
                case .contact(let id):
                    let contact = try await tx.find(Contact.self, id)
                    customers[invoice.customer.id] = (contact?.fullName ?? "", contact?.dunningHold)
                }
            }
            let names = customers.mapValues(\.name)
            var proposals: [ReminderProposal] = []
            var held: [UUID: HeldCustomer] = [:]
            for invoice in invoices {
                if let hold = customers[invoice.customer.id]?.hold {
                    held[invoice.customer.id, default: HeldCustomer(customer: invoice.customer, name: names[invoice.customer.id] ?? "",
                                                                    hold: hold, overdueInvoices: 0)].overdueInvoices += 1
                    continue
                }
                guard let policy, let level = invoice.reminderLevelDue(policy, on: day) else { continue }
                let charges = invoice.lateCharges(policy.levels[level - 1], policy, on: day, businessCustomer: invoice.customer.isAccount)
                proposals.append(ReminderProposal(invoice: invoice, customerName: names[invoice.customer.id] ?? "", level: level,
                                                  daysPastDue: invoice.daysPastDue(on: day) ?? 0, amountDue: invoice.amountDue,
                                                  charges: charges))
            }
            proposals.sort { ($0.daysPastDue, $1.invoice.number ?? "") > ($1.daysPastDue, $0.invoice.number ?? "") }
            let heldList = held.values.sorted { $0.name.localizedStandardCompare($1.name) == .orderedAscending }
            return DunningRun(day: day, policy: policy, proposals: proposals, held: heldList)
        }
    }

    /// Sends the reminder due of each invoice, one transaction each: a failure (nothing due any
    /// more, a customer put on hold, an invoice of charges that cannot be issued) leaves the
    /// others sent.
    public func sendReminders(_ ids: [ID<Invoice>], by caller: Caller) async throws -> [ReminderOutcome] {
        if ids.isEmpty { throw ServiceError.invalid("invoiceIds", "required", "choose at least one invoice") }
        if ids.count > 500 { throw ServiceError.invalid("invoiceIds", "too_many", "at most 500 reminders at once") }
        var outcomes: [ReminderOutcome] = []
        var seen: Set<ID<Invoice>> = []
        for id in ids where seen.insert(id).inserted {
            do {
                let (invoice, record) = try await sendReminder(id, by: caller)
                outcomes.append(ReminderOutcome(invoiceId: id, invoiceNumber: invoice.number, invoice: invoice, record: record))
            } catch {
                let number = try? await read(as: caller) { tx in try await tx.find(Invoice.self, id)?.number }
                outcomes.append(ReminderOutcome(invoiceId: id, invoiceNumber: number ?? nil, error: error))
            }
        }
        return outcomes
    }

    /// Sends the reminders due today when the organisation lets them go on their own: what
    /// every server does once an hour. A level is sent once per invoice, so the servers never
    /// send one twice. Returns how many went.
    @discardableResult
    public func sendDueReminders() async throws -> Int {
        let caller = Caller.system
        let policy = try await read(as: caller) { tx in try await settings(in: tx).dunning }
        guard let policy, policy.automatic == true, try await mailConfiguration(by: caller).settings != nil else { return 0 }
        let run = try await dunningRun(by: caller)
        let outcomes = run.proposals.isEmpty ? [] : try await sendReminders(run.proposals.map(\.invoice.id), by: caller)
        return outcomes.filter { $0.record != nil }.count
    }

    /// Sends the reminder of the level due on one invoice, with its late-payment charges.
    public func sendReminder(_ id: ID<Invoice>, by caller: Caller) async throws -> (Invoice, ReminderRecord) {
        let (invoice, record) = try await write(as: caller) { tx -> (Invoice, ReminderRecord) in
            let before = try await load(Invoice.self, id, in: tx)
            try ensureAllowed(.action("remind"), before, by: caller)
            _ = try await smtpConfiguration(in: tx)
            let settings = try await settings(in: tx)
            guard let policy = settings.dunning, !policy.levels.isEmpty else {
                throw ServiceError.conflict(code: "dunning_not_configured", message: "the organisation has set no reminder levels", related: [])
            }
            if try await dunningHold(of: before.customer, in: tx) != nil {
                throw ServiceError.conflict(code: "customer_on_hold", message: "the customer is kept out of reminders", related: [])
            }
            guard let levelNumber = before.reminderLevelDue(policy, on: today), let late = before.daysPastDue(on: today) else {
                throw ServiceError.conflict(code: "no_reminder_due", message: "no reminder level is due on this invoice today", related: [])
            }
            let level = policy.levels[levelNumber - 1]
            let charges = before.lateCharges(level, policy, on: today, businessCustomer: before.customer.isAccount)
            var record = ReminderRecord(level: levelNumber, date: today, sentAt: clock.now(), sentBy: caller.sender,
                                        daysPastDue: late, amountDue: before.amountDue)
            record.levelDays = level.days
            var context = try await sendContext(.reminder(id), in: tx)
            let formats = Formats(context.language)
            let money = { (value: Decimal) in formats.money(value, before.pricing.currency, scale: before.pricing.currencyPrecision) }
            context.variables["reminderLevel"] = String(levelNumber)
            var chargeInvoice: Invoice?
            if !charges.isEmpty {
                let issued = try await issueLateCharges(charges, of: before, language: context.language, by: caller, in: tx)
                chargeInvoice = issued
                record.chargeInvoiceId = issued.id
                record.chargeInvoiceNumber = issued.number
                record.interest = charges.interest == 0 ? nil : charges.interest
                record.indemnity = charges.indemnity == 0 ? nil : charges.indemnity
                context.variables["lateCharges"] = money(charges.total)
                context.variables["chargesNumber"] = issued.number ?? ""
            }
            let template = level.template(context.language) ?? settings.mailTemplate(.reminder, context.language)
            let request = SendRequest(subject: Self.render(template.subject, context.variables), body: Self.render(template.body, context.variables))
            let message = try await queueDocumentMessage(.reminder(id), request, by: caller, in: tx)
            record.messageId = message.id
            if let chargeInvoice {
                _ = try await queueDocumentMessage(.invoice(chargeInvoice.id), SendRequest(to: message.to, cc: message.cc), by: caller, in: tx)
            }
            let saved = try await change(Invoice.self, id, ifVersion: nil, by: caller, action: "remind", in: tx) { invoice in
                try invoice.logReminder(record)
            }
            try await logOnCustomer(saved, record, by: caller, in: tx)
            return (saved, record)
        }
        if let charges = record.chargeInvoiceId { await keepDocuments(of: [charges], by: caller) }
        return (invoice, record)
    }

    /// Issues the invoice of a reminder's charges: not subject to VAT (category O), so on an
    /// invoice of its own, in the late invoice's currency and rate, due on receipt.
    private func issueLateCharges(_ charges: LateCharges, of late: Invoice, language: Language, by caller: Caller,
                                  in tx: Transaction) async throws -> Invoice {
        let number = late.number ?? ""
        let fr = language == .fr
        var fields = InvoiceFields(name: fr ? "Pénalités de retard – facture \(number)" : "Late-payment charges – invoice \(number)",
                                   contactId: late.fields.contactId)
        fields.dueDate = today
        var lines: [LineFields] = []
        if charges.interest > 0 {
            let rate = Formats(language).number(charges.interestRate, scale: 2)
            var line = LineFields(writeInName: fr ? "Intérêts de retard" : "Late-payment interest", quantity: 1,
                                  pricePerUnit: charges.interest, taxRate: 0)
            line.description = fr ? "Facture \(number) : \(charges.interestDays) jours à \(rate) % l'an sur le solde dû"
                : "Invoice \(number): \(charges.interestDays) days at \(rate) % a year on the balance due"
            lines.append(line)
        }
        if charges.indemnity > 0 {
            var line = LineFields(writeInName: fr ? "Indemnité forfaitaire pour frais de recouvrement" : "Fixed recovery indemnity",
                                  quantity: 1, pricePerUnit: charges.indemnity, taxRate: 0)
            line.description = fr ? "Facture \(number) (articles L441-10 et D441-5 du Code de commerce)"
                : "Invoice \(number) (articles L441-10 and D441-5 of the French Code de commerce)"
            lines.append(line)
        }
        var pricing = Pricing(currency: late.pricing.currency, exchangeRate: late.pricing.exchangeRate, fields: PricingFields(), lines: [])
        let context = try await amountsContext(currency: late.pricing.currency, in: tx)
        try pricing.recalculate(context)
        var info = newInfo(caller)
        info.ownerId = late.info.ownerId
        var invoice = try Invoice(id: newID(), info: info, orderId: nil, opportunityId: late.opportunityId, customer: late.customer,
                                  fields: fields, pricing: pricing)
        invoice.markAsLateCharges(of: late.id)
        for var fields in lines {
            fields.taxCategory = .O
            try invoice.addLine(try await priceLine(fields, id: newID(), on: invoice.pricing, in: tx), context)
        }
        let inserted = try await insert(invoice, by: caller, in: tx, requiring: false)
        return try await issue(inserted.id, ifVersion: nil, by: caller, in: tx)
    }

    /// Keeps a customer out of reminders, or lets them back in (`hold` nil): a manager's or an
    /// admin's decision, as corrections are.
    public func setDunningHold(_ customer: Customer, reason: String?, hold: Bool, by caller: Caller) async throws -> DunningHold? {
        var check = Validator()
        check.text(reason, "reason", maxLength: 1000)
        try check.check()
        let value = hold ? DunningHold(since: today, reason: reason?.trimmingWhitespace().isEmpty ?? true ? nil : reason, by: caller.userId) : nil
        return try await write(as: caller) { tx in
            switch customer {
            case .account(let id):
                let account = try await load(Account.self, id, in: tx)
                try ensureHolds(account, by: caller)
                _ = try await change(Account.self, id, ifVersion: nil, by: caller, action: hold ? "holdReminders" : "releaseReminders",
                                     in: tx) { $0.dunningHold = value }
            case .contact(let id):
                let contact = try await load(Contact.self, id, in: tx)
                try ensureHolds(contact, by: caller)
                _ = try await change(Contact.self, id, ifVersion: nil, by: caller, action: hold ? "holdReminders" : "releaseReminders",
                                     in: tx) { $0.dunningHold = value }
            }
            return value
        }
    }

    /// The reminders sent to a customer, the latest first, over the invoices the caller may see.
    public func customerReminders(_ customer: Customer, by caller: Caller) async throws -> [(invoice: Invoice, reminder: ReminderRecord)] {
        try await read(as: caller) { tx in
            let owners = AccessPolicy.visibleOwners(caller.principal, kind: .owned)
            let invoices = try await tx.issuedInvoices(through: today, owners: owners, customerId: customer.id)
            return invoices.flatMap { invoice in invoice.reminders.map { (invoice, $0) } }.sorted { $0.reminder.sentAt > $1.reminder.sentAt }
        }
    }

    /// The reminder in the customer's history too: the invoice, and the invoice of charges.
    func logOnCustomer(_ invoice: Invoice, _ record: ReminderRecord, by caller: Caller, in tx: Transaction) async throws {
        var log = entry(invoice.customer.type, invoice.customer.id, caller, "remind", at: record.sentAt)
        log.field = "reminder"
        log.newValue = (invoice.number ?? "") + (record.chargeInvoiceNumber.map { " (+ \($0))" } ?? "")
        try await tx.appendHistory([log])
    }

    private func ensureHolds<R: StoredRecord>(_ record: R, by caller: Caller) throws {
        try ensureAllowed(.read, record, by: caller)
        guard AccessPolicy.allows(caller.principal, .reassign, ownerId: record.info.ownerId, kind: R.accessKind) else {
            throw ServiceError.forbidden(recordType: R.recordType, operation: "holdReminders")
        }
    }

    func dunningHold(of customer: Customer, in tx: Transaction) async throws -> DunningHold? {
        switch customer {
        case .account(let id): return try await tx.find(Account.self, id)?.dunningHold
        case .contact(let id): return try await tx.find(Contact.self, id)?.dunningHold
        }
    }
}

extension Customer {
    /// A business customer (an account) rather than a person.
    public var isAccount: Bool { if case .account = self { return true } else { return false } }
}

extension Caller {
    /// The person acting, or nil for the servers on their own.
    var sender: ID<User>? { userId == Services.commandLine ? nil : userId }
}
