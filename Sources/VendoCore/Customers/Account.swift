import Foundation

public struct AccountFields: Codable, Sendable, Equatable {
    public var name: String
    public var website: String?
    public var email: String?
    public var phone: String?
    public var address: Address?
    public var description: String?

    public init(name: String, website: String? = nil, email: String? = nil, phone: String? = nil,
                address: Address? = nil, description: String? = nil) {
        self.name = name
        self.website = website
        self.email = email
        self.phone = phone
        self.address = address
        self.description = description
    }

    public func validate() throws(DomainError) {
        var check = Validator()
        check.require(name, "name")
        check.text(website, "website")
        check.text(phone, "phone")
        check.email(email, "email")
        check.address(address, "address")
        check.text(description, "description", maxLength: 10000)
        try check.check()
    }
}

public struct Account: Record {
    public static let recordType = "account"
    public var id: ID<Account>
    public var info: RecordInfo
    public var fields: AccountFields
    public var originatingLeadId: ID<Lead>?

    public init(id: ID<Account>, info: RecordInfo, fields: AccountFields, originatingLeadId: ID<Lead>? = nil) throws(DomainError) {
        try fields.validate()
        self.id = id
        self.info = info
        self.fields = fields
        self.originatingLeadId = originatingLeadId
    }

    public mutating func update(_ newFields: AccountFields) throws(DomainError) {
        try newFields.validate()
        fields = newFields
    }
}
