import Foundation
import VendoCore
import VendoStore

extension Services {
    /// The rules a document's amounts follow: its currency, the base currency, the settings.
    func amountsContext(currency code: String, in tx: Transaction) async throws -> AmountsContext {
        let settings = try await settings(in: tx)
        let currency = try await loadCurrency(code, field: "currency", in: tx)
        let base = currency.code == settings.baseCurrency ? currency : try await loadCurrency(settings.baseCurrency, field: "currency", in: tx)
        return AmountsContext(settings: settings, currency: currency, base: base)
    }

    /// A new, empty pricing in `currency` (default: the base currency), the rate frozen now.
    func newPricing(currency code: String?, priceList: ID<PriceList>?, in tx: Transaction) async throws -> Pricing {
        let settings = try await settings(in: tx)
        let currency = try await loadCurrency(code ?? settings.baseCurrency, field: "currency", in: tx)
        var pricing = Pricing(currency: currency.code, exchangeRate: currency.exchangeRate,
                              fields: PricingFields(priceListId: priceList))
        try await checkPriceList(priceList, currency: currency.code, in: tx)
        try pricing.recalculate(try await amountsContext(currency: currency.code, in: tx))
        return pricing
    }

    func checkPriceList(_ id: ID<PriceList>?, currency: String, in tx: Transaction) async throws {
        guard let id else { return }
        let list = try await reference(PriceList.self, id, field: "priceListId", in: tx)
        if list.fields.currency != currency {
            throw ServiceError.invalid("priceListId", "currency_mismatch",
                                       "the price list is in \(list.fields.currency), the document in \(currency)")
        }
    }

    /// Prices a line from the catalog: the product (active), its unit, the document's price list
    /// item and its discount list.
    func priceLine(_ fields: LineFields, id: ID<DocumentLine>, on pricing: Pricing, in tx: Transaction) async throws -> DocumentLine {
        let context = try await amountsContext(currency: pricing.currency, in: tx)
        try fields.validate(pricingPrecision: context.pricingPrecision, currencyPrecision: context.currencyPrecision,
                            discountMethod: context.discountMethod)
        guard let productId = fields.productId else {
            return try DocumentLine(id: id, fields: fields, pricing: LinePricing(), pricingPrecision: context.pricingPrecision,
                                    priceListRequired: context.priceListRequired)
        }
        let product = try await reference(Product.self, productId, field: "productId", in: tx)
        guard product.isSellable else {
            throw ServiceError.invalid("productId", "not_sellable", "product \(product.fields.number) is \(product.state.rawValue), not active")
        }
        let unitId = fields.unitId ?? product.fields.unitId
        try await checkUnit(unitId, fits: product, field: "unitId", in: tx)
        let unit = try await load(UnitOfMeasure.self, unitId, in: tx)
        var line = LinePricing(productName: product.fields.name, unitName: unit.fields.name, defaultTaxRate: product.fields.taxRate)
        if let listId = pricing.fields.priceListId,
           let item = try await tx.priceListItem(priceList: listId, product: productId, unit: unitId) {
            if fields.pricePerUnit == nil {
                try await load(PriceList.self, listId, in: tx).ensureInForce(on: today)
            }
            line.listedPrice = try item.fields.unitPrice(of: product, pricingPrecision: context.pricingPrecision)
            if let discountId = item.fields.discountListId {
                line.discountList = try await tx.find(DiscountList.self, discountId)
            }
        }
        var fieldsWithUnit = fields
        fieldsWithUnit.unitId = unitId
        return try DocumentLine(id: id, fields: fieldsWithUnit, pricing: line, pricingPrecision: context.pricingPrecision,
                                priceListRequired: context.priceListRequired)
    }

    // MARK: Lines of any document

    public func addLine<D: PricedDocument & StoredRecord>(to type: D.Type, _ id: ID<D>, _ fields: LineFields, ifVersion: Int?,
                                                          by caller: Caller) async throws -> D {
        try await write(as: caller) { tx in
            try await change(D.self, id, ifVersion: ifVersion, by: caller, action: "addLine", in: tx) { document in
                try document.ensure(D.editAction)
                let line = try await priceLine(fields, id: newID(), on: document.pricing, in: tx)
                try document.addLine(line, try await amountsContext(currency: document.pricing.currency, in: tx))
            }
        }
    }

