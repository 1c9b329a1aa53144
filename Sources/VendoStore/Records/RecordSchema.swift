import Foundation
import VendoCore

/// How a record type is kept, declared once: its table, the indexed columns written beside its
/// JSON document (which ones are list filters), its unique rules and what it references. Inserts,
/// updates, list filters, the checks before a delete, the search index and the checks of
/// `migrate-data` read this declaration, so that a column cannot be added in one place and
/// forgotten in another.
public struct RecordSchema<R: Sendable>: Sendable {
    public let table: String
    public let columns: [IndexedColumn<R>]
    public let references: [Reference]
    /// Column sets no two records may share (each has a unique index in the migrations).
    public let unique: [[String]]
    /// On SQLite, `q=` searches a trigram index of the `search` column (migration 10).
    public let searchIndexed: Bool

    public init(table: String, columns: [IndexedColumn<R>] = [], references: [Reference] = [], unique: [[String]] = [],
                searchIndexed: Bool = false) {
        self.table = table
        self.columns = columns
        self.references = references
        self.unique = unique
        self.searchIndexed = searchIndexed
    }

    /// The same declaration without the ways to read the values.
    func declaration(recordType: String) -> TableDeclaration {
        TableDeclaration(table: table, recordType: recordType, columns: columns.map { ($0.name, $0.type) }, references: references,
                         unique: unique, searchIndexed: searchIndexed)
    }
}

/// The type of a column beside the document.
public enum ColumnKind: String, Sendable {
    /// Text (ids, keys, codes, `YYYY-MM-DD` days).
    case text
    case integer
    /// An amount in ten-thousandths (`Column.money`), summed exactly in SQL.
    case money
    /// Microseconds since 1970 (`Transaction.timestamp`).
    case timestamp
}

/// A column beside the document, filled from the record on every save.
public struct IndexedColumn<R: Sendable>: Sendable {
    public let name: String
    public let type: ColumnKind
    /// The list filters (`?customerId=`) that compare this column with their value.
    public let filters: [String]
    /// The range filter (`?dueBefore=`) on this timestamp column.
    public let before: String?
    let value: @Sendable (R) -> any Encodable & Sendable

    public init(_ name: String, _ type: ColumnKind, filters: [String] = [], before: String? = nil,
                _ value: @escaping @Sendable (R) -> any Encodable & Sendable) {
        self.name = name
        self.type = type
        self.filters = filters
        self.before = before
        self.value = value
    }
}

/// What deleting the record a reference points at does to the records that hold it.
public enum OnDelete: String, Sendable {
    /// The delete is refused while such a record exists (`in_use`, naming its kind).
    case refuse
    /// The records that hold the reference are deleted with it (their history stays).
    case cascade
}

/// A reference from a record (or a row of a table) to records of other types.
public struct Reference: Sendable, Equatable {
    public enum Place: Sendable, Equatable {
        /// An indexed column holding the id.
        case column(String)
        /// An id, or an array of ids, inside the document (`fields.competitorIds`): a scan, for
        /// references whose deletes are rare.
        case document([String])
    }

    public let place: Place
    /// The record types (`recordType`) the id may belong to: an opportunity's customer is an
    /// account or a contact.
    public let to: [String]
    public let onDelete: OnDelete

    public init(_ column: String, to: [String], onDelete: OnDelete = .refuse) {
        place = .column(column)
        self.to = to
        self.onDelete = onDelete
    }

    public init(document path: [String], to: [String], onDelete: OnDelete = .refuse) {
        place = .document(path)
        self.to = to
        self.onDelete = onDelete
    }
}

/// A table's declaration read without its record type: for the reference checks, migrate-data
/// and tests. Tables that are not records but hold their ids (team members, card photos) have one
/// too, without a record type.
public struct TableDeclaration: Sendable {
    public let table: String
    public let recordType: String?
    public let columns: [(name: String, type: ColumnKind)]
    public let references: [Reference]
    public let unique: [[String]]
    public let searchIndexed: Bool

    public init(table: String, recordType: String?, columns: [(name: String, type: ColumnKind)] = [], references: [Reference],
                unique: [[String]] = [], searchIndexed: Bool = false) {
        self.table = table
        self.recordType = recordType
        self.columns = columns
        self.references = references
        self.unique = unique
        self.searchIndexed = searchIndexed
    }
}
