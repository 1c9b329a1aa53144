import Foundation
import SQLKit
import VendoCore

/// Raw figures of the reports, summed in SQL (sums cast to BIGINT: PostgreSQL sums BIGINTs as NUMERIC). Amounts are in base currency as integers of scale
/// 4 (`Column.scale`); `weighted` sums amount × probability, so it has scale 4 and is 100 times
/// the weighted amount.
public struct ReportRow: Sendable, Equatable {
    public var key: String?
    public var count: Int
    public var total: Int64
    public var weighted: Int64
    public var extra: Int64
    /// The value of the custom field the rows are grouped by, when they are.
    public var group: String?
}

/// Which records a report covers.
public struct ReportScope: Sendable {
    /// Only records of these owners; nil for everyone's.
    public var owners: Set<ID<User>>?
    /// Inclusive period bounds.
    public var from: Day?
    public var to: Day?
    /// Only records with these custom values (the pipeline's).
    public var customFilters: [CustomFilter] = []

    public init(owners: Set<ID<User>>?, from: Day?, to: Day?) {
        self.owners = owners
        self.from = from
        self.to = to
    }

    /// The custom filters on the records of `table` (a name from this file, never input).
    func customCondition(_ table: String, _ dialect: Dialect) throws -> SQLQueryString {
        try customFilters.reduce("1 = 1") { sql, filter in
            sql + " AND " + (try Transaction.customCondition(filter, table: table, dialect: dialect))
        }
    }

    /// `column` is a name from this file, never input.
    func ownerCondition(_ column: String) -> SQLQueryString {
        guard let owners else { return "1 = 1" }
        let list = owners.map(\.description).sorted()
        return list.isEmpty ? "1 = 0" : "\(unsafeRaw: column) IN (\(binds: list))"
    }

    /// `column` (a YYYY-MM-DD text) within the period.
    func dayCondition(_ column: String) -> SQLQueryString {
        var parts: [SQLQueryString] = []
        if let from { parts.append("\(unsafeRaw: column) >= \(bind: from.description)") }
        if let to { parts.append("\(unsafeRaw: column) <= \(bind: to.description)") }
        return parts.isEmpty ? "1 = 1" : parts.joined(separator: " AND ")
    }
}

extension Transaction {
    private func reportRows(_ sql: SQLQueryString, grouped: Bool = false) async throws -> [ReportRow] {
        try await rows(sql).map { row in
            ReportRow(key: try row.decode(column: "key", as: String?.self), count: try row.decode(column: "n", as: Int.self),
                      total: try row.decode(column: "total", as: Int64?.self) ?? 0,
                      weighted: try row.decode(column: "weighted", as: Int64?.self) ?? 0,
                      extra: try row.decode(column: "extra", as: Int64?.self) ?? 0,
                      group: grouped ? try row.decode(column: "grp", as: String?.self) : nil)
        }
    }

    /// The text of a record's single-valued custom field `key`, read out of its JSON (null when
    /// it has none). The key goes into the SQL text, so it must be a field key's letters and digits.
    private func customValue(_ key: String) throws -> SQLQueryString {
        try Self.checkCustomKey(key)
        return dialect == .sqlite ? "CAST(json_extract(data, '$.fields.customFields.\(unsafeRaw: key)') AS TEXT)"
            : "(data::jsonb #>> '{fields,customFields,\(unsafeRaw: key)}')"
    }

    /// Open opportunities by stage (or by the value of the custom field `groupBy`): count,
    /// estimated revenue, and revenue × probability; the period applies to the estimated close date.
    public func pipeline(_ scope: ReportScope, processId: ID<SalesProcess>?, groupBy: String? = nil) async throws -> [ReportRow] {
        var process: SQLQueryString = "1 = 1"
        if let processId { process = "process_id = \(bind: processId.description)" }
        let key: SQLQueryString = try groupBy.map(customValue) ?? "stage"
        return try await reportRows("""
            SELECT \(key) AS key, COUNT(*) AS n, CAST(SUM(estimated_revenue_base) AS BIGINT) AS total,
                   CAST(SUM(estimated_revenue_base * COALESCE(probability, 0)) AS BIGINT) AS weighted, CAST(0 AS BIGINT) AS extra
            FROM opportunities
            WHERE state = 'open' AND \(scope.ownerCondition("owner_id")) AND \(scope.dayCondition("estimated_close_date")) AND \(process)
              AND \(try scope.customCondition("opportunities", dialect))
            GROUP BY 1
            """)
    }

