import Foundation
import VendoCore
import VendoServices

/// The invoice page's corrections after issue (SALES-PROCESS.md §12): credit lines or an
/// amount, refund, reverse a payment, write off. Shown to those who may do them: managers on
/// their teams' invoices, and admins.
extension Pages {
    var invoiceCorrectionRoutes: [WebRoute] {
        return [
            invoiceAction("credit-lines", flash: "flash_credited") { id, session, web in
                let invoice = try await services.get(Invoice.self, id, by: session.caller)
                var lines: [CreditedLine] = []
                for line in invoice.pricing.lines {
                    guard let quantity = try Self.amount(web, "quantity-\(line.id)"), quantity != 0 else { continue }
                    lines.append(CreditedLine(invoiceLineId: line.id, quantity: quantity))
                }
                if lines.isEmpty {
                    throw ServiceError.validation([FieldError("lines", "no_quantity", web.language.text("invoice_creditNothing"))])
                }
                let result = try await services.creditInvoice(id, .lines(lines), reason: web.field("reason"), ifVersion: web.version,
                                                              by: session.caller)
                return "/invoices/\(result.creditNote.id)"
            },
            invoiceAction("credit-amount", flash: "flash_credited") { id, session, web in
                // The rate comes from the select, written as the API writes it (8.125, never 8,125).
                let amount = try Self.amount(web, "amount"), rate = web.field("taxRate").flatMap { Decimal.strict($0) }
                guard let amount, let rate else {
                    throw ServiceError.validation([FieldError(amount == nil ? "amount" : "taxRate", "required", web.language.text("field_required"))])
                }
                let result = try await services.creditInvoice(id, .amount(amount, taxRate: rate), reason: web.field("reason"),
                                                              ifVersion: web.version, by: session.caller)
                return "/invoices/\(result.creditNote.id)"
            },
            invoiceAction("refunds", flash: "flash_refunded") { id, session, web in
                guard let amount = try Self.amount(web, "amount") else {
                    throw ServiceError.validation([FieldError("amount", "required", web.language.text("field_required"))])
                }
                let input = PaymentInput(amount: amount, date: try Self.day(web, "date"), method: web.field("method").flatMap(PaymentMethod.init),
                                        reference: web.field("reference"), bankAccount: web.field("bankAccount"))
                _ = try await services.refundInvoice(id, input, ifVersion: web.version, by: session.caller)
                return nil
            },
            invoiceAction("write-off", flash: "flash_writtenOff") { id, session, web in
                _ = try await services.writeOffInvoice(id, reason: web.field("reason"), ifVersion: web.version, by: session.caller)
                return nil
            },
            WebRoute(.post, "/invoices/{id}/payments/{paymentId}/reverse") { web in
                try await documentAction(web, Invoice.self, base: "/invoices", flash: "flash_reversed", page: invoicePageForm) { id, session in
                    let payment: ID<Payment> = try web.id("paymentId")
                    _ = try await services.reversePayment(payment, on: id, reason: web.field("reason") ?? "", date: try Self.day(web, "date"),
                                                          ifVersion: web.version, by: session.caller)
                    return nil
                }
            },
        ]
    }

    /// The choice of a payment method, none chosen first.
    static func methodField(_ id: String, _ t: Language) -> ActionForm.Field {
        let choices = [ActionForm.Field.Choice(value: "", label: "—", selected: true)]
            + PaymentMethod.allCases.map { ActionForm.Field.Choice(value: $0.rawValue, label: t.label("paymentMethod", $0.rawValue), selected: false) }
        return ActionForm.Field(id: id, name: "method", label: t.text("field_method"), value: "", inputmode: nil, type: nil,
                                choices: choices, select: true)
    }

