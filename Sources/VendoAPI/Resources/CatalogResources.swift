import Foundation
import Hummingbird
import VendoCore
import VendoServices

enum ProductsResource {
    static let fields: [FieldSpec<ProductFields>] = [
        .text("number", \.number, max: 100), .text("name", \.name), .text("description", \.description, max: 10000),
        .id("unitId", \.unitId), .money("listPrice", \.listPrice), .money("standardCost", \.standardCost),
        .money("currentCost", \.currentCost), .percentage("taxRate", \.taxRate),
        .customFields(\.customFields, of: .product),
    ]

    static func resource(_ s: Services) -> CrudResource<Product, ProductFields> {
        CrudResource(path: "products", name: "Product", fields: fields, blank: ProductFields(number: "", name: "", unitId: ID(UUID())),
                     filters: ["unitId"], fieldsOf: { $0.fields }, extra: { _, _ in [] }, extraSchema: [], required: ["number", "name", "unitId"],
                     create: { try await s.createProduct($0, by: $1) },
                     update: { id, version, caller, fields in try await s.updateProduct(id, ifVersion: version, by: caller) { $0 = fields } },
                     delete: { try await s.deleteProduct($0, ifVersion: $1, by: $2) })
    }

    static func routes(_ s: Services) -> [Route] {
        let products = resource(s)
        func action(_ verb: String, _ summary: String, _ perform: @escaping @Sendable (ID<Product>, Int?, Caller) async throws -> Product) -> Route {
            Route(.post, "/api/v1/products/{id}/\(verb)", id: "\(verb)Product", summary, body: .ref("Empty"),
                  responses: responses([200: .ref("Product")], conflict: true, precondition: true)) { request in
                try noFields(request)
                let product = try await perform(try request.id(), try request.ifMatch(), try request.user())
                return .record(products.render(product), version: product.info.version)
            }
        }
        return products.routes(s) + [
            action("publish", "Make a draft, revised or retired product sellable") { try await s.publishProduct($0, ifVersion: $1, by: $2) },
            action("revise", "Put an active product under revision") { try await s.reviseProduct($0, ifVersion: $1, by: $2) },
            action("retire", "Stop selling a product") { try await s.retireProduct($0, ifVersion: $1, by: $2) },
        ]
    }

    static let schemas = crudSchemas("Product", fields, extra: [
        ("state", .choice(ProductState.allCases.map(\.rawValue))), ("status", .choice(ProductStatus.allCases.map(\.rawValue))),
    ], required: ["number", "name", "unitId"])
}

enum UnitsResource {
    static let fields: [FieldSpec<UnitFields>] = [.text("name", \.name, max: 100), .id("groupId", \.groupId), .decimal("quantity", \.quantity, schema: .positive)]

    static func resource(_ s: Services) -> CrudResource<UnitOfMeasure, UnitFields> {
        CrudResource(path: "units", name: "Unit", fields: fields, blank: UnitFields(name: "", groupId: ID(UUID())),
                     filters: ["groupId"], fieldsOf: { $0.fields }, extra: { _, _ in [] }, extraSchema: [], required: ["name", "groupId"],
                     create: { try await s.createUnit($0, by: $1) },
                     update: { id, version, caller, fields in try await s.updateUnit(id, ifVersion: version, by: caller) { $0 = fields } },
                     delete: { try await s.deleteUnit($0, ifVersion: $1, by: $2) })
    }

    static func routes(_ s: Services) -> [Route] {
        resource(s).routes(s) + [
            Route(.get, "/api/v1/unit-groups", id: "listUnitGroups", "List unit groups", responses: responses([200: pageSchema("UnitGroup")]),
                  query: listParameters([])) { request in
                _ = try request.user()
                return page(try await s.list(UnitGroup.self, try listQuery(request, filters: []), by: try request.user())) { group in
                    .object(meta(group) + [("name", .string(group.name))])
                }
            },
            Route(.post, "/api/v1/unit-groups", id: "createUnitGroup", "Create a unit group with its base unit",
                  body: .ref("UnitGroupInput"), responses: responses([201: .ref("UnitGroup")], conflict: true)) { request in
                var reader = FieldReader(try request.json())
                var name = "", baseUnit = ""
                reader.read("name", into: &name, required: true, Convert.string)
                reader.read("baseUnit", into: &baseUnit, required: true, Convert.string)
                try finish(&reader)
                let (group, unit) = try await s.createUnitGroup(name: name, baseUnit: baseUnit, by: try request.user())
                return .record(.object(meta(group) + [("name", .string(group.name)), ("baseUnitId", .string(unit.id.description))]),
                               version: group.info.version, status: .created, location: "/api/v1/unit-groups/\(group.id)")
            },
        ]
    }

