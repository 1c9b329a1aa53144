import Foundation
import Testing
@testable import VendoWeb

@Suite("Web: colour contrast")
struct ContrastTests {
    /// The colour of a CSS custom property of the stylesheet (`--ink: #1d2433`).
    static func variable(_ name: String) throws -> String {
        let pattern = "--\(name): (#[0-9a-fA-F]{6})"
        let regex = try NSRegularExpression(pattern: pattern)
        let css = Assets.css
        let match = try #require(regex.firstMatch(in: css, range: NSRange(css.startIndex..., in: css)))
        return String(css[try #require(Range(match.range(at: 1), in: css))])
    }

    /// WCAG 2 relative luminance and contrast ratio.
    static func ratio(_ a: String, _ b: String) -> Double {
        func luminance(_ hex: String) -> Double {
            let value = Int(hex.dropFirst(), radix: 16) ?? 0
            let bytes: [Int] = [(value >> 16) & 255, (value >> 8) & 255, value & 255]
            let channels: [Double] = bytes.map { byte in
                let c = Double(byte) / 255
                return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
            }
            let red: Double = 0.2126 * channels[0], green: Double = 0.7152 * channels[1], blue: Double = 0.0722 * channels[2]
            return red + green + blue
        }
        let (x, y) = (luminance(a), luminance(b))
        return (max(x, y) + 0.05) / (min(x, y) + 0.05)
    }

    @Test("text and its background meet WCAG AA (4.5:1) in every pairing the stylesheet uses")
    func aa() throws {
        let ink = try Self.variable("ink"), muted = try Self.variable("muted"), paper = try Self.variable("paper")
        let wash = try Self.variable("wash"), accent = try Self.variable("accent"), bad = try Self.variable("bad")
        let good = try Self.variable("good"), warn = try Self.variable("warn")
        let pairs: [(String, String, String)] = [
            ("text", ink, paper), ("text on the page", ink, wash), ("muted text", muted, paper), ("muted on the page", muted, wash),
            ("links", accent, paper), ("primary buttons", "#ffffff", accent), ("errors", bad, "#fbe9e7"), ("danger buttons", "#ffffff", bad),
            ("won and paid", good, paper), ("required badges", warn, paper), ("warnings", "#5c3c00", "#fff4dc"),
            ("the header", "#ffffff", "#16233a"), ("the current menu item", "#ffffff", "#2d4270"), ("board columns", muted, "#e9edf4"),
        ]
        for (use, text, background) in pairs {
            #expect(Self.ratio(text, background) >= 4.5, "\(use): \(text) on \(background) is \(Self.ratio(text, background)):1")
        }
        #expect(Assets.css.contains(":focus-visible { outline: 3px solid"))
    }
}
