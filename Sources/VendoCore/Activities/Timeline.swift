import Foundation

/// One entry of a record's timeline: an activity, a close record, or a change of state, status
/// or stage taken from the history.
public struct TimelineItem: Sendable, Equatable {
    public enum Content: Sendable, Equatable {
        case activity(Activity)
        case close(CloseRecord)
        case change(HistoryEntry)
    }

    public var at: Date
    /// The id of the activity, close record or history entry.
    public var id: UUID
    /// The record it is about: the one asked for, or one it came from.
    public var recordType: String
    public var recordId: UUID
    public var content: Content

    public init(at: Date, id: UUID, recordType: String, recordId: UUID, content: Content) {
        self.at = at
        self.id = id
        self.recordType = recordType
        self.recordId = recordId
        self.content = content
    }
}
