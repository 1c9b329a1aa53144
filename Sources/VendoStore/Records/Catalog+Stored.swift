import Foundation
import VendoCore

extension UnitGroup: StoredRecord {
    public static let table = "unit_groups"
    public var searchText: String { Column.search(name) }
}

extension UnitOfMeasure: StoredRecord {
    public static let table = "units"
    public static let filterColumns = ["groupId": "group_id"]
    public var columns: [(String, any Encodable & Sendable)] { [("group_id", fields.groupId.description)] }
    public var searchText: String { Column.search(fields.name) }
}

extension TaxRate: StoredRecord {
    public static let table = "tax_rates"
    public var searchText: String { Column.search(fields.name) }
    public var stateColumn: String? { fields.active ? "active" : "inactive" }
}

extension Product: StoredRecord {
    public static let table = "products"
    public static let filterColumns = ["unitId": "unit_id"]
    public var columns: [(String, any Encodable & Sendable)] {
        [("number_key", fields.number.lowercased()), ("unit_id", fields.unitId.description)]
    }
    public var searchText: String { Column.search(fields.number, fields.name, fields.description) }
}

extension PriceList: StoredRecord {
    public static let table = "price_lists"
    public static let filterColumns = ["currency": "currency"]
    public var columns: [(String, any Encodable & Sendable)] { [("currency", fields.currency)] }
    public var searchText: String { Column.search(fields.name) }
    public var stateColumn: String? { fields.state.rawValue }
}

extension PriceListItem: StoredRecord {
    public static let table = "price_list_items"
    public static let filterColumns = ["priceListId": "price_list_id", "productId": "product_id", "discountListId": "discount_list_id"]
    public var columns: [(String, any Encodable & Sendable)] {
        [("price_list_id", priceListId.description), ("product_id", fields.productId.description),
         ("unit_id", fields.unitId.description), ("discount_list_id", Column.text(fields.discountListId))]
    }
    public var searchText: String { "" }
}

extension DiscountList: StoredRecord {
    public static let table = "discount_lists"
    public var searchText: String { Column.search(fields.name) }
    public var stateColumn: String? { fields.state.rawValue }
}
