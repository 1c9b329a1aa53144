import Foundation
import Testing
@testable import VendoCore
@testable import VendoServices
@testable import VendoStore
import SQLKit
import VendoTestSupport

func dec(_ text: String) -> Decimal {
    guard let value = Decimal.strict(text) else { fatalError("bad decimal in test: \(text)") }
    return value
}

extension ServiceError {
    var fieldNames: [String] {
        if case .validation(let errors) = self { return errors.map(\.field) }
        return []
    }

    var code: String? {
        switch self {
        case .validation(let errors): return errors.first?.code
        case .conflict(let code, _, _): return code
        case .invalidTransition: return "invalid_transition"
        case .staleVersion: return "stale_version"
        case .duplicatesFound: return "duplicates_found"
        case .notFound: return "not_found"
        case .forbidden: return "forbidden"
        case .unauthenticated: return "sign_in_failed"
        case .tooManyAttempts: return "too_many_attempts"
        case .rateLimited: return "rate_limited"
        case .unavailable: return "database_unavailable"
        case .toolMissing: return "ocr_unavailable"
        }
    }
}

/// Runs raw SQL on the world's database, to inject failures the way a real engine fails.
func execute(_ world: TestWorld, _ sql: String) async throws {
    try await world.services.store.write { tx in try await tx.run(SQLQueryString(sql)) }
}

/// Makes every `event` (INSERT or UPDATE) on `table` whose row matches `condition` fail, on
/// either engine; `removeFailure` takes it away.
func injectFailure(_ world: TestWorld, _ name: String, before event: String, on table: String, when condition: String) async throws {
    if world.services.store.dialect == .postgres {
        try await execute(world, "CREATE FUNCTION \(name)() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$")
        try await execute(world, "CREATE TRIGGER \(name) BEFORE \(event) ON \(table) FOR EACH ROW WHEN (\(condition)) EXECUTE FUNCTION \(name)()")
    } else {
        try await execute(world, """
            CREATE TRIGGER \(name) BEFORE \(event) ON \(table) WHEN \(condition)
            BEGIN SELECT RAISE(ABORT, 'injected failure'); END
            """)
    }
}

func removeFailure(_ world: TestWorld, _ name: String, on table: String) async throws {
    if world.services.store.dialect == .postgres {
        try await execute(world, "DROP TRIGGER \(name) ON \(table)")
        try await execute(world, "DROP FUNCTION \(name)()")
    } else {
        try await execute(world, "DROP TRIGGER \(name)")
    }
}

func count<R: StoredRecord>(_ world: TestWorld, _ type: R.Type) async throws -> Int {
    try await world.services.store.read { tx in try await tx.count(R.self, where: "1 = 1") }
}
