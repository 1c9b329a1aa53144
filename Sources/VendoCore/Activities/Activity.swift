import Foundation

public enum ActivityType: String, Codable, Sendable, CaseIterable { case task, phoneCall, email, appointment, note }

public enum ActivityState: String, Codable, Sendable, CaseIterable { case open, completed, canceled }

public enum ActivityAction: String, Sendable, CaseIterable { case update, complete, cancel, delete }

/// The record types an activity can be about.
public enum RegardingType: String, Codable, Sendable, CaseIterable {
    case lead, account, contact, opportunity, quote, order, invoice
}

/// What a person types about an activity.
public struct ActivityFields: Codable, Sendable, Equatable {
    /// The organisation's own fields, by key (`CustomFieldDefinition`); nil for none.
    public var customFields: CustomValues?
    public var subject: String
    public var body: String?
    public var dueAt: Date?
    public var startAt: Date?
    public var endAt: Date?
    public var priority: ActivityPriority

    public init(subject: String, body: String? = nil, dueAt: Date? = nil, startAt: Date? = nil, endAt: Date? = nil,
                priority: ActivityPriority = .normal) {
        self.subject = subject
        self.body = body
        self.dueAt = dueAt
        self.startAt = startAt
        self.endAt = endAt
        self.priority = priority
    }

    func validate(for type: ActivityType) throws(DomainError) {
        var check = Validator()
        check.require(subject, "subject")
        check.text(body, "body", maxLength: 20000)
        if type == .appointment {
            if startAt == nil { check.add("startAt", "required", "an appointment has a start") }
            if endAt == nil { check.add("endAt", "required", "an appointment has an end") }
        }
        if type == .note && (dueAt != nil || startAt != nil || endAt != nil) {
            check.add(dueAt != nil ? "dueAt" : startAt != nil ? "startAt" : "endAt", "not_allowed", "a note has no dates")
        }
        if let startAt, let endAt, endAt < startAt { check.add("endAt", "before_start", "the end comes after the start") }
        try check.check()
    }
}

/// A task, phone call, logged e-mail, appointment or note about one record (SALES-PROCESS.md §10).
/// Status mirrors state: an activity is open, completed or canceled.
public struct Activity: LifecycleRecord {
    public static let recordType = "activity"
    public static let transitions: [ActivityAction: Set<ActivityState>] = [
        .update: [.open], .complete: [.open], .cancel: [.open], .delete: [.open, .completed, .canceled],
    ]
    public static let statuses: [ActivityState: [ActivityState]] = [.open: [.open], .completed: [.completed], .canceled: [.canceled]]

    public var id: ID<Activity>
    public var info: RecordInfo
    public let type: ActivityType
    public let regardingType: RegardingType
    public private(set) var regardingId: UUID
    public private(set) var fields: ActivityFields
    public private(set) var state: ActivityState
    public var status: ActivityState { state }
    /// When it was completed or canceled.
    public private(set) var closedAt: Date?

    /// A logged e-mail and a note record something done: they start completed unless told otherwise.
    public init(id: ID<Activity>, info: RecordInfo, type: ActivityType, regardingType: RegardingType, regardingId: UUID,
                fields: ActivityFields, state requested: ActivityState? = nil) throws(DomainError) {
        try fields.validate(for: type)
        let initial = requested ?? (type == .email || type == .note ? .completed : .open)
        if initial == .canceled { throw .invalid("state", "invalid_state", "a new activity is open or completed") }
        if type == .note && initial == .open { throw .invalid("state", "invalid_state", "a note is recorded completed") }
        self.id = id
        self.info = info
        self.type = type
        self.regardingType = regardingType
        self.regardingId = regardingId
        self.fields = fields
        state = initial
        closedAt = initial == .completed ? info.createdAt : nil
    }

    /// Open activities change freely; a note's text can be corrected as long as it is not canceled.
    public mutating func update(_ newFields: ActivityFields) throws(DomainError) {
        if !(type == .note && state == .completed) { try ensure(.update) }
        try newFields.validate(for: type)
        fields = newFields
    }

    public mutating func complete(at date: Date) throws(DomainError) {
        try ensure(.complete)
        state = .completed
        closedAt = date
    }

    public mutating func cancel(at date: Date) throws(DomainError) {
        try ensure(.cancel)
        state = .canceled
        closedAt = date
    }

    /// Moves the activity to the record its record was merged into (same kind of record).
    public mutating func moveRegarding(to id: UUID) { regardingId = id }

    /// Open with a due date in the past.
    public func isOverdue(at now: Date) -> Bool { state == .open && (fields.dueAt.map { $0 < now } ?? false) }
}

extension Activity: CustomizableRecord {
    public static let customizedAs = CustomizedRecord.activity
    public var customFields: CustomValues {
        get { fields.customFields ?? [:] }
        set { fields.customFields = newValue.isEmpty ? nil : newValue }
    }
}

// Here, where the fields' setter is visible, so that a priority named by its label is stored by value.
extension Activity: ChoosingRecord {
    public static let listedFields: [ListedField<Activity>] = [ListedField("priority", \.fields.priority)]
}