    /// `closedOpportunities` for each value of the custom field `groupBy` (`group`; `key` is the state).
    public func closedOpportunities(_ scope: ReportScope, groupBy: String) async throws -> [ReportRow] {
        try await reportRows("""
            SELECT state AS key, \(try customValue(groupBy)) AS grp, COUNT(*) AS n, CAST(SUM(actual_revenue_base) AS BIGINT) AS total,
                   CAST(0 AS BIGINT) AS weighted, CAST(SUM(cycle_days) AS BIGINT) AS extra
            FROM opportunities
            WHERE state IN ('won', 'lost') AND \(scope.ownerCondition("owner_id")) AND \(scope.dayCondition("actual_close_date"))
            GROUP BY 1, 2
            """, grouped: true)
    }

    /// Opportunities by forecast category: the open ones expected to close in the period (at
    /// their estimated revenue) and the ones won in it (at their actual revenue). Read from the
    /// sums the triggers of migration 20 keep per close day, not from the opportunities.
    public func forecast(_ scope: ReportScope) async throws -> [ReportRow] {
        // A period leaves out the opportunities without a close day ('').
        let dated: SQLQueryString = scope.from == nil && scope.to == nil ? "1 = 1" : "day <> ''"
        return try await reportRows("""
            SELECT NULLIF(category, '') AS key, CAST(SUM(n) AS BIGINT) AS n, CAST(SUM(total) AS BIGINT) AS total,
                   CAST(0 AS BIGINT) AS weighted, CAST(0 AS BIGINT) AS extra
            FROM forecast_totals
            WHERE \(scope.ownerCondition("owner_id")) AND \(scope.dayCondition("day")) AND \(dated)
            GROUP BY category
            HAVING SUM(n) > 0
            """)
    }

    /// The same figures summed from the opportunities themselves, as the report read them
    /// before migration 20: what the kept sums must always equal (the tests compare them).
    public func forecastFromOpportunities(_ scope: ReportScope) async throws -> [ReportRow] {
        try await reportRows("""
            SELECT forecast_category AS key, COUNT(*) AS n,
                   CAST(SUM(CASE WHEN state = 'won' THEN actual_revenue_base ELSE estimated_revenue_base END) AS BIGINT) AS total,
                   CAST(0 AS BIGINT) AS weighted, CAST(0 AS BIGINT) AS extra
            FROM opportunities
            WHERE \(scope.ownerCondition("owner_id"))
              AND ((state = 'open' AND \(scope.dayCondition("estimated_close_date")))
                   OR (state = 'won' AND \(scope.dayCondition("actual_close_date"))))
            GROUP BY forecast_category
            """)
    }

    /// `forecastFromOpportunities` for each value of the custom field `groupBy` (`group`; `key`
    /// is the forecast category), summed from the opportunities since the kept sums have no field.
    public func forecast(_ scope: ReportScope, groupBy: String) async throws -> [ReportRow] {
        try await reportRows("""
            SELECT forecast_category AS key, \(try customValue(groupBy)) AS grp, COUNT(*) AS n,
                   CAST(SUM(CASE WHEN state = 'won' THEN actual_revenue_base ELSE estimated_revenue_base END) AS BIGINT) AS total,
                   CAST(0 AS BIGINT) AS weighted, CAST(0 AS BIGINT) AS extra
            FROM opportunities
            WHERE \(scope.ownerCondition("owner_id"))
              AND ((state = 'open' AND \(scope.dayCondition("estimated_close_date")))
                   OR (state = 'won' AND \(scope.dayCondition("actual_close_date"))))
            GROUP BY 1, 2
            """, grouped: true)
    }

