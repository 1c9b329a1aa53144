import Foundation
import VendoCore

/// Writes the demo's steps for a person to read.
struct Printer {
    func title(_ text: String) {
        print("\n\(text)\n" + String(repeating: "=", count: min(text.count, 100)))
    }

    func step(_ text: String) { print("\n▸ \(text)") }

    func line(_ text: String) { print("  \(text)") }

    func money(_ value: Decimal, _ currency: String, precision: Int = 2) -> String {
        "\(value.text(scale: precision)) \(currency)"
    }

    func state<R: LifecycleRecord>(_ record: R) -> String { "\(record.state.rawValue)/\(record.status.rawValue)" }

    /// The lines and totals of a document, as it would be printed.
    func document(_ pricing: Pricing) {
        let currency = pricing.currency
        for line in pricing.lines {
            let name = line.productName ?? line.fields.writeInName ?? "?"
            var text = "\(name): \(line.fields.quantity) × \(line.pricePerUnit.text(scale: 2))"
            if line.volumeDiscountPerUnit > 0 { text += " − volume \(line.volumeDiscountPerUnit.text(scale: 2))/unit" }
            if line.manualDiscountAmount > 0 { text += " − discount \(line.manualDiscountAmount.text(scale: 2))" }
            text += " = net \(money(line.netAmount, currency)), tax \(money(line.tax, currency))"
            line.taxRate.map { text += " (\($0) %)" }
            self.line(text)
        }
        let totals = pricing.totals
        line("detail \(money(totals.detailAmount, currency))"
             + (pricing.fields.discountPercent > 0 ? ", discount \(pricing.fields.discountPercent) % = \(money(totals.discountPercentAmount, currency))" : "")
             + (pricing.fields.discountAmount > 0 ? ", discount \(money(pricing.fields.discountAmount, currency))" : "")
             + ", pre-freight \(money(totals.preFreightAmount, currency))"
             + (pricing.fields.freightAmount > 0 ? ", freight \(money(pricing.fields.freightAmount, currency))" : ""))
        for entry in totals.taxSummary {
            let rate = entry.rate.map { "\($0) %" } ?? "typed"
            line("tax \(rate): base \(money(entry.base, currency)) → \(money(entry.tax, currency))")
        }
        line("total tax \(money(totals.totalTax, currency)), TOTAL \(money(totals.totalAmount, currency))")
    }
}
