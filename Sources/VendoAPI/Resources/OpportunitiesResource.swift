import Foundation
import Hummingbird
import VendoCore
import VendoServices

enum OpportunitiesResource {
    static let fields: [FieldSpec<OpportunityFields>] = [
        .text("name", \.name, max: 300), .id("contactId", \.contactId), .day("estimatedCloseDate", \.estimatedCloseDate),
        .int("probability", \.probability, range: 0...100), .choice("rating", \.rating), .choice("forecastCategory", \.forecastCategory),
        .choice("revenueMode", \.revenueMode), .decimal("estimatedRevenue", \.estimatedRevenue),
        .money("budgetAmount", \.budgetAmount), .choice("budgetStatus", \.budgetStatus),
        .choice("purchaseTimeframe", \.purchaseTimeframe), .choice("purchaseProcess", \.purchaseProcess),
        .bool("decisionMaker", \.decisionMaker), .text("customerNeed", \.customerNeed, max: 4000),
        .text("proposedSolution", \.proposedSolution, max: 4000), .ids("competitorIds", \.competitorIds),
        .text("description", \.description, max: 10000),
        .customFields(\.customFields, of: .opportunity),
    ]

    static let readOnly = readOnlyMetaKeys + DocumentJSON.readOnlyKeys.filter { $0 != "priceListId" && $0 != "currency" }
        + ["state", "status", "reason", "originatingLeadId", "actualRevenue", "actualCloseDate", "estimatedRevenueBase"]
        + ProcessesResource.positionKeys

    static func render(_ opportunity: Opportunity) -> JSON {
        let precision = opportunity.pricing.currencyPrecision
        var pairs = meta(opportunity) + lifecycle(opportunity) + [("reason", .string(opportunity.reason?.rawValue))]
        pairs += [("customerId", .string(opportunity.fields.customer.id.uuidString.lowercased())),
                  ("customerType", .string(opportunity.fields.customer.type))]
        pairs += fields.render(opportunity.fields).map { key, value in
            key == "estimatedRevenue" ? (key, .money(opportunity.estimatedRevenue, scale: precision)) : (key, value)
        }
        pairs += [("originatingLeadId", .id(opportunity.originatingLeadId)),
                  ("actualRevenue", opportunity.actualRevenue.map { .money($0, scale: precision) } ?? .null),
                  ("actualCloseDate", .string(opportunity.actualCloseDate?.description)),
                  ("estimatedRevenueBase", .money(opportunity.estimatedRevenueBase, scale: opportunity.pricing.basePrecision))]
        pairs += ProcessesResource.position(opportunity.process)
        return .object(pairs + DocumentJSON.totals(opportunity.pricing, precision: precision))
    }

    static let schema = Schema.object(
        metaSchema + [("state", .choice(OpportunityState.allCases.map(\.rawValue))),
                      ("status", .choice(OpportunityStatus.allCases.map(\.rawValue))),
                      ("reason", Schema.ref(ChoiceListsResource.componentName(.lostReason)).nullable), ("customerId", .uuid),
                      ("customerType", .choice(["account", "contact"]))]
            + fields.schemaProperties()
            + [("originatingLeadId", Schema.uuid.nullable), ("actualRevenue", Schema.decimal.nullable),
               ("actualCloseDate", Schema.date.nullable), ("estimatedRevenueBase", .decimal)]
            + ProcessesResource.positionSchema + DocumentJSON.totalsSchema,
        required: ["id", "version", "name", "customerId", "customerType"], closed: false)

    static let input = Schema.object(
        [("customerId", .uuid), ("customerType", .choice(["account", "contact"])), ("currency", .currencyCode)]
            + fields.schemaProperties() + [("priceListId", Schema.uuid.nullable), ("processId", Schema.uuid.nullable),
                                                 ("checklist", .map(.boolean))],
        required: ["name", "customerId"])

    static let patch = Schema.object(
        [("customerId", .uuid), ("customerType", .choice(["account", "contact"])), ("currency", .currencyCode),
         ("status", .choice(["inProgress", "onHold"])), ("processId", .uuid), ("checklist", .map(.boolean))]
            + fields.schemaProperties() + DocumentJSON.pricingFields.schemaProperties())

