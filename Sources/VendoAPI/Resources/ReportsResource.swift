import Foundation
import Hummingbird
import VendoCore
import VendoServices

/// `/reports/*`: pipeline, forecast, win rate, revenue and lead sources, in base currency, over
/// the records the caller may see.
enum ReportsResource {
    /// Reads `ownerId`, `teamId`, `from`, `to` (and the report's own parameters); anything else is a 422.
    static func filter(_ request: APIRequest, extra: [String] = []) throws -> ReportFilter {
        var filter = ReportFilter()
        var errors: [FieldError] = []
        for (key, value) in request.query.sorted(by: { $0.key < $1.key }) {
            switch key {
            case "ownerId":
                if let id = ID<User>(value) { filter.ownerId = id } else { errors.append(FieldError(key, "invalid_id", "must be a UUID")) }
            case "teamId":
                if let id = ID<Team>(value) { filter.teamId = id } else { errors.append(FieldError(key, "invalid_id", "must be a UUID")) }
            case "from", "to":
                guard let day = Day(value) else {
                    errors.append(FieldError(key, "invalid_date", "\(key) must be a date YYYY-MM-DD"))
                    continue
                }
                if key == "from" { filter.from = day } else { filter.to = day }
            default:
                if !extra.contains(key) { errors.append(FieldError(key, "unknown_parameter", "\(key) is not a parameter of this report")) }
            }
        }
        if !errors.isEmpty { throw APIError.validation(errors) }
        return filter
    }

    static let parameters = [
        QueryParameter(name: "ownerId", schema: .uuid, description: "only this owner's records"),
        QueryParameter(name: "teamId", schema: .uuid, description: "only the records of this team's members"),
        QueryParameter(name: "from", schema: .date, description: "first day of the period"),
        QueryParameter(name: "to", schema: .date, description: "last day of the period"),
    ]

    static func money(_ value: Decimal, _ money: ReportMoney) -> JSON { .money(value, scale: money.precision) }

    static let forecastCategory = Schema.object([("category", .choice(["pipeline", "bestCase", "committed", "won"])), ("count", .integer),
                                                 ("total", .decimal)])

    static let groupByParameter = QueryParameter(name: "groupBy", schema: Schema(json: .object([("type", .string("string")),
                                                                                                 ("pattern", .string("^cf\\.[a-z][A-Za-z0-9]{0,39}$"))])),
                                                 description: "cf.<key> of an opportunities' choice field: the figures for each of its values")

    /// The key of `groupBy=cf.<key>`, when the request groups.
    static func groupKey(_ request: APIRequest) throws -> String? {
        guard let text = request.query["groupBy"] else { return nil }
        guard text.hasPrefix("cf."), text.count > 3 else {
            throw APIError.validation([FieldError("groupBy", "invalid_group", "groupBy is cf.<key> of an opportunities' choice field")])
        }
        return String(text.dropFirst(3))
    }

    static func group(_ value: String?, _ labels: [String: String]) -> [(String, JSON)] {
        [("value", .string(value)), ("labels", labels.isEmpty ? .null : ProcessesResource.labels(labels))]
    }

