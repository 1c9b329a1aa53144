import Foundation
import VendoCore

extension UnitGroup: StoredRecord {
    public static let schema = RecordSchema<UnitGroup>(table: "unit_groups")
    public var searchText: String { Column.search(name) }
}

extension UnitOfMeasure: StoredRecord {
    public static let schema = RecordSchema<UnitOfMeasure>(table: "units", columns: [
        IndexedColumn("group_id", .text, filters: ["groupId"]) { $0.fields.groupId.description },
    ], references: [
        Reference("group_id", to: ["unitGroup"]),
    ])
    public var searchText: String { Column.search(fields.name) }
}

extension TaxRate: StoredRecord {
    public static let schema = RecordSchema<TaxRate>(table: "tax_rates")
    public var searchText: String { Column.search(fields.name) }
    public var stateColumn: String? { fields.active ? "active" : "inactive" }
}

extension Product: StoredRecord {
    public static let schema = RecordSchema<Product>(table: "products", columns: [
        IndexedColumn("number_key", .text) { $0.fields.number.lowercased() },
        IndexedColumn("unit_id", .text, filters: ["unitId"]) { $0.fields.unitId.description },
    ], references: [
        Reference("unit_id", to: ["unit"]),
    ], unique: [["number_key"]], searchIndexed: true)
    public var searchText: String { Column.search(fields.number, fields.name, fields.description, Column.customText(fields.customFields)) }
}

extension PriceList: StoredRecord {
    public static let schema = RecordSchema<PriceList>(table: "price_lists", columns: [
        IndexedColumn("currency", .text, filters: ["currency"]) { $0.fields.currency },
    ])
    public var searchText: String { Column.search(fields.name) }
    public var stateColumn: String? { fields.state.rawValue }
}

extension PriceListItem: StoredRecord {
    public static let schema = RecordSchema<PriceListItem>(table: "price_list_items", columns: [
        IndexedColumn("price_list_id", .text, filters: ["priceListId"]) { $0.priceListId.description },
        IndexedColumn("product_id", .text, filters: ["productId"]) { $0.fields.productId.description },
        IndexedColumn("unit_id", .text) { $0.fields.unitId.description },
        IndexedColumn("discount_list_id", .text, filters: ["discountListId"]) { Column.text($0.fields.discountListId) },
    ], references: [
        Reference("price_list_id", to: ["priceList"]),
        Reference("product_id", to: ["product"]),
        Reference("unit_id", to: ["unit"]),
        Reference("discount_list_id", to: ["discountList"]),
    ], unique: [["price_list_id", "product_id", "unit_id"]])
    public var searchText: String { "" }
}

extension DiscountList: StoredRecord {
    public static let schema = RecordSchema<DiscountList>(table: "discount_lists")
    public var searchText: String { Column.search(fields.name) }
    public var stateColumn: String? { fields.state.rawValue }
}
