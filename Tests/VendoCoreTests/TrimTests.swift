import Foundation
import Testing
import VendoCore

@Suite("Trimming white space")
struct TrimTests {
    @Test("trims what Foundation's .whitespaces trims, for every scalar of the first three planes, on either side")
    func agreesWithFoundation() {
        var disagreements: [UInt32] = []
        for value in UInt32(0)..<0x3_0000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "\(scalar)\(scalar)a\u{301} b\(scalar)"
            if text.trimmingWhitespace() != text.trimmingCharacters(in: .whitespaces) { disagreements.append(value) }
        }
        #expect(disagreements.isEmpty)
    }

    @Test("strings and substrings: nothing to trim, everything to trim, inner spaces kept, newlines kept")
    func cases() {
        let cases: [(String, String)] = [
            ("", ""), ("   ", ""), ("\t a b \u{A0}", "a b"), ("plain", "plain"), ("\u{3000}Édouard\u{2003}", "Édouard"),
            ("\nline\n", "\nline\n"), (" 👩‍👩‍👧 ", "👩‍👩‍👧"),
        ]
        for (text, trimmed) in cases {
            #expect(text.trimmingWhitespace() == trimmed)
            #expect("[\(text)]".dropFirst().dropLast().trimmingWhitespace() == trimmed)
        }
        // Any set, as the import trims its cells of line ends too.
        #expect("\r\n\t a\nb \u{2028}"[...].trimming { $0.properties.isWhitespace } == "a\nb")
        #expect(" \n "[...].trimming { $0.properties.isWhitespace }.isEmpty)
    }
}
