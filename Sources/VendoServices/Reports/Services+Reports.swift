import Foundation
import VendoCore
import VendoStore

/// Whose records and which period a report covers.
public struct ReportFilter: Sendable, Equatable {
    public var ownerId: ID<User>?
    public var teamId: ID<Team>?
    /// Inclusive bounds.
    public var from: Day?
    public var to: Day?
    /// `cf.<key>` → the value as typed: only the opportunities with it (the pipeline's only).
    public var custom: [String: String] = [:]

    public init(ownerId: ID<User>? = nil, teamId: ID<Team>? = nil, from: Day? = nil, to: Day? = nil) {
        self.ownerId = ownerId
        self.teamId = teamId
        self.from = from
        self.to = to
    }
}

/// Amounts of every report are in the base currency, at its precision.
public struct ReportMoney: Sendable, Equatable {
    public var currency: String
    public var precision: Int
}

public struct PipelineReport: Sendable, Equatable {
    public struct Stage: Sendable, Equatable {
        /// Nil for opportunities that follow no process.
        public var stage: String?
        public var labels: [String: String]
        public var count: Int
        public var total: Decimal
        /// Estimated revenue × probability.
        public var weighted: Decimal
    }
    public var money: ReportMoney
    /// By stage, or, with `groupBy` (the key of an opportunities' choice field), by its values:
    /// `stage` is then the value (nil for none) and `labels` its labels.
    public var stages: [Stage]
    public var groupBy: String?
    public var count: Int { stages.reduce(0) { $0 + $1.count } }
    public var total: Decimal { stages.reduce(0) { $0 + $1.total } }
    public var weighted: Decimal { stages.reduce(0) { $0 + $1.weighted } }
}

public struct ForecastReport: Sendable, Equatable {
    public struct Category: Sendable, Equatable {
        public var category: ForecastCategory
        public var count: Int
        public var total: Decimal
    }
    public var money: ReportMoney
    public var categories: [Category]
    /// With a `groupBy` field, the categories for each of its values.
    public struct Group: Sendable, Equatable {
        /// Nil for the opportunities without a value.
        public var value: String?
        public var labels: [String: String]
        public var categories: [Category]
    }
    public var groupBy: String?
    public var groups: [Group]?
}

public struct WinRateReport: Sendable, Equatable {
    public var money: ReportMoney
    public var won: Int
    public var lost: Int
    /// Won ÷ closed, as a percentage with two decimals; nil when nothing closed.
    public var winRate: Decimal?
    public var wonRevenue: Decimal
    public var averageDealSize: Decimal?
    /// Days from creation to close of the won opportunities, on average (one decimal).
    public var averageSalesCycleDays: Decimal?
    /// With a `groupBy` field, the same figures for each of its values.
    public struct Group: Sendable, Equatable {
        /// Nil for the opportunities without a value.
        public var value: String?
        public var labels: [String: String]
        public var won: Int
        public var lost: Int
        public var winRate: Decimal?
        public var wonRevenue: Decimal
    }
    public var groupBy: String?
    public var groups: [Group]?
}

public struct RevenueReport: Sendable, Equatable {
    public struct Month: Sendable, Equatable {
        /// `YYYY-MM`.
        public var month: String
        public var count: Int
        public var total: Decimal
    }
    public var money: ReportMoney
    public var months: [Month]
}

public struct LeadSourcesReport: Sendable, Equatable {
    public struct Source: Sendable, Equatable {
        /// Nil for leads without a source.
        public var source: LeadSource?
        public var leads: Int
        public var qualified: Int
        public var disqualified: Int
        /// Qualified ÷ leads, as a percentage with two decimals.
        public var conversionRate: Decimal
        public var won: Int
        public var wonRevenue: Decimal
    }
    public var money: ReportMoney
    public var sources: [Source]
}

extension Services {
    /// The longest period the revenue report lists month by month.
    static let maximumReportMonths = 240

