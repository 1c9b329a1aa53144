extension Migration {
    /// Each request that reserves an Idempotency-Key names itself, so that the action's own
    /// transaction can mark the key done only if the reservation is still its own.
    static let idempotencyAttempts = Migration(version: 14, name: "idempotency attempts", statements: [
        "ALTER TABLE idempotency_keys ADD COLUMN attempt TEXT",
    ])
}
