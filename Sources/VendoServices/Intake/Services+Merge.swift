import Foundation
import VendoCore
import VendoStore

/// The records that look like one record (SALES-PROCESS.md §3), and merging two of them.
extension Services {
    /// Other leads with the lead's e-mail, contacts with it, and accounts with its company's
    /// name or website domain; only what the caller may see.
    public func duplicates(ofLead id: ID<Lead>, by caller: Caller) async throws -> [DuplicateMatch] {
        try await read(as: caller) { tx in
            let lead = try await load(Lead.self, id, in: tx)
            let leads = try await tx.leads(withEmail: lead.fields.email).filter { $0.id != id && $0.state == .open }.filter(isVisible).map {
                DuplicateMatch(recordType: "lead", id: $0.id.uuid, name: $0.fullName.isEmpty ? $0.fields.topic : $0.fullName, matchedOn: "email")
            }
            return leads + (try await contactDuplicates(email: lead.fields.email, in: tx))
                + (try await accountDuplicates(name: lead.fields.companyName, website: lead.fields.website, in: tx))
        }
    }

    public func duplicates(ofAccount id: ID<Account>, by caller: Caller) async throws -> [DuplicateMatch] {
        try await read(as: caller) { tx in
            let account = try await load(Account.self, id, in: tx)
            return try await accountDuplicates(name: account.fields.name, website: account.fields.website, in: tx).filter { $0.id != id.uuid }
        }
    }

    public func duplicates(ofContact id: ID<Contact>, by caller: Caller) async throws -> [DuplicateMatch] {
        try await read(as: caller) { tx in
            let contact = try await load(Contact.self, id, in: tx)
            return try await contactDuplicates(email: contact.fields.email, in: tx).filter { $0.id != id.uuid }
        }
    }

    /// Merges an open lead into another: the master keeps its values, fills its empty fields from
    /// the duplicate (or takes the duplicate's for the fields in `take`), and gets its activities;
    /// the duplicate is closed (disqualified, canceled) with `mergedIntoId`. Both keep their history.
    public func mergeLeads(_ master: ID<Lead>, duplicate: ID<Lead>, take: Set<String> = [], ifVersion: Int?,
                           by caller: Caller) async throws -> Lead {
        try await write(as: caller) { tx in
            let other = try await load(Lead.self, duplicate, in: tx)
            var closed = other
            try closed.merge(into: master)
            let kept = try await change(Lead.self, master, ifVersion: ifVersion, by: caller, action: "merge", in: tx) { lead in
                try lead.ensure(.merge)
                try lead.update(try Self.merged(lead.fields, other.fields, take: take))
            }
            try await save(closed, from: other, by: caller, action: "merge", in: tx)
            try await moveActivities(from: duplicate.uuid, to: master.uuid, by: caller, in: tx)
            try await tx.appendHistory([mergeEntry(Lead.recordType, master.uuid, duplicate.uuid, caller)])
            return try await load(Lead.self, kept.id, in: tx)
        }
    }

    /// Merges an account into another: fields as for leads; contacts, opportunities, quotes,
    /// orders, invoices and activities of the duplicate move to the master; the duplicate is
    /// then deleted (its history stays, and the master's history names it).
    public func mergeAccounts(_ master: ID<Account>, duplicate: ID<Account>, take: Set<String> = [], ifVersion: Int?,
                              by caller: Caller) async throws -> Account {
        try await write(as: caller) { tx in
            let other = try await load(Account.self, duplicate, in: tx)
            if master == duplicate { throw ServiceError.invalid("duplicateId", "same_record", "an account cannot be merged into itself") }
            _ = try await change(Account.self, master, ifVersion: ifVersion, by: caller, action: "merge", in: tx) { account in
                try account.update(try Self.merged(account.fields, other.fields, take: take))
            }
            for contact in try await tx.records(Contact.self, column: "account_id", id: duplicate.uuid) {
                var moved = contact
                moved.fields.accountId = master
                try await save(moved, from: contact, by: caller, action: "merge", in: tx, checked: false)
            }
            try await moveCustomer(from: .account(duplicate), to: .account(master), by: caller, in: tx)
            try await moveActivities(from: duplicate.uuid, to: master.uuid, by: caller, in: tx)
            try await tx.appendHistory([mergeEntry(Account.recordType, master.uuid, duplicate.uuid, caller)])
            try await remove(other, ifVersion: nil, by: caller, in: tx)
            return try await load(Account.self, master, in: tx)
        }
    }

