import Foundation

public struct TeamFields: Codable, Sendable, Equatable {
    public var name: String
    public var memberIds: [ID<User>]

    public init(name: String, memberIds: [ID<User>] = []) {
        self.name = name
        self.memberIds = memberIds
    }

    public func validate() throws(DomainError) {
        var check = Validator()
        check.require(name, "name", maxLength: 100)
        if Set(memberIds).count != memberIds.count { check.add("memberIds", "duplicate", "a member is listed twice") }
        try check.check()
    }
}

/// A group of users who see each other's records.
public struct Team: Record {
    public static let recordType = "team"
    public static let accessKind = RecordKind.directory
    public var id: ID<Team>
    public var info: RecordInfo
    public var fields: TeamFields
    /// The lists shared with the team (`savedViews`); nil for none.
    public var views: [SavedView]?

    public init(id: ID<Team>, info: RecordInfo, fields: TeamFields) throws(DomainError) {
        try fields.validate()
        self.id = id
        self.info = info
        self.fields = fields
    }

    public mutating func update(_ newFields: TeamFields) throws(DomainError) {
        try newFields.validate()
        fields = newFields
    }
}
