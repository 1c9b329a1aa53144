import Foundation
import Hummingbird
import VendoCore
import VendoServices

/// `/reports/aged-receivables` and `/reports/overdue-invoices`: what customers owe on a day
/// (`asOf`, default today), over the invoices the caller may see. `?format=csv` gives the items.
enum ReceivablesResource {
    static let extra = ["asOf", "limit", "cursor"]

    static func asOf(_ request: APIRequest) throws -> Day? {
        guard let text = request.query["asOf"] else { return nil }
        guard let day = Day(text) else { throw APIError.validation([FieldError("asOf", "invalid_date", "asOf must be a date YYYY-MM-DD")]) }
        return day
    }

    static let parameters = ReportsResource.parameters.filter { $0.name == "ownerId" || $0.name == "teamId" }
        + [QueryParameter(name: "asOf", schema: .date, description: "the day the balances are taken at (default today)")]

    static func buckets(_ amounts: AgedAmounts, scale: Int) -> [(String, JSON)] {
        zip(AgeBucket.allCases, amounts.amounts).map { ($0.rawValue, JSON.money($1, scale: scale)) } + [("total", .money(amounts.total, scale: scale))]
    }

    /// A customer's statement of account as a PDF.
    static func statementRoute(_ s: Services, _ things: String, _ customer: @escaping @Sendable (UUID) -> Customer) -> Route {
        var route = Route(.get, "/api/v1/\(things)/{id}/statement", id: things == "accounts" ? "accountStatement" : "contactStatement",
                          "The customer's statement of account as a PDF: balance brought forward, the period's invoices, credits, payments, reversals, refunds and write-offs, and the closing balance",
                          responses: responses([200: .string]),
                          query: [QueryParameter(name: "from", schema: .date, description: "first day (default: 1 January of to's year)"),
                                  QueryParameter(name: "to", schema: .date, description: "last day (default today)"),
                                  QueryParameter(name: "currency", schema: .currencyCode, description: "the invoices' currency (default the base one)")]) { request in
            var errors: [FieldError] = []
            var days: [String: Day] = [:]
            var currency: String?
            for (key, value) in request.query.sorted(by: { $0.key < $1.key }) {
                switch key {
                case "from", "to":
                    if let day = Day(value) { days[key] = day } else { errors.append(FieldError(key, "invalid_date", "\(key) must be a date YYYY-MM-DD")) }
                case "currency": currency = value
                default: errors.append(FieldError(key, "unknown_parameter", "\(key) is not a parameter of the statement"))
                }
            }
            if !errors.isEmpty { throw APIError.validation(errors) }
            let id: ID<Account> = try request.id()
            let file = try await s.statement(of: customer(id.uuid), from: days["from"], to: days["to"], currency: currency,
                                             by: try request.user())
            return .file(file.bytes, type: "application/pdf", fileName: file.fileName)
        }
        route.produces = "application/pdf"
        return route
    }

    static func routes(_ s: Services) -> [Route] {
        let base = "/api/v1/reports"
        return [
            statementRoute(s, "accounts") { .account(ID($0)) },
            statementRoute(s, "contacts") { .contact(ID($0)) },
            Route(.get, "\(base)/aged-receivables", id: "agedReceivablesReport",
                  "What each customer owes on a day, by currency and by days past due, also in the base currency",
                  responses: responses([200: agedSchema]), query: parameters) { request in
                let filter = try ReportsResource.filter(request, extra: extra)
                let report = try await s.agedReceivables(on: try asOf(request), filter, by: try request.user())
                let basePrecision = report.money.precision
                return APIResponse(.ok, .object([
                    ("asOf", .string(report.aged.asOf.description)), ("currency", .string(report.money.currency)),
                    ("items", .array(report.aged.rows.map { row in
                        .object([("customerId", .string(row.customer.id.uuidString.lowercased())), ("customerType", .string(row.customer.type)),
                                 ("customerName", .string(report.names[row.customer.id] ?? "")), ("currency", .string(row.currency)),
                                 ("invoices", .int(row.invoices))]
                                + buckets(row.amounts, scale: row.precision) + [("base", .object(buckets(row.base, scale: basePrecision)))])
                    })),
                    ("totals", .object(buckets(report.aged.base, scale: basePrecision))),
                ]))
            },
            Route(.get, "\(base)/overdue-invoices", id: "overdueInvoicesReport",
                  "The invoices past due on a day with a balance left, with how many days late, the latest first",
                  responses: responses([200: overdueSchema]), query: parameters) { request in
                let filter = try ReportsResource.filter(request, extra: extra)
                let day = try asOf(request)
                let items = try await s.overdueInvoices(on: day, filter, by: try request.user())
                return APIResponse(.ok, .object([
                    ("asOf", .string((day ?? Day(s.now)).description)),
                    ("items", .array(items.map { item in
                        let invoice = item.invoice, precision = invoice.pricing.currencyPrecision
                        return .object([("invoiceId", .id(invoice.id)), ("number", .string(invoice.number)),
                                        ("customerId", .string(invoice.customer.id.uuidString.lowercased())),
                                        ("customerType", .string(invoice.customer.type)), ("customerName", .string(item.customerName)),
                                        ("issueDate", .string(invoice.issueDate?.description)), ("dueDate", .string(invoice.dueDay?.description)),
                                        ("daysLate", .int(item.daysLate)), ("currency", .string(invoice.pricing.currency)),
                                        ("total", .money(invoice.pricing.totals.totalAmount, scale: precision)),
                                        ("balance", .money(item.balance, scale: precision)),
                                        ("balanceBase", .money(invoice.pricing.toBase(item.balance), scale: invoice.pricing.basePrecision))])
                    })),
                ]))
            },
        ]
    }

    static let bucketsSchema = Schema.object(AgeBucket.allCases.map { ($0.rawValue, Schema.decimal) } + [("total", .decimal)])

    // Inline, not components: the CSV export reads a list's columns from its response schema.
    static let agedSchema = Schema.object([
            ("asOf", .date), ("currency", .string),
            ("items", .array(.object([("customerId", .uuid), ("customerType", .choice(["account", "contact"])), ("customerName", .string),
                                      ("currency", .string), ("invoices", .integer)]
                                     + AgeBucket.allCases.map { ($0.rawValue, Schema.decimal) } + [("total", .decimal), ("base", bucketsSchema)]))),
            ("totals", bucketsSchema),
        ], required: ["asOf", "currency", "items", "totals"])

    static let overdueSchema = Schema.object([
            ("asOf", .date),
            ("items", .array(.object([("invoiceId", .uuid), ("number", .string), ("customerId", .uuid),
                                      ("customerType", .choice(["account", "contact"])), ("customerName", .string),
                                      ("issueDate", .date), ("dueDate", .date), ("daysLate", .integer), ("currency", .string),
                                      ("total", .decimal), ("balance", .decimal), ("balanceBase", .decimal)]))),
        ], required: ["asOf", "items"])
}
