import Foundation
import VendoCore

extension User: StoredRecord {
    public static let table = "users"
    public var columns: [(String, any Encodable & Sendable)] { [("email_key", Column.emailKey(email) ?? "")] }
    public var searchText: String { Column.search(name, email) }
    public var stateColumn: String? { active ? "active" : "inactive" }
    public var statusColumn: String? { role.rawValue }
}

extension Lead: StoredRecord {
    public static let table = "leads"
    public static let filterColumns = ["source": "source", "email": "email_key", "qualifyingOpportunityId": "qualifying_opportunity_id",
                                       "processId": "process_id", "stage": "stage", "event": "event"]
    public var columns: [(String, any Encodable & Sendable)] {
        [("source", fields.source?.rawValue), ("email_key", Column.emailKey(fields.email)),
         ("process_id", Column.text(process?.processId)), ("stage", process?.stage),
         ("company_key", Column.nameKey(fields.companyName)),
         ("qualifying_opportunity_id", Column.text(qualifyingOpportunityId)),
         ("estimated_close_date", Column.text(fields.estimatedCloseDate)), ("event", fields.event)]
    }
    public var searchText: String {
        Column.search(fields.topic, fields.fullName, fields.companyName, fields.email, fields.phone)
    }
}

extension Account: StoredRecord {
    public static let table = "accounts"
    public static let filterColumns = ["originatingLeadId": "originating_lead_id", "domain": "website_domain"]
    public var columns: [(String, any Encodable & Sendable)] {
        [("name_key", Column.nameKey(fields.name) ?? ""), ("website_domain", Column.domain(fields.website)),
         ("originating_lead_id", Column.text(originatingLeadId))]
    }
    public var searchText: String { Column.search(fields.name, fields.email, fields.website, fields.address?.city) }
}

extension Contact: StoredRecord {
    public static let table = "contacts"
    public static let filterColumns = ["accountId": "account_id", "email": "email_key", "originatingLeadId": "originating_lead_id"]
    public var columns: [(String, any Encodable & Sendable)] {
        [("email_key", Column.emailKey(fields.email)), ("account_id", Column.text(fields.accountId)),
         ("originating_lead_id", Column.text(originatingLeadId))]
    }
    public var searchText: String { Column.search(fields.fullName, fields.email, fields.phone, fields.jobTitle) }
}

extension Competitor: StoredRecord {
    public static let table = "competitors"
    public var searchText: String { Column.search(fields.name, fields.website) }
}

extension CloseRecord: StoredRecord {
    public static let table = "close_records"
    public static let filterColumns = ["regardingId": "regarding_id"]
    public var columns: [(String, any Encodable & Sendable)] {
        [("regarding_type", regardingType), ("regarding_id", regardingId.uuidString.lowercased()),
         ("competitor_id", Column.text(competitorId))]
    }
    public var searchText: String { Column.search(description) }
    public var statusColumn: String? { status }
}

extension Team: StoredRecord {
    public static let table = "teams"
    public var searchText: String { Column.search(fields.name) }
}

extension SalesProcess: StoredRecord {
    public static let table = "processes"
    public var columns: [(String, any Encodable & Sendable)] { [("is_default", Int64(isDefault ? 1 : 0))] }
    public var searchText: String { Column.search(name) }
}

extension Activity: StoredRecord {
    public static let table = "activities"
    public static let filterColumns = ["type": "type", "regardingType": "regarding_type", "regardingId": "regarding_id"]
    public static let beforeColumns = ["dueBefore": "due_at"]
    public var columns: [(String, any Encodable & Sendable)] {
        [("type", type.rawValue), ("regarding_type", regardingType.rawValue), ("regarding_id", regardingId.uuidString.lowercased()),
         ("due_at", fields.dueAt.map(Transaction.timestamp))]
    }
    public var searchText: String { Column.search(fields.subject, fields.body) }
}

extension CaptureForm: StoredRecord {
    public static let table = "capture_forms"
    public var columns: [(String, any Encodable & Sendable)] { [("form_key", fields.key)] }
    public var searchText: String { Column.search(fields.name, fields.key) }
    public var stateColumn: String? { fields.active ? "active" : "inactive" }
}

extension Webhook: StoredRecord {
    public static let table = "webhooks"
    public var searchText: String { Column.search(fields.url, fields.description) }
    public var stateColumn: String? { fields.active ? "active" : "inactive" }
}
