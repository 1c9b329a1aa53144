import Foundation
import Hummingbird
import VendoCore
import VendoServices

enum LeadsResource {
    static let fields: [FieldSpec<LeadFields>] = [
        .text("topic", \.topic), .text("firstName", \.firstName), .text("lastName", \.lastName),
        .text("companyName", \.companyName), .text("jobTitle", \.jobTitle), .text("email", \.email, max: 254),
        .text("phone", \.phone), .text("mobilePhone", \.mobilePhone), .text("website", \.website),
        .address("address", \.address), .choice("source", \.source), .choice("rating", \.rating),
        .money("budgetAmount", \.budgetAmount), .choice("budgetStatus", \.budgetStatus),
        .choice("purchaseTimeframe", \.purchaseTimeframe), .choice("purchaseProcess", \.purchaseProcess),
        .bool("decisionMaker", \.decisionMaker), .text("customerNeed", \.customerNeed, max: 4000),
        .money("estimatedValue", \.estimatedValue), .day("estimatedCloseDate", \.estimatedCloseDate),
        .text("description", \.description, max: 10000), .currency("currency", \.currency), .text("event", \.event),
        .choice("industry", \.industry), .money("annualRevenue", \.annualRevenue),
        .int("numberOfEmployees", \.numberOfEmployees, range: LeadFields.employeeRange),
        .customFields(\.customFields, of: .lead),
    ]

    static let readOnly = readOnlyMetaKeys + ["fullName", "state", "reason", "qualifyingOpportunityId", "mergedIntoId", "cardImage"]
        + ProcessesResource.positionKeys

    static func render(_ lead: Lead) -> JSON {
        .object(meta(lead) + lifecycle(lead) + [("reason", .string(lead.reason?.rawValue)), ("fullName", .string(lead.fullName))] + fields.render(lead.fields)
                + [("qualifyingOpportunityId", .id(lead.qualifyingOpportunityId)), ("mergedIntoId", .id(lead.mergedIntoId)),
                   ("cardImage", .string(lead.cardScanId.map { _ in "/api/v1/leads/\(lead.id)/card-image" }))]
                + ProcessesResource.position(lead.process))
    }

    static let schema = Schema.object(
        metaSchema + [("state", .choice(LeadState.allCases.map(\.rawValue))), ("status", .choice(LeadStatus.allCases.map(\.rawValue))),
                      ("reason", Schema.ref(ChoiceListsResource.componentName(.disqualifyReason)).nullable), ("fullName", .string)] + fields.schemaProperties() + [("qualifyingOpportunityId", Schema.uuid.nullable), ("mergedIntoId", Schema.uuid.nullable),
                                                                                     ("cardImage", Schema.string.nullable)]
            + ProcessesResource.positionSchema,
        required: ["id", "version", "state", "status", "topic"])

    static let input = Schema.object(fields.schemaProperties() + [("processId", Schema.uuid.nullable), ("checklist", .map(.boolean)),
                                                                  ("cardScanId", Schema.uuid.nullable)],
                                     required: ["topic"])
    static let patch = Schema.object(fields.schemaProperties() + [("status", .choice(["new", "contacted"])), ("processId", .uuid),
                                                                  ("checklist", .map(.boolean))])
    static let filters = ["source", "email", "qualifyingOpportunityId", "processId", "stage", "event"]