    /// Reads `customerId` + `customerType` when either is sent.
    static func customer(_ reader: inout FieldReader, current: Customer?) -> Customer? {
        var id: UUID? = current?.id
        var type: String? = current?.type
        reader.read("customerId", into: &id) { json in
            if case .string(let text) = json, let uuid = UUID(uuidString: text) { return .success(uuid) }
            return .failure(FieldProblem(code: "invalid_id", message: "must be a UUID"))
        }
        reader.read("customerType", into: &type) { json in
            if case .string(let text) = json, ["account", "contact"].contains(text) { return .success(text) }
            return .failure(FieldProblem(code: "invalid_choice", message: "must be account or contact"))
        }
        guard let id else {
            reader.fail("customerId", "required", "customerId is required")
            return nil
        }
        return type == "contact" ? .contact(ID(id)) : .account(ID(id))
    }

    static func routes(_ s: Services) -> [Route] {
        let base = "/api/v1/opportunities"
        let filters = ["customerId", "accountId", "contactId", "originatingLeadId", "forecastCategory", "priceListId", "processId", "stage"]
        return [
            Route(.get, base, id: "listOpportunities", "List opportunities", responses: responses([200: pageSchema("Opportunity")]),
                  query: listParameters(filters)) { request in
                _ = try request.user()
                return page(try await s.list(Opportunity.self, try listQuery(request, filters: filters), by: try request.user()), render)
            },
            Route(.post, base, id: "createOpportunity", "Create an opportunity", body: .ref("OpportunityInput"),
                  responses: responses([201: .ref("Opportunity")], conflict: true)) { request in
                let json = try request.json()
                var reader = FieldReader(json)
                let customer = customer(&reader, current: nil)
                var currency: String?
                reader.read("currency", into: &currency, Convert.string)
                var priceList: ID<PriceList>?
                reader.read("priceListId", into: &priceList, Convert.id)
                let process = ProcessesResource.edit(&reader)
                try reader.check()
                var value = OpportunityFields(name: "", customer: customer ?? .account(ID(UUID())))
                try await fields.apply(json, to: &value, creating: true,
                                       extraKeys: readOnly + ["customerId", "customerType", "currency", "priceListId", "processId"], lists: s)
                let caller = try request.user()
                let created = try await s.createOpportunity(value, currency: currency, priceListId: priceList, process: process,
                                                            by: caller)
                return .record(render(created), version: created.info.version, status: .created, location: "\(base)/\(created.id)")
            },
            Route(.get, "\(base)/{id}", id: "getOpportunity", "Read an opportunity", responses: responses([200: .ref("Opportunity")])) { request in
                _ = try request.user()
                let opportunity = try await s.get(Opportunity.self, try request.id(), by: try request.user())
                return .record(render(opportunity), version: opportunity.info.version)
            },
            Route(.patch, "\(base)/{id}", id: "updateOpportunity", "Change an open opportunity, its status, currency or header amounts",
                  body: .ref("OpportunityPatch"), responses: responses([200: .ref("Opportunity")], conflict: true, precondition: true)) { request in
                let id: ID<Opportunity> = try request.id()
                let json = try request.json()
                let current = try await s.get(Opportunity.self, id, by: try request.user())
                var reader = FieldReader(json)
                let customer = customer(&reader, current: current.fields.customer)
                var currency: String?
                reader.read("currency", into: &currency, Convert.string)
                var status: OpportunityStatus?
                reader.read("status", into: &status, Convert.choice(OpportunityStatus.self))
                let process = ProcessesResource.edit(&reader, current: current.process,
                                                     stageHint: "use POST /api/v1/opportunities/{id}/stage")
                try reader.check()
                var value = current.fields
                value.customer = customer ?? current.fields.customer
                var header = current.pricing.fields
                try await fields.apply(json, to: &value, creating: false,
                                       extraKeys: readOnly + DocumentJSON.pricingFields.map(\.name) + ["customerId", "customerType", "currency", "status"],
                                       lists: s)
                try DocumentJSON.pricingFields.apply(json, to: &header, creating: false,
                                                     extraKeys: readOnly + fields.map(\.name) + ["customerId", "customerType", "currency", "status"])
                let edited = value
                let opportunity = try await s.updateOpportunity(
                    id, ifVersion: try request.version(over: current.info.version), by: try request.user(), status: status,
                    pricing: PricingEdit(currency: currency, fields: header), process: process) { $0 = edited }
                return .record(render(opportunity), version: opportunity.info.version)
            },
            Route(.delete, "\(base)/{id}", id: "deleteOpportunity", "Delete an open opportunity that nothing refers to",
                  responses: responses([204: nil], conflict: true, precondition: true)) { request in
                try await s.deleteOpportunity(try request.id(), ifVersion: try request.ifMatch(), by: try request.user())
                return APIResponse(.noContent, nil)
            },
            Route(.post, "\(base)/{id}/win", id: "winOpportunity", "Win an open opportunity", body: .ref("WinInput"),
                  responses: responses([200: .ref("Opportunity")], conflict: true, precondition: true)) { request in
                var reader = FieldReader(try request.json())
                var revenue: Decimal?
                reader.read("actualRevenue", into: &revenue, Convert.decimal)
                let details = closeDetails(&reader)
                reader.finish()
                try reader.check()
                let opportunity = try await s.winOpportunity(try request.id(), actualRevenue: revenue, details: details,
                                                             ifVersion: try request.ifMatch(), by: try request.user())
                return .record(render(opportunity), version: opportunity.info.version)
            },
            Route(.post, "\(base)/{id}/lose", id: "loseOpportunity", "Lose an open opportunity", body: .ref("LoseInput"),
                  responses: responses([200: .ref("Opportunity")], conflict: true, precondition: true)) { request in
                var reader = FieldReader(try request.json())
                var status = OpportunityStatus.canceled
                reader.read("status", into: &status, required: true, Convert.choice(OpportunityStatus.self))
                var reason: LostReason?
                reader.read("reason", into: &reason, Convert.listed(LostReason.self))
                var competitor: ID<Competitor>?
                reader.read("competitorId", into: &competitor, Convert.id)
                let details = closeDetails(&reader)
                reader.finish()
                try reader.check()
                let opportunity = try await s.loseOpportunity(try request.id(), as: status, reason: reason, competitorId: competitor, details: details,
                                                              ifVersion: try request.ifMatch(), by: try request.user())
                return .record(render(opportunity), version: opportunity.info.version)
            },
            Route(.post, "\(base)/{id}/reopen", id: "reopenOpportunity", "Reopen a won or lost opportunity", body: .ref("Empty"),
                  responses: responses([200: .ref("Opportunity")], conflict: true, precondition: true)) { request in
                try noFields(request)
                let opportunity = try await s.reopenOpportunity(try request.id(), ifVersion: try request.ifMatch(), by: try request.user())
                return .record(render(opportunity), version: opportunity.info.version)
            },
            Route(.post, "\(base)/{id}/stage", id: "moveOpportunityStage",
                  "Move an open opportunity to another stage of its process; forward needs the required steps done",
                  body: .ref("StageInput"), responses: responses([200: .ref("Opportunity")], conflict: true, precondition: true)) { request in
                var reader = FieldReader(try request.json())
                var stage = ""
                reader.read("stage", into: &stage, required: true, Convert.string)
                reader.finish()
                try reader.check()
                let opportunity = try await s.moveStage(try request.id(), to: stage, ifVersion: try request.ifMatch(), by: try request.user())
                return .record(render(opportunity), version: opportunity.info.version)
            },
            historyRoute(s, "opportunities", Opportunity.self),
        ] + LinesRoutes.routes(s, path: "opportunities", type: Opportunity.self, render: render)
    }

