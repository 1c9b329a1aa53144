import Foundation
import VendoCore
import VendoServices

/// Settings: products, price lists and tax rates; currencies and their rates.
extension Pages {
    var catalogSettingsRoutes: [WebRoute] {
        unitSettingsRoutes + documentSettingsRoutes
    }

    private var documentSettingsRoutes: [WebRoute] {
        let page: @Sendable (WebRequest, FormProblem) async throws -> WebResult = { web, problem in try await catalogPage(web, problem: problem) }
        func change(_ path: String, form: String, _ body: @escaping @Sendable (WebRequest, WebSession) async throws -> Void) -> WebRoute {
            WebRoute(.post, path) { web in
                try await settingsAction(web, form: form, back: "/settings/catalog", flash: "flash_saved", page: page) { session in
                    try await body(web, session)
                }
            }
        }
        return [
            WebRoute(.get, "/settings/catalog") { web in try await catalogPage(web, problem: nil) },
            change("/settings/products", form: "product") { web, session in
                guard let unit = web.field("unitId").flatMap(UUID.init(uuidString:)) else {
                    throw ServiceError.validation([FieldError("unitId", "required", web.language.text("field_required"))])
                }
                _ = try await services.createProduct(ProductFields(number: web.field("number") ?? "", name: web.field("name") ?? "", unitId: ID(unit),
                                                                   listPrice: try Self.amount(web, "listPrice"), taxRate: try Self.amount(web, "taxRate")),
                                                     by: session.caller)
            },
            change("/settings/products/{id}/publish", form: "productRow") { web, session in
                _ = try await services.publishProduct(try web.id(), ifVersion: web.version, by: session.caller)
            },
            change("/settings/products/{id}/retire", form: "productRow") { web, session in
                _ = try await services.retireProduct(try web.id(), ifVersion: web.version, by: session.caller)
            },
            change("/settings/price-lists", form: "priceList") { web, session in
                _ = try await services.createPriceList(PriceListFields(name: web.field("name") ?? "", currency: (web.field("currency") ?? "").uppercased()),
                                                       by: session.caller)
            },
            change("/settings/price-list-items", form: "priceListItem") { web, session in
                let t = web.language
                guard let list = web.field("priceListId").flatMap(UUID.init(uuidString:)),
                      let productId = web.field("productId").flatMap(UUID.init(uuidString:)) else {
                    throw ServiceError.validation([FieldError(web.field("priceListId") == nil ? "priceListId" : "productId", "required",
                                                              t.text("field_required"))])
                }
                let product = try await services.get(Product.self, ID(productId), by: session.caller)
                _ = try await services.createPriceListItem(in: ID(list), PriceListItemFields(productId: product.id, unitId: product.fields.unitId,
                                                                                            amount: try Self.amount(web, "amount")),
                                                           by: session.caller)
            },
            change("/settings/tax-rates", form: "taxRate") { web, session in
                guard let rate = try Self.amount(web, "rate") else {
                    throw ServiceError.validation([FieldError("rate", "required", web.language.text("field_required"))])
                }
                var fields = TaxRateFields(name: web.field("name") ?? "", rate: rate,
                                           category: web.field("category").flatMap(TaxCategory.init(rawValue:)))
                fields.exemptionReason = web.field("exemptionReason").flatMap { $0.isEmpty ? nil : $0 }
                fields.exemptionCode = web.field("exemptionCode").flatMap { $0.isEmpty ? nil : $0.uppercased() }
                _ = try await services.createTaxRate(fields, by: session.caller)
            },
            WebRoute(.get, "/settings/currencies") { web in try await currenciesPage(web, problem: nil) },
            WebRoute(.post, "/settings/currencies") { web in
                try await settingsAction(web, form: "currency", back: "/settings/currencies", flash: "flash_saved",
                                         page: { web, problem in try await currenciesPage(web, problem: problem) }) { session in
                    guard let rate = try Self.amount(web, "exchangeRate") else {
                        throw ServiceError.validation([FieldError("exchangeRate", "required", web.language.text("field_required"))])
                    }
                    _ = try await services.createCurrency(Currency(code: (web.field("code") ?? "").uppercased(), name: web.field("name") ?? "",
                                                                   symbol: web.field("symbol") ?? "", precision: Int(web.field("precision") ?? "") ?? 2,
                                                                   exchangeRate: rate), by: session.caller)
                }
            },
            WebRoute(.post, "/settings/currencies/{code}") { web in
                try await settingsAction(web, form: "currencyRow", back: "/settings/currencies", flash: "flash_saved",
                                         page: { web, problem in try await currenciesPage(web, problem: problem) }) { session in
                    guard let rate = try Self.amount(web, "exchangeRate") else {
                        throw ServiceError.validation([FieldError("exchangeRate", "required", web.language.text("field_required"))])
                    }
                    _ = try await services.updateCurrency(web.parameters["code"] ?? "", ifVersion: web.version, by: session.caller) {
                        $0.exchangeRate = rate
                    }
                }
            },
        ]
    }

