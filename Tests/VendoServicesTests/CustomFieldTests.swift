import Foundation
import Testing
@testable import VendoCore
@testable import VendoServices
import VendoTestSupport

/// The organisation's own fields (SALES-PROCESS.md §13), on SQLite and, with a database URL,
/// on PostgreSQL.
@Suite("Custom fields")
struct CustomFieldTests {
    static func field(_ type: CustomizedRecord, _ key: String, _ kind: CustomFieldType,
                      _ edit: (inout CustomFieldDefinition) -> Void = { _ in }) -> CustomFieldDefinition {
        var definition = CustomFieldDefinition(recordType: type, key: key, type: kind, labels: ["en": key.capitalized, "fr": key.capitalized])
        if kind.hasChoices {
            definition.choices = ["north", "south", "east"].map { CustomChoice(value: $0, labels: ["en": $0.capitalized, "fr": $0.capitalized]) }
        }
        edit(&definition)
        return definition
    }

    static func fields(_ error: any Error) -> [String] {
        if case ServiceError.validation(let errors) = error { return errors.map(\.field) }
        return ["not a validation error: \(error)"]
    }

    static func codes(_ error: any Error) -> [String] {
        if case ServiceError.validation(let errors) = error { return errors.map(\.code) }
        return ["not a validation error: \(error)"]
    }

    @Test("definitions: each rule named; keys unique per record type; key and type never change; choices retired, not removed")
    func definitions() async throws {
        let world = try await TestWorld.make()
        let s = world.services, admin = world.admin
        let bad: [(CustomFieldDefinition, String)] = [
            (Self.field(.lead, "Region", .text), "key"),
            (Self.field(.lead, "region", .text) { $0.labels["fr"] = nil }, "labels.fr"),
            (Self.field(.lead, "region", .choice) { $0.choices = [] }, "choices"),
            (Self.field(.lead, "size", .integer) { $0.min = 10; $0.max = 5 }, "max"),
            (Self.field(.lead, "code", .text) { $0.pattern = "([a-z" }, "pattern"),
            (Self.field(.lead, "size", .integer) { $0.defaultValue = .text("ten") }, "default"),
            (Self.field(.lead, "region", .choice) { $0.defaultValue = .text("west") }, "default"),
            (Self.field(.lead, "size", .integer) { $0.maxLength = 3 }, "maxLength"),
        ]
        for (definition, field) in bad {
            let error = await #expect(throws: ServiceError.self) { try await s.createCustomField(definition, by: admin) }
            #expect(error.map(Self.fields)?.contains { $0.hasSuffix(field) } == true, "\(definition.key): \(String(describing: error))")
        }
        let region = try await s.createCustomField(Self.field(.opportunity, "region", .choice), by: admin)
        #expect(region.order == 1 && !region.retired)
        let size = try await s.createCustomField(Self.field(.opportunity, "fleetSize", .integer), by: admin)
        #expect(size.order == 2)
        // The same key on another record type is another field.
        _ = try await s.createCustomField(Self.field(.lead, "region", .choice), by: admin)
        await #expect(throws: ServiceError.self) { try await s.createCustomField(Self.field(.opportunity, "region", .text), by: admin) }

        let renamed = try await s.updateCustomField(region.id, by: admin) { $0.labels["fr"] = "Région" }
        #expect(renamed.labels["fr"] == "Région")
        // While no record holds a value, the key and the type may still change; then never again.
        let area = try await s.updateCustomField(region.id, by: admin) { $0.key = "area" }
        #expect(area.key == "area")
        let taken = await #expect(throws: ServiceError.self) { try await s.updateCustomField(region.id, by: admin) { $0.key = "fleetSize" } }
        #expect(taken.map(Self.codes) == ["duplicate"])
        let opportunity = try await world.opportunity()
        _ = try await s.updateOpportunity(opportunity.id, ifVersion: nil, by: admin) { $0.customFields = ["area": .text("north")] }
        let keyChange = await #expect(throws: ServiceError.self) { try await s.updateCustomField(region.id, by: admin) { $0.key = "region" } }
        #expect(keyChange.map(Self.codes) == ["read_only"])
        let typeChange = await #expect(throws: ServiceError.self) { try await s.updateCustomField(region.id, by: admin) { $0.type = .text } }
        #expect(typeChange.map(Self.codes) == ["read_only"])
        let removal = await #expect(throws: ServiceError.self) {
            try await s.updateCustomField(region.id, by: admin) { $0.choices?.removeLast() }
        }
        #expect(removal.map(Self.codes) == ["choice_removed"])
        // A field in use is retired, not deleted; one nobody used is deleted.
        let inUse = await #expect(throws: ServiceError.self) { try await s.deleteCustomField(region.id, by: admin) }
        #expect(inUse.map { if case .conflict(let code, _, _) = $0 { code } else { "\($0)" } } == "custom_field_in_use")
        let retired = try await s.updateCustomField(region.id, by: admin) { $0.retired = true }
        #expect(retired.retired && retired.labels["fr"] == "Région")
        #expect(try await s.customFields(of: .opportunity, by: admin).map(\.key) == ["area", "fleetSize"])
        #expect(try await !s.updateCustomField(region.id, by: admin) { $0.retired = false }.retired)
        try await s.deleteCustomField(size.id, by: admin)
        #expect(try await s.customFields(of: .opportunity, by: admin).map(\.key) == ["area"])

