import VendoCore

extension Migration {
    /// The contact of quotes, orders and invoices as an indexed column (a `contactId` filter, and
    /// merging contacts), filled in for the documents that exist.
    static let documentContacts = Migration(version: 8, name: "document contacts", statements: [
        "ALTER TABLE quotes ADD COLUMN contact_id TEXT",
        "ALTER TABLE orders ADD COLUMN contact_id TEXT",
        "ALTER TABLE invoices ADD COLUMN contact_id TEXT",
        filterIndex("quotes", "contact_id"), filterIndex("orders", "contact_id"), filterIndex("invoices", "contact_id"),
    ], backfill: { tx in
        try await tx.rewriteColumns(Quote.self)
        try await tx.rewriteColumns(Order.self)
        try await tx.rewriteColumns(Invoice.self)
    })
}
