extension Migration {
    /// The imports running now, one per user, seen by every server on the database.
    static let importRuns = Migration(version: 12, name: "running imports", statements: [
        "CREATE TABLE import_runs (user_id TEXT PRIMARY KEY, started_at BIGINT NOT NULL)",
    ])
}
