import Foundation
import VendoCore
import VendoStore

extension Services {
    /// Prepares an empty database: default settings, the base currency and the default sales
    /// process. Does nothing on a database that has them.
    @discardableResult
    public func setUpOrganisation(baseCurrency: Currency = Currency(code: "EUR", name: "Euro", symbol: "€", precision: 2, exchangeRate: 1))
        async throws -> OrganisationSettings {
        try await write(as: nil) { tx in
            try await tx.lockSetup()
            try await seedDefaultProcess(in: tx)
            if let settings = try await tx.settings() { return settings }
            var base = baseCurrency
            base.exchangeRate = 1
            try base.validate()
            let settings = OrganisationSettings(baseCurrency: base.code)
            try await tx.saveSettings(settings, expectedVersion: nil)
            if try await tx.currency(base.code) == nil { try await tx.insertCurrency(base) }
            return settings
        }
    }

    func settings(in tx: Transaction) async throws -> OrganisationSettings {
        guard let settings = try await tx.settings() else {
            throw ServiceError.conflict(code: "not_set_up", message: "the organisation is not set up yet", related: [])
        }
        return settings
    }

    public func settings() async throws -> OrganisationSettings {
        try await read { tx in try await settings(in: tx) }
    }

    /// Changes the settings; `smtpPassword` sets or clears the SMTP password, which is kept
    /// apart and only noted as changed in the history.
    public func updateSettings(ifVersion: Int?, smtpPassword: SecretEdit? = nil, by caller: Caller,
                               _ change: @escaping @Sendable (inout OrganisationSettings) throws -> Void) async throws -> OrganisationSettings {
        try await changeSettings(ifVersion: ifVersion, smtpPassword: smtpPassword, by: caller) { settings, _ in try change(&settings) }
    }

    /// `updateSettings`, with a change that may read the database in the same transaction.
    func changeSettings(ifVersion: Int?, smtpPassword: SecretEdit? = nil, by caller: Caller,
                        _ change: @escaping @Sendable (inout OrganisationSettings, Transaction) async throws -> Void) async throws -> OrganisationSettings {
        try await write(as: caller) { tx in
            try ensureAdmin(caller, "settings", "update")
            let before = try await settings(in: tx)
            if let ifVersion, ifVersion != before.version {
                throw ServiceError.staleVersion(recordType: "settings", id: "1", expected: ifVersion, actual: before.version)
            }
            var next = before
            try await change(&next, tx)
            next.version = before.version + 1
            next.normalizeIdentifiers()
            try next.validate()
            let dropped = next.choiceListProblems(replacing: before)
            if !dropped.isEmpty { throw ServiceError.validation(dropped) }
            if next.baseCurrency != before.baseCurrency {
                if try await tx.hasDocuments() {
                    throw ServiceError.conflict(code: "base_currency_in_use",
                                                message: "the base currency cannot change once documents exist", related: [])
                }
                guard var base = try await tx.currency(next.baseCurrency) else {
                    throw ServiceError.invalid("baseCurrency", "unknown_currency", "add the currency \(next.baseCurrency) first")
                }
                if base.exchangeRate != 1 {
                    let oldVersion = base.version
                    base.exchangeRate = 1
                    base.version += 1
                    try await tx.updateCurrency(base, expectedVersion: oldVersion)
                }
            }
            try await tx.saveSettings(next, expectedVersion: before.version)
            var passwordEdit = smtpPassword
            if next.smtp == nil, before.smtp != nil { passwordEdit = .clear }
            if let passwordEdit {
                var check = Validator()
                if case .set(let password) = passwordEdit { check.require(password, "smtp.password", maxLength: 500) }
                try check.check()
                let value: String? = if case .set(let password) = passwordEdit { password } else { nil }
                let had = try await tx.secret(Self.smtpPasswordSecret) != nil
                try await tx.setSecret(Self.smtpPasswordSecret, value, at: clock.now())
                if had || value != nil {
                    try await tx.appendHistory([HistoryEntry(id: ids.next(), recordType: "settings", recordId: Self.organisationId, at: clock.now(),
                                                             userId: caller.userId, action: "update", field: "smtp.password",
                                                             newValue: value == nil ? "cleared" : "changed")])
                }
            }
            let changes = RecordDiff.changes(from: before, to: next).filter { $0.field != "version" }
            try await tx.appendHistory(changes.map {
                HistoryEntry(id: ids.next(), recordType: "settings", recordId: Self.organisationId, at: clock.now(),
                             userId: caller.userId, action: "update", field: $0.field, oldValue: $0.oldValue, newValue: $0.newValue)
            })
            return next
        }
    }

