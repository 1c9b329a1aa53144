import Foundation

/// What a partial credit note takes back: quantities of chosen lines, or an amount (tax
/// excluded) at one of the invoice's tax rates, a commercial gesture.
public enum CreditRequest: Sendable, Equatable {
    case lines([CreditedLine])
    case amount(Decimal, taxRate: Decimal)
}

extension Invoice {
    /// How much of a line earlier credit notes took back.
    public func creditedQuantity(of lineId: ID<DocumentLine>) -> Decimal {
        credits.reduce(0) { sum, credit in
            sum + credit.lines.reduce(0) { $0 + ($1.invoiceLineId == lineId ? $1.quantity : 0) }
        }
    }

    /// What credit notes may still take, tax included.
    public var amountLeftToCredit: Decimal {
        kind == .invoice && state != .draft && status != .canceled ? pricing.totals.totalAmount - amountCredited : 0
    }

    /// Credits part of this issued invoice, paid or not, and returns the credit note numbered
    /// `number`. `label` names the line of an amount's credit when no reason is given.
    public mutating func credit(_ request: CreditRequest, reason: String?, label: String, noteId: ID<Invoice>, info: RecordInfo,
                                number: String, at date: Date, context: AmountsContext,
                                lineIds: () -> ID<DocumentLine>) throws(DomainError) -> Invoice {
        try ensureAction(.credit)
        var check = Validator()
        check.text(reason, "reason", maxLength: 1000)
        try check.check()
        if amountLeftToCredit <= 0 {
            throw .conflict(code: "nothing_to_credit", message: "the invoice is credited in full already", related: [])
        }
        let reason = reason?.trimmingWhitespace()
        let notePricing: Pricing
        let field: String
        switch request {
        case .lines(let requests):
            try checkCredited(requests)
            notePricing = try linesCredit(requests, context: context, lineIds: lineIds)
            field = "lines"
        case .amount(let net, let rate):
            notePricing = try amountCredit(net, rate: rate, label: reason ?? label, context: context, lineId: lineIds())
            field = "amount"
        }
        let total = -notePricing.totals.totalAmount
        if total > amountLeftToCredit {
            throw .invalid(field, "exceeds_remaining",
                           "only \(amountLeftToCredit.text(scale: pricing.currencyPrecision)) is left to credit on this invoice")
        }
        for entry in notePricing.totals.taxSummary {
            let invoiced = pricing.totals.taxSummary.first { $0.rate == entry.rate }?.base ?? 0
            let credited = credits.reduce(Decimal(0)) { sum, credit in sum + (credit.taxSummary.first { $0.rate == entry.rate }?.base ?? 0) }
            if credited - entry.base > invoiced {
                let rate = entry.rate.map { "\($0) %" } ?? "typed tax"
                throw .invalid(field, "exceeds_remaining",
                               "only \((invoiced - credited).text(scale: pricing.currencyPrecision)) of taxable amount at \(rate) is left to credit")
            }
        }
        var note = creditNote(id: noteId, info: info, number: number, at: date)
        note.pricing = notePricing
        note.creditReason = reason
        if let reason { note.fields.description = reason }
        let lines: [CreditedLine]
        if case .lines(let requests) = request { lines = requests } else { lines = [] }
        let summary = notePricing.totals.taxSummary.map { TaxSummaryEntry(rate: $0.rate, base: -$0.base, tax: -$0.tax) }
        creditRecords = credits + [InvoiceCredit(creditNoteId: noteId, number: number, date: Day(date), amount: total,
                                                 taxSummary: summary, lines: lines)]
        settle()
        return note
    }

    private func checkCredited(_ requests: [CreditedLine]) throws(DomainError) {
        var check = Validator()
        if requests.isEmpty { check.add("lines", "required", "name at least one invoice line to credit") }
        for (index, request) in requests.enumerated() {
            let path = "lines[\(index)]."
            guard let line = pricing.lines.first(where: { $0.id == request.invoiceLineId }) else {
                check.add(path + "invoiceLineId", "unknown_line", "the invoice has no line \(request.invoiceLineId)")
                continue
            }
            check.amount(request.quantity, path + "quantity", scale: 4, allowZero: false)
            let left = line.fields.quantity - creditedQuantity(of: line.id)
            if request.quantity > left {
                check.add(path + "quantity", "exceeds_remaining", "only \(left) of this line is left to credit")
            }
            if requests[..<index].contains(where: { $0.invoiceLineId == request.invoiceLineId }) {
                check.add(path + "invoiceLineId", "duplicate", "the line is named twice")
            }
        }
        try check.check()
    }

