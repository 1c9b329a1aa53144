import Foundation
import VendoCore
import VendoStore

extension Services {
    /// Posts, in the caller's transaction, the entries of a document's events not posted yet:
    /// each takes the next number of its fiscal year's sequence, so that numbers run without
    /// gaps in the order of posting (SALES-PROCESS.md §12).
    /// `settings`: the organisation's, when the caller has read them already.
    func postEntries(of document: inout Invoice, settings known: OrganisationSettings? = nil, in tx: Transaction) async throws {
        let settings: OrganisationSettings
        if let known { settings = known } else { settings = try await self.settings(in: tx) }
        let name = try await customerName(of: document, in: tx)
        let pending = document.unpostedEntries(chart: ChartOfAccounts(settings.accounts, perCustomer: settings.receivablesPerCustomer ?? true),
                                               customer: JournalCustomer(document.customer, name: name),
                                               baseCurrency: settings.baseCurrency)
        if pending.isEmpty { return }
        let calendar = FiscalCalendar(settings.fiscalYearStart)
        var posted: [JournalEntry] = []
        for entry in pending {
            let year = calendar.start(of: entry.date)
            let number = try await tx.nextNumber("JE-\(year)")
            posted.append(JournalEntry(event: entry.event, number: number, fiscalYear: year, journal: entry.journal, date: entry.date,
                                       piece: entry.piece, pieceDate: entry.pieceDate, postedOn: today, lines: entry.lines))
        }
        document.post(posted)
    }

    private func customerName(of document: Invoice, in tx: Transaction) async throws -> String {
        if let buyer = document.buyer { return buyer.name }
        return try await customerNames([document.customer], in: tx)[document.customer.id] ?? ""
    }

    /// Posts what was issued or paid before posting existed (or by an older server), oldest
    /// first. The servers run it in their housekeeping; it changes nothing when all is posted.
    @discardableResult
    public func postPendingEntries() async throws -> Int {
        try await write(as: Caller.system) { tx in
            let settings = try await settings(in: tx)
            let chart = ChartOfAccounts(settings.accounts, perCustomer: settings.receivablesPerCustomer ?? true)
            var waiting: [(Day, Invoice)] = []
            for document in try await tx.issuedDocuments() {
                let pending = document.unpostedEntries(chart: chart, customer: JournalCustomer(document.customer, name: document.buyer?.name ?? ""),
                                                       baseCurrency: settings.baseCurrency)
                if let first = pending.map(\.date).min() { waiting.append((first, document)) }
            }
            var count = 0
            for (_, before) in waiting.sorted(by: { $0.0 < $1.0 }) {
                var document = before
                try await postEntries(of: &document, settings: settings, in: tx)
                count += document.journalEntries.count - before.journalEntries.count
                try await save(document, from: before, by: Caller.system, action: "post", in: tx, checked: false)
            }
            return count
        }
    }
}

/// A journal file for the accountant.
public struct JournalFile: Sendable {
    public enum Format: String, Sendable, CaseIterable { case fec, csv }
    public var name: String
    public var contentType: String
    public var bytes: [UInt8]
    public var entries: Int
}

extension Services {
    /// The entries dated from `from` to `to` (inclusive), in the order of their numbers: as the
    /// FEC of one fiscal year (the one holding `from`; `to` defaults to its last day), or as CSV.
    /// For admins.
    public func journalExport(from: Day, to: Day?, format: JournalFile.Format, by caller: Caller) async throws -> JournalFile {
        try ensureAdmin(caller, "journal", "export")
        let (file, entries) = try await read(as: caller) { tx -> (JournalFile, [JournalEntry]) in
            let settings = try await settings(in: tx)
            let calendar = FiscalCalendar(settings.fiscalYearStart)
            let year = calendar.start(of: from)
            let end = calendar.end(ofYearStarting: year)
            let to = to ?? (format == .fec ? end : from)
            if to < from { throw ServiceError.invalid("to", "before_from", "the period ends after it starts") }
            let entries = try await tx.issuedDocuments().flatMap(\.journalEntries)
                .filter { $0.date >= from && $0.date <= to }
                .sorted { ($0.fiscalYear, $0.number) < ($1.fiscalYear, $1.number) }
            switch format {
            case .csv:
                return (JournalFile(name: "journal-\(from)-\(to).csv", contentType: "text/csv; charset=utf-8", bytes: [], entries: entries.count),
                        entries)
            case .fec:
                if to > end {
                    throw ServiceError.invalid("to", "several_fiscal_years",
                                               "a FEC file covers one fiscal year: this one ends on \(end)")
                }
                let siren = (settings.registrationNumber ?? "").filter(\.isNumber)
                guard siren.count >= 9 else {
                    throw ServiceError.conflict(code: "siren_missing",
                                                message: "the FEC file is named by the organisation's SIREN: set registrationNumber in the settings",
                                                related: [])
                }
                return (JournalFile(name: JournalExport.fecFileName(siren: String(siren.prefix(9)), closing: end),
                                    contentType: "text/plain; charset=iso-8859-15", bytes: [], entries: entries.count), entries)
            }
        }
        // Written off the cooperative threads: a year of entries is a large file.
        var written = file
        written.bytes = try await CPUWork.run { format == .fec ? JournalExport.fec(entries) : JournalExport.csv(entries) }
        return written
    }
}
