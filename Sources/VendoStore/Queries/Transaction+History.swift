import Foundation
import SQLKit
import VendoCore

extension Transaction {
    /// Appends entries to the audit history; the table is never updated nor deleted from.
    public func appendHistory(_ entries: [HistoryEntry]) async throws {
        // One statement for many entries: a save with several changed fields, or a bulk import.
        var start = 0
        while start < entries.count {
            let end = min(start + Self.historyPerStatement, entries.count)
            try await run("INSERT INTO history \(Self.historyColumns) VALUES \(Self.historyRows(entries, start..<end))")
            start = end
        }
    }

    /// History entries that one statement may carry, with ten bound values each.
    static let historyPerStatement = bindLimit / 10

    static let historyColumns: SQLQueryString =
        "(id, record_type, record_id, at, position, user_id, action, field, old_value, new_value)"

    /// `(…), (…)`: the entries of `range`, each with its position in `entries`.
    static func historyRows(_ entries: [HistoryEntry], _ range: Range<Int>) -> SQLQueryString {
        var rows: SQLQueryString = ""
        for position in range {
            let entry = entries[position]
            rows += position == range.lowerBound ? "(" : ", ("
            rows += """
                \(bind: entry.id.uuidString.lowercased()), \(bind: entry.recordType), \(bind: entry.recordId.uuidString.lowercased()),
                \(bind: timestamp(entry.at)), \(bind: Int64(position)), \(bind: entry.userId.description),
                \(bind: entry.action), \(bind: entry.field), \(bind: entry.oldValue), \(bind: entry.newValue))
                """
        }
        return rows
    }

    /// A record's history, oldest first.
    public func history(recordType: String, recordId: UUID) async throws -> [HistoryEntry] {
        let found = try await rows("""
            SELECT id, record_type, record_id, at, user_id, action, field, old_value, new_value FROM history
            WHERE record_type = \(bind: recordType) AND record_id = \(bind: recordId.uuidString.lowercased())
            ORDER BY at, position
            """)
        return try found.map { row in
            guard let id = UUID(uuidString: try row.decode(column: "id", as: String.self)),
                  let user = ID<User>(try row.decode(column: "user_id", as: String.self)) else {
                throw StoreError.corrupt("history row with a bad id")
            }
            let micros = try row.decode(column: "at", as: Int64.self)
            return HistoryEntry(
                id: id, recordType: recordType, recordId: recordId,
                at: Date(timeIntervalSince1970: Double(micros) / 1_000_000), userId: user,
                action: try row.decode(column: "action", as: String.self),
                field: try row.decode(column: "field", as: String?.self),
                oldValue: try row.decode(column: "old_value", as: String?.self),
                newValue: try row.decode(column: "new_value", as: String?.self))
        }
    }

    /// The next number of a sequence (`INV-2026`, `quote`…), starting at 1. Taken inside the
    /// caller's transaction, so a rollback gives the number back and the sequence has no gaps.
    public func nextNumber(_ sequence: String) async throws -> Int {
        let found = try await rows("""
            INSERT INTO number_sequences (name, last_value) VALUES (\(bind: sequence), 1)
            ON CONFLICT (name) DO UPDATE SET last_value = number_sequences.last_value + 1
            RETURNING last_value
            """)
        guard let value = try found.first?.decode(column: "last_value", as: Int.self) else {
            throw StoreError.corrupt("sequence \(sequence) returned nothing")
        }
        return value
    }

    /// The last number a sequence gave, 0 when it never gave one.
    public func lastNumber(_ sequence: String) async throws -> Int {
        let found = try await rows("SELECT last_value FROM number_sequences WHERE name = \(bind: sequence)")
        return try found.first?.decode(column: "last_value", as: Int.self) ?? 0
    }
}