    /// The invoice as it stands with each line at the quantity left after the credits so far
    /// and `more`: its manual discounts, typed taxes and fixed discount shrink in proportion.
    /// Crediting is the difference between two of these, so that the credit notes of every
    /// line add up exactly to the invoice.
    private func remaining(after more: [CreditedLine], context: AmountsContext) throws(DomainError) -> Pricing {
        let precision = pricing.currencyPrecision
        var left: [ID<DocumentLine>: Decimal] = [:]
        for line in pricing.lines {
            let taken = creditedQuantity(of: line.id) + more.reduce(0) { $0 + ($1.invoiceLineId == line.id ? $1.quantity : 0) }
            left[line.id] = line.fields.quantity - taken
        }
        if pricing.lines.allSatisfy({ left[$0.id] == $0.fields.quantity }) { return pricing }
        var copy = pricing
        copy.lines = pricing.lines.compactMap { line in
            guard let quantity = left[line.id], quantity > 0 else { return nil }
            var part = line
            let whole = line.fields.quantity
            part.fields.quantity = quantity
            if context.discountMethod == .lineItem {
                part.fields.manualDiscount = (line.fields.manualDiscount * quantity / whole).rounded(scale: precision)
            }
            if let typed = line.fields.tax { part.fields.tax = (typed * quantity / whole).rounded(scale: precision) }
            return part
        }
        copy.fields.discountAmount = 0
        try copy.recalculate(context)
        if pricing.fields.discountAmount != 0, pricing.totals.detailAmount != 0 {
            copy.fields.discountAmount = (pricing.fields.discountAmount * copy.totals.detailAmount / pricing.totals.detailAmount)
                .rounded(scale: precision)
            try copy.recalculate(context)
        }
        return copy
    }

    private func linesCredit(_ requests: [CreditedLine], context: AmountsContext,
                             lineIds: () -> ID<DocumentLine>) throws(DomainError) -> Pricing {
        let before = try remaining(after: [], context: context)
        let after = try remaining(after: requests, context: context)
        var note = pricing
        note.fields = PricingFields(priceListId: pricing.fields.priceListId, discountPercent: pricing.fields.discountPercent,
                                    discountAmount: after.fields.discountAmount - before.fields.discountAmount)
        note.lines = []
        for request in requests {
            guard let was = before.lines.first(where: { $0.id == request.invoiceLineId }),
                  let original = pricing.lines.first(where: { $0.id == request.invoiceLineId }) else { continue }
            let now = after.lines.first { $0.id == request.invoiceLineId }
            func gone(_ path: KeyPath<DocumentLine, Decimal>) -> Decimal { was[keyPath: path] - (now?[keyPath: path] ?? 0) }
            var line = was.copied(as: lineIds())
            line.taxTreatment = original.taxTreatment
            line.fields.quantity = request.quantity
            let discount = context.discountMethod == .lineItem ? was.fields.manualDiscount - (now?.fields.manualDiscount ?? 0) : 0
            if context.discountMethod == .lineItem { line.fields.manualDiscount = discount }
            let typed = was.fields.tax.map { $0 - (now?.fields.tax ?? 0) }
            line.fields.tax = typed
            line.amount = -gone(\.amount)
            line.manualDiscountAmount = -gone(\.manualDiscountAmount)
            line.netAmount = -gone(\.netAmount)
            line.tax = -gone(\.tax)
            line.extendedAmount = -gone(\.extendedAmount)
            // What the invoice line had taken from its order goes back with it.
            if original.invoiced.quantity > 0 {
                line.invoiced.quantity = request.quantity
                line.invoiced.manualDiscount = discount
                line.invoiced.typedTax = typed ?? 0
            }
            note.lines.append(line)
        }
        var totals = DocumentTotals()
        totals.detailAmount = after.totals.detailAmount - before.totals.detailAmount
        totals.discountPercentAmount = after.totals.discountPercentAmount - before.totals.discountPercentAmount
        totals.preFreightAmount = after.totals.preFreightAmount - before.totals.preFreightAmount
        totals.totalTax = after.totals.totalTax - before.totals.totalTax
        totals.totalAmount = after.totals.totalAmount - before.totals.totalAmount
        totals.totalDiscount = after.totals.totalDiscount - before.totals.totalDiscount
        var summary: [TaxSummaryEntry] = []
        for entry in before.totals.taxSummary {
            let kept = after.totals.taxSummary.first { $0.rate == entry.rate }
            let base = (kept?.base ?? 0) - entry.base, tax = (kept?.tax ?? 0) - entry.tax
            if base != 0 || tax != 0 { summary.append(TaxSummaryEntry(rate: entry.rate, base: base, tax: tax)) }
        }
        totals.taxSummary = summary
        // Under per-rate rounding, crediting a line may move a cent of its rate's tax between
        // the other lines and the freight, which the credit note does not carry: the note's
        // lines of each rate take the whole change of that rate's tax.
        for entry in summary {
            guard let index = note.lines.firstIndex(where: { $0.taxRate == entry.rate && entry.rate != nil }) else { continue }
            let carried = note.lines.reduce(Decimal(0)) { $0 + ($1.taxRate == entry.rate ? $1.tax : 0) }
            note.lines[index].tax += entry.tax - carried
            note.lines[index].extendedAmount += entry.tax - carried
        }
        note.totals = totals
        note.totals.base = baseTotals(of: totals, in: note)
        return note
    }

