import Foundation
import SQLKit
import VendoCore

/// An issued invoice's kept document: its PDF, the Factur-X XML inside it, and the PDF's SHA-256.
public struct KeptInvoiceDocument: Sendable, Equatable {
    public var invoiceId: ID<Invoice>
    public var madeAt: Date
    public var sha256: String
    public var pdf: [UInt8]
    public var xml: String

    public init(invoiceId: ID<Invoice>, madeAt: Date, sha256: String, pdf: [UInt8], xml: String) {
        self.invoiceId = invoiceId
        self.madeAt = madeAt
        self.sha256 = sha256
        self.pdf = pdf
        self.xml = xml
    }
}

extension Transaction {
    public func keptInvoiceDocument(_ id: ID<Invoice>) async throws -> KeptInvoiceDocument? {
        guard let row = try await rows("""
            SELECT made_at, sha256, pdf, xml FROM invoice_documents WHERE invoice_id = \(bind: id.description)
            """).first else { return nil }
        let pdf = try row.decode(column: "pdf", as: String.self)
        return KeptInvoiceDocument(
            invoiceId: id, madeAt: Self.date(try row.decode(column: "made_at", as: Int64.self)) ?? Date(timeIntervalSince1970: 0),
            sha256: try row.decode(column: "sha256", as: String.self), pdf: [UInt8](Data(base64Encoded: pdf) ?? Data()),
            xml: try row.decode(column: "xml", as: String.self))
    }

    /// Keeps `document` unless one is kept already; true when this one was kept.
    public func keepInvoiceDocument(_ document: KeptInvoiceDocument) async throws -> Bool {
        !(try await rows("""
            INSERT INTO invoice_documents (invoice_id, made_at, sha256, pdf, xml)
            VALUES (\(bind: document.invoiceId.description), \(bind: Self.timestamp(document.madeAt)), \(bind: document.sha256),
                    \(bind: Data(document.pdf).base64EncodedString()), \(bind: document.xml))
            ON CONFLICT (invoice_id) DO NOTHING
            RETURNING invoice_id
            """)).isEmpty
    }
}
