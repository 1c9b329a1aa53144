import Foundation
import VendoCore
import VendoStore

extension Services {
    public func createPriceList(_ fields: PriceListFields, by caller: Caller) async throws -> PriceList {
        try await write(as: caller) { tx in
            let list = try PriceList(id: newID(), info: newInfo(caller), fields: fields)
            _ = try await loadCurrency(fields.currency, field: "currency", in: tx)
            try await insert(list, by: caller, in: tx)
            return list
        }
    }

    public func updatePriceList(_ id: ID<PriceList>, ifVersion: Int?, by caller: Caller,
                                _ edit: @escaping @Sendable (inout PriceListFields) -> Void) async throws -> PriceList {
        try await write(as: caller) { tx in
            try await change(PriceList.self, id, ifVersion: ifVersion, by: caller, action: "update", in: tx) {
                var fields = $0.fields
                edit(&fields)
                if fields.currency != $0.fields.currency {
                    throw ServiceError.invalid("currency", "immutable", "a price list keeps its currency; create another list")
                }
                try $0.update(fields)
            }
        }
    }

    public func deletePriceList(_ id: ID<PriceList>, ifVersion: Int?, by caller: Caller) async throws {
        try await write(as: caller) { tx in
            let list = try await load(PriceList.self, id, in: tx)
            try await remove(list, ifVersion: ifVersion, by: caller, in: tx)
        }
    }

    public func createPriceListItem(in priceList: ID<PriceList>, _ fields: PriceListItemFields, by caller: Caller) async throws -> PriceListItem {
        try await write(as: caller) { tx in
            let item = try await newPriceListItem(fields, in: try await load(PriceList.self, priceList, in: tx), by: caller, in: tx)
            try await insert(item, by: caller, in: tx)
            return item
        }
    }

    /// A new item of `list` that fits its product and prices it once, not yet saved.
    func newPriceListItem(_ fields: PriceListItemFields, in list: PriceList, by caller: Caller, in tx: Transaction) async throws -> PriceListItem {
        let item = try PriceListItem(id: newID(), info: newInfo(caller), priceListId: list.id, fields: fields)
        try await checkItem(fields, of: list, in: tx)
        if try await tx.priceListItem(priceList: list.id, product: fields.productId, unit: fields.unitId) != nil {
            throw ServiceError.conflict(code: "already_exists", message: "the price list already prices this product in this unit",
                                        related: [fields.productId.description])
        }
        return item
    }

    /// An item's product, unit and discount list must exist and fit together.
    private func checkItem(_ fields: PriceListItemFields, of list: PriceList, in tx: Transaction) async throws {
        let product = try await reference(Product.self, fields.productId, field: "productId", in: tx)
        try await checkUnit(fields.unitId, fits: product, field: "unitId", in: tx)
        if let discountId = fields.discountListId {
            let discounts = try await reference(DiscountList.self, discountId, field: "discountListId", in: tx)
            if discounts.fields.type == .amount && discounts.fields.currency != list.fields.currency {
                throw ServiceError.invalid("discountListId", "currency_mismatch",
                                           "an amount discount list must be in the price list's currency \(list.fields.currency)")
            }
        }
        _ = try fields.unitPrice(of: product, pricingPrecision: 4)
    }

    /// A line or item may use a unit of the product's unit group only.
    func checkUnit(_ unitId: ID<UnitOfMeasure>, fits product: Product, field: String, in tx: Transaction) async throws {
        let unit = try await reference(UnitOfMeasure.self, unitId, field: field, in: tx)
        if unitId != product.fields.unitId {
            let base = try await load(UnitOfMeasure.self, product.fields.unitId, in: tx)
            if base.fields.groupId != unit.fields.groupId {
                throw ServiceError.invalid(field, "other_group", "the unit \(unit.fields.name) is not in the product's unit group")
            }
        }
    }

    public func updatePriceListItem(_ id: ID<PriceListItem>, ifVersion: Int?, by caller: Caller,
                                    _ edit: @escaping @Sendable (inout PriceListItemFields) -> Void) async throws -> PriceListItem {
        try await write(as: caller) { tx in
            try await change(PriceListItem.self, id, ifVersion: ifVersion, by: caller, action: "update", in: tx) {
                var fields = $0.fields
                edit(&fields)
                if fields.productId != $0.fields.productId || fields.unitId != $0.fields.unitId {
                    throw ServiceError.invalid("productId", "immutable", "an item keeps its product and unit; add another item")
                }
                try await checkItem(fields, of: try await load(PriceList.self, $0.priceListId, in: tx), in: tx)
                try $0.update(fields)
            }
        }
    }

    public func deletePriceListItem(_ id: ID<PriceListItem>, ifVersion: Int?, by caller: Caller) async throws {
        try await write(as: caller) { tx in
            try await remove(try await load(PriceListItem.self, id, in: tx), ifVersion: ifVersion, by: caller, in: tx)
        }
    }

    // MARK: Discount lists

    public func createDiscountList(_ fields: DiscountListFields, by caller: Caller) async throws -> DiscountList {
        try await write(as: caller) { tx in
            let list = try DiscountList(id: newID(), info: newInfo(caller), fields: fields)
            if let currency = fields.currency { _ = try await loadCurrency(currency, field: "currency", in: tx) }
            try await insert(list, by: caller, in: tx)
            return list
        }
    }

    /// Changes a discount list; documents priced with it keep their discounts until repriced.
    public func updateDiscountList(_ id: ID<DiscountList>, ifVersion: Int?, by caller: Caller,
                                   _ edit: @escaping @Sendable (inout DiscountListFields) -> Void) async throws -> DiscountList {
        try await write(as: caller) { tx in
            try await change(DiscountList.self, id, ifVersion: ifVersion, by: caller, action: "update", in: tx) {
                var fields = $0.fields
                edit(&fields)
                if fields.type != $0.fields.type || fields.currency != $0.fields.currency {
                    throw ServiceError.invalid("type", "immutable", "a discount list keeps its type and currency")
                }
                try $0.update(fields)
            }
        }
    }

    public func deleteDiscountList(_ id: ID<DiscountList>, ifVersion: Int?, by caller: Caller) async throws {
        try await write(as: caller) { tx in
            let list = try await load(DiscountList.self, id, in: tx)
            try await remove(list, ifVersion: ifVersion, by: caller, in: tx)
        }
    }
}
