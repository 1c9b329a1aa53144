import Foundation

public enum Role: String, Codable, Sendable, CaseIterable {
    case admin, manager, salesperson
}

public struct User: Record {
    public static let recordType = "user"
    public static let accessKind = RecordKind.directory
    public var id: ID<User>
    public var info: RecordInfo
    public var name: String
    public var email: String
    public var role: Role
    public var locale: String
    public var active: Bool

    public init(id: ID<User>, info: RecordInfo, name: String, email: String, role: Role, locale: String = "en", active: Bool = true) {
        self.id = id
        self.info = info
        self.name = name
        self.email = email
        self.role = role
        self.locale = locale
        self.active = active
    }

    public func validate() throws(DomainError) {
        var check = Validator()
        check.require(name, "name")
        check.require(email, "email", maxLength: 254)
        check.email(email, "email")
        if !["en", "fr"].contains(locale) { check.add("locale", "unsupported", "locale must be en or fr") }
        try check.check()
    }
}
