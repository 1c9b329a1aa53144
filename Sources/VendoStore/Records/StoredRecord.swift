import Foundation
import VendoCore

/// How a record is kept: the whole record as a JSON document (the source of truth), plus the
/// columns that filters, sorts, unique rules and sums need, written in the same statement and
/// declared once in `schema`.
public protocol StoredRecord: Record {
    static var schema: RecordSchema<Self> { get }
    /// Lower-case text that `q` searches.
    var searchText: String { get }
    var stateColumn: String? { get }
    var statusColumn: String? { get }
}

extension StoredRecord {
    public var stateColumn: String? { nil }
    public var statusColumn: String? { nil }
    public static var table: String { schema.table }
    public static var declaration: TableDeclaration { schema.declaration(recordType: recordType) }

    /// The column of a list filter (`customerId` → `customer_id`), nil when there is none.
    static func filterColumn(_ name: String) -> String? {
        schema.columns.first { $0.filters.contains(name) }?.name
    }

    /// The columns list filters compare.
    public static var filterColumns: [String] { schema.columns.filter { !$0.filters.isEmpty }.map(\.name) }

    /// The timestamp column of a range filter (`dueBefore` → `due_at`).
    static func beforeColumn(_ name: String) -> String? {
        schema.columns.first { $0.before == name }?.name
    }

    /// The declared columns' values for this record, in the declaration's order.
    var columns: [(String, any Encodable & Sendable)] {
        Self.schema.columns.map { ($0.name, $0.value(self)) }
    }
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

    /// The text of a record's custom values that `q` searches: texts and choices, not numbers,
    /// yes/no or users' ids.
    static func customText(_ values: CustomValues?) -> String? {
        guard let values, !values.isEmpty else { return nil }
        var parts: [String] = []
        for key in values.keys.sorted() {
            switch values[key] {
            case .text(let text)? where UUID(uuidString: text) == nil && Decimal.strict(text) == nil: parts.append(text)
            case .list(let choices)?: parts += choices
            default: break
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    /// Case- and space-insensitive form of a name, for duplicate checks.
    public static func nameKey(_ name: String?) -> String? {
        guard let name else { return nil }
        let folded = name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        let key = folded.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        return key.isEmpty ? nil : key
    }

    public static func emailKey(_ email: String?) -> String? {
        guard let email = email?.trimmingWhitespace().lowercased(), !email.isEmpty else { return nil }
        return email
    }

    /// `https://www.Example.com/about` → `example.com`.
    public static func domain(_ website: String?) -> String? {
        guard var text = website?.trimmingWhitespace().lowercased(), !text.isEmpty else { return nil }
        if let scheme = text.range(of: "://") { text = String(text[scheme.upperBound...]) }
        text = String(text.prefix { $0 != "/" && $0 != "?" && $0 != "#" && $0 != ":" })
        if text.hasPrefix("www.") { text.removeFirst(4) }
        return text.isEmpty ? nil : text
    }
}