    /// What a manager or an admin may do to an issued invoice after the fact.
    func correctionActions(_ invoice: Invoice, _ session: WebSession, _ t: Language, _ formats: Formats,
                           writeOffLimit: Decimal?) -> [ActionForm] {
        guard invoice.kind == .invoice, Services.mayCorrect(invoice, by: session.caller.principal) else { return [] }
        let base = "/invoices/\(invoice.id)"
        let pricing = invoice.pricing
        func number(_ value: Decimal, scale: Int) -> String { formats.number(value, scale: scale) }
        func reason(_ key: String) -> ActionForm.Field {
            .init(id: "\(key)-reason", name: "reason", label: t.text("reason"), value: "", inputmode: nil, type: nil)
        }
        var actions: [ActionForm] = []
        if Invoice.allows(.credit, from: invoice.state) && invoice.amountLeftToCredit > 0 {
            let lines: [ActionForm.Field] = pricing.lines.compactMap { line in
                let left = line.fields.quantity - invoice.creditedQuantity(of: line.id)
                guard left > 0 else { return nil }
                let name = line.productName ?? line.fields.writeInName ?? ""
                return .init(id: "credit-\(line.id)", name: "quantity-\(line.id)",
                             label: t.text("invoice_creditQuantity", name, formats.number(left, scale: 0)), value: "", inputmode: "decimal", type: nil)
            }
            if !lines.isEmpty {
                actions.append(ActionForm(key: "credit-lines", action: "\(base)/credit-lines", label: t.text("invoice_creditLines"),
                                          confirm: t.text("confirmCredit"), fields: lines + [reason("credit-lines")]))
            }
            let rates = pricing.totals.taxSummary.compactMap(\.rate)
            actions.append(ActionForm(key: "credit-amount", action: "\(base)/credit-amount", label: t.text("invoice_creditAmount"),
                                      confirm: t.text("confirmCredit"), fields: [
                .init(id: "credit-amount", name: "amount", label: t.text("invoice_amountExcludingTax"), value: "", inputmode: "decimal", type: nil),
                .init(id: "credit-rate", name: "taxRate", label: t.text("field_taxRate"), value: "", inputmode: nil, type: nil,
                      choices: rates.map { .init(value: "\($0)", label: "\(formats.number($0, scale: 0)) %", selected: $0 == rates.first) },
                      select: true),
                reason("credit-amount"),
            ]))
        }
        if Invoice.allows(.refund, from: invoice.state) && invoice.balance < 0 {
            actions.append(ActionForm(key: "refund", action: "\(base)/refunds", label: t.text("invoice_refund"), fields: [
                .init(id: "refund-amount", name: "amount", label: t.text("field_amount"),
                      value: number(-invoice.balance, scale: pricing.currencyPrecision), inputmode: "decimal", type: nil),
                .init(id: "refund-date", name: "date", label: t.text("field_date"), value: "", inputmode: nil, type: "date"),
                Self.methodField("refund-method", t),
                .init(id: "refund-reference", name: "reference", label: t.text("field_reference"), value: "", inputmode: nil, type: nil),
            ]))
        }
        if Invoice.allows(.writeOff, from: invoice.state), invoice.balance != 0, let limit = writeOffLimit,
           abs(pricing.toBase(invoice.balance)) <= limit {
            actions.append(ActionForm(key: "write-off", action: "\(base)/write-off",
                                      label: t.text("invoice_writeOff", formats.money(invoice.balance, pricing.currency, scale: pricing.currencyPrecision)),
                                      confirm: t.text("confirmWriteOff"), fields: [reason("write-off")]))
        }
        if Invoice.allows(.reversePayment, from: invoice.state) {
            for payment in invoice.payments where payment.reversal == nil {
                let label = t.text("invoice_reversePayment", formats.money(payment.amount, pricing.currency, scale: pricing.currencyPrecision),
                                   formats.day(payment.date))
                actions.append(ActionForm(key: "reverse-\(payment.id)", action: "\(base)/payments/\(payment.id)/reverse", label: label,
                                          style: "danger", confirm: t.text("confirmReverse"), fields: [reason("reverse-\(payment.id)")]))
            }
        }
        return actions
    }

    /// Payments (a reversed one says so and why), refunds and write-offs, by day.
    func settlementRows(_ invoice: Invoice, _ t: Language, _ formats: Formats) -> [DocumentModel.PaymentRow] {
        let pricing = invoice.pricing
        func money(_ value: Decimal) -> String { formats.money(value, pricing.currency, scale: pricing.currencyPrecision) }
        var rows: [(Day, DocumentModel.PaymentRow)] = []
        for payment in invoice.payments {
            var note = payment.method.map { t.label("paymentMethod", $0.rawValue) }
            if let reversal = payment.reversal {
                note = t.text("invoice_reversed", formats.day(reversal.date), reversal.reason)
            }
            rows.append((payment.date, .init(date: formats.day(payment.date), amount: money(payment.amount), reference: payment.reference, note: note)))
        }
        for refund in invoice.refunds {
            rows.append((refund.date, .init(date: formats.day(refund.date), amount: money(-refund.amount), reference: refund.reference,
                                            note: t.text("invoice_refunded"))))
        }
        for writeOff in invoice.writeOffs {
            rows.append((writeOff.date, .init(date: formats.day(writeOff.date), amount: money(writeOff.amount), reference: writeOff.reason,
                                              note: t.text("invoice_writtenOff"))))
        }
        return rows.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element.1)
    }
}
