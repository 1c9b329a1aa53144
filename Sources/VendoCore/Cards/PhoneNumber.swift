import Foundation

/// Phone numbers as printed on cards (`06 12 34 56 78`, `+33 (0)1 23 45 67 89`,
/// `(415) 555-0100`, `0049 30 1234567`) put in international E.164 form (`+33612345678`), with
/// the organisation's country for numbers printed without one, and told mobile or not.
public enum PhoneNumber {
    /// Calling codes of the countries whose national numbers we can complete.
    static let callingCodes: [String: String] = [
        "FR": "33", "BE": "32", "CH": "41", "LU": "352", "DE": "49", "AT": "43", "GB": "44", "IE": "353", "ES": "34",
        "IT": "39", "NL": "31", "PT": "351", "US": "1", "CA": "1", "MC": "377",
    ]

    /// The E.164 form of `text`, or nil when it does not hold a plausible number.
    public static func international(_ text: String, defaultCountry: String) -> String? {
        var raw = fixedDigits(text)
        // `+33 (0)1 …`: the trunk zero in brackets is printed for callers from inside the country.
        raw = raw.replacingOccurrences(of: "(0)", with: "")
        let plus = raw.trimmingWhitespace().hasPrefix("+")
        var digits = raw.filter(\.isASCIIDigit).map(String.init).joined()
        if plus {
            // nothing to add
        } else if digits.hasPrefix("00") {
            digits.removeFirst(2)
        } else if let code = callingCodes[defaultCountry.uppercased()] {
            if code == "1" {
                if digits.count == 11, digits.hasPrefix("1") { digits.removeFirst() }
                guard digits.count == 10 else { return nil }
            } else {
                guard digits.hasPrefix("0") else { return nil }
                digits.removeFirst()
            }
            digits = code + digits
        } else {
            return nil
        }
        guard (8...15).contains(digits.count), !digits.hasPrefix("0") else { return nil }
        return "+" + digits
    }

    /// Whether an E.164 number is a mobile one, where the numbering plan tells.
    public static func isMobile(_ number: String) -> Bool {
        let prefixes = ["+336", "+337", "+447", "+4915", "+4916", "+4917", "+324", "+417", "+346", "+347", "+393", "+316",
                        "+3519", "+3538", "+3526", "+437"]
        return prefixes.contains { number.hasPrefix($0) }
    }

    /// OCR reads `0` as `O` and `1` as `l` or `I` inside numbers; a slip is fixed only between
    /// digits or spaces, so that words are left alone.
    static func fixedDigits(_ text: String) -> String {
        let characters = Array(text)
        var out = ""
        for (index, character) in characters.enumerated() {
            let before = index > 0 ? characters[index - 1] : " "
            let after = index + 1 < characters.count ? characters[index + 1] : " "
            let nearDigits = (before.isASCIIDigit || before == " ") && (after.isASCIIDigit || after == " ")
                && (before.isASCIIDigit || after.isASCIIDigit)
            if nearDigits && "Oo".contains(character) {
                out.append("0")
            } else if nearDigits && "lI|".contains(character) {
                out.append("1")
            } else {
                out.append(character)
            }
        }
        return out
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
