import Foundation

/// Tax per rate, as an invoice shows it. `rate` is nil for the lines whose tax was typed.
public struct TaxSummaryEntry: Codable, Sendable, Equatable {
    public var rate: Decimal?
    public var base: Decimal
    public var tax: Decimal

    public init(rate: Decimal?, base: Decimal, tax: Decimal) {
        self.rate = rate
        self.base = base
        self.tax = tax
    }
}

/// A document's totals in the base currency: each is the document amount divided by the
/// frozen exchange rate, rounded to the base currency's precision.
public struct BaseTotals: Codable, Sendable, Equatable {
    public var detailAmount: Decimal = 0
    public var preFreightAmount: Decimal = 0
    public var freightAmount: Decimal = 0
    public var totalTax: Decimal = 0
    public var totalAmount: Decimal = 0
    public var totalDiscount: Decimal = 0

    public init() {}
}

public struct DocumentTotals: Codable, Sendable, Equatable {
    public var detailAmount: Decimal = 0
    public var discountPercentAmount: Decimal = 0
    public var preFreightAmount: Decimal = 0
    public var freightTax: Decimal = 0
    public var totalTax: Decimal = 0
    public var totalAmount: Decimal = 0
    public var totalDiscount: Decimal = 0
    public var taxSummary: [TaxSummaryEntry] = []
    public var base = BaseTotals()

    public init() {}
}

/// The organisation's and the currency's rules that the amounts follow.
public struct AmountsContext: Sendable {
    public var currencyPrecision: Int
    public var basePrecision: Int
    public var pricingPrecision: Int
    public var discountMethod: DiscountMethod
    public var taxRounding: TaxRounding
    public var priceListRequired: Bool

    public init(currencyPrecision: Int = 2, basePrecision: Int = 2, pricingPrecision: Int = 2,
                discountMethod: DiscountMethod = .lineItem, taxRounding: TaxRounding = .perRate,
                priceListRequired: Bool = true) {
        self.currencyPrecision = currencyPrecision
        self.basePrecision = basePrecision
        self.pricingPrecision = pricingPrecision
        self.discountMethod = discountMethod
        self.taxRounding = taxRounding
        self.priceListRequired = priceListRequired
    }

    public init(settings: OrganisationSettings, currency: Currency, base: Currency) {
        self.init(currencyPrecision: currency.precision, basePrecision: base.precision,
                  pricingPrecision: settings.pricingPrecision, discountMethod: settings.discountMethod,
                  taxRounding: settings.taxRounding, priceListRequired: settings.priceListRequired)
    }
}
