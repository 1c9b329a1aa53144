import Foundation

/// Collects every field error of an input so that the caller hears about all of them at once.
public struct Validator: Sendable {
    public private(set) var errors: [FieldError] = []

    public init() {}

    public mutating func add(_ field: String, _ code: String, _ message: String) {
        errors.append(FieldError(field, code, message))
    }

    public mutating func merge(_ other: [FieldError], prefix: String = "") {
        errors += other.map { FieldError(prefix + $0.field, $0.code, $0.message) }
    }

    public mutating func require(_ value: String?, _ field: String, maxLength: Int = 200) {
        guard let value, !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            add(field, "required", "\(field) is required")
            return
        }
        text(value, field, maxLength: maxLength)
    }

    public mutating func text(_ value: String?, _ field: String, maxLength: Int = 200) {
        if let value, value.count > maxLength {
            add(field, "too_long", "\(field) is longer than \(maxLength) characters")
        }
    }

    public mutating func email(_ value: String?, _ field: String) {
        guard let value, !value.isEmpty else { return }
        text(value, field, maxLength: 254)
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        if parts.count != 2 || parts[0].isEmpty || !parts[1].contains(".") || value.contains(" ")
            || parts[1].hasPrefix(".") || parts[1].hasSuffix(".") {
            add(field, "invalid_email", "\(field) is not an e-mail address")
        }
    }

    /// Each line of an address is at most 200 characters.
    public mutating func address(_ value: Address?, _ field: String) {
        guard let value else { return }
        for (part, text) in [("line1", value.line1), ("line2", value.line2), ("city", value.city), ("postalCode", value.postalCode),
                             ("region", value.region), ("country", value.country)] {
            self.text(text, "\(field).\(part)")
        }
    }

    public mutating func currencyCode(_ value: String?, _ field: String) {
        guard let value else { return }
        if value.count != 3 || !value.allSatisfy({ $0.isASCII && $0.isUppercase }) {
            add(field, "invalid_currency", "\(field) must be a three-letter ISO 4217 code such as EUR")
        }
    }

    /// A decimal that must not be negative and must fit `scale` places.
    public mutating func amount(_ value: Decimal?, _ field: String, scale: Int, allowZero: Bool = true) {
        guard let value else { return }
        if value < 0 || (!allowZero && value == 0) {
            add(field, allowZero ? "negative" : "not_positive", "\(field) must be \(allowZero ? "zero or more" : "more than zero")")
        } else if !value.fits(scale: scale) {
            add(field, "too_precise", "\(field) has more than \(scale) decimal places")
        } else if value > Decimal.maximumAmount {
            add(field, "too_large", "\(field) is larger than \(Decimal.maximumAmount)")
        }
    }

    public mutating func percentage(_ value: Decimal?, _ field: String, below100: Bool = false) {
        guard let value else { return }
        if value < 0 || value > 100 || (below100 && value == 100) {
            add(field, "out_of_range", below100 ? "\(field) must be at least 0 and below 100" : "\(field) must be between 0 and 100")
        } else if !value.fits(scale: 4) {
            add(field, "too_precise", "\(field) has more than 4 decimal places")
        }
    }

    public func check() throws(DomainError) {
        if !errors.isEmpty { throw .validation(errors) }
    }
}
