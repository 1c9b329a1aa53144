import Foundation
import SQLKit
import VendoCore

extension SortField {
    var column: String { self == .createdAt ? "created_at" : "modified_at" }
}

extension Transaction {
    /// Keyset pagination: each page starts after the last row of the previous one, so a page
    /// costs the same however deep it is, and rows inserted meanwhile neither repeat nor vanish.
    /// - Parameter owners: when given, only records owned by one of them (access rules).
    public func list<R: StoredRecord>(_ type: R.Type, _ query: ListQuery, owners: Set<ID<User>>? = nil) async throws -> Page<R> {
        let base = ["state": "state", "status": "status", "ownerId": "owner_id"]
        var conditions: [SQLQueryString] = []
        for (name, value) in query.filters.sorted(by: { $0.key < $1.key }) {
            guard let column = base[name] ?? R.filterColumn(name) else {
                throw StoreError.unknownFilter(name)
            }
            conditions.append("\(ident: column) = \(bind: value)")
        }
        for filter in query.customFilters {
            conditions.append(try customCondition(filter))
        }
        if let search = query.search?.lowercased(), !search.isEmpty {
            if dialect == .sqlite && search.count >= 3 && R.schema.searchIndexed {
                // The trigram index: the term as one phrase matches where it is a substring.
                let phrase = "\"" + search.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                conditions.append("rowid IN (SELECT rowid FROM \(ident: R.table + "_search") WHERE \(ident: R.table + "_search") MATCH \(bind: phrase))")
            } else {
                let pattern = "%" + search.replacingOccurrences(of: "\\", with: "\\\\")
                    .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
                conditions.append("search LIKE \(bind: pattern) ESCAPE '\\'")
            }
        }
        if let owners {
            let ids = owners.map(\.description).sorted()
            conditions.append(ids.isEmpty ? "1 = 0" : "owner_id IN (\(binds: ids))")
        }
        for (name, bound) in query.before.sorted(by: { $0.key < $1.key }) {
            guard let column = R.beforeColumn(name) else { throw StoreError.unknownFilter(name) }
            conditions.append("\(ident: column) < \(bind: Self.timestamp(bound))")
        }
        if let after = query.createdAfter {
            conditions.append("created_at > \(bind: Self.timestamp(after))")
        }
        if let custom = query.customSort { return try await list(R.self, sortedBy: custom, query, conditions: conditions) }
        let column = query.sort.column
        if let cursor = query.cursor {
            let (value, id) = try Self.parseCursor(cursor)
            let op = query.descending ? "<" : ">"
            conditions.append("(\(ident: column) \(unsafeRaw: op) \(bind: value) OR (\(ident: column) = \(bind: value) AND id \(unsafeRaw: op) \(bind: id)))")
        }
        let direction = query.descending ? "DESC" : "ASC"
        var sql: SQLQueryString = "SELECT data, \(ident: column) AS sort_value FROM \(ident: R.table)"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        let limit = max(1, min(query.limit, 200))
        sql += " ORDER BY \(ident: column) \(unsafeRaw: direction), id \(unsafeRaw: direction) LIMIT \(literal: limit + 1)"
        let found = try await rows(sql)
        var items: [R] = []
        var lastKey: (Int64, String)?
        for row in found.prefix(limit) {
            let record = try Self.decode(R.self, try row.decode(column: "data", as: String.self))
            lastKey = (try row.decode(column: "sort_value", as: Int64.self), record.id.description)
            items.append(record)
        }
        let next = found.count > limit ? lastKey.map { Self.makeCursor($0.0, $0.1) } : nil
        return Page(items: items, nextCursor: next)
    }

    /// A page in the order of a custom value, records without one last, then by id. The value
    /// is read out of each record's JSON, so the page goes by offset (the cursor holds it): rows
    /// inserted meanwhile may shift a page by one.
    private func list<R: StoredRecord>(_ type: R.Type, sortedBy custom: CustomSort, _ query: ListQuery,
                                       conditions: [SQLQueryString]) async throws -> Page<R> {
        let value = try customPath(custom.key, numeric: custom.numeric)
        var offset = 0
        if let cursor = query.cursor { offset = try Self.parseOffsetCursor(cursor) }
        let direction: SQLQueryString = query.descending ? "DESC" : "ASC"
        var sql: SQLQueryString = "SELECT data FROM \(ident: R.table)"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        let limit = max(1, min(query.limit, 200))
        sql += " ORDER BY CASE WHEN \(value) IS NULL THEN 1 ELSE 0 END, \(value) \(direction), id \(direction)"
        sql += " LIMIT \(literal: limit + 1) OFFSET \(literal: offset)"
        let found = try await rows(sql)
        let items = try found.prefix(limit).map { try Self.decode(R.self, try $0.decode(column: "data", as: String.self)) }
        return Page(items: items, nextCursor: found.count > limit ? Self.makeOffsetCursor(offset + limit) : nil)
    }

