import Foundation
import VendoCore
import VendoStore

/// The organisation's own fields (SALES-PROCESS.md §13): their definitions, kept with the
/// settings and managed by administrators, and the check every record's values go through on
/// their way to the database, whatever made the change (API, pages, imports, the process).
extension Services {
    /// The definitions of one record type (or of all), in their order, retired ones included.
    public func customFields(of type: CustomizedRecord? = nil, by caller: Caller) async throws -> [CustomFieldDefinition] {
        // A database not set up yet has no fields.
        guard let settings = try await read({ tx in try await tx.settings() }) else { return [] }
        guard let type else { return CustomizedRecord.allCases.flatMap { settings.customFields(of: $0) } }
        return settings.customFields(of: type)
    }

    public func customField(_ id: UUID, by caller: Caller) async throws -> CustomFieldDefinition {
        guard let found = try await settings().customFields?.first(where: { $0.id == id }) else {
            throw ServiceError.notFound(recordType: "customField", id: id.uuidString.lowercased())
        }
        return found
    }

    /// Adds a field; without an order it comes last.
    public func createCustomField(_ definition: CustomFieldDefinition, by caller: Caller) async throws -> CustomFieldDefinition {
        try ensureAdmin(caller, "customField", "create")
        // The definition's own problems are named as its fields, not as the settings' list.
        let problems = definition.problems()
        if !problems.isEmpty { throw ServiceError.validation(problems) }
        var made = definition
        made.id = ids.next()
        let field = made
        let settings = try await updateSettings(ifVersion: nil, by: caller) { settings in
            var definition = field
            let siblings = settings.customFields(of: definition.recordType)
            if siblings.contains(where: { $0.key == definition.key }) {
                throw ServiceError.conflict(code: "already_exists",
                                            message: "\(definition.recordType.rawValue) already has a custom field \(definition.key), maybe retired",
                                            related: [])
            }
            if definition.retired { throw ServiceError.invalid("active", "not_allowed", "a new field is active") }
            try Self.checkCarryTo(definition, in: settings)
            if definition.order == 0 { definition.order = (siblings.map(\.order).max() ?? 0) + 1 }
            settings.customFields = (settings.customFields ?? []) + [definition]
        }
        return try Self.definition(field.id, in: settings)
    }

    /// Changes a field: labels, help, order, rules, choices, and whether it is retired. Its
    /// record type never changes, and its key and type only while no record holds a value of
    /// it; a choice is retired, never removed, so that the records holding it still read.
    /// `ifVersion` is the settings' version, which the definitions share (their ETag).
    public func updateCustomField(_ id: UUID, ifVersion: Int? = nil, by caller: Caller,
                                  _ change: @escaping @Sendable (inout CustomFieldDefinition) throws -> Void) async throws -> CustomFieldDefinition {
        let settings = try await changeSettings(ifVersion: ifVersion, by: caller) { settings, tx in
            var all = settings.customFields ?? []
            guard let index = all.firstIndex(where: { $0.id == id }) else {
                throw ServiceError.notFound(recordType: "customField", id: id.uuidString.lowercased())
            }
            let before = all[index]
            var next = before
            try change(&next)
            var problems: [FieldError] = []
            if next.id != before.id { problems.append(FieldError("id", "read_only", "a field's id never changes")) }
            if next.recordType != before.recordType { problems.append(FieldError("recordType", "read_only", "a field stays on its record type")) }
            if next.key != before.key || next.type != before.type, try await self.holdsValues(before, in: tx) {
                let what = next.key != before.key ? "key" : "type"
                problems.append(FieldError(what, "read_only", "records hold values of \(before.key): its \(what) no longer changes"))
            }
            if next.key != before.key, let process = try await self.processNaming(before, in: tx) {
                problems.append(FieldError("key", "read_only", "a step of the process \(process.name) names \(before.key): its key no longer changes"))
            }
            if next.key != before.key, all.contains(where: { $0.recordType == next.recordType && $0.key == next.key }) {
                problems.append(FieldError("key", "duplicate", "\(next.recordType.rawValue) already has a custom field \(next.key)"))
            }
            let kept = Set((next.choices ?? []).map(\.value))
            for gone in (before.choices ?? []).map(\.value) where !kept.contains(gone) {
                problems.append(FieldError("choices", "choice_removed", "\(gone) is retired (active: false), not removed: records may hold it"))
            }
            if problems.isEmpty { problems = next.problems() }
            if problems.isEmpty, next.carryTo != before.carryTo {
                do { try Self.checkCarryTo(next, in: settings) } catch ServiceError.validation(let found) { problems = found }
            }
            if !problems.isEmpty { throw ServiceError.validation(problems) }
            all[index] = next
            settings.customFields = all
        }
        return try Self.definition(id, in: settings)
    }