    /// Open opportunities by stage, in the order of the process (`processId`, else the default
    /// one), then any other stage they are on.
    public func pipelineReport(_ filter: ReportFilter, processId: ID<SalesProcess>? = nil, groupBy: String? = nil,
                               by caller: Caller) async throws -> PipelineReport {
        try await read(as: caller) { tx in
            var (scope, money) = try await reportScope(filter, by: caller, in: tx)
            if !filter.custom.isEmpty {
                scope.customFilters = try customFilters(filter.custom, of: .opportunity, definitions: try await settings(in: tx))
            }
            if let groupBy {
                let field = try await groupingField(groupBy, in: tx)
                if let processId { _ = try await reference(SalesProcess.self, processId, field: "processId", in: tx) }
                let rows = try await tx.pipeline(scope, processId: processId, groupBy: field.key)
                let stages = grouped(rows, by: field, value: \.key).map { value, labels, row in
                    PipelineReport.Stage(stage: value, labels: labels, count: row?.count ?? 0, total: amount(row?.total ?? 0, money),
                                         weighted: amount(row?.weighted ?? 0, money, divisor: 100))
                }
                return PipelineReport(money: money, stages: stages, groupBy: field.key)
            }
            let process: SalesProcess?
            if let processId {
                process = try await reference(SalesProcess.self, processId, field: "processId", in: tx)
            } else {
                process = try await tx.defaultProcess()
            }
            var rows = Dictionary(try await tx.pipeline(scope, processId: processId).map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
            var stages: [PipelineReport.Stage] = []
            func add(_ key: String?, _ labels: [String: String]) {
                let row = rows.removeValue(forKey: key)
                stages.append(PipelineReport.Stage(
                    stage: key, labels: labels, count: row?.count ?? 0, total: amount(row?.total ?? 0, money),
                    weighted: amount(row?.weighted ?? 0, money, divisor: 100)))
            }
            for stage in (process?.stages ?? []).dropFirst() { add(stage.key, stage.labels) }
            for key in rows.keys.sorted(by: { ($0 ?? "") < ($1 ?? "") }) {
                add(key, key.flatMap { process?.stage($0)?.labels } ?? [:])
            }
            return PipelineReport(money: money, stages: stages, groupBy: nil)
        }
    }

    /// Open opportunities expected to close in the period and those won in it, by forecast
    /// category (omitted ones are left out).
    public func forecastReport(_ filter: ReportFilter, groupBy: String? = nil, by caller: Caller) async throws -> ForecastReport {
        try await read(as: caller) { tx in
            let (scope, money) = try await reportScope(filter, by: caller, in: tx)
            let rows = try await tx.forecast(scope)
            let categories: [ForecastCategory] = [.pipeline, .bestCase, .committed, .won]
            func figures(_ rows: [ReportRow]) -> [ForecastReport.Category] {
                categories.map { category in
                    let row = rows.first { $0.key == category.rawValue }
                    return ForecastReport.Category(category: category, count: row?.count ?? 0, total: amount(row?.total ?? 0, money))
                }
            }
            var report = ForecastReport(money: money, categories: figures(rows))
            if let groupBy {
                let field = try await groupingField(groupBy, in: tx)
                let grouped = try await tx.forecast(scope, groupBy: field.key).filter { $0.key != ForecastCategory.omitted.rawValue }
                report.groupBy = field.key
                // One line per value: the field's order, then values it no longer offers, then none.
                report.groups = self.grouped(grouped, by: field, value: \.group).map { value, labels, _ in
                    ForecastReport.Group(value: value, labels: labels, categories: figures(grouped.filter { $0.group == value }))
                }
            }
            return report
        }
    }

    /// Opportunities closed in the period: win rate, average deal size and sales cycle.
    public func winRateReport(_ filter: ReportFilter, groupBy: String? = nil, by caller: Caller) async throws -> WinRateReport {
        try await read(as: caller) { tx in
            let (scope, money) = try await reportScope(filter, by: caller, in: tx)
            var groups: [WinRateReport.Group]?
            if let groupBy {
                let field = try await groupingField(groupBy, in: tx)
                let rows = try await tx.closedOpportunities(scope, groupBy: field.key)
                groups = grouped(rows.filter { $0.key == "won" }, by: field, value: \.group).map { value, labels, won in
                    let lost = rows.first { $0.key == "lost" && $0.group == value }?.count ?? 0
                    let wonCount = won?.count ?? 0
                    return WinRateReport.Group(value: value, labels: labels, won: wonCount, lost: lost,
                                               winRate: wonCount + lost == 0 ? nil : (Decimal(wonCount) * 100 / Decimal(wonCount + lost)).rounded(scale: 2),
                                               wonRevenue: amount(won?.total ?? 0, money))
                }
                // A value only lost opportunities have still gets its line.
                for row in rows where row.key == "lost" && !(groups ?? []).contains(where: { $0.value == row.group }) {
                    let labels = field.choices?.first { $0.value == row.group }?.labels ?? [:]
                    groups?.append(WinRateReport.Group(value: row.group, labels: labels, won: 0, lost: row.count, winRate: 0, wonRevenue: 0))
                }
            }
            let rows = try await tx.closedOpportunities(scope)
            let won = rows.first { $0.key == "won" }
            let lost = rows.first { $0.key == "lost" }
            let wonCount = won?.count ?? 0
            let closed = wonCount + (lost?.count ?? 0)
            let revenue = amount(won?.total ?? 0, money)
            return WinRateReport(
                money: money, won: wonCount, lost: lost?.count ?? 0,
                winRate: closed == 0 ? nil : (Decimal(wonCount) * 100 / Decimal(closed)).rounded(scale: 2),
                wonRevenue: revenue,
                averageDealSize: wonCount == 0 ? nil : (revenue / Decimal(wonCount)).rounded(scale: money.precision),
                averageSalesCycleDays: wonCount == 0 ? nil : (Decimal(won?.extra ?? 0) / Decimal(wonCount)).rounded(scale: 1),
                groupBy: groups == nil ? nil : groupBy, groups: groups)
        }
    }

    /// Revenue won per month; with both bounds, every month of the period appears.
    public func revenueReport(_ filter: ReportFilter, by caller: Caller) async throws -> RevenueReport {
        try await read(as: caller) { tx in
            let (scope, money) = try await reportScope(filter, by: caller, in: tx)
            var rows = Dictionary(try await tx.revenueByMonth(scope).compactMap { row in row.key.map { ($0, row) } },
                                  uniquingKeysWith: { a, _ in a })
            var keys: [String] = []
            if let from = filter.from, let to = filter.to {
                if (to.year - from.year) * 12 + to.month - from.month >= Self.maximumReportMonths {
                    throw ServiceError.invalid("to", "period_too_long", "the revenue report covers at most \(Self.maximumReportMonths / 12) years at a time")
                }
                var (year, month) = (from.year, from.month)
                while (year, month) <= (to.year, to.month) {
                    keys.append(String(format: "%04d-%02d", year, month))
                    (year, month) = month == 12 ? (year + 1, 1) : (year, month + 1)
                }
            }
            keys += rows.keys.filter { !keys.contains($0) }
            return RevenueReport(money: money, months: keys.sorted().map { key in
                let row = rows.removeValue(forKey: key)
                return RevenueReport.Month(month: key, count: row?.count ?? 0, total: amount(row?.total ?? 0, money))
            })
        }
    }

    /// Leads created in the period by source: how many were qualified or disqualified, and what
    /// their opportunities won.
    public func leadSourcesReport(_ filter: ReportFilter, by caller: Caller) async throws -> LeadSourcesReport {
        try await read(as: caller) { tx in
            let (scope, money) = try await reportScope(filter, by: caller, in: tx)
            let won = try await tx.wonFromLeadSources(scope)
            let sources = try await tx.leadSources(scope).map { row in
                let wins = won.first { $0.key == row.key }
                return LeadSourcesReport.Source(
                    source: row.key.flatMap(LeadSource.init(rawValue:)), leads: row.count, qualified: Int(row.weighted),
                    disqualified: Int(row.extra),
                    conversionRate: row.count == 0 ? 0 : (Decimal(row.weighted) * 100 / Decimal(row.count)).rounded(scale: 2),
                    won: wins?.count ?? 0, wonRevenue: amount(wins?.total ?? 0, money))
            }
            return LeadSourcesReport(money: money, sources: sources.sorted {
                ($0.leads, $1.source?.rawValue ?? "") > ($1.leads, $0.source?.rawValue ?? "")
            })
        }
    }

    /// The owners a report covers: those the caller may see, narrowed to the owner or team asked for.
    func reportScope(_ filter: ReportFilter, by caller: Caller, in tx: Transaction) async throws -> (ReportScope, ReportMoney) {
        if let from = filter.from, let to = filter.to, to < from {
            throw ServiceError.invalid("to", "before_from", "the period ends after it starts")
        }
        var owners = AccessPolicy.visibleOwners(caller.principal, kind: .owned)
        if let ownerId = filter.ownerId { owners = owners.map { $0.intersection([ownerId]) } ?? [ownerId] }
        if let teamId = filter.teamId {
            let members = Set(try await reference(Team.self, teamId, field: "teamId", in: tx).fields.memberIds)
            owners = owners.map { $0.intersection(members) } ?? members
        }
        let base = try await settings(in: tx).baseCurrency
        let precision = try await tx.currency(base)?.precision ?? 2
        return (ReportScope(owners: owners, from: filter.from, to: filter.to), ReportMoney(currency: base, precision: precision))
    }

    /// A sum of scale-4 integers as money in base currency.
    private func amount(_ scaled: Int64, _ money: ReportMoney, divisor: Int = 1) -> Decimal {
        (Decimal(scaled) / Decimal(sign: .plus, exponent: Column.scale, significand: 1) / Decimal(divisor)).rounded(scale: money.precision)
    }

    /// The opportunities' choice field a report is grouped by (`groupBy` names its key).
    func groupingField(_ key: String, in tx: Transaction) async throws -> CustomFieldDefinition {
        let fields = try await tx.settings()?.customFields(of: .opportunity) ?? []
        guard let field = fields.first(where: { $0.key == key && $0.type == .choice }) else {
            let choices = fields.filter { $0.type == .choice }.map { "cf." + $0.key }
            throw ServiceError.invalid("groupBy", "invalid_group",
                                       "groupBy names a choice field of opportunities" + (choices.isEmpty ? " (there is none)" : ": " + choices.joined(separator: ", ")))
        }
        return field
    }

    /// `rows` by their `value` in the order of `field`'s choices, then the values it no longer
    /// has, then no value: each with its labels and row.
    func grouped(_ rows: [ReportRow], by field: CustomFieldDefinition,
                 value: (ReportRow) -> String?) -> [(String?, [String: String], ReportRow?)] {
        var byValue = Dictionary(rows.map { (value($0), $0) }, uniquingKeysWith: { first, _ in first })
        var out: [(String?, [String: String], ReportRow?)] = []
        for choice in field.choices ?? [] where !choice.retired || byValue[choice.value] != nil {
            out.append((choice.value, choice.labels, byValue.removeValue(forKey: choice.value)))
        }
        for value in byValue.keys.compactMap({ $0 }).sorted() { out.append((value, [:], byValue.removeValue(forKey: value))) }
        if let none = byValue.removeValue(forKey: nil) { out.append((nil, [:], none)) }
        return out
    }
}
