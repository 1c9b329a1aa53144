import Foundation

extension Invoice {
    /// The balance as it stood at the end of `day`, from what happened on or before it; nil for
    /// an invoice not issued by then (drafts, credit notes).
    public func balance(on day: Day) -> Decimal? {
        guard kind == .invoice, let issued = issueDate, issued <= day else { return nil }
        if status == .canceled { return canceledOn.map { $0 <= day } ?? true ? 0 : pricing.totals.totalAmount }
        let paid = payments.reduce(Decimal(0)) { sum, payment in
            let received = payment.date <= day ? payment.amount : 0
            let undone = payment.reversal.map { $0.date <= day } ?? false ? payment.amount : 0
            return sum + received - undone
        }
        let refunded = refunds.reduce(Decimal(0)) { $0 + ($1.date <= day ? $1.amount : 0) }
        let credited = credits.reduce(Decimal(0)) { $0 + ($1.date <= day ? $1.amount : 0) }
        let writtenOff = writeOffs.reduce(Decimal(0)) { $0 + ($1.date <= day ? $1.amount : 0) }
        return pricing.totals.totalAmount - paid + refunded - credited - writtenOff
    }

    /// The day the invoice falls due: its due date, else its issue day (due on receipt).
    public var dueDay: Day? { fields.dueDate ?? issueDate }

    /// Days past due on `day`: zero or less while not due yet.
    public func daysPastDue(on day: Day) -> Int? { dueDay.map { day.days(since: $0) } }

    /// Past due on `day` with a balance left (SALES-PROCESS.md §12): what gets reminders and
    /// the overdue list, paid in part or not.
    public func isOverdue(on day: Day) -> Bool {
        guard let balance = balance(on: day), balance > 0, let late = daysPastDue(on: day) else { return false }
        return late > 0
    }
}

/// How long past its due date a balance is (SALES-PROCESS.md §12).
public enum AgeBucket: String, Sendable, CaseIterable, Codable {
    case notDue, days1to30, days31to60, days61to90, over90

    public init(daysPastDue days: Int) {
        switch days {
        case ...0: self = .notDue
        case 1...30: self = .days1to30
        case 31...60: self = .days31to60
        case 61...90: self = .days61to90
        default: self = .over90
        }
    }
}

/// Amounts per age bucket, in the order of `AgeBucket.allCases`.
public struct AgedAmounts: Sendable, Equatable {
    public var amounts: [Decimal] = Array(repeating: 0, count: AgeBucket.allCases.count)

    public init() {}

    public subscript(bucket: AgeBucket) -> Decimal {
        get { amounts[AgeBucket.allCases.firstIndex(of: bucket) ?? 0] }
        set { amounts[AgeBucket.allCases.firstIndex(of: bucket) ?? 0] = newValue }
    }

    public var total: Decimal { amounts.reduce(0, +) }

    static func + (left: AgedAmounts, right: AgedAmounts) -> AgedAmounts {
        var sum = AgedAmounts()
        sum.amounts = zip(left.amounts, right.amounts).map(+)
        return sum
    }
}

/// What customers owe on a day, by customer and currency, and how late (SALES-PROCESS.md §12).
public struct AgedReceivables: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var customer: Customer
        public var currency: String
        /// The currency's decimals.
        public var precision: Int
        /// In the invoices' currency.
        public var amounts: AgedAmounts
        /// In the base currency, each invoice at its own frozen rate.
        public var base: AgedAmounts
        public var invoices: Int
    }

    public var asOf: Day
    /// Customer by customer, then currency; only those with a balance other than zero.
    public var rows: [Row]
    /// Every row in the base currency.
    public var base: AgedAmounts

    /// Builds the aged balance of `invoices` on `day`; `order` sorts the customers (by name).
    public init(_ invoices: [Invoice], on day: Day, order: (Customer, Customer) -> Bool) {
        asOf = day
        var rows: [String: Row] = [:]
        for invoice in invoices {
            guard let balance = invoice.balance(on: day), balance != 0, let late = invoice.daysPastDue(on: day) else { continue }
            let key = "\(invoice.customer.id)|\(invoice.pricing.currency)"
            var row = rows[key] ?? Row(customer: invoice.customer, currency: invoice.pricing.currency,
                                       precision: invoice.pricing.currencyPrecision, amounts: AgedAmounts(),
                                       base: AgedAmounts(), invoices: 0)
            let bucket = AgeBucket(daysPastDue: late)
            row.amounts[bucket] += balance
            row.base[bucket] += invoice.pricing.toBase(balance)
            row.invoices += 1
            rows[key] = row
        }
        self.rows = rows.values.filter { $0.amounts.total != 0 }.sorted { a, b in
            a.customer == b.customer ? a.currency < b.currency : order(a.customer, b.customer)
        }
        base = self.rows.reduce(AgedAmounts()) { $0 + $1.base }
    }
}
