import Foundation

/// One step of the organisation's reminders: sent once an invoice is `days` past due, with its
/// own message, and optionally late-payment charges (SALES-PROCESS.md §12).
public struct DunningLevel: Codable, Sendable, Equatable {
    /// Days past the due date from which this level is due.
    public var days: Int
    /// The message of this level, per language; a language without one uses the
    /// organisation's reminder template.
    public var templates: [MailTemplate]?
    /// Late-payment interest, a yearly percentage of the amount due, charged for the days since
    /// the due date or since the interest last charged.
    public var interestRate: Decimal?
    /// Whether this level charges the fixed recovery indemnity (business customers, once per
    /// invoice).
    public var indemnity: Bool?

    public init(days: Int, templates: [MailTemplate]? = nil, interestRate: Decimal? = nil, indemnity: Bool? = nil) {
        self.days = days
        self.templates = templates
        self.interestRate = interestRate
        self.indemnity = indemnity
    }

    /// Whether sending at this level invoices something.
    public var charges: Bool { (interestRate ?? 0) > 0 || indemnity == true }

    public func template(_ language: Language) -> MailTemplate? { templates?.first { $0.language == language } }
}

/// The organisation's reminders: its levels, from the first to the last, and whether the
/// servers send them without waiting for a person.
public struct DunningPolicy: Codable, Sendable, Equatable {
    public var levels: [DunningLevel]
    /// Send the reminders due every day without a person (default: propose them).
    public var automatic: Bool?
    /// The fixed recovery indemnity in the base currency; 40 (€, article D441-5 of the French
    /// Code de commerce) unless set.
    public var indemnityAmount: Decimal?

    public static let maxLevels = 10

    public init(levels: [DunningLevel], automatic: Bool? = nil, indemnityAmount: Decimal? = nil) {
        self.levels = levels
        self.automatic = automatic
        self.indemnityAmount = indemnityAmount
    }

    public var indemnity: Decimal { indemnityAmount ?? 40 }

    /// Field errors, named from `prefix` (`dunning.`).
    public func problems(prefix: String, basePrecision: Int) -> [FieldError] {
        var check = Validator()
        if levels.count > Self.maxLevels { check.add("levels", "too_many", "at most \(Self.maxLevels) reminder levels") }
        for (index, level) in levels.enumerated() {
            let field = "levels[\(index)]"
            if !(1...3650).contains(level.days) {
                check.add("\(field).days", "out_of_range", "a level is due from 1 to 3650 days past the due date")
            } else if index > 0, level.days <= levels[index - 1].days {
                check.add("\(field).days", "not_increasing", "each level comes more days past due than the one before")
            }
            check.percentage(level.interestRate, "\(field).interestRate")
            var languages: Set<Language> = []
            for (position, template) in (level.templates ?? []).enumerated() {
                let name = "\(field).templates[\(position)]"
                if template.kind != .reminder { check.add("\(name).kind", "invalid_choice", "a reminder level's template is of kind reminder") }
                if !languages.insert(template.language).inserted {
                    check.add("\(name).language", "duplicate", "one template per language")
                }
                do { try template.validate() } catch { check.merge(error.fieldErrors, prefix: "\(name).") }
            }
        }
        check.amount(indemnityAmount, "indemnityAmount", scale: basePrecision)
        return check.errors.map { FieldError(prefix + $0.field, $0.code, $0.message) }
    }
}

/// A reminder sent for an invoice, kept on it: at a level of the organisation's policy, or by
/// hand (no level), with the charges it invoiced.
public struct ReminderRecord: Codable, Sendable, Equatable {
    /// 1 for the policy's first level; nil for a reminder sent by hand.
    public var level: Int?
    /// The days past due of that level: what tells the levels already sent when the
    /// organisation changes its levels later.
    public var levelDays: Int?
    public var date: Day
    public var sentAt: Date
    /// Nil when the servers sent it on their own.
    public var sentBy: ID<User>?
    public var daysPastDue: Int
    public var amountDue: Decimal
    /// The outbox message.
    public var messageId: UUID?
    /// The invoice of the late-payment charges, with its number and amounts.
    public var chargeInvoiceId: ID<Invoice>?
    public var chargeInvoiceNumber: String?
    public var interest: Decimal?
    public var indemnity: Decimal?

