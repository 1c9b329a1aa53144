import Foundation
import Hummingbird
import VendoCore
import VendoServices

enum TeamsResource {
    static let fields: [FieldSpec<TeamFields>] = [.text("name", \.name, max: 100), .ids("memberIds", \.memberIds)]

    static func resource(_ s: Services) -> CrudResource<Team, TeamFields> {
        CrudResource(path: "teams", name: "Team", fields: fields, blank: TeamFields(name: ""), filters: [], fieldsOf: { $0.fields },
                     extra: { _, _ in [] }, extraSchema: [], required: ["name"],
                     create: { try await s.createTeam($0, by: $1) },
                     update: { id, version, caller, fields in try await s.updateTeam(id, ifVersion: version, by: caller) { $0 = fields } },
                     delete: { try await s.deleteTeam($0, ifVersion: $1, by: $2) })
    }

    static let schemas = crudSchemas("Team", fields, extra: [], required: ["name"])
}

/// `POST /<things>/{id}/reassign {ownerId}`: managers within their teams, admins to anyone.
enum ReassignRoutes {
    static func route<R: Persisted>(_ s: Services, path: String, _ type: R.Type, render: @escaping @Sendable (R) -> JSON,
                                    schema: String) -> Route {
        Route(.post, "/api/v1/\(path)/{id}/reassign", id: "reassign\(schema)", "Give the \(R.recordType) to another owner",
              body: .ref("ReassignInput"), responses: responses([200: .ref(schema)], conflict: true, precondition: true)) { request in
            var reader = FieldReader(try request.json())
            var owner = ID<User>(UUID())
            reader.read("ownerId", into: &owner, required: true, Convert.id)
            try finish(&reader)
            let record = try await s.reassign(R.self, try request.id(), to: owner, ifVersion: try request.ifMatch(), by: try request.user())
            return .record(render(record), version: record.info.version)
        }
    }

    static func routes(_ s: Services) -> [Route] {
        [
            route(s, path: "leads", Lead.self, render: LeadsResource.render, schema: "Lead"),
            route(s, path: "accounts", Account.self, render: AccountsResource.render, schema: "Account"),
            route(s, path: "contacts", Contact.self, render: ContactsResource.render, schema: "Contact"),
            route(s, path: "opportunities", Opportunity.self, render: OpportunitiesResource.render, schema: "Opportunity"),
            route(s, path: "quotes", Quote.self, render: QuotesResource.render, schema: "Quote"),
            route(s, path: "orders", Order.self, render: OrdersResource.render, schema: "Order"),
            route(s, path: "invoices", Invoice.self, render: InvoicesResource.render, schema: "Invoice"),
            route(s, path: "activities", Activity.self, render: { ActivitiesResource.render($0, now: s.now) }, schema: "Activity"),
        ]
    }

    static let schemas: [(String, Schema)] = [("ReassignInput", .object([("ownerId", .uuid)], required: ["ownerId"]))]
}
