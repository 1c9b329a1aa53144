import Foundation

public enum QuoteState: String, Codable, Sendable, CaseIterable { case draft, active, won, closed }

public enum QuoteStatus: String, Codable, Sendable, CaseIterable { case inProgress, open, won, lost, canceled, revised }

public enum QuoteAction: String, Sendable, CaseIterable {
    case update, editLines, activate, revise, close, win, convertToOrder, delete
}

public struct QuoteFields: Codable, Sendable, Equatable {
    /// The organisation's own fields, by key (`CustomFieldDefinition`); nil for none.
    public var customFields: CustomValues?
    public var name: String
    public var contactId: ID<Contact>?
    public var validUntil: Day?
    public var paymentTerms: String?
    public var description: String?

    public init(name: String, contactId: ID<Contact>? = nil, validUntil: Day? = nil) {
        self.name = name
        self.contactId = contactId
        self.validUntil = validUntil
    }

    public func validate() throws(DomainError) {
        var check = Validator()
        check.require(name, "name", maxLength: 300)
        check.text(paymentTerms, "paymentTerms", maxLength: 1000)
        check.text(description, "description", maxLength: 10000)
        try check.check()
    }
}

public struct Quote: PricedDocument {
    public static let recordType = "quote"
    public static let editAction = QuoteAction.editLines
    public static let transitions: [QuoteAction: Set<QuoteState>] = [
        .update: [.draft], .editLines: [.draft], .activate: [.draft], .revise: [.active],
        .close: [.active], .win: [.active], .convertToOrder: [.active, .won], .delete: [.draft],
    ]
    public static let statuses: [QuoteState: [QuoteStatus]] = [
        .draft: [.inProgress], .active: [.inProgress, .open], .won: [.won], .closed: [.lost, .canceled, .revised],
    ]

    public var id: ID<Quote>
    public var info: RecordInfo
    /// Kept by every revision of the quote (`Q-000123`).
    public let number: String
    public let revisionNumber: Int
    public var opportunityId: ID<Opportunity>?
    public var customer: Customer
    public var fields: QuoteFields
    public var pricing: Pricing
    public private(set) var state: QuoteState = .draft
    public private(set) var status: QuoteStatus = .inProgress

    public init(id: ID<Quote>, info: RecordInfo, number: String, revisionNumber: Int = 0, opportunityId: ID<Opportunity>?,
                customer: Customer, fields: QuoteFields, pricing: Pricing) throws(DomainError) {
        try fields.validate()
        self.id = id
        self.info = info
        self.number = number
        self.revisionNumber = revisionNumber
        self.opportunityId = opportunityId
        self.customer = customer
        self.fields = fields
        self.pricing = pricing
    }

    /// Draft or active: still an offer the customer may answer.
    public var isOpen: Bool { state == .draft || state == .active }

    public mutating func update(_ newFields: QuoteFields) throws(DomainError) {
        try ensure(.update)
        try newFields.validate()
        fields = newFields
    }

    public mutating func activate() throws(DomainError) {
        try ensure(.activate)
        state = .active
        status = .inProgress
    }

    /// Closes this quote as revised and returns the new draft: same number, revision + 1,
    /// a deep copy of header and lines.
    public mutating func revise(newId: ID<Quote>, info newInfo: RecordInfo, lineIds: () -> ID<DocumentLine>) throws(DomainError) -> Quote {
        try ensure(.revise)
        var copy = pricing
        copy.lines = pricing.lines.map { $0.copied(as: lineIds()) }
        let next = try Quote(id: newId, info: newInfo, number: number, revisionNumber: revisionNumber + 1,
                             opportunityId: opportunityId, customer: customer, fields: fields, pricing: copy)
        state = .closed
        status = .revised
        return next
    }

    /// Closes an active quote as lost or canceled.
    public mutating func close(as reason: QuoteStatus) throws(DomainError) {
        try ensure(.close)
        guard reason == .lost || reason == .canceled else {
            throw .invalid("status", "invalid_status", "a quote is closed as lost or canceled")
        }
        state = .closed
        status = reason
    }

    /// Closes a draft or active quote as canceled because its opportunity closed.
    public mutating func cancelWithOpportunity() throws(DomainError) {
        guard isOpen else {
            throw .invalidTransition(record: Self.recordType, state: state.rawValue, status: status.rawValue, action: "cancel")
        }
        state = .closed
        status = .canceled
    }

    public mutating func win() throws(DomainError) {
        try ensure(.win)
        state = .won
        status = .won
    }

    /// Wins the quote if needed; the caller creates the order from it.
    public mutating func convertToOrder() throws(DomainError) {
        try ensure(.convertToOrder)
        if state != .won {
            state = .won
            status = .won
        }
    }
}