    public init(level: Int?, date: Day, sentAt: Date, sentBy: ID<User>?, daysPastDue: Int, amountDue: Decimal) {
        self.level = level
        self.date = date
        self.sentAt = sentAt
        self.sentBy = sentBy
        self.daysPastDue = daysPastDue
        self.amountDue = amountDue
    }
}

/// The late-payment charges of one reminder, in the invoice's currency.
public struct LateCharges: Sendable, Equatable {
    public var interest: Decimal = 0
    /// The days of interest and the yearly rate it was computed at.
    public var interestDays: Int = 0
    public var interestRate: Decimal = 0
    public var indemnity: Decimal = 0

    public init() {}

    public var total: Decimal { interest + indemnity }
    public var isEmpty: Bool { total == 0 }
}

/// A customer kept out of reminders (a dispute, a payment plan), and since when.
public struct DunningHold: Codable, Sendable, Equatable {
    public var since: Day
    public var reason: String?
    public var by: ID<User>

    public init(since: Day, reason: String?, by: ID<User>) {
        self.since = since
        self.reason = reason
        self.by = by
    }
}

extension Invoice {
    public var reminders: [ReminderRecord] { reminderRecords ?? [] }

    /// The highest policy level reminded so far; 0 before the first.
    public var dunningLevel: Int { reminders.compactMap(\.level).max() ?? 0 }

    /// The days of the furthest level reminded so far; 0 before the first.
    public var dunningDays: Int { reminders.compactMap(\.levelDays).max() ?? 0 }

    /// Whether this invoice carries the late-payment charges of another one.
    public var isLateCharges: Bool { lateChargesOf != nil }

    /// The level of `policy` due on `day` (1 for the first): the highest one the days past due
    /// have reached, when it comes later than the last one sent. Lower levels not sent are
    /// skipped (a policy set up after the invoice fell due starts where the invoice stands).
    public func reminderLevelDue(_ policy: DunningPolicy, on day: Day) -> Int? {
        guard kind == .invoice, isOverdue(on: day), let late = daysPastDue(on: day),
              let index = policy.levels.lastIndex(where: { $0.days <= late }) else { return nil }
        return policy.levels[index].days > dunningDays ? index + 1 : nil
    }

    /// What a reminder at `level` charges on `day`: interest on the amount due since the due
    /// date or the last interest charged, and the indemnity once per invoice from a business
    /// customer. Invoices of charges carry none themselves.
    public func lateCharges(_ level: DunningLevel, _ policy: DunningPolicy, on day: Day, businessCustomer: Bool) -> LateCharges {
        var charges = LateCharges()
        guard !isLateCharges, let due = dueDay else { return charges }
        let precision = pricing.currencyPrecision
        if let rate = level.interestRate, rate > 0 {
            let from = reminders.filter { ($0.interest ?? 0) > 0 }.map(\.date).max() ?? due
            let days = day.days(since: max(from, due))
            if days > 0 {
                charges.interest = (amountDue * rate / 100 * Decimal(days) / 365).rounded(scale: precision)
                charges.interestDays = days
                charges.interestRate = rate
            }
        }
        if level.indemnity == true, businessCustomer, !reminders.contains(where: { ($0.indemnity ?? 0) > 0 }) {
            charges.indemnity = (policy.indemnity * pricing.exchangeRate).rounded(scale: precision)
        }
        return charges
    }

    /// Keeps a reminder sent; refused unless the invoice is issued with a balance owed.
    public mutating func logReminder(_ record: ReminderRecord) throws(DomainError) {
        guard kind == .invoice, state == .active || state == .paid, balance > 0 else {
            throw .invalidTransition(record: "invoice", state: state.rawValue, status: status.rawValue, action: "remind")
        }
        reminderRecords = reminders + [record]
    }

    /// Marks a new invoice as the late-payment charges of `invoice`.
    public mutating func markAsLateCharges(of invoice: ID<Invoice>) {
        lateChargesOf = invoice
    }
}
