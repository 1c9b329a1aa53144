import Foundation
import VendoCore
import VendoServices

/// The lines of an opportunity, quote, order or invoice, the form to add one, and the totals the
/// server computed (the same amounts code as the API's).
struct LinesModel {
    struct Line {
        let name: String
        let quantity: String
        let unit: String
        let price: String
        let discount: String
        let tax: String
        let amount: String
        let removeAction: String?
    }
    struct Total { let label: String; let value: String; let strong: Bool }
    struct TaxRow { let rate: String; let base: String; let tax: String }
    let lines: [Line]
    let hasLines: Bool
    let editable: Bool
    let addAction: String
    let products: [Option]
    let units: [Option]
    /// The EN 16931 tax categories a line may name (when several rates share its percentage).
    let taxCategories: [Option]
    let totals: [Total]
    let taxes: [TaxRow]
    let hasTaxes: Bool
    let errors: [String: String]
    let open: Bool
    let values: [String: String]
    /// The header: price list, document discount and freight.
    let pricingAction: String
    let header: [String: String]
    let priceLists: [Option]
    let pricingOpen: Bool
    let pricingErrors: [String: String]

    init(_ pricing: Pricing, editable: Bool, base: String, products: [Product], problem: FormProblem?, typed: [String: String], _ t: Language,
         priceLists: [PriceList] = [], units: [UnitOfMeasure] = []) {
        let formats = Formats(t)
        func money(_ value: Decimal) -> String { formats.money(value, pricing.currency, scale: pricing.currencyPrecision) }
        lines = pricing.lines.map { line in
            Line(name: line.productName ?? line.fields.writeInName ?? "—", quantity: formats.quantity(line.fields.quantity),
                 unit: line.unitName ?? "", price: money(line.pricePerUnit), discount: money(line.manualDiscountAmount + line.volumeDiscountPerUnit * line.fields.quantity),
                 tax: money(line.tax), amount: money(line.extendedAmount),
                 removeAction: editable ? "\(base)/lines/\(line.id)/delete" : nil)
        }
        hasLines = !lines.isEmpty
        self.editable = editable
        addAction = "\(base)/lines"
        self.products = products.map { Option(value: $0.id.description, label: "\($0.fields.name) (\($0.fields.number))", selected: typed["productId"] == $0.id.description) }
        self.units = units.map { Option(value: $0.id.description, label: $0.fields.name, selected: typed["unitId"] == $0.id.description) }
        taxCategories = TaxCategory.allCases.map {
            Option(value: $0.rawValue, label: "\($0.rawValue) · \(t.label("taxCategory", $0.rawValue))", selected: typed["taxCategory"] == $0.rawValue)
        }
        let totals = pricing.totals
        var rows = [Total(label: t.text("total_detail"), value: money(totals.detailAmount), strong: false)]
        if totals.totalDiscount != 0 { rows.append(Total(label: t.text("total_discount"), value: money(totals.discountPercentAmount + pricing.fields.discountAmount), strong: false)) }
        if pricing.fields.freightAmount != 0 { rows.append(Total(label: t.text("total_freight"), value: money(pricing.fields.freightAmount), strong: false)) }
        rows.append(Total(label: t.text("total_tax"), value: money(totals.totalTax), strong: false))
        rows.append(Total(label: t.text("total_amount"), value: money(totals.totalAmount), strong: true))
        self.totals = rows
        taxes = totals.taxSummary.map { entry in
            TaxRow(rate: entry.rate.map { formats.percent($0) } ?? t.text("tax_typed"), base: money(entry.base), tax: money(entry.tax))
        }
        hasTaxes = !taxes.isEmpty
        errors = problem?.form == "line" ? problem?.fields ?? [:] : [:]
        open = problem?.form == "line"
        values = problem?.form == "line" ? typed : ["quantity": "1"]
        pricingAction = "\(base)/pricing"
        let fields = pricing.fields
        let refused = problem?.form == "pricing"
        header = refused ? typed : [
            "discountPercent": fields.discountPercent == 0 ? "" : formats.quantity(fields.discountPercent),
            "discountAmount": fields.discountAmount == 0 ? "" : formats.number(fields.discountAmount, scale: pricing.currencyPrecision),
            "freightAmount": fields.freightAmount == 0 ? "" : formats.number(fields.freightAmount, scale: pricing.currencyPrecision),
        ]
        let chosen = refused ? typed["priceListId"] : fields.priceListId?.description
        self.priceLists = priceLists.filter { $0.fields.currency == pricing.currency }.map {
            Option(value: $0.id.description, label: $0.fields.name, selected: $0.id.description == chosen)
        }
        pricingOpen = refused
        pricingErrors = refused ? problem?.fields ?? [:] : [:]
    }
}

extension Pages {
    /// Products that may go on a line: the active ones.
    func sellableProducts(_ caller: Caller) async throws -> [Product] {
        try await services.list(Product.self, ListQuery(filters: ["state": ProductState.active.rawValue], sort: .createdAt, descending: false,
                                                        limit: 200), by: caller).items
    }

