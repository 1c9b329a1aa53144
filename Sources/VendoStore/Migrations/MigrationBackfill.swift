import Foundation
import SQLKit

/// The mechanics shipped migrations fill new columns with. Migrations 5 and 8 depend on what
/// these do: never change their behaviour; a migration that needs something else brings it.
enum MigrationBackfill {
    /// Decodes every row's document of `table` as `shape` and runs the statement made from it,
    /// 500 rows at a time in the order of their ids. The version and the document stay as they are.
    static func each<Shape: Decodable & Sendable>(
        _ shape: Shape.Type, in table: String, _ tx: Transaction,
        _ statement: (String, Shape) throws -> SQLQueryString
    ) async throws {
        var after = ""
        while true {
            let batch = try await tx.rows("SELECT id, data FROM \(ident: table) WHERE id > \(bind: after) ORDER BY id LIMIT 500")
            guard !batch.isEmpty else { return }
            for row in batch {
                after = try row.decode(column: "id", as: String.self)
                let data = try row.decode(column: "data", as: String.self)
                let document: Shape
                do {
                    document = try JSONDecoder().decode(Shape.self, from: Data(data.utf8))
                } catch {
                    throw StoreError.corrupt("\(table) \(after): \(error)")
                }
                try await tx.run(try statement(after, document))
            }
        }
    }

    /// Half away from zero, to `scale` decimals (NSDecimalNumber's plain rounding).
    static func rounded(_ value: Decimal, scale: Int) -> Decimal {
        var value = value
        var result = Decimal()
        NSDecimalRound(&result, &value, scale, .plain)
        return result
    }

    /// An amount as an integer of ten-thousandths, as the money columns keep it; nil when it
    /// does not fit.
    static func money(_ value: Decimal) -> Int64? {
        let units = rounded(value * 10_000, scale: 0)
        guard abs(units) <= Decimal(Int64.max) else { return nil }
        return Int64(truncating: NSDecimalNumber(decimal: units))
    }

    /// Days from 1970-01-01 to a `YYYY-MM-DD` day; nil for any other text.
    static func daysSinceEpoch(_ text: String) -> Int? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        return era * 146_097 + yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear - 719_468
    }

    /// The UTC calendar day of an instant, as days from 1970-01-01.
    static func utcDaysSinceEpoch(_ date: Date) -> Int {
        Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
    }
}
