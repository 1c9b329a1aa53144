import Foundation

/// The identifiers an invoice must carry, checked as far as they can be without asking a
/// registry: EU VAT numbers by their country's pattern (and the French key), SIREN and SIRET
/// by their Luhn check, IBANs by ISO 13616's mod-97, BICs by ISO 9362's shape.
public enum TaxIdentifiers {
    /// A VAT number, an IBAN or a BIC as people type it: upper case, without spaces, dots or dashes.
    public static func compact(_ text: String) -> String {
        String(text.uppercased().filter { !" .-\u{00A0}".contains($0) })
    }

    /// What each EU member state's VAT number looks like after its two-letter prefix (Greece's
    /// is EL, Northern Ireland's XI), as the Commission's VIES describes them; and the United
    /// Kingdom's, Switzerland's and Norway's, which European invoices often name.
    static let vatPatterns: [String: [String]] = [
        "AT": ["U########"], "BE": ["0#########", "1#########"], "BG": ["#########", "##########"],
        "CY": ["########A"], "CZ": ["########", "#########", "##########"], "DE": ["#########"], "DK": ["########"],
        "EE": ["#########"], "EL": ["#########"], "ES": ["*#######*"], "FI": ["########"], "FR": ["**#########"],
        "HR": ["###########"], "HU": ["########"], "IE": ["#######A", "#######AA", "#*#####A"], "IT": ["###########"],
        "LT": ["#########", "############"], "LU": ["########"], "LV": ["###########"], "MT": ["########"],
        "NL": ["#########B##"], "PL": ["##########"], "PT": ["#########"],
        "RO": ["##", "###", "####", "#####", "######", "#######", "########", "#########", "##########"],
        "SE": ["##########01"], "SI": ["########"], "SK": ["##########"],
        "XI": ["#########", "############", "GD###", "HA###"], "GB": ["#########", "############", "GD###", "HA###"],
        "CH": ["E#########", "E#########MWST", "E#########TVA", "E#########IVA"], "NO": ["#########", "#########MVA"],
    ]

