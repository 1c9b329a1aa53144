import Foundation
import VendoCore

extension Opportunity: StoredRecord {
    public static let schema = RecordSchema<Opportunity>(table: "opportunities", columns: [
        IndexedColumn("customer_type", .text) { $0.fields.customer.type },
        IndexedColumn("customer_id", .text, filters: ["customerId", "accountId"]) { $0.fields.customer.id.uuidString.lowercased() },
        IndexedColumn("contact_id", .text, filters: ["contactId"]) { Column.text($0.fields.contactId) },
        IndexedColumn("originating_lead_id", .text, filters: ["originatingLeadId"]) { Column.text($0.originatingLeadId) },
        IndexedColumn("price_list_id", .text, filters: ["priceListId"]) { Column.text($0.pricing.fields.priceListId) },
        IndexedColumn("currency", .text) { $0.pricing.currency },
        IndexedColumn("forecast_category", .text, filters: ["forecastCategory"]) { $0.fields.forecastCategory.rawValue },
        IndexedColumn("estimated_close_date", .text) { Column.text($0.fields.estimatedCloseDate) },
        IndexedColumn("estimated_revenue", .money) { Column.money($0.estimatedRevenue) },
        IndexedColumn("estimated_revenue_base", .money) { Column.money($0.estimatedRevenueBase) },
        IndexedColumn("actual_revenue", .money) { Column.money($0.actualRevenue) },
        IndexedColumn("actual_close_date", .text) { Column.text($0.actualCloseDate) },
        IndexedColumn("total_amount", .money) { Column.money($0.pricing.totals.totalAmount) ?? 0 },
        IndexedColumn("total_amount_base", .money) { Column.money($0.pricing.totals.base.totalAmount) ?? 0 },
        IndexedColumn("process_id", .text, filters: ["processId"]) { Column.text($0.process?.processId) },
        IndexedColumn("stage", .text, filters: ["stage"]) { $0.process?.stage },
        IndexedColumn("probability", .integer) { $0.fields.probability.map(Int64.init) },
        IndexedColumn("actual_revenue_base", .money) { opportunity in
            Column.money(opportunity.actualRevenue.map(opportunity.pricing.toBase))
        },
        IndexedColumn("cycle_days", .integer) { opportunity in
            opportunity.actualCloseDate.map { Int64($0.days(since: Day(opportunity.info.createdAt))) }
        },
    ], references: [
        Reference("customer_id", to: ["account", "contact"]),
        Reference("contact_id", to: ["contact"]),
        Reference("originating_lead_id", to: ["lead"]),
        Reference("price_list_id", to: ["priceList"]),
        Reference("process_id", to: ["process"]),
        Reference(document: ["fields", "competitorIds"], to: ["competitor"]),
    ], searchIndexed: true)
    public var searchText: String { Column.search(fields.name, fields.description, Column.customText(fields.customFields)) }
}

extension Quote: StoredRecord {
    public static let schema = RecordSchema<Quote>(table: "quotes", columns: [
        IndexedColumn("number", .text, filters: ["number"]) { $0.number },
        IndexedColumn("revision_number", .integer) { Int64($0.revisionNumber) },
        IndexedColumn("opportunity_id", .text, filters: ["opportunityId"]) { Column.text($0.opportunityId) },
        IndexedColumn("customer_id", .text, filters: ["customerId", "accountId"]) { $0.customer.id.uuidString.lowercased() },
        IndexedColumn("price_list_id", .text, filters: ["priceListId"]) { Column.text($0.pricing.fields.priceListId) },
        IndexedColumn("currency", .text) { $0.pricing.currency },
        IndexedColumn("contact_id", .text, filters: ["contactId"]) { Column.text($0.fields.contactId) },
        IndexedColumn("total_amount", .money) { Column.money($0.pricing.totals.totalAmount) ?? 0 },
        IndexedColumn("total_amount_base", .money) { Column.money($0.pricing.totals.base.totalAmount) ?? 0 },
    ], references: Self.documentReferences + [
        Reference("opportunity_id", to: ["opportunity"]),
    ], unique: [["number", "revision_number"]], searchIndexed: true)
    public var searchText: String { Column.search(number, fields.name, Column.customText(fields.customFields)) }
}

