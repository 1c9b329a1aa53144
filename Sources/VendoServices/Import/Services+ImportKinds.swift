import Foundation
import VendoCore
import VendoStore

/// One row of each kind: fields read from the cells, the record's own rules, the duplicate
/// rules of SALES-PROCESS.md §3, then the insert with its history entry.
extension Services {
    /// A chunk of lead rows: each checked by the lead's rules, their duplicates (against open
    /// leads and the chunk's earlier rows; at most `duplicateLimit` named a row) found with one
    /// query, and the new leads written with one insert. Answers one outcome a row, in order.
    /// Where each field comes in the lead table, to report a row's problems in that order.
    static let leadColumns = Dictionary(ImportTables.lead.enumerated().map { ($0.element.name, $0.offset) }) { first, _ in first }

    func importLeads(_ rows: [[String: String]], _ lookups: ImportLookups, _ options: ImportOptions, overlay: inout ImportOverlay?,
                     by caller: Caller, in tx: Transaction) async throws -> [ImportOutcome] {
        var outcomes: [ImportOutcome] = []
        var candidates: [(index: Int, lead: Lead, key: String?)] = []
        for values in rows {
            do {
                var draft = LeadDraft()
                var errors = ImportField.apply(ImportTables.lead, values, to: &draft)
                // Sources, ratings and industries by the organisation's values or labels, here so
                // that the check pass reports a value its lists do not have, with the row's other cells.
                errors += ListedChoiceRules.check(&draft.fields, before: nil, settings: lookups.settings, strict: false)
                errors.sort { (Self.leadColumns[$0.field] ?? .max) < (Self.leadColumns[$1.field] ?? .max) }
                draft.splitFullName()
                let (custom, customErrors) = lookups.custom.values(values)
                errors += customErrors
                draft.fields.customFields = custom
                let fields = draft.fields
                if fields.topic.trimmingWhitespace().isEmpty {
                    // Only a row with neither a company nor a name gets here (see `makeTopic`).
                    errors.append(FieldError("topic", "required",
                                             "the row has no topic, company or name: add a Topic column, or a default (--set topic=…, defaults)"))
                }
                guard errors.isEmpty else {
                    outcomes.append(.invalid(errors))
                    continue
                }
                var lead = try await newLead(fields, process: lookups.process, by: caller, in: tx)
                if let status = draft.status { try lead.imported(as: status) }
                candidates.append((outcomes.count, lead, Column.emailKey(fields.email)))
                outcomes.append(.created)
            } catch {
                outcomes.append(try ImportOutcome.refused(error))
            }
        }
        guard overlay.findsDuplicates else { return outcomes }
        var existing = try await tx.openLeads(withEmailKeys: Set(candidates.compactMap(\.key)))
            .mapValues { $0.filter(isVisible).prefix(Self.duplicateLimit).map(Self.duplicateMatch) }
        if let overlay {
            for key in Set(candidates.compactMap(\.key)) {
                if let earlier = overlay.leads[key] { existing[key] = Array((existing[key, default: []] + earlier).prefix(Self.duplicateLimit)) }
            }
        }
        var created: [Lead] = []
        for (index, lead, key) in candidates {
            let matches = key.flatMap { existing[$0] } ?? []
            if !matches.isEmpty && !options.allowDuplicates {
                outcomes[index] = .duplicate(matches, created: false)
                continue
            }
            if !matches.isEmpty { outcomes[index] = .duplicate(matches, created: true) }
            created.append(lead)
            if let key, existing[key, default: []].count < Self.duplicateLimit { existing[key, default: []].append(Self.duplicateMatch(lead)) }
        }
        if overlay != nil {
            for lead in created {
                guard let key = Column.emailKey(lead.fields.email), overlay?.leads[key, default: []].count ?? 0 < Self.duplicateLimit else { continue }
                overlay?.leads[key, default: []].append(Self.duplicateMatch(lead))
            }
        } else {
            try await insert(all: created, by: caller, in: tx)
        }
        return outcomes
    }

