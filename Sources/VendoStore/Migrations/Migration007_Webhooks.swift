extension Migration {
    /// Webhook subscriptions and their outbox: a delivery row is written in the transaction of
    /// the change it reports, and sent afterwards by whichever server claims it first.
    static let webhooks = Migration(version: 7, name: "webhooks and their outbox", statements: [
        """
        CREATE TABLE webhooks (
            id TEXT PRIMARY KEY, version BIGINT NOT NULL, created_at BIGINT NOT NULL, modified_at BIGINT NOT NULL,
            created_by TEXT NOT NULL, owner_id TEXT NOT NULL, state TEXT, status TEXT, search TEXT NOT NULL, data TEXT NOT NULL)
        """,
        """
        CREATE TABLE webhook_deliveries (
            id TEXT PRIMARY KEY, webhook_id TEXT NOT NULL, event TEXT NOT NULL, payload TEXT NOT NULL,
            status TEXT NOT NULL, attempts BIGINT NOT NULL, created_at BIGINT NOT NULL, next_attempt_at BIGINT NOT NULL,
            last_attempt_at BIGINT, last_status_code BIGINT, last_error TEXT, delivered_at BIGINT,
            claimed_by TEXT, claimed_until BIGINT)
        """,
        "CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at)",
        "CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, created_at, id)",
        "CREATE INDEX webhooks_created ON webhooks (created_at, id)",
        "CREATE INDEX webhooks_modified ON webhooks (modified_at, id)",
        "CREATE INDEX webhooks_state ON webhooks (state, created_at, id)",
        "CREATE INDEX webhooks_status ON webhooks (status, created_at, id)",
        "CREATE INDEX webhooks_owner ON webhooks (owner_id, created_at, id)",
    ])
}
