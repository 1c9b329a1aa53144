import Foundation
import SQLKit
import VendoCore

extension Transaction {
    /// The organisation's settings, read once per transaction (`memo`).
    public func settings() async throws -> OrganisationSettings? {
        if let known = memo.withLock({ $0.settings }) { return known }
        let found = try await rows("SELECT data FROM settings WHERE id = 1")
        let settings = try found.first.map { try Self.decode(OrganisationSettings.self, try $0.decode(column: "data", as: String.self)) }
        memo.withLock { $0.settings = .some(settings) }
        return settings
    }

    /// Saves the settings over `expectedVersion` (nil for the first save).
    public func saveSettings(_ settings: OrganisationSettings, expectedVersion: Int?) async throws {
        memo.withLock { $0.settings = nil }
        let data = try Self.encode(settings)
        if let expectedVersion {
            let updated = try await rows("""
                UPDATE settings SET data = \(bind: data), version = \(bind: Int64(settings.version))
                WHERE id = 1 AND version = \(bind: Int64(expectedVersion)) RETURNING id
                """)
            if updated.isEmpty {
                let actual = try await self.settings()?.version ?? 0
                throw StoreError.staleVersion(recordType: "settings", id: "1", expected: expectedVersion, actual: actual)
            }
        } else {
            try await run("INSERT INTO settings (id, version, data) VALUES (1, \(bind: Int64(settings.version)), \(bind: data))")
        }
    }

    /// A currency, read once per transaction (`memo`).
    public func currency(_ code: String) async throws -> Currency? {
        if let known = memo.withLock({ $0.currencies[code] }) { return known }
        let found = try await rows("SELECT data FROM currencies WHERE code = \(bind: code)")
        let currency = try found.first.map { try Self.decode(Currency.self, try $0.decode(column: "data", as: String.self)) }
        memo.withLock { $0.currencies[code] = .some(currency) }
        return currency
    }

    public func currencies() async throws -> [Currency] {
        try await rows("SELECT data FROM currencies ORDER BY code").map {
            try Self.decode(Currency.self, try $0.decode(column: "data", as: String.self))
        }
    }

    public func insertCurrency(_ currency: Currency) async throws {
        memo.withLock { $0.currencies[currency.code] = nil }
        try await run("""
            INSERT INTO currencies (code, version, data)
            VALUES (\(bind: currency.code), \(bind: Int64(currency.version)), \(bind: try Self.encode(currency)))
            """)
    }

    public func updateCurrency(_ currency: Currency, expectedVersion: Int) async throws {
        memo.withLock { $0.currencies[currency.code] = nil }
        let updated = try await rows("""
            UPDATE currencies SET data = \(bind: try Self.encode(currency)), version = \(bind: Int64(currency.version))
            WHERE code = \(bind: currency.code) AND version = \(bind: Int64(expectedVersion)) RETURNING code
            """)
        if updated.isEmpty {
            guard let stored = try await self.currency(currency.code) else {
                throw StoreError.notFound(recordType: "currency", id: currency.code)
            }
            throw StoreError.staleVersion(recordType: "currency", id: currency.code, expected: expectedVersion, actual: stored.version)
        }
    }

    public func deleteCurrency(_ code: String) async throws {
        memo.withLock { $0.currencies[code] = nil }
        try await run("DELETE FROM currencies WHERE code = \(bind: code)")
    }

    /// True when a price list, discount list or document is in `code`.
    public func isCurrencyUsed(_ code: String) async throws -> Bool {
        for table in ["price_lists", "opportunities", "quotes", "orders", "invoices"] {
            if !(try await rows("SELECT 1 AS one FROM \(ident: table) WHERE currency = \(bind: code) LIMIT 1")).isEmpty { return true }
        }
        return try await select(DiscountList.self, where: "1 = 1").contains { $0.fields.currency == code }
    }

    /// True once any opportunity, quote, order or invoice exists (the base currency is then fixed).
    public func hasDocuments() async throws -> Bool {
        let found = try await rows("""
            SELECT 1 AS one FROM opportunities UNION ALL SELECT 1 FROM quotes UNION ALL SELECT 1 FROM orders
            UNION ALL SELECT 1 FROM invoices LIMIT 1
            """)
        return !found.isEmpty
    }
}
