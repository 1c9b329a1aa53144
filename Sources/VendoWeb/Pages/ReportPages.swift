import Foundation
import VendoCore
import VendoServices

struct ReportsModel {
    struct Row { let label: String; let value: String }
    struct ChartBlock { let title: String; let svg: String; let rows: [Row] }
    let t: [String: String]
    let from: String
    let to: String
    let mine: Bool
    let charts: [ChartBlock]
    let problem: String?
}

extension Pages {
    var reportRoutes: [WebRoute] {
        [WebRoute(.get, "/reports", reportsPage)] + receivablesRoutes + dunningRoutes
    }

    @Sendable func reportsPage(_ web: WebRequest) async throws -> WebResult {
        let session = try web.user()
        let t = web.language
        let formats = web.formats
        let from = web.query["from"].flatMap { Day($0) }
        let to = web.query["to"].flatMap { Day($0) }
        var problem: String?
        if (web.query["from"].map { !$0.isEmpty } ?? false && from == nil) || (web.query["to"].map { !$0.isEmpty } ?? false && to == nil) {
            problem = t.text("field_invalid_date")
        }
        let mine = web.query["mine"] == "1"
        let filter = ReportFilter(ownerId: mine ? session.user.id : nil, from: from, to: to)
        let caller = session.caller
        func label(_ labels: [String: String], _ key: String?) -> String { labels[t.rawValue] ?? labels["en"] ?? key ?? t.text("report_noStage") }
        func double(_ value: Decimal) -> Double { NSDecimalNumber(decimal: value).doubleValue }

        let pipeline = try await services.pipelineReport(filter, by: caller)
        let money = pipeline.money
        func amount(_ value: Decimal) -> String { formats.money(value, money.currency, scale: money.precision) }
        let funnel = pipeline.stages.map { Chart.Bar(label: label($0.labels, $0.stage), value: double($0.total), text: amount($0.total)) }

        let forecast = try await services.forecastReport(filter, by: caller)
        let categories = forecast.categories.map {
            Chart.Bar(label: t.label("forecastCategory", $0.category.rawValue), value: double($0.total), text: amount($0.total))
        }
        let revenue = try await services.revenueReport(filter, by: caller)
        let months = revenue.months.map { Chart.Bar(label: formats.month($0.month), value: double($0.total), text: amount($0.total)) }
        let winRate = try await services.winRateReport(filter, by: caller)
        let outcomes = [Chart.Bar(label: t.text("report_won"), value: Double(winRate.won), text: String(winRate.won)),
                        Chart.Bar(label: t.text("report_lost"), value: Double(winRate.lost), text: String(winRate.lost))]
        let sources = try await services.leadSourcesReport(filter, by: caller)
        let lists = try await services.settings()
        let conversion = sources.sources.map { source in
            Chart.Bar(label: source.source.map { lists.choiceLabel(.leadSource, $0.rawValue, t) } ?? t.text("report_noSource"),
                      value: double(source.conversionRate), text: formats.percent(source.conversionRate.rounded(scale: 1)))
        }
        func rows(_ bars: [Chart.Bar]) -> [ReportsModel.Row] { bars.map { ReportsModel.Row(label: $0.label, value: $0.text) } }
        let rateText = winRate.winRate.map { formats.percent($0.rounded(scale: 1)) } ?? "—"
        let charts = [
            ReportsModel.ChartBlock(title: t.text("report_funnel"), svg: Chart.horizontal(funnel, title: t.text("report_funnel"), funnel: true),
                                    rows: rows(funnel)),
            ReportsModel.ChartBlock(title: t.text("report_forecast"), svg: Chart.horizontal(categories, title: t.text("report_forecast")),
                                    rows: rows(categories)),
            ReportsModel.ChartBlock(title: t.text("report_revenue"), svg: Chart.vertical(months, title: t.text("report_revenue")), rows: rows(months)),
            ReportsModel.ChartBlock(title: t.text("report_winRate", rateText), svg: Chart.horizontal(outcomes, title: t.text("report_winRate", rateText)),
                                    rows: rows(outcomes) + [ReportsModel.Row(label: t.text("report_wonRevenue"), value: amount(winRate.wonRevenue))]),
            ReportsModel.ChartBlock(title: t.text("report_sources"), svg: Chart.horizontal(conversion, title: t.text("report_sources")),
                                    rows: rows(conversion)),
        ]
        // The pipeline and the win rate by each of the organisation's choice fields of opportunities (a few at most).
        var grouped: [ReportsModel.ChartBlock] = []
        let fields = lists.customFields(of: .opportunity).filter { !$0.retired && $0.type == .choice }.prefix(3)
        for field in fields {
            let byField = try await services.pipelineReport(filter, groupBy: field.key, by: caller)
            let bars = byField.stages.map { Chart.Bar(label: $0.stage == nil ? t.text("report_noValue") : label($0.labels, $0.stage),
                                                      value: double($0.total), text: amount($0.total)) }
            let title = t.text("report_pipelineBy", field.label(t))
            let rates = try await services.winRateReport(filter, groupBy: field.key, by: caller).groups ?? []
            grouped.append(ReportsModel.ChartBlock(
                title: title, svg: Chart.horizontal(bars, title: title),
                rows: rows(bars) + rates.map { group in
                    ReportsModel.Row(label: t.text("report_winRateOf", group.value == nil ? t.text("report_noValue") : label(group.labels, group.value)),
                                     value: group.winRate.map { formats.percent($0.rounded(scale: 1)) } ?? "—")
                }))
        }
        let model = ReportsModel(t: t.strings, from: from?.description ?? "", to: to?.description ?? "", mine: mine,
                                 charts: charts + grouped, problem: problem)
        return .page(views.page(.reports, model, title: t.text("nav_reports"), web, current: "/reports", bodyClass: "wide"))
    }
}