    /// A line from the posted form: a product or a written-in name, quantity, price, discount, tax rate.
    static func lineFields(_ web: WebRequest) throws -> LineFields {
        let t = web.language
        var errors: [FieldError] = []
        func amount(_ name: String) -> Decimal? {
            guard let raw = web.field(name) else { return nil }
            guard let value = web.formats.parse(raw) else {
                errors.append(FieldError(name, "invalid_number", t.text("field_invalid_number")))
                return nil
            }
            return value
        }
        let product = web.field("productId").flatMap(UUID.init(uuidString:)).map { ID<Product>($0) }
        let quantity = amount("quantity")
        if web.field("quantity") == nil { errors.append(FieldError("quantity", "required", t.text("field_required"))) }
        var fields = LineFields(productId: product, writeInName: product == nil ? web.field("writeInName") : nil,
                                unitId: web.field("unitId").flatMap(UUID.init(uuidString:)).map { ID($0) }, quantity: quantity ?? 0, pricePerUnit: amount("pricePerUnit"), manualDiscount: amount("manualDiscount") ?? 0,
                                taxRate: amount("taxRate"))
        if let category = web.field("taxCategory") {
            if let chosen = TaxCategory(rawValue: category) {
                fields.taxCategory = chosen
            } else {
                errors.append(FieldError("taxCategory", "invalid_choice", t.text("field_invalid_choice")))
            }
        }
        if product == nil && fields.writeInName == nil {
            errors.append(FieldError("productId", "required", t.text("line_productOrName")))
        }
        fields.description = web.field("description")
        if !errors.isEmpty { throw ServiceError.validation(errors) }
        return fields
    }

    static let lineNames = ["productId", "writeInName", "unitId", "quantity", "pricePerUnit", "manualDiscount", "taxRate", "taxCategory",
                            "priceListId", "discountPercent", "discountAmount", "freightAmount"]

    /// The units a line may be counted in.
    func units(_ caller: Caller) async throws -> [UnitOfMeasure] {
        try await services.list(UnitOfMeasure.self, ListQuery(sort: .createdAt, descending: false, limit: 200), by: caller).items
    }

    /// Price lists a document may use.
    func priceLists(_ caller: Caller) async throws -> [PriceList] {
        try await services.list(PriceList.self, ListQuery(sort: .createdAt, descending: false, limit: 100), by: caller).items
    }

    static func typedLine(_ web: WebRequest) -> [String: String] {
        Dictionary(lineNames.map { ($0, web.form[$0]?.first ?? "") }, uniquingKeysWith: { first, _ in first })
    }

    /// The routes that add and remove lines of documents of type `D` under `base` (`/quotes`).
    func lineRoutes<D: PricedDocument & Persisted>(_ type: D.Type, base: String,
                                                  page: @escaping @Sendable (WebRequest, FormProblem?) async throws -> String) -> [WebRoute] {
        [
            WebRoute(.post, "\(base)/{id}/lines") { web in
                let session = try web.user()
                let id: ID<D> = try web.id()
                do {
                    _ = try await services.addLine(to: D.self, id, try Self.lineFields(web), ifVersion: web.version, by: session.caller)
                    return .redirect("\(base)/\(id)#lines", flash: web.language.text("flash_lineAdded"))
                } catch {
                    guard ServiceError.from(error) is ServiceError, !Self.isAccessError(error) else { throw error }
                    throw WebFailure.form(html: try await page(web, FormProblem(error, form: "line", web.language)))
                }
            },
            WebRoute(.post, "\(base)/{id}/pricing") { web in
                let session = try web.user()
                let id: ID<D> = try web.id()
                do {
                    let percent = try Self.amount(web, "discountPercent") ?? 0, amount = try Self.amount(web, "discountAmount") ?? 0
                    let freight = try Self.amount(web, "freightAmount") ?? 0
                    let list = web.field("priceListId").flatMap(UUID.init(uuidString:)).map { ID<PriceList>($0) }
                    _ = try await services.setPricing(of: D.self, id, ifVersion: web.version, by: session.caller) { fields in
                        fields.discountPercent = percent
                        fields.discountAmount = amount
                        fields.freightAmount = freight
                        fields.priceListId = list
                    }
                    return .redirect("\(base)/\(id)#lines", flash: web.language.text("flash_pricingSaved"))
                } catch {
                    guard ServiceError.from(error) is ServiceError, !Self.isAccessError(error) else { throw error }
                    throw WebFailure.form(html: try await page(web, FormProblem(error, form: "pricing", web.language)))
                }
            },
            WebRoute(.post, "\(base)/{id}/lines/{lineId}/delete") { web in
                let session = try web.user()
                let id: ID<D> = try web.id()
                let line: ID<DocumentLine> = try web.id("lineId")
                do {
                    _ = try await services.removeLine(from: D.self, id, line: line, ifVersion: web.version, by: session.caller)
                    return .redirect("\(base)/\(id)#lines", flash: web.language.text("flash_lineRemoved"))
                } catch {
                    guard ServiceError.from(error) is ServiceError, !Self.isAccessError(error) else { throw error }
                    throw WebFailure.form(html: try await page(web, FormProblem(error, form: "lines", web.language)))
                }
            },
        ]
    }

    /// The name of a document's customer.
    func customerName(_ customer: Customer, _ caller: Caller) async throws -> (name: String, href: String) {
        switch customer {
        case .account(let id):
            return ((try? await services.get(Account.self, id, by: caller))?.fields.name ?? "—", "/accounts/\(id)")
        case .contact(let id):
            return ((try? await services.get(Contact.self, id, by: caller))?.fullName ?? "—", "/contacts/\(id)")
        }
    }
}
