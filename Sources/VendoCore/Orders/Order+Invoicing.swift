import Foundation

/// One order line and how much of it an invoice should take.
public struct InvoiceRequestLine: Codable, Sendable, Equatable {
    public var orderLineId: ID<DocumentLine>
    public var quantity: Decimal

    public init(orderLineId: ID<DocumentLine>, quantity: Decimal) {
        self.orderLineId = orderLineId
        self.quantity = quantity
    }
}

extension Order {
    /// Takes quantities for a new invoice and returns its lines. Without `requests`, every
    /// quantity not invoiced yet is taken. Each line's manual discount and typed tax are shared
    /// so that the invoices of a line add up to exactly the line's.
    public mutating func takeForInvoice(_ requests: [InvoiceRequestLine]?, invoiceId: ID<Invoice>, context: AmountsContext,
                                        lineIds: () -> ID<DocumentLine>) throws(DomainError) -> (lines: [DocumentLine], pricing: PricingFields) {
        try ensure(.createInvoice)
        let wanted: [InvoiceRequestLine]
        if let requests {
            var check = Validator()
            if requests.isEmpty { check.add("lines", "required", "name at least one order line to invoice") }
            for (index, request) in requests.enumerated() {
                let path = "lines[\(index)]."
                guard let line = pricing.lines.first(where: { $0.id == request.orderLineId }) else {
                    check.add(path + "orderLineId", "unknown_line", "the order has no line \(request.orderLineId)")
                    continue
                }
                check.amount(request.quantity, path + "quantity", scale: 4, allowZero: false)
                if request.quantity > line.fields.quantity - line.invoiced.quantity {
                    check.add(path + "quantity", "exceeds_remaining",
                              "only \(line.fields.quantity - line.invoiced.quantity) of this line is left to invoice")
                }
                if requests[..<index].contains(where: { $0.orderLineId == request.orderLineId }) {
                    check.add(path + "orderLineId", "duplicate", "the line is named twice")
                }
            }
            try check.check()
            wanted = requests
        } else {
            wanted = pricing.lines.compactMap { line in
                let left = line.fields.quantity - line.invoiced.quantity
                return left > 0 ? InvoiceRequestLine(orderLineId: line.id, quantity: left) : nil
            }
            if wanted.isEmpty {
                throw .conflict(code: "nothing_to_invoice", message: "every line of the order is invoiced already", related: [])
            }
        }
        var invoiceLines: [DocumentLine] = []
        for request in wanted {
            guard let index = pricing.lines.firstIndex(where: { $0.id == request.orderLineId }) else { continue }
            invoiceLines.append(share(of: index, quantity: request.quantity, context: context, newId: lineIds()))
        }
        var charges = pricing.fields
        if chargesInvoiceId == nil {
            chargesInvoiceId = invoiceId
        } else {
            charges.discountAmount = 0
            charges.freightAmount = 0
        }
        if pricing.lines.allSatisfy({ $0.invoiced.quantity >= $0.fields.quantity }) {
            stateBeforeInvoiced = state
            statusBeforeInvoiced = status
            state = .invoiced
            status = .invoiced
        }
        return (invoiceLines, charges)
    }

    private mutating func share(of index: Int, quantity: Decimal, context: AmountsContext, newId: ID<DocumentLine>) -> DocumentLine {
        var line = pricing.lines[index]
        let whole = line.fields.quantity
        let takesRest = line.invoiced.quantity + quantity == whole
        func part(_ total: Decimal, alreadyTaken: Decimal) -> Decimal {
            takesRest ? total - alreadyTaken : (total * quantity / whole).rounded(scale: context.currencyPrecision)
        }
        var copy = line.copied(as: newId)
        copy.fields.quantity = quantity
        copy.invoiced.quantity = quantity
        if context.discountMethod == .lineItem {
            let discount = part(line.fields.manualDiscount, alreadyTaken: line.invoiced.manualDiscount)
            copy.fields.manualDiscount = discount
            copy.invoiced.manualDiscount = discount
        }
        if let typed = line.fields.tax {
            let tax = part(typed, alreadyTaken: line.invoiced.typedTax)
            copy.fields.tax = tax
            copy.invoiced.typedTax = tax
        }
        line.invoiced.quantity += copy.invoiced.quantity
        line.invoiced.manualDiscount += copy.invoiced.manualDiscount
        line.invoiced.typedTax += copy.invoiced.typedTax
        pricing.lines[index] = line
        return copy
    }

    /// Gives back what a canceled or credited invoice held; an invoiced order returns to the
    /// state it had before.
    public mutating func giveBack(_ invoice: Invoice) {
        for invoiceLine in invoice.pricing.lines {
            guard let source = invoiceLine.sourceLineId else { continue }
            giveBack(invoiceLine.invoiced, to: source)
        }
        if chargesInvoiceId == invoice.id { chargesInvoiceId = nil }
        reopenFromInvoiced()
    }

    /// Gives back what a partial credit note took from the invoice's lines: the order may
    /// invoice those quantities again. The charges stay with the invoice.
    public mutating func giveBack(credited note: Invoice, of invoice: Invoice) {
        var gave = false
        for noteLine in note.pricing.lines where noteLine.invoiced.quantity > 0 {
            guard let invoiceLine = invoice.pricing.lines.first(where: { $0.id == noteLine.sourceLineId }),
                  let source = invoiceLine.sourceLineId else { continue }
            giveBack(noteLine.invoiced, to: source)
            gave = true
        }
        if gave { reopenFromInvoiced() }
    }

    private mutating func giveBack(_ share: InvoicedShare, to lineId: ID<DocumentLine>) {
        guard let index = pricing.lines.firstIndex(where: { $0.id == lineId }) else { return }
        pricing.lines[index].invoiced.quantity -= share.quantity
        pricing.lines[index].invoiced.manualDiscount -= share.manualDiscount
        pricing.lines[index].invoiced.typedTax -= share.typedTax
    }

    private mutating func reopenFromInvoiced() {
        if state == .invoiced {
            state = stateBeforeInvoiced ?? .active
            status = statusBeforeInvoiced ?? .new
            stateBeforeInvoiced = nil
            statusBeforeInvoiced = nil
        }
    }
}