extension Order: StoredRecord {
    public static let schema = RecordSchema<Order>(table: "orders", columns: [
        IndexedColumn("number", .text, filters: ["number"]) { $0.number },
        IndexedColumn("quote_id", .text, filters: ["quoteId"]) { Column.text($0.quoteId) },
        IndexedColumn("opportunity_id", .text, filters: ["opportunityId"]) { Column.text($0.opportunityId) },
        IndexedColumn("customer_id", .text, filters: ["customerId", "accountId"]) { $0.customer.id.uuidString.lowercased() },
        IndexedColumn("price_list_id", .text, filters: ["priceListId"]) { Column.text($0.pricing.fields.priceListId) },
        IndexedColumn("currency", .text) { $0.pricing.currency },
        IndexedColumn("contact_id", .text, filters: ["contactId"]) { Column.text($0.fields.contactId) },
        IndexedColumn("total_amount", .money) { Column.money($0.pricing.totals.totalAmount) ?? 0 },
        IndexedColumn("total_amount_base", .money) { Column.money($0.pricing.totals.base.totalAmount) ?? 0 },
    ], references: Quote.documentReferences + [
        Reference("quote_id", to: ["quote"]),
        Reference("opportunity_id", to: ["opportunity"]),
    ], unique: [["number"]], searchIndexed: true)
    public var searchText: String { Column.search(number, fields.name, Column.customText(fields.customFields)) }
}

extension Invoice: StoredRecord {
    public static let schema = RecordSchema<Invoice>(table: "invoices", columns: [
        IndexedColumn("number", .text, filters: ["number"]) { $0.number },
        IndexedColumn("kind", .text, filters: ["kind"]) { $0.kind.rawValue },
        IndexedColumn("order_id", .text, filters: ["orderId"]) { Column.text($0.orderId) },
        IndexedColumn("opportunity_id", .text, filters: ["opportunityId"]) { Column.text($0.opportunityId) },
        IndexedColumn("customer_id", .text, filters: ["customerId", "accountId"]) { $0.customer.id.uuidString.lowercased() },
        IndexedColumn("credited_invoice_id", .text) { Column.text($0.creditedInvoiceId) },
        IndexedColumn("currency", .text) { $0.pricing.currency },
        IndexedColumn("total_amount", .money) { Column.money($0.pricing.totals.totalAmount) ?? 0 },
        IndexedColumn("total_amount_base", .money) { Column.money($0.pricing.totals.base.totalAmount) ?? 0 },
        IndexedColumn("amount_paid", .money) { Column.money($0.amountPaid) ?? 0 },
        IndexedColumn("amount_due", .money) { Column.money($0.amountDue) ?? 0 },
        IndexedColumn("issued_at", .timestamp) { $0.issuedAt.map(Transaction.timestamp) },
        IndexedColumn("due_date", .text, filters: ["dueDate"]) { Column.text($0.fields.dueDate) },
        IndexedColumn("contact_id", .text, filters: ["contactId"]) { Column.text($0.fields.contactId) },
    ], references: [
        Reference("customer_id", to: ["account", "contact"]),
        Reference("contact_id", to: ["contact"]),
        Reference("order_id", to: ["order"]),
        Reference("opportunity_id", to: ["opportunity"]),
        Reference("credited_invoice_id", to: ["invoice"]),
        // An invoice of late-payment charges names the late invoice.
        Reference(document: ["lateChargesOf"], to: ["invoice"]),
    ], unique: [["number"]], searchIndexed: true)
    public var searchText: String { Column.search(number, fields.name, Column.customText(fields.customFields)) }
}

extension Quote {
    /// What quotes and orders both reference: their customer, contact and price list.
    static let documentReferences = [
        Reference("customer_id", to: ["account", "contact"]),
        Reference("contact_id", to: ["contact"]),
        Reference("price_list_id", to: ["priceList"]),
    ]
}
