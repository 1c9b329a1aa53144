import Foundation
import Testing
@testable import VendoWeb

@Suite("Web: formats and languages")
struct FormatsTests {
    @Test("money and numbers follow the language: 1,234.56 and €1,234.56 in English; 1 234,56 € in French")
    func money() {
        let en = Formats(.en), fr = Formats(.fr)
        #expect(en.money(Decimal(string: "1234.56") ?? 0, "EUR") == "€1,234.56")
        #expect(fr.money(Decimal(string: "1234.56") ?? 0, "EUR") == "1\u{00A0}234,56\u{00A0}€")
        #expect(en.money(Decimal(string: "-1234567.5") ?? 0, "USD") == "-$1,234,567.50")
        #expect(fr.number(Decimal(string: "0.005") ?? 0) == "0,01")
        #expect(en.money(12, "SEK") == "SEK\u{00A0}12.00")
        #expect(en.quantity(Decimal(string: "2.50") ?? 0) == "2.5")
        #expect(fr.percent(Decimal(string: "12.5") ?? 0) == "12,5\u{00A0}%")
    }
}
