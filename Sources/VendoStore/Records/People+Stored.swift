import Foundation
import VendoCore

extension User: StoredRecord {
    public static let schema = RecordSchema<User>(table: "users", columns: [
        IndexedColumn("email_key", .text) { Column.emailKey($0.email) ?? "" },
    ], unique: [["email_key"]])
    public var searchText: String { Column.search(name, email) }
    public var stateColumn: String? { active ? "active" : "inactive" }
    public var statusColumn: String? { role.rawValue }
}

extension Lead: StoredRecord {
    public static let schema = RecordSchema<Lead>(table: "leads", columns: [
        IndexedColumn("source", .text, filters: ["source"]) { $0.fields.source?.rawValue },
        IndexedColumn("email_key", .text, filters: ["email"]) { Column.emailKey($0.fields.email) },
        IndexedColumn("process_id", .text, filters: ["processId"]) { Column.text($0.process?.processId) },
        IndexedColumn("stage", .text, filters: ["stage"]) { $0.process?.stage },
        IndexedColumn("company_key", .text) { Column.nameKey($0.fields.companyName) },
        IndexedColumn("qualifying_opportunity_id", .text, filters: ["qualifyingOpportunityId"]) { Column.text($0.qualifyingOpportunityId) },
        IndexedColumn("estimated_close_date", .text) { Column.text($0.fields.estimatedCloseDate) },
        IndexedColumn("event", .text, filters: ["event"]) { $0.fields.event },
    ], references: [
        Reference("qualifying_opportunity_id", to: ["opportunity"]),
        Reference("process_id", to: ["process"]),
    ], searchIndexed: true)
    public var searchText: String {
        Column.search(fields.topic, fields.fullName, fields.companyName, fields.email, fields.phone, Column.customText(fields.customFields))
    }
}

extension Account: StoredRecord {
    public static let schema = RecordSchema<Account>(table: "accounts", columns: [
        IndexedColumn("name_key", .text) { Column.nameKey($0.fields.name) ?? "" },
        IndexedColumn("website_domain", .text, filters: ["domain"]) { Column.domain($0.fields.website) },
        IndexedColumn("originating_lead_id", .text, filters: ["originatingLeadId"]) { Column.text($0.originatingLeadId) },
    ], references: [
        Reference("originating_lead_id", to: ["lead"]),
    ], searchIndexed: true)
    public var searchText: String { Column.search(fields.name, fields.email, fields.website, fields.address?.city, Column.customText(fields.customFields)) }
}

extension Contact: StoredRecord {
    public static let schema = RecordSchema<Contact>(table: "contacts", columns: [
        IndexedColumn("email_key", .text, filters: ["email"]) { Column.emailKey($0.fields.email) },
        IndexedColumn("account_id", .text, filters: ["accountId"]) { Column.text($0.fields.accountId) },
        IndexedColumn("originating_lead_id", .text, filters: ["originatingLeadId"]) { Column.text($0.originatingLeadId) },
    ], references: [
        Reference("account_id", to: ["account"]),
        Reference("originating_lead_id", to: ["lead"]),
    ], searchIndexed: true)
    public var searchText: String { Column.search(fields.fullName, fields.email, fields.phone, fields.jobTitle, Column.customText(fields.customFields)) }
}

extension Competitor: StoredRecord {
    public static let schema = RecordSchema<Competitor>(table: "competitors")
    public var searchText: String { Column.search(fields.name, fields.website) }
}

extension CloseRecord: StoredRecord {
    public static let schema = RecordSchema<CloseRecord>(table: "close_records", columns: [
        IndexedColumn("regarding_type", .text) { $0.regardingType },
        IndexedColumn("regarding_id", .text, filters: ["regardingId"]) { $0.regardingId.uuidString.lowercased() },
        IndexedColumn("competitor_id", .text) { Column.text($0.competitorId) },
    ], references: [
        // A close record tells how a record was closed, and goes with it.
        Reference("regarding_id", to: ["opportunity", "quote", "order"], onDelete: .cascade),
        Reference("competitor_id", to: ["competitor"]),
    ])
    public var searchText: String { Column.search(description) }
    public var statusColumn: String? { status }
}

extension Team: StoredRecord {
    public static let schema = RecordSchema<Team>(table: "teams")
    public var searchText: String { Column.search(fields.name) }
}

extension SalesProcess: StoredRecord {
    public static let schema = RecordSchema<SalesProcess>(table: "processes", columns: [
        IndexedColumn("is_default", .integer) { Int64($0.isDefault ? 1 : 0) },
    ])
    public var searchText: String { Column.search(name) }
}

extension Activity: StoredRecord {
    public static let schema = RecordSchema<Activity>(table: "activities", columns: [
        IndexedColumn("type", .text, filters: ["type"]) { $0.type.rawValue },
        IndexedColumn("regarding_type", .text, filters: ["regardingType"]) { $0.regardingType.rawValue },
        IndexedColumn("regarding_id", .text, filters: ["regardingId"]) { $0.regardingId.uuidString.lowercased() },
        IndexedColumn("due_at", .timestamp, before: "dueBefore") { $0.fields.dueAt.map(Transaction.timestamp) },
    ], references: [
        // Activities about a deleted record go with it; their history stays.
        Reference("regarding_id", to: RegardingType.allCases.map(\.rawValue), onDelete: .cascade),
    ], searchIndexed: true)
    public var searchText: String { Column.search(fields.subject, fields.body, Column.customText(fields.customFields)) }
}

extension CaptureForm: StoredRecord {
    public static let schema = RecordSchema<CaptureForm>(table: "capture_forms", columns: [
        IndexedColumn("form_key", .text) { $0.fields.key },
    ], references: [
        Reference(document: ["fields", "teamId"], to: ["team"]),
    ], unique: [["form_key"]])
    public var searchText: String { Column.search(fields.name, fields.key) }
    public var stateColumn: String? { fields.active ? "active" : "inactive" }
}

extension Webhook: StoredRecord {
    public static let schema = RecordSchema<Webhook>(table: "webhooks")
    public var searchText: String { Column.search(fields.url, fields.description) }
    public var stateColumn: String? { fields.active ? "active" : "inactive" }
}
