import Foundation

/// One page's drawing: text in the two embedded faces, rules and filled boxes, as PDF
/// content operators. Coordinates are points from the page's top-left corner; the canvas
/// turns them into PDF's bottom-up space.
struct PDFCanvas {
    static let width = 595.28
    static let height = 841.89

    enum Face: Int, CaseIterable {
        case regular, bold

        var font: TrueTypeFont { self == .bold ? .bold : .regular }
        var resource: String { self == .bold ? "F2" : "F1" }
    }

    private(set) var operators = ""
    /// The glyphs drawn in each face and the text each stands for, for the fonts' widths and
    /// ToUnicode maps.
    private(set) var glyphs: [Face: [UInt16: String]] = [:]
    /// Every text drawn, with where it starts and ends, for the layout's own checks.
    private(set) var drawn: [(text: String, left: Double, right: Double, y: Double)] = []

    /// Draws `text` with its baseline at `y`, starting at `x`, or ending there when `alignRight`.
    mutating func text(_ text: String, x: Double, y: Double, size: Double, face: Face = .regular, gray: Double = 0,
                       alignRight: Bool = false) {
        guard !text.isEmpty else { return }
        let font = face.font
        let width = font.width(of: text, size: size)
        let start = alignRight ? x - width : x
        drawn.append((text, start, start + width, y))
        var hex = ""
        for scalar in text.unicodeScalars {
            let glyph = font.glyph(scalar)
            hex += String(format: "%04X", glyph)
            if glyph != 0 { glyphs[face, default: [:]][glyph] = String(scalar) }
            else { glyphs[face, default: [:]][0] = glyphs[face]?[0] ?? "\u{FFFD}" }
        }
        operators += "BT \(fill(gray)) /\(face.resource) \(number(size)) Tf \(number(start)) \(number(Self.height - y)) Td <\(hex)> Tj ET\n"
    }

    /// Whether the page draws the logo (`/Im1`).
    private(set) var drawsLogo = false

    /// Draws the logo in the box whose top-left corner is at (`x`, `y`).
    mutating func logo(x: Double, y: Double, width: Double, height: Double) {
        drawsLogo = true
        operators += "q \(number(width)) 0 0 \(number(height)) \(number(x)) \(number(Self.height - y - height)) cm /Im1 Do Q\n"
    }

    /// A horizontal or vertical rule.
    mutating func rule(from: (Double, Double), to: (Double, Double), width: Double = 0.5, gray: Double = 0.6) {
        operators += "\(number(gray)) G \(number(width)) w \(number(from.0)) \(number(Self.height - from.1)) m "
            + "\(number(to.0)) \(number(Self.height - to.1)) l S\n"
    }

    /// A filled box whose top-left corner is at (`x`, `y`).
    mutating func box(x: Double, y: Double, width: Double, height: Double, gray: Double) {
        operators += "\(fill(gray)) \(number(x)) \(number(Self.height - y - height)) \(number(width)) \(number(height)) re f\n"
    }

    /// `text` cut into lines no wider than `width`: at spaces where it can, inside a word
    /// that is wider than a line by itself; the text's own line breaks are kept.
    static func wrap(_ text: String, width: Double, size: Double, face: Face = .regular) -> [String] {
        let font = face.font
        var lines: [String] = []
        for paragraph in text.components(separatedBy: .newlines) {
            var current = ""
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true).map(String.init) {
                let candidate = current.isEmpty ? word : current + " " + word
                if font.width(of: candidate, size: size) <= width {
                    current = candidate
                    continue
                }
                if !current.isEmpty { lines.append(current) }
                current = ""
                var piece = ""
                for character in word {
                    if font.width(of: piece + String(character), size: size) > width, !piece.isEmpty {
                        lines.append(piece)
                        piece = ""
                    }
                    piece.append(character)
                }
                current = piece
            }
            lines.append(current)
        }
        while lines.count > 1, lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    private func fill(_ gray: Double) -> String { "\(number(gray)) g" }

    /// A number as a content stream writes it: at most two decimals, no exponent.
    private func number(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(format: "%.2f", rounded)
    }
}
