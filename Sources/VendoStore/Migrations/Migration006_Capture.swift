extension Migration {
    /// Web-to-lead forms, addressed by their key, and the per-address log public endpoints are
    /// rate-limited with (in the database, so that every server counts the same).
    static let capture = Migration(version: 6, name: "capture forms, rate limits", statements: [
        """
        CREATE TABLE capture_forms (
            id TEXT PRIMARY KEY, version BIGINT NOT NULL, created_at BIGINT NOT NULL, modified_at BIGINT NOT NULL,
            created_by TEXT NOT NULL, owner_id TEXT NOT NULL, state TEXT, status TEXT, search TEXT NOT NULL, data TEXT NOT NULL,
            form_key TEXT NOT NULL UNIQUE)
        """,
        "CREATE TABLE rate_events (key TEXT NOT NULL, at BIGINT NOT NULL)",
        "CREATE INDEX rate_events_key ON rate_events (key, at)",
        "CREATE INDEX rate_events_at ON rate_events (at)",
        "CREATE INDEX capture_forms_created ON capture_forms (created_at, id)",
        "CREATE INDEX capture_forms_modified ON capture_forms (modified_at, id)",
        "CREATE INDEX capture_forms_state ON capture_forms (state, created_at, id)",
        "CREATE INDEX capture_forms_status ON capture_forms (status, created_at, id)",
        "CREATE INDEX capture_forms_owner ON capture_forms (owner_id, created_at, id)",
    ])
}
