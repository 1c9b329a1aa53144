import Foundation
import VendoCore
import VendoServices

struct ReceivablesModel {
    struct Row { let href: String; let name: String; let currency: String; let cells: [String] }
    struct Overdue { let href: String; let number: String; let customer: String; let due: String; let days: String; let balance: String }
    let t: [String: String]
    let asOf: String
    let mine: Bool
    let csv: String
    let svg: String
    let buckets: [String]
    let rows: [Row]
    let hasRows: Bool
    let baseCurrency: String
    let totals: [String]
    let overdue: [Overdue]
    let hasOverdue: Bool
    let problem: String?
}

extension Pages {
    var receivablesRoutes: [WebRoute] {
        [
            WebRoute(.get, "/reports/receivables", receivablesPage),
            WebRoute(.get, "/accounts/{id}/statement") { web in try await statement(web) { .account(ID($0)) } },
            WebRoute(.get, "/contacts/{id}/statement") { web in try await statement(web) { .contact(ID($0)) } },
        ]
    }

    /// What customers owe on a day (SALES-PROCESS.md §12): the aged balance with its chart, by
    /// customer, then the overdue invoices.
    @Sendable func receivablesPage(_ web: WebRequest) async throws -> WebResult {
        let session = try web.user()
        let t = web.language
        let formats = web.formats
        let typed = web.query["asOf"].flatMap { $0.isEmpty ? nil : $0 }
        let asOf = typed.flatMap { Day($0) }
        let problem = typed != nil && asOf == nil ? t.text("field_invalid_date") : nil
        let mine = web.query["mine"] == "1"
        let filter = ReportFilter(ownerId: mine ? session.user.id : nil)
        let report = try await services.agedReceivables(on: asOf, filter, by: session.caller)
        let overdue = try await services.overdueInvoices(on: asOf, filter, by: session.caller)
        let money = report.money
        let buckets = AgeBucket.allCases.map { t.text("receivables_\($0.rawValue)") }
        func double(_ value: Decimal) -> Double { NSDecimalNumber(decimal: value).doubleValue }
        let base = report.aged.base
        let bars = zip(AgeBucket.allCases, buckets).map { bucket, label in
            Chart.Bar(label: label, value: max(0, double(base[bucket])), text: formats.money(base[bucket], money.currency, scale: money.precision))
        }
        let rows = report.aged.rows.map { row in
            ReceivablesModel.Row(href: Self.href(of: row.customer),
                                 name: report.names[row.customer.id] ?? "", currency: row.currency,
                                 cells: (row.amounts.amounts + [row.amounts.total]).map { formats.number($0, scale: row.precision) })
        }
        let overdueRows = overdue.map { item in
            let pricing = item.invoice.pricing
            return ReceivablesModel.Overdue(href: "/invoices/\(item.invoice.id)", number: item.invoice.number ?? "", customer: item.customerName,
                                            due: item.invoice.dueDay.map(formats.day) ?? "", days: String(item.daysLate),
                                            balance: formats.money(item.balance, pricing.currency, scale: pricing.currencyPrecision))
        }
        let day = asOf ?? Day(services.now)
        var csv = "/api/v1/reports/aged-receivables?format=csv&asOf=\(day)"
        if mine { csv += "&ownerId=\(session.user.id)" }
        let model = ReceivablesModel(
            t: t.strings, asOf: day.description, mine: mine, csv: csv,
            svg: Chart.horizontal(bars, title: t.text("receivables_aged")), buckets: buckets, rows: rows, hasRows: !rows.isEmpty,
            baseCurrency: money.currency, totals: (base.amounts + [base.total]).map { formats.number($0, scale: money.precision) },
            overdue: overdueRows, hasOverdue: !overdueRows.isEmpty, problem: problem)
        return .page(views.page(.receivables, model, title: t.text("receivables_title"), web, current: "/reports", bodyClass: "wide"))
    }

    /// The customer's statement of account (PDF) from the start of the year to today, or the
    /// period of `from` and `to`.
    func statement(_ web: WebRequest, _ customer: (UUID) -> Customer) async throws -> WebResult {
        let session = try web.user()
        let id: ID<Account> = try web.id()
        let file = try await services.statement(of: customer(id.uuid), from: web.query["from"].flatMap { Day($0) },
                                                to: web.query["to"].flatMap { Day($0) }, by: session.caller)
        return .download(file.bytes, contentType: "application/pdf", name: file.fileName)
    }
}
