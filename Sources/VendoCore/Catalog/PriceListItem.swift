import Foundation

public enum PricingMethod: String, Codable, Sendable, CaseIterable {
    case currencyAmount, percentOfList, markupCurrentCost, marginCurrentCost, markupStandardCost, marginStandardCost
}

public enum RoundingPolicy: String, Codable, Sendable, CaseIterable { case none, up, down, nearest }

public enum RoundingOption: String, Codable, Sendable, CaseIterable { case endsIn, multipleOf }

public struct PriceListItemFields: Codable, Sendable, Equatable {
    public var productId: ID<Product>
    public var unitId: ID<UnitOfMeasure>
    public var pricingMethod: PricingMethod
    /// The price, for `currencyAmount`.
    public var amount: Decimal?
    /// The percentage of the list price, markup or margin, for the other methods.
    public var percentage: Decimal?
    public var roundingPolicy: RoundingPolicy
    public var roundingOption: RoundingOption?
    public var roundingAmount: Decimal?
    public var discountListId: ID<DiscountList>?

    public init(productId: ID<Product>, unitId: ID<UnitOfMeasure>, pricingMethod: PricingMethod = .currencyAmount,
                amount: Decimal? = nil, percentage: Decimal? = nil, roundingPolicy: RoundingPolicy = .none,
                roundingOption: RoundingOption? = nil, roundingAmount: Decimal? = nil,
                discountListId: ID<DiscountList>? = nil) {
        self.productId = productId
        self.unitId = unitId
        self.pricingMethod = pricingMethod
        self.amount = amount
        self.percentage = percentage
        self.roundingPolicy = roundingPolicy
        self.roundingOption = roundingOption
        self.roundingAmount = roundingAmount
        self.discountListId = discountListId
    }

    public func validate() throws(DomainError) {
        var check = Validator()
        switch pricingMethod {
        case .currencyAmount:
            if amount == nil { check.add("amount", "required", "amount is required for pricing method currencyAmount") }
            check.amount(amount, "amount", scale: 4)
        case .marginCurrentCost, .marginStandardCost:
            if percentage == nil { check.add("percentage", "required", "percentage is required for a margin") }
            check.percentage(percentage, "percentage", below100: true)
        case .percentOfList, .markupCurrentCost, .markupStandardCost:
            if percentage == nil { check.add("percentage", "required", "percentage is required for \(pricingMethod.rawValue)") }
            if let percentage, percentage < 0 || !percentage.fits(scale: 4) || percentage > 100_000 {
                check.add("percentage", "out_of_range", "percentage must be between 0 and 100000 with at most 4 decimals")
            }
        }
        if roundingPolicy != .none {
            if roundingOption == nil {
                check.add("roundingOption", "required", "roundingOption (endsIn or multipleOf) is required when rounding")
            }
            if let value = roundingAmount {
                check.amount(value, "roundingAmount", scale: 4, allowZero: roundingOption == .endsIn)
            } else {
                check.add("roundingAmount", "required", "roundingAmount is required when rounding")
            }
        }
        try check.check()
    }
}

public struct PriceListItem: Record {
    public static let recordType = "priceListItem"
    public static let accessKind = RecordKind.catalog
    public var id: ID<PriceListItem>
    public var info: RecordInfo
    public var priceListId: ID<PriceList>
    public var fields: PriceListItemFields

    public init(id: ID<PriceListItem>, info: RecordInfo, priceListId: ID<PriceList>, fields: PriceListItemFields) throws(DomainError) {
        try fields.validate()
        self.id = id
        self.info = info
        self.priceListId = priceListId
        self.fields = fields
    }

    public mutating func update(_ newFields: PriceListItemFields) throws(DomainError) {
        try newFields.validate()
        fields = newFields
    }
}
