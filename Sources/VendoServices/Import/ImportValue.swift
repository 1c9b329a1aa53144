import Foundation
import VendoCore

/// Reads the text of one cell of an imported file into a field's type. Spreadsheets write
/// numbers and dates in many ways; these accept the unambiguous ones and refuse the rest with a
/// message that says what to write instead.
enum ImportValue {
    /// `1234.56`, `1 234,56`, `1,234.56`, `€ 99` → a decimal; a lone comma is a decimal comma.
    static func decimal(_ text: String) throws(FieldError) -> Decimal {
        var digits = text.filter { !$0.isWhitespace && !"€$£¥\u{00A0}\u{202F}'".contains($0) }
        for code in ["EUR", "USD", "GBP", "CHF", "JPY"] where digits.uppercased().hasSuffix(code) || digits.uppercased().hasPrefix(code) {
            digits = digits.uppercased().replacingOccurrences(of: code, with: "")
        }
        let commas = digits.filter { $0 == "," }.count, dots = digits.filter { $0 == "." }.count
        if commas > 0 && dots > 0 {
            // The separator that comes last is the decimal one.
            let decimalComma = (digits.lastIndex(of: ",") ?? digits.startIndex) > (digits.lastIndex(of: ".") ?? digits.startIndex)
            digits = decimalComma ? digits.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: ".")
                : digits.replacingOccurrences(of: ",", with: "")
        } else if commas == 1 {
            digits = digits.replacingOccurrences(of: ",", with: ".")
        } else if commas > 1 {
            digits = digits.replacingOccurrences(of: ",", with: "")
        } else if dots > 1 {
            digits = digits.replacingOccurrences(of: ".", with: "")
        }
        guard let value = Decimal.strict(digits) else {
            throw FieldError("", "invalid_decimal", "\"\(text)\" is not a number such as 1234.56")
        }
        return value
    }

    /// `250`, `1 200`, `1,200`, `1.200` or `1200.0`: a whole number. A lone separator followed
    /// by three digits groups thousands here, since a count has no fraction.
    static func int(_ text: String) throws(FieldError) -> Int {
        let separators = text.filter { $0 == "," || $0 == "." }
        var grouped = text
        if separators.count == 1, let separator = separators.first, let at = text.lastIndex(of: separator),
           text[text.index(after: at)...].count == 3, text[text.index(after: at)...].allSatisfy({ $0.isASCII && $0.isNumber }) {
            grouped.remove(at: at)
        }
        let number = try decimal(grouped)
        guard number == number.rounded(scale: 0), number.magnitude <= 1_000_000_000_000 else {
            throw FieldError("", "invalid_integer", "\"\(text)\" is not a whole number such as 250")
        }
        return NSDecimalNumber(decimal: number).intValue
    }

    /// The other systems' words for a lead's status, by `key`.
    private static let leadStatuses: [String: LeadStatus] = [
        "open": .new, "opennotcontacted": .new, "nouveau": .new, "ouvert": .new,
        "workingcontacted": .contacted, "working": .contacted, "contacte": .contacted,
        "closedconverted": .qualified, "converted": .qualified, "qualifie": .qualified,
        "disqualified": .lost, "closednotconverted": .lost, "perdu": .lost, "disqualifie": .lost,
        "cancelled": .canceled, "annule": .canceled,
        "impossiblearecontacter": .cannotContact, "impossibleacontacter": .cannotContact,
        "plusinteresse": .noLongerInterested,
    ]

    static func leadStatus(_ text: String) throws(FieldError) -> LeadStatus {
        if let status = leadStatuses[key(text)] { return status }
        return try choice(text, LeadStatus.self)
    }

    /// `2026-03-15`, or the date of `2026-03-15T09:30:00Z`; day-first and month-first forms are
    /// refused because `03/04/2026` means two different days.
    static func day(_ text: String) throws(FieldError) -> Day {
        let trimmed = text.trimmingWhitespace()
        if let day = Day(String(trimmed.prefix(10))), trimmed.count == 10 || trimmed.dropFirst(10).first.map({ "T ".contains($0) }) == true {
            return day
        }
        throw FieldError("", "invalid_date", "\"\(text)\" is not a date written YYYY-MM-DD")
    }

    static func bool(_ text: String) throws(FieldError) -> Bool {
        switch text.trimmingWhitespace().lowercased() {
        case "true", "yes", "y", "1", "oui", "o", "x": return true
        case "false", "no", "n", "0", "non": return false
        default: throw FieldError("", "invalid_boolean", "\"\(text)\" is not yes or no")
        }
    }

    /// A choice by its API value or by the label Dynamics 365 and Salesforce export
    /// (`Trade Show` → `tradeShow`), ignoring case, spaces and punctuation.
    static func choice<E: RawRepresentable & CaseIterable>(_ text: String, _: E.Type) throws(FieldError) -> E where E.RawValue == String {
        // `Food & Beverage` is `foodAndBeverage`.
        let key = ImportValue.key(text.replacingOccurrences(of: "&", with: " and "))
        if let value = E.allCases.first(where: { ImportValue.key($0.rawValue) == key }) { return value }
        let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
        throw FieldError("", "invalid_choice", "\"\(text)\" is not one of \(allowed)")
    }

    /// Lower-case letters and digits only: how headers and labels are compared.
    static func key(_ text: String) -> String {
        // Every choice cell of a file comes here: plain ASCII skips Foundation's folding.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.utf8.count)
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"): bytes.append(byte)
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes.append(byte + 0x20)
                default: continue
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        return String(text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "en_US_POSIX"))
            .unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }

    /// The text without the spaces and line ends around it, as `trimmingCharacters(in:
    /// .whitespacesAndNewlines)`, without bridging each cell to NSString.
    static func trimmed(_ text: String) -> String {
        text[...].trimming { $0.properties.isWhitespace }
    }
}