    /// A custom value as SQL compares it; the key goes into the SQL text, so it must be a field
    /// key's letters and digits.
    private func customPath(_ key: String, numeric: Bool) throws -> SQLQueryString {
        try Self.checkCustomKey(key)
        if dialect == .sqlite {
            let extract: SQLQueryString = "json_extract(data, '$.fields.customFields.\(unsafeRaw: key)')"
            return numeric ? "CAST(" + extract + " AS REAL)" : extract
        }
        return numeric ? "((data::jsonb #>> '{fields,customFields,\(unsafeRaw: key)}')::numeric)"
            : "(data::jsonb #> '{fields,customFields,\(unsafeRaw: key)}')"
    }

    /// A custom field's key goes into the SQL text (a JSON path): it must be a key's letters and
    /// digits, as `CustomFieldDefinition` makes them.
    static func checkCustomKey(_ key: String) throws {
        guard let first = key.first, first.isASCII, first.isLowercase, key.count <= 40,
              key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw StoreError.unknownFilter("cf.\(key)")
        }
    }

    static func makeOffsetCursor(_ offset: Int) -> String {
        Data("offset|\(offset)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func parseOffsetCursor(_ cursor: String) throws -> Int {
        var text = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        guard let data = Data(base64Encoded: text), let plain = String(data: data, encoding: .utf8), plain.hasPrefix("offset|"),
              let offset = Int(plain.dropFirst("offset|".count)), (0...10_000_000).contains(offset) else {
            throw StoreError.invalidCursor
        }
        return offset
    }

    /// Whether any record of the type holds a value of the custom field `key`: a field's key
    /// and type change, and the field is deleted, only while none does.
    public func hasCustomValue<R: StoredRecord>(_ type: R.Type, key: String) async throws -> Bool {
        let held: SQLQueryString = dialect == .sqlite
            ? "json_extract(data, \(bind: "$.fields.customFields.\(key)")) IS NOT NULL"
            : "(data::jsonb -> 'fields' -> 'customFields' -> \(bind: key)) IS NOT NULL"
        return try await !rows("SELECT 1 AS found FROM \(ident: R.table) WHERE " + held + " LIMIT 1").isEmpty
    }

    /// The condition of a filter on a custom value, read out of the record's JSON. The key
    /// goes into the SQL text (a JSON path), so it must be a field key's letters and digits.
    private func customCondition(_ filter: CustomFilter) throws -> SQLQueryString {
        try Self.checkCustomKey(filter.key)
        if dialect == .sqlite {
            let path = "$.fields.customFields.\(filter.key)"
            switch filter.comparison {
            case .text(let text): return "json_extract(data, \(bind: path)) = \(bind: text)"
            case .integer(let number): return "json_extract(data, \(bind: path)) = \(bind: number)"
            case .bool(let flag): return "json_type(data, \(bind: path)) = \(bind: flag ? "true" : "false")"
            case .contains(let value):
                return "EXISTS (SELECT 1 FROM json_each(data, \(bind: path)) WHERE json_each.value = \(bind: value))"
            }
        }
        let path = "'{fields,customFields,\(filter.key)}'"
        switch filter.comparison {
        case .text(let text): return "(data::jsonb #>> \(unsafeRaw: path)) = \(bind: text)"
        case .integer(let number): return "(data::jsonb #>> \(unsafeRaw: path)) = \(bind: String(number))"
        case .bool(let flag): return "(data::jsonb #>> \(unsafeRaw: path)) = \(bind: flag ? "true" : "false")"
        case .contains(let value): return "(data::jsonb #> \(unsafeRaw: path)) @> to_jsonb(ARRAY[\(bind: value)::text])"
        }
    }

    static func makeCursor(_ value: Int64, _ id: String) -> String {
        Data("\(value)|\(id)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func parseCursor(_ cursor: String) throws -> (Int64, String) {
        var text = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        guard let data = Data(base64Encoded: text), let plain = String(data: data, encoding: .utf8) else {
            throw StoreError.invalidCursor
        }
        let parts = plain.split(separator: "|", maxSplits: 1)
        guard parts.count == 2, let value = Int64(parts[0]), UUID(uuidString: String(parts[1])) != nil else {
            throw StoreError.invalidCursor
        }
        return (value, String(parts[1]))
    }
}
