extension Migration {
    /// When each API token was last used, to the minute, so that its owner can see which are
    /// still in use before revoking one. Tokens no longer live for ever: one made without an
    /// expiry ends a year after it was made (timestamps are microseconds).
    static let tokenUse = Migration(version: 13, name: "token last use and lifetime", statements: [
        "ALTER TABLE api_tokens ADD COLUMN last_used_at BIGINT",
        "UPDATE api_tokens SET expires_at = created_at + 31536000000000 WHERE expires_at IS NULL",
    ])
}
