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
    /// The lines that end the messages this user sends; nil: their name, the organisation and
    /// their e-mail. Users stored before it existed have none.
    public var signature: String?
    /// How this user hears of their notifications by e-mail; nil: immediately.
    public var notificationEmails: NotificationEmails?
    /// The lists this user saved (`savedViews`); nil for none.
    public var views: [SavedView]?

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
        check.text(signature, "signature", maxLength: 1000)
        try check.check()
    }
}

/// When a user's notifications reach them by e-mail.
public enum NotificationEmails: String, Codable, Sendable, CaseIterable {
    /// One message per notification, as it happens.
    case immediately
    /// One message a day with everything of the day before, and the tasks due.
    case daily
    case never
}
