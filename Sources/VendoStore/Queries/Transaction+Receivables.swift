import Foundation
import SQLKit
import VendoCore

extension Transaction {
    /// The invoices (not credit notes) issued on or before `day`, of the given owners (nil:
    /// everyone's) and, when given, of one customer: what receivables are made of.
    public func issuedInvoices(through day: Day, owners: Set<ID<User>>?, customerId: UUID? = nil) async throws -> [Invoice] {
        var condition: SQLQueryString = "kind = 'invoice' AND issued_at IS NOT NULL AND issued_at < \(bind: Self.timestamp(day.adding(days: 1).start))"
        if let owners {
            let ids = owners.map(\.description)
            condition = ids.isEmpty ? "1 = 0" : condition + " AND owner_id IN (\(binds: ids))"
        }
        if let customerId { condition = condition + " AND customer_id = \(bind: customerId.uuidString.lowercased())" }
        return try await select(Invoice.self, where: condition)
    }
}

extension Transaction {
    /// Every issued invoice and credit note, oldest first.
    public func issuedDocuments() async throws -> [Invoice] {
        try await select(Invoice.self, where: "issued_at IS NOT NULL")
    }
}
