import Foundation
import Hummingbird
import VendoCore
import VendoServices

/// API.md's corrections after issue: partial credit notes, refunds, reversals and write-offs.
enum InvoiceCorrectionsRoutes {
    static func routes(_ s: Services) -> [Route] {
        [
            Route(.post, "/api/v1/invoices/{id}/credit-notes", id: "creditInvoice",
                  "Credit chosen lines and quantities, or an amount at one of its tax rates, of an issued invoice",
                  body: .ref("CreditInput"), responses: responses([201: .ref("Invoice")], conflict: true, precondition: true)) { request in
                var reader = FieldReader(try request.json())
                var lines: [CreditedLine]?
                var amount: Decimal?
                var taxRate: Decimal?
                var reason: String?
                reader.read("lines", into: &lines, readLines)
                reader.read("amount", into: &amount, Convert.decimal)
                reader.read("taxRate", into: &taxRate, Convert.decimal)
                reader.read("reason", into: &reason, Convert.string)
                try finish(&reader)
                let credit: CreditRequest
                switch (lines, amount, taxRate) {
                case (let lines?, nil, nil):
                    credit = .lines(lines)
                case (nil, let amount?, let rate?):
                    credit = .amount(amount, taxRate: rate)
                case (nil, _?, nil):
                    throw DomainError.invalid("taxRate", "required", "an amount is credited at one of the invoice's tax rates")
                case (nil, nil, _?):
                    throw DomainError.invalid("amount", "required", "give the amount to credit, tax excluded")
                case (nil, nil, nil):
                    throw DomainError.invalid("lines", "required", "give either lines or an amount and a taxRate")
                default:
                    throw DomainError.invalid("lines", "conflicting", "give either lines or an amount and a taxRate, not both")
                }
                let result = try await s.creditInvoice(try request.id(), credit, reason: reason, ifVersion: try request.ifMatch(),
                                                       by: try request.user())
                return .record(InvoicesResource.render(result.creditNote), version: result.creditNote.info.version, status: .created,
                               location: "/api/v1/invoices/\(result.creditNote.id)")
            },
            Route(.post, "/api/v1/invoices/{id}/refunds", id: "refundInvoice",
                  "Pay money back to the customer of an overpaid invoice; the balance follows",
                  body: .ref("PaymentInput"), responses: responses([201: .ref("Payment")], conflict: true, precondition: true)) { request in
                let input = try InvoicesResource.paymentInput(request)
                let (invoice, refund) = try await s.refundInvoice(try request.id(), input, ifVersion: try request.ifMatch(),
                                                                  by: try request.user())
                return .record(InvoicesResource.payment(refund, precision: invoice.pricing.currencyPrecision), version: invoice.info.version,
                               status: .created, location: "/api/v1/invoices/\(invoice.id)")
            },
            Route(.post, "/api/v1/invoices/{id}/payments/{paymentId}/reverse", id: "reversePayment",
                  "Undo a payment that did not arrive (bounced, charged back); the balance opens again",
                  body: .ref("ReversalInput"), responses: responses([200: .ref("Invoice")], conflict: true, precondition: true)) { request in
                var reader = FieldReader(try request.json())
                var reason = ""
                var date: Day?
                reader.read("reason", into: &reason, required: true, Convert.string)
                reader.read("date", into: &date, Convert.day)
                try finish(&reader)
                let invoice = try await s.reversePayment(try request.id("paymentId"), on: try request.id(), reason: reason, date: date,
                                                         ifVersion: try request.ifMatch(), by: try request.user())
                return .record(InvoicesResource.render(invoice), version: invoice.info.version)
            },
            Route(.post, "/api/v1/invoices/{id}/write-off", id: "writeOffInvoice",
                  "Close a small remaining balance, up to the organisation's write-off limit",
                  body: .ref("WriteOffInput"), responses: responses([200: .ref("Invoice")], conflict: true, precondition: true)) { request in
                var reader = FieldReader(try request.json())
                var reason: String?
                reader.read("reason", into: &reason, Convert.string)
                try finish(&reader)
                let invoice = try await s.writeOffInvoice(try request.id(), reason: reason, ifVersion: try request.ifMatch(),
                                                          by: try request.user())
                return .record(InvoicesResource.render(invoice), version: invoice.info.version)
            },
        ]
    }

    @Sendable static func readLines(_ json: JSON) -> Result<[CreditedLine], FieldProblem> {
        guard case .array(let items) = json else {
            return .failure(FieldProblem(code: "invalid_type", message: "must be an array of {invoiceLineId, quantity}"))
        }
        var lines: [CreditedLine] = []
        for item in items {
            var line = CreditedLine(invoiceLineId: ID(UUID()), quantity: 0)
            var nested = FieldReader(item)
            nested.read("invoiceLineId", into: &line.invoiceLineId, required: true, Convert.id)
            nested.read("quantity", into: &line.quantity, required: true, Convert.decimal)
            nested.finish()
            if let first = nested.errors.first {
                return .failure(FieldProblem(code: first.code, message: "\(first.field): \(first.message)"))
            }
            lines.append(line)
        }
        return .success(lines)
    }

    static func render(_ writeOff: WriteOff, precision: Int) -> JSON {
        .object([("id", .string(writeOff.id.description)), ("amount", .money(writeOff.amount, scale: precision)),
                 ("date", .string(writeOff.date.description)), ("reason", .string(writeOff.reason)),
                 ("recordedAt", .date(writeOff.recordedAt)), ("recordedBy", .id(writeOff.recordedBy))])
    }

    static func render(_ credit: InvoiceCredit, precision: Int) -> JSON {
        .object([("creditNoteId", .id(credit.creditNoteId)), ("number", .string(credit.number)), ("date", .string(credit.date.description)),
                 ("amount", .money(credit.amount, scale: precision)),
                 ("lines", .array(credit.lines.map { .object([("invoiceLineId", .id($0.invoiceLineId)),
                                                               ("quantity", .string($0.quantity.description))]) }))])
    }

    static let schemas: [(String, Schema)] = [
        ("CreditInput", .object([("lines", .array(.object([("invoiceLineId", .uuid), ("quantity", .decimal)],
                                                           required: ["invoiceLineId", "quantity"]))),
                                 ("amount", .decimal), ("taxRate", .decimal), ("reason", Schema.text(maxLength: 1000).nullable)])),
        ("ReversalInput", .object([("reason", .text(maxLength: 1000)), ("date", Schema.date.nullable)], required: ["reason"])),
        ("WriteOffInput", .object([("reason", Schema.text(maxLength: 1000).nullable)])),
        ("WriteOff", .object([("id", .uuid), ("amount", .decimal), ("date", .date), ("reason", Schema.string.nullable),
                              ("recordedAt", .dateTime), ("recordedBy", .uuid)])),
        ("InvoiceCredit", .object([("creditNoteId", .uuid), ("number", .string), ("date", .date), ("amount", .decimal),
                                   ("lines", .array(.object([("invoiceLineId", .uuid), ("quantity", .decimal)])))])),
        ("PaymentReversal", .object([("reason", .string), ("date", .date), ("recordedAt", .dateTime), ("recordedBy", .uuid)])),
    ]
}
