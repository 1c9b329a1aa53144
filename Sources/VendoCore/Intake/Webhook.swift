import Foundation

/// What a webhook can be told about.
public enum WebhookEvent: String, Codable, Sendable, CaseIterable {
    case leadCreated = "lead.created", leadQualified = "lead.qualified", leadDisqualified = "lead.disqualified"
    case opportunityWon = "opportunity.won", opportunityLost = "opportunity.lost"
    case quoteActivated = "quote.activated", quoteWon = "quote.won"
    case orderCreated = "order.created", orderFulfilled = "order.fulfilled"
    case invoiceIssued = "invoice.issued", invoicePaid = "invoice.paid", invoiceCanceled = "invoice.canceled"

    /// The event a record's creation raises.
    public static func created(_ recordType: String) -> WebhookEvent? {
        switch recordType {
        case Lead.recordType: return .leadCreated
        case Order.recordType: return .orderCreated
        default: return nil
        }
    }

    /// The event of a record being in `state` and `status`; raised when it moves there.
    /// `from`: the state left, when known. An invoice is issued once, from draft; one back to
    /// active after its payments were reversed is not issued again.
    public static func entered(_ recordType: String, state: String, status: String, from previous: String? = nil) -> WebhookEvent? {
        switch (recordType, state) {
        case (Invoice.recordType, "active") where previous != nil && previous != "draft": return nil
        case (Lead.recordType, "qualified"): return .leadQualified
        case (Lead.recordType, "disqualified"): return .leadDisqualified
        case (Opportunity.recordType, "won"): return .opportunityWon
        case (Opportunity.recordType, "lost"): return .opportunityLost
        case (Quote.recordType, "active"): return .quoteActivated
        case (Quote.recordType, "won"): return .quoteWon
        case (Order.recordType, "fulfilled"): return .orderFulfilled
        case (Invoice.recordType, "active"): return .invoiceIssued
        // A partly paid invoice is paid/partial (SALES-PROCESS.md §2): paid means all of it.
        case (Invoice.recordType, "paid"): return status == "complete" ? .invoicePaid : nil
        case (Invoice.recordType, "canceled"): return .invoiceCanceled
        default: return nil
        }
    }
}

public struct WebhookFields: Codable, Sendable, Equatable {
    /// Where deliveries are POSTed (https, or http on a private network).
    public var url: String
    public var events: [WebhookEvent]
    public var description: String?
    public var active: Bool

    public init(url: String, events: [WebhookEvent], description: String? = nil, active: Bool = true) {
        self.url = url
        self.events = events
        self.description = description
        self.active = active
    }

    public func validate() throws(DomainError) {
        var check = Validator()
        if !CaptureFormFields.isWebURL(url) { check.add("url", "invalid_url", "must be an http or https URL") }
        if events.isEmpty { check.add("events", "required", "subscribe to at least one event") }
        if Set(events).count != events.count { check.add("events", "duplicate", "an event is listed twice") }
        check.text(description, "description", maxLength: 1000)
        try check.check()
    }
}

/// An admin's subscription of a URL to events (API.md `/webhooks`). Deliveries are signed with
/// `secret` (HMAC-SHA256).
public struct Webhook: Record {
    public static let recordType = "webhook"
    public static let accessKind = RecordKind.catalog
    public var id: ID<Webhook>
    public var info: RecordInfo
    public var fields: WebhookFields
    public var secret: String

    public init(id: ID<Webhook>, info: RecordInfo, fields: WebhookFields, secret: String) throws(DomainError) {
        try fields.validate()
        self.id = id
        self.info = info
        self.fields = fields
        self.secret = secret
    }

    public mutating func update(_ newFields: WebhookFields) throws(DomainError) {
        try newFields.validate()
        fields = newFields
    }
}
