import Foundation

/// The journal as files for the accountant: the French FEC (article A47 A-1 of the Livre des
/// procédures fiscales) and a plain CSV for other software.
public enum JournalExport {
    public static let fecColumns = ["JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib", "CompAuxNum",
                                    "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit", "EcritureLet", "DateLet",
                                    "ValidDate", "Montantdevise", "Idevise"]

    public static func journalLabel(_ journal: Journal) -> String {
        switch journal {
        case .sales: "Ventes"
        case .bank: "Banque"
        case .miscellaneous: "Opérations diverses"
        }
    }

    /// `<SIREN>FEC<closing day YYYYMMDD>.txt`.
    public static func fecFileName(siren: String, closing: Day) -> String { "\(siren)FEC\(compact(closing)).txt" }

    /// The FEC of `entries` (one fiscal year, in the order of their numbers): tab-separated, one
    /// line per entry line after the column names, dates as YYYYMMDD, amounts with a decimal
    /// comma, in ISO 8859-15.
    public static func fec(_ entries: [JournalEntry]) -> [UInt8] {
        var text = fecColumns.joined(separator: "\t") + "\r\n"
        for entry in entries {
            for line in entry.lines {
                let cells = [entry.journal.rawValue, journalLabel(entry.journal), String(entry.number), compact(entry.date), line.account,
                             line.accountLabel, line.auxiliary ?? "", line.auxiliaryLabel ?? "", entry.piece, compact(entry.pieceDate), line.label,
                             comma(line.debit), comma(line.credit), "", "", compact(entry.postedOn),
                             line.currencyAmount.map(comma) ?? "", line.currency ?? ""]
                text += cells.map(clean).joined(separator: "\t") + "\r\n"
            }
        }
        return latin9(text)
    }

    public static let csvColumns = ["number", "fiscalYear", "journal", "date", "account", "accountLabel", "auxiliary", "auxiliaryLabel", "piece",
                                    "pieceDate", "label", "debit", "credit", "currencyAmount", "currency", "postedOn"]

    /// The same lines as CSV (RFC 4180, UTF-8, ISO dates, decimal points).
    public static func csv(_ entries: [JournalEntry]) -> [UInt8] {
        var text = CSVText.line(csvColumns)
        for entry in entries {
            for line in entry.lines {
                let cells = [String(entry.number), entry.fiscalYear.description, entry.journal.rawValue, entry.date.description, line.account,
                             line.accountLabel, line.auxiliary ?? "", line.auxiliaryLabel ?? "", entry.piece, entry.pieceDate.description,
                             line.label, line.debit.text(scale: 2), line.credit.text(scale: 2), line.currencyAmount.map { $0.text(scale: 2) } ?? "",
                             line.currency ?? "", entry.postedOn.description]
                text += CSVText.line(cells)
            }
        }
        return Array(text.utf8)
    }

    static func compact(_ day: Day) -> String { String(format: "%04d%02d%02d", day.year, day.month, day.day) }

    static func comma(_ value: Decimal) -> String { value.text(scale: 2).replacingOccurrences(of: ".", with: ",") }

    /// A field may hold neither the separator nor a line break.
    static func clean(_ text: String) -> String {
        String(text.map { $0 == "\t" || $0.isNewline ? " " : $0 })
    }

    /// ISO 8859-15: Latin-1 but for eight places, the euro sign among them; what it cannot
    /// write becomes `?`.
    static func latin9(_ text: String) -> [UInt8] {
        let special: [UInt32: UInt8] = [0x20AC: 0xA4, 0x160: 0xA6, 0x161: 0xA8, 0x17D: 0xB4, 0x17E: 0xB8, 0x152: 0xBC, 0x153: 0xBD, 0x178: 0xBE]
        let replaced: Set<UInt32> = [0xA4, 0xA6, 0xA8, 0xB4, 0xB8, 0xBC, 0xBD, 0xBE]
        return text.unicodeScalars.map { scalar in
            if let byte = special[scalar.value] { return byte }
            if scalar.value < 0x100 && !replaced.contains(scalar.value) { return UInt8(scalar.value) }
            return UInt8(ascii: "?")
        }
    }
}
