import Foundation

/// Splits an amount into parts proportional to weights, in whole minor units, so that the parts
/// add up exactly to the amount (Hamilton's largest-remainder method).
public enum LargestRemainder {
    /// - Parameters:
    ///   - total: the amount to split; a whole number of minor units, zero or more.
    ///   - weights: one per part, zero or more; the parts follow the weights' order.
    ///   - keys: a tie-breaker per part that does not depend on the parts' order, so the result
    ///     for a given part is the same however the parts are listed.
    public static func split(_ total: Decimal, weights: [Decimal], keys: [String], precision: Int) -> [Decimal] {
        precondition(weights.count == keys.count)
        let sum = weights.reduce(0, +)
        guard sum > 0, total != 0 else { return weights.map { _ in 0 } }
        let sign: Decimal = total < 0 ? -1 : 1
        let magnitude = total * sign
        let unit = Decimal.minorUnit(precision: precision)
        var parts: [Decimal] = []
        var remainders: [Decimal] = []
        for weight in weights {
            let exact = magnitude * weight / sum
            let floor = exact.floored(scale: precision)
            parts.append(floor)
            remainders.append(exact - floor)
        }
        var leftover = magnitude - parts.reduce(0, +)
        let order = weights.indices.sorted { a, b in
            if remainders[a] != remainders[b] { return remainders[a] > remainders[b] }
            if weights[a] != weights[b] { return weights[a] > weights[b] }
            return keys[a] < keys[b]
        }
        var position = 0
        while leftover >= unit, !order.isEmpty {
            parts[order[position % order.count]] += unit
            leftover -= unit
            position += 1
        }
        return parts.map { $0 * sign }
    }
}
