import Foundation
import Hummingbird
import VendoCore
import VendoServices

/// The documents customers receive, as files: the PDF of a quote, order or invoice, and an
/// issued invoice's Factur-X XML. Whoever may read the record may download them.
enum DocumentFilesResource {
    static func routes(_ s: Services) -> [Route] {
        var routes = [
            Route(.get, "/api/v1/quotes/{id}/pdf", id: "quotePDF", "The quote as a PDF/A-3 document, in the customer's language",
                  responses: responses([200: .string])) { request in
                let file = try await s.pdf(ofQuote: try request.id(), by: try request.user())
                return .file(file.bytes, type: "application/pdf", fileName: file.fileName)
            },
            Route(.get, "/api/v1/orders/{id}/pdf", id: "orderPDF", "The order confirmation as a PDF/A-3 document",
                  responses: responses([200: .string])) { request in
                let file = try await s.pdf(ofOrder: try request.id(), by: try request.user())
                return .file(file.bytes, type: "application/pdf", fileName: file.fileName)
            },
            Route(.get, "/api/v1/invoices/{id}/pdf", id: "invoicePDF",
                  "The invoice or credit note as a PDF: once issued, the Factur-X PDF/A-3 made at issue, the same bytes on every download",
                  responses: responses([200: .string])) { request in
                let file = try await s.pdf(ofInvoice: try request.id(), by: try request.user())
                return .file(file.bytes, type: "application/pdf", fileName: file.fileName)
            },
            Route(.get, "/api/v1/invoices/{id}/factur-x.xml", id: "invoiceFacturX",
                  "An issued invoice's or credit note's EN 16931 XML (UN/CEFACT CII), as its PDF carries it; 409 for a draft",
                  responses: responses([200: .string], conflict: true)) { request in
                let xml = try await s.facturX(ofInvoice: try request.id(), by: try request.user())
                return .file(Array(xml.utf8), type: "application/xml; charset=utf-8", fileName: "factur-x.xml")
            },
        ]
        for index in routes.indices {
            routes[index].produces = routes[index].path.hasSuffix(".xml") ? "application/xml" : "application/pdf"
        }
        return routes
    }
}
