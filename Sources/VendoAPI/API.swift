import Foundation
import Hummingbird
import VendoCore
import VendoServices

/// Vendo's REST API v1: the route table every request is matched against, and the OpenAPI
/// document made from that same table.
public enum API {
    public static func routes(_ s: Services, metrics: Metrics, secureCookies: Bool = false, metricsToken: String? = nil) -> [Route] {
        var routes: [Route] = [
            Route(.get, "/health", id: "health", "Liveness and database check", isPublic: true,
                  responses: [200: .ref("Health"), 503: .ref("Health")]) { _ in
                // A load balancer's check needs a quick answer, even while the database hangs.
                let up = await withTaskGroup(of: Bool.self) { group in
                    group.addTask { (try? await s.settings()) != nil }
                    group.addTask {
                        try? await Task.sleep(for: .seconds(3))
                        return false
                    }
                    let first = await group.next() ?? false
                    group.cancelAll()
                    return first
                }
                if up { return APIResponse(.ok, .object([("status", .string("ok")), ("database", .string("ok"))])) }
                return APIResponse(.serviceUnavailable, .object([("status", .string("failing")), ("database", .string("unavailable"))]))
            },
            // The process answers, whatever the database does: a liveness probe that must not
            // restart a server for a database outage, and the benchmark's ceiling.
            Route(.get, "/health/live", id: "liveness", "Liveness only: the process answers requests (no database check)", isPublic: true,
                  responses: [200: .ref("Liveness")]) { _ in
                APIResponse(.ok, .object([("status", .string("ok"))]))
            },
        ]
        routes += LeadsResource.routes(s)
        routes += AccountsResource.resource(s).routes(s)
        routes += ContactsResource.resource(s).routes(s)
        routes += CompetitorsResource.resource(s).routes(s)
        routes += OpportunitiesResource.routes(s)
        routes += QuotesResource.routes(s)
        routes += OrdersResource.routes(s)
        routes += InvoicesResource.routes(s)
        routes += InvoiceCorrectionsRoutes.routes(s)
        routes += ReceivablesResource.routes(s)
        routes += DunningResource.routes(s)
        routes += JournalExportResource.routes(s)
        routes += DocumentFilesResource.routes(s)
        routes += MailResources.routes(s)
        routes += ProductsResource.routes(s)
        routes += UnitsResource.routes(s)
        routes += TaxRatesResource.resource(s).routes(s)
        routes += PriceListsResource.routes(s)
        routes += DiscountListsResource.resource(s).routes(s)
        routes += CurrenciesResource.routes(s)
        routes += SettingsResource.routes(s)
        routes += CustomFieldsResource.routes(s)
        routes += SavedViewsResource.routes(s)
        routes += UsersResource.routes(s)
        routes += TeamsResource.resource(s).routes(s)
        routes += ProcessesResource.routes(s)
        routes += ActivitiesResource.routes(s)
        routes += ReportsResource.routes(s)
        routes += ImportsResource.routes(s)
        routes += CardScansResource.routes(s)
        routes += CaptureFormsResource.resource(s).routes(s)
        routes += CaptureResource.routes(s)
        routes += WebhooksResource.routes(s)
        routes += MergeRoutes.routes(s, leads: LeadsResource.render, accounts: AccountsResource.resource(s).render,
                                     contacts: ContactsResource.resource(s).render)
        routes += ReassignRoutes.routes(s)
        routes += SessionResource.routes(s, secureCookies: secureCookies)
        routes.append(Route(.get, "/metrics", id: "metrics",
                            "Prometheus metrics: requests, latency, database, memory; with a metrics token set, only for its bearer",
                            isPublic: true, responses: [200: nil, 401: .ref("Problem")]) { request in
            if let metricsToken {
                let sent = request.headers[.authorization].flatMap { $0.lowercased().hasPrefix("bearer ") ? String($0.dropFirst(7)) : nil }
                guard let sent, Services.sameSecret(sent.trimmingWhitespace(), metricsToken) else { throw APIError.unauthorized }
            }
            let up = (try? await s.settings()) != nil
            return APIResponse(.ok, nil, text: metrics.text(databaseUp: up, connections: s.databaseConnections))
        })
        let openAPI = { @Sendable (document: JSON) in
            Route(.get, "/openapi.json", id: "openapi", "This document", isPublic: true,
                  responses: [200: Schema(json: .object([("type", .string("object"))]))]) { _ in
                // Each record type's custom fields as they are now.
                let settings = try? await s.settings()
                return APIResponse(.ok, ChoiceListsResource.document(CustomFieldsResource.document(document, settings: settings), settings: settings))
            }
        }
        // The document describes itself too.
        let document = OpenAPIDocument.make(routes: routes + [openAPI(.null)])
        return routes + [openAPI(document)]
    }

    static var schemas: [(String, Schema)] {
        [
            ("Problem", .object([
                ("type", .string), ("title", .string), ("status", .integer), ("detail", .string), ("code", .string),
                ("errors", .array(.object([("field", .string), ("code", .string), ("message", .string)]))),
            ], required: ["type", "title", "status", "detail", "code"], closed: false)),
            ("Health", .object([("status", .choice(["ok", "failing"])), ("database", .choice(["ok", "unavailable"]))],
                               required: ["status", "database"])),
            ("Liveness", .object([("status", .choice(["ok"]))], required: ["status"])),
            ("Address", AddressJSON.schema),
            ("Empty", .object([])),
            ("Duplicate", .object([("recordType", .string), ("id", .uuid), ("name", .string), ("matchedOn", .string)])),
            ("History", .object([("items", .array(.object([
                ("at", .dateTime), ("userId", .uuid), ("action", .string), ("field", Schema.string.nullable),
                ("oldValue", Schema.string.nullable), ("newValue", Schema.string.nullable),
            ])))], required: ["items"])),
            ("Line", DocumentJSON.lineSchema),
            ("Lines", .object([("items", .array(.ref("Line")))], required: ["items"])),
            ("LineInput", .object(DocumentJSON.lineFields.schemaProperties(), required: ["quantity"])),
        ]
            + LeadsResource.schemas
            + AccountsResource.schemas + ContactsResource.schemas + CompetitorsResource.schemas
            + OpportunitiesResource.schemas + QuotesResource.schemas + OrdersResource.schemas + InvoicesResource.schemas
            + InvoiceCorrectionsRoutes.schemas + DunningResource.schemas + SavedViewsResource.schemas
            + ProductsResource.schemas + UnitsResource.schemas + TaxRatesResource.schemas + PriceListsResource.schemas
            + DiscountListsResource.schemas + CurrenciesResource.schemas + SettingsResource.schemas + UsersResource.schemas
            + TeamsResource.schemas + ReassignRoutes.schemas + SessionResource.schemas
            + ProcessesResource.schemas + ActivitiesResource.schemas + ReportsResource.schemas + ImportsResource.schemas
            + CaptureFormsResource.schemas + CaptureResource.schemas + WebhooksResource.schemas + MergeRoutes.schemas
            + MailResources.schemas + CardScansResource.schemas + CustomFieldsResource.schemas + ChoiceListsResource.schemas + TerminologyResource.schemas
            + FieldLabelsResource.schemas
    }
}
