import Foundation

/// What the catalog says about a line's product when it is priced.
public struct LinePricing: Sendable {
    /// The price from the document's price list, or nil when the product is not on it.
    public var listedPrice: Decimal?
    public var discountList: DiscountList?
    public var productName: String?
    public var unitName: String?
    public var defaultTaxRate: Decimal?

    public init(listedPrice: Decimal? = nil, discountList: DiscountList? = nil, productName: String? = nil,
                unitName: String? = nil, defaultTaxRate: Decimal? = nil) {
        self.listedPrice = listedPrice
        self.discountList = discountList
        self.productName = productName
        self.unitName = unitName
        self.defaultTaxRate = defaultTaxRate
    }
}

/// A priced line of an opportunity, quote, order or invoice. Its amounts are computed by
/// `Pricing.recalculate`, never typed.
public struct DocumentLine: Codable, Sendable, Equatable {
    public var id: ID<DocumentLine>
    public var fields: LineFields
    public var productName: String?
    public var unitName: String?
    public var pricePerUnit: Decimal
    public var priceOverridden: Bool
    public var discountListId: ID<DiscountList>?
    public var volumeDiscountPerUnit: Decimal
    public var amount: Decimal = 0
    /// The manual discount of the whole line (per unit × quantity under `perUnit`).
    public var manualDiscountAmount: Decimal = 0
    public var netAmount: Decimal = 0
    /// The rate the tax is computed with; nil when the tax is typed.
    public var taxRate: Decimal?
    public var tax: Decimal = 0
    public var extendedAmount: Decimal = 0
    /// The line this one was copied from (quote line ← opportunity line, invoice line ← order line).
    public var sourceLineId: ID<DocumentLine>?
    /// Order lines: how much of the quantity, manual discount and typed tax live invoices hold.
    /// Invoice lines: how much of those this line took from its order line.
    public var invoiced: InvoicedShare = InvoicedShare()
    /// Invoice lines: the tax category and exemption the line was issued under.
    public var taxTreatment: TaxTreatment?

    /// Builds a line from its fields and the catalog's answer.
    public init(id: ID<DocumentLine>, fields: LineFields, pricing: LinePricing, pricingPrecision: Int,
                priceListRequired: Bool) throws(DomainError) {
        if fields.productId != nil, fields.pricePerUnit == nil, pricing.listedPrice == nil, priceListRequired {
            throw .invalid("productId", "not_on_price_list", "the product is not on the document's price list")
        }
        self.id = id
        self.fields = fields
        productName = pricing.productName ?? fields.writeInName
        unitName = pricing.unitName
        pricePerUnit = fields.pricePerUnit ?? pricing.listedPrice ?? 0
        priceOverridden = fields.productId != nil && fields.pricePerUnit != nil
        discountListId = pricing.discountList?.id
        volumeDiscountPerUnit = 0
        taxRate = fields.tax == nil ? (fields.taxRate ?? pricing.defaultTaxRate ?? 0) : nil
        applyVolumeDiscount(pricing.discountList, pricingPrecision: pricingPrecision)
    }

    public var isWriteIn: Bool { fields.productId == nil }

    /// Recomputes the volume discount for the current quantity and price.
    public mutating func applyVolumeDiscount(_ list: DiscountList?, pricingPrecision: Int) {
        volumeDiscountPerUnit = list?.discountPerUnit(
            quantity: fields.quantity, unitPrice: pricePerUnit, pricingPrecision: pricingPrecision) ?? 0
    }

    /// A copy for another document: a new id, the same prices, remembering where it came from.
    public func copied(as newId: ID<DocumentLine>) -> DocumentLine {
        var copy = self
        copy.id = newId
        copy.sourceLineId = id
        copy.invoiced = InvoicedShare()
        copy.taxTreatment = nil
        return copy
    }

    mutating func computeAmounts(_ context: AmountsContext) -> [FieldError] {
        var check = Validator()
        let precision = context.currencyPrecision
        check.amount(pricePerUnit, "pricePerUnit", scale: context.pricingPrecision)
        check.amount(fields.quantity, "quantity", scale: 4, allowZero: false)
        let unitPrice = pricePerUnit - volumeDiscountPerUnit
        if unitPrice < 0 {
            check.add("volumeDiscountPerUnit", "exceeds_price", "the volume discount is larger than the unit price")
        }
        amount = (unitPrice * fields.quantity).rounded(scale: precision)
        manualDiscountAmount = context.discountMethod == .perUnit
            ? (fields.manualDiscount * fields.quantity).rounded(scale: precision)
            : fields.manualDiscount
        netAmount = amount - manualDiscountAmount
        if amount > Decimal.maximumAmount {
            check.add("quantity", "too_large", "the line amount is larger than \(Decimal.maximumAmount)")
        }
        if netAmount < 0 {
            check.add("manualDiscount", "exceeds_amount", "the manual discount is larger than the line amount")
        }
        return check.errors
    }
}

/// The part of an order line that invoices hold, so that a line is invoiced at most once in
/// total and its manual discount and typed tax add up exactly across partial invoices.
public struct InvoicedShare: Codable, Sendable, Equatable {
    public var quantity: Decimal = 0
    public var manualDiscount: Decimal = 0
    public var typedTax: Decimal = 0

    public init() {}
}
