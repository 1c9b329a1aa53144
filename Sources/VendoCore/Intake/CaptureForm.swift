import Foundation

/// One input of a web-to-lead form and the lead field it fills.
public struct CaptureField: Codable, Sendable, Equatable {
    /// The input's `name` in the HTML form (or the key in a JSON body).
    public var name: String
    /// The lead field (`email`, `companyName`, `address.city`…).
    public var target: String
    public var required: Bool

    public init(name: String, target: String, required: Bool = false) {
        self.name = name
        self.target = target
        self.required = required
    }
}

public struct CaptureFormFields: Codable, Sendable, Equatable {
    /// The form's address: `POST /capture/{key}`.
    public var key: String
    public var name: String
    public var fields: [CaptureField]
    /// The source of the leads it creates (`web` unless told).
    public var source: LeadSource
    /// The topic of leads whose form has no topic input.
    public var topic: String
    /// The user who receives the leads; the creator when neither this nor `teamId` is given.
    public var ownerId: ID<User>?
    /// A team whose active members take the leads in turn: each goes to the one with the
    /// fewest open leads.
    public var teamId: ID<Team>?
    /// Where a browser goes after posting; without it, the answer is 201.
    public var thankYouURL: String?
    /// Origins (`https://www.example.com`) whose pages may post with JavaScript (CORS); a post
    /// from another origin is refused when the list is not empty.
    public var allowedOrigins: [String]
    /// An input hidden from people; a bot that fills it has its post accepted and dropped.
    public var honeypot: String
    public var active: Bool

    public init(key: String, name: String, fields: [CaptureField], source: LeadSource = .web, topic: String = "Web enquiry",
                ownerId: ID<User>? = nil, teamId: ID<Team>? = nil, thankYouURL: String? = nil, allowedOrigins: [String] = [], honeypot: String = "company_fax",
                active: Bool = true) {
        self.key = key
        self.name = name
        self.fields = fields
        self.source = source
        self.topic = topic
        self.ownerId = ownerId
        self.teamId = teamId
        self.thankYouURL = thankYouURL
        self.allowedOrigins = allowedOrigins
        self.honeypot = honeypot
        self.active = active
    }

    public func validate() throws(DomainError) {
        var check = Validator()
        let keyCharacters = CharacterSet.lowercaseLetters.union(.decimalDigits).union(CharacterSet(charactersIn: "-_"))
        if !(3...64).contains(key.count) || !key.unicodeScalars.allSatisfy({ $0.isASCII && keyCharacters.contains($0) }) {
            check.add("key", "invalid_key", "3 to 64 characters among a–z, 0–9, - and _")
        }
        check.require(name, "name")
        check.require(topic, "topic")
        if fields.isEmpty { check.add("fields", "required", "a form needs at least one field") }
        var names: Set<String> = []
        for (index, field) in fields.enumerated() {
            if field.name.trimmingWhitespace().isEmpty || field.name.count > 100 {
                check.add("fields[\(index)].name", "required", "each field needs an input name of at most 100 characters")
            }
            if !names.insert(field.name).inserted { check.add("fields[\(index)].name", "duplicate", "input names must be unique") }
            if field.name == honeypot { check.add("fields[\(index)].name", "honeypot", "the honeypot input cannot also be a field") }
        }
        if let thankYouURL, !Self.isWebURL(thankYouURL) {
            check.add("thankYouURL", "invalid_url", "must be an http or https URL")
        }
        for (index, origin) in allowedOrigins.enumerated() where !Self.isOrigin(origin) {
            check.add("allowedOrigins[\(index)]", "invalid_origin", "an origin is scheme and host, like https://www.example.com")
        }
        check.require(honeypot, "honeypot", maxLength: 100)
        if ownerId != nil && teamId != nil { check.add("teamId", "owner_and_team", "give the leads to an owner or to a team, not both") }
        try check.check()
    }

    public static func isWebURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else { return false }
        return (scheme == "http" || scheme == "https") && text.count <= 2000
    }

    /// `https://host` or `https://host:port`, nothing after.
    static func isOrigin(_ text: String) -> Bool {
        guard isWebURL(text), let url = URL(string: text) else { return false }
        return (url.path.isEmpty || url.path == "/") && url.query == nil && url.fragment == nil && !text.hasSuffix("/")
    }
}

/// A web-to-lead form (API.md "Public endpoints").
public struct CaptureForm: Record {
    public static let recordType = "captureForm"
    public static let accessKind = RecordKind.directory
    public var id: ID<CaptureForm>
    public var info: RecordInfo
    public var fields: CaptureFormFields

    public init(id: ID<CaptureForm>, info: RecordInfo, fields: CaptureFormFields) throws(DomainError) {
        try fields.validate()
        self.id = id
        self.info = info
        self.fields = fields
    }

    public mutating func update(_ newFields: CaptureFormFields) throws(DomainError) {
        try newFields.validate()
        fields = newFields
    }

    /// Whether a post from `origin` (the `Origin` header, absent for some clients) may go on.
    public func accepts(origin: String?) -> Bool {
        guard let origin, !fields.allowedOrigins.isEmpty else { return true }
        return lists(origin: origin)
    }

    /// Whether `origin` is one of the allowed origins (the ones that get CORS headers).
    public func lists(origin: String) -> Bool {
        fields.allowedOrigins.contains { $0.lowercased() == origin.lowercased() }
    }

    /// The HTML an admin pastes into a web page to post to this form at `endpoint`.
    public func snippet(endpoint: String) -> String {
        var html = "<form method=\"post\" action=\"\(Self.escape(endpoint))\" accept-charset=\"utf-8\">\n"
        for field in fields.fields {
            let id = "vendo-\(field.name)"
            let type = field.target == "email" ? "email" : field.target.hasSuffix("Phone") || field.target == "phone" ? "tel" : "text"
            let control = ["description", "customerNeed"].contains(field.target)
                ? "<textarea id=\"\(Self.escape(id))\" name=\"\(Self.escape(field.name))\"\(field.required ? " required" : "")></textarea>"
                : "<input id=\"\(Self.escape(id))\" name=\"\(Self.escape(field.name))\" type=\"\(type)\"\(field.required ? " required" : "")>"
            html += "  <p><label for=\"\(Self.escape(id))\">\(Self.escape(field.name))</label>\n     \(control)</p>\n"
        }
        html += "  <p style=\"position:absolute;left:-5000px\" aria-hidden=\"true\">"
            + "<input name=\"\(Self.escape(fields.honeypot))\" tabindex=\"-1\" autocomplete=\"off\"></p>\n"
        html += "  <p><button type=\"submit\">Send</button></p>\n</form>\n"
        return html
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
