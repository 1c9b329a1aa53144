extension Migration {
    /// Sign-in sessions, failed sign-ins (for throttling, shared by every server) and security events.
    static let sessions = Migration(version: 4, name: "sessions, sign-in failures, security events", statements: [
        """
        CREATE TABLE sessions (
            secret_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, csrf_token TEXT NOT NULL,
            created_at BIGINT NOT NULL, last_seen_at BIGINT NOT NULL, expires_at BIGINT NOT NULL)
        """,
        "CREATE INDEX sessions_user ON sessions (user_id)",
        "CREATE TABLE sign_in_failures (key TEXT NOT NULL, at BIGINT NOT NULL)",
        "CREATE INDEX sign_in_failures_key ON sign_in_failures (key, at)",
        """
        CREATE TABLE security_events (
            id TEXT PRIMARY KEY, at BIGINT NOT NULL, kind TEXT NOT NULL, user_id TEXT, email TEXT, address TEXT, detail TEXT)
        """,
        "CREATE INDEX security_events_at ON security_events (at, id)",
    ])
}
