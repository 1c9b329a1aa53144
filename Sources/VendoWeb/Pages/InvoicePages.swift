import Foundation
import VendoCore
import VendoServices

extension Pages {
    /// A form of the invoice page posted to `/invoices/{id}/<path>`: done, it goes back to the
    /// page (or where `body` says) with `flash`; refused, the page shows why.
    func invoiceAction(_ path: String, flash: String,
                       _ body: @escaping @Sendable (ID<Invoice>, WebSession, WebRequest) async throws -> String?) -> WebRoute {
        WebRoute(.post, "/invoices/{id}/\(path)") { web in
            try await documentAction(web, Invoice.self, base: "/invoices", flash: flash, page: invoicePageForm) { id, session in
                try await body(id, session, web)
            }
        }
    }

    @Sendable func invoicePageForm(_ web: WebRequest, _ problem: FormProblem?) async throws -> String {
        try await invoicePage(web, problem: problem)
    }

    var invoiceRoutes: [WebRoute] {
        let page = invoicePageForm
        return [
            WebRoute(.get, "/invoices/{id}") { web in .page(try await invoicePage(web, problem: nil)) },
            WebRoute(.get, "/invoices/{id}/pdf") { web in
                let file = try await services.pdf(ofInvoice: try web.id(), by: try web.user().caller)
                return .download(file.bytes, contentType: "application/pdf", name: file.fileName)
            },
            WebRoute(.get, "/invoices/{id}/print") { web in .page(try await printPage(web, kind: "invoice")) },
            invoiceAction("issue", flash: "flash_issued") { id, session, web in
                _ = try await services.issueInvoice(id, ifVersion: web.version, by: session.caller)
                return nil
            },
            invoiceAction("payments", flash: "flash_paid") { id, session, web in
                guard let amount = try Self.amount(web, "amount") else {
                    throw ServiceError.validation([FieldError("amount", "required", web.language.text("field_required"))])
                }
                var input = PaymentInput(amount: amount, method: web.field("method").flatMap(PaymentMethod.init), reference: web.field("reference"),
                                         bankAccount: web.field("bankAccount"))
                if let raw = web.field("date") {
                    guard let day = Day(raw) else {
                        throw ServiceError.validation([FieldError("date", "invalid_date", web.language.text("field_invalid_date"))])
                    }
                    input.date = day
                }
                _ = try await services.recordPayment(on: id, input, ifVersion: web.version, by: session.caller)
                return nil
            },
            invoiceAction("cancel", flash: "flash_canceled") { id, session, web in
                _ = try await services.cancelInvoice(id, ifVersion: web.version, by: session.caller)
                return nil
            },
            WebRoute(.post, "/invoices/{id}/fields") { web in
                try await documentAction(web, Invoice.self, base: "/invoices", flash: "flash_saved", form: "edit", page: page) { id, session in
                    let due = try Self.day(web, "dueDate"), delivered = try Self.day(web, "deliveryDate")
                    let name = web.field("name") ?? "", terms = web.field("paymentTerms"), description = web.field("description")
                    let order = web.field("purchaseOrderReference"), reference = web.field("buyerReference")
                    let custom = try await customFieldForm(.invoice, session)
                    let typed = try custom.readForEdit(web)
                    _ = try await services.updateInvoice(id, ifVersion: web.version, by: session.caller) { fields in
                        fields.customFields = custom.merged(typed, into: fields.customFields)
                        fields.name = name
                        fields.dueDate = due
                        fields.paymentTerms = terms
                        fields.description = description
                        fields.deliveryDate = delivered
                        fields.purchaseOrderReference = order
                        fields.buyerReference = reference
                    }
                    return nil
                }
            },
            WebRoute(.post, "/invoices/{id}/activities") { web in
                try await addActivity(web, regarding: .invoice, back: "/invoices/\(try web.id() as ID<Invoice>)") { problem in
                    try await invoicePage(web, problem: problem)
                }
            },
        ] + lineRoutes(Invoice.self, base: "/invoices", page: page)
    }

