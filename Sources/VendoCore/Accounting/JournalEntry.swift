import Foundation

/// The journals entries are posted to (FEC `JournalCode`).
public enum Journal: String, Codable, Sendable, CaseIterable {
    /// Invoices and credit notes.
    case sales = "VT"
    /// Payments, refunds and reversals.
    case bank = "BQ"
    /// Write-offs.
    case miscellaneous = "OD"
}

/// One line of a journal entry, in the base currency (with the document's currency beside it
/// when it is another).
public struct JournalLine: Codable, Sendable, Equatable {
    public var account: String
    public var accountLabel: String
    /// The customer's own account within receivables (FEC `CompAuxNum`), when the organisation
    /// keeps one per customer.
    public var auxiliary: String?
    public var auxiliaryLabel: String?
    public var label: String
    public var debit: Decimal
    public var credit: Decimal
    /// The same amount in the document's currency, signed as debit − credit, when not the base one.
    public var currencyAmount: Decimal?
    public var currency: String?

    public init(account: String, accountLabel: String, auxiliary: String? = nil, auxiliaryLabel: String? = nil, label: String,
                debit: Decimal, credit: Decimal, currencyAmount: Decimal? = nil, currency: String? = nil) {
        self.account = account
        self.accountLabel = accountLabel
        self.auxiliary = auxiliary
        self.auxiliaryLabel = auxiliaryLabel
        self.label = label
        self.debit = debit
        self.credit = credit
        self.currencyAmount = currencyAmount
        self.currency = currency
    }
}

/// A balanced entry, numbered when it was posted: the numbers of a fiscal year run without gaps
/// in the order of posting (SALES-PROCESS.md §12).
public struct JournalEntry: Codable, Sendable, Equatable {
    /// What the entry records on its document: `issue`, `payment:<id>`, `reversal:<id>`,
    /// `refund:<id>`, `writeOff:<id>`. Posted once each.
    public var event: String
    public var number: Int
    /// The first day of the fiscal year the entry belongs to (by its date).
    public var fiscalYear: Day
    public var journal: Journal
    /// The day of the operation (FEC `EcritureDate`).
    public var date: Day
    /// The document it comes from (FEC `PieceRef`, `PieceDate`).
    public var piece: String
    public var pieceDate: Day
    /// The day it was posted (FEC `ValidDate`).
    public var postedOn: Day
    public var lines: [JournalLine]

    public init(event: String, number: Int, fiscalYear: Day, journal: Journal, date: Day, piece: String, pieceDate: Day, postedOn: Day,
                lines: [JournalLine]) {
        self.event = event
        self.number = number
        self.fiscalYear = fiscalYear
        self.journal = journal
        self.date = date
        self.piece = piece
        self.pieceDate = pieceDate
        self.postedOn = postedOn
        self.lines = lines
    }

    public var debit: Decimal { lines.reduce(0) { $0 + $1.debit } }
    public var credit: Decimal { lines.reduce(0) { $0 + $1.credit } }
}

/// The organisation's accounts (settings `accounts`), by key: `receivable`, `sales`,
/// `sales.<rate>`, `vat`, `vat.<rate>`, `bank`, `writeOffLoss`, `writeOffGain`. Missing keys take
/// the French chart's (PCG) usual accounts.
public struct ChartOfAccounts: Sendable, Equatable {
    public var accounts: [String: String]
    /// Receivables carry the customer as an auxiliary account (FEC `CompAuxNum`).
    public var perCustomer: Bool

    public static let defaults: [String: String] = [
        "receivable": "411000", "sales": "706000", "vat": "445710", "bank": "512000", "writeOffLoss": "654000", "writeOffGain": "758000",
    ]

    public init(_ accounts: [String: String]?, perCustomer: Bool) {
        self.accounts = accounts ?? [:]
        self.perCustomer = perCustomer
    }

    /// `sales.20`, else `sales`, else the default.
    public func account(_ key: String, rate: Decimal? = nil) -> String {
        if let rate, let specific = accounts["\(key).\(rate)"] { return specific }
        return accounts[key] ?? Self.defaults[key] ?? key
    }

    /// Whether a settings key names an account Vendo posts to.
    public static func isKnown(_ key: String) -> Bool {
        let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
        guard let first = parts.first, defaults[first] != nil else { return false }
        if parts.count == 1 { return true }
        guard first == "sales" || first == "vat", let rate = Decimal.strict(parts[1]) else { return false }
        return rate >= 0 && rate <= 100
    }

    /// An account number: 3 to 20 letters and digits, starting with a digit.
    public static func isValidNumber(_ number: String) -> Bool {
        (3...20).contains(number.count) && number.first?.isNumber == true && number.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }

    public static func label(_ key: String, rate: Decimal?) -> String {
        let rate = rate.map { "\($0)".replacingOccurrences(of: ".", with: ",") }
        return switch key {
        case "receivable": "Clients"
        case "sales": rate.map { "Ventes TVA \($0) %" } ?? "Ventes"
        case "vat": rate.map { "TVA collectée \($0) %" } ?? "TVA collectée"
        case "bank": "Banque"
        case "writeOffLoss": "Pertes sur créances irrécouvrables"
        case "writeOffGain": "Produits divers de gestion courante"
        default: key
        }
    }
}

/// The fiscal year a day belongs to, from the organisation's fiscal-year start (`MM-DD`).
public struct FiscalCalendar: Sendable, Equatable {
    public var startMonth: Int
    public var startDay: Int

    public init(_ start: String?) {
        let parts = (start ?? "01-01").split(separator: "-").compactMap { Int($0) }
        if parts.count == 2, Day(year: 2001, month: parts[0], day: parts[1]) != nil {
            (startMonth, startDay) = (parts[0], parts[1])
        } else {
            (startMonth, startDay) = (1, 1)
        }
    }

    public static func isValid(_ start: String) -> Bool {
        let parts = start.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }), let month = Int(parts[0]), let day = Int(parts[1]) else { return false }
        return Day(year: 2001, month: month, day: day) != nil
    }

    /// The first day of the fiscal year holding `day`.
    public func start(of day: Day) -> Day {
        let thisYear = Day(year: day.year, month: startMonth, day: startDay) ?? day
        return thisYear <= day ? thisYear : (Day(year: day.year - 1, month: startMonth, day: startDay) ?? day)
    }

    /// The last day of the fiscal year starting on `start`.
    public func end(ofYearStarting start: Day) -> Day {
        (Day(year: start.year + 1, month: startMonth, day: startDay) ?? start).adding(days: -1)
    }
}