    /// Checks a VAT number; answers why it is wrong, or nil. The number goes with its country
    /// prefix (`FR40303265045`). Prefixes of countries not listed take 2 to 13 letters and digits.
    public static func vatProblem(_ text: String) -> String? {
        let number = compact(text)
        guard number.count >= 4, number.prefix(2).allSatisfy({ $0.isASCII && $0.isLetter }) else {
            return "a VAT number starts with its country's two letters, as in FR40303265045"
        }
        let country = String(number.prefix(2))
        let body = String(number.dropFirst(2))
        guard body.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            return "a VAT number has only letters and digits after its country"
        }
        guard let patterns = vatPatterns[country] else {
            if country == "GR" { return "Greek VAT numbers start with EL, not GR" }
            return (2...13).contains(body.count) ? nil : "\(country) VAT numbers have 2 to 13 letters and digits after the country"
        }
        guard patterns.contains(where: { matches(body, $0) }) else {
            return "this is not the shape of a VAT number of \(country)"
        }
        if country == "FR" { return frenchVATKeyProblem(body) }
        return nil
    }

    /// `#` a digit, `A` a letter, `*` either, anything else itself.
    private static func matches(_ text: String, _ pattern: String) -> Bool {
        guard text.count == pattern.count else { return false }
        return zip(text, pattern).allSatisfy { character, slot in
            switch slot {
            case "#": return character.isASCII && character.isNumber
            case "A": return character.isASCII && character.isLetter
            case "*": return character.isASCII && (character.isNumber || character.isLetter)
            default: return character == slot
            }
        }
    }

    /// A French VAT number is a key and a SIREN. A numeric key is (12 + 3 × (SIREN mod 97))
    /// mod 97; keys with letters (for companies registered since 2006 without a key of digits)
    /// cannot be checked here, but their SIREN still is.
    private static func frenchVATKeyProblem(_ body: String) -> String? {
        let key = body.prefix(2)
        let siren = String(body.dropFirst(2))
        if key.contains("O") || key.contains("I") { return "French VAT keys never contain the letters O or I" }
        guard luhn(siren) || siren == laPosteSIREN else { return "the SIREN inside this French VAT number is not valid" }
        guard key.allSatisfy(\.isNumber), let keyValue = Int(key), let sirenValue = Int(siren) else { return nil }
        return (12 + 3 * (sirenValue % 97)) % 97 == keyValue ? nil : "the key of this French VAT number does not match its SIREN"
    }

    /// La Poste's SIREN: its establishments' SIRETs break the Luhn rule, and are checked by the
    /// sum of their digits instead.
    static let laPosteSIREN = "356000000"

    /// Checks a French SIREN (9 digits) or SIRET (14 digits); answers why it is wrong, or nil.
    public static func sirenOrSiretProblem(_ text: String) -> String? {
        let digits = String(text.filter { $0 != " " && $0 != "\u{00A0}" })
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }), digits.count == 9 || digits.count == 14 else {
            return "a SIREN has 9 digits and a SIRET 14"
        }
        if digits.count == 14 && digits.hasPrefix(laPosteSIREN) {
            let sum = digits.compactMap(\.wholeNumberValue).reduce(0, +)
            return sum % 5 == 0 ? nil : "this SIRET of La Poste is not valid (its digits must add up to a multiple of 5)"
        }
        return luhn(digits) ? nil : "this \(digits.count == 9 ? "SIREN" : "SIRET") is not valid (its check digit is wrong)"
    }

    /// The Luhn check: doubling every second digit from the right, the sum is a multiple of 10.
    static func luhn(_ digits: String) -> Bool {
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        var sum = 0
        for (index, character) in digits.reversed().enumerated() {
            guard var digit = character.wholeNumberValue else { return false }
            if index % 2 == 1 {
                digit *= 2
                if digit > 9 { digit -= 9 }
            }
            sum += digit
        }
        return sum % 10 == 0
    }

    /// IBAN lengths of the SEPA countries (ISO 13616 registry).
    static let ibanLengths: [String: Int] = [
        "AD": 24, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "EE": 20, "ES": 24,
        "FI": 18, "FR": 27, "GB": 22, "GI": 23, "GR": 27, "HR": 21, "HU": 28, "IE": 22, "IS": 26, "IT": 27, "LI": 21,
        "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MT": 31, "NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24, "SE": 24,
        "SI": 19, "SK": 24, "SM": 27, "VA": 22,
    ]

    /// Checks an IBAN: its country's length where known, and the mod-97 check of ISO 13616.
    public static func ibanProblem(_ text: String) -> String? {
        let iban = compact(text)
        guard iban.count >= 15, iban.count <= 34, iban.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }),
              iban.prefix(2).allSatisfy(\.isLetter), iban.dropFirst(2).prefix(2).allSatisfy(\.isNumber) else {
            return "an IBAN is a country's two letters, two check digits and up to 30 letters and digits"
        }
        if let length = ibanLengths[String(iban.prefix(2))], iban.count != length {
            return "an IBAN of \(iban.prefix(2)) has \(length) characters"
        }
        // The first four characters go to the end; letters count as 10 to 35.
        var remainder = 0
        for character in iban.dropFirst(4) + iban.prefix(4) {
            let value: Int
            if let digit = character.wholeNumberValue {
                value = digit
            } else if let ascii = character.asciiValue {
                value = Int(ascii) - 55
            } else {
                return "an IBAN has only letters and digits"
            }
            remainder = value < 10 ? (remainder * 10 + value) % 97 : (remainder * 100 + value) % 97
        }
        return remainder == 1 ? nil : "this IBAN is not valid (its check digits are wrong)"
    }

    /// Checks a BIC (SWIFT code): bank (4 letters), country (2), location (2), and an optional branch (3).
    public static func bicProblem(_ text: String) -> String? {
        let bic = compact(text)
        let shaped = (bic.count == 8 || bic.count == 11)
            && bic.prefix(6).allSatisfy { $0.isASCII && $0.isLetter }
            && bic.dropFirst(6).allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        return shaped ? nil : "a BIC has 8 or 11 characters: bank, country, location and branch, as in BNPAFRPPXXX"
    }

    /// A registration number as stored: a SIREN or SIRET without its spaces, any other as
    /// written (trimmed); empty as none.
    public static func compactRegistration(_ text: String?) -> String? {
        guard let trimmed = text?.trimmingWhitespace(), !trimmed.isEmpty else { return nil }
        let digits = trimmed.filter { $0 != " " && $0 != "\u{00A0}" }
        return digits.allSatisfy({ $0.isASCII && $0.isNumber }) ? String(digits) : trimmed
    }

    /// Whether an address's country is France, written as people write it.
    public static func isFrance(_ country: String?) -> Bool {
        guard let country = country?.trimmingWhitespace().lowercased() else { return false }
        return ["fr", "fra", "france", "république française"].contains(country)
    }
}

extension Validator {
    /// A VAT number, when given.
    public mutating func vatNumber(_ value: String?, _ field: String) {
        guard let value, !value.trimmingWhitespace().isEmpty else { return }
        if let problem = TaxIdentifiers.vatProblem(value) { add(field, "invalid_vat_number", problem) }
    }

    /// A registration number, when given: a SIREN or SIRET for a French company, any scheme
    /// (up to 50 characters) elsewhere.
    public mutating func registrationNumber(_ value: String?, _ field: String, french: Bool) {
        guard let value, !value.trimmingWhitespace().isEmpty else { return }
        if french {
            if let problem = TaxIdentifiers.sirenOrSiretProblem(value) { add(field, "invalid_registration_number", problem) }
        } else {
            text(value, field, maxLength: 50)
        }
    }

    public mutating func iban(_ value: String?, _ field: String) {
        guard let value, !value.trimmingWhitespace().isEmpty else { return }
        if let problem = TaxIdentifiers.ibanProblem(value) { add(field, "invalid_iban", problem) }
    }

    public mutating func bic(_ value: String?, _ field: String) {
        guard let value, !value.trimmingWhitespace().isEmpty else { return }
        if let problem = TaxIdentifiers.bicProblem(value) { add(field, "invalid_bic", problem) }
    }
}