    // MARK: Currencies

    public func currencies() async throws -> [Currency] {
        try await read { tx in try await tx.currencies() }
    }

    public func currency(_ code: String) async throws -> Currency {
        try await read { tx in try await loadCurrency(code, field: "code", in: tx, notFound: true) }
    }

    func loadCurrency(_ code: String, field: String, in tx: Transaction, notFound: Bool = false) async throws -> Currency {
        guard let currency = try await tx.currency(code) else {
            if notFound { throw ServiceError.notFound(recordType: "currency", id: code) }
            throw ServiceError.invalid(field, "unknown_currency", "the currency \(code) is not set up")
        }
        return currency
    }

    public func createCurrency(_ currency: Currency, by caller: Caller) async throws -> Currency {
        try await write(as: caller) { tx in
            try ensureAdmin(caller, "currency", "create")
            var new = currency
            new.version = 1
            try new.validate()
            let settings = try await settings(in: tx)
            if new.code == settings.baseCurrency && new.exchangeRate != 1 {
                throw ServiceError.invalid("exchangeRate", "base_rate", "the base currency's exchange rate is 1")
            }
            if try await tx.currency(new.code) != nil {
                throw ServiceError.conflict(code: "already_exists", message: "the currency \(new.code) exists", related: [new.code])
            }
            try await tx.insertCurrency(new)
            try await tx.appendHistory([HistoryEntry(id: ids.next(), recordType: "currency", recordId: Self.organisationId,
                                                     at: clock.now(), userId: caller.userId, action: "create",
                                                     field: "code", newValue: new.code)])
            return new
        }
    }

    /// Removes a currency that nothing uses; the base currency stays.
    public func deleteCurrency(_ code: String, ifVersion: Int? = nil, by caller: Caller) async throws {
        try await write(as: caller) { tx in
            try ensureAdmin(caller, "currency", "delete")
            let currency = try await loadCurrency(code, field: "code", in: tx, notFound: true)
            if let ifVersion, ifVersion != currency.version {
                throw ServiceError.staleVersion(recordType: "currency", id: code, expected: ifVersion, actual: currency.version)
            }
            if try await settings(in: tx).baseCurrency == code {
                throw ServiceError.conflict(code: "base_currency", message: "the base currency cannot be deleted", related: [code])
            }
            if try await tx.isCurrencyUsed(code) {
                throw ServiceError.conflict(code: "in_use", message: "price lists or documents are in \(code)", related: [code])
            }
            try await tx.deleteCurrency(code)
            try await tx.appendHistory([HistoryEntry(id: ids.next(), recordType: "currency", recordId: Self.organisationId,
                                                     at: clock.now(), userId: caller.userId, action: "delete",
                                                     field: "code", oldValue: code)])
        }
    }

    /// Changes a currency's name, symbol, precision or rate. Documents keep the rate they froze.
    public func updateCurrency(_ code: String, ifVersion: Int?, by caller: Caller,
                               _ change: @escaping @Sendable (inout Currency) -> Void) async throws -> Currency {
        try await write(as: caller) { tx in
            try ensureAdmin(caller, "currency", "update")
            let before = try await loadCurrency(code, field: "code", in: tx, notFound: true)
            if let ifVersion, ifVersion != before.version {
                throw ServiceError.staleVersion(recordType: "currency", id: code, expected: ifVersion, actual: before.version)
            }
            var next = before
            change(&next)
            next.code = before.code
            next.version = before.version + 1
            try next.validate()
            if try await settings(in: tx).baseCurrency == code && next.exchangeRate != 1 {
                throw ServiceError.invalid("exchangeRate", "base_rate", "the base currency's exchange rate is 1")
            }
            if next.precision != before.precision, try await tx.hasDocuments() {
                throw ServiceError.invalid("precision", "in_use", "the precision cannot change once documents exist")
            }
            try await tx.updateCurrency(next, expectedVersion: before.version)
            return next
        }
    }
}

extension Services {
    /// The id under which history of organisation-wide things (settings, currencies) is kept.
    public static let organisationId = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
}