    static func routes(_ s: Services) -> [Route] {
        [
            Route(.get, "/api/v1/leads", id: "listLeads", "List leads", responses: responses([200: pageSchema("Lead")]),
                  query: listParameters(filters)) { request in
                _ = try request.user()
                return page(try await s.list(Lead.self, try listQuery(request, filters: filters), by: try request.user()), render)
            },
            Route(.post, "/api/v1/leads", id: "createLead", "Create a lead; possible duplicates are flagged, never refused",
                  body: .ref("LeadInput"), responses: responses([201: .ref("LeadCreated")])) { request in
                let json = try request.json()
                var reader = FieldReader(json)
                let process = ProcessesResource.edit(&reader)
                var cardScanId: ID<CardScan>?
                reader.read("cardScanId", into: &cardScanId, Convert.id)
                try reader.check()
                var fields = LeadFields(topic: "")
                try await Self.fields.apply(json, to: &fields, creating: true, extraKeys: readOnly + ["cardScanId"], lists: s)
                let created = try await s.createLead(fields, process: process, cardScanId: cardScanId?.uuid, by: try request.user())
                var body = render(created.lead)
                if case .object(var pairs) = body {
                    pairs.append(("possibleDuplicates", .array(created.possibleDuplicates.map(duplicate))))
                    body = .object(pairs)
                }
                return .record(body, version: created.lead.info.version, status: .created, location: "/api/v1/leads/\(created.lead.id)")
            },
            Route(.get, "/api/v1/leads/{id}", id: "getLead", "Read a lead", responses: responses([200: .ref("Lead")])) { request in
                _ = try request.user()
                let lead = try await s.get(Lead.self, try request.id(), by: try request.user())
                return .record(render(lead), version: lead.info.version)
            },
            Route(.patch, "/api/v1/leads/{id}", id: "updateLead",
                  "Change an open lead's fields, process or checklist; status moves it between new and contacted",
                  body: .ref("LeadPatch"), responses: responses([200: .ref("Lead")], conflict: true, precondition: true)) { request in
                let json = try request.json()
                let id: ID<Lead> = try request.id()
                let current = try await s.get(Lead.self, id, by: try request.user())
                var fields = current.fields
                try await Self.fields.apply(json, to: &fields, creating: false, extraKeys: readOnly + ["status"], lists: s)
                var status: LeadStatus?
                var reader = FieldReader(json)
                reader.read("status", into: &status, Convert.choice(LeadStatus.self))
                let process = ProcessesResource.edit(&reader, current: current.process,
                                                     stageHint: "qualifying the lead moves its process on")
                try reader.check()
                let edited = fields
                let lead = try await s.updateLead(id, ifVersion: try request.version(over: current.info.version), by: try request.user(),
                                                  status: status, process: process) { $0 = edited }
                return .record(render(lead), version: lead.info.version)
            },
            Route(.delete, "/api/v1/leads/{id}", id: "deleteLead", "Delete an open lead",
                  responses: responses([204: nil], conflict: true, precondition: true)) { request in
                try await s.deleteLead(try request.id(), ifVersion: try request.ifMatch(), by: try request.user())
                return APIResponse(.noContent, nil)
            },
            Route(.post, "/api/v1/leads/{id}/qualify", id: "qualifyLead",
                  "Qualify an open lead into an account, a contact and an opportunity, in one transaction",
                  body: .ref("QualifyInput"), responses: responses([200: .ref("QualifyResult")], conflict: true, precondition: true)) { request in
                var reader = FieldReader(try request.json())
                var options = QualifyOptions()
                reader.read("createAccount", into: &options.createAccount, required: true, Convert.bool)
                reader.read("createContact", into: &options.createContact, required: true, Convert.bool)
                reader.read("createOpportunity", into: &options.createOpportunity, required: true, Convert.bool)
                reader.read("existingAccountId", into: &options.existingAccountId, Convert.id)
                reader.read("existingContactId", into: &options.existingContactId, Convert.id)
                reader.read("currency", into: &options.currency, Convert.string)
                reader.read("priceListId", into: &options.priceListId, Convert.id)
                reader.read("allowDuplicates", into: &options.allowDuplicates, Convert.bool)
                reader.finish()
                try reader.check()
                let result = try await s.qualifyLead(try request.id(), options, ifVersion: try request.ifMatch(), by: try request.user())
                return .record(.object([
                    ("lead", render(result.lead)),
                    ("account", result.account.map(AccountsResource.render) ?? .null),
                    ("contact", result.contact.map(ContactsResource.render) ?? .null),
                    ("opportunity", result.opportunity.map(OpportunitiesResource.render) ?? .null),
                ]), version: result.lead.info.version)
            },
            Route(.post, "/api/v1/leads/{id}/disqualify", id: "disqualifyLead", "Disqualify an open lead with a reason",
                  body: .ref("DisqualifyInput"), responses: responses([200: .ref("Lead")], conflict: true, precondition: true)) { request in
                var reader = FieldReader(try request.json())
                var status = LeadStatus.lost
                reader.read("status", into: &status, required: true, Convert.choice(LeadStatus.self))
                var reason: DisqualifyReason?
                reader.read("reason", into: &reason, Convert.listed(DisqualifyReason.self))
                reader.finish()
                try reader.check()
                let lead = try await s.disqualifyLead(try request.id(), as: status, reason: reason, ifVersion: try request.ifMatch(),
                                                      by: try request.user())
                return .record(render(lead), version: lead.info.version)
            },
            Route(.post, "/api/v1/leads/{id}/reactivate", id: "reactivateLead", "Reopen a qualified or disqualified lead",
                  body: .ref("Empty"), responses: responses([200: .ref("Lead")], conflict: true, precondition: true)) { request in
                try noFields(request)
                let lead = try await s.reactivateLead(try request.id(), ifVersion: try request.ifMatch(), by: try request.user())
                return .record(render(lead), version: lead.info.version)
            },
            historyRoute(s, "leads", Lead.self),
        ]
    }

