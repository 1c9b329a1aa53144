import Foundation
import Hummingbird
import VendoCore
import VendoServices

enum OrdersResource {
    static let fields: [FieldSpec<OrderFields>] = [
        .text("name", \.name, max: 300), .id("contactId", \.contactId), .day("requestedDeliveryDate", \.requestedDeliveryDate),
        .text("description", \.description, max: 10000),
        .customFields(\.customFields, of: .order),
    ]

    static let specific: [(String, Schema)] = [
        ("number", .string), ("quoteId", Schema.uuid.nullable), ("opportunityId", Schema.uuid.nullable), ("pricesLocked", .boolean),
    ]

    static func render(_ order: Order) -> JSON {
        .object(meta(order) + lifecycle(order) + customerPairs(order.customer)
                + [("number", .string(order.number)), ("quoteId", .id(order.quoteId)), ("opportunityId", .id(order.opportunityId)),
                   ("pricesLocked", .bool(order.pricesLocked))]
                + fields.render(order.fields) + DocumentJSON.totals(order.pricing, precision: order.pricing.currencyPrecision))
    }

    static func routes(_ s: Services) -> [Route] {
        let orders = DocumentRoutes<Order, OrderFields>(
            path: "orders", name: "Order", fields: fields, blank: OrderFields(name: ""),
            filters: ["quoteId", "opportunityId", "customerId", "accountId", "priceListId"], fieldsOf: { $0.fields }, render: render,
            readOnly: readOnlyMetaKeys + ["state", "status", "customerId", "customerType"] + specific.map(\.0) + DocumentJSON.readOnlyKeys,
            acceptsOpportunity: false,
            create: { fields, customer, _, currency, priceList, caller in
                try await s.createOrder(fields, customer: customer, currency: currency, priceListId: priceList, by: caller)
            },
            update: { id, version, caller, fields, pricing in
                try await s.updateOrder(id, ifVersion: version, by: caller, pricing: pricing) { $0 = fields }
            },
            delete: { try await s.deleteOrder($0, ifVersion: $1, by: $2) })
        return orders.routes(s) + [
            orders.action("fulfill", id: "fulfillOrder", "Fulfil an active order as complete or partial", body: .ref("FulfillInput")) { request, reader in
                var status = OrderStatus.complete
                reader.read("status", into: &status, required: true, Convert.choice(OrderStatus.self))
                var details = CloseDetails()
                reader.read("closeDate", into: &details.closeDate, Convert.day)
                reader.read("description", into: &details.description, Convert.string)
                try finish(&reader)
                return try await s.fulfillOrder(try request.id(), as: status, details: details, ifVersion: try request.ifMatch(), by: try request.user())
            },
            orders.action("cancel", id: "cancelOrder", "Cancel an active order (no money)", body: .ref("CancelOrderInput")) { request, reader in
                var details = CloseDetails()
                reader.read("closeDate", into: &details.closeDate, Convert.day)
                reader.read("description", into: &details.description, Convert.string)
                try finish(&reader)
                return try await s.cancelOrder(try request.id(), details: details, ifVersion: try request.ifMatch(), by: try request.user())
            },
            orders.action("lock-pricing", id: "lockOrderPricing", "Lock the order's prices") { request, reader in
                try finish(&reader)
                return try await s.lockOrderPricing(try request.id(), ifVersion: try request.ifMatch(), by: try request.user())
            },
            orders.action("use-current-pricing", id: "useCurrentPricing", "Unlock and reprice catalog lines from the price list in force") {
                request, reader in
                try finish(&reader)
                return try await s.useCurrentPricing(try request.id(), ifVersion: try request.ifMatch(), by: try request.user())
            },
            Route(.post, "/api/v1/orders/{id}/invoice", id: "invoiceOrder",
                  "A draft invoice for the order's lines not invoiced yet, or for the given quantities", body: .ref("InvoiceOrderInput"),
                  responses: responses([201: .ref("Invoice")], conflict: true, precondition: true)) { request in
                var reader = FieldReader(try request.json())
                var lines: [InvoiceRequestLine]?
                reader.read("lines", into: &lines) { json in
                    readIdAmounts(json, id: "orderLineId", amount: "quantity") { InvoiceRequestLine(orderLineId: $0, quantity: $1) }
                }
                try finish(&reader)
                let invoice = try await s.createInvoice(fromOrder: try request.id(), lines: lines, ifVersion: try request.ifMatch(),
                                                        by: try request.user())
                return .record(InvoicesResource.render(invoice), version: invoice.info.version, status: .created,
                               location: "/api/v1/invoices/\(invoice.id)")
            },
        ]
    }

    static let schemas: [(String, Schema)] = [
        ("Order", documentSchema(fields, specific: specific, states: OrderState.allCases.map(\.rawValue),
                                 statuses: OrderStatus.allCases.map(\.rawValue))),
        ("OrderInput", documentInputSchema(fields)),
        ("OrderPatch", documentPatchSchema(fields)),
        ("FulfillInput", .object([("status", .choice(["complete", "partial"])), ("closeDate", Schema.date.nullable),
                                  ("description", Schema.string.nullable)], required: ["status"])),
        ("CancelOrderInput", .object([("closeDate", Schema.date.nullable), ("description", Schema.string.nullable)])),
        ("InvoiceOrderInput", .object([("lines", Schema.array(.object([("orderLineId", .uuid), ("quantity", .decimal)],
                                                                       required: ["orderLineId", "quantity"])).nullable)])),
    ]
}
