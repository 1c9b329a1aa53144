import Foundation
import VendoCore

public struct ImportOptions: Sendable {
    /// Check every row and report, changing nothing.
    public var dryRun = false
    /// Import the good rows and report the bad ones; otherwise one bad row imports nothing.
    public var skipBadRows = false
    /// Create rows that look like existing records (they are still reported).
    public var allowDuplicates = false
    /// Header → field name; `""` leaves a column out.
    public var mapping: [String: String] = [:]
    /// Field name → text used where a row's cell is empty (`source`, `topic`, `priceList`…).
    public var defaults: [String: String] = [:]

    public init(dryRun: Bool = false, skipBadRows: Bool = false, allowDuplicates: Bool = false,
                mapping: [String: String] = [:], defaults: [String: String] = [:]) {
        self.dryRun = dryRun
        self.skipBadRows = skipBadRows
        self.allowDuplicates = allowDuplicates
        self.mapping = mapping
        self.defaults = defaults
    }
}

/// A row that was not imported, and why.
public struct ImportProblem: Sendable, Equatable, Codable {
    public var line: Int
    public var field: String?
    public var code: String
    public var message: String
}

/// A row that looks like records already there (or earlier in the same file).
public struct ImportDuplicate: Sendable, Equatable, Codable {
    public var line: Int
    public var matches: [DuplicateMatch]
    /// Whether the row was created anyway (`allowDuplicates`).
    public var created: Bool
}

/// What an import did, or would do in a dry run.
public struct ImportReport: Sendable, Equatable {
    public var kind: ImportKind
    public var format: ImportFormat
    public var dryRun: Bool
    /// Whether the import's records are saved: false for a dry run and for an all-or-nothing
    /// import with a bad row.
    public var committed = false
    /// An all-or-nothing import that stopped after writing some of its batches: a row checked
    /// good turned bad before its batch was written (the database changed meanwhile). `created`
    /// counts what was written.
    public var interrupted = false
    public var rows = 0
    public var created = 0
    public var skipped = 0
    /// Rows with at least one problem.
    public var badRows = 0
    /// Header → field, and the headers left out.
    public var mapping: [String: String] = [:]
    public var ignoredColumns: [String] = []
    /// Every bad row's problems, up to `listLimit`; `problemCount` counts them all.
    public var problems: [ImportProblem] = []
    public var problemCount = 0
    public var duplicates: [ImportDuplicate] = []
    public var duplicateCount = 0
    /// Lead rows without a topic that got one from their company (or name) and source.
    public var topicsMade = 0

    /// A million bad rows must not make a report of a million entries.
    public static let listLimit = 1000

    mutating func add(_ problems: [ImportProblem]) {
        problemCount += problems.count
        self.problems += problems.prefix(max(0, Self.listLimit - self.problems.count))
    }

    mutating func add(_ duplicate: ImportDuplicate) {
        duplicateCount += 1
        if duplicates.count < Self.listLimit { duplicates.append(duplicate) }
    }
}

/// Progress of a running import, for a progress bar.
public struct ImportProgress: Sendable {
    public var rows: Int
    public var bytesRead: Int
    public var totalBytes: Int
}
