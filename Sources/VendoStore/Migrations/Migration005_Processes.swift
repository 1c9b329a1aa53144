import Foundation
import SQLKit

extension Migration {
    /// Sales processes and activities; the columns the process and the reports need on leads and
    /// opportunities, filled in for the records that exist from their documents as version 5
    /// wrote them (see `Backfill005`).
    static let processes = Migration(version: 5, name: "sales processes, activities, report columns", statements: [
        """
        CREATE TABLE processes (
            id TEXT PRIMARY KEY, version BIGINT NOT NULL, created_at BIGINT NOT NULL, modified_at BIGINT NOT NULL,
            created_by TEXT NOT NULL, owner_id TEXT NOT NULL, state TEXT, status TEXT, search TEXT NOT NULL, data TEXT NOT NULL,
            is_default BIGINT NOT NULL)
        """,
        """
        CREATE TABLE activities (
            id TEXT PRIMARY KEY, version BIGINT NOT NULL, created_at BIGINT NOT NULL, modified_at BIGINT NOT NULL,
            created_by TEXT NOT NULL, owner_id TEXT NOT NULL, state TEXT, status TEXT, search TEXT NOT NULL, data TEXT NOT NULL,
            type TEXT NOT NULL, regarding_type TEXT NOT NULL, regarding_id TEXT NOT NULL, due_at BIGINT)
        """,
        "CREATE INDEX activities_regarding_id ON activities (regarding_id, created_at, id)",
        "CREATE INDEX activities_type ON activities (type, created_at, id)",
        "CREATE INDEX activities_due ON activities (state, due_at, id)",
        "CREATE INDEX activities_owner_due ON activities (owner_id, state, due_at)",
        "ALTER TABLE leads ADD COLUMN process_id TEXT",
        "ALTER TABLE leads ADD COLUMN stage TEXT",
        "CREATE INDEX leads_process_id ON leads (process_id, created_at, id)",
        "CREATE INDEX leads_stage ON leads (stage, created_at, id)",
        "ALTER TABLE opportunities ADD COLUMN process_id TEXT",
        "ALTER TABLE opportunities ADD COLUMN stage TEXT",
        "ALTER TABLE opportunities ADD COLUMN probability BIGINT",
        "ALTER TABLE opportunities ADD COLUMN actual_revenue_base BIGINT",
        "ALTER TABLE opportunities ADD COLUMN cycle_days BIGINT",
        "CREATE INDEX opportunities_process_id ON opportunities (process_id, created_at, id)",
        "CREATE INDEX opportunities_stage ON opportunities (stage, created_at, id)",
        "CREATE INDEX opportunities_pipeline ON opportunities (state, stage, owner_id)",
        "CREATE INDEX opportunities_forecast ON opportunities (forecast_category, estimated_close_date)",
        "CREATE INDEX opportunities_closed ON opportunities (state, actual_close_date)",
        "CREATE INDEX leads_created_source ON leads (created_at, source)",
        "CREATE INDEX history_timeline ON history (record_id, at)",
        "CREATE INDEX processes_created ON processes (created_at, id)",
        "CREATE INDEX processes_modified ON processes (modified_at, id)",
        "CREATE INDEX processes_state ON processes (state, created_at, id)",
        "CREATE INDEX processes_status ON processes (status, created_at, id)",
        "CREATE INDEX processes_owner ON processes (owner_id, created_at, id)",
        "CREATE INDEX activities_created ON activities (created_at, id)",
        "CREATE INDEX activities_modified ON activities (modified_at, id)",
        "CREATE INDEX activities_state ON activities (state, created_at, id)",
        "CREATE INDEX activities_status ON activities (status, created_at, id)",
        "CREATE INDEX activities_owner ON activities (owner_id, created_at, id)",
    ], backfill: { tx in
        try await Backfill005.leads(tx)
        try await Backfill005.opportunities(tx)
    })
}

/// What migration 5 reads from the documents of version 5, and nothing more: these shapes and
/// rules are frozen here, so that the record types can change without changing this migration.
enum Backfill005 {
    struct Position: Decodable {
        let processId: String
        let stage: String
    }

    struct Lead: Decodable {
        let process: Position?
    }

    struct Opportunity: Decodable {
        struct Info: Decodable { let createdAt: Date }
        struct Fields: Decodable { let probability: Int? }
        struct Pricing: Decodable {
            let exchangeRate: Decimal
            let basePrecision: Int?
        }
        let info: Info
        let fields: Fields
        let pricing: Pricing
        let process: Position?
        let actualRevenue: Decimal?
        let actualCloseDate: String?
    }

    static func leads(_ tx: Transaction) async throws {
        try await MigrationBackfill.each(Lead.self, in: "leads", tx) { id, lead in
            """
            UPDATE leads SET process_id = \(bind: lead.process?.processId.lowercased()), stage = \(bind: lead.process?.stage)
            WHERE id = \(bind: id)
            """
        }
    }

    static func opportunities(_ tx: Transaction) async throws {
        try await MigrationBackfill.each(Opportunity.self, in: "opportunities", tx) { id, opportunity in
            let base = opportunity.actualRevenue.map {
                MigrationBackfill.rounded($0 / opportunity.pricing.exchangeRate, scale: opportunity.pricing.basePrecision ?? 2)
            }
            let cycleDays = opportunity.actualCloseDate.flatMap(MigrationBackfill.daysSinceEpoch).map {
                Int64($0 - MigrationBackfill.utcDaysSinceEpoch(opportunity.info.createdAt))
            }
            return """
                UPDATE opportunities SET process_id = \(bind: opportunity.process?.processId.lowercased()),
                    stage = \(bind: opportunity.process?.stage), probability = \(bind: opportunity.fields.probability.map(Int64.init)),
                    actual_revenue_base = \(bind: base.flatMap(MigrationBackfill.money)), cycle_days = \(bind: cycleDays)
                WHERE id = \(bind: id)
                """
        }
    }
}