    func catalogPage(_ web: WebRequest, problem: FormProblem?) async throws -> WebResult {
        let session = try admin(web)
        let t = web.language
        let formats = web.formats
        let caller = session.caller
        let query = ListQuery(sort: .createdAt, descending: false, limit: 200)
        let products = try await services.list(Product.self, query, by: caller).items
        let units = try await services.list(UnitOfMeasure.self, query, by: caller).items
        let lists = try await services.list(PriceList.self, query, by: caller).items
        let items = try await services.list(PriceListItem.self, ListQuery(sort: .createdAt, descending: false, limit: 200), by: caller).items
        let rates = try await services.list(TaxRate.self, query, by: caller).items
        let productNames = Dictionary(products.map { ($0.id, $0.fields.name) }, uniquingKeysWith: { first, _ in first })
        func typed(_ form: String, _ name: String) -> String { problem?.form == form ? web.field(name) ?? "" : "" }

        let productRows = products.map { product in
            var actions: [SettingsModel.RowAction] = []
            let version = [SettingsModel.Hidden(name: "version", value: "\(product.info.version)")]
            if product.state == .draft || product.state == .underRevision {
                actions.append(.init(action: "/settings/products/\(product.id)/publish", label: t.text("product_publish"), hidden: version,
                                     idPrefix: "publish-\(product.id)"))
            }
            if product.state == .active {
                actions.append(.init(action: "/settings/products/\(product.id)/retire", label: t.text("product_retire"), style: "danger",
                                     confirm: t.text("confirmRetire"), hidden: version, idPrefix: "retire-\(product.id)"))
            }
            return SettingsModel.row([product.fields.number, product.fields.name, product.fields.listPrice.map { formats.number($0) } ?? "",
                                      product.fields.taxRate.map { formats.percent($0) } ?? "", t.label("state", product.state.rawValue)], actions)
        }
        let productForm = SettingsModel.Form(action: "/settings/products", submit: t.text("product_add"), fields: [
            Self.field("number", t.text("field_number"), problem, form: "product", value: typed("product", "number"), required: true),
            Self.field("name", t.text("field_name"), problem, form: "product", value: typed("product", "name"), required: true),
            Self.field("unitId", t.text("line_unit"), problem, form: "product", value: typed("product", "unitId"),
                       choices: units.map { ($0.id.description, $0.fields.name) }),
            Self.field("listPrice", t.text("field_listPrice"), problem, form: "product", value: typed("product", "listPrice")),
            Self.field("taxRate", t.text("field_taxRate"), problem, form: "product", value: typed("product", "taxRate")),
        ], open: problem?.form == "product")
        let listRows = lists.map { list in
            let entries = items.filter { $0.priceListId == list.id }.map { item in
                "\(productNames[item.fields.productId] ?? "—") \(item.fields.amount.map { formats.money($0, list.fields.currency) } ?? "")"
            }
            return SettingsModel.row([list.fields.name, list.fields.currency, entries.joined(separator: " · ")])
        }
        let listForm = SettingsModel.Form(action: "/settings/price-lists", submit: t.text("priceList_add"), fields: [
            Self.field("name", t.text("field_name"), problem, form: "priceList", value: typed("priceList", "name"), required: true),
            Self.field("currency", t.text("currency_code"), problem, form: "priceList", value: typed("priceList", "currency").isEmpty ? "EUR" : typed("priceList", "currency")),
        ], open: problem?.form == "priceList")
        let itemForm = SettingsModel.Form(action: "/settings/price-list-items", submit: t.text("priceList_addItem"), fields: [
            Self.field("priceListId", t.text("priceList"), problem, form: "priceListItem", value: typed("priceListItem", "priceListId"),
                       choices: lists.map { ($0.id.description, $0.fields.name) }),
            Self.field("productId", t.text("line_product"), problem, form: "priceListItem", value: typed("priceListItem", "productId"),
                       choices: products.map { ($0.id.description, "\($0.fields.name) (\($0.fields.number))") }),
            Self.field("amount", t.text("field_amount"), problem, form: "priceListItem", value: typed("priceListItem", "amount")),
        ], open: problem?.form == "priceListItem")
        let rateRows = rates.map { rate in
            SettingsModel.row([rate.fields.name, formats.percent(rate.fields.rate), t.label("taxCategory", rate.fields.effectiveCategory.rawValue),
                               [rate.fields.exemptionReason, rate.fields.effectiveExemptionCode].compactMap { $0 }.joined(separator: " · ")])
        }
        let rateForm = SettingsModel.Form(action: "/settings/tax-rates", submit: t.text("taxRate_add"), fields: [
            Self.field("name", t.text("field_name"), problem, form: "taxRate", value: typed("taxRate", "name"), required: true),
            Self.field("rate", t.text("field_taxRate"), problem, form: "taxRate", value: typed("taxRate", "rate"), required: true),
            Self.field("category", t.text("field_taxCategory"), problem, form: "taxRate",
                       value: typed("taxRate", "category").isEmpty ? "S" : typed("taxRate", "category"),
                       choices: TaxCategory.allCases.map { ($0.rawValue, "\($0.rawValue) — \(t.label("taxCategory", $0.rawValue))") }),
            Self.field("exemptionReason", t.text("field_exemptionReason"), problem, form: "taxRate", value: typed("taxRate", "exemptionReason")),
            Self.field("exemptionCode", t.text("field_exemptionCode"), problem, form: "taxRate", value: typed("taxRate", "exemptionCode")),
        ], open: problem?.form == "taxRate")
        let sections = [
            SettingsModel.section(t.text("nav_products"), intro: t.text("products_intro"),
                                  headers: [t.text("field_number"), t.text("field_name"), t.text("field_listPrice"), t.text("field_taxRate"),
                                            t.text("field_state"), t.text("actions")],
                                  rows: productRows, empty: t.text("empty_products"), form: productForm),
            SettingsModel.section(t.text("priceLists"), headers: [t.text("field_name"), t.text("currency_code"), t.text("priceList_items")],
                                  rows: listRows, empty: t.text("priceLists_empty"), form: listForm),
            SettingsModel.section(t.text("priceList_items"), headers: [], rows: [], empty: t.text("priceList_itemsIntro"), form: itemForm),
            SettingsModel.section(t.text("taxRates"), intro: t.text("taxRates_intro"),
                                  headers: [t.text("field_name"), t.text("field_taxRate"), t.text("field_taxCategory"), t.text("field_exemptionReason")],
                                  rows: rateRows,
                                  empty: t.text("taxRates_empty"), form: rateForm),
        ] + (try await unitSections(web, session, problem: problem))
        return settingsPage(web, session, page: "/settings/catalog", sections: sections, problem: problem)
    }

