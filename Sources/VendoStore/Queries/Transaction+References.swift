import Foundation
import SQLKit
import VendoCore

/// What deleting a record does to the records and rows that reference it, as declared in
/// `StoreSchema`: refused while a `refuse` reference holds it, and `cascade` references deleted.
extension Transaction {
    /// The kinds of record (or table) whose refusing references hold `id`, in declaration order;
    /// empty when it can be deleted.
    public func refusingReferences(to recordType: String, _ id: UUID) async throws -> [String] {
        var found: [String] = []
        for (table, reference) in StoreSchema.references(to: recordType) where reference.onDelete == .refuse {
            let name = table.recordType.map(Self.words) ?? table.table
            if found.contains(name) { continue }
            if try await isReferenced(id, from: table.table, at: reference.place) { found.append(name) }
        }
        return found
    }

    /// The records of `type` that hold `id` through a cascading reference of theirs.
    public func cascading<R: StoredRecord>(_ type: R.Type, to recordType: String, _ id: UUID) async throws -> [R] {
        var found: [R] = []
        for reference in R.schema.references where reference.onDelete == .cascade && reference.to.contains(recordType) {
            guard case .column(let column) = reference.place else { continue }
            found += try await records(R.self, column: column, id: id).filter { match in !found.contains { $0.id == match.id } }
        }
        return found
    }

    /// Deletes the rows of plain tables (not records) that hold `id` through a cascading reference.
    public func deletePlainRows(referencing recordType: String, _ id: UUID) async throws {
        for table in StoreSchema.plainTables {
            for reference in table.references where reference.onDelete == .cascade && reference.to.contains(recordType) {
                guard case .column(let column) = reference.place else { continue }
                try await run("DELETE FROM \(ident: table.table) WHERE \(ident: column) = \(bind: id.uuidString.lowercased())")
            }
        }
    }

    /// Whether a row of `table` holds `id` at `place`.
    private func isReferenced(_ id: UUID, from table: String, at place: Reference.Place) async throws -> Bool {
        let key = id.uuidString.lowercased()
        let condition: SQLQueryString
        switch place {
        case .column(let column):
            condition = "\(ident: column) = \(bind: key)"
        case .document(let path):
            if dialect == .postgres {
                // An array contains its element, and a scalar contains itself.
                condition = "(data::jsonb #> \(bind: "{" + path.joined(separator: ",") + "}")::text[]) @> to_jsonb(\(bind: key)::text)"
            } else {
                condition = "EXISTS (SELECT 1 FROM json_each(data, \(bind: "$." + path.joined(separator: "."))) WHERE value = \(bind: key))"
            }
        }
        return try await !rows("SELECT 1 AS one FROM \(ident: table) WHERE \(condition) LIMIT 1").isEmpty
    }

    /// `priceListItem` → `price list item`.
    static func words(_ recordType: String) -> String {
        recordType.reduce(into: "") { text, character in
            if character.isUppercase { text += " " + character.lowercased() } else { text.append(character) }
        }
    }
}
