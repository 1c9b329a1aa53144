import Foundation
import Hummingbird
import VendoCore
import VendoServices

enum InvoicesResource {
    static let fields: [FieldSpec<InvoiceFields>] = [
        .text("name", \.name, max: 300), .id("contactId", \.contactId), .day("dueDate", \.dueDate),
        .text("paymentTerms", \.paymentTerms, max: 1000), .text("description", \.description, max: 10000),
        .day("deliveryDate", \.deliveryDate),
        FieldSpec(name: "servicePeriod", schema: Schema.object([("from", .date), ("to", .date)], required: ["from", "to"]).nullable,
                  required: false,
                  render: { fields in
                      fields.servicePeriod.map { .object([("from", .string($0.from.description)), ("to", .string($0.to.description))]) } ?? .null
                  },
                  apply: { reader, fields, _ in reader.read("servicePeriod", into: &fields.servicePeriod, readPeriod) }),
        .text("purchaseOrderReference", \.purchaseOrderReference, max: 100), .text("buyerReference", \.buyerReference, max: 100),
        .choice("supplyType", \.supplyType),
        .customFields(\.customFields, of: .invoice),
    ]

    @Sendable static func readPeriod(_ json: JSON) -> Result<ServicePeriod, FieldProblem> {
        var reader = FieldReader(json)
        var from: Day?, to: Day?
        reader.read("from", into: &from, Convert.day)
        reader.read("to", into: &to, Convert.day)
        reader.finish()
        guard reader.errors.isEmpty, let from, let to else {
            return .failure(FieldProblem(code: "invalid_period", message: "a service period is {\"from\": \"YYYY-MM-DD\", \"to\": \"YYYY-MM-DD\"}"))
        }
        return .success(ServicePeriod(from: from, to: to))
    }

    static let partySchema = Schema.object([
        ("name", .string), ("legalForm", Schema.string.nullable), ("shareCapital", Schema.string.nullable),
        ("registrationNumber", Schema.string.nullable), ("registry", Schema.string.nullable), ("vatNumber", Schema.string.nullable),
        ("address", Schema.ref("Address").nullable), ("email", Schema.string.nullable), ("phone", Schema.string.nullable),
    ])

    static func party(_ party: InvoiceParty?) -> JSON {
        guard let party else { return .null }
        return .object([("name", .string(party.name)), ("legalForm", .string(party.legalForm)), ("shareCapital", .string(party.shareCapital)),
                        ("registrationNumber", .string(party.registrationNumber)), ("registry", .string(party.registry)),
                        ("vatNumber", .string(party.vatNumber)), ("address", party.address.map(AddressJSON.render) ?? .null),
                        ("email", .string(party.email)), ("phone", .string(party.phone))])
    }

    static let specific: [(String, Schema)] = [
        ("number", Schema.string.nullable), ("kind", .choice(["invoice", "creditNote"])), ("orderId", Schema.uuid.nullable),
        ("opportunityId", Schema.uuid.nullable), ("creditedInvoiceId", Schema.uuid.nullable), ("creditNoteId", Schema.uuid.nullable),
        ("issuedAt", Schema.dateTime.nullable), ("amountPaid", .decimal), ("amountDue", .decimal), ("payments", .array(.ref("Payment"))),
        ("issueDate", Schema.date.nullable), ("seller", partySchema.nullable), ("buyer", partySchema.nullable),
        ("deliveryAddress", Schema.ref("Address").nullable), ("amountCredited", .decimal), ("amountRefunded", .decimal),
        ("amountWrittenOff", .decimal), ("balance", .decimal), ("credits", .array(.ref("InvoiceCredit"))),
        ("refunds", .array(.ref("Payment"))), ("writeOffs", .array(.ref("WriteOff"))), ("creditReason", Schema.string.nullable),
        ("reminders", .array(.ref("ReminderRecord"))), ("lateChargesOf", Schema.uuid.nullable),
    ]