    func currenciesPage(_ web: WebRequest, problem: FormProblem?) async throws -> WebResult {
        let session = try admin(web)
        let t = web.language
        let formats = web.formats
        let settings = try await services.settings()
        let currencies = try await services.currencies()
        func typed(_ name: String) -> String { problem?.form == "currency" ? web.field(name) ?? "" : "" }
        let rows = currencies.map { currency in
            SettingsModel.row([currency.code, currency.name, currency.symbol, String(currency.precision),
                               formats.number(currency.exchangeRate, scale: 4)],
                              currency.code == settings.baseCurrency ? [] : [
                                SettingsModel.RowAction(action: "/settings/currencies/\(currency.code)", label: t.text("save"),
                                                        hidden: [.init(name: "version", value: "\(currency.version)")],
                                                        fields: [FormField("exchangeRate", t.text("currency_rate"),
                                                                           value: formats.number(currency.exchangeRate, scale: 4))],
                                                        idPrefix: "rate-\(currency.code)"),
                              ])
        }
        let form = SettingsModel.Form(action: "/settings/currencies", submit: t.text("currency_add"), fields: [
            Self.field("code", t.text("currency_code"), problem, form: "currency", value: typed("code"), required: true),
            Self.field("name", t.text("field_name"), problem, form: "currency", value: typed("name"), required: true),
            Self.field("symbol", t.text("currency_symbol"), problem, form: "currency", value: typed("symbol")),
            Self.field("precision", t.text("currency_precision"), problem, form: "currency", value: typed("precision").isEmpty ? "2" : typed("precision")),
            Self.field("exchangeRate", t.text("currency_rate"), problem, form: "currency", value: typed("exchangeRate"), required: true),
        ], open: problem?.form == "currency")
        let section = SettingsModel.section(t.text("settings_currencies"), intro: t.text("currencies_intro", settings.baseCurrency),
                                            headers: [t.text("currency_code"), t.text("field_name"), t.text("currency_symbol"),
                                                      t.text("currency_precision"), t.text("currency_rate"), t.text("actions")],
                                            rows: rows, empty: "", form: form)
        return settingsPage(web, session, page: "/settings/currencies", sections: [section], problem: problem)
    }
}
