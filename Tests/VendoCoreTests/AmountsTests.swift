import Foundation
import Testing
@testable import VendoCore

@Suite("Amounts (SALES-PROCESS.md §7)")
struct AmountsTests {
    @Test("the worked example of §7")
    func workedExample() throws {
        // Line 1: 100.00, volume band 5 % (5.00 per unit), quantity 10, manual discount 50.00, typed tax 90.00.
        // Line 2: write-in 200.00 × 2, typed tax 40.00. Document: 10 % and 20.00 off, freight 25.00.
        var pricing = Pricing(currency: "EUR", exchangeRate: 1,
                              fields: PricingFields(discountPercent: 10, discountAmount: 20, freightAmount: 25),
                              lines: [line(1, price: "100.00", quantity: "10", volume: "5.00", manualDiscount: "50.00", typedTax: "90.00"),
                                      line(2, price: "200.00", quantity: "2", typedTax: "40.00")])
        try pricing.recalculate(AmountsContext())
        let first = pricing.lines[0], second = pricing.lines[1]
        #expect(first.amount == dec("950.00"))
        #expect(first.netAmount == dec("900.00"))
        #expect(first.extendedAmount == dec("990.00"))
        #expect(second.netAmount == dec("400.00"))
        #expect(second.extendedAmount == dec("440.00"))
        let totals = pricing.totals
        #expect(totals.detailAmount == dec("1300.00"))
        #expect(totals.discountPercentAmount == dec("130.00"))
        #expect(totals.preFreightAmount == dec("1150.00"))
        #expect(totals.totalTax == dec("130.00"))
        #expect(totals.totalAmount == dec("1305.00"))
        #expect(totals.totalDiscount == dec("200.00"))
        #expect(totals.totalAmount.text(scale: 2) == "1305.00")
    }

    @Test("the volume discount comes from the band that holds the quantity")
    func volumeBands() throws {
        let percent = try DiscountList(id: ID(UUID()), info: testInfo, fields: DiscountListFields(
            name: "p", type: .percentage, bands: [DiscountBand(beginQuantity: 5, endQuantity: 9, percentage: 5),
                                                   DiscountBand(beginQuantity: 10, endQuantity: 49, percentage: dec("7.5"))]))
        #expect(percent.discountPerUnit(quantity: 4, unitPrice: 100, pricingPrecision: 2) == 0)
        #expect(percent.discountPerUnit(quantity: 5, unitPrice: 100, pricingPrecision: 2) == 5)
        #expect(percent.discountPerUnit(quantity: 9, unitPrice: 100, pricingPrecision: 2) == 5)
        #expect(percent.discountPerUnit(quantity: dec("9.5"), unitPrice: 100, pricingPrecision: 2) == 0)
        #expect(percent.discountPerUnit(quantity: 10, unitPrice: dec("33.33"), pricingPrecision: 2) == dec("2.50"))
        #expect(percent.discountPerUnit(quantity: 50, unitPrice: 100, pricingPrecision: 2) == 0)
        let amount = try DiscountList(id: ID(UUID()), info: testInfo, fields: DiscountListFields(
            name: "a", type: .amount, currency: "EUR", bands: [DiscountBand(beginQuantity: 1, endQuantity: 100, amount: dec("1.25"))]))
        #expect(amount.discountPerUnit(quantity: 3, unitPrice: 10, pricingPrecision: 2) == dec("1.25"))
    }

