import Foundation
@testable import VendoCore

func dec(_ text: String) -> Decimal {
    guard let value = Decimal.strict(text) else { fatalError("bad decimal in test: \(text)") }
    return value
}

let testUser = ID<User>(UUID(uuidString: "00000000-0000-0000-0000-0000000000aa")!)
let testInfo = RecordInfo(at: Date(timeIntervalSince1970: 1_773_567_000), by: testUser)

func lineID(_ n: Int) -> ID<DocumentLine> {
    ID<DocumentLine>(UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", n))!)
}

/// A line priced by hand, as the services would after asking the catalog.
func line(_ n: Int, price: String, quantity: String, volume: String = "0", manualDiscount: String = "0",
          taxRate: String? = nil, typedTax: String? = nil) -> DocumentLine {
    var fields = LineFields(writeInName: "line \(n)", quantity: dec(quantity), pricePerUnit: dec(price),
                            manualDiscount: dec(manualDiscount), taxRate: taxRate.map(dec), tax: typedTax.map(dec))
    fields.productId = nil
    var result = try! DocumentLine(id: lineID(n), fields: fields, pricing: LinePricing(), pricingPrecision: 4, priceListRequired: false)
    result.volumeDiscountPerUnit = dec(volume)
    return result
}

extension DomainError {
    var fieldNames: [String] {
        if case .validation(let errors) = self { return errors.map(\.field) }
        return []
    }
}

/// The domain error a call throws, or nil when it succeeds.
func refusal(_ body: () throws(DomainError) -> Void) -> DomainError? {
    do {
        try body()
        return nil
    } catch {
        return error
    }
}
