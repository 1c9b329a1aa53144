import Foundation
import SQLKit
import VendoCore

/// The named queries services use; each is backed by an index of the initial schema.
extension Transaction {
    public func user(withEmail email: String) async throws -> User? {
        guard let key = Column.emailKey(email) else { return nil }
        return try await select(User.self, where: "email_key = \(bind: key)", limit: 1).first
    }

    public func openLeads(withEmail email: String?, limit: Int = 20) async throws -> [Lead] {
        guard let key = Column.emailKey(email) else { return [] }
        // The state is checked here, not in SQL: given both, SQLite walks the state index (every
        // open lead) rather than the e-mail one, and a duplicate check would cost a scan.
        return try await select(Lead.self, where: "email_key = \(bind: key)", limit: 10 * limit)
            .filter { $0.state == .open }.prefix(limit).map { $0 }
    }

    /// The open leads of each of these e-mail addresses (by `Column.emailKey`), oldest first:
    /// one query for a batch of imported rows.
    public func openLeads(withEmailKeys keys: Set<String>) async throws -> [String: [Lead]] {
        guard !keys.isEmpty else { return [:] }
        let found = try await select(Lead.self, where: "email_key IN (\(binds: Array(keys)))")
        return Dictionary(grouping: found.filter { $0.state == .open }) { Column.emailKey($0.fields.email) ?? "" }
    }

    /// Leads in any state with this e-mail address, oldest first.
    public func leads(withEmail email: String?, limit: Int = 50) async throws -> [Lead] {
        guard let key = Column.emailKey(email) else { return [] }
        return try await select(Lead.self, where: "email_key = \(bind: key)", limit: limit)
    }

    /// Opportunities whose contact or customer is one of `ids` (a contact, their account).
    public func opportunities(involving ids: [UUID], limit: Int = 50) async throws -> [Opportunity] {
        var found: [Opportunity] = []
        for id in ids {
            let key = id.uuidString.lowercased()
            for column in ["contact_id", "customer_id"] {
                found += try await select(Opportunity.self, where: "\(ident: column) = \(bind: key)", limit: limit)
                    .filter { match in !found.contains { $0.id == match.id } }
            }
        }
        return found
    }

    /// The records whose `column` holds `id` (a reference), oldest first.
    public func records<R: StoredRecord>(_ type: R.Type, column: String, id: UUID) async throws -> [R] {
        try await select(R.self, where: "\(ident: column) = \(bind: id.uuidString.lowercased())")
    }

    /// Accounts with the same name (case- and space-insensitive) or the same website domain.
    public func accounts(named name: String?, orDomainOf website: String?, limit: Int = 20) async throws -> [Account] {
        var found: [Account] = []
        if let key = Column.nameKey(name) {
            found += try await select(Account.self, where: "name_key = \(bind: key)", limit: limit)
        }
        if let domain = Column.domain(website) {
            found += try await select(Account.self, where: "website_domain = \(bind: domain)", limit: limit)
                .filter { match in !found.contains { $0.id == match.id } }
        }
        return found
    }

    public func contacts(withEmail email: String?, limit: Int = 20) async throws -> [Contact] {
        guard let key = Column.emailKey(email) else { return [] }
        return try await select(Contact.self, where: "email_key = \(bind: key)", limit: limit)
    }

    public func product(withNumber number: String) async throws -> Product? {
        try await select(Product.self, where: "number_key = \(bind: number.lowercased())", limit: 1).first
    }

    public func priceListItem(priceList: ID<PriceList>, product: ID<Product>, unit: ID<UnitOfMeasure>) async throws -> PriceListItem? {
        try await select(PriceListItem.self, where: """
            price_list_id = \(bind: priceList.description) AND product_id = \(bind: product.description)
            AND unit_id = \(bind: unit.description)
            """, limit: 1).first
    }

    public func units(inGroup group: ID<UnitGroup>) async throws -> [UnitOfMeasure] {
        try await select(UnitOfMeasure.self, where: "group_id = \(bind: group.description)")
    }

    public func quotes(ofOpportunity id: ID<Opportunity>) async throws -> [Quote] {
        try await select(Quote.self, where: "opportunity_id = \(bind: id.description)")
    }

    public func invoices(ofOrder id: ID<Order>) async throws -> [Invoice] {
        try await select(Invoice.self, where: "order_id = \(bind: id.description)")
    }

    public func activities(regarding id: UUID) async throws -> [Activity] {
        try await select(Activity.self, where: "regarding_id = \(bind: id.uuidString.lowercased())")
    }

    public func closeRecords(regarding id: UUID) async throws -> [CloseRecord] {
        try await select(CloseRecord.self, where: "regarding_id = \(bind: id.uuidString.lowercased())")
    }
}

extension Transaction {
    /// Every record of a small table (units, price lists), for lookups by name during an import.
    public func all<R: StoredRecord>(_ type: R.Type, limit: Int = 100_000) async throws -> [R] {
        try await select(R.self, where: "1 = 1", limit: limit)
    }
}

extension Transaction {
    /// Every record in one state, oldest first (the daily round's open tasks and active invoices).
    public func records<R: StoredRecord>(_ type: R.Type, inState state: String) async throws -> [R] {
        try await select(R.self, where: "state = \(bind: state)")
    }
}
