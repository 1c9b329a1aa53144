import Foundation

/// The header amounts a person types on a document.
public struct PricingFields: Codable, Sendable, Equatable {
    public var priceListId: ID<PriceList>?
    public var discountPercent: Decimal
    public var discountAmount: Decimal
    public var freightAmount: Decimal
    public var freightTaxRate: Decimal?

    public init(priceListId: ID<PriceList>? = nil, discountPercent: Decimal = 0, discountAmount: Decimal = 0,
                freightAmount: Decimal = 0, freightTaxRate: Decimal? = nil) {
        self.priceListId = priceListId
        self.discountPercent = discountPercent
        self.discountAmount = discountAmount
        self.freightAmount = freightAmount
        self.freightTaxRate = freightTaxRate
    }
}

/// The priced part of an opportunity, quote, order or invoice: currency, header discounts,
/// freight, lines and the totals computed from them.
public struct Pricing: Codable, Sendable, Equatable {
    public var currency: String
    /// Units of `currency` per one base unit, frozen when the document got its currency.
    public var exchangeRate: Decimal
    /// The base currency's precision the base twins were rounded to.
    public var basePrecision: Int = 2
    /// The precision of `currency` the amounts were rounded to.
    public var currencyPrecision: Int = 2
    public var fields: PricingFields
    public var lines: [DocumentLine]
    public var totals: DocumentTotals

    public init(currency: String, exchangeRate: Decimal, fields: PricingFields = PricingFields(), lines: [DocumentLine] = []) {
        self.currency = currency
        self.exchangeRate = exchangeRate
        self.fields = fields
        self.lines = lines
        totals = DocumentTotals()
    }

    /// An amount of this document in the base currency.
    public func toBase(_ value: Decimal) -> Decimal { (value / exchangeRate).rounded(scale: basePrecision) }

    public func lineIndex(_ id: ID<DocumentLine>) throws(DomainError) -> Int {
        guard let index = lines.firstIndex(where: { $0.id == id }) else {
            throw .invalid("lineId", "unknown_line", "the document has no line \(id)")
        }
        return index
    }

    /// The same document with every amount negated, for a credit note.
    public func negated() -> Pricing {
        var copy = self
        func flip(_ value: inout Decimal) { value = -value }
        for index in copy.lines.indices {
            flip(&copy.lines[index].amount)
            flip(&copy.lines[index].manualDiscountAmount)
            flip(&copy.lines[index].netAmount)
            flip(&copy.lines[index].tax)
            flip(&copy.lines[index].extendedAmount)
        }
        flip(&copy.fields.discountAmount)
        flip(&copy.fields.freightAmount)
        for path in [\DocumentTotals.detailAmount, \.discountPercentAmount, \.preFreightAmount, \.freightTax,
                     \.totalTax, \.totalAmount, \.totalDiscount] {
            copy.totals[keyPath: path] = -copy.totals[keyPath: path]
        }
        for path in [\BaseTotals.detailAmount, \.preFreightAmount, \.freightAmount, \.totalTax, \.totalAmount, \.totalDiscount] {
            copy.totals.base[keyPath: path] = -copy.totals.base[keyPath: path]
        }
        copy.totals.taxSummary = copy.totals.taxSummary.map { TaxSummaryEntry(rate: $0.rate, base: -$0.base, tax: -$0.tax) }
        return copy
    }
}
