extension Migration {
    /// What housekeeping deletes by age, found by index rather than by reading whole tables.
    static let housekeepingIndexes = Migration(version: 15, name: "housekeeping indexes", statements: [
        "CREATE INDEX sessions_expiry ON sessions (expires_at)",
        "CREATE INDEX sessions_seen ON sessions (last_seen_at)",
        "CREATE INDEX sign_in_failures_at ON sign_in_failures (at)",
        "CREATE INDEX webhook_deliveries_finished ON webhook_deliveries (status, last_attempt_at)",
    ])
}
