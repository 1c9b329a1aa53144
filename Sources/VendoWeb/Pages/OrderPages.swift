import Foundation
import VendoCore
import VendoServices

extension Pages {
    var orderRoutes: [WebRoute] {
        let page: @Sendable (WebRequest, FormProblem?) async throws -> String = { web, problem in try await orderPage(web, problem: problem) }
        func action(_ path: String, flash: String, _ body: @escaping @Sendable (ID<Order>, WebSession, WebRequest) async throws -> String?) -> WebRoute {
            WebRoute(.post, "/orders/{id}/\(path)") { web in
                try await documentAction(web, Order.self, base: "/orders", flash: flash, page: page) { id, session in try await body(id, session, web) }
            }
        }
        return [
            WebRoute(.get, "/orders/{id}") { web in .page(try await orderPage(web, problem: nil)) },
            WebRoute(.get, "/orders/{id}/pdf") { web in
                let file = try await services.pdf(ofOrder: try web.id(), by: try web.user().caller)
                return .download(file.bytes, contentType: "application/pdf", name: file.fileName)
            },
            action("fulfil", flash: "flash_fulfilled") { id, session, web in
                _ = try await services.fulfillOrder(id, as: .complete, ifVersion: web.version, by: session.caller)
                return nil
            },
            action("cancel", flash: "flash_canceled") { id, session, web in
                _ = try await services.cancelOrder(id, details: CloseDetails(description: web.field("description")), ifVersion: web.version,
                                                   by: session.caller)
                return nil
            },
            action("invoice", flash: "flash_invoiced") { id, session, web in
                // Quantities per line (invoicing in parts); without them, everything not yet invoiced.
                var requests: [InvoiceRequestLine] = []
                var errors: [FieldError] = []
                for (name, values) in web.form where name.hasPrefix("qty_") {
                    guard let line = UUID(uuidString: String(name.dropFirst(4))), let raw = values.first else { continue }
                    guard let quantity = web.formats.parse(raw), quantity >= 0 else {
                        errors.append(FieldError(name, "invalid_number", web.language.text("field_invalid_number")))
                        continue
                    }
                    if quantity > 0 { requests.append(InvoiceRequestLine(orderLineId: ID(line), quantity: quantity)) }
                }
                if !errors.isEmpty { throw ServiceError.validation(errors) }
                let parts = web.form.keys.contains { $0.hasPrefix("qty_") } ? requests.sorted { $0.orderLineId < $1.orderLineId } : nil
                return "/invoices/\(try await services.createInvoice(fromOrder: id, lines: parts, ifVersion: web.version, by: session.caller).id)"
            },
            action("lock-pricing", flash: "flash_pricesLocked") { id, session, web in
                _ = try await services.lockOrderPricing(id, ifVersion: web.version, by: session.caller)
                return nil
            },
            action("current-pricing", flash: "flash_pricesCurrent") { id, session, web in
                _ = try await services.useCurrentPricing(id, ifVersion: web.version, by: session.caller)
                return nil
            },
            WebRoute(.post, "/orders/{id}/fields") { web in
                try await documentAction(web, Order.self, base: "/orders", flash: "flash_saved", form: "edit", page: page) { id, session in
                    let delivery = try Self.day(web, "requestedDeliveryDate")
                    let name = web.field("name") ?? "", description = web.field("description")
                    let custom = try await customFieldForm(.order, session)
                    let typed = try custom.readForEdit(web)
                    _ = try await services.updateOrder(id, ifVersion: web.version, by: session.caller) { fields in
                        fields.customFields = custom.merged(typed, into: fields.customFields)
                        fields.name = name
                        fields.requestedDeliveryDate = delivery
                        fields.description = description
                    }
                    return nil
                }
            },
            WebRoute(.post, "/orders/{id}/activities") { web in
                try await addActivity(web, regarding: .order, back: "/orders/\(try web.id() as ID<Order>)") { problem in
                    try await orderPage(web, problem: problem)
                }
            },
        ] + lineRoutes(Order.self, base: "/orders", page: page)
    }

