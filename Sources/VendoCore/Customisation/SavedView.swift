import Foundation

/// A list as someone left it (its filters, order and extra columns), saved under a name:
/// personal (kept on the user) or shared with a team (kept on the team).
public struct SavedView: Codable, Sendable, Equatable, Identifiable {
    public var id: UUID
    public var name: String
    /// The page it belongs to: `/leads`, `/opportunities`… or `/pipeline` (the board).
    public var path: String
    /// The list's parameters: `q`, `state`, `sort`, `mine`, `cf.<key>`… (no cursor).
    public var query: [String: String]
    /// The custom fields shown as extra columns, by key.
    public var columns: [String]

    public init(id: UUID = UUID(), name: String, path: String, query: [String: String], columns: [String] = []) {
        self.id = id
        self.name = name
        self.path = path
        self.query = query
        self.columns = columns
    }

    /// The list pages a view may belong to, and the pipeline board.
    public static let paths = ["/leads", "/accounts", "/contacts", "/opportunities", "/quotes", "/orders", "/invoices", "/products",
                               "/activities", "/pipeline"]
    public static let maxPerOwner = 50

    public func validate() throws(DomainError) {
        var check = Validator()
        check.require(name, "name", maxLength: 100)
        if !Self.paths.contains(path) { check.add("path", "invalid_choice", "a view belongs to one of " + Self.paths.joined(separator: ", ")) }
        if query.count > 30 { check.add("query", "too_many", "a view keeps at most 30 parameters") }
        for (key, value) in query where key.count > 50 || value.count > 500 || key == "cursor" || key == "view" {
            check.add("query", "invalid_value", "\(key) is not kept in a view")
            break
        }
        if columns.count > 10 { check.add("columns", "too_many", "a view shows at most 10 extra columns") }
        if columns.contains(where: { $0.isEmpty || $0.count > 40 }) { check.add("columns", "invalid_value", "a column is a field's key, 1 to 40 characters") }
        try check.check()
    }
}

extension User {
    /// This user's own views.
    public var savedViews: [SavedView] {
        get { views ?? [] }
        set { views = newValue.isEmpty ? nil : newValue }
    }
}

extension Team {
    /// The views shared with this team's members.
    public var savedViews: [SavedView] {
        get { views ?? [] }
        set { views = newValue.isEmpty ? nil : newValue }
    }
}
