import Foundation

public enum SortField: String, Sendable, CaseIterable {
    case createdAt, modifiedAt
}

/// A page of a list: filters, an optional search, a sort and a keyset cursor.
public struct ListQuery: Sendable, Equatable {
    /// API filter name (`state`, `ownerId`, `source`…) → value.
    public var filters: [String: String]
    public var search: String?
    public var createdAfter: Date?
    /// Range filter name (`dueBefore`) → exclusive upper bound; records without the value are left out.
    public var before: [String: Date] = [:]
    /// `?cf.region=north`: custom field key → the value as typed; the services make them
    /// `customFilters`, which the store reads.
    public var custom: [String: String] = [:]
    public var customFilters: [CustomFilter] = []
    public var sort: SortField
    /// `sort=cf.<key>`: the key as typed; the services make it `customSort`, which the store reads
    /// (instead of `sort`).
    public var customSortKey: String?
    public var customSort: CustomSort?
    public var descending: Bool
    public var limit: Int
    public var cursor: String?

    public init(filters: [String: String] = [:], search: String? = nil, createdAfter: Date? = nil,
                sort: SortField = .createdAt, descending: Bool = true, limit: Int = 50, cursor: String? = nil) {
        self.filters = filters
        self.search = search
        self.createdAfter = createdAfter
        self.sort = sort
        self.descending = descending
        self.limit = limit
        self.cursor = cursor
    }
}

/// A list order by a custom field, as the store sorts: records without a value come last in
/// either direction; integers, decimals and money are compared as numbers.
public struct CustomSort: Sendable, Equatable {
    public var key: String
    public var numeric: Bool

    public init(key: String, numeric: Bool) {
        self.key = key
        self.numeric = numeric
    }
}

/// A list filter on a custom field, as the store compares it.
public struct CustomFilter: Sendable, Equatable {
    public enum Comparison: Sendable, Equatable {
        /// The value's text equals (text, choice, date, decimal and user fields).
        case text(String)
        case integer(Int)
        case bool(Bool)
        /// A multiple choice holds the value.
        case contains(String)
    }

    public var key: String
    public var comparison: Comparison

    public init(key: String, comparison: Comparison) {
        self.key = key
        self.comparison = comparison
    }
}

public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    /// Give it back to get the next page; nil on the last one.
    public var nextCursor: String?

    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}
