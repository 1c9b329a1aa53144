import Foundation

/// Numbers, money and dates as a reader of the language writes them: `1,234.56` and `€1,234.56`
/// in English, `1 234,56` and `1 234,56 €` in French (with no-break spaces, so an amount never
/// wraps). Written here rather than with `NumberFormatter`, whose output follows the ICU data
/// of the machine, so that pages (and their golden files) are the same everywhere.
public struct Formats: Sendable {
    public let language: Language

    public init(_ language: Language) { self.language = language }

    public static let noBreakSpace = "\u{00A0}"

    /// `value` with `scale` decimals (rounded half away from zero) and grouped thousands.
    public func number(_ value: Decimal, scale: Int = 2) -> String {
        let rounded = value.rounded(scale: scale)
        let negative = rounded < 0
        let text = "\(negative ? -rounded : rounded)"
        let parts = text.split(separator: ".", maxSplits: 1)
        let whole = String(parts.first ?? "0")
        var fraction = parts.count > 1 ? String(parts[1]) : ""
        fraction = String(fraction.prefix(scale)).padding(toLength: scale, withPad: "0", startingAt: 0)
        let group = language == .fr ? Self.noBreakSpace : ","
        var grouped = ""
        for (index, digit) in whole.enumerated() {
            if index > 0 && (whole.count - index) % 3 == 0 { grouped += group }
            grouped.append(digit)
        }
        let decimalMark = language == .fr ? "," : "."
        return (negative ? "-" : "") + grouped + (scale > 0 ? decimalMark + fraction : "")
    }

    /// A plain quantity: as many decimals as it has (up to 4), none when whole.
    public func quantity(_ value: Decimal) -> String {
        for scale in 0...4 where value.rounded(scale: scale) == value { return number(value, scale: scale) }
        return number(value, scale: 4)
    }

    /// An amount in `currency`: the symbol before it in English, after it in French.
    public func money(_ value: Decimal, _ currency: String, scale: Int = 2) -> String {
        let symbol = Self.symbols[currency] ?? currency
        let amount = number(value, scale: scale)
        switch language {
        case .fr: return amount + Self.noBreakSpace + symbol
        case .en:
            let separator = symbol.count > 1 && symbol == currency ? Self.noBreakSpace : ""
            return amount.hasPrefix("-") ? "-" + symbol + separator + amount.dropFirst() : symbol + separator + amount
        }
    }

    public static let symbols = ["EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "CHF": "CHF", "CAD": "CA$"]

    /// A percentage: `12.5%` in English, `12,5 %` in French.
    public func percent(_ value: Decimal) -> String {
        let text = quantity(value)
        return language == .fr ? text + Self.noBreakSpace + "%" : text + "%"
    }

    static let englishMonths = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    static let frenchMonths = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]

    /// A calendar day: `Nov 30, 2026` / `30 nov. 2026`.
    public func day(_ day: Day) -> String {
        switch language {
        case .en: return "\(Self.englishMonths[day.month - 1]) \(day.day), \(day.year)"
        case .fr: return "\(day.day) \(Self.frenchMonths[day.month - 1]) \(day.year)"
        }
    }

    /// An instant, in UTC: `Nov 30, 2026, 14:05` / `30 nov. 2026 à 14:05`.
    public func dateTime(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let minutes = ((seconds % 86_400) + 86_400) % 86_400 / 60
        let time = String(format: "%02d:%02d", minutes / 60, minutes % 60)
        let calendarDay = self.day(Day(date))
        return language == .fr ? "\(calendarDay) à \(time)" : "\(calendarDay), \(time)"
    }

    /// A month of a report (`2026-11`): `Nov 2026` / `nov. 2026`.
    public func month(_ key: String) -> String {
        let parts = key.split(separator: "-").compactMap { Int($0) }
        guard parts.count >= 2, (1...12).contains(parts[1]) else { return key }
        let names = language == .fr ? Self.frenchMonths : Self.englishMonths
        return "\(names[parts[1] - 1]) \(parts[0])"
    }

    /// A number typed in a form, in either language's way (`1 234,5`, `1,234.5`, `1234.5`).
    public func parse(_ text: String) -> Decimal? {
        var cleaned = text.trimmingWhitespace()
            .replacingOccurrences(of: Self.noBreakSpace, with: "").replacingOccurrences(of: "\u{202F}", with: "")
            .replacingOccurrences(of: " ", with: "")
        guard !cleaned.isEmpty else { return nil }
        if language == .fr {
            // A comma is the decimal mark; without one, a single point before other than three
            // digits is one too (`1.5`), and points before groups of three are thousands (`1.500`).
            let points = cleaned.filter { $0 == "." }.count
            if cleaned.contains(",") || points > 1 || (points == 1 && cleaned.split(separator: ".").last?.count == 3) {
                cleaned = cleaned.replacingOccurrences(of: ".", with: "")
            }
            cleaned = cleaned.replacingOccurrences(of: ",", with: ".")
        } else if cleaned.contains(".") || cleaned.filter({ $0 == "," }).count > 1 || cleaned.split(separator: ",").last?.count == 3 {
            cleaned = cleaned.replacingOccurrences(of: ",", with: "")
        } else {
            cleaned = cleaned.replacingOccurrences(of: ",", with: ".")
        }
        let allowed = cleaned.enumerated().allSatisfy { index, character in
            character.isASCII && (character.isNumber || character == "." || (index == 0 && character == "-"))
        }
        guard allowed, cleaned.filter({ $0 == "." }).count <= 1, cleaned != "-", cleaned != "." else { return nil }
        return Decimal(string: cleaned, locale: Locale(identifier: "en_US_POSIX"))
    }
}
