import Foundation
import Testing
@testable import VendoCore

@Suite("Price list items: pricing methods and rounding")
struct PricingMethodTests {
    let product = try! Product(
        id: ID(UUID()), info: testInfo,
        fields: ProductFields(number: "P", name: "P", unitId: ID(UUID()), listPrice: dec("120.00"), standardCost: dec("60.00"),
                              currentCost: dec("80.00")),
        asDraft: false)

    func price(_ method: PricingMethod, amount: String? = nil, percentage: String? = nil,
               policy: RoundingPolicy = .none, option: RoundingOption? = nil, by step: String? = nil, precision: Int = 2) throws -> Decimal {
        let fields = PriceListItemFields(productId: product.id, unitId: product.fields.unitId, pricingMethod: method,
                                         amount: amount.map(dec), percentage: percentage.map(dec), roundingPolicy: policy,
                                         roundingOption: option, roundingAmount: step.map(dec))
        try fields.validate()
        return try fields.unitPrice(of: product, pricingPrecision: precision)
    }

    @Test("each of the six pricing methods")
    func methods() throws {
        #expect(try price(.currencyAmount, amount: "99.95") == dec("99.95"))
        #expect(try price(.percentOfList, percentage: "85") == dec("102.00"))           // 120 × 85 %
        #expect(try price(.markupCurrentCost, percentage: "25") == dec("100.00"))       // 80 × 1.25
        #expect(try price(.markupStandardCost, percentage: "30") == dec("78.00"))       // 60 × 1.30
        #expect(try price(.marginCurrentCost, percentage: "20") == dec("100.00"))       // 80 + 80 × 20 / 80
        #expect(try price(.marginStandardCost, percentage: "25") == dec("80.00"))       // 60 + 60 × 25 / 75
        #expect(try price(.marginCurrentCost, percentage: "30") == dec("114.29"))       // 80 / 0.7 = 114.2857…
        #expect(try price(.marginCurrentCost, percentage: "30", precision: 4) == dec("114.2857"))
    }

    @Test("rounding to a multiple, up, down and to the nearest")
    func multipleOf() throws {
        // 120 × 83.3 % = 99.96
        #expect(try price(.percentOfList, percentage: "83.3") == dec("99.96"))
        #expect(try price(.percentOfList, percentage: "83.3", policy: .up, option: .multipleOf, by: "0.25") == dec("100.00"))
        #expect(try price(.percentOfList, percentage: "83.3", policy: .down, option: .multipleOf, by: "0.25") == dec("99.75"))
        #expect(try price(.percentOfList, percentage: "83.3", policy: .nearest, option: .multipleOf, by: "0.25") == dec("100.00"))
        #expect(try price(.percentOfList, percentage: "83.3", policy: .down, option: .multipleOf, by: "5") == dec("95.00"))
        // A price already on the step stays.
        #expect(try price(.currencyAmount, amount: "10.50", policy: .up, option: .multipleOf, by: "0.50") == dec("10.50"))
    }

    @Test("rounding to a price that ends in a given amount")
    func endsIn() throws {
        #expect(try price(.currencyAmount, amount: "12.34", policy: .up, option: .endsIn, by: "0.99") == dec("12.99"))
        #expect(try price(.currencyAmount, amount: "12.34", policy: .down, option: .endsIn, by: "0.99") == dec("11.99"))
        #expect(try price(.currencyAmount, amount: "12.34", policy: .nearest, option: .endsIn, by: "0.99") == dec("11.99"))
        #expect(try price(.currencyAmount, amount: "12.60", policy: .nearest, option: .endsIn, by: "0.99") == dec("12.99"))
        #expect(try price(.currencyAmount, amount: "12.99", policy: .down, option: .endsIn, by: "0.99") == dec("12.99"))
        #expect(try price(.currencyAmount, amount: "123.00", policy: .up, option: .endsIn, by: "9") == dec("129.00"))
        #expect(try price(.currencyAmount, amount: "123.00", policy: .down, option: .endsIn, by: "9") == dec("119.00"))
        // Below the first price that ends so, rounding down would go negative: it goes up instead.
        #expect(try price(.currencyAmount, amount: "0.50", policy: .down, option: .endsIn, by: "0.99") == dec("0.99"))
    }

    @Test("rounding policy none keeps the computed price at the pricing precision")
    func noRounding() throws {
        #expect(try price(.currencyAmount, amount: "12.345", precision: 2) == dec("12.35"))
        #expect(try price(.currencyAmount, amount: "12.345", precision: 3) == dec("12.345"))
    }

    @Test("incomplete items are refused with the missing fields named")
    func invalidItems() {
        let unit = product.fields.unitId
        let missingAmount = #expect(throws: DomainError.self) {
            try PriceListItemFields(productId: product.id, unitId: unit, pricingMethod: .currencyAmount).validate()
        }
        #expect(missingAmount?.fieldNames == ["amount"])
        let badMargin = #expect(throws: DomainError.self) {
            try PriceListItemFields(productId: product.id, unitId: unit, pricingMethod: .marginCurrentCost, percentage: 100).validate()
        }
        #expect(badMargin?.fieldNames == ["percentage"])
        let noOption = #expect(throws: DomainError.self) {
            try PriceListItemFields(productId: product.id, unitId: unit, amount: 1, roundingPolicy: .up).validate()
        }
        #expect(noOption?.fieldNames == ["roundingOption", "roundingAmount"])
    }

    @Test("a method that needs a cost the product lacks is a clear error")
    func missingCost() throws {
        let bare = try Product(id: ID(UUID()), info: testInfo,
                               fields: ProductFields(number: "B", name: "B", unitId: ID(UUID())), asDraft: false)
        let fields = PriceListItemFields(productId: bare.id, unitId: bare.fields.unitId, pricingMethod: .markupCurrentCost, percentage: 10)
        let error = #expect(throws: DomainError.self) { try fields.unitPrice(of: bare, pricingPrecision: 2) }
        #expect(error?.fieldNames == ["productId"])
    }
}
