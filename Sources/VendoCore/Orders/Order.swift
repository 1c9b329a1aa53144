import Foundation

public enum OrderState: String, Codable, Sendable, CaseIterable { case active, submitted, canceled, fulfilled, invoiced }

public enum OrderStatus: String, Codable, Sendable, CaseIterable {
    case new, pending, inProgress, noMoney, complete, partial, invoiced
}

public enum OrderAction: String, Sendable, CaseIterable {
    case update, changeStatus, editLines, fulfill, cancel, lockPricing, useCurrentPricing, createInvoice, delete
}

public struct OrderFields: Codable, Sendable, Equatable {
    /// The organisation's own fields, by key (`CustomFieldDefinition`); nil for none.
    public var customFields: CustomValues?
    public var name: String
    public var contactId: ID<Contact>?
    public var requestedDeliveryDate: Day?
    public var description: String?

    public init(name: String, contactId: ID<Contact>? = nil) {
        self.name = name
        self.contactId = contactId
    }

    public func validate() throws(DomainError) {
        var check = Validator()
        check.require(name, "name", maxLength: 300)
        check.text(description, "description", maxLength: 10000)
        try check.check()
    }
}

public struct Order: PricedDocument {
    public static let recordType = "order"
    public static let editAction = OrderAction.editLines
    public static let transitions: [OrderAction: Set<OrderState>] = [
        .update: [.active], .changeStatus: [.active], .editLines: [.active], .fulfill: [.active], .cancel: [.active],
        .lockPricing: [.active], .useCurrentPricing: [.active], .createInvoice: [.active, .fulfilled], .delete: [.active],
    ]
    public static let statuses: [OrderState: [OrderStatus]] = [
        .active: [.new, .pending], .submitted: [.inProgress], .canceled: [.noMoney],
        .fulfilled: [.complete, .partial], .invoiced: [.invoiced],
    ]

    public var id: ID<Order>
    public var info: RecordInfo
    public let number: String
    public var quoteId: ID<Quote>?
    public var opportunityId: ID<Opportunity>?
    public var customer: Customer
    public var fields: OrderFields
    public var pricing: Pricing
    /// Locked prices are kept whatever the catalog does; only the volume discount follows the quantity.
    public private(set) var pricesLocked: Bool
    public internal(set) var state: OrderState = .active
    public internal(set) var status: OrderStatus = .new
    /// The state to return to when an invoice gives its quantities back.
    public internal(set) var stateBeforeInvoiced: OrderState?
    public internal(set) var statusBeforeInvoiced: OrderStatus?
    /// The live invoice that carries the order's fixed discount amount and freight.
    public internal(set) var chargesInvoiceId: ID<Invoice>?

    public init(id: ID<Order>, info: RecordInfo, number: String, quoteId: ID<Quote>? = nil, opportunityId: ID<Opportunity>? = nil,
                customer: Customer, fields: OrderFields, pricing: Pricing, pricesLocked: Bool) throws(DomainError) {
        try fields.validate()
        self.id = id
        self.info = info
        self.number = number
        self.quoteId = quoteId
        self.opportunityId = opportunityId
        self.customer = customer
        self.fields = fields
        self.pricing = pricing
        self.pricesLocked = pricesLocked
    }

    public func admit(_ line: DocumentLine) throws(DomainError) {
        if pricesLocked && line.isWriteIn {
            throw .invalid("writeInName", "prices_locked", "write-in lines need unlocked prices (use current pricing first)")
        }
        if let existing = pricing.lines.first(where: { $0.id == line.id }), line.fields.quantity < existing.invoiced.quantity {
            throw .invalid("quantity", "below_invoiced", "the quantity cannot go below the \(existing.invoiced.quantity) already invoiced")
        }
    }

    public var hasInvoicedLines: Bool { pricing.lines.contains { $0.invoiced.quantity > 0 } }

    public mutating func update(_ newFields: OrderFields) throws(DomainError) {
        try ensure(.update)
        try newFields.validate()
        fields = newFields
    }

    public mutating func changeStatus(to newStatus: OrderStatus) throws(DomainError) {
        try ensure(.changeStatus)
        guard Self.isValid(state: .active, status: newStatus) else {
            throw .invalid("status", "invalid_status", "an active order's status is new or pending")
        }
        status = newStatus
    }

    public mutating func fulfill(as reason: OrderStatus) throws(DomainError) {
        try ensure(.fulfill)
        guard Self.isValid(state: .fulfilled, status: reason) else {
            throw .invalid("status", "invalid_status", "an order is fulfilled as complete or partial")
        }
        state = .fulfilled
        status = reason
    }

    public mutating func cancel() throws(DomainError) {
        try ensure(.cancel)
        if hasInvoicedLines {
            throw .conflict(code: "order_invoiced", message: "cancel the order's invoices before canceling the order", related: [])
        }
        state = .canceled
        status = .noMoney
    }

    public mutating func lockPricing() throws(DomainError) {
        try ensure(.lockPricing)
        pricesLocked = true
    }

    /// Unlocks prices; the caller then reprices catalog lines from the price list in force.
    public mutating func unlockPricing() throws(DomainError) {
        try ensure(.useCurrentPricing)
        pricesLocked = false
    }

    public func ensureDeletable() throws(DomainError) {
        try ensure(.delete)
        if hasInvoicedLines {
            throw .conflict(code: "order_invoiced", message: "an order with invoices cannot be deleted", related: [])
        }
    }
}