    func orderPage(_ web: WebRequest, problem: FormProblem?) async throws -> String {
        let session = try web.user()
        let t = web.language
        let order = try await services.get(Order.self, try web.id(), by: session.caller)
        let base = "/orders/\(order.id)"
        var actions: [ActionForm] = []
        if Order.allows(.createInvoice, from: order.state) {
            // Each line's quantity still to invoice, to invoice in parts.
            let open = order.pricing.lines.filter { $0.fields.quantity - $0.invoiced.quantity > 0 }
            actions.append(ActionForm(key: "invoice", action: "\(base)/invoice", label: t.text("order_invoice"), style: "primary",
                                      fields: open.map { line in
                                          .init(id: "invoice-qty-\(line.id)", name: "qty_\(line.id)",
                                                label: t.text("order_toInvoice", line.productName ?? line.fields.writeInName ?? "—"),
                                                value: web.formats.quantity(line.fields.quantity - line.invoiced.quantity), inputmode: "decimal", type: nil)
                                      }))
        }
        if Order.allows(.fulfill, from: order.state) {
            actions.append(ActionForm(key: "fulfil", action: "\(base)/fulfil", label: t.text("order_fulfil"), confirm: t.text("confirmFulfil")))
        }
        if order.pricesLocked && Order.allows(.useCurrentPricing, from: order.state) {
            actions.append(ActionForm(key: "current-pricing", action: "\(base)/current-pricing", label: t.text("order_currentPricing"),
                                      confirm: t.text("confirmCurrentPricing")))
        } else if !order.pricesLocked && Order.allows(.lockPricing, from: order.state) {
            actions.append(ActionForm(key: "lock-pricing", action: "\(base)/lock-pricing", label: t.text("order_lockPricing")))
        }
        if Order.allows(.cancel, from: order.state) {
            actions.append(ActionForm(key: "cancel", action: "\(base)/cancel", label: t.text("order_cancel"), style: "danger",
                                      confirm: t.text("confirmCancelOrder")))
        }
        var links: [DocumentModel.Link] = []
        if let quote = order.quoteId { links.append(.init(href: "/quotes/\(quote)", label: t.text("record_quote"))) }
        if let opportunity = order.opportunityId { links.append(.init(href: "/opportunities/\(opportunity)", label: t.text("openOpportunity"))) }
        let invoices = try await services.list(Invoice.self, ListQuery(filters: ["orderId": order.id.description], limit: 20), by: session.caller).items
        links += invoices.map { .init(href: "/invoices/\($0.id)", label: "\(t.text("record_invoice")) \($0.number ?? t.text("invoice_draftNumber"))") }
        var facts = [Fact(label: t.text("field_pricing"), value: t.text(order.pricesLocked ? "pricing_locked" : "pricing_current"))]
        if let day = order.fields.requestedDeliveryDate { facts.append(Fact(label: t.text("field_requestedDeliveryDate"), value: web.formats.day(day))) }
        var parts = DocumentParts(kind: "order", base: base, number: order.number, name: order.fields.name, state: order.state.rawValue,
                                  status: order.status.rawValue, pricing: order.pricing, customer: order.customer,
                                  editable: Order.allows(.editLines, from: order.state), facts: facts, actions: actions, links: links,
                                  printable: false, regarding: .order, id: order.id.uuid, version: order.info.version,
                                  headerFields: Order.allows(.update, from: order.state) ? [
                                    ("name", order.fields.name), ("requestedDeliveryDate", order.fields.requestedDeliveryDate?.description),
                                    ("description", order.fields.description),
                                  ] : [])
        parts.mayChange = Self.mayChange(order, session)
        parts.custom = order.customFields
        parts.sendable = order.state != .canceled
        return try await documentPage(web, parts, history: try await services.history(of: Order.self, order.id, by: session.caller), problem: problem)
    }
}
