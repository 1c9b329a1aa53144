import Foundation
import VendoCore
import VendoStore

extension Services {
    // MARK: Accounts

    public func createAccount(_ fields: AccountFields, by caller: Caller) async throws -> Account {
        try await write(as: caller) { tx in
            let account = try Account(id: newID(), info: newInfo(caller), fields: fields)
            return try await insert(account, by: caller, in: tx, requiring: true)
        }
    }

    public func updateAccount(_ id: ID<Account>, ifVersion: Int?, by caller: Caller,
                              _ edit: @escaping @Sendable (inout AccountFields) -> Void) async throws -> Account {
        try await write(as: caller) { tx in
            try await change(Account.self, id, ifVersion: ifVersion, by: caller, action: "update", in: tx) {
                var fields = $0.fields
                edit(&fields)
                try $0.update(fields)
            }
        }
    }

    public func deleteAccount(_ id: ID<Account>, ifVersion: Int?, by caller: Caller) async throws {
        try await write(as: caller) { tx in
            let account = try await load(Account.self, id, in: tx)
            try await remove(account, ifVersion: ifVersion, by: caller, in: tx)
        }
    }

    /// Refuses to delete a record that others point at, naming their kinds.
    func ensureUnreferenced<R: StoredRecord>(_ record: R, in tx: Transaction) async throws {
        let users = try await tx.refusingReferences(to: R.recordType, record.id.uuid)
        if !users.isEmpty {
            throw ServiceError.conflict(code: "in_use", message: "the \(R.recordType) is still used by records of these kinds",
                                        related: users)
        }
    }

    // MARK: Contacts

    public func createContact(_ fields: ContactFields, by caller: Caller) async throws -> Contact {
        try await write(as: caller) { tx in
            let contact = try Contact(id: newID(), info: newInfo(caller), fields: fields)
            if let account = fields.accountId { _ = try await reference(Account.self, account, field: "accountId", in: tx) }
            return try await insert(contact, by: caller, in: tx, requiring: true)
        }
    }

    public func updateContact(_ id: ID<Contact>, ifVersion: Int?, by caller: Caller,
                              _ edit: @escaping @Sendable (inout ContactFields) -> Void) async throws -> Contact {
        try await write(as: caller) { tx in
            try await change(Contact.self, id, ifVersion: ifVersion, by: caller, action: "update", in: tx) {
                var fields = $0.fields
                edit(&fields)
                if let account = fields.accountId, account != $0.fields.accountId {
                    _ = try await reference(Account.self, account, field: "accountId", in: tx)
                }
                try $0.update(fields)
            }
        }
    }

    public func deleteContact(_ id: ID<Contact>, ifVersion: Int?, by caller: Caller) async throws {
        try await write(as: caller) { tx in
            let contact = try await load(Contact.self, id, in: tx)
            try await remove(contact, ifVersion: ifVersion, by: caller, in: tx)
        }
    }

    // MARK: Competitors

    public func createCompetitor(_ fields: CompetitorFields, by caller: Caller) async throws -> Competitor {
        try await write(as: caller) { tx in
            let competitor = try Competitor(id: newID(), info: newInfo(caller), fields: fields)
            try await insert(competitor, by: caller, in: tx)
            return competitor
        }
    }

    public func updateCompetitor(_ id: ID<Competitor>, ifVersion: Int?, by caller: Caller,
                                 _ edit: @escaping @Sendable (inout CompetitorFields) -> Void) async throws -> Competitor {
        try await write(as: caller) { tx in
            try await change(Competitor.self, id, ifVersion: ifVersion, by: caller, action: "update", in: tx) {
                var fields = $0.fields
                edit(&fields)
                try $0.update(fields)
            }
        }
    }

    public func deleteCompetitor(_ id: ID<Competitor>, ifVersion: Int?, by caller: Caller) async throws {
        try await write(as: caller) { tx in
            let competitor = try await load(Competitor.self, id, in: tx)
            try await remove(competitor, ifVersion: ifVersion, by: caller, in: tx)
        }
    }

    /// Resolves a customer reference, refusing one that does not exist.
    func checkCustomer(_ customer: Customer, field: String = "customerId", in tx: Transaction) async throws {
        switch customer {
        case .account(let id): _ = try await reference(Account.self, id, field: field, in: tx)
        case .contact(let id): _ = try await reference(Contact.self, id, field: field, in: tx)
        }
    }
}