    /// Merges a contact into another, as accounts are merged; documents naming the duplicate as
    /// their contact or customer name the master.
    public func mergeContacts(_ master: ID<Contact>, duplicate: ID<Contact>, take: Set<String> = [], ifVersion: Int?,
                              by caller: Caller) async throws -> Contact {
        try await write(as: caller) { tx in
            let other = try await load(Contact.self, duplicate, in: tx)
            if master == duplicate { throw ServiceError.invalid("duplicateId", "same_record", "a contact cannot be merged into itself") }
            _ = try await change(Contact.self, master, ifVersion: ifVersion, by: caller, action: "merge", in: tx) { contact in
                try contact.update(try Self.merged(contact.fields, other.fields, take: take))
            }
            try await moveCustomer(from: .contact(duplicate), to: .contact(master), by: caller, in: tx)
            try await moveContact(from: duplicate, to: master, by: caller, in: tx)
            try await moveActivities(from: duplicate.uuid, to: master.uuid, by: caller, in: tx)
            try await tx.appendHistory([mergeEntry(Contact.recordType, master.uuid, duplicate.uuid, caller)])
            try await remove(other, ifVersion: nil, by: caller, in: tx)
            return try await load(Contact.self, master, in: tx)
        }
    }

    private func mergeEntry(_ type: String, _ master: UUID, _ duplicate: UUID, _ caller: Caller) -> HistoryEntry {
        HistoryEntry(id: ids.next(), recordType: type, recordId: master, at: clock.now(), userId: caller.userId, action: "merge",
                     field: "mergedRecord", oldValue: nil, newValue: duplicate.uuidString.lowercased())
    }

    private func moveActivities(from duplicate: UUID, to master: UUID, by caller: Caller, in tx: Transaction) async throws {
        for activity in try await tx.activities(regarding: duplicate) {
            var moved = activity
            moved.moveRegarding(to: master)
            try await save(moved, from: activity, by: caller, action: "merge", in: tx, checked: false)
        }
    }

    /// Opportunities, quotes, orders and invoices whose customer is `from` get `to`.
    private func moveCustomer(from: Customer, to: Customer, by caller: Caller, in tx: Transaction) async throws {
        try await repoint(Opportunity.self, column: "customer_id", id: from.id, \.fields.customer, from: from, to: to, by: caller, in: tx)
        try await repoint(Quote.self, column: "customer_id", id: from.id, \.customer, from: from, to: to, by: caller, in: tx)
        try await repoint(Order.self, column: "customer_id", id: from.id, \.customer, from: from, to: to, by: caller, in: tx)
        try await repoint(Invoice.self, column: "customer_id", id: from.id, \.customer, from: from, to: to, by: caller, in: tx)
    }

    /// Documents whose contact is `from` get `to`.
    private func moveContact(from: ID<Contact>, to: ID<Contact>, by caller: Caller, in tx: Transaction) async throws {
        let old: ID<Contact>? = from, new: ID<Contact>? = to
        try await repoint(Opportunity.self, column: "contact_id", id: from.uuid, \.fields.contactId, from: old, to: new, by: caller, in: tx)
        try await repoint(Quote.self, column: "contact_id", id: from.uuid, \.fields.contactId, from: old, to: new, by: caller, in: tx)
        try await repoint(Order.self, column: "contact_id", id: from.uuid, \.fields.contactId, from: old, to: new, by: caller, in: tx)
        try await repoint(Invoice.self, column: "contact_id", id: from.uuid, \.fields.contactId, from: old, to: new, by: caller, in: tx)
    }

    /// Saves every record of `type` whose reference at `path` is `from` (whose id `id` the
    /// indexed `column` holds) with `to` instead, each with its history entry.
    private func repoint<R: StoredRecord, V: Equatable & Sendable>(
        _ type: R.Type, column: String, id: UUID, _ path: WritableKeyPath<R, V>, from: V, to: V, by caller: Caller, in tx: Transaction
    ) async throws {
        for record in try await tx.records(R.self, column: column, id: id) where record[keyPath: path] == from {
            var moved = record
            moved[keyPath: path] = to
            try await save(moved, from: record, by: caller, action: "merge", in: tx, checked: false)
        }
    }

    /// `master` with its empty fields filled from `duplicate`, and the fields named in `take`
    /// taken from `duplicate`. Values travel through JSON so that amounts stay exact.
    static func merged<F: Codable>(_ master: F, _ duplicate: F, take: Set<String>) throws -> F {
        let known = Set(Mirror(reflecting: master).children.compactMap(\.label))
        let unknown = take.subtracting(known).sorted()
        if !unknown.isEmpty {
            throw ServiceError.validation(unknown.map { FieldError("take", "unknown_field", "there is no field \($0) to take") })
        }
        let encoder = JSONEncoder(), decoder = JSONDecoder()
        var fields = try decoder.decode([String: JSONTree].self, from: try encoder.encode(master))
        let other = try decoder.decode([String: JSONTree].self, from: try encoder.encode(duplicate))
        for (key, value) in other where take.contains(key) || (fields[key]?.isEmpty ?? true) {
            fields[key] = value
        }
        for key in take where other[key] == nil { fields[key] = nil }
        return try decoder.decode(F.self, from: try encoder.encode(fields))
    }
}