    private func amountCredit(_ net: Decimal, rate: Decimal, label: String, context: AmountsContext,
                              lineId: ID<DocumentLine>) throws(DomainError) -> Pricing {
        let precision = pricing.currencyPrecision
        var check = Validator()
        check.amount(net, "amount", scale: precision, allowZero: false)
        let rates = pricing.totals.taxSummary.compactMap(\.rate)
        if !rates.contains(rate) {
            check.add("taxRate", "unknown_rate",
                      "the invoice has no tax at \(rate) %; its rates are " + rates.map { "\($0) %" }.joined(separator: ", "))
        }
        try check.check()
        let tax = (net * rate / 100).rounded(scale: precision)
        var line = try DocumentLine(id: lineId, fields: LineFields(writeInName: String(label.prefix(200)), quantity: 1, pricePerUnit: net, taxRate: rate),
                                    pricing: LinePricing(productName: String(label.prefix(200))), pricingPrecision: max(precision, context.pricingPrecision),
                                    priceListRequired: false)
        line.taxTreatment = pricing.lines.first { $0.taxRate == rate }?.taxTreatment
            ?? ((pricing.fields.freightTaxRate ?? 0) == rate ? freightTaxTreatment : nil)
        line.amount = -net
        line.netAmount = -net
        line.tax = -tax
        line.extendedAmount = -(net + tax)
        var note = pricing
        note.fields = PricingFields(priceListId: pricing.fields.priceListId)
        note.lines = [line]
        var totals = DocumentTotals()
        totals.detailAmount = -net
        totals.preFreightAmount = -net
        totals.totalTax = -tax
        totals.totalAmount = -(net + tax)
        totals.taxSummary = [TaxSummaryEntry(rate: rate, base: -net, tax: -tax)]
        note.totals = totals
        note.totals.base = baseTotals(of: totals, in: note)
        return note
    }

    private func baseTotals(of totals: DocumentTotals, in note: Pricing) -> BaseTotals {
        var base = BaseTotals()
        base.detailAmount = note.toBase(totals.detailAmount)
        base.preFreightAmount = note.toBase(totals.preFreightAmount)
        base.totalTax = note.toBase(totals.totalTax)
        base.totalAmount = note.toBase(totals.totalAmount)
        base.totalDiscount = note.toBase(totals.totalDiscount)
        return base
    }
}
