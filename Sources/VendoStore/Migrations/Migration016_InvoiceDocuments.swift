extension Migration {
    /// The PDF (with its Factur-X XML) of each issued invoice and credit note, made once after
    /// issue and kept, so that every server returns the same bytes. Base64 text rather than a
    /// binary column: one type on both engines, and the copy between them stays a plain copy.
    static let invoiceDocuments = Migration(version: 16, name: "kept invoice documents", statements: [
        """
        CREATE TABLE invoice_documents (
            invoice_id TEXT PRIMARY KEY,
            made_at BIGINT NOT NULL,
            sha256 TEXT NOT NULL,
            pdf TEXT NOT NULL,
            xml TEXT NOT NULL
        )
        """,
        // Orders and invoices are found by their number (`vendo pdf invoice INV-2026-00001`, the API's filter).
        "CREATE INDEX orders_number ON orders (number, created_at, id)",
        "CREATE INDEX invoices_number ON invoices (number, created_at, id)",
    ])
}
