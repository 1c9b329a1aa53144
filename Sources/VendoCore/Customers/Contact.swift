import Foundation

public struct ContactFields: Codable, Sendable, Equatable {
    /// The organisation's own fields, by key (`CustomFieldDefinition`); nil for none.
    public var customFields: CustomValues?
    public var firstName: String?
    public var lastName: String
    public var email: String?
    public var phone: String?
    public var mobilePhone: String?
    public var jobTitle: String?
    public var accountId: ID<Account>?
    public var address: Address?
    public var description: String?
    /// Where invoices for this contact's account go, when not to `email`.
    public var billingEmail: String?

    public init(firstName: String? = nil, lastName: String, email: String? = nil, accountId: ID<Account>? = nil) {
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
        self.accountId = accountId
    }

    public var fullName: String {
        [firstName, lastName].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    public func validate() throws(DomainError) {
        var check = Validator()
        check.require(lastName, "lastName")
        for (value, field) in [(firstName, "firstName"), (phone, "phone"), (mobilePhone, "mobilePhone"),
                               (jobTitle, "jobTitle")] {
            check.text(value, field)
        }
        check.email(email, "email")
        check.email(billingEmail, "billingEmail")
        check.address(address, "address")
        check.text(description, "description", maxLength: 10000)
        try check.check()
    }
}

public struct Contact: Record {
    public static let recordType = "contact"
    public var id: ID<Contact>
    public var info: RecordInfo
    public var fields: ContactFields
    public var originatingLeadId: ID<Lead>?
    /// Kept out of payment reminders while set (SALES-PROCESS.md §12).
    public var dunningHold: DunningHold?

    public init(id: ID<Contact>, info: RecordInfo, fields: ContactFields, originatingLeadId: ID<Lead>? = nil) throws(DomainError) {
        try fields.validate()
        self.id = id
        self.info = info
        self.fields = fields
        self.originatingLeadId = originatingLeadId
    }

    public var fullName: String { fields.fullName }

    public mutating func update(_ newFields: ContactFields) throws(DomainError) {
        try newFields.validate()
        fields = newFields
    }
}
