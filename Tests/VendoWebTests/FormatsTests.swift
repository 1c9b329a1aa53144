import Foundation
import Testing
import VendoCore
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

    @Test("typed numbers are read as the language writes them, and a doubtful one is not guessed into another value", arguments: [
        (Language.en, "1,234.56", "1234.56"), (.en, "1234.5", "1234.5"), (.en, "1,234", "1234"), (.en, "12,5", "12.5"), (.en, "-3", "-3"),
        (.fr, "1 234,56", "1234.56"), (.fr, "1\u{00A0}234,5", "1234.5"), (.fr, "12,5", "12.5"), (.fr, "1.5", "1.5"), (.fr, "1.500", "1500"),
        (.fr, "1.234,5", "1234.5"), (.en, "abc", nil), (.fr, "1,2,3", nil), (.en, "", nil), (.en, "1.2.3", nil),
    ] as [(Language, String, String?)])
    func parse(language: Language, typed: String, expected: String?) {
        #expect(Formats(language).parse(typed) == expected.flatMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) })
    }

    @Test("URL-encoded forms: every value of a name in order, + and escapes decoded; a broken escape is refused, not guessed")
    func forms() {
        let form = URLEncodedForm.decode(Data("a=1&b=x+y&a=%C3%A9t%C3%A9&empty=&flag&=skipped".utf8))
        #expect(form == ["a": ["1", "été"], "b": ["x y"], "empty": [""], "flag": [""]])
        #expect(URLEncodedForm.decode(Data("a=%zz".utf8)) == nil)
        #expect(URLEncodedForm.decode(Data([0x61, 0x3D, 0xFF])) == nil)
        #expect(URLEncodedForm.escape("a b&c/é") == "a%20b%26c%2F%C3%A9")
    }
}
