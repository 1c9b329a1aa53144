import SQLKit

extension Migration {
    /// The contact of quotes, orders and invoices as an indexed column (a `contactId` filter, and
    /// merging contacts), filled in from the documents that exist.
    static let documentContacts = Migration(version: 8, name: "document contacts", statements: [
        "ALTER TABLE quotes ADD COLUMN contact_id TEXT",
        "ALTER TABLE orders ADD COLUMN contact_id TEXT",
        "ALTER TABLE invoices ADD COLUMN contact_id TEXT",
        "CREATE INDEX quotes_contact_id ON quotes (contact_id, created_at, id)",
        "CREATE INDEX orders_contact_id ON orders (contact_id, created_at, id)",
        "CREATE INDEX invoices_contact_id ON invoices (contact_id, created_at, id)",
    ], backfill: { tx in
        for table in ["quotes", "orders", "invoices"] {
            try await MigrationBackfill.each(Backfill008.Document.self, in: table, tx) { id, document in
                "UPDATE \(ident: table) SET contact_id = \(bind: document.fields.contactId?.lowercased()) WHERE id = \(bind: id)"
            }
        }
    })
}

/// The one field migration 8 reads from the documents of version 8, frozen here.
enum Backfill008 {
    struct Document: Decodable {
        struct Fields: Decodable { let contactId: String? }
        let fields: Fields
    }
}