    /// Opportunities won and lost in the period: count, actual revenue, and the sum of their
    /// sales cycles in days (`extra`).
    public func closedOpportunities(_ scope: ReportScope) async throws -> [ReportRow] {
        try await reportRows("""
            SELECT state AS key, COUNT(*) AS n, CAST(SUM(actual_revenue_base) AS BIGINT) AS total, CAST(0 AS BIGINT) AS weighted, CAST(SUM(cycle_days) AS BIGINT) AS extra
            FROM opportunities
            WHERE state IN ('won', 'lost') AND \(scope.ownerCondition("owner_id")) AND \(scope.dayCondition("actual_close_date"))
            GROUP BY state
            """)
    }

    /// Revenue won per month (`YYYY-MM`) of the actual close date.
    public func revenueByMonth(_ scope: ReportScope) async throws -> [ReportRow] {
        try await reportRows("""
            SELECT SUBSTR(actual_close_date, 1, 7) AS key, COUNT(*) AS n, CAST(SUM(actual_revenue_base) AS BIGINT) AS total, CAST(0 AS BIGINT) AS weighted, CAST(0 AS BIGINT) AS extra
            FROM opportunities
            WHERE state = 'won' AND \(scope.ownerCondition("owner_id")) AND \(scope.dayCondition("actual_close_date"))
            GROUP BY SUBSTR(actual_close_date, 1, 7)
            """)
    }

    /// Leads created in the period by source: count, qualified (`weighted` holds the count) and
    /// disqualified (`extra`).
    public func leadSources(_ scope: ReportScope) async throws -> [ReportRow] {
        try await reportRows("""
            SELECT source AS key, COUNT(*) AS n, CAST(0 AS BIGINT) AS total,
                   CAST(SUM(CASE WHEN state = 'qualified' THEN 1 ELSE 0 END) AS BIGINT) AS weighted,
                   CAST(SUM(CASE WHEN state = 'disqualified' THEN 1 ELSE 0 END) AS BIGINT) AS extra
            FROM leads
            WHERE \(scope.ownerCondition("owner_id")) AND \(createdCondition(scope, "created_at"))
            GROUP BY source
            """)
    }

    /// Won opportunities that came from the leads created in the period, by the lead's source.
    public func wonFromLeadSources(_ scope: ReportScope) async throws -> [ReportRow] {
        try await reportRows("""
            SELECT l.source AS key, COUNT(*) AS n, CAST(SUM(o.actual_revenue_base) AS BIGINT) AS total, CAST(0 AS BIGINT) AS weighted, CAST(0 AS BIGINT) AS extra
            FROM opportunities o JOIN leads l ON l.id = o.originating_lead_id
            WHERE o.state = 'won' AND \(scope.ownerCondition("o.owner_id")) AND \(scope.ownerCondition("l.owner_id"))
              AND \(createdCondition(scope, "l.created_at"))
            GROUP BY l.source
            """)
    }

    private func createdCondition(_ scope: ReportScope, _ column: String) -> SQLQueryString {
        var parts: [SQLQueryString] = []
        if let from = scope.from { parts.append("\(unsafeRaw: column) >= \(bind: Self.timestamp(from.start))") }
        if let to = scope.to { parts.append("\(unsafeRaw: column) < \(bind: Self.timestamp(to.start.addingTimeInterval(86_400)))") }
        return parts.isEmpty ? "1 = 1" : parts.joined(separator: " AND ")
    }

    /// How many leads and opportunities follow a process.
    public func recordsFollowing(_ processId: ID<SalesProcess>) async throws -> Int {
        let id = processId.description
        return try await count(Lead.self, where: "process_id = \(bind: id)") + count(Opportunity.self, where: "process_id = \(bind: id)")
    }

    public func defaultProcess() async throws -> SalesProcess? {
        try await select(SalesProcess.self, where: "is_default = 1", limit: 1).first
    }

    public func processes() async throws -> [SalesProcess] {
        try await select(SalesProcess.self, where: "1 = 1")
    }
}
