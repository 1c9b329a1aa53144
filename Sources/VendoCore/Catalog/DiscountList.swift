import Foundation

public enum DiscountType: String, Codable, Sendable, CaseIterable { case percentage, amount }

/// One quantity band: a line whose quantity lies in `beginQuantity...endQuantity` gets the discount.
public struct DiscountBand: Codable, Sendable, Equatable {
    public var beginQuantity: Decimal
    public var endQuantity: Decimal
    public var percentage: Decimal?
    public var amount: Decimal?

    public init(beginQuantity: Decimal, endQuantity: Decimal, percentage: Decimal? = nil, amount: Decimal? = nil) {
        self.beginQuantity = beginQuantity
        self.endQuantity = endQuantity
        self.percentage = percentage
        self.amount = amount
    }
}

public struct DiscountListFields: Codable, Sendable, Equatable {
    public var name: String
    public var type: DiscountType
    /// The currency of amount lists; nil for percentage lists.
    public var currency: String?
    public var bands: [DiscountBand]
    public var state: ActiveState

    public init(name: String, type: DiscountType, currency: String? = nil, bands: [DiscountBand], state: ActiveState = .active) {
        self.name = name
        self.type = type
        self.currency = currency
        self.bands = bands
        self.state = state
    }

    public func validate() throws(DomainError) {
        var check = Validator()
        check.require(name, "name")
        switch type {
        case .amount:
            if currency == nil { check.add("currency", "required", "an amount discount list needs a currency") }
            check.currencyCode(currency, "currency")
        case .percentage:
            if currency != nil { check.add("currency", "not_allowed", "a percentage discount list has no currency") }
        }
        for (index, band) in bands.enumerated() {
            let path = "bands[\(index)]."
            check.amount(band.beginQuantity, path + "beginQuantity", scale: 4)
            check.amount(band.endQuantity, path + "endQuantity", scale: 4)
            if band.endQuantity < band.beginQuantity {
                check.add(path + "endQuantity", "before_start", "endQuantity is below beginQuantity")
            }
            switch type {
            case .percentage:
                if band.percentage == nil || band.amount != nil {
                    check.add(path + "percentage", "required", "a band of a percentage list has a percentage and no amount")
                }
                check.percentage(band.percentage, path + "percentage")
            case .amount:
                if band.amount == nil || band.percentage != nil {
                    check.add(path + "amount", "required", "a band of an amount list has an amount and no percentage")
                }
                check.amount(band.amount, path + "amount", scale: 4)
            }
        }
        let sorted = bands.enumerated().sorted { $0.element.beginQuantity < $1.element.beginQuantity }
        for (previous, next) in zip(sorted, sorted.dropFirst()) where next.element.beginQuantity <= previous.element.endQuantity {
            check.add("bands[\(next.offset)].beginQuantity", "overlap",
                      "band \(next.offset) overlaps band \(previous.offset)")
        }
        try check.check()
    }
}

public struct DiscountList: Record {
    public static let recordType = "discountList"
    public static let accessKind = RecordKind.catalog
    public var id: ID<DiscountList>
    public var info: RecordInfo
    public var fields: DiscountListFields

    public init(id: ID<DiscountList>, info: RecordInfo, fields: DiscountListFields) throws(DomainError) {
        try fields.validate()
        self.id = id
        self.info = info
        self.fields = fields
    }

    public mutating func update(_ newFields: DiscountListFields) throws(DomainError) {
        try newFields.validate()
        fields = newFields
    }

    /// The discount per unit for `quantity`, rounded to the pricing precision; 0 outside every
    /// band. An inactive list still applies to lines that use it.
    public func discountPerUnit(quantity: Decimal, unitPrice: Decimal, pricingPrecision: Int) -> Decimal {
        guard let band = fields.bands.first(where: { $0.beginQuantity <= quantity && quantity <= $0.endQuantity }) else {
            return 0
        }
        switch fields.type {
        case .percentage: return (unitPrice * (band.percentage ?? 0) / 100).rounded(scale: pricingPrecision)
        case .amount: return (band.amount ?? 0).rounded(scale: pricingPrecision)
        }
    }
}
