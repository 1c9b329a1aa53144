extension Migration {
    /// Outbound mail and what answers it: the outbox, the server's secrets (the SMTP password,
    /// kept out of the settings and their history), the customers' quote links, password
    /// resets and the team's notifications. Tokens are kept as their SHA-256, never in clear.
    static let mail = Migration(version: 17, name: "mail, quote links, password resets and notifications", statements: [
        """
        CREATE TABLE outgoing_messages (
            id TEXT PRIMARY KEY,
            message_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            regarding_type TEXT,
            regarding_id TEXT,
            opportunity_id TEXT,
            sender_id TEXT,
            recipients TEXT NOT NULL,
            subject TEXT NOT NULL,
            body_text TEXT NOT NULL,
            body_html TEXT,
            attachment TEXT,
            attachment_name TEXT,
            attachment_sha256 TEXT,
            raw TEXT,
            status TEXT NOT NULL,
            attempts BIGINT NOT NULL,
            created_at BIGINT NOT NULL,
            next_attempt_at BIGINT NOT NULL,
            last_attempt_at BIGINT,
            last_error TEXT,
            sent_at BIGINT,
            claimed_by TEXT,
            claimed_until BIGINT
        )
        """,
        "CREATE INDEX outgoing_messages_due ON outgoing_messages (status, next_attempt_at)",
        "CREATE INDEX outgoing_messages_created ON outgoing_messages (created_at, id)",
        "CREATE INDEX outgoing_messages_regarding ON outgoing_messages (regarding_id, created_at, id)",
        "CREATE TABLE secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL, modified_at BIGINT NOT NULL)",
        """
        CREATE TABLE quote_links (
            token_hash TEXT PRIMARY KEY,
            quote_id TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX quote_links_quote ON quote_links (quote_id)",
        """
        CREATE TABLE password_resets (
            token_hash TEXT PRIMARY KEY,
            user_id TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL,
            used_at BIGINT
        )
        """,
        "CREATE INDEX password_resets_user ON password_resets (user_id)",
        """
        CREATE TABLE notifications (
            id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL,
            event TEXT NOT NULL,
            record_type TEXT,
            record_id TEXT,
            title TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            read_at BIGINT,
            emailed_at BIGINT,
            dedup_key TEXT
        )
        """,
        "CREATE INDEX notifications_user ON notifications (user_id, created_at, id)",
        "CREATE INDEX notifications_unread ON notifications (user_id, read_at)",
        "CREATE UNIQUE INDEX notifications_dedup ON notifications (user_id, dedup_key)",
    ])
}
