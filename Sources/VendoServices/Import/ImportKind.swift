import Foundation
import VendoCore

/// What an import creates.
public enum ImportKind: String, Sendable, CaseIterable, Codable {
    case leads, accounts, contacts, products
    case priceListItems = "price-list-items"

    /// The field names a column can be mapped to.
    public var fieldNames: [String] { fieldKeys.map(\.name) }

    var fieldKeys: [(name: String, keys: Set<String>)] {
        switch self {
        case .leads: return ImportTables.lead.map { ($0.name, $0.keys) }
        case .accounts: return ImportTables.account.map { ($0.name, $0.keys) }
        case .contacts: return ImportTables.contact.map { ($0.name, $0.keys) }
        case .products: return ImportTables.product.map { ($0.name, $0.keys) }
        case .priceListItems: return ImportTables.priceListItem.map { ($0.name, $0.keys) }
        }
    }

    /// Which field each header fills: the user's own mapping first (a header mapped to `""` is
    /// left out), then an organisation's field named as the export names it (`customFields.<key>`
    /// or `cf.<key>`), or a field's own name; then the other recognised names, then the
    /// organisation's own fields by key or label. A field two headers claim takes the first.
    public func resolve(headers: [String], mapping: [String: String], custom: [CustomFieldDefinition] = []) throws -> ImportColumns {
        let fieldKeys = fieldKeys + ImportCustomFields(definitions: custom).fieldKeys
        let fieldNames = fieldKeys.map(\.name)
        let known = Set(fieldNames)
        var problems: [FieldError] = []
        for (header, field) in mapping.sorted(by: { $0.key < $1.key }) {
            if !field.isEmpty && !known.contains(field) {
                problems.append(FieldError("mapping", "unknown_field",
                                           "\"\(header)\" is mapped to \(field), which \(rawValue) do not have"))
            }
            if !headers.contains(header) {
                problems.append(FieldError("mapping", "unknown_column", "the file has no column \"\(header)\""))
            }
        }
        if !problems.isEmpty { throw ServiceError.validation(problems) }
        var columns = ImportColumns(fields: Array(repeating: nil, count: headers.count), ignored: [])
        var taken: Set<String> = []
        // What each header names outright (mapped, an organisation's field as exported, a field's
        // own name) before any other name: a Vendo export's lifecycle `state` column must not take
        // the address's region, which its `address.region` column names.
        var aliased: [Int] = []
        for (index, header) in headers.enumerated() {
            let field: String?
            if let mapped = mapping[header] {
                // Left out on purpose: not reported as a column nobody took.
                if mapped.isEmpty { continue }
                field = mapped
            } else if let named = ImportCustomFields.named(header, among: custom) {
                field = named
            } else {
                let key = ImportValue.key(header)
                field = fieldNames.first { ImportValue.key($0) == key }
                if field == nil {
                    aliased.append(index)
                    continue
                }
            }
            if let field, taken.insert(field).inserted { columns.fields[index] = field }
        }
        for index in aliased {
            let key = ImportValue.key(headers[index])
            if let field = fieldKeys.first(where: { $0.keys.contains(key) })?.name, taken.insert(field).inserted { columns.fields[index] = field }
        }
        for (index, header) in headers.enumerated() where columns.fields[index] == nil && mapping[header] != "" {
            if !header.trimmingWhitespace().isEmpty { columns.ignored.append(header) }
        }
        guard columns.fields.contains(where: { $0 != nil }) else {
            throw ServiceError.invalid("mapping", "no_known_column",
                                       "no column of the file is one of \(fieldNames.joined(separator: ", ")); map them by name")
        }
        return columns
    }
}

extension ImportKind {
    /// The kind whose files make records of `type`, if any.
    public init?(importing type: CustomizedRecord) {
        switch type {
        case .lead: self = .leads
        case .account: self = .accounts
        case .contact: self = .contacts
        case .product: self = .products
        default: return nil
        }
    }

    /// Whether a file of this kind, without a mapping, fills `field` (`topic`, `cf.region`)
    /// from a column headed `header`: what an export in the organisation's words may head it.
    public func reads(_ header: String, as field: String, settings: OrganisationSettings) -> Bool {
        let custom = customizedAs.map { settings.customFields(of: $0) }?.filter { !$0.retired } ?? []
        let labels = customizedAs.flatMap { settings.fieldLabels?[$0.rawValue] } ?? [:]
        if let relabelled = relabelled([header], labels: labels, custom: custom, mapped: [:])[header] { return relabelled == field }
        return (try? resolve(headers: [header], mapping: [:], custom: custom))?.fields.first == field
    }

