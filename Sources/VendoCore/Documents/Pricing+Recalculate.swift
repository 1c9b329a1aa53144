import Foundation

extension Pricing {
    /// Computes every line amount and document total by SALES-PROCESS.md §7. Throws, changing
    /// nothing, when an amount would go below zero or an input breaks a rule.
    public mutating func recalculate(_ context: AmountsContext) throws(DomainError) {
        var work = self
        try work.compute(context)
        self = work
    }

    private mutating func compute(_ context: AmountsContext) throws(DomainError) {
        let precision = context.currencyPrecision
        var check = Validator()
        check.percentage(fields.discountPercent, "discountPercent")
        check.amount(fields.discountAmount, "discountAmount", scale: precision)
        check.amount(fields.freightAmount, "freightAmount", scale: precision)
        check.percentage(fields.freightTaxRate, "freightTaxRate")
        for index in lines.indices {
            check.merge(lines[index].computeAmounts(context), prefix: "lines[\(index)].")
        }
        try check.check()

        var totals = DocumentTotals()
        totals.detailAmount = lines.reduce(0) { $0 + $1.netAmount }
        totals.discountPercentAmount = (totals.detailAmount * fields.discountPercent / 100).rounded(scale: precision)
        let documentDiscount = totals.discountPercentAmount + fields.discountAmount
        totals.preFreightAmount = totals.detailAmount - documentDiscount
        if totals.preFreightAmount < 0 {
            throw .invalid("discountAmount", "exceeds_amount", "the document discounts are larger than the lines' total")
        }

        // The document discount lowers each line's taxable base, shared by net amount.
        let keys = lines.map(\.id.description)
        let shares = LargestRemainder.split(documentDiscount, weights: lines.map(\.netAmount), keys: keys, precision: precision)
        let bases = zip(lines, shares).map { $0.netAmount - $1 }
        totals.freightTax = try computeTaxes(bases: bases, keys: keys, context: context)

        for index in lines.indices {
            lines[index].extendedAmount = lines[index].netAmount + lines[index].tax
        }
        totals.totalTax = lines.reduce(0) { $0 + $1.tax } + totals.freightTax
        totals.totalAmount = totals.preFreightAmount + fields.freightAmount + totals.totalTax
        if totals.totalAmount > Decimal.maximumAmount {
            throw .invalid("lines", "too_large", "the document total is larger than \(Decimal.maximumAmount)")
        }
        totals.totalDiscount = lines.reduce(0) { $0 + $1.manualDiscountAmount } + documentDiscount
        totals.taxSummary = summary(bases: bases, freightTax: totals.freightTax)
        totals.base = baseTotals(totals, context: context)
        if abs(totals.base.totalAmount) > Decimal.maximumAmount || abs(totals.base.detailAmount) > Decimal.maximumAmount {
            throw .invalid("lines", "too_large", "the document total in the base currency is larger than \(Decimal.maximumAmount)")
        }
        self.totals = totals
        basePrecision = context.basePrecision
        currencyPrecision = context.currencyPrecision
    }

    /// Sets each line's tax and returns the freight's.
    private mutating func computeTaxes(bases: [Decimal], keys: [String], context: AmountsContext) throws(DomainError) -> Decimal {
        let precision = context.currencyPrecision
        let freight = fields.freightAmount
        let freightRate = fields.freightTaxRate ?? 0
        for index in lines.indices {
            if let typed = lines[index].fields.tax { lines[index].tax = typed }
        }
        switch context.taxRounding {
        case .perLine:
            for index in lines.indices {
                if let rate = lines[index].taxRate {
                    lines[index].tax = (bases[index] * rate / 100).rounded(scale: precision)
                }
            }
            return (freight * freightRate / 100).rounded(scale: precision)
        case .perRate:
            var freightTax: Decimal = 0
            var groups: [Decimal: [Int]] = [:]
            for index in lines.indices {
                if let rate = lines[index].taxRate { groups[rate, default: []].append(index) }
            }
            if freight > 0 { groups[freightRate, default: []].append(-1) }
            for (rate, members) in groups {
                let memberBases = members.map { $0 < 0 ? freight : bases[$0] }
                let sum = memberBases.reduce(0, +)
                let tax = (sum * rate / 100).rounded(scale: precision)
                let parts = LargestRemainder.split(
                    tax, weights: memberBases, keys: members.map { $0 < 0 ? "freight" : keys[$0] }, precision: precision)
                for (member, part) in zip(members, parts) {
                    if member < 0 { freightTax = part } else { lines[member].tax = part }
                }
            }
            return freightTax
        }
    }

    private func summary(bases: [Decimal], freightTax: Decimal) -> [TaxSummaryEntry] {
        var byRate: [Decimal: TaxSummaryEntry] = [:]
        var typed: TaxSummaryEntry?
        for (line, base) in zip(lines, bases) {
            if let rate = line.taxRate {
                byRate[rate, default: TaxSummaryEntry(rate: rate, base: 0, tax: 0)].base += base
                byRate[rate]?.tax += line.tax
            } else {
                typed = TaxSummaryEntry(rate: nil, base: (typed?.base ?? 0) + base, tax: (typed?.tax ?? 0) + line.tax)
            }
        }
        if fields.freightAmount > 0 {
            let rate = fields.freightTaxRate ?? 0
            byRate[rate, default: TaxSummaryEntry(rate: rate, base: 0, tax: 0)].base += fields.freightAmount
            byRate[rate]?.tax += freightTax
        }
        let sorted = byRate.values.sorted { ($0.rate ?? 0) < ($1.rate ?? 0) }
        return typed.map { sorted + [$0] } ?? sorted
    }

    private func baseTotals(_ totals: DocumentTotals, context: AmountsContext) -> BaseTotals {
        func toBase(_ value: Decimal) -> Decimal { (value / exchangeRate).rounded(scale: context.basePrecision) }
        var base = BaseTotals()
        base.detailAmount = toBase(totals.detailAmount)
        base.preFreightAmount = toBase(totals.preFreightAmount)
        base.freightAmount = toBase(fields.freightAmount)
        base.totalTax = toBase(totals.totalTax)
        base.totalAmount = toBase(totals.totalAmount)
        base.totalDiscount = toBase(totals.totalDiscount)
        return base
    }
}