        // Administrators only; the changes are in the settings' history.
        let sam = try await s.createUser(name: "Sam", email: "sam@example.com", role: .salesperson, by: admin)
        let salesperson = Caller(principal: Principal(userId: sam.id, role: .salesperson, teammates: []))
        await #expect(throws: ServiceError.self) { try await s.createCustomField(Self.field(.lead, "other", .text), by: salesperson) }
        #expect(try await s.customFields(of: .lead, by: salesperson).map(\.key) == ["region"])
    }

    /// A value of each type that fits, and one that does not, with the code it is refused with.
    static let values: [(CustomFieldDefinition, CustomValue, CustomValue, String)] = [
        (field(.lead, "note", .text) { $0.maxLength = 5 }, .text("short"), .text("longer"), "too_long"),
        (field(.lead, "code", .text) { $0.pattern = "[A-Z]{2}-[0-9]+" }, .text("FR-12"), .text("fr-12"), "pattern_mismatch"),
        (field(.lead, "story", .longText) { $0.minLength = 3 }, .text(String(repeating: "a", count: 9_000)), .text("ab"), "too_short"),
        (field(.lead, "fleetSize", .integer) { $0.min = 1 }, .integer(40), .integer(0), "out_of_range"),
        (field(.lead, "margin", .decimal), .text("12.5"), .text("12.34567"), "too_precise"),
        (field(.lead, "budget", .money) { $0.max = 1000 }, .text("999.99"), .text("1000.01"), "out_of_range"),
        (field(.lead, "visit", .date), .text("2026-12-24"), .text("24/12/2026"), "invalid_date"),
        (field(.lead, "callAt", .dateTime), .text("2026-12-24T09:30:00Z"), .text("2026-12-24 09:30"), "invalid_date_time"),
        (field(.lead, "signed", .yesNo), .bool(true), .text("yes"), "invalid_type"),
        (field(.lead, "region", .choice), .text("north"), .text("west"), "invalid_choice"),
        (field(.lead, "regions", .multipleChoice), .list(["north", "east"]), .list(["north", "north"]), "duplicate"),
        (field(.lead, "site", .url), .text("https://example.com/a"), .text("example.com"), "invalid_url"),
        (field(.lead, "billing", .email), .text("a@example.com"), .text("a@"), "invalid_email"),
        (field(.lead, "fax", .phone), .text("+33 1 23 45 67 89"), .text("call me"), "invalid_phone"),
        (field(.lead, "count", .integer), .integer(3), .text("3"), "invalid_type"),
    ]

    @Test("values of every type: a good one is kept, a bad one refused by its field and code, on create and on change")
    func everyType() async throws {
        let world = try await TestWorld.make()
        let s = world.services, admin = world.admin
        for (definition, _, _, _) in Self.values { _ = try await s.createCustomField(definition, by: admin) }
        var good = LeadFields(topic: "All types", lastName: "Able")
        good.customFields = Dictionary(uniqueKeysWithValues: Self.values.map { ($0.0.key, $0.1) })
        let lead = try await s.createLead(good, by: admin).lead
        #expect(lead.customFields == good.customFields?.merging(["margin": .text("12.5")]) { $1 })
        #expect(try await s.get(Lead.self, lead.id, by: admin).customFields == lead.customFields)
        for (definition, _, bad, code) in Self.values {
            var fields = LeadFields(topic: "Bad \(definition.key)", lastName: "Baker")
            fields.customFields = [definition.key: bad]
            let created = await #expect(throws: ServiceError.self) { try await s.createLead(fields, by: admin) }
            #expect(created.map(Self.codes) == [code], "\(definition.key)")
            #expect(created.map(Self.fields) == ["customFields.\(definition.key)"])
            let changed = await #expect(throws: ServiceError.self) {
                try await s.updateLead(lead.id, ifVersion: nil, by: admin) { $0.customFields?[definition.key] = bad }
            }
            #expect(changed.map(Self.codes) == [code], "\(definition.key)")
        }
        var unknown = LeadFields(topic: "Unknown", lastName: "Cole")
        unknown.customFields = ["colour": .text("blue")]
        let refused = await #expect(throws: ServiceError.self) { try await s.createLead(unknown, by: admin) }
        #expect(refused.map(Self.codes) == ["unknown_field"])
        // A user field names an active user.
        _ = try await s.createCustomField(Self.field(.lead, "assistant", .user), by: admin)
        let noOne = await #expect(throws: ServiceError.self) {
            try await s.updateLead(lead.id, ifVersion: nil, by: admin) { $0.customFields?["assistant"] = .text(UUID().uuidString) }
        }
        #expect(noOne.map(Self.codes) == ["unknown_user"])
        let saved = try await s.updateLead(lead.id, ifVersion: nil, by: admin) { $0.customFields?["assistant"] = .text(admin.userId.description) }
        #expect(saved.customFields["assistant"] == .text(admin.userId.description))
        // Every change is in the record's history, field by field.
        let history = try await s.history(of: Lead.self, lead.id, by: admin)
        #expect(history.contains { $0.field == "customFields.assistant" && $0.newValue == admin.userId.description }, "\(history.map { "\($0.field ?? "") = \($0.newValue ?? "")" })")
    }

    @Test("required and default: a person must fill it, a file or a form need not; a default fills new records; nobody empties it")
    func requiredAndDefault() async throws {
        let world = try await TestWorld.make()
        let s = world.services, admin = world.admin
        let old = try await world.lead()
        _ = try await s.createCustomField(Self.field(.lead, "region", .choice) { $0.required = true }, by: admin)
        _ = try await s.createCustomField(Self.field(.lead, "tier", .text) { $0.defaultValue = .text("standard") }, by: admin)
        let missing = await #expect(throws: ServiceError.self) { try await s.createLead(LeadFields(topic: "T", lastName: "L"), by: admin) }
        #expect(missing.map(Self.fields) == ["customFields.region"] && missing.map(Self.codes) == ["required"])
        var fields = LeadFields(topic: "T", lastName: "L")
        fields.customFields = ["region": .text("south")]
        let lead = try await s.createLead(fields, by: admin).lead
        #expect(lead.customFields == ["region": .text("south"), "tier": .text("standard")])
        let emptied = await #expect(throws: ServiceError.self) {
            try await s.updateLead(lead.id, ifVersion: nil, by: admin) { $0.customFields?["region"] = .text("") }
        }
        #expect(emptied.map(Self.codes) == ["required"])
        // A record older than the field is still changed and worked without it.
        let touched = try await s.updateLead(old.id, ifVersion: nil, by: admin) { $0.jobTitle = "Buyer" }
        #expect(touched.customFields.isEmpty)
        // An imported row takes the default and is not refused for the required field.
        let report = try await s.importFile(.leads, path: try temporaryFile("Topic,Last Name\nFair,Dunn\n"), options: ImportOptions(), by: admin)
        #expect(report.created == 1)
        let imported = try #require(try await leads(world).first { $0.fields.lastName == "Dunn" })
        #expect(imported.customFields == ["tier": .text("standard")])
    }

    @Test("retired: gone for new values, kept on the records and their changes; a retired choice stays where it is")
    func retired() async throws {
        let world = try await TestWorld.make()
        let s = world.services, admin = world.admin
        _ = try await s.createCustomField(Self.field(.lead, "region", .choice), by: admin)
        _ = try await s.createCustomField(Self.field(.lead, "note", .text), by: admin)
        var fields = LeadFields(topic: "T", lastName: "L")
        fields.customFields = ["region": .text("east"), "note": .text("kept")]
        let lead = try await s.createLead(fields, by: admin).lead
        let defined = try await s.customFields(of: .lead, by: admin)
        let note = try #require(defined.first { $0.key == "note" }), region = try #require(defined.first { $0.key == "region" })
        _ = try await s.updateCustomField(note.id, by: admin) { $0.retired = true }
        _ = try await s.updateCustomField(region.id, by: admin) { definition in
            definition.choices = definition.choices?.map { var choice = $0; choice.retired = choice.value == "east"; return choice }
        }
        // Other changes keep both values.
        let changed = try await s.updateLead(lead.id, ifVersion: nil, by: admin) { $0.jobTitle = "Buyer" }
        #expect(changed.customFields == ["region": .text("east"), "note": .text("kept")])
        let newNote = await #expect(throws: ServiceError.self) {
            try await s.updateLead(lead.id, ifVersion: nil, by: admin) { $0.customFields?["note"] = .text("new") }
        }
        #expect(newNote.map(Self.codes) == ["retired_field"])
        var another = LeadFields(topic: "T2", lastName: "M")
        another.customFields = ["region": .text("east")]
        let retiredChoice = await #expect(throws: ServiceError.self) { try await s.createLead(another, by: admin) }
        #expect(retiredChoice.map(Self.codes) == ["retired_choice"])
        // Restored, the field takes values again.
        _ = try await s.updateCustomField(note.id, by: admin) { $0.retired = false }
        let restored = try await s.updateLead(lead.id, ifVersion: nil, by: admin) { $0.customFields?["note"] = .text("new") }
        #expect(restored.customFields["note"] == .text("new"))
    }

    @Test("carried along: a lead's values to the account, contact and opportunity with the same key, then to the quote, order and invoice")
    func carried() async throws {
        let world = try await TestWorld.make()
        let s = world.services, admin = world.admin
        for type in [CustomizedRecord.lead, .account, .opportunity, .quote, .order, .invoice] {
            _ = try await s.createCustomField(Self.field(type, "region", .choice), by: admin)
        }
        // Same key, other type on the contact: not carried there.
        _ = try await s.createCustomField(Self.field(.contact, "region", .integer), by: admin)
        _ = try await s.createCustomField(Self.field(.lead, "leadOnly", .text), by: admin)
        var fields = LeadFields(topic: "Fleet", firstName: "Camille", lastName: "Martin", companyName: "Transports Martin")
        fields.customFields = ["region": .text("north"), "leadOnly": .text("x")]
        let lead = try await s.createLead(fields, by: admin).lead
        let result = try await s.qualifyLead(lead.id, QualifyOptions(priceListId: world.catalog.priceList.id), ifVersion: nil, by: admin)
        #expect(result.account?.customFields == ["region": .text("north")])
        #expect(result.contact?.customFields.isEmpty == true)
        let opportunity = try #require(result.opportunity)
        #expect(opportunity.customFields == ["region": .text("north")])
        _ = try await s.addLine(to: Opportunity.self, opportunity.id, LineFields(productId: world.catalog.laptop.id, quantity: 1),
                                ifVersion: nil, by: admin)
        let quote = try await s.generateQuote(from: opportunity.id, by: admin)
        #expect(quote.customFields == ["region": .text("north")])
        _ = try await s.activateQuote(quote.id, ifVersion: nil, by: admin)
        let order = try await s.convertQuoteToOrder(quote.id, ifVersion: nil, by: admin)
        #expect(order.customFields == ["region": .text("north")])
        let invoice = try await s.createInvoice(fromOrder: order.id, by: admin)
        #expect(invoice.customFields == ["region": .text("north")])
    }

    @Test("imports fill custom fields from columns named by key or label, or mapped; each cell read by its type and checked in the check pass")
    func imports() async throws {
        let world = try await TestWorld.make()
        let s = world.services, admin = world.admin
        _ = try await s.createCustomField(Self.field(.lead, "region", .choice) {
            $0.labels = ["en": "Sales region", "fr": "Région commerciale"]
            $0.choices?[0].labels["fr"] = "Nord"
        }, by: admin)
        _ = try await s.createCustomField(Self.field(.lead, "fleetSize", .integer) { $0.max = 10_000 }, by: admin)
        _ = try await s.createCustomField(Self.field(.lead, "regions", .multipleChoice), by: admin)
        _ = try await s.createCustomField(Self.field(.lead, "sfCreated", .dateTime), by: admin)
        _ = try await s.createCustomField(Self.field(.lead, "assistant", .user), by: admin)
        _ = try await s.createCustomField(Self.field(.lead, "tier", .text), by: admin)
        let file = try temporaryFile("""
            Topic,Last Name,Région commerciale,fleetSize,Regions,CreatedDate,Assistant
            A,Able,Nord,"1,200",North; east,2026-02-01T10:00:00.000Z,ada@example.com
            B,Baker,west,20000,south,,
            """)
        var options = ImportOptions(mapping: ["CreatedDate": "cf.sfCreated"], defaults: ["cf.tier": "gold"])
        let dry = try await s.importFile(.leads, path: file, options: options, by: admin)
        // Both bad cells of row 3 are found before anything is written.
        #expect(!dry.committed && dry.badRows == 1 && dry.problems.map(\.field) == ["cf.region", "cf.fleetSize"])
        #expect(dry.problems.map(\.code) == ["invalid_choice", "out_of_range"])
        #expect(dry.mapping["Région commerciale"] == "cf.region" && dry.mapping["CreatedDate"] == "cf.sfCreated")
        #expect(try await leads(world).isEmpty)
        options.skipBadRows = true
        let report = try await s.importFile(.leads, path: file, options: options, by: admin)
        #expect(report.created == 1 && report.badRows == 1)
        let able = try #require(try await leads(world).first)
        #expect(able.customFields == ["region": .text("north"), "fleetSize": .integer(1200), "regions": .list(["north", "east"]),
                                      "sfCreated": .text("2026-02-01T10:00:00.000Z"), "assistant": .text(admin.userId.description),
                                      "tier": .text("gold")])
        // A default or a mapping may only name a field the kind has.
        let unknown = await #expect(throws: ServiceError.self) {
            try await s.importFile(.leads, path: file, options: ImportOptions(defaults: ["cf.colour": "blue"]), by: admin)
        }
        #expect(unknown.map(Self.codes) == ["unknown_field"])
    }

    @Test("an export's custom columns (customFields.<key>) and cf.<key> headers import back, even where a built-in field claims the key")
    func exportHeadersImport() async throws {
        let world = try await TestWorld.make()
        let s = world.services, admin = world.admin
        // `region` is also the name of the address's region, which a plain "region" column fills.
        _ = try await s.createCustomField(Self.field(.lead, "region", .choice), by: admin)
        _ = try await s.createCustomField(Self.field(.lead, "fleet", .integer), by: admin)
        let file = try temporaryFile("""
            topic,lastName,region,customFields.region,cf.fleet
            A,Able,Bretagne,north,12
            """)
        let report = try await s.importFile(.leads, path: file, options: ImportOptions(), by: admin)
        #expect(report.created == 1 && report.mapping["customFields.region"] == "cf.region" && report.mapping["cf.fleet"] == "cf.fleet")
        let able = try #require(try await leads(world).first)
        #expect(able.customFields == ["region": .text("north"), "fleet": .integer(12)])
        #expect(able.fields.address?.region == "Bretagne")
    }

    @Test("lists filter by a custom value of any type; an unknown field or a value it cannot hold is refused")
    func filters() async throws {
        let world = try await TestWorld.make()
        let s = world.services, admin = world.admin
        for definition in [Self.field(.lead, "region", .choice), Self.field(.lead, "regions", .multipleChoice),
                           Self.field(.lead, "size", .integer), Self.field(.lead, "signed", .yesNo), Self.field(.lead, "margin", .decimal)] {
            _ = try await s.createCustomField(definition, by: admin)
        }
        let rows: [(String, CustomValues)] = [
            ("A", ["region": .text("north"), "regions": .list(["north", "east"]), "size": .integer(10), "signed": .bool(true), "margin": .text("1.50")]),
            ("B", ["region": .text("south"), "regions": .list(["east"]), "size": .integer(20), "signed": .bool(false), "margin": .text("2")]),
            ("C", [:]),
        ]
        for (name, values) in rows {
            var fields = LeadFields(topic: name, lastName: name)
            fields.customFields = values
            _ = try await s.createLead(fields, by: admin)
        }
        func names(_ filters: [String: String]) async throws -> [String] {
            var query = ListQuery(descending: false)
            query.custom = filters
            return try await s.list(Lead.self, query, by: admin).items.map(\.fields.topic)
        }
        #expect(try await names(["region": "north"]) == ["A"])
        #expect(try await names(["regions": "east"]) == ["A", "B"])
        #expect(try await names(["regions": "north", "region": "north"]) == ["A"])
        #expect(try await names(["size": "20"]) == ["B"])
        #expect(try await names(["signed": "false"]) == ["B"])
        #expect(try await names(["margin": "1.5"]) == ["A"])
        #expect(try await names(["margin": "2.00"]) == ["B"])
        for (filter, code) in [(["colour": "blue"], "unknown_filter"), (["size": "big"], "invalid_integer"), (["signed": "yes"], "invalid_boolean")] {
            let error = await #expect(throws: ServiceError.self) { try await names(filter) }
            #expect(error.map(Self.codes) == [code])
        }
        // Search (q) finds custom text too.
        _ = try await s.createCustomField(Self.field(.lead, "depot", .text), by: admin)
        var depot = LeadFields(topic: "D", lastName: "D")
        depot.customFields = ["depot": .text("Entrepôt Zanzibar")]
        _ = try await s.createLead(depot, by: admin)
        #expect(try await s.list(Lead.self, ListQuery(search: "zanzib"), by: admin).items.map(\.fields.topic) == ["D"])
        // A record type without custom fields has no such filter.
        var query = ListQuery()
        query.custom = ["region": "north"]
        await #expect(throws: ServiceError.self) { try await s.list(PriceList.self, query, by: admin) }
    }
}
