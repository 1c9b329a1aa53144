extension Migration {
    /// A sign-in attempt is counted before its password is checked, under an id of its own, so
    /// that a successful one can take back exactly the row it added.
    static let signInAttempts = Migration(version: 11, name: "sign-in attempts", statements: [
        "ALTER TABLE sign_in_failures ADD COLUMN attempt TEXT",
        "CREATE INDEX sign_in_failures_attempt ON sign_in_failures (attempt)",
    ])
}
