import Foundation
import VendoCore

/// How the priced part of opportunities, quotes, orders and invoices is written (API.md,
/// "Documents' totals"). Money has the currency's decimals.
enum DocumentJSON {
    static func totals(_ pricing: Pricing, precision: Int) -> [(String, JSON)] {
        let totals = pricing.totals
        func money(_ value: Decimal) -> JSON { .money(value, scale: precision) }
        func base(_ value: Decimal) -> JSON { .money(value, scale: pricing.basePrecision) }
        return [
            ("currency", .string(pricing.currency)), ("exchangeRate", .string(pricing.exchangeRate.description)),
            ("priceListId", .id(pricing.fields.priceListId)),
            ("detailAmount", money(totals.detailAmount)), ("discountPercent", .string(pricing.fields.discountPercent.description)),
            ("discountAmount", money(pricing.fields.discountAmount)), ("discountPercentAmount", money(totals.discountPercentAmount)),
            ("preFreightAmount", money(totals.preFreightAmount)), ("freightAmount", money(pricing.fields.freightAmount)),
            ("freightTaxRate", .decimal(pricing.fields.freightTaxRate)), ("totalTax", money(totals.totalTax)),
            ("totalAmount", money(totals.totalAmount)), ("totalDiscount", money(totals.totalDiscount)),
            ("taxSummary", .array(totals.taxSummary.map { entry in
                .object([("rate", .decimal(entry.rate)), ("base", money(entry.base)), ("tax", money(entry.tax))])
            })),
            ("totalAmountBase", base(totals.base.totalAmount)), ("preFreightAmountBase", base(totals.base.preFreightAmount)),
            ("totalTaxBase", base(totals.base.totalTax)),
            ("lines", .array(pricing.lines.map { line($0, precision: precision) })),
        ]
    }

    static func line(_ line: DocumentLine, precision: Int) -> JSON {
        func money(_ value: Decimal) -> JSON { .money(value, scale: precision) }
        return .object([
            ("id", .string(line.id.description)), ("productId", .id(line.fields.productId)),
            ("writeInName", .string(line.fields.writeInName)), ("productName", .string(line.productName)),
            ("description", .string(line.fields.description)), ("unitId", .id(line.fields.unitId)), ("unit", .string(line.unitName)),
            ("quantity", .string(line.fields.quantity.description)), ("pricePerUnit", .string(line.pricePerUnit.description)),
            ("priceOverridden", .bool(line.priceOverridden)), ("volumeDiscountPerUnit", .string(line.volumeDiscountPerUnit.description)),
            ("amount", money(line.amount)), ("manualDiscount", .string(line.fields.manualDiscount.description)),
            ("manualDiscountAmount", money(line.manualDiscountAmount)), ("netAmount", money(line.netAmount)),
            ("taxRate", .decimal(line.taxRate)), ("typedTax", line.fields.tax.map { money($0) } ?? .null),
            ("taxCategory", (line.taxTreatment?.category ?? line.fields.taxCategory).map { JSON.string($0.rawValue) } ?? .null),
            ("tax", money(line.tax)), ("extendedAmount", money(line.extendedAmount)),
            ("sourceLineId", .id(line.sourceLineId)), ("invoicedQuantity", .string(line.invoiced.quantity.description)),
        ])
    }

    static let lineSchema = Schema.object([
        ("id", .uuid), ("productId", Schema.uuid.nullable), ("writeInName", Schema.string.nullable), ("productName", Schema.string.nullable),
        ("description", Schema.string.nullable), ("unitId", Schema.uuid.nullable), ("unit", Schema.string.nullable),
        ("quantity", .decimal), ("pricePerUnit", .decimal), ("priceOverridden", .boolean), ("volumeDiscountPerUnit", .decimal),
        ("amount", .decimal), ("manualDiscount", .decimal), ("manualDiscountAmount", .decimal), ("netAmount", .decimal),
        ("taxRate", Schema.decimal.nullable), ("typedTax", Schema.decimal.nullable),
        ("taxCategory", Schema.choice(TaxCategory.allCases.map(\.rawValue)).nullable), ("tax", .decimal), ("extendedAmount", .decimal),
        ("sourceLineId", Schema.uuid.nullable), ("invoicedQuantity", .decimal),
    ], closed: false)

    static let totalsSchema: [(String, Schema)] = [
        ("currency", .string), ("exchangeRate", .decimal), ("priceListId", Schema.uuid.nullable),
        ("detailAmount", .decimal), ("discountPercent", .decimal), ("discountAmount", .decimal), ("discountPercentAmount", .decimal),
        ("preFreightAmount", .decimal), ("freightAmount", .decimal), ("freightTaxRate", Schema.decimal.nullable), ("totalTax", .decimal),
        ("totalAmount", .decimal), ("totalDiscount", .decimal),
        ("taxSummary", .array(.object([("rate", Schema.decimal.nullable), ("base", .decimal), ("tax", .decimal)]))),
        ("totalAmountBase", .decimal), ("preFreightAmountBase", .decimal), ("totalTaxBase", .decimal), ("lines", .array(.ref("Line"))),
    ]

    static let readOnlyKeys = totalsSchema.map(\.0)

    /// The writable header amounts.
    static let pricingFields: [FieldSpec<PricingFields>] = [
        .id("priceListId", \.priceListId), .decimal("discountPercent", \.discountPercent, schema: .percentage), .decimal("discountAmount", \.discountAmount),
        .decimal("freightAmount", \.freightAmount), .percentage("freightTaxRate", \.freightTaxRate),
    ]

    static let lineFields: [FieldSpec<LineFields>] = [
        .id("productId", \.productId), .text("writeInName", \.writeInName), .text("description", \.description, max: 4000),
        .id("unitId", \.unitId), .decimal("quantity", \.quantity, required: true, schema: .positive), .decimal("pricePerUnit", \.pricePerUnit),
        .decimal("manualDiscount", \.manualDiscount), .percentage("taxRate", \.taxRate), .decimal("tax", \.tax),
        FieldSpec(name: "taxCategory", schema: Schema.choice(TaxCategory.allCases.map(\.rawValue)).nullable, required: false,
                  render: { $0.taxCategory.map { JSON.string($0.rawValue) } ?? .null },
                  apply: { reader, fields, _ in reader.read("taxCategory", into: &fields.taxCategory, Convert.choice(TaxCategory.self)) }),
    ]
}
