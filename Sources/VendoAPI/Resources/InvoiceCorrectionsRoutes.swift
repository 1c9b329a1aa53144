import Foundation
import Hummingbird
import VendoCore
import VendoServices

/// API.md's corrections after issue: partial credit notes, refunds, reversals and write-offs.
enum InvoiceCorrectionsRoutes {
    static func routes(_ s: Services) -> [Route] {
        [
            receiptRoute(s),
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

    /// `POST /payments`: one payment over several invoices of a customer.
    static func receiptRoute(_ s: Services) -> Route {
        Route(.post, "/api/v1/payments", id: "recordReceipt",
              "Record one payment over several invoices of one customer: allocations name each invoice and its part, adding up to the amount",
              body: .ref("ReceiptInput"), responses: responses([201: .ref("Receipt")], conflict: true)) { request in
            var reader = FieldReader(try request.json())
            var input = PaymentInput(amount: 0)
            var allocations: [PaymentAllocation] = []
            reader.read("amount", into: &input.amount, required: true, Convert.decimal)
            reader.read("date", into: &input.date, Convert.day)
            reader.read("method", into: &input.method, Convert.choice(PaymentMethod.self))
            reader.read("reference", into: &input.reference, Convert.string)
            reader.read("bankAccount", into: &input.bankAccount, Convert.string)
            reader.read("allocations", into: &allocations, required: true, readAllocations)
            try finish(&reader)
            let receipt = try await s.recordPayment(input, over: allocations, by: try request.user())
            return APIResponse(.created, .object([
                ("receiptId", .string(receipt.id.uuidString.lowercased())),
                ("items", .array(receipt.parts.map { part in
                    let precision = part.invoice.pricing.currencyPrecision
                    return .object([("invoiceId", .id(part.invoice.id)), ("number", .string(part.invoice.number)),
                                    ("status", .string(part.invoice.status.rawValue)), ("balance", .money(part.invoice.balance, scale: precision)),
                                    ("payment", InvoicesResource.payment(part.payment, precision: precision))])
                })),
            ]))
        }
    }

    @Sendable static func readAllocations(_ json: JSON) -> Result<[PaymentAllocation], FieldProblem> {
        readIdAmounts(json, id: "invoiceId", amount: "amount") { PaymentAllocation(invoiceId: $0, amount: $1) }
    }

    @Sendable static func readLines(_ json: JSON) -> Result<[CreditedLine], FieldProblem> {
        readIdAmounts(json, id: "invoiceLineId", amount: "quantity") { CreditedLine(invoiceLineId: $0, quantity: $1) }
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
        ("ReceiptInput", .object([("amount", .decimal), ("date", Schema.date.nullable),
                                  ("method", Schema.choice(PaymentMethod.allCases.map(\.rawValue)).nullable),
                                  ("reference", Schema.string.nullable), ("bankAccount", Schema.text(maxLength: 100).nullable),
                                  ("allocations", .array(.object([("invoiceId", .uuid), ("amount", .decimal)], required: ["invoiceId", "amount"])))],
                                 required: ["amount", "allocations"])),
        ("Receipt", .object([("receiptId", .uuid),
                             ("items", .array(.object([("invoiceId", .uuid), ("number", .string), ("status", .string), ("balance", .decimal),
                                                       ("payment", .ref("Payment"))])))])),
        ("PaymentReversal", .object([("reason", .string), ("date", .date), ("recordedAt", .dateTime), ("recordedBy", .uuid)])),
    ]
}
