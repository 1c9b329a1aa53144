import Foundation
import VendoCore

/// How a record is kept: the whole record as a JSON document (the source of truth), plus the
/// columns that filters, sorts, unique rules and sums need, written in the same statement.
public protocol StoredRecord: Record {
    static var table: String { get }
    /// API filter name → column, for list queries. Every column here has an index.
    static var filterColumns: [String: String] { get }
    /// API range filter name (`dueBefore`) → timestamp column, for list queries.
    static var beforeColumns: [String: String] { get }
    /// Columns beyond the common ones (state, status, owner, dates, search).
    var columns: [(String, any Encodable & Sendable)] { get }
    /// Lower-case text that `q` searches.
    var searchText: String { get }
    var stateColumn: String? { get }
    var statusColumn: String? { get }
}

extension StoredRecord {
    public var columns: [(String, any Encodable & Sendable)] { [] }
    public var stateColumn: String? { nil }
    public var statusColumn: String? { nil }
    public static var filterColumns: [String: String] { [:] }
    public static var beforeColumns: [String: String] { [:] }
}

extension StoredRecord where Self: LifecycleRecord {
    public var stateColumn: String? { state.rawValue }
    public var statusColumn: String? { status.rawValue }
}

/// Helpers to build column values.
public enum Column {
    /// Money, quantities and rates are kept as integers of scale 4 so that sums run in SQL exactly.
    public static let scale = 4

    static func money(_ value: Decimal?) -> Int64? { value?.scaledInteger(scale: scale) }

    static func text(_ value: (any CustomStringConvertible)?) -> String? { value.map { $0.description } }

    static func search(_ parts: String?...) -> String {
        parts.compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ").lowercased()
    }

    /// Case- and space-insensitive form of a name, for duplicate checks.
    public static func nameKey(_ name: String?) -> String? {
        guard let name else { return nil }
        let folded = name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        let key = folded.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        return key.isEmpty ? nil : key
    }

    public static func emailKey(_ email: String?) -> String? {
        guard let email = email?.trimmingCharacters(in: .whitespaces).lowercased(), !email.isEmpty else { return nil }
        return email
    }

    /// `https://www.Example.com/about` → `example.com`.
    public static func domain(_ website: String?) -> String? {
        guard var text = website?.trimmingCharacters(in: .whitespaces).lowercased(), !text.isEmpty else { return nil }
        if let scheme = text.range(of: "://") { text = String(text[scheme.upperBound...]) }
        text = String(text.prefix { $0 != "/" && $0 != "?" && $0 != "#" && $0 != ":" })
        if text.hasPrefix("www.") { text.removeFirst(4) }
        return text.isEmpty ? nil : text
    }
}