    /// A lead row without a topic gets one from its company (or the person's name) and its
    /// source as the file writes it: `Acme – Trade Show`. Answers whether it made one.
    static func makeTopic(_ values: inout [String: String]) -> Bool {
        func cell(_ field: String) -> String? {
            values[field].map(ImportValue.trimmed).flatMap { $0.isEmpty ? nil : $0 }
        }
        guard cell("topic") == nil else { return false }
        let person = [cell("firstName"), cell("lastName")].compactMap { $0 }.joined(separator: " ")
        guard let base = cell("companyName") ?? cell("fullName") ?? (person.isEmpty ? nil : person) else { return false }
        let suffix = cell("source").map { " – \($0.prefix(50))" } ?? ""
        values["topic"] = String(base.prefix(LeadFields.topicLength - suffix.count)) + suffix
        return true
    }

    /// Matches named for one duplicate row, as for a lead made by hand.
    static let duplicateLimit = 20

    func importAccount(_ values: [String: String], _ options: ImportOptions, _ lookups: ImportLookups, overlay: inout ImportOverlay?,
                       by caller: Caller, in tx: Transaction) async throws -> ImportOutcome {
        var fields = AccountFields(name: "")
        var errors = ImportField.apply(ImportTables.account, values, to: &fields)
        let (custom, customErrors) = lookups.custom.values(values)
        errors += customErrors
        fields.customFields = custom
        guard errors.isEmpty else { return .invalid(errors) }
        let account = try Account(id: newID(), info: newInfo(caller), fields: fields)
        guard overlay.findsDuplicates else { return .created }
        let nameKey = Column.nameKey(fields.name)
        let domain = Column.domain(fields.website)
        var matches = try await accountDuplicates(name: fields.name, website: fields.website, in: tx)
        if let overlay {
            let earlier = (nameKey.flatMap { overlay.accountNames[$0] } ?? []) + (domain.flatMap { overlay.accountDomains[$0] } ?? [])
            for match in earlier where !matches.contains(where: { $0.id == match.id }) { matches.append(match) }
        }
        if !matches.isEmpty && !options.allowDuplicates { return .duplicate(matches, created: false) }
        if overlay != nil {
            if let nameKey {
                overlay?.accountNames[nameKey, default: []].append(
                    DuplicateMatch(recordType: "account", id: account.id.uuid, name: fields.name, matchedOn: "name"))
            }
            if let domain {
                overlay?.accountDomains[domain, default: []].append(
                    DuplicateMatch(recordType: "account", id: account.id.uuid, name: fields.name, matchedOn: "websiteDomain"))
            }
        } else {
            try await insert(account, by: caller, in: tx)
        }
        return matches.isEmpty ? .created : .duplicate(matches, created: true)
    }

    func importContact(_ values: [String: String], _ options: ImportOptions, _ lookups: ImportLookups, overlay: inout ImportOverlay?,
                       by caller: Caller, in tx: Transaction) async throws -> ImportOutcome {
        var draft = ContactDraft()
        var errors = ImportField.apply(ImportTables.contact, values, to: &draft)
        let (custom, customErrors) = lookups.custom.values(values)
        errors += customErrors
        draft.fields.customFields = custom
        draft.splitFullName()
        guard errors.isEmpty else { return .invalid(errors) }
        if let name = draft.accountName?.trimmingWhitespace(), !name.isEmpty {
            let accounts = try await tx.accounts(named: name, orDomainOf: nil).filter(isVisible)
            guard let account = accounts.first else {
                throw ServiceError.invalid("account", "unknown_account", "no account is named \(name); import the accounts first")
            }
            guard accounts.count == 1 else {
                throw ServiceError.invalid("account", "ambiguous_account", "\(accounts.count) accounts are named \(name)")
            }
            draft.fields.accountId = account.id
        }
        let contact = try Contact(id: newID(), info: newInfo(caller), fields: draft.fields)
        guard overlay.findsDuplicates else { return .created }
        var matches = try await contactDuplicates(email: draft.fields.email, in: tx)
        let key = Column.emailKey(draft.fields.email)
        if let overlay, let key { matches += overlay.contacts[key] ?? [] }
        if !matches.isEmpty && !options.allowDuplicates { return .duplicate(matches, created: false) }
        if overlay != nil {
            if let key { overlay?.contacts[key, default: []].append(DuplicateMatch(recordType: "contact", id: contact.id.uuid, name: contact.fullName, matchedOn: "email")) }
        } else {
            try await insert(contact, by: caller, in: tx)
        }
        return matches.isEmpty ? .created : .duplicate(matches, created: true)
    }

