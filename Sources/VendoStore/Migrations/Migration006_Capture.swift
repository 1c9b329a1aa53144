extension Migration {
    /// Web-to-lead forms, addressed by their key, and the per-address log public endpoints are
    /// rate-limited with (in the database, so that every server counts the same).
    static let capture = Migration(version: 6, name: "capture forms, rate limits", statements: [
        recordTable("capture_forms", "form_key TEXT NOT NULL UNIQUE"),
        "CREATE TABLE rate_events (key TEXT NOT NULL, at BIGINT NOT NULL)",
        "CREATE INDEX rate_events_key ON rate_events (key, at)",
        "CREATE INDEX rate_events_at ON rate_events (at)",
    ] + recordIndexes("capture_forms"))
}
