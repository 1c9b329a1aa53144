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
        }
    }
}

/// Runs raw SQL on the world's database, to inject failures the way a real engine fails.
func execute(_ world: TestWorld, _ sql: String) async throws {
    try await world.services.store.write { tx in try await tx.run(SQLQueryString(sql)) }
}

func count<R: StoredRecord>(_ world: TestWorld, _ type: R.Type) async throws -> Int {
    try await world.services.store.read { tx in try await tx.count(R.self, where: "1 = 1") }
}
