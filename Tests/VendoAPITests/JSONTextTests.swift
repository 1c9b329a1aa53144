import Foundation
import Testing
import VendoAPI

@Suite("API: JSON text written")
struct JSONTextTests {
    @Test("strings read back as they were, escaped only where JSON needs it", arguments: [
        "plain", "", "Société Générale — Zoë 😀", "quote \" and backslash \\", "line\nbreak\r\ttab", "bell \u{07} nul \u{00} us \u{1F}",
        "slash / stays", "\u{2028} line separator",
    ])
    func roundTrip(text: String) throws {
        let written = JSON.object([("value", .string(text))]).text
        let read = try JSONDecoder().decode([String: String].self, from: Data(written.utf8))
        #expect(read["value"] == text)
        let needsEscape = text.utf8.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }
        #expect(written.contains("\"\(text)\"") == !needsEscape)
    }
}