    func importProduct(_ values: [String: String], _ lookups: ImportLookups, overlay: inout ImportOverlay?, by caller: Caller,
                       in tx: Transaction) async throws -> ImportOutcome {
        var draft = ProductDraft()
        var errors = ImportField.apply(ImportTables.product, values, to: &draft)
        let (custom, customErrors) = lookups.custom.values(values)
        errors += customErrors
        guard errors.isEmpty else { return .invalid(errors) }
        guard let unitName = draft.unit else { throw ServiceError.invalid("unit", "required", "a product needs its default unit") }
        let unit = try lookups.unit(unitName, field: "unit")
        var fields = ProductFields(number: draft.number, name: draft.name, unitId: unit.id, listPrice: draft.listPrice)
        fields.description = draft.description
        fields.standardCost = draft.standardCost
        fields.currentCost = draft.currentCost
        fields.taxRate = draft.taxRate
        fields.customFields = custom
        let product = try await newProduct(fields, asDraft: lookups.productsAsDrafts, by: caller, in: tx)
        if overlay != nil {
            guard overlay?.productNumbers.insert(fields.number.lowercased()).inserted == true else {
                throw ServiceError.conflict(code: "already_exists", message: "another product has the number \(fields.number)", related: [])
            }
        } else {
            try await insert(product, by: caller, in: tx)
        }
        return .created
    }

    func importPriceListItem(_ values: [String: String], _ lookups: ImportLookups, overlay: inout ImportOverlay?, by caller: Caller,
                             in tx: Transaction) async throws -> ImportOutcome {
        var draft = PriceListItemDraft()
        let errors = ImportField.apply(ImportTables.priceListItem, values, to: &draft)
        guard errors.isEmpty else { return .invalid(errors) }
        let lists = (lookups.priceLists[draft.priceList.lowercased()] ?? []).filter(isVisible)
        guard let list = lists.first else {
            throw ServiceError.invalid("priceList", draft.priceList.isEmpty ? "required" : "unknown_price_list",
                                       draft.priceList.isEmpty ? "the price list is missing" : "no price list is named \(draft.priceList)")
        }
        guard lists.count == 1 else {
            throw ServiceError.invalid("priceList", "ambiguous_price_list", "\(lists.count) price lists are named \(draft.priceList)")
        }
        guard let product = try await tx.product(withNumber: draft.product), isVisible(product) else {
            throw ServiceError.invalid("product", draft.product.isEmpty ? "required" : "unknown_product",
                                       draft.product.isEmpty ? "the product number is missing" : "no product has the number \(draft.product)")
        }
        var unitId = product.fields.unitId
        if let name = draft.unit {
            let base = try await load(UnitOfMeasure.self, product.fields.unitId, in: tx)
            unitId = try lookups.unit(name, field: "unit", group: base.fields.groupId).id
        }
        var fields = PriceListItemFields(productId: product.id, unitId: unitId, pricingMethod: draft.pricingMethod ?? .currencyAmount)
        fields.amount = draft.amount
        fields.percentage = draft.percentage
        let item = try await newPriceListItem(fields, in: list, by: caller, in: tx)
        if overlay != nil {
            guard overlay?.priceListItems.insert("\(list.id) \(product.id) \(unitId)").inserted == true else {
                throw ServiceError.conflict(code: "already_exists", message: "the price list already prices this product in this unit",
                                            related: [product.id.description])
            }
        } else {
            try await insert(item, by: caller, in: tx)
        }
        return .created
    }

    /// Accounts with the same name (case-, space- and accent-insensitive) or website domain.
    func accountDuplicates(name: String?, website: String?, in tx: Transaction) async throws -> [DuplicateMatch] {
        let nameKey = Column.nameKey(name)
        return try await tx.accounts(named: name, orDomainOf: website).filter(isVisible).map { account in
            DuplicateMatch(recordType: "account", id: account.id.uuid, name: account.fields.name,
                           matchedOn: Column.nameKey(account.fields.name) == nameKey ? "name" : "websiteDomain")
        }
    }

    func contactDuplicates(email: String?, in tx: Transaction) async throws -> [DuplicateMatch] {
        try await tx.contacts(withEmail: email).filter(isVisible).map {
            DuplicateMatch(recordType: "contact", id: $0.id.uuid, name: $0.fullName, matchedOn: "email")
        }
    }
}