    static let schemas = crudSchemas("Unit", fields, extra: [], required: ["name", "groupId"]) + [
        ("UnitGroup", .object(metaSchema + [("name", .string), ("baseUnitId", .uuid)], required: ["id", "name"])),
        ("UnitGroupInput", .object([("name", .text(maxLength: 100)), ("baseUnit", .text(maxLength: 100))], required: ["name", "baseUnit"])),
    ]
}

enum TaxRatesResource {
    static let fields: [FieldSpec<TaxRateFields>] = [
        .text("name", \.name, max: 100), .decimal("rate", \.rate, required: true, schema: .percentage), .bool("active", \.active),
        FieldSpec(name: "category", schema: .choice(TaxCategory.allCases.map(\.rawValue)), required: false,
                  render: { .string($0.effectiveCategory.rawValue) },
                  apply: { reader, fields, _ in reader.read("category", into: &fields.category, Convert.choice(TaxCategory.self)) }),
        .text("exemptionReason", \.exemptionReason, max: 500),
        FieldSpec(name: "exemptionCode", schema: Schema.text(maxLength: 50).nullable, required: false,
                  render: { $0.effectiveExemptionCode.map(JSON.string) ?? .null },
                  apply: { reader, fields, _ in reader.read("exemptionCode", into: &fields.exemptionCode, Convert.string) }),
    ]

    static func resource(_ s: Services) -> CrudResource<TaxRate, TaxRateFields> {
        CrudResource(path: "tax-rates", name: "TaxRate", fields: fields, blank: TaxRateFields(name: "", rate: 0), filters: [],
                     fieldsOf: { $0.fields }, extra: { _, _ in [] }, extraSchema: [], required: ["name", "rate"],
                     create: { try await s.createTaxRate($0, by: $1) },
                     update: { id, version, caller, fields in try await s.updateTaxRate(id, ifVersion: version, by: caller) { $0 = fields } },
                     delete: { try await s.deleteTaxRate($0, ifVersion: $1, by: $2) })
    }

    static let schemas = crudSchemas("TaxRate", fields, extra: [], required: ["name", "rate"])
}

enum PriceListsResource {
    static let fields: [FieldSpec<PriceListFields>] = [
        .text("name", \.name), .currency("currency", \.currency), .day("validFrom", \.validFrom), .day("validTo", \.validTo),
        .choice("state", \.state),
    ]

    static let itemFields: [FieldSpec<PriceListItemFields>] = [
        .id("productId", \.productId), .id("unitId", \.unitId), .choice("pricingMethod", \.pricingMethod),
        .decimal("amount", \.amount), .decimal("percentage", \.percentage), .choice("roundingPolicy", \.roundingPolicy),
        .choice("roundingOption", \.roundingOption), .decimal("roundingAmount", \.roundingAmount), .id("discountListId", \.discountListId),
    ]

    static func resource(_ s: Services) -> CrudResource<PriceList, PriceListFields> {
        CrudResource(path: "price-lists", name: "PriceList", fields: fields, blank: PriceListFields(name: "", currency: ""),
                     filters: ["currency"], fieldsOf: { $0.fields }, extra: { _, _ in [] }, extraSchema: [], required: ["name", "currency"],
                     create: { try await s.createPriceList($0, by: $1) },
                     update: { id, version, caller, fields in try await s.updatePriceList(id, ifVersion: version, by: caller) { $0 = fields } },
                     delete: { try await s.deletePriceList($0, ifVersion: $1, by: $2) })
    }

    static func renderItem(_ item: PriceListItem) -> JSON {
        .object(meta(item) + [("priceListId", .string(item.priceListId.description))] + itemFields.render(item.fields))
    }

    static func routes(_ s: Services) -> [Route] {
        let base = "/api/v1/price-lists/{id}/items"
        let readOnly = readOnlyMetaKeys + ["priceListId"]
        return resource(s).routes(s) + [
            Route(.get, base, id: "listPriceListItems", "The items of a price list", responses: responses([200: pageSchema("PriceListItem")]),
                  query: listParameters(["productId", "discountListId"])) { request in
                _ = try request.user()
                let list: ID<PriceList> = try request.id()
                _ = try await s.get(PriceList.self, list, by: try request.user())
                var query = try listQuery(request, filters: ["productId", "discountListId"])
                query.filters["priceListId"] = list.description
                return page(try await s.list(PriceListItem.self, query, by: try request.user()), renderItem)
            },
            Route(.post, base, id: "createPriceListItem", "Price a product in a unit on this list", body: .ref("PriceListItemInput"),
                  responses: responses([201: .ref("PriceListItem")], conflict: true)) { request in
                var fields = PriceListItemFields(productId: ID(UUID()), unitId: ID(UUID()))
                try itemFields.apply(try request.json(), to: &fields, creating: true, extraKeys: readOnly)
                let item = try await s.createPriceListItem(in: try request.id(), fields, by: try request.user())
                return .record(renderItem(item), version: item.info.version, status: .created,
                               location: "/api/v1/price-lists/\(item.priceListId)/items/\(item.id)")
            },
            Route(.get, "\(base)/{itemId}", id: "getPriceListItem", "Read an item", responses: responses([200: .ref("PriceListItem")])) { request in
                _ = try request.user()
                let item = try await item(s, request)
                return .record(renderItem(item), version: item.info.version)
            },
            Route(.patch, "\(base)/{itemId}", id: "updatePriceListItem", "Change how an item is priced", body: .ref("PriceListItemPatch"),
                  responses: responses([200: .ref("PriceListItem")], conflict: true, precondition: true)) { request in
                let current = try await item(s, request)
                var fields = current.fields
                try itemFields.apply(try request.json(), to: &fields, creating: false, extraKeys: readOnly)
                let edited = fields
                let item = try await s.updatePriceListItem(current.id, ifVersion: try request.version(over: current.info.version),
                                                           by: try request.user()) { $0 = edited }
                return .record(renderItem(item), version: item.info.version)
            },
            Route(.delete, "\(base)/{itemId}", id: "deletePriceListItem", "Remove an item",
                  responses: responses([204: nil], conflict: true, precondition: true)) { request in
                let current = try await item(s, request)
                try await s.deletePriceListItem(current.id, ifVersion: try request.ifMatch(), by: try request.user())
                return APIResponse(.noContent, nil)
            },
        ]
    }