    /// The headers that name a built-in field by the organisation's label of it (`fieldLabels`,
    /// in either language), as the organisation's exports head them: header → field. Headers
    /// the user mapped, or that name one of the organisation's own fields, are left to those.
    func relabelled(_ headers: [String], labels: [String: [String: String]], custom: [CustomFieldDefinition],
                    mapped: [String: String]) -> [String: String] {
        guard !labels.isEmpty else { return [:] }
        let known = Set(fieldNames)
        let customKeys = ImportCustomFields(definitions: custom).fieldKeys.reduce(into: Set<String>()) { $0.formUnion($1.keys) }
        var taken = Set(mapped.values)
        var out: [String: String] = [:]
        for header in headers where mapped[header] == nil && ImportCustomFields.named(header, among: custom) == nil {
            let key = ImportValue.key(header)
            guard !key.isEmpty, !customKeys.contains(key) else { continue }
            let field = labels.keys.sorted().first { field in
                known.contains(field) && !taken.contains(field) && labels[field]?.values.contains { ImportValue.key($0) == key } == true
            }
            if let field {
                out[header] = field
                taken.insert(field)
            }
        }
        return out
    }
}

/// Which field each column of a file fills.
public struct ImportColumns: Sendable, Equatable {
    /// By column position: the field, or nil for a column left out.
    public var fields: [String?]
    /// Headers no field takes (those the user's mapping leaves out are not listed).
    public var ignored: [String]

    /// Field name → cell text for one record of the file.
    func values(of record: [String]) -> [String: String] {
        var values: [String: String] = [:]
        for (index, field) in fields.enumerated() where index < record.count {
            if let field { values[field] = record[index] }
        }
        return values
    }

    /// Header → field, for the columns a field takes.
    public func mapping(headers: [String]) -> [String: String] {
        var mapping: [String: String] = [:]
        for (header, field) in zip(headers, fields) { if let field { mapping[header] = field } }
        return mapping
    }
}

/// The fields of each kind, with the names Dynamics 365 and Salesforce export them under.
enum ImportTables {
    static let lead: [ImportField<LeadDraft>] = leadPerson + leadDetails + ImportField.address(\.fields.address)

    private static let leadPerson: [ImportField<LeadDraft>] = [
        .text("topic", ["subject", "lead topic", "sujet", "objet"], \.fields.topic),
        .text("firstName", ["first name", "given name", "forename", "prénom"], \.fields.firstName),
        .text("lastName", ["last name", "surname", "family name", "nom"], \.fields.lastName),
        // Dynamics 365 and Salesforce export the person's whole name; split when no first or last name is given.
        .text("fullName", ["name", "full name", "lead name", "contact name", "nom complet", "nom et prénom", "prénom et nom"], \.fullName),
        .text("companyName", ["company", "company name", "organization", "organisation", "société", "entreprise", "raison sociale"],
              \.fields.companyName),
        .text("jobTitle", ["job title", "title", "position", "fonction", "poste"], \.fields.jobTitle),
        .text("email", ["e-mail", "email address", "e-mail address", "primary email", "courriel", "mail", "adresse e-mail"], \.fields.email),
        .text("phone", ["business phone", "work phone", "telephone", "phone number", "téléphone", "tél"], \.fields.phone),
        .text("mobilePhone", ["mobile", "mobile phone", "cell", "cell phone", "portable", "téléphone portable"], \.fields.mobilePhone),
        .text("website", ["web site", "url", "site web", "site internet"], \.fields.website),
    ]

    private static let leadDetails: [ImportField<LeadDraft>] = [
        .choice("source", ["lead source", "origin", "origine", "provenance"], \.fields.source),
        .choice("rating", ["lead rating"], \.fields.rating),
        .decimal("budgetAmount", ["budget", "budget amount"], \.fields.budgetAmount),
        .choice("budgetStatus", ["budget status"], \.fields.budgetStatus),
        .choice("purchaseTimeframe", ["purchase timeframe", "timeframe"], \.fields.purchaseTimeframe),
        .choice("purchaseProcess", ["purchase process"], \.fields.purchaseProcess),
        .bool("decisionMaker", ["decision maker", "decision maker?"], \.fields.decisionMaker),
        .text("customerNeed", ["need", "customer need"], \.fields.customerNeed),
        .decimal("estimatedValue", ["est. value", "estimated value", "estimated budget", "montant estimé", "valeur estimée"],
                 \.fields.estimatedValue),
        .day("estimatedCloseDate", ["est. close date", "estimated close date", "close date", "date de clôture estimée"],
             \.fields.estimatedCloseDate),
        .text("description", ["notes", "comments", "remarks", "commentaire", "commentaires", "remarques"], \.fields.description),
        .text("currency", ["currency code", "iso currency code"], \.fields.currency),
        .text("event", ["trade show", "tradeshow", "show", "salon", "événement", "evenement"], \.fields.event),
        .choice("industry", ["industry", "secteur", "secteur d'activité"], \.fields.industry),
        .decimal("annualRevenue", ["annual revenue", "revenue", "chiffre d'affaires", "ca annuel"], \.fields.annualRevenue),
        .int("numberOfEmployees", ["no. of employees", "number of employees", "employees", "headcount", "nombre d'employés", "effectif"],
             \.fields.numberOfEmployees),
        .leadStatus("status", ["status", "status reason", "lead status", "statut", "état"], \.status),
    ]