    func invoicePage(_ web: WebRequest, problem: FormProblem?) async throws -> String {
        let session = try web.user()
        let t = web.language
        let formats = web.formats
        let invoice = try await services.get(Invoice.self, try web.id(), by: session.caller)
        let base = "/invoices/\(invoice.id)"
        let pricing = invoice.pricing
        func money(_ value: Decimal) -> String { formats.money(value, pricing.currency, scale: pricing.currencyPrecision) }
        var actions: [ActionForm] = []
        if Invoice.allows(.issue, from: invoice.state) {
            actions.append(ActionForm(key: "issue", action: "\(base)/issue", label: t.text("invoice_issue"), style: "primary",
                                      confirm: t.text("confirmIssue")))
        }
        if Invoice.allows(.recordPayment, from: invoice.state) && invoice.amountDue > 0 {
            actions.append(ActionForm(key: "pay", action: "\(base)/payments", label: t.text("invoice_pay"), style: "primary", fields: [
                .init(id: "payment-amount", name: "amount", label: t.text("field_amount"), value: formats.number(invoice.amountDue, scale: pricing.currencyPrecision),
                      inputmode: "decimal", type: nil),
                .init(id: "payment-date", name: "date", label: t.text("field_date"), value: "", inputmode: nil, type: "date"),
                Self.methodField("payment-method", t),
                .init(id: "payment-reference", name: "reference", label: t.text("field_reference"), value: "", inputmode: nil, type: nil),
                .init(id: "payment-bank", name: "bankAccount", label: t.text("field_bankAccount"), value: "", inputmode: nil, type: nil),
            ]))
        }
        actions += correctionActions(invoice, session, t, formats, writeOffLimit: try await services.settings().writeOffLimit)
        if Invoice.allows(.cancel, from: invoice.state) {
            actions.append(ActionForm(key: "cancel", action: "\(base)/cancel", label: t.text("invoice_cancel"), style: "danger",
                                      confirm: t.text("confirmCancelInvoice")))
        }
        var links: [DocumentModel.Link] = []
        if let order = invoice.orderId { links.append(.init(href: "/orders/\(order)", label: t.text("record_order"))) }
        if let opportunity = invoice.opportunityId { links.append(.init(href: "/opportunities/\(opportunity)", label: t.text("openOpportunity"))) }
        if let credited = invoice.creditedInvoiceId { links.append(.init(href: "/invoices/\(credited)", label: t.text("invoice_creditedInvoice"))) }
        if let note = invoice.creditNoteId { links.append(.init(href: "/invoices/\(note)", label: t.text("templateKind_creditNote"))) }
        for credit in invoice.credits {
            links.append(.init(href: "/invoices/\(credit.creditNoteId)", label: t.text("invoice_creditNote", credit.number)))
        }
        var facts = [Fact(label: t.text("field_amountPaid"), value: money(invoice.amountPaid)),
                     Fact(label: t.text("field_amountDue"), value: money(invoice.amountDue))]
        if invoice.balance < 0 { facts.append(Fact(label: t.text("field_owedToCustomer"), value: money(-invoice.balance))) }
        if invoice.amountCredited != 0 { facts.append(Fact(label: t.text("field_amountCredited"), value: money(invoice.amountCredited))) }
        if invoice.amountRefunded != 0 { facts.append(Fact(label: t.text("field_amountRefunded"), value: money(invoice.amountRefunded))) }
        if invoice.amountWrittenOff != 0 { facts.append(Fact(label: t.text("field_amountWrittenOff"), value: money(invoice.amountWrittenOff))) }
        if let reason = invoice.creditReason { facts.append(Fact(label: t.text("reason"), value: reason)) }
        if let due = invoice.fields.dueDate { facts.append(Fact(label: t.text("field_dueDate"), value: formats.day(due))) }
        for reminder in invoice.reminders {
            let level = reminder.level.map { t.text("reminders_level", String($0)) } ?? t.text("reminders_byHand")
            facts.append(Fact(label: t.text("reminders_sentOn", formats.day(reminder.date)),
                              value: reminder.chargeInvoiceNumber.map { "\(level) — \(t.text("reminders_chargesInvoiced", $0))" } ?? level))
            if let charges = reminder.chargeInvoiceId {
                links.append(.init(href: "/invoices/\(charges)", label: t.text("reminders_chargesInvoice", reminder.chargeInvoiceNumber ?? "")))
            }
        }
        if let late = invoice.lateChargesOf { links.append(.init(href: "/invoices/\(late)", label: t.text("reminders_lateInvoice"))) }
        let payments = settlementRows(invoice, t, formats)
        var parts = DocumentParts(kind: "invoice", base: base, number: invoice.number ?? t.text("invoice_draftNumber"), name: invoice.fields.name,
                                  state: invoice.state.rawValue, status: invoice.status.rawValue, pricing: pricing, customer: invoice.customer,
                                  editable: Invoice.allows(.editLines, from: invoice.state), facts: facts, actions: actions, links: links,
                                  payments: payments, printable: true, regarding: .invoice, id: invoice.id.uuid, version: invoice.info.version,
                                  headerFields: Invoice.allows(.update, from: invoice.state) ? [
                                    ("name", invoice.fields.name), ("dueDate", invoice.fields.dueDate?.description),
                                    ("paymentTerms", invoice.fields.paymentTerms), ("deliveryDate", invoice.fields.deliveryDate?.description),
                                    ("purchaseOrderReference", invoice.fields.purchaseOrderReference),
                                    ("buyerReference", invoice.fields.buyerReference), ("description", invoice.fields.description),
                                  ] : [])
        parts.mayChange = Self.mayChange(invoice, session)
        parts.custom = invoice.customFields
        parts.sendable = invoice.state != .canceled || invoice.kind == .creditNote
        parts.remindable = invoice.isOverdue(on: Day(services.now))
        return try await documentPage(web, parts, history: try await services.history(of: Invoice.self, invoice.id, by: session.caller), problem: problem)
    }
}