    static func render(_ invoice: Invoice) -> JSON {
        let precision = invoice.pricing.currencyPrecision
        return .object(meta(invoice) + lifecycle(invoice) + customerPairs(invoice.customer)
                       + [("number", .string(invoice.number)), ("kind", .string(invoice.kind.rawValue)), ("orderId", .id(invoice.orderId)),
                          ("opportunityId", .id(invoice.opportunityId)), ("creditedInvoiceId", .id(invoice.creditedInvoiceId)),
                          ("creditNoteId", .id(invoice.creditNoteId)), ("issuedAt", .date(invoice.issuedAt)),
                          ("amountPaid", .money(invoice.amountPaid, scale: precision)), ("amountDue", .money(invoice.amountDue, scale: precision)),
                          ("payments", .array(invoice.payments.map { payment($0, precision: precision) })),
                          ("issueDate", .string(invoice.issueDate?.description)), ("seller", party(invoice.seller)), ("buyer", party(invoice.buyer)),
                          ("deliveryAddress", invoice.deliveryAddress.map(AddressJSON.render) ?? .null),
                          ("amountCredited", .money(invoice.amountCredited, scale: precision)),
                          ("amountRefunded", .money(invoice.amountRefunded, scale: precision)),
                          ("amountWrittenOff", .money(invoice.amountWrittenOff, scale: precision)),
                          ("balance", .money(invoice.balance, scale: precision)),
                          ("credits", .array(invoice.credits.map { InvoiceCorrectionsRoutes.render($0, precision: precision) })),
                          ("refunds", .array(invoice.refunds.map { payment($0, precision: precision) })),
                          ("writeOffs", .array(invoice.writeOffs.map { InvoiceCorrectionsRoutes.render($0, precision: precision) })),
                          ("creditReason", .string(invoice.creditReason)),
                          ("reminders", .array(invoice.reminders.map { DunningResource.render($0, precision: precision) })),
                          ("lateChargesOf", .id(invoice.lateChargesOf))]
                       + fields.render(invoice.fields) + DocumentJSON.totals(invoice.pricing, precision: precision))
    }

    /// A payment's or a refund's body.
    static func paymentInput(_ request: APIRequest) throws -> PaymentInput {
        var reader = FieldReader(try request.json())
        var input = PaymentInput(amount: 0)
        reader.read("amount", into: &input.amount, required: true, Convert.decimal)
        reader.read("date", into: &input.date, Convert.day)
        reader.read("method", into: &input.method, Convert.choice(PaymentMethod.self))
        reader.read("reference", into: &input.reference, Convert.string)
        reader.read("bankAccount", into: &input.bankAccount, Convert.string)
        try finish(&reader)
        return input
    }

    static func payment(_ payment: Payment, precision: Int) -> JSON {
        .object([("id", .string(payment.id.description)), ("amount", .money(payment.amount, scale: precision)),
                 ("date", .string(payment.date.description)), ("method", .string(payment.method?.rawValue)),
                 ("reference", .string(payment.reference)), ("bankAccount", .string(payment.bankAccount)),
                 ("recordedAt", .date(payment.recordedAt)), ("recordedBy", .id(payment.recordedBy)),
                 ("receiptId", .string(payment.receiptId?.uuidString.lowercased())),
                 ("reversal", payment.reversal.map { reversal in
                     .object([("reason", .string(reversal.reason)), ("date", .string(reversal.date.description)),
                              ("recordedAt", .date(reversal.recordedAt)), ("recordedBy", .id(reversal.recordedBy))])
                 } ?? .null)])
    }

