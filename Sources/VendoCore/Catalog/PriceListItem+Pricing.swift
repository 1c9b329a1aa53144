import Foundation

extension PriceListItemFields {
    /// The unit price this item gives `product`, rounded to the pricing precision.
    public func unitPrice(of product: Product, pricingPrecision: Int) throws(DomainError) -> Decimal {
        let raw = try basePrice(of: product)
        let rounded = Self.applyRounding(raw, policy: roundingPolicy, option: roundingOption, amount: roundingAmount)
        return rounded.rounded(scale: pricingPrecision)
    }

    private func basePrice(of product: Product) throws(DomainError) -> Decimal {
        let percent = (percentage ?? 0) / 100
        switch pricingMethod {
        case .currencyAmount:
            return amount ?? 0
        case .percentOfList:
            return try Self.required(product.fields.listPrice, "listPrice", product) * percent
        case .markupCurrentCost:
            return try Self.required(product.fields.currentCost, "currentCost", product) * (1 + percent)
        case .markupStandardCost:
            return try Self.required(product.fields.standardCost, "standardCost", product) * (1 + percent)
        case .marginCurrentCost:
            let cost = try Self.required(product.fields.currentCost, "currentCost", product)
            return cost + cost * percent / (1 - percent)
        case .marginStandardCost:
            let cost = try Self.required(product.fields.standardCost, "standardCost", product)
            return cost + cost * percent / (1 - percent)
        }
    }

    private static func required(_ value: Decimal?, _ field: String, _ product: Product) throws(DomainError) -> Decimal {
        guard let value else {
            throw .invalid("productId", "missing_\(field)",
                           "product \(product.fields.number) has no \(field), which its price list item needs")
        }
        return value
    }

    /// Dynamics' rounding of computed prices: to a multiple of X, or to a price ending in X.
    public static func applyRounding(_ price: Decimal, policy: RoundingPolicy, option: RoundingOption?, amount: Decimal?) -> Decimal {
        guard policy != .none, let option, let amount else { return price }
        switch option {
        case .multipleOf:
            guard amount > 0 else { return price }
            let steps = price / amount
            let whole: Decimal
            switch policy {
            case .up: whole = steps.ceiled(scale: 0)
            case .down: whole = steps.floored(scale: 0)
            case .nearest, .none: whole = steps.rounded(scale: 0)
            }
            return whole * amount
        case .endsIn:
            // The price ends in X modulo the smallest power of ten above X: .99 → x.99, 9 → …9.
            var modulus: Decimal = 1
            while modulus <= amount { modulus *= 10 }
            let below = ((price - amount) / modulus).floored(scale: 0) * modulus + amount
            let above = below < price ? below + modulus : below
            switch policy {
            case .up: return above
            case .down: return below >= 0 ? below : above
            case .nearest, .none:
                if below < 0 { return above }
                return (above - price) <= (price - below) ? above : below
            }
        }
    }
}
