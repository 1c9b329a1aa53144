import Foundation

/// An opportunity, quote, order or invoice: a record with priced lines whose totals follow §7.
public protocol PricedDocument: LifecycleRecord {
    var pricing: Pricing { get set }
    /// The action that guards edits of lines and header amounts.
    static var editAction: Action { get }
    /// Refuses a line this document may not hold (orders refuse write-ins while prices are locked).
    func admit(_ line: DocumentLine) throws(DomainError)
    /// Called after every recalculation (opportunities follow their revenue).
    mutating func didRecalculate()
}

extension PricedDocument {
    public func admit(_ line: DocumentLine) throws(DomainError) {}
    public mutating func didRecalculate() {}

    public mutating func addLine(_ line: DocumentLine, _ context: AmountsContext) throws(DomainError) {
        try ensure(Self.editAction)
        try admit(line)
        try reprice(context) { $0.lines.append(line) }
    }

    public mutating func replaceLine(_ line: DocumentLine, _ context: AmountsContext) throws(DomainError) {
        try ensure(Self.editAction)
        try admit(line)
        let index = try pricing.lineIndex(line.id)
        try reprice(context) { $0.lines[index] = line }
    }

    public mutating func removeLine(_ id: ID<DocumentLine>, _ context: AmountsContext) throws(DomainError) {
        try ensure(Self.editAction)
        let index = try pricing.lineIndex(id)
        try reprice(context) { $0.lines.remove(at: index) }
    }

    public mutating func setPricingFields(_ fields: PricingFields, _ context: AmountsContext) throws(DomainError) {
        try ensure(Self.editAction)
        if fields.priceListId != pricing.fields.priceListId, !pricing.lines.isEmpty {
            throw .invalid("priceListId", "lines_exist", "the price list cannot change while the document has lines")
        }
        try reprice(context) { $0.fields = fields }
    }

    /// Changes the currency, freezing `exchangeRate`; only while there are no lines.
    public mutating func setCurrency(_ currency: Currency, _ context: AmountsContext) throws(DomainError) {
        try ensure(Self.editAction)
        guard currency.code != pricing.currency else { return }
        guard pricing.lines.isEmpty else {
            throw .invalid("currency", "lines_exist", "the currency cannot change while the document has lines")
        }
        try reprice(context) {
            $0.currency = currency.code
            $0.exchangeRate = currency.exchangeRate
        }
    }

    /// Applies `change` to a copy of the pricing, recalculates, and keeps the result only if valid.
    public mutating func reprice(_ context: AmountsContext, _ change: (inout Pricing) -> Void = { _ in }) throws(DomainError) {
        var next = pricing
        change(&next)
        try next.recalculate(context)
        pricing = next
        didRecalculate()
    }
}
