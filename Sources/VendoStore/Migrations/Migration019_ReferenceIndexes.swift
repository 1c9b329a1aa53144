extension Migration {
    /// Indexes for the references a delete checks that had none (a competitor's close records,
    /// an invoice's credit notes, a unit's price list items): each check is one index probe. And
    /// the `regardingType` filter of activities, which read every activity.
    static let referenceIndexes = Migration(version: 19, name: "reference indexes", statements: [
        "CREATE INDEX close_records_competitor_id ON close_records (competitor_id)",
        "CREATE INDEX invoices_credited_invoice_id ON invoices (credited_invoice_id)",
        "CREATE INDEX price_list_items_unit_id ON price_list_items (unit_id)",
        "CREATE INDEX activities_regarding_type ON activities (regarding_type, created_at, id)",
    ])
}
