import Foundation

public enum LeadState: String, Codable, Sendable, CaseIterable { case open, qualified, disqualified }

public enum LeadStatus: String, Codable, Sendable, CaseIterable {
    case new, contacted, qualified, lost, cannotContact, noLongerInterested, canceled
}

public enum LeadAction: String, Sendable, CaseIterable {
    case update, changeStatus, qualify, disqualify, reactivate, delete, merge
}

public struct Lead: LifecycleRecord {
    public static let recordType = "lead"
    public static let transitions: [LeadAction: Set<LeadState>] = [
        .update: [.open], .changeStatus: [.open], .qualify: [.open], .disqualify: [.open],
        .reactivate: [.qualified, .disqualified], .delete: [.open], .merge: [.open],
    ]
    public static let statuses: [LeadState: [LeadStatus]] = [
        .open: [.new, .contacted], .qualified: [.qualified],
        .disqualified: [.lost, .cannotContact, .noLongerInterested, .canceled],
    ]

    public var id: ID<Lead>
    public var info: RecordInfo
    public var fields: LeadFields
    public private(set) var state: LeadState
    public private(set) var status: LeadStatus
    /// Why the lead was disqualified, from the organisation's list; nil when not said.
    public private(set) var reason: DisqualifyReason?
    /// The opportunity the last qualification produced; kept after reactivation as history.
    public private(set) var qualifyingOpportunityId: ID<Opportunity>?
    /// Where the lead stands in its sales process; nil when no process applies.
    public var process: ProcessPosition?
    /// The lead this one was merged into, as a duplicate.
    public private(set) var mergedIntoId: ID<Lead>?
    /// The photo of the business card the lead was made from, kept with it.
    public var cardScanId: UUID?

    public init(id: ID<Lead>, info: RecordInfo, fields: LeadFields) throws(DomainError) {
        try fields.validate()
        self.id = id
        self.info = info
        self.fields = fields
        state = .open
        status = .new
    }

    public var fullName: String { fields.fullName }

    /// A new lead brought from another system keeps the status it had there. A qualified one
    /// produced no opportunity here; a disqualified one keeps its reason.
    public mutating func imported(as status: LeadStatus) throws(DomainError) {
        guard state == .open && self.status == .new && qualifyingOpportunityId == nil else {
            throw .conflict(code: "not_new", message: "only a lead being created takes the status it had elsewhere", related: [])
        }
        switch status {
        case .new, .contacted: try changeStatus(to: status)
        case .qualified: try qualify(producing: nil)
        case .lost, .cannotContact, .noLongerInterested, .canceled: try disqualify(as: status)
        }
    }

    public mutating func update(_ newFields: LeadFields) throws(DomainError) {
        try ensure(.update)
        try newFields.validate()
        fields = newFields
    }

    /// Moves an open lead between `new` and `contacted`.
    public mutating func changeStatus(to newStatus: LeadStatus) throws(DomainError) {
        try ensure(.changeStatus)
        guard Self.isValid(state: .open, status: newStatus) else {
            throw .invalid("status", "invalid_status", "an open lead's status is new or contacted; use the actions for the rest")
        }
        status = newStatus
    }

    public mutating func qualify(producing opportunity: ID<Opportunity>?) throws(DomainError) {
        try ensure(.qualify)
        state = .qualified
        status = .qualified
        if let opportunity { qualifyingOpportunityId = opportunity }
    }

    public mutating func disqualify(as status: LeadStatus, reason: DisqualifyReason? = nil) throws(DomainError) {
        try ensure(.disqualify)
        guard Self.isValid(state: .disqualified, status: status) else {
            throw .invalid("status", "invalid_status", "status must be lost, cannotContact, noLongerInterested or canceled")
        }
        if let opportunity = qualifyingOpportunityId {
            throw .conflict(code: "lead_has_opportunity",
                            message: "this lead already produced an opportunity and cannot be disqualified",
                            related: [opportunity.description])
        }
        state = .disqualified
        self.status = status
        self.reason = reason
    }

    public mutating func reactivate() throws(DomainError) {
        try ensure(.reactivate)
        state = .open
        status = .new
        reason = nil
    }

    public func ensureDeletable() throws(DomainError) { try ensure(.delete) }

    /// Closes an open lead as a duplicate of `master` (disqualified, canceled), remembering which.
    public mutating func merge(into master: ID<Lead>) throws(DomainError) {
        try ensure(.merge)
        if master == id { throw .invalid("duplicateId", "same_record", "a lead cannot be merged into itself") }
        state = .disqualified
        status = .canceled
        mergedIntoId = master
    }
}
