import VendoCore

extension Migration {
    /// Sales processes and activities; the columns the process and the reports need on leads and
    /// opportunities, filled in for the records that exist.
    static let processes = Migration(version: 5, name: "sales processes, activities, report columns", statements: [
        recordTable("processes", "is_default BIGINT NOT NULL"),
        recordTable("activities", """
            type TEXT NOT NULL, regarding_type TEXT NOT NULL, regarding_id TEXT NOT NULL, due_at BIGINT
            """),
        filterIndex("activities", "regarding_id"), filterIndex("activities", "type"),
        "CREATE INDEX activities_due ON activities (state, due_at, id)",
        "CREATE INDEX activities_owner_due ON activities (owner_id, state, due_at)",
        "ALTER TABLE leads ADD COLUMN process_id TEXT",
        "ALTER TABLE leads ADD COLUMN stage TEXT",
        filterIndex("leads", "process_id"), filterIndex("leads", "stage"),
        "ALTER TABLE opportunities ADD COLUMN process_id TEXT",
        "ALTER TABLE opportunities ADD COLUMN stage TEXT",
        "ALTER TABLE opportunities ADD COLUMN probability BIGINT",
        "ALTER TABLE opportunities ADD COLUMN actual_revenue_base BIGINT",
        "ALTER TABLE opportunities ADD COLUMN cycle_days BIGINT",
        filterIndex("opportunities", "process_id"), filterIndex("opportunities", "stage"),
        "CREATE INDEX opportunities_pipeline ON opportunities (state, stage, owner_id)",
        "CREATE INDEX opportunities_forecast ON opportunities (forecast_category, estimated_close_date)",
        "CREATE INDEX opportunities_closed ON opportunities (state, actual_close_date)",
        "CREATE INDEX leads_created_source ON leads (created_at, source)",
        "CREATE INDEX history_timeline ON history (record_id, at)",
    ] + recordIndexes("processes") + recordIndexes("activities"), backfill: { tx in
        try await tx.rewriteColumns(Lead.self)
        try await tx.rewriteColumns(Opportunity.self)
    })
}
