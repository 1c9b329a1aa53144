import Foundation

public enum OpportunityState: String, Codable, Sendable, CaseIterable { case open, won, lost }

public enum OpportunityStatus: String, Codable, Sendable, CaseIterable { case inProgress, onHold, won, canceled, outSold }

public enum OpportunityAction: String, Sendable, CaseIterable {
    case update, changeStatus, editLines, win, lose, reopen, generateQuote, delete, moveStage
}

public struct Opportunity: PricedDocument {
    public static let recordType = "opportunity"
    public static let editAction = OpportunityAction.editLines
    public static let transitions: [OpportunityAction: Set<OpportunityState>] = [
        .update: [.open], .changeStatus: [.open], .editLines: [.open], .win: [.open], .lose: [.open],
        .reopen: [.won, .lost], .generateQuote: [.open], .delete: [.open], .moveStage: [.open],
    ]
    public static let statuses: [OpportunityState: [OpportunityStatus]] = [
        .open: [.inProgress, .onHold], .won: [.won], .lost: [.canceled, .outSold],
    ]

    public var id: ID<Opportunity>
    public var info: RecordInfo
    public var fields: OpportunityFields
    public var originatingLeadId: ID<Lead>?
    public var pricing: Pricing
    public private(set) var state: OpportunityState = .open
    public private(set) var status: OpportunityStatus = .inProgress
    /// Why the opportunity was lost, from the organisation's list; nil when not said.
    public private(set) var reason: LostReason?
    public private(set) var actualRevenue: Decimal?
    public private(set) var actualCloseDate: Day?
    /// Where the opportunity stands in its sales process; nil when no process applies.
    public var process: ProcessPosition?

    public init(id: ID<Opportunity>, info: RecordInfo, fields: OpportunityFields, pricing: Pricing,
                originatingLeadId: ID<Lead>? = nil) throws(DomainError) {
        try fields.validate()
        self.id = id
        self.info = info
        self.fields = fields
        self.pricing = pricing
        self.originatingLeadId = originatingLeadId
        didRecalculate()
    }

    /// Estimated revenue: the pre-freight amount (no tax, no freight) unless typed.
    public var estimatedRevenue: Decimal {
        fields.revenueMode == .systemCalculated ? pricing.totals.preFreightAmount : (fields.estimatedRevenue ?? 0)
    }

    public var estimatedRevenueBase: Decimal { pricing.toBase(estimatedRevenue) }

    public mutating func didRecalculate() {
        if fields.revenueMode == .systemCalculated { fields.estimatedRevenue = pricing.totals.preFreightAmount }
    }

    public mutating func update(_ newFields: OpportunityFields) throws(DomainError) {
        try ensure(.update)
        try newFields.validate()
        fields = newFields
        didRecalculate()
    }

    /// Moves an open opportunity between `inProgress` and `onHold`.
    public mutating func changeStatus(to newStatus: OpportunityStatus) throws(DomainError) {
        try ensure(.changeStatus)
        guard Self.isValid(state: .open, status: newStatus) else {
            throw .invalid("status", "invalid_status", "an open opportunity's status is inProgress or onHold; use win or lose")
        }
        status = newStatus
    }

    /// Refuses to close while quotes are still draft or active, unless they are to be closed too.
    private func checkQuotes(_ openQuotes: [ID<Quote>], closeQuotes: Bool) throws(DomainError) {
        if !openQuotes.isEmpty && !closeQuotes {
            throw .conflict(code: "open_quotes", message: "the opportunity still has draft or active quotes; close them or send closeQuotes: true",
                            related: openQuotes.map(\.description))
        }
    }

    public mutating func win(actualRevenue revenue: Decimal?, closeDate: Day, openQuotes: [ID<Quote>], closeQuotes: Bool) throws(DomainError) {
        try ensure(.win)
        var check = Validator()
        check.amount(revenue, "actualRevenue", scale: 4)
        try check.check()
        try checkQuotes(openQuotes, closeQuotes: closeQuotes)
        state = .won
        status = .won
        actualRevenue = revenue ?? estimatedRevenue
        actualCloseDate = closeDate
        fields.forecastCategory = .won
    }

    public mutating func lose(as status: OpportunityStatus, reason: LostReason? = nil, closeDate: Day, openQuotes: [ID<Quote>],
                              closeQuotes: Bool) throws(DomainError) {
        try ensure(.lose)
        guard Self.isValid(state: .lost, status: status) else {
            throw .invalid("status", "invalid_status", "status must be canceled or outSold")
        }
        try checkQuotes(openQuotes, closeQuotes: closeQuotes)
        state = .lost
        self.status = status
        self.reason = reason
        actualRevenue = 0
        actualCloseDate = closeDate
        fields.forecastCategory = .lost
    }

    public mutating func reopen() throws(DomainError) {
        try ensure(.reopen)
        state = .open
        status = .inProgress
        reason = nil
        actualRevenue = nil
        actualCloseDate = nil
        fields.forecastCategory = .pipeline
    }

    /// Puts the opportunity on `position` of `process`; the stage's probability applies unless one was typed.
    public mutating func enter(_ position: ProcessPosition, of process: SalesProcess) {
        self.process = position
        if fields.probability == nil { fields.probability = process.stage(position.stage)?.probability }
    }

    /// Moves to another stage of its process (gated by the required steps when moving forward);
    /// the stage's probability becomes the opportunity's.
    public mutating func moveStage(to target: String, in definition: SalesProcess) throws(DomainError) {
        try ensure(.moveStage)
        guard var position = process, position.processId == definition.id else {
            throw .invalid("stage", "no_process", "the opportunity follows no sales process")
        }
        try definition.move(&position, to: target, filled: StepFields.filled(fields))
        guard position != process else { return }
        process = position
        if let probability = definition.stage(target)?.probability { fields.probability = probability }
    }
}