    static let account: [ImportField<AccountFields>] = [
        .text("name", ["account name", "company", "company name", "organization", "organisation"], \.name),
        .text("website", ["web site", "url"], \.website),
        .text("email", ["e-mail", "email address"], \.email),
        .text("phone", ["main phone", "business phone", "telephone", "phone number"], \.phone),
        .text("description", ["notes", "account description"], \.description),
    ] + ImportField.address(\.address)

    static let contact: [ImportField<ContactDraft>] = [
        .text("firstName", ["first name", "given name", "forename"], \.fields.firstName),
        .text("lastName", ["last name", "surname", "family name"], \.fields.lastName),
        .text("fullName", ["name", "full name", "contact name", "nom complet"], \.fullName),
        .text("email", ["e-mail", "email address", "primary email"], \.fields.email),
        .text("phone", ["business phone", "work phone", "telephone", "phone number"], \.fields.phone),
        .text("mobilePhone", ["mobile", "mobile phone", "cell", "cell phone"], \.fields.mobilePhone),
        .text("jobTitle", ["job title", "title", "position"], \.fields.jobTitle),
        .text("account", ["account name", "company", "company name", "parent customer", "organization"], \.accountName),
        .text("description", ["notes", "comments"], \.fields.description),
    ] + ImportField.address(\.fields.address)

    static let product: [ImportField<ProductDraft>] = [
        .text("number", ["product id", "product code", "product number", "sku", "reference"], \.number),
        .text("name", ["product name", "product"], \.name),
        .text("description", ["product description"], \.description),
        .text("unit", ["default unit", "unit of measure", "quantity unit of measure", "uom"], \.unit),
        .decimal("listPrice", ["list price", "price", "unit price"], \.listPrice),
        .decimal("standardCost", ["standard cost", "cost"], \.standardCost),
        .decimal("currentCost", ["current cost"], \.currentCost),
        .decimal("taxRate", ["tax rate", "vat", "vat rate", "tax"], \.taxRate),
    ]

    static let priceListItem: [ImportField<PriceListItemDraft>] = [
        .text("priceList", ["price list", "price book", "price book name", "price level"], \.priceList),
        .text("product", ["product id", "product code", "product number", "sku"], \.product),
        .text("unit", ["unit of measure", "uom"], \.unit),
        .choice("pricingMethod", ["pricing method"], \.pricingMethod),
        .decimal("amount", ["list price", "unit price", "price"], \.amount),
        .decimal("percentage", ["percent"], \.percentage),
    ]
}

/// A lead as a row gives it: its fields, the status the other system had it in, and the
/// person's whole name when the file has no first and last names.
struct LeadDraft: Sendable {
    var fields = LeadFields(topic: "")
    var status: LeadStatus?
    var fullName: String?

    /// The names split from `fullName` when the row gives neither a first nor a last name.
    mutating func splitFullName() {
        guard let fullName, (fields.firstName ?? "").isEmpty, (fields.lastName ?? "").isEmpty else { return }
        let (first, last) = PersonName.split(fullName)
        fields.firstName = first
        fields.lastName = last
    }
}

struct ContactDraft: Sendable {
    var fields = ContactFields(lastName: "")
    var accountName: String?
    var fullName: String?

    /// As `LeadDraft.splitFullName`.
    mutating func splitFullName() {
        guard let fullName, (fields.firstName ?? "").isEmpty, fields.lastName.isEmpty else { return }
        let (first, last) = PersonName.split(fullName)
        fields.firstName = first
        fields.lastName = last ?? ""
    }
}

struct ProductDraft: Sendable {
    var number = ""
    var name = ""
    var description: String?
    var unit: String?
    var listPrice: Decimal?
    var standardCost: Decimal?
    var currentCost: Decimal?
    var taxRate: Decimal?
}

struct PriceListItemDraft: Sendable {
    var priceList = ""
    var product = ""
    var unit: String?
    var pricingMethod: PricingMethod?
    var amount: Decimal?
    var percentage: Decimal?
}