    static func duplicate(_ match: DuplicateMatch) -> JSON {
        .object([("recordType", .string(match.recordType)), ("id", .string(match.id.uuidString.lowercased())),
                 ("name", .string(match.name)), ("matchedOn", .string(match.matchedOn))])
    }

    static let schemas: [(String, Schema)] = [
        ("Lead", schema), ("LeadInput", input), ("LeadPatch", patch),
        ("LeadCreated", .object(schema.properties + [("possibleDuplicates", .array(.ref("Duplicate")))], closed: false)),
        ("QualifyInput", .object([
            ("createAccount", .boolean), ("createContact", .boolean), ("createOpportunity", .boolean),
            ("existingAccountId", Schema.uuid.nullable), ("existingContactId", Schema.uuid.nullable),
            ("currency", Schema.string.nullable), ("priceListId", Schema.uuid.nullable), ("allowDuplicates", .boolean),
        ], required: ["createAccount", "createContact", "createOpportunity"])),
        ("QualifyResult", .object([("lead", .ref("Lead")), ("account", Schema.ref("Account").nullable),
                                   ("contact", Schema.ref("Contact").nullable), ("opportunity", Schema.ref("Opportunity").nullable)],
                                  required: ["lead"])),
        ("DisqualifyInput", .object([("status", .choice(["lost", "cannotContact", "noLongerInterested", "canceled"])),
                                     ("reason", Schema.ref(ChoiceListsResource.componentName(.disqualifyReason)).nullable)],
                                    required: ["status"])),
    ]
}

/// Refuses any field on an action that takes none.
func noFields(_ request: APIRequest) throws {
    var reader = FieldReader(try request.json())
    reader.finish()
    try reader.check()
}

/// `GET /api/v1/<things>/{id}/history`.
func historyRoute<R: Persisted>(_ s: Services, _ path: String, _ type: R.Type) -> Route {
    Route(.get, "/api/v1/\(path)/{id}/history", id: "\(R.recordType)History", "The audit history of a \(R.recordType), oldest first",
          responses: responses([200: .ref("History")])) { request in
        _ = try request.user()
        let entries = try await s.history(of: R.self, try request.id(), by: try request.user())
        return APIResponse(.ok, .object([("items", .array(entries.map { entry in
            .object([("at", .date(entry.at)), ("userId", .id(entry.userId)), ("action", .string(entry.action)),
                     ("field", .string(entry.field)), ("oldValue", .string(entry.oldValue)), ("newValue", .string(entry.newValue))])
        }))]))
    }
}
