import Foundation
import Testing
@testable import VendoCore

@Suite("Exact decimals")
struct DecimalTests {
    @Test("commercial rounding is half away from zero")
    func halfAwayFromZero() {
        #expect(dec("2.5").rounded(scale: 0) == 3)
        #expect(dec("-2.5").rounded(scale: 0) == -3)
        #expect(dec("0.125").rounded(scale: 2) == dec("0.13"))
        #expect(dec("-0.125").rounded(scale: 2) == dec("-0.13"))
        #expect(dec("0.124999").rounded(scale: 2) == dec("0.12"))
        #expect(dec("1.005").rounded(scale: 2) == dec("1.01"))  // binary floating point would give 1.00
    }

    @Test("the strict parser takes plain decimals only")
    func strictParser() {
        #expect(Decimal.strict("1305.00") == dec("1305"))
        #expect(Decimal.strict("-0.5") == dec("-0.5"))
        for bad in ["", "abc", "12abc", "1.2.3", "1e3", " 1", "1 ", ".5", "5.", "--1", "+1", "1,5", "0x10", "NaN"] {
            #expect(Decimal.strict(bad) == nil, "\(bad) was accepted")
        }
    }

    @Test("money text has exactly the currency's decimals")
    func text() {
        #expect(dec("1305").text(scale: 2) == "1305.00")
        #expect(dec("0.5").text(scale: 2) == "0.50")
        #expect(dec("-0.5").text(scale: 2) == "-0.50")
        #expect(dec("1234.5").text(scale: 0) == "1235")
        #expect(dec("0.004").text(scale: 2) == "0.00")
        #expect(dec("12.3456").text(scale: 4) == "12.3456")
    }

    @Test("scaled integers round-trip")
    func scaledIntegers() {
        for text in ["0", "1305.00", "-12.3456", "99999999999999", "0.0001"] {
            let value = dec(text)
            let stored = value.scaledInteger(scale: 4)
            #expect(stored != nil)
            #expect(Decimal(scaledInteger: stored ?? 0, scale: 4) == value)
        }
        #expect(dec("1.00005").scaledInteger(scale: 4) == 10001)
    }

    @Test("largest remainder splits exactly, whatever the order of the parts")
    func largestRemainder() {
        let parts = LargestRemainder.split(dec("10.00"), weights: [1, 1, 1], keys: ["a", "b", "c"], precision: 2)
        #expect(parts.reduce(0, +) == dec("10.00"))
        #expect(parts == [dec("3.34"), dec("3.33"), dec("3.33")])
        let reversed = LargestRemainder.split(dec("10.00"), weights: [1, 1, 1], keys: ["c", "b", "a"], precision: 2)
        #expect(reversed == [dec("3.33"), dec("3.33"), dec("3.34")])
        #expect(LargestRemainder.split(5, weights: [0, 0], keys: ["a", "b"], precision: 2) == [0, 0])
        #expect(LargestRemainder.split(7, weights: [1, 2], keys: ["a", "b"], precision: 0) == [2, 5])  // 2.33, 4.67
    }

    @Test("days are calendar dates, strictly YYYY-MM-DD")
    func days() {
        #expect(Day("2026-02-28") != nil)
        #expect(Day("2026-02-29") == nil)
        #expect(Day("2028-02-29") != nil)
        #expect(Day("2026-13-01") == nil)
        #expect(Day("2026-1-01") == nil)
        #expect(Day("26-01-01") == nil)
        #expect(Day(Date(timeIntervalSince1970: 0)).description == "1970-01-01")
        #expect((Day("2026-01-31") ?? Day(Date())) < (Day("2026-02-01") ?? Day(Date())))
    }

    @Test("every line of an address is limited, like every other text")
    func addressLimits() {
        var fields = AccountFields(name: "Acme")
        fields.address = Address(city: "Lyon", country: String(repeating: "x", count: 201))
        let error = refusal { () throws(DomainError) in try fields.validate() }
        #expect(error?.fieldNames == ["address.country"])
        fields.address?.country = "FR"
        #expect(refusal { () throws(DomainError) in try fields.validate() } == nil)
    }
}
