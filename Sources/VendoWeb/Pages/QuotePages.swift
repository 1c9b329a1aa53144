import Foundation
import VendoCore
import VendoServices

extension Pages {
    var quoteRoutes: [WebRoute] {
        let page: @Sendable (WebRequest, FormProblem?) async throws -> String = { web, problem in try await quotePage(web, problem: problem) }
        func action(_ path: String, flash: String, _ body: @escaping @Sendable (ID<Quote>, WebSession, WebRequest) async throws -> String?) -> WebRoute {
            WebRoute(.post, "/quotes/{id}/\(path)") { web in
                try await documentAction(web, Quote.self, base: "/quotes", flash: flash, page: page) { id, session in try await body(id, session, web) }
            }
        }
        return [
            WebRoute(.get, "/quotes/{id}") { web in .page(try await quotePage(web, problem: nil)) },
            WebRoute(.get, "/quotes/{id}/pdf") { web in
                let file = try await services.pdf(ofQuote: try web.id(), by: try web.user().caller)
                return .download(file.bytes, contentType: "application/pdf", name: file.fileName)
            },
            WebRoute(.get, "/quotes/{id}/print") { web in .page(try await printPage(web, kind: "quote")) },
            action("activate", flash: "flash_activated") { id, session, web in
                _ = try await services.activateQuote(id, ifVersion: web.version, by: session.caller)
                return nil
            },
            action("win", flash: "flash_quoteWon") { id, session, web in
                _ = try await services.winQuote(id, details: CloseDetails(description: web.field("description")), ifVersion: web.version,
                                                by: session.caller)
                return nil
            },
            action("revise", flash: "flash_revised") { id, session, web in
                "/quotes/\(try await services.reviseQuote(id, ifVersion: web.version, by: session.caller).id)"
            },
            action("close", flash: "flash_closed") { id, session, web in
                _ = try await services.closeQuote(id, as: .lost, details: CloseDetails(description: web.field("description")),
                                                  ifVersion: web.version, by: session.caller)
                return nil
            },
            action("order", flash: "flash_ordered") { id, session, web in
                let order = try await services.convertQuoteToOrder(id, winOpportunity: true, actualRevenue: try Self.amount(web, "actualRevenue"),
                                                                   ifVersion: web.version, by: session.caller)
                return "/orders/\(order.id)"
            },
            WebRoute(.post, "/quotes/{id}/fields") { web in
                try await documentAction(web, Quote.self, base: "/quotes", flash: "flash_saved", form: "edit", page: page) { id, session in
                    let until = try Self.day(web, "validUntil")
                    let name = web.field("name") ?? "", terms = web.field("paymentTerms"), description = web.field("description")
                    let custom = try await customFieldForm(.quote, session)
                    let typed = try custom.readForEdit(web)
                    _ = try await services.updateQuote(id, ifVersion: web.version, by: session.caller) { fields in
                        fields.customFields = custom.merged(typed, into: fields.customFields)
                        fields.name = name
                        fields.validUntil = until
                        fields.paymentTerms = terms
                        fields.description = description
                    }
                    return nil
                }
            },
            WebRoute(.post, "/quotes/{id}/activities") { web in
                try await addActivity(web, regarding: .quote, back: "/quotes/\(try web.id() as ID<Quote>)") { problem in
                    try await quotePage(web, problem: problem)
                }
            },
        ] + lineRoutes(Quote.self, base: "/quotes", page: page)
    }

    func quotePage(_ web: WebRequest, problem: FormProblem?) async throws -> String {
        let session = try web.user()
        let t = web.language
        let quote = try await services.get(Quote.self, try web.id(), by: session.caller)
        let base = "/quotes/\(quote.id)"
        var actions: [ActionForm] = []
        if Quote.allows(.activate, from: quote.state) {
            actions.append(ActionForm(key: "activate", action: "\(base)/activate", label: t.text("quote_activate"), style: "primary"))
        }
        if Quote.allows(.convertToOrder, from: quote.state) {
            actions.append(ActionForm(key: "order", action: "\(base)/order", label: t.text("quote_order"), style: "primary",
                                      confirm: t.text("confirmOrder")))
        }
        if Quote.allows(.win, from: quote.state) {
            actions.append(ActionForm(key: "win", action: "\(base)/win", label: t.text("quote_win"), confirm: t.text("confirmQuoteWin")))
        }
        if Quote.allows(.revise, from: quote.state) {
            actions.append(ActionForm(key: "revise", action: "\(base)/revise", label: t.text("quote_revise")))
        }
        if Quote.allows(.close, from: quote.state) {
            actions.append(ActionForm(key: "close", action: "\(base)/close", label: t.text("quote_close"), style: "danger",
                                      confirm: t.text("confirmCloseQuote"),
                                      fields: [.init(id: "close-description", name: "description", label: t.text("field_description"),
                                                     value: "", inputmode: nil, type: nil)]))
        }
        var links: [DocumentModel.Link] = []
        if let opportunity = quote.opportunityId { links.append(.init(href: "/opportunities/\(opportunity)", label: t.text("openOpportunity"))) }
        let orders = try await services.list(Order.self, ListQuery(filters: ["quoteId": quote.id.description], limit: 10), by: session.caller).items
        links += orders.map { .init(href: "/orders/\($0.id)", label: "\(t.text("record_order")) \($0.number)") }
        var facts: [Fact] = []
        if let until = quote.fields.validUntil { facts.append(Fact(label: t.text("field_validUntil"), value: web.formats.day(until))) }
        if let terms = quote.fields.paymentTerms { facts.append(Fact(label: t.text("paymentTerms"), value: terms)) }
        var parts = DocumentParts(kind: "quote", base: base, number: Self.documentNumber(quote), name: quote.fields.name,
                                  state: quote.state.rawValue, status: quote.status.rawValue, pricing: quote.pricing, customer: quote.customer,
                                  editable: Quote.allows(.editLines, from: quote.state), facts: facts, actions: actions, links: links,
                                  printable: true, regarding: .quote, id: quote.id.uuid, version: quote.info.version,
                                  headerFields: Quote.allows(.update, from: quote.state) ? [
                                    ("name", quote.fields.name), ("validUntil", quote.fields.validUntil?.description),
                                    ("paymentTerms", quote.fields.paymentTerms), ("description", quote.fields.description),
                                  ] : [])
        parts.mayChange = Self.mayChange(quote, session)
        parts.custom = quote.customFields
        parts.sendable = quote.state == .draft || quote.state == .active
        return try await documentPage(web, parts, history: try await services.history(of: Quote.self, quote.id, by: session.caller), problem: problem)
    }
}