    /// Removes a field no record holds a value of (one made by mistake); a field in use is
    /// retired instead, so that nothing is lost.
    public func deleteCustomField(_ id: UUID, ifVersion: Int? = nil, by caller: Caller) async throws {
        _ = try await changeSettings(ifVersion: ifVersion, by: caller) { settings, tx in
            guard let definition = settings.customFields?.first(where: { $0.id == id }) else {
                throw ServiceError.notFound(recordType: "customField", id: id.uuidString.lowercased())
            }
            if try await self.holdsValues(definition, in: tx) {
                throw ServiceError.conflict(code: "custom_field_in_use",
                                            message: "records hold values of \(definition.key): retire it instead (active: false)", related: [])
            }
            if let process = try await self.processNaming(definition, in: tx) {
                throw ServiceError.conflict(code: "custom_field_in_use",
                                            message: "a step of the process \(process.name) names \(definition.key): change the step first",
                                            related: [process.id.description])
            }
            settings.customFields = settings.customFields?.filter { $0.id != id }
        }
    }

    /// `carryTo` names, on each record type, an active field of the same type.
    static func checkCarryTo(_ definition: CustomFieldDefinition, in settings: OrganisationSettings) throws {
        var errors: [FieldError] = []
        for (target, key) in (definition.carryTo ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let type = CustomizedRecord(rawValue: target) else { continue }
            let found = settings.customFields(of: type).first { $0.key == key && !$0.retired }
            if found?.type != definition.type {
                errors.append(FieldError("carryTo.\(target)", "unknown_target",
                                         "\(target) records have no active \(definition.type.rawValue) field \(key): add it first"))
            }
        }
        if !errors.isEmpty { throw ServiceError.validation(errors) }
    }

    /// A process with a step on `definition` (a lead's field on a first stage, an opportunity's on the others).
    private func processNaming(_ definition: CustomFieldDefinition, in tx: Transaction) async throws -> SalesProcess? {
        guard definition.recordType == .lead || definition.recordType == .opportunity else { return nil }
        return try await tx.processes().first { process in
            process.stages.enumerated().contains { index, stage in
                (index == 0) == (definition.recordType == .lead) && stage.steps.contains { $0.field == "cf." + definition.key }
            }
        }
    }

    private func holdsValues(_ definition: CustomFieldDefinition, in tx: Transaction) async throws -> Bool {
        let key = definition.key
        switch definition.recordType {
        case .lead: return try await tx.hasCustomValue(Lead.self, key: key)
        case .account: return try await tx.hasCustomValue(Account.self, key: key)
        case .contact: return try await tx.hasCustomValue(Contact.self, key: key)
        case .opportunity: return try await tx.hasCustomValue(Opportunity.self, key: key)
        case .quote: return try await tx.hasCustomValue(Quote.self, key: key)
        case .order: return try await tx.hasCustomValue(Order.self, key: key)
        case .invoice: return try await tx.hasCustomValue(Invoice.self, key: key)
        case .product: return try await tx.hasCustomValue(Product.self, key: key)
        case .activity: return try await tx.hasCustomValue(Activity.self, key: key)
        }
    }

    private static func definition(_ id: UUID, in settings: OrganisationSettings) throws -> CustomFieldDefinition {
        guard let found = settings.customFields?.first(where: { $0.id == id }) else {
            throw ServiceError.notFound(recordType: "customField", id: id.uuidString.lowercased())
        }
        return found
    }

    /// `record` with its custom values checked against its type's definitions (`before` is the
    /// stored version; nil for a new record, which takes the defaults; `requiring` as for
    /// `insert`). Records of types without custom fields pass as they are.
    func withCheckedCustomFields<R: StoredRecord>(_ record: R, before: R?, requiring: Bool, in tx: Transaction) async throws -> R {
        var record = record
        if let choosing = record as? any ChoosingRecord {
            record = try await checkListedChoices(choosing, before: before, strict: requiring, in: tx) as? R ?? record
        }
        guard let custom = record as? any CustomizableRecord else { return record }
        let checked = try await checkCustomFields(custom, before: before, requiring: requiring, in: tx)
        return checked as? R ?? record
    }

    /// The values a record takes from the organisation's lists (`ListedChoiceRules`).
    private func checkListedChoices<C: ChoosingRecord>(_ record: C, before: Any?, strict: Bool, in tx: Transaction) async throws -> C {
        var next = record
        let errors = ListedChoiceRules.check(&next, before: before as? C, settings: try await tx.settings(), strict: strict)
        if !errors.isEmpty { throw ServiceError.validation(errors) }
        return next
    }