    public func updateLine<D: PricedDocument & StoredRecord>(of type: D.Type, _ id: ID<D>, line lineId: ID<DocumentLine>,
                                                             ifVersion: Int?, by caller: Caller,
                                                             _ edit: @escaping @Sendable (inout LineFields) -> Void) async throws -> D {
        try await write(as: caller) { tx in
            try await change(D.self, id, ifVersion: ifVersion, by: caller, action: "updateLine", in: tx) { document in
                try document.ensure(D.editAction)
                let old = document.pricing.lines[try document.pricing.lineIndex(lineId)]
                var fields = old.fields
                edit(&fields)
                let context = try await amountsContext(currency: document.pricing.currency, in: tx)
                let line = try await repricedLine(old, fields, locked: (document as? Order)?.pricesLocked ?? false,
                                                  on: document.pricing, context: context, in: tx)
                try document.replaceLine(line, context)
            }
        }
    }

    /// A changed line: priced afresh, except on a locked order where the product and unit are
    /// unchanged: there the locked price stays and only the volume discount follows the quantity.
    private func repricedLine(_ old: DocumentLine, _ fields: LineFields, locked: Bool, on pricing: Pricing,
                              context: AmountsContext, in tx: Transaction) async throws -> DocumentLine {
        let samePricing = fields.productId == old.fields.productId && fields.unitId == old.fields.unitId
        guard locked, samePricing, fields.productId != nil else {
            var line = try await priceLine(fields, id: old.id, on: pricing, in: tx)
            line.sourceLineId = old.sourceLineId
            line.invoiced = old.invoiced
            return line
        }
        try fields.validate(pricingPrecision: context.pricingPrecision, currencyPrecision: context.currencyPrecision,
                            discountMethod: context.discountMethod)
        var line = old
        line.fields = fields
        if let price = fields.pricePerUnit {
            line.pricePerUnit = price
            line.priceOverridden = true
        }
        if fields.tax == nil { line.taxRate = fields.taxRate ?? old.taxRate ?? 0 } else { line.taxRate = nil }
        if let discountId = old.discountListId, let list = try await tx.find(DiscountList.self, discountId) {
            line.applyVolumeDiscount(list, pricingPrecision: context.pricingPrecision)
        }
        return line
    }

    public func removeLine<D: PricedDocument & StoredRecord>(from type: D.Type, _ id: ID<D>, line lineId: ID<DocumentLine>,
                                                             ifVersion: Int?, by caller: Caller) async throws -> D {
        try await write(as: caller) { tx in
            try await change(D.self, id, ifVersion: ifVersion, by: caller, action: "removeLine", in: tx) { document in
                if let order = document as? Order,
                   order.pricing.lines.first(where: { $0.id == lineId })?.invoiced.quantity ?? 0 > 0 {
                    throw ServiceError.conflict(code: "line_invoiced", message: "an invoiced line cannot be removed", related: [])
                }
                try document.removeLine(lineId, try await amountsContext(currency: document.pricing.currency, in: tx))
            }
        }
    }

    /// Changes a document's header amounts (discounts, freight) or, while it has no lines, its
    /// price list and currency.
    public func setPricing<D: PricedDocument & StoredRecord>(of type: D.Type, _ id: ID<D>, currency: String? = nil,
                                                             ifVersion: Int?, by caller: Caller,
                                                             _ edit: @escaping @Sendable (inout PricingFields) -> Void) async throws -> D {
        try await write(as: caller) { tx in
            try await change(D.self, id, ifVersion: ifVersion, by: caller, action: "update", in: tx) { document in
                var fields = document.pricing.fields
                edit(&fields)
                try await apply(PricingEdit(currency: currency, fields: fields), to: &document, in: tx)
            }
        }
    }

    /// Applies a change of currency and header amounts to a document, within the caller's transaction.
    func apply<D: PricedDocument>(_ edit: PricingEdit, to document: inout D, in tx: Transaction) async throws {
        if let code = edit.currency, code != document.pricing.currency {
            let newCurrency = try await loadCurrency(code, field: "currency", in: tx)
            try document.setCurrency(newCurrency, try await amountsContext(currency: code, in: tx))
        }
        guard let fields = edit.fields, fields != document.pricing.fields else { return }
        if fields.priceListId != document.pricing.fields.priceListId {
            try await checkPriceList(fields.priceListId, currency: document.pricing.currency, in: tx)
        }
        try document.setPricingFields(fields, try await amountsContext(currency: document.pricing.currency, in: tx))
    }
}

/// A change of a document's currency and header amounts (discounts, freight, price list), made
/// together with its other fields in one transaction.
public struct PricingEdit: Sendable, Equatable {
    public var currency: String?
    public var fields: PricingFields?

    public init(currency: String? = nil, fields: PricingFields? = nil) {
        self.currency = currency
        self.fields = fields
    }
}

extension Services {
}