    static func closeDetails(_ reader: inout FieldReader) -> CloseDetails {
        var details = CloseDetails()
        reader.read("closeDate", into: &details.closeDate, Convert.day)
        reader.read("description", into: &details.description, Convert.string)
        reader.read("closeQuotes", into: &details.closeQuotes, Convert.bool)
        return details
    }

    static let schemas: [(String, Schema)] = [
        ("Opportunity", schema), ("OpportunityInput", input), ("OpportunityPatch", patch),
        ("WinInput", .object([("actualRevenue", Schema.decimal.nullable), ("closeDate", Schema.date.nullable),
                              ("description", Schema.string.nullable), ("closeQuotes", .boolean)])),
        ("LoseInput", .object([("status", .choice(["canceled", "outSold"])),
                               ("reason", Schema.ref(ChoiceListsResource.componentName(.lostReason)).nullable),
                               ("competitorId", Schema.uuid.nullable),
                               ("closeDate", Schema.date.nullable), ("description", Schema.string.nullable), ("closeQuotes", .boolean)],
                              required: ["status"])),
    ]
}

/// `/<documents>/{id}/lines` and `/<documents>/{id}/lines/{lineId}` for any priced document.
enum LinesRoutes {
    static func routes<D: PricedDocument & Persisted>(_ s: Services, path: String, type: D.Type, render: @escaping @Sendable (D) -> JSON) -> [Route] {
        let base = "/api/v1/\(path)/{id}/lines"
        let name = D.recordType.prefix(1).uppercased() + D.recordType.dropFirst()
        return [
            Route(.get, base, id: "list\(name)Lines", "The lines of a \(D.recordType)", responses: responses([200: .ref("Lines")])) { request in
                _ = try request.user()
                let document = try await s.get(D.self, try request.id(), by: try request.user())
                return APIResponse(.ok, .object([("items", .array(document.pricing.lines.map {
                    DocumentJSON.line($0, precision: document.pricing.currencyPrecision)
                }))]))
            },
            Route(.post, base, id: "add\(name)Line", "Add a line; the document's totals are recomputed", body: .ref("LineInput"),
                  responses: responses([201: .ref(name)], conflict: true, precondition: true)) { request in
                var fields = LineFields(quantity: 0)
                try DocumentJSON.lineFields.apply(try request.json(), to: &fields, creating: true,
                                                  extraKeys: ["id", "amount", "netAmount", "tax", "extendedAmount"])
                let document = try await s.addLine(to: D.self, try request.id(), fields, ifVersion: try request.ifMatch(), by: try request.user())
                let line = document.pricing.lines.last.map(\.id.description) ?? ""
                return .record(render(document), version: document.info.version, status: .created,
                               location: "/api/v1/\(path)/\(document.id)/lines/\(line)")
            },
            Route(.patch, "\(base)/{lineId}", id: "update\(name)Line", "Change a line", body: .ref("LineInput"),
                  responses: responses([200: .ref(name)], conflict: true, precondition: true)) { request in
                let id: ID<D> = try request.id()
                let lineId: ID<DocumentLine> = try request.id("lineId")
                let current = try await s.get(D.self, id, by: try request.user())
                guard let old = current.pricing.lines.first(where: { $0.id == lineId }) else { throw APIError.notFound }
                var fields = old.fields
                try DocumentJSON.lineFields.apply(try request.json(), to: &fields, creating: false,
                                                  extraKeys: ["id", "amount", "netAmount", "tax", "extendedAmount"])
                let edited = fields
                let document = try await s.updateLine(of: D.self, id, line: lineId, ifVersion: try request.version(over: current.info.version),
                                                      by: try request.user()) { $0 = edited }
                return .record(render(document), version: document.info.version)
            },
            Route(.delete, "\(base)/{lineId}", id: "remove\(name)Line", "Remove a line",
                  responses: responses([200: .ref(name)], conflict: true, precondition: true)) { request in
                let id: ID<D> = try request.id()
                let lineId: ID<DocumentLine> = try request.id("lineId")
                let current = try await s.get(D.self, id, by: try request.user())
                guard current.pricing.lines.contains(where: { $0.id == lineId }) else { throw APIError.notFound }
                let document = try await s.removeLine(from: D.self, id, line: lineId, ifVersion: try request.ifMatch(), by: try request.user())
                return .record(render(document), version: document.info.version)
            },
        ]
    }
}
