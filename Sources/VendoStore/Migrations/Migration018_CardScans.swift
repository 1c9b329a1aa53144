extension Migration {
    /// Business cards photographed at trade shows: each photo with what was read from it, kept
    /// until it becomes a lead (then for as long as the lead) or is thrown away; and the lead's
    /// new `event` field, a list filter. The image is base64 text, as kept invoice documents are.
    static let cardScans = Migration(version: 18, name: "business card scans and the lead's event", statements: [
        """
        CREATE TABLE card_scans (
            id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            content_type TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            image TEXT NOT NULL,
            reading TEXT NOT NULL,
            event TEXT,
            lead_id TEXT
        )
        """,
        "CREATE INDEX card_scans_user ON card_scans (user_id, lead_id, created_at)",
        "CREATE INDEX card_scans_lead ON card_scans (lead_id)",
        "CREATE INDEX card_scans_created ON card_scans (created_at)",
        "ALTER TABLE leads ADD COLUMN event TEXT",
        "CREATE INDEX leads_event ON leads (event, created_at, id)",
    ])
}
