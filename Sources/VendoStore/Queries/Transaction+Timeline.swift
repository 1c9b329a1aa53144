import Foundation
import SQLKit
import VendoCore

extension Transaction {
    /// The history fields that make a timeline entry: state changes and stage moves.
    public static let timelineFields = ["state", "status", "process.stage", "message"]

    /// The activities, close records, and state and stage changes of `recordIds`, newest first,
    /// one keyset page at a time. `owners` limits activities and close records to those a
    /// caller may see (nil: all).
    public func timeline(of recordIds: [UUID], owners: Set<ID<User>>?, limit: Int, cursor: String?) async throws -> Page<TimelineItem> {
        let ids = recordIds.map { $0.uuidString.lowercased() }
        guard !ids.isEmpty else { return Page(items: [], nextCursor: nil) }
        var ownerCondition: SQLQueryString = ""
        if let owners {
            let list = owners.map(\.description).sorted()
            ownerCondition = list.isEmpty ? " AND 1 = 0" : " AND owner_id IN (\(binds: list))"
        }
        let none: SQLQueryString = "CAST(NULL AS TEXT)"
        var sql: SQLQueryString = """
            SELECT kind, id, at, record_type, record_id, data, user_id, action, field, old_value, new_value FROM (
                SELECT 'activity' AS kind, id, created_at AS at, regarding_type AS record_type, regarding_id AS record_id, data,
                       \(none) AS user_id, \(none) AS action, \(none) AS field, \(none) AS old_value, \(none) AS new_value
                FROM activities WHERE regarding_id IN (\(binds: ids))\(ownerCondition)
                UNION ALL
                SELECT 'close', id, created_at, regarding_type, regarding_id, data, \(none), \(none), \(none), \(none), \(none)
                FROM close_records WHERE regarding_id IN (\(binds: ids))\(ownerCondition)
                UNION ALL
                SELECT 'change', id, at, record_type, record_id, \(none), user_id, action, field, old_value, new_value
                FROM history WHERE record_id IN (\(binds: ids)) AND field IN (\(binds: Self.timelineFields))
            ) timeline
            """
        if let cursor {
            let (at, id) = try Self.parseCursor(cursor)
            sql += " WHERE (at < \(bind: at) OR (at = \(bind: at) AND id < \(bind: id.lowercased())))"
        }
        let size = max(1, min(limit, 200))
        sql += " ORDER BY at DESC, id DESC LIMIT \(literal: size + 1)"
        let found = try await rows(sql)
        var items: [TimelineItem] = []
        for row in found.prefix(size) {
            items.append(try timelineItem(row))
        }
        var next: String?
        if found.count > size, let last = found.prefix(size).last {
            next = Self.makeCursor(try last.decode(column: "at", as: Int64.self), try last.decode(column: "id", as: String.self))
        }
        return Page(items: items, nextCursor: next)
    }

    private func timelineItem(_ row: any SQLRow) throws -> TimelineItem {
        let kind = try row.decode(column: "kind", as: String.self)
        let micros = try row.decode(column: "at", as: Int64.self)
        let at = Date(timeIntervalSince1970: Double(micros) / 1_000_000)
        guard let id = UUID(uuidString: try row.decode(column: "id", as: String.self)),
              let recordId = UUID(uuidString: try row.decode(column: "record_id", as: String.self)) else {
            throw StoreError.corrupt("timeline row with a bad id")
        }
        let recordType = try row.decode(column: "record_type", as: String.self)
        let content: TimelineItem.Content
        switch kind {
        case "activity":
            content = .activity(try Self.decode(Activity.self, try row.decode(column: "data", as: String.self)))
        case "close":
            content = .close(try Self.decode(CloseRecord.self, try row.decode(column: "data", as: String.self)))
        default:
            guard let user = ID<User>(try row.decode(column: "user_id", as: String.self)) else {
                throw StoreError.corrupt("history row with a bad user id")
            }
            content = .change(HistoryEntry(
                id: id, recordType: recordType, recordId: recordId, at: at, userId: user,
                action: try row.decode(column: "action", as: String.self),
                field: try row.decode(column: "field", as: String?.self),
                oldValue: try row.decode(column: "old_value", as: String?.self),
                newValue: try row.decode(column: "new_value", as: String?.self)))
        }
        return TimelineItem(at: at, id: id, recordType: recordType, recordId: recordId, content: content)
    }
}