    @Test("bands that overlap, or a band without its value, are refused")
    func badBands() {
        #expect(throws: DomainError.self) {
            try DiscountListFields(name: "x", type: .percentage, bands: [
                DiscountBand(beginQuantity: 1, endQuantity: 10, percentage: 5),
                DiscountBand(beginQuantity: 10, endQuantity: 20, percentage: 6)]).validate()
        }
        #expect(throws: DomainError.self) {
            try DiscountListFields(name: "x", type: .amount, currency: "EUR", bands: [
                DiscountBand(beginQuantity: 1, endQuantity: 10, percentage: 5)]).validate()
        }
        #expect(throws: DomainError.self) {
            try DiscountListFields(name: "x", type: .amount, bands: [DiscountBand(beginQuantity: 1, endQuantity: 10, amount: 1)]).validate()
        }
    }

    @Test("a manual discount is per line by default, per unit × quantity under perUnit")
    func manualDiscountMethods() throws {
        var lineItem = Pricing(currency: "EUR", exchangeRate: 1, lines: [line(1, price: "10.00", quantity: "3", manualDiscount: "1.50")])
        try lineItem.recalculate(AmountsContext(discountMethod: .lineItem))
        #expect(lineItem.lines[0].manualDiscountAmount == dec("1.50"))
        #expect(lineItem.lines[0].netAmount == dec("28.50"))

        var perUnit = Pricing(currency: "EUR", exchangeRate: 1, lines: [line(1, price: "10.00", quantity: "3", manualDiscount: "1.505")])
        try perUnit.recalculate(AmountsContext(pricingPrecision: 4, discountMethod: .perUnit))
        #expect(perUnit.lines[0].manualDiscountAmount == dec("4.52"))  // 1.505 × 3 = 4.515 → 4.52
        #expect(perUnit.lines[0].netAmount == dec("25.48"))
        #expect(perUnit.totals.totalDiscount == dec("4.52"))
    }

    @Test("computed tax per rate: rounded once per rate, shared by largest remainder")
    func perRateTax() throws {
        // Three lines of 0.10 at 20 %: per line each would round 0.02 → 0.06; per rate 0.30 × 20 % = 0.06.
        // With 0.05 each: per line 0.01 × 3 = 0.03; per rate round(0.15 × 0.2 = 0.03) = 0.03.
        // 1.05 ×3 at 5.5 %: per line round(0.05775)=0.06 ×3 = 0.18; per rate round(3.15 × 5.5 % = 0.17325) = 0.17.
        let lines = [line(1, price: "1.05", quantity: "1", taxRate: "5.5"), line(2, price: "1.05", quantity: "1", taxRate: "5.5"),
                     line(3, price: "1.05", quantity: "1", taxRate: "5.5")]
        var perRate = Pricing(currency: "EUR", exchangeRate: 1, lines: lines)
        try perRate.recalculate(AmountsContext(taxRounding: .perRate))
        #expect(perRate.totals.totalTax == dec("0.17"))
        #expect(perRate.lines.map(\.tax).reduce(0, +) == dec("0.17"))
        #expect(Set(perRate.lines.map(\.tax)) == [dec("0.06"), dec("0.05")])
        #expect(perRate.totals.taxSummary == [TaxSummaryEntry(rate: dec("5.5"), base: dec("3.15"), tax: dec("0.17"))])

        var perLine = Pricing(currency: "EUR", exchangeRate: 1, lines: lines)
        try perLine.recalculate(AmountsContext(taxRounding: .perLine))
        #expect(perLine.lines.map(\.tax) == [dec("0.06"), dec("0.06"), dec("0.06")])
        #expect(perLine.totals.totalTax == dec("0.18"))
    }

    @Test("document discounts lower the taxable base, shared in proportion to the lines' net amounts")
    func discountSharedIntoTaxBase() throws {
        // Nets 100.00 at 20 % and 200.00 at 5.5 %; 10 % off = 30.00 shared 10.00 / 20.00.
        var pricing = Pricing(currency: "EUR", exchangeRate: 1, fields: PricingFields(discountPercent: 10),
                              lines: [line(1, price: "100.00", quantity: "1", taxRate: "20"),
                                      line(2, price: "200.00", quantity: "1", taxRate: "5.5")])
        try pricing.recalculate(AmountsContext())
        #expect(pricing.totals.preFreightAmount == dec("270.00"))
        #expect(pricing.lines[0].tax == dec("18.00"))   // 90.00 × 20 %
        #expect(pricing.lines[1].tax == dec("9.90"))    // 180.00 × 5.5 %
        #expect(pricing.totals.taxSummary == [TaxSummaryEntry(rate: dec("5.5"), base: dec("180.00"), tax: dec("9.90")),
                                              TaxSummaryEntry(rate: 20, base: dec("90.00"), tax: dec("18.00"))])
        #expect(pricing.totals.totalAmount == dec("297.90"))
    }

    @Test("an uneven discount share still adds up to the cent")
    func unevenShares() throws {
        // 10.00 off three nets of 10.00: shares 3.34, 3.33, 3.33, so the bases are 6.66, 6.67, 6.67 in some order.
        var pricing = Pricing(currency: "EUR", exchangeRate: 1, fields: PricingFields(discountAmount: dec("10.00")),
                              lines: [line(1, price: "10.00", quantity: "1", taxRate: "10"), line(2, price: "10.00", quantity: "1", taxRate: "20"),
                                      line(3, price: "10.00", quantity: "1", taxRate: "0")])
        try pricing.recalculate(AmountsContext())
        let bases = pricing.totals.taxSummary.map(\.base)
        #expect(bases.reduce(0, +) == dec("20.00"))
        #expect(Set(bases) == [dec("6.66"), dec("6.67")])
    }

    @Test("freight is taxed at the freight rate and appears in the summary")
    func freightTax() throws {
        var pricing = Pricing(currency: "EUR", exchangeRate: 1, fields: PricingFields(freightAmount: dec("25.00"), freightTaxRate: 20),
                              lines: [line(1, price: "100.00", quantity: "1", taxRate: "20")])
        try pricing.recalculate(AmountsContext())
        #expect(pricing.totals.freightTax == dec("5.00"))
        #expect(pricing.totals.totalTax == dec("25.00"))
        #expect(pricing.totals.totalAmount == dec("150.00"))
        #expect(pricing.totals.taxSummary == [TaxSummaryEntry(rate: 20, base: dec("125.00"), tax: dec("25.00"))])
    }

    @Test("a zero-precision currency rounds to whole units")
    func yen() throws {
        var pricing = Pricing(currency: "JPY", exchangeRate: 160, fields: PricingFields(discountPercent: dec("3")),
                              lines: [line(1, price: "1234.5", quantity: "3", taxRate: "10")])
        try pricing.recalculate(AmountsContext(currencyPrecision: 0, basePrecision: 2, pricingPrecision: 2))
        #expect(pricing.lines[0].amount == 3704)           // 3703.5 → 3704
        #expect(pricing.totals.discountPercentAmount == 111)  // 111.12 → 111
        #expect(pricing.totals.preFreightAmount == 3593)
        #expect(pricing.totals.totalTax == 359)           // 359.3 → 359
        #expect(pricing.totals.totalAmount == 3952)
        #expect(pricing.totals.base.totalAmount == dec("24.70"))  // 3952 / 160
        #expect(pricing.totals.base.preFreightAmount == dec("22.46"))  // 22.45625
    }

    @Test("base-currency twins divide by the frozen rate and round to the base precision")
    func baseTwins() throws {
        var pricing = Pricing(currency: "USD", exchangeRate: dec("1.25"), lines: [line(1, price: "99.99", quantity: "1", taxRate: "20")])
        try pricing.recalculate(AmountsContext())
        #expect(pricing.totals.totalAmount == dec("119.99"))
        #expect(pricing.totals.base.totalAmount == dec("95.99"))   // 95.992
        #expect(pricing.totals.base.detailAmount == dec("79.99"))  // 79.992
    }

    @Test("amounts below zero are validation errors that change nothing")
    func negatives() throws {
        let original = Pricing(currency: "EUR", exchangeRate: 1, fields: PricingFields(discountAmount: dec("500.00")),
                               lines: [line(1, price: "100.00", quantity: "1")])
        var pricing = original
        #expect(throws: DomainError.invalid("discountAmount", "exceeds_amount", "the document discounts are larger than the lines' total")) {
            try pricing.recalculate(AmountsContext())
        }
        #expect(pricing == original)
        var manual = Pricing(currency: "EUR", exchangeRate: 1, lines: [line(1, price: "10.00", quantity: "1", manualDiscount: "11.00")])
        let error = #expect(throws: DomainError.self) { try manual.recalculate(AmountsContext()) }
        #expect(error?.fieldNames == ["lines[0].manualDiscount"])
        var volume = Pricing(currency: "EUR", exchangeRate: 1, lines: [line(1, price: "10.00", quantity: "1", volume: "12")])
        #expect(throws: DomainError.self) { try volume.recalculate(AmountsContext()) }
    }

    @Test("amounts too large to store exactly are refused")
    func tooLarge() {
        var single = Pricing(currency: "EUR", exchangeRate: 1, lines: [line(1, price: "99999999999999", quantity: "2")])
        let lineError = refusal { () throws(DomainError) in try single.recalculate(AmountsContext()) }
        #expect(lineError?.fieldNames == ["lines[0].quantity"])
        var total = Pricing(currency: "EUR", exchangeRate: 1,
                            lines: [line(1, price: "60000000000000", quantity: "1"), line(2, price: "60000000000000", quantity: "1")])
        let totalError = refusal { () throws(DomainError) in try total.recalculate(AmountsContext()) }
        #expect(totalError?.fieldNames == ["lines"])
        var weak = Pricing(currency: "XTS", exchangeRate: dec("0.000001"), lines: [line(1, price: "1000000000", quantity: "1")])
        let baseError = refusal { () throws(DomainError) in try weak.recalculate(AmountsContext()) }
        #expect(baseError?.fieldNames == ["lines"])
        let rate = refusal { () throws(DomainError) in
            try Currency(code: "XTS", name: "Test", symbol: "x", precision: 2, exchangeRate: dec("0.0000000001")).validate()
        }
        #expect(rate?.fieldNames == ["exchangeRate"])
    }

    @Test("a credit note mirrors every amount with the opposite sign")
    func negated() throws {
        var pricing = Pricing(currency: "EUR", exchangeRate: 1, fields: PricingFields(discountPercent: 10, freightAmount: 5, freightTaxRate: 20),
                              lines: [line(1, price: "100.00", quantity: "2", taxRate: "20")])
        try pricing.recalculate(AmountsContext())
        let note = pricing.negated()
        #expect(note.totals.totalAmount == -pricing.totals.totalAmount)
        #expect(note.totals.totalTax == -pricing.totals.totalTax)
        #expect(note.lines[0].netAmount == -pricing.lines[0].netAmount)
        #expect(note.totals.taxSummary.map(\.tax) == pricing.totals.taxSummary.map { -$0.tax })
    }
}
