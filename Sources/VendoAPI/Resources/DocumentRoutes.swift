import Foundation
import Hummingbird
import VendoCore
import VendoServices

/// What quotes, orders and invoices share over HTTP: creation for a customer, a PATCH of
/// fields plus header amounts, and their read routes.
struct DocumentRoutes<D: PricedDocument & Persisted, F: Sendable & Equatable>: Sendable {
    let path: String
    let name: String
    let fields: [FieldSpec<F>]
    let blank: F
    let filters: [String]
    let fieldsOf: @Sendable (D) -> F
    let render: @Sendable (D) -> JSON
    let readOnly: [String]
    /// Quotes may be made for an opportunity; orders and invoices come from their own actions.
    let acceptsOpportunity: Bool
    let create: @Sendable (F, Customer, _ opportunity: ID<Opportunity>?, _ currency: String?, ID<PriceList>?, Caller) async throws -> D
    let update: @Sendable (ID<D>, Int?, Caller, F, PricingEdit) async throws -> D
    let delete: @Sendable (ID<D>, Int?, Caller) async throws -> Void

    var base: String { "/api/v1/\(path)" }

    func routes(_ s: Services) -> [Route] {
        let createKeys = ["customerId", "customerType", "currency"] + (acceptsOpportunity ? ["opportunityId"] : [])
            + DocumentJSON.pricingFields.map(\.name)
        return [
            Route(.get, base, id: "list\(name)s", "List \(path)", responses: responses([200: pageSchema(name)]),
                  query: listParameters(filters)) { request in
                _ = try request.user()
                return page(try await s.list(D.self, try listQuery(request, filters: filters), by: try request.user()), render)
            },
            Route(.post, base, id: "create\(name)", "Create a \(name.lowercased()) for a customer", body: .ref("\(name)Input"),
                  responses: responses([201: .ref(name)], conflict: true)) { request in
                let json = try request.json()
                var reader = FieldReader(json)
                let customer = OpportunitiesResource.customer(&reader, current: nil)
                var currency: String?
                reader.read("currency", into: &currency, Convert.string)
                var opportunity: ID<Opportunity>?
                if acceptsOpportunity { reader.read("opportunityId", into: &opportunity, Convert.id) }
                var header = PricingFields()
                for spec in DocumentJSON.pricingFields { spec.apply(&reader, &header, false) }
                try reader.check()
                var value = blank
                try fields.apply(json, to: &value, creating: true, extraKeys: readOnly + createKeys)
                let caller = try request.user()
                var document = try await create(value, customer ?? .account(ID(UUID())), opportunity, currency, header.priceListId, caller)
                var withoutList = header
                withoutList.priceListId = document.pricing.fields.priceListId
                if withoutList != document.pricing.fields {
                    let edited = withoutList
                    document = try await s.setPricing(of: D.self, document.id, ifVersion: document.info.version, by: caller) { $0 = edited }
                }
                return .record(render(document), version: document.info.version, status: .created, location: "\(base)/\(document.id)")
            },
            Route(.get, "\(base)/{id}", id: "get\(name)", "Read a \(name.lowercased())", responses: responses([200: .ref(name)])) { request in
                _ = try request.user()
                let document = try await s.get(D.self, try request.id(), by: try request.user())
                return .record(render(document), version: document.info.version)
            },
            Route(.patch, "\(base)/{id}", id: "update\(name)", "Change a \(name.lowercased()), its currency or header amounts",
                  body: .ref("\(name)Patch"), responses: responses([200: .ref(name)], conflict: true, precondition: true)) { request in
                let id: ID<D> = try request.id()
                let json = try request.json()
                let current = try await s.get(D.self, id, by: try request.user())
                var reader = FieldReader(json)
                var currency: String?
                reader.read("currency", into: &currency, Convert.string)
                try reader.check()
                var value = fieldsOf(current)
                var header = current.pricing.fields
                let headerKeys = DocumentJSON.pricingFields.map(\.name)
                try fields.apply(json, to: &value, creating: false, extraKeys: readOnly + headerKeys + ["currency"])
                try DocumentJSON.pricingFields.apply(json, to: &header, creating: false,
                                                     extraKeys: readOnly + fields.map(\.name) + ["currency"])
                let document = try await update(id, try request.version(over: current.info.version), try request.user(), value,
                                                PricingEdit(currency: currency, fields: header))
                return .record(render(document), version: document.info.version)
            },
            Route(.delete, "\(base)/{id}", id: "delete\(name)", "Delete a \(name.lowercased())",
                  responses: responses([204: nil], conflict: true, precondition: true)) { request in
                try await delete(try request.id(), try request.ifMatch(), try request.user())
                return APIResponse(.noContent, nil)
            },
            historyRoute(s, path, D.self),
        ] + LinesRoutes.routes(s, path: path, type: D.self, render: render)
    }

    /// An action that answers the changed document.
    func action(_ verb: String, id operationId: String, _ summary: String, body: Schema = .ref("Empty"),
                status: HTTPResponse.Status = .ok, _ perform: @escaping @Sendable (APIRequest, inout FieldReader) async throws -> D) -> Route {
        Route(.post, "\(base)/{id}/\(verb)", id: operationId, summary, body: body,
              responses: responses([status.code: .ref(name)], conflict: true, precondition: true)) { request in
            var reader = FieldReader(try request.json())
            let document = try await perform(request, &reader)
            return .record(render(document), version: document.info.version, status: status,
                           location: status == .created ? "\(base)/\(document.id)" : nil)
        }
    }
}

/// The OpenAPI schema of a quote, order or invoice.
func documentSchema<F>(_ fields: [FieldSpec<F>], specific: [(String, Schema)], states: [String], statuses: [String]) -> Schema {
    .object(metaSchema + [("state", .choice(states)), ("status", .choice(statuses)), ("customerId", .uuid),
                          ("customerType", .choice(["account", "contact"]))]
            + specific + fields.schemaProperties() + DocumentJSON.totalsSchema,
            required: ["id", "version", "state", "status"], closed: false)
}

/// The OpenAPI schema of what creates a quote, order or invoice.
func documentInputSchema<F>(_ fields: [FieldSpec<F>], extra: [(String, Schema)] = []) -> Schema {
    .object([("customerId", .uuid), ("customerType", .choice(["account", "contact"])), ("currency", .currencyCode)]
            + extra + fields.schemaProperties() + DocumentJSON.pricingFields.schemaProperties(),
            required: ["name", "customerId"])
}

/// The OpenAPI schema of what changes a quote, order or invoice.
func documentPatchSchema<F>(_ fields: [FieldSpec<F>]) -> Schema {
    .object([("currency", .currencyCode)] + fields.schemaProperties() + DocumentJSON.pricingFields.schemaProperties())
}

/// Reads the fields of an action's body, refusing unknown ones.
func finish(_ reader: inout FieldReader) throws {
    reader.finish()
    try reader.check()
}

func customerPairs(_ customer: Customer) -> [(String, JSON)] {
    [("customerId", .string(customer.id.uuidString.lowercased())), ("customerType", .string(customer.type))]
}
