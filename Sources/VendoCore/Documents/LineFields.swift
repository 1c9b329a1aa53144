import Foundation

/// What a person types on a line of an opportunity, quote, order or invoice.
public struct LineFields: Codable, Sendable, Equatable {
    /// A catalog product, or nil for a write-in line.
    public var productId: ID<Product>?
    public var writeInName: String?
    public var description: String?
    /// Defaults to the product's unit.
    public var unitId: ID<UnitOfMeasure>?
    public var quantity: Decimal
    /// The price of a write-in line, or an override of the catalog price.
    public var pricePerUnit: Decimal?
    /// For the whole line, or per unit when the organisation's discount method is `perUnit`.
    public var manualDiscount: Decimal
    /// A percentage; defaults to the product's tax rate. Ignored when `tax` is typed.
    public var taxRate: Decimal?
    /// Tax typed by hand, as Dynamics allows.
    public var tax: Decimal?
    /// The EN 16931 category of the line's tax, when the rate alone does not say it (several
    /// of the organisation's rates at 0 %: exempt, reverse charge, intra-community…).
    public var taxCategory: TaxCategory?

    public init(productId: ID<Product>? = nil, writeInName: String? = nil, description: String? = nil,
                unitId: ID<UnitOfMeasure>? = nil, quantity: Decimal, pricePerUnit: Decimal? = nil,
                manualDiscount: Decimal = 0, taxRate: Decimal? = nil, tax: Decimal? = nil) {
        self.productId = productId
        self.writeInName = writeInName
        self.description = description
        self.unitId = unitId
        self.quantity = quantity
        self.pricePerUnit = pricePerUnit
        self.manualDiscount = manualDiscount
        self.taxRate = taxRate
        self.tax = tax
    }

    public func validate(pricingPrecision: Int, currencyPrecision: Int, discountMethod: DiscountMethod) throws(DomainError) {
        var check = Validator()
        switch (productId, writeInName?.trimmingWhitespace().isEmpty ?? true) {
        case (nil, true):
            check.add("productId", "required", "a line needs a productId or a writeInName")
        case (.some, false):
            check.add("writeInName", "not_allowed", "a line has either a productId or a writeInName, not both")
        case (nil, false):
            if pricePerUnit == nil { check.add("pricePerUnit", "required", "a write-in line needs a pricePerUnit") }
            if unitId != nil { check.add("unitId", "not_allowed", "a write-in line has no catalog unit") }
        case (.some, true):
            break
        }
        check.text(writeInName, "writeInName")
        check.text(description, "description", maxLength: 4000)
        check.amount(quantity, "quantity", scale: 4, allowZero: false)
        check.amount(pricePerUnit, "pricePerUnit", scale: pricingPrecision)
        check.amount(manualDiscount, "manualDiscount", scale: discountMethod == .perUnit ? pricingPrecision : currencyPrecision)
        check.percentage(taxRate, "taxRate")
        check.amount(tax, "tax", scale: currencyPrecision)
        if tax != nil && taxRate != nil {
            check.add("taxRate", "not_allowed", "a line has either a typed tax or a taxRate, not both")
        }
        if let taxCategory {
            if tax != nil {
                check.add("taxCategory", "not_allowed", "a typed tax has no category; give a taxRate instead")
            } else if let taxRate, (taxCategory == .S) != (taxRate > 0) {
                check.add("taxCategory", "invalid_choice", taxCategory == .S
                          ? "a standard-rate (S) line has a rate above zero" : "only standard-rate (S) lines have a rate above zero")
            }
        }
        try check.check()
    }
}
