import Foundation
import VendoCore

extension Opportunity: StoredRecord {
    public static let table = "opportunities"
    public static let filterColumns = [
        "customerId": "customer_id", "accountId": "customer_id", "contactId": "contact_id",
        "originatingLeadId": "originating_lead_id", "forecastCategory": "forecast_category", "priceListId": "price_list_id",
        "processId": "process_id", "stage": "stage",
    ]
    public var columns: [(String, any Encodable & Sendable)] {
        [("customer_type", fields.customer.type), ("customer_id", fields.customer.id.uuidString.lowercased()),
         ("contact_id", Column.text(fields.contactId)), ("originating_lead_id", Column.text(originatingLeadId)),
         ("price_list_id", Column.text(pricing.fields.priceListId)), ("currency", pricing.currency),
         ("forecast_category", fields.forecastCategory.rawValue),
         ("estimated_close_date", Column.text(fields.estimatedCloseDate)),
         ("estimated_revenue", Column.money(estimatedRevenue)), ("estimated_revenue_base", Column.money(estimatedRevenueBase)),
         ("actual_revenue", Column.money(actualRevenue)), ("actual_close_date", Column.text(actualCloseDate)),
         ("total_amount", Column.money(pricing.totals.totalAmount) ?? 0),
         ("total_amount_base", Column.money(pricing.totals.base.totalAmount) ?? 0),
         ("process_id", Column.text(process?.processId)), ("stage", process?.stage),
         ("probability", fields.probability.map(Int64.init)),
         ("actual_revenue_base", Column.money(actualRevenue.map(pricing.toBase))),
         ("cycle_days", actualCloseDate.map { Int64($0.days(since: Day(info.createdAt))) })]
    }
    public var searchText: String { Column.search(fields.name, fields.description) }
}

extension Quote: StoredRecord {
    public static let table = "quotes"
    public static let filterColumns = [
        "opportunityId": "opportunity_id", "customerId": "customer_id", "accountId": "customer_id",
        "number": "number", "priceListId": "price_list_id", "contactId": "contact_id",
    ]
    public var columns: [(String, any Encodable & Sendable)] {
        [("number", number), ("revision_number", Int64(revisionNumber)), ("opportunity_id", Column.text(opportunityId)),
         ("customer_id", customer.id.uuidString.lowercased()), ("price_list_id", Column.text(pricing.fields.priceListId)),
         ("currency", pricing.currency), ("contact_id", Column.text(fields.contactId)),
         ("total_amount", Column.money(pricing.totals.totalAmount) ?? 0),
         ("total_amount_base", Column.money(pricing.totals.base.totalAmount) ?? 0)]
    }
    public var searchText: String { Column.search(number, fields.name) }
}

extension Order: StoredRecord {
    public static let table = "orders"
    public static let filterColumns = [
        "quoteId": "quote_id", "opportunityId": "opportunity_id", "customerId": "customer_id", "accountId": "customer_id",
        "priceListId": "price_list_id", "contactId": "contact_id", "number": "number",
    ]
    public var columns: [(String, any Encodable & Sendable)] {
        [("number", number), ("quote_id", Column.text(quoteId)), ("opportunity_id", Column.text(opportunityId)),
         ("customer_id", customer.id.uuidString.lowercased()), ("price_list_id", Column.text(pricing.fields.priceListId)),
         ("currency", pricing.currency), ("contact_id", Column.text(fields.contactId)),
         ("total_amount", Column.money(pricing.totals.totalAmount) ?? 0),
         ("total_amount_base", Column.money(pricing.totals.base.totalAmount) ?? 0)]
    }
    public var searchText: String { Column.search(number, fields.name) }
}

extension Invoice: StoredRecord {
    public static let table = "invoices"
    public static let filterColumns = [
        "orderId": "order_id", "opportunityId": "opportunity_id", "customerId": "customer_id", "accountId": "customer_id",
        "kind": "kind", "dueDate": "due_date", "contactId": "contact_id", "number": "number",
    ]
    public var columns: [(String, any Encodable & Sendable)] {
        [("number", number), ("kind", kind.rawValue), ("order_id", Column.text(orderId)),
         ("opportunity_id", Column.text(opportunityId)), ("customer_id", customer.id.uuidString.lowercased()),
         ("credited_invoice_id", Column.text(creditedInvoiceId)), ("currency", pricing.currency),
         ("total_amount", Column.money(pricing.totals.totalAmount) ?? 0),
         ("total_amount_base", Column.money(pricing.totals.base.totalAmount) ?? 0),
         ("amount_paid", Column.money(amountPaid) ?? 0), ("amount_due", Column.money(amountDue) ?? 0),
         ("issued_at", issuedAt.map(Transaction.timestamp)), ("due_date", Column.text(fields.dueDate)),
         ("contact_id", Column.text(fields.contactId))]
    }
    public var searchText: String { Column.search(number, fields.name) }
}
