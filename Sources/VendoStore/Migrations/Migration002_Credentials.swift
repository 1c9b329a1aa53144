extension Migration {
    /// Secrets live outside the record documents, so that history never shows them.
    static let credentials = Migration(version: 2, name: "credentials, api tokens and idempotency keys", statements: [
        "CREATE TABLE credentials (user_id TEXT PRIMARY KEY, password_hash TEXT NOT NULL, changed_at BIGINT NOT NULL)",
        """
        CREATE TABLE api_tokens (
            id TEXT PRIMARY KEY, user_id TEXT NOT NULL, name TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE,
            created_at BIGINT NOT NULL, expires_at BIGINT, revoked_at BIGINT)
        """,
        "CREATE INDEX api_tokens_user ON api_tokens (user_id, created_at)",
        """
        CREATE TABLE idempotency_keys (
            user_id TEXT NOT NULL, key TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL, created_at BIGINT NOT NULL,
            status BIGINT, headers TEXT, body TEXT, PRIMARY KEY (user_id, key))
        """,
        "CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at)",
    ])
}