    /// The item named in the path, when it belongs to the price list named there.
    private static func item(_ s: Services, _ request: APIRequest) async throws -> PriceListItem {
        let list: ID<PriceList> = try request.id()
        let item = try await s.get(PriceListItem.self, try request.id("itemId"), by: try request.user())
        guard item.priceListId == list else { throw APIError.notFound }
        return item
    }

    static let schemas = crudSchemas("PriceList", fields, extra: [], required: ["name", "currency"]) + [
        ("PriceListItem", .object(metaSchema + [("priceListId", .uuid)] + itemFields.schemaProperties(), required: ["id", "priceListId"])),
        ("PriceListItemInput", .object(itemFields.schemaProperties(), required: ["productId", "unitId"])),
        ("PriceListItemPatch", .object(itemFields.schemaProperties())),
    ]
}

enum DiscountListsResource {
    static let bandSchema = Schema.object([("beginQuantity", .decimal), ("endQuantity", .decimal), ("percentage", Schema.decimal.nullable),
                                           ("amount", Schema.decimal.nullable)], required: ["beginQuantity", "endQuantity"])

    static let fields: [FieldSpec<DiscountListFields>] = [
        .text("name", \.name), .choice("type", \.type, required: true), .currency("currency", \.currency),
        FieldSpec(name: "bands", schema: .array(bandSchema), required: true,
                  render: { list in .array(list.bands.map(renderBand)) },
                  apply: { reader, list, creating in reader.read("bands", into: &list.bands, required: creating, readBands) }),
        .choice("state", \.state),
    ]

    static func renderBand(_ band: DiscountBand) -> JSON {
        .object([("beginQuantity", .string(band.beginQuantity.description)), ("endQuantity", .string(band.endQuantity.description)),
                 ("percentage", .decimal(band.percentage)), ("amount", .decimal(band.amount))])
    }

    @Sendable static func readBands(_ json: JSON) -> Result<[DiscountBand], FieldProblem> {
        guard case .array(let items) = json else {
            return .failure(FieldProblem(code: "invalid_type", message: "must be an array of bands"))
        }
        var bands: [DiscountBand] = []
        for (index, item) in items.enumerated() {
            var band = DiscountBand(beginQuantity: 0, endQuantity: 0)
            var reader = FieldReader(item)
            reader.read("beginQuantity", into: &band.beginQuantity, required: true, Convert.decimal)
            reader.read("endQuantity", into: &band.endQuantity, required: true, Convert.decimal)
            reader.read("percentage", into: &band.percentage, Convert.decimal)
            reader.read("amount", into: &band.amount, Convert.decimal)
            reader.finish()
            if let first = reader.errors.first {
                return .failure(FieldProblem(code: first.code, message: "band \(index), \(first.field): \(first.message)"))
            }
            bands.append(band)
        }
        return .success(bands)
    }

    static func resource(_ s: Services) -> CrudResource<DiscountList, DiscountListFields> {
        CrudResource(path: "discount-lists", name: "DiscountList", fields: fields,
                     blank: DiscountListFields(name: "", type: .percentage, bands: []), filters: [], fieldsOf: { $0.fields },
                     extra: { _, _ in [] }, extraSchema: [], required: ["name", "type", "bands"],
                     create: { try await s.createDiscountList($0, by: $1) },
                     update: { id, version, caller, fields in try await s.updateDiscountList(id, ifVersion: version, by: caller) { $0 = fields } },
                     delete: { try await s.deleteDiscountList($0, ifVersion: $1, by: $2) })
    }

    static let schemas = crudSchemas("DiscountList", fields, extra: [], required: ["name", "type", "bands"])
}