    static func routes(_ s: Services) -> [Route] {
        let invoices = DocumentRoutes<Invoice, InvoiceFields>(
            path: "invoices", name: "Invoice", fields: fields, blank: InvoiceFields(name: ""),
            filters: ["orderId", "opportunityId", "customerId", "accountId", "kind", "dueDate"], fieldsOf: { $0.fields }, render: render,
            readOnly: readOnlyMetaKeys + ["state", "status", "customerId", "customerType"] + specific.map(\.0) + DocumentJSON.readOnlyKeys,
            acceptsOpportunity: false,
            create: { fields, customer, _, currency, priceList, caller in
                try await s.createInvoice(fields, customer: customer, currency: currency, priceListId: priceList, by: caller)
            },
            update: { id, version, caller, fields, pricing in
                try await s.updateInvoice(id, ifVersion: version, by: caller, pricing: pricing) { $0 = fields }
            },
            delete: { try await s.deleteInvoice($0, ifVersion: $1, by: $2) })
        return invoices.routes(s) + [
            invoices.action("issue", id: "issueInvoice", "Issue a draft invoice: it takes the next number and is frozen") { request, reader in
                try finish(&reader)
                return try await s.issueInvoice(try request.id(), ifVersion: try request.ifMatch(), by: try request.user())
            },
            Route(.post, "/api/v1/invoices/{id}/cancel", id: "cancelInvoice",
                  "Cancel a draft, or an issued invoice without payments by issuing its credit note", body: .ref("Empty"),
                  responses: responses([200: .ref("InvoiceCancellation")], conflict: true, precondition: true)) { request in
                try noFields(request)
                let result = try await s.cancelInvoice(try request.id(), ifVersion: try request.ifMatch(), by: try request.user())
                guard case .object(var pairs) = render(result.invoice) else { throw APIError.notFound }
                pairs.append(("creditNote", result.creditNote.map(render) ?? .null))
                return .record(.object(pairs), version: result.invoice.info.version)
            },
            Route(.get, "/api/v1/invoices/{id}/payments", id: "listPayments", "The payments of an invoice",
                  responses: responses([200: .ref("Payments")])) { request in
                _ = try request.user()
                let invoice = try await s.get(Invoice.self, try request.id(), by: try request.user())
                let precision = invoice.pricing.currencyPrecision
                return APIResponse(.ok, .object([("items", .array(invoice.payments.map { payment($0, precision: precision) }))]))
            },
            Route(.post, "/api/v1/invoices/{id}/payments", id: "recordPayment",
                  "Record a payment; the invoice's status follows (one above the balance leaves it overpaid)",
                  body: .ref("PaymentInput"), responses: responses([201: .ref("Payment")], conflict: true, precondition: true)) { request in
                let input = try paymentInput(request)
                let (invoice, recorded) = try await s.recordPayment(on: try request.id(), input, ifVersion: try request.ifMatch(),
                                                                    by: try request.user())
                return .record(payment(recorded, precision: invoice.pricing.currencyPrecision), version: invoice.info.version,
                               status: .created, location: "/api/v1/invoices/\(invoice.id)/payments/\(recorded.id)")
            },
        ]
    }

    static let schemas: [(String, Schema)] = [
        ("Invoice", documentSchema(fields, specific: specific, states: InvoiceState.allCases.map(\.rawValue),
                                   statuses: InvoiceStatus.allCases.map(\.rawValue))),
        ("InvoiceInput", documentInputSchema(fields)),
        ("InvoicePatch", documentPatchSchema(fields)),
        ("InvoiceCancellation", .object([("creditNote", Schema.ref("Invoice").nullable)], closed: false)),
        ("Payment", .object([("id", .uuid), ("amount", .decimal), ("date", .date),
                             ("method", Schema.choice(PaymentMethod.allCases.map(\.rawValue)).nullable),
                             ("reference", Schema.string.nullable), ("bankAccount", Schema.string.nullable),
                             ("recordedAt", .dateTime), ("recordedBy", .uuid), ("reversal", Schema.ref("PaymentReversal").nullable),
                             ("receiptId", Schema.uuid.nullable)])),
        ("Payments", .object([("items", .array(.ref("Payment")))], required: ["items"])),
        ("PaymentInput", .object([("amount", .decimal), ("date", Schema.date.nullable),
                                  ("method", Schema.choice(PaymentMethod.allCases.map(\.rawValue)).nullable),
                                  ("reference", Schema.string.nullable), ("bankAccount", Schema.text(maxLength: 100).nullable)],
                                 required: ["amount"])),
    ]
}