    private func checkCustomFields<C: CustomizableRecord>(_ record: C, before: Any?, requiring: Bool,
                                                          in tx: Transaction) async throws -> C {
        let previous = (before as? C)?.customFields
        // A database that was migrated but never set up has no fields (and no settings yet).
        let definitions = try await tx.settings()?.customFields(of: C.customizedAs) ?? []
        if definitions.isEmpty && record.customFields.isEmpty { return record }
        var next = record
        var values = record.customFields
        var errors = CustomFieldRules.check(&values, before: before == nil ? nil : previous ?? [:], definitions: definitions,
                                            requiring: requiring)
        for definition in definitions where definition.type == .user {
            guard case .text(let text)? = values[definition.key], text != previous?[definition.key]?.filterText,
                  let uuid = UUID(uuidString: text) else { continue }
            if try await tx.find(User.self, ID(uuid))?.active != true {
                errors.append(FieldError("customFields.\(definition.key)", "unknown_user", "no active user has the id \(text)"))
            }
        }
        if !errors.isEmpty { throw ServiceError.validation(errors) }
        next.customFields = values
        return next
    }
}

extension Services {
    /// The values a record passes on along the process (a lead to what qualifying makes, an
    /// opportunity to its quote, a quote to its order, an order to its invoice): those whose
    /// key names an active field of the same type on `type` that takes them.
    func carried(_ values: CustomValues, from source: CustomizedRecord? = nil, to type: CustomizedRecord,
                 in tx: Transaction) async throws -> CustomValues? {
        guard !values.isEmpty else { return nil }
        let settings = try await tx.settings()
        let targets = (settings?.customFields(of: type) ?? []).filter { !$0.retired }
        // A lead's field an administrator mapped to another key (`carryTo`) goes there instead.
        let mapped = source.map { settings?.customFields(of: $0) ?? [] } ?? []
        var out: CustomValues = [:]
        for (key, value) in values.sorted(by: { $0.key < $1.key }) {
            let targetKey = mapped.first { $0.key == key }?.carryTo?[type.rawValue] ?? key
            guard let target = targets.first(where: { $0.key == targetKey }), target.check(value, previous: nil).isEmpty else { continue }
            out[targetKey] = value
        }
        return out.isEmpty ? nil : out
    }
}

extension Services {
    /// `?cf.<key>=<value>` filters as the store compares them: the key must name a field of
    /// the list's record type (retired ones too: their values stay), and the value must be one
    /// the field could hold.
    func customFilters(_ typed: [String: String], of type: CustomizedRecord?, definitions settings: OrganisationSettings) throws -> [CustomFilter] {
        var filters: [CustomFilter] = []
        var errors: [FieldError] = []
        let definitions = type.map { settings.customFields(of: $0) } ?? []
        for (key, text) in typed.sorted(by: { $0.key < $1.key }) {
            let name = "cf.\(key)"
            guard let definition = definitions.first(where: { $0.key == key }) else {
                errors.append(FieldError(name, "unknown_filter", "this list has no custom field \(key)"))
                continue
            }
            switch definition.type {
            case .integer:
                guard let number = Int(text) else { errors.append(FieldError(name, "invalid_integer", "\(key) is a whole number")); continue }
                filters.append(CustomFilter(key: key, comparison: .integer(number)))
            case .yesNo:
                guard let flag = ["true": true, "false": false][text] else {
                    errors.append(FieldError(name, "invalid_boolean", "\(key) is true or false"))
                    continue
                }
                filters.append(CustomFilter(key: key, comparison: .bool(flag)))
            case .decimal, .money:
                guard let number = Decimal.strict(text) else {
                    errors.append(FieldError(name, "invalid_decimal", "\(key) is a number such as 1234.56"))
                    continue
                }
                filters.append(CustomFilter(key: key, comparison: .text(number.description)))
            case .multipleChoice:
                filters.append(CustomFilter(key: key, comparison: .contains(text)))
            default:
                filters.append(CustomFilter(key: key, comparison: .text(text)))
            }
        }
        if !errors.isEmpty { throw ServiceError.validation(errors) }
        return filters
    }

    /// `sort=cf.<key>`: a field of the list's record type (retired ones too) that holds one value.
    func customSort(_ key: String, of type: CustomizedRecord?, definitions settings: OrganisationSettings) throws -> CustomSort {
        let definitions = type.map { settings.customFields(of: $0) } ?? []
        guard let definition = definitions.first(where: { $0.key == key }) else {
            throw ServiceError.invalid("sort", "unknown_sort", "this list has no custom field \(key)")
        }
        guard definition.type != .multipleChoice else {
            throw ServiceError.invalid("sort", "unknown_sort", "a multiple choice field does not sort a list")
        }
        return CustomSort(key: key, numeric: [.integer, .decimal, .money].contains(definition.type))
    }
}
