import Foundation

/// Writing CSV (RFC 4180) for the API's exports and the accountant's journal.
public enum CSVText {
    /// One CSV line, CRLF-terminated. A text cell that a spreadsheet would run as a formula gets
    /// a leading apostrophe; numbers are left as they are.
    public static func line(_ cells: [String]) -> String {
        cells.map { cell in
            var cell = cell
            if let first = cell.first, "=+-@\t\r".contains(first), Decimal.strict(cell) == nil, Decimal.strict(String(cell.dropFirst())) == nil {
                cell = "'" + cell
            }
            guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == ";" }) else { return cell }
            return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",") + "\r\n"
    }
}
