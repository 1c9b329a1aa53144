import Foundation

extension Decimal {
    /// Largest amount, quantity or price Vendo accepts: stored as an integer of scale 4 it still fits in 63 bits.
    public static let maximumAmount = Decimal(string: "99999999999999") ?? 0

    /// Commercial rounding: half away from zero, to `scale` decimal places.
    public func rounded(scale: Int) -> Decimal { rounded(scale: scale, mode: .plain) }

    /// Rounding towards negative infinity, to `scale` decimal places.
    public func floored(scale: Int) -> Decimal { rounded(scale: scale, mode: .down) }

    /// Rounding towards positive infinity, to `scale` decimal places.
    public func ceiled(scale: Int) -> Decimal { rounded(scale: scale, mode: .up) }

    private func rounded(scale: Int, mode: NSDecimalNumber.RoundingMode) -> Decimal {
        var value = self
        var result = Decimal()
        NSDecimalRound(&result, &value, scale, mode)
        return result
    }

    /// True when the value has no more than `scale` significant decimal places.
    public func fits(scale: Int) -> Bool { rounded(scale: scale) == self }

    /// The smallest step of a currency with `precision` decimals (0.01 for EUR, 1 for JPY).
    public static func minorUnit(precision: Int) -> Decimal {
        Decimal(sign: .plus, exponent: -precision, significand: 1)
    }

    /// A strict decimal parser: optional minus, digits, optional fraction. Nothing else (no
    /// exponent, no spaces, no thousands separators), unlike `Decimal(string:)`, which reads
    /// "12abc" as 12.
    public static func strict(_ text: String) -> Decimal? {
        var digitsBefore = 0, digitsAfter = 0, seenPoint = false
        for (index, char) in text.enumerated() {
            switch char {
            case "-" where index == 0: continue
            case "." where !seenPoint && digitsBefore > 0: seenPoint = true
            case "0"..."9": if seenPoint { digitsAfter += 1 } else { digitsBefore += 1 }
            default: return nil
            }
        }
        guard digitsBefore > 0, !seenPoint || digitsAfter > 0, digitsBefore + digitsAfter <= 34 else { return nil }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }

    /// The value with exactly `scale` decimals, as money is written in the API ("1305.00").
    public func text(scale: Int) -> String {
        let value = rounded(scale: scale)
        let negative = value < 0
        var plain = (negative ? -value : value).description
        if scale > 0 {
            if let point = plain.firstIndex(of: ".") {
                let decimals = plain.distance(from: plain.index(after: point), to: plain.endIndex)
                plain += String(repeating: "0", count: Swift.max(0, scale - decimals))
            } else {
                plain += "." + String(repeating: "0", count: scale)
            }
        }
        return (negative && value != 0 ? "-" : "") + plain
    }

    /// The value as an integer count of `10^-scale` units, for storage in integer columns.
    public func scaledInteger(scale: Int) -> Int64? {
        let units = (self * Decimal(sign: .plus, exponent: scale, significand: 1)).rounded(scale: 0)
        guard units.fits(scale: 0), abs(units) <= Decimal(Int64.max) else { return nil }
        return Int64(truncating: NSDecimalNumber(decimal: units))
    }

    public init(scaledInteger: Int64, scale: Int) {
        self = Decimal(scaledInteger) / Decimal(sign: .plus, exponent: scale, significand: 1)
    }
}
