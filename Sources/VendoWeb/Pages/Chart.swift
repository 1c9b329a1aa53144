import Foundation

/// Charts drawn as SVG on the server: no chart library, nothing to run in the browser. Every
/// chart also comes with its figures as a table, for screen readers and for print.
enum Chart {
    struct Bar {
        let label: String
        let value: Double
        let text: String
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func number(_ value: Double) -> String { String(format: "%.1f", value) }

    /// Horizontal bars, longest = full width; `funnel` centres them so the stages narrow like a funnel.
    static func horizontal(_ bars: [Bar], title: String, funnel: Bool = false, width: Double = 480) -> String {
        let rowHeight = 34.0, labelWidth = 150.0
        let height = max(rowHeight, Double(bars.count) * rowHeight)
        let largest = bars.map(\.value).max() ?? 0
        let room = width - labelWidth - 8
        var out = "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(escape(title))\">"
        for (index, bar) in bars.enumerated() {
            let y = Double(index) * rowHeight
            let length = largest > 0 ? max(2, room * bar.value / largest) : 2
            let x = funnel ? labelWidth + (room - length) / 2 : labelWidth
            out += "<text x=\"0\" y=\"\(number(y + 21))\" class=\"chart-label\">\(escape(bar.label))</text>"
            out += "<rect x=\"\(number(x))\" y=\"\(number(y + 6))\" width=\"\(number(length))\" height=\"22\" rx=\"3\" class=\"bar bar-\(index % 6)\"><title>\(escape(bar.label)): \(escape(bar.text))</title></rect>"
        }
        return out + "</svg>"
    }

    /// Vertical bars with their labels under them (months).
    static func vertical(_ bars: [Bar], title: String, width: Double = 480, height: Double = 200) -> String {
        let bottom = height - 24
        let largest = bars.map(\.value).max() ?? 0
        let slot = bars.isEmpty ? width : width / Double(bars.count)
        var out = "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(escape(title))\">"
        out += "<line x1=\"0\" y1=\"\(number(bottom))\" x2=\"\(Int(width))\" y2=\"\(number(bottom))\" class=\"axis\"/>"
        for (index, bar) in bars.enumerated() {
            let barHeight = largest > 0 ? max(1, (bottom - 8) * bar.value / largest) : 1
            let x = Double(index) * slot + slot * 0.15
            out += "<rect x=\"\(number(x))\" y=\"\(number(bottom - barHeight))\" width=\"\(number(slot * 0.7))\" height=\"\(number(barHeight))\" class=\"bar bar-0\"><title>\(escape(bar.label)): \(escape(bar.text))</title></rect>"
            out += "<text x=\"\(number(x + slot * 0.35))\" y=\"\(number(height - 6))\" text-anchor=\"middle\" class=\"chart-label\">\(escape(bar.label))</text>"
        }
        return out + "</svg>"
    }
}
