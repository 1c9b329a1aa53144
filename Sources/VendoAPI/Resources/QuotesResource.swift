import Foundation
import Hummingbird
import VendoCore
import VendoServices

enum QuotesResource {
    static let fields: [FieldSpec<QuoteFields>] = [
        .text("name", \.name, max: 300), .id("contactId", \.contactId), .day("validUntil", \.validUntil),
        .text("paymentTerms", \.paymentTerms, max: 1000), .text("description", \.description, max: 10000),
        .customFields(\.customFields, of: .quote),
    ]

    static func render(_ quote: Quote) -> JSON {
        .object(meta(quote) + lifecycle(quote) + customerPairs(quote.customer)
                + [("number", .string(quote.number)), ("revisionNumber", .int(quote.revisionNumber)), ("opportunityId", .id(quote.opportunityId))]
                + fields.render(quote.fields) + DocumentJSON.totals(quote.pricing, precision: quote.pricing.currencyPrecision))
    }

    static let specific: [(String, Schema)] = [("number", .string), ("revisionNumber", .integer), ("opportunityId", Schema.uuid.nullable)]

    static func document(_ s: Services) -> DocumentRoutes<Quote, QuoteFields> {
        DocumentRoutes(
            path: "quotes", name: "Quote", fields: fields, blank: QuoteFields(name: ""),
            filters: ["opportunityId", "customerId", "accountId", "number", "priceListId"], fieldsOf: { $0.fields }, render: render,
            readOnly: readOnlyMetaKeys + ["state", "status", "customerId", "customerType"] + specific.map(\.0) + DocumentJSON.readOnlyKeys,
            acceptsOpportunity: true,
            create: { fields, customer, opportunity, currency, priceList, caller in
                try await s.createQuote(fields, customer: customer, opportunityId: opportunity, currency: currency, priceListId: priceList, by: caller)
            },
            update: { id, version, caller, fields, pricing in
                try await s.updateQuote(id, ifVersion: version, by: caller, pricing: pricing) { $0 = fields }
            },
            delete: { try await s.deleteQuote($0, ifVersion: $1, by: $2) })
    }

    static func routes(_ s: Services) -> [Route] {
        let quotes = document(s)
        return quotes.routes(s) + [
            quotes.action("activate", id: "activateQuote", "Activate a draft quote; it is read-only from then on") { request, reader in
                try finish(&reader)
                return try await s.activateQuote(try request.id(), ifVersion: try request.ifMatch(), by: try request.user())
            },
            quotes.action("win", id: "winQuote", "Win an active quote") { request, reader in
                try finish(&reader)
                return try await s.winQuote(try request.id(), ifVersion: try request.ifMatch(), by: try request.user())
            },
            quotes.action("revise", id: "reviseQuote", "Close an active quote as revised; answers the new draft revision",
                          status: .created) { request, reader in
                try finish(&reader)
                return try await s.reviseQuote(try request.id(), ifVersion: try request.ifMatch(), by: try request.user())
            },
            quotes.action("close", id: "closeQuote", "Close an active quote as lost or canceled", body: .ref("CloseQuoteInput")) { request, reader in
                var status = QuoteStatus.lost
                reader.read("status", into: &status, required: true, Convert.choice(QuoteStatus.self))
                var details = CloseDetails()
                reader.read("closeDate", into: &details.closeDate, Convert.day)
                reader.read("description", into: &details.description, Convert.string)
                try finish(&reader)
                return try await s.closeQuote(try request.id(), as: status, details: details, ifVersion: try request.ifMatch(), by: try request.user())
            },
            Route(.post, "/api/v1/quotes/{id}/order", id: "convertQuoteToOrder",
                  "Win the quote if needed and create an order from it, prices locked", body: .ref("ConvertInput"),
                  responses: responses([201: .ref("Order")], conflict: true, precondition: true)) { request in
                var reader = FieldReader(try request.json())
                var win = false
                reader.read("winOpportunity", into: &win, Convert.bool)
                var revenue: Decimal?
                reader.read("actualRevenue", into: &revenue, Convert.decimal)
                try finish(&reader)
                let order = try await s.convertQuoteToOrder(try request.id(), winOpportunity: win, actualRevenue: revenue,
                                                            ifVersion: try request.ifMatch(), by: try request.user())
                return .record(OrdersResource.render(order), version: order.info.version, status: .created, location: "/api/v1/orders/\(order.id)")
            },
            Route(.post, "/api/v1/opportunities/{id}/quotes", id: "generateQuote",
                  "A new draft quote from an open opportunity, with a copy of its lines", body: .ref("Empty"),
                  responses: responses([201: .ref("Quote")], conflict: true)) { request in
                try noFields(request)
                let quote = try await s.generateQuote(from: try request.id(), by: try request.user())
                return .record(render(quote), version: quote.info.version, status: .created, location: "/api/v1/quotes/\(quote.id)")
            },
        ]
    }

    static let schemas: [(String, Schema)] = [
        ("Quote", documentSchema(fields, specific: specific, states: QuoteState.allCases.map(\.rawValue),
                                 statuses: QuoteStatus.allCases.map(\.rawValue))),
        ("QuoteInput", documentInputSchema(fields, extra: [("opportunityId", Schema.uuid.nullable)])),
        ("QuotePatch", documentPatchSchema(fields)),
        ("CloseQuoteInput", .object([("status", .choice(["lost", "canceled"])), ("closeDate", Schema.date.nullable),
                                     ("description", Schema.string.nullable)], required: ["status"])),
        ("ConvertInput", .object([("winOpportunity", .boolean), ("actualRevenue", Schema.decimal.nullable)])),
    ]
}
