import Foundation

public struct CompetitorFields: Codable, Sendable, Equatable {
    public var name: String
    public var website: String?
    public var strengths: String?
    public var weaknesses: String?

    public init(name: String, website: String? = nil, strengths: String? = nil, weaknesses: String? = nil) {
        self.name = name
        self.website = website
        self.strengths = strengths
        self.weaknesses = weaknesses
    }

    public func validate() throws(DomainError) {
        var check = Validator()
        check.require(name, "name")
        check.text(website, "website")
        check.text(strengths, "strengths", maxLength: 4000)
        check.text(weaknesses, "weaknesses", maxLength: 4000)
        try check.check()
    }
}

public struct Competitor: Record {
    public static let recordType = "competitor"
    public static let accessKind = RecordKind.shared
    public var id: ID<Competitor>
    public var info: RecordInfo
    public var fields: CompetitorFields

    public init(id: ID<Competitor>, info: RecordInfo, fields: CompetitorFields) throws(DomainError) {
        try fields.validate()
        self.id = id
        self.info = info
        self.fields = fields
    }

    public mutating func update(_ newFields: CompetitorFields) throws(DomainError) {
        try newFields.validate()
        fields = newFields
    }
}
