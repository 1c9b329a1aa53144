import Foundation

/// An entry ready to be numbered and posted.
public struct UnpostedEntry: Sendable, Equatable {
    public var event: String
    public var journal: Journal
    public var date: Day
    public var piece: String
    public var pieceDate: Day
    public var lines: [JournalLine]
}

/// Who an entry's receivable lines are about.
public struct JournalCustomer: Sendable, Equatable {
    public var code: String
    public var name: String

    public init(_ customer: Customer, name: String) {
        code = "C" + customer.id.uuidString.replacingOccurrences(of: "-", with: "").prefix(8).uppercased()
        self.name = name
    }
}

extension Invoice {
    public var journalEntries: [JournalEntry] { journalRecords ?? [] }

    /// Adds entries posted for this document's events.
    public mutating func post(_ entries: [JournalEntry]) {
        journalRecords = journalEntries + entries
    }

    /// The entries of this document's events that are not posted yet, oldest first: its issue
    /// (an invoice's or a credit note's), then each payment, reversal, refund and write-off.
    public func unpostedEntries(chart: ChartOfAccounts, customer: JournalCustomer, baseCurrency: String) -> [UnpostedEntry] {
        guard let number, let issued = issueDate else { return [] }
        let posted = Set(journalEntries.map(\.event))
        let foreign = pricing.currency == baseCurrency ? nil : pricing.currency
        let name = customer.name
        func receivable(_ label: String, _ signedDebit: Decimal, _ base: Decimal) -> JournalLine {
            line(chart.account("receivable"), ChartOfAccounts.label("receivable", rate: nil), label, debit: base, foreign: signedDebit,
                 currency: foreign, auxiliary: chart.perCustomer ? customer : nil)
        }
        var entries: [UnpostedEntry] = []
        if !posted.contains("issue") {
            let title = kind == .creditNote ? "Avoir \(number) \(name)" : "Facture \(number) \(name)"
            var lines: [JournalLine] = []
            var total: Decimal = 0, totalForeign: Decimal = 0
            // Sales and tax are credits on an invoice (positive amounts), debits on a credit note.
            for entry in pricing.totals.taxSummary {
                for (key, amount) in [("sales", entry.base), ("vat", entry.tax)] where amount != 0 {
                    let base = pricing.toBase(amount)
                    lines.append(line(chart.account(key, rate: entry.rate), ChartOfAccounts.label(key, rate: entry.rate), title,
                                      debit: -base, foreign: -amount, currency: foreign))
                    total += base
                    totalForeign += amount
                }
            }
            lines.insert(receivable(title, totalForeign, total), at: 0)
            entries.append(UnpostedEntry(event: "issue", journal: .sales, date: issued, piece: number, pieceDate: issued, lines: lines))
        }
        guard kind == .invoice else { return entries }
        func bank(_ label: String, _ signedDebit: Decimal) -> JournalLine {
            line(chart.account("bank"), ChartOfAccounts.label("bank", rate: nil), label, debit: pricing.toBase(signedDebit),
                 foreign: signedDebit, currency: foreign)
        }
        func money(_ event: String, _ journal: Journal, _ date: Day, _ label: String, _ customerDebit: Decimal, other: JournalLine) {
            guard !posted.contains(event) else { return }
            entries.append(UnpostedEntry(event: event, journal: journal, date: date, piece: number, pieceDate: issued,
                                         lines: [receivable(label, customerDebit, pricing.toBase(customerDebit)), other]))
        }
        for payment in payments {
            let label = "Règlement \(number) \(name)" + (payment.reference.map { " \($0)" } ?? "")
            money("payment:\(payment.id)", .bank, payment.date, label, -payment.amount, other: bank(label, payment.amount))
            if let reversal = payment.reversal {
                let label = "Rejet de règlement \(number) \(name)"
                money("reversal:\(payment.id)", .bank, reversal.date, label, payment.amount, other: bank(label, -payment.amount))
            }
        }
        for refund in refunds {
            let label = "Remboursement \(number) \(name)"
            money("refund:\(refund.id)", .bank, refund.date, label, refund.amount, other: bank(label, -refund.amount))
        }
        for writeOff in writeOffs {
            let loss = writeOff.amount > 0
            let key = loss ? "writeOffLoss" : "writeOffGain"
            let label = (loss ? "Perte sur \(number) " : "Écart sur \(number) ") + name
            let other = line(chart.account(key), ChartOfAccounts.label(key, rate: nil), label, debit: pricing.toBase(writeOff.amount),
                             foreign: writeOff.amount, currency: foreign)
            money("writeOff:\(writeOff.id)", .miscellaneous, writeOff.date, label, -writeOff.amount, other: other)
        }
        return entries.sorted { $0.date < $1.date }
    }

    /// A line debiting `debit` (crediting its opposite when negative).
    private func line(_ account: String, _ accountLabel: String, _ label: String, debit: Decimal, foreign: Decimal, currency: String?,
                      auxiliary: JournalCustomer? = nil) -> JournalLine {
        JournalLine(account: account, accountLabel: accountLabel, auxiliary: auxiliary?.code, auxiliaryLabel: auxiliary?.name,
                    label: String(label.prefix(200)), debit: max(debit, 0), credit: max(-debit, 0),
                    currencyAmount: currency == nil ? nil : foreign, currency: currency)
    }
}