    static func routes(_ s: Services) -> [Route] {
        let base = "/api/v1/reports"
        return [
            Route(.get, "\(base)/pipeline", id: "pipelineReport",
                  "Open opportunities by stage: count, estimated revenue and revenue weighted by probability (period: estimated close date)",
                  responses: responses([200: .ref("PipelineReport")]),
                  query: parameters + [QueryParameter(name: "processId", schema: .uuid, description: "only opportunities on this process"),
                                       groupByParameter]) { request in
                let caller = try request.user()
                let filter = try filter(request, extra: ["processId", "groupBy"])
                var processId: ID<SalesProcess>?
                if let text = request.query["processId"] {
                    guard let id = ID<SalesProcess>(text) else {
                        throw APIError.validation([FieldError("processId", "invalid_id", "must be a UUID")])
                    }
                    processId = id
                }
                let report = try await s.pipelineReport(filter, processId: processId, groupBy: try groupKey(request), by: caller)
                func figures(_ stage: PipelineReport.Stage) -> [(String, JSON)] {
                    [("count", .int(stage.count)), ("total", money(stage.total, report.money)), ("weighted", money(stage.weighted, report.money))]
                }
                var grouping: [(String, JSON)] = []
                if let key = report.groupBy {
                    grouping = [("groupBy", .string("cf." + key)),
                                ("groups", .array(report.stages.map { .object(group($0.stage, $0.labels) + figures($0)) }))]
                }
                return APIResponse(.ok, .object([
                    ("currency", .string(report.money.currency)),
                    ("stages", .array(report.groupBy != nil ? [] : report.stages.map { stage in
                        .object([("stage", .string(stage.stage)), ("labels", ProcessesResource.labels(stage.labels))] + figures(stage))
                    })),
                ] + grouping + [
                    ("count", .int(report.count)), ("total", money(report.total, report.money)),
                    ("weighted", money(report.weighted, report.money)),
                ]))
            },
            Route(.get, "\(base)/forecast", id: "forecastReport",
                  "Opportunities by forecast category: open ones expected to close in the period, and those won in it",
                  responses: responses([200: .ref("ForecastReport")]), query: parameters + [groupByParameter]) { request in
                let report = try await s.forecastReport(try filter(request, extra: ["groupBy"]), groupBy: try groupKey(request),
                                                        by: try request.user())
                func categories(_ list: [ForecastReport.Category]) -> JSON {
                    .array(list.map { category in
                        .object([("category", .string(category.category.rawValue)), ("count", .int(category.count)),
                                 ("total", money(category.total, report.money))])
                    })
                }
                return APIResponse(.ok, .object([
                    ("currency", .string(report.money.currency)), ("categories", categories(report.categories)),
                ] + (report.groups.map { groups in
                    [("groupBy", .string("cf." + (report.groupBy ?? ""))),
                     ("groups", .array(groups.map { .object(group($0.value, $0.labels) + [("categories", categories($0.categories))]) }))]
                } ?? [])))
            },
            Route(.get, "\(base)/win-rate", id: "winRateReport",
                  "Opportunities closed in the period: won, lost, win rate, average deal size and sales cycle",
                  responses: responses([200: .ref("WinRateReport")]), query: parameters + [groupByParameter]) { request in
                let report = try await s.winRateReport(try filter(request, extra: ["groupBy"]), groupBy: try groupKey(request),
                                                       by: try request.user())
                return APIResponse(.ok, .object([
                    ("currency", .string(report.money.currency)), ("won", .int(report.won)), ("lost", .int(report.lost)),
                    ("winRate", report.winRate.map { .money($0, scale: 2) } ?? .null),
                    ("wonRevenue", money(report.wonRevenue, report.money)),
                    ("averageDealSize", report.averageDealSize.map { money($0, report.money) } ?? .null),
                    ("averageSalesCycleDays", report.averageSalesCycleDays.map { .money($0, scale: 1) } ?? .null),
                ] + (report.groups.map { groups in
                    [("groupBy", .string("cf." + (report.groupBy ?? ""))),
                     ("groups", .array(groups.map { item in
                         .object(group(item.value, item.labels) + [
                             ("won", .int(item.won)), ("lost", .int(item.lost)), ("winRate", item.winRate.map { .money($0, scale: 2) } ?? .null),
                             ("wonRevenue", money(item.wonRevenue, report.money))])
                     }))]
                } ?? [])))
            },
            Route(.get, "\(base)/revenue", id: "revenueReport", "Revenue won per month of the close date",
                  responses: responses([200: .ref("RevenueReport")]), query: parameters) { request in
                let report = try await s.revenueReport(try filter(request), by: try request.user())
                return APIResponse(.ok, .object([
                    ("currency", .string(report.money.currency)),
                    ("months", .array(report.months.map { month in
                        .object([("month", .string(month.month)), ("count", .int(month.count)), ("total", money(month.total, report.money))])
                    })),
                ]))
            },
            Route(.get, "\(base)/lead-sources", id: "leadSourcesReport",
                  "Leads created in the period by source: qualified, disqualified, conversion rate, and what their opportunities won",
                  responses: responses([200: .ref("LeadSourcesReport")]), query: parameters) { request in
                let report = try await s.leadSourcesReport(try filter(request), by: try request.user())
                return APIResponse(.ok, .object([
                    ("currency", .string(report.money.currency)),
                    ("sources", .array(report.sources.map { source in
                        .object([("source", .string(source.source?.rawValue)), ("leads", .int(source.leads)),
                                 ("qualified", .int(source.qualified)), ("disqualified", .int(source.disqualified)),
                                 ("conversionRate", .money(source.conversionRate, scale: 2)), ("won", .int(source.won)),
                                 ("wonRevenue", money(source.wonRevenue, report.money))])
                    })),
                ]))
            },
        ]
    }

    static let schemas: [(String, Schema)] = [
        ("PipelineReport", .object([
            ("currency", .string),
            ("stages", .array(.object([("stage", Schema.string.nullable), ("labels", .ref("Labels")), ("count", .integer),
                                       ("total", .decimal), ("weighted", .decimal)]))),
            ("count", .integer), ("total", .decimal), ("weighted", .decimal),
            ("groupBy", .string),
            ("groups", .array(.object([("value", Schema.string.nullable), ("labels", Schema.map(.string).nullable), ("count", .integer),
                                       ("total", .decimal), ("weighted", .decimal)]))),
        ], required: ["currency", "stages"])),
        ("ForecastReport", .object([
            ("currency", .string),
            ("categories", .array(forecastCategory)),
            ("groupBy", .string),
            ("groups", .array(.object([("value", Schema.string.nullable), ("labels", Schema.map(.string).nullable),
                                       ("categories", .array(forecastCategory))]))),
        ], required: ["currency", "categories"])),
        ("WinRateReport", .object([
            ("currency", .string), ("won", .integer), ("lost", .integer), ("winRate", Schema.decimal.nullable), ("wonRevenue", .decimal),
            ("averageDealSize", Schema.decimal.nullable), ("averageSalesCycleDays", Schema.decimal.nullable),
            ("groupBy", .string),
            ("groups", .array(.object([("value", Schema.string.nullable), ("labels", Schema.map(.string).nullable), ("won", .integer),
                                       ("lost", .integer), ("winRate", Schema.decimal.nullable), ("wonRevenue", .decimal)]))),
        ], required: ["currency", "won", "lost"])),
        ("RevenueReport", .object([
            ("currency", .string),
            ("months", .array(.object([("month", .string), ("count", .integer), ("total", .decimal)]))),
        ], required: ["currency", "months"])),
        ("LeadSourcesReport", .object([
            ("currency", .string),
            ("sources", .array(.object([("source", Schema.string.nullable), ("leads", .integer), ("qualified", .integer),
                                        ("disqualified", .integer), ("conversionRate", .decimal), ("won", .integer),
                                        ("wonRevenue", .decimal)]))),
        ], required: ["currency", "sources"])),
    ]
}
