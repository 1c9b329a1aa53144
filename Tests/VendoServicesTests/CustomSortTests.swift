import Foundation
import Testing
@testable import VendoCore
@testable import VendoServices
import VendoTestSupport

/// Lists sorted by a custom field (`sort=cf.<key>`), on SQLite and, with a database URL, on
/// PostgreSQL.
@Suite("Lists sorted by a custom field")
struct CustomSortTests {
    @Test("numbers as numbers, texts as texts, records without a value last either way; pages follow the cursor")
    func sorted() async throws {
        let world = try await TestWorld.make()
        let s = world.services, admin = world.admin
        for (key, type) in [("fleet", CustomFieldType.integer), ("score", .decimal), ("code", .text), ("tags", .multipleChoice)] {
            var field = CustomFieldDefinition(recordType: .lead, key: key, type: type, labels: ["en": key, "fr": key])
            if type == .multipleChoice { field.choices = [CustomChoice(value: "a", labels: ["en": "A", "fr": "A"])] }
            _ = try await s.createCustomField(field, by: admin)
        }
        // Fleets 9, 40, 100 and none; scores 9.5, 10.25, 100 (numerically, not as texts).
        let plan: [(String, Int?, String?, String?)] = [("A", 40, "10.25", "b"), ("B", 9, "100", "c"), ("C", nil, nil, nil),
                                                        ("D", 100, "9.5", "a")]
        for (name, fleet, score, code) in plan {
            var fields = LeadFields(topic: "Lead \(name)", lastName: name)
            var values: CustomValues = [:]
            if let fleet { values["fleet"] = .integer(fleet) }
            if let score { values["score"] = .text(score) }
            if let code { values["code"] = .text(code) }
            fields.customFields = values.isEmpty ? nil : values
            _ = try await s.createLead(fields, by: admin)
        }
        func names(_ key: String, descending: Bool, limit: Int = 50) async throws -> [String] {
            var query = ListQuery(descending: descending, limit: limit)
            query.customSortKey = key
            var out: [String] = []
            while true {
                let page = try await s.list(Lead.self, query, by: admin)
                out += page.items.compactMap(\.fields.lastName)
                guard let next = page.nextCursor else { return out }
                query.cursor = next
            }
        }
        #expect(try await names("fleet", descending: false) == ["B", "A", "D", "C"])
        #expect(try await names("fleet", descending: true) == ["D", "A", "B", "C"])
        #expect(try await names("score", descending: false) == ["D", "A", "B", "C"])
        #expect(try await names("code", descending: false, limit: 1) == ["D", "A", "B", "C"])
        #expect(try await names("code", descending: true, limit: 3) == ["B", "A", "D", "C"])
        for key in ["nothing", "tags"] {
            await #expect(throws: ServiceError.self) { _ = try await names(key, descending: false) }
        }
        // A cursor of another list order is refused.
        let ordinary = try await s.list(Lead.self, ListQuery(limit: 1), by: admin)
        var mixed = ListQuery(limit: 1, cursor: ordinary.nextCursor)
        mixed.customSortKey = "fleet"
        await #expect(throws: (any Error).self) { _ = try await s.list(Lead.self, mixed, by: admin) }
    }

    @Test("a process step names a custom field: a stage requires it as a built-in field; the field then keeps its key")
    func gatingStep() async throws {
        let world = try await TestWorld.make()
        let s = world.services, admin = world.admin
        var region = CustomFieldDefinition(recordType: .opportunity, key: "region", type: .choice, labels: ["en": "Region", "fr": "Région"])
        region.choices = [CustomChoice(value: "north", labels: ["en": "North", "fr": "Nord"])]
        let field = try await s.createCustomField(region, by: admin)
        let process = try #require(try await s.processes().first)
        var stages = process.stages
        // A lead's field cannot be named on an opportunity's stage, nor a field that does not exist.
        for wrong in ["cf.fleet", "cf.Region"] {
            var bad = stages
            bad[1].steps.append(ProcessStep(key: "regionKnown", labels: ["en": "Region known", "fr": "Région connue"], field: wrong, required: true))
            let error = await #expect(throws: (any Error).self) {
                try await s.replaceProcess(process.id, name: process.name, isDefault: nil, stages: bad, ifVersion: nil, by: admin)
            }
            #expect("\(String(describing: error))".contains("field"), "\(wrong)")
        }
        stages[1].steps.append(ProcessStep(key: "regionKnown", labels: ["en": "Region known", "fr": "Région connue"], field: "cf.region",
                                           required: true))
        _ = try await s.replaceProcess(process.id, name: process.name, isDefault: nil, stages: stages, ifVersion: nil, by: admin)
        let opportunity = try await world.opportunity()
        let next = stages[2].key
        let refused = await #expect(throws: ServiceError.self) { try await s.moveStage(opportunity.id, to: next, ifVersion: nil, by: admin) }
        #expect(refused == .conflict(code: "required_steps_missing", message: "fill the required steps first: Region known", related: ["regionKnown"]))
        _ = try await s.updateOpportunity(opportunity.id, ifVersion: nil, by: admin) { $0.customFields = ["region": .text("north")] }
        #expect(try await s.moveStage(opportunity.id, to: next, ifVersion: nil, by: admin).process?.stage == next)
        // Named by a step, the field keeps its key and is not deleted (even without values).
        _ = try await s.updateOpportunity(opportunity.id, ifVersion: nil, by: admin) { $0.customFields = nil }
        await #expect(throws: ServiceError.self) { try await s.deleteCustomField(field.id, by: admin) }
        await #expect(throws: ServiceError.self) { try await s.updateCustomField(field.id, by: admin) { $0.key = "area" } }
    }

    @Test("qualifying carries a lead's field to another key where an administrator mapped it (carryTo)")
    func mappedQualify() async throws {
        let world = try await TestWorld.make()
        let s = world.services, admin = world.admin
        for type in [CustomizedRecord.account, .opportunity] {
            _ = try await s.createCustomField(CustomFieldDefinition(recordType: type, key: "fleet", type: .integer,
                                                                    labels: ["en": "Fleet", "fr": "Flotte"]), by: admin)
        }
        _ = try await s.createCustomField(CustomFieldDefinition(recordType: .contact, key: "fleet", type: .text,
                                                                labels: ["en": "Fleet", "fr": "Flotte"]), by: admin)
        var vans = CustomFieldDefinition(recordType: .lead, key: "vans", type: .integer, labels: ["en": "Vans", "fr": "Fourgons"])
        // A target that does not exist, or holds another type, is refused by name.
        vans.carryTo = ["account": "fleet", "contact": "fleet"]
        let refused = await #expect(throws: ServiceError.self) { try await s.createCustomField(vans, by: admin) }
        #expect(refused.map { "\($0)" }?.contains("carryTo.contact") == true)
        vans.carryTo = ["account": "fleet", "opportunity": "fleet", "planet": "fleet"]
        await #expect(throws: ServiceError.self) { try await s.createCustomField(vans, by: admin) }
        vans.carryTo = ["account": "fleet", "opportunity": "fleet"]
        _ = try await s.createCustomField(vans, by: admin)

        var fields = LeadFields(topic: "Vans", lastName: "Martin", companyName: "Transports Martin")
        fields.customFields = ["vans": .integer(40)]
        let lead = try await s.createLead(fields, by: admin).lead
        let result = try await s.qualifyLead(lead.id, QualifyOptions(), ifVersion: nil, by: admin)
        #expect(result.account?.customFields == ["fleet": .integer(40)])
        #expect(result.opportunity?.customFields == ["fleet": .integer(40)])
        #expect(result.contact?.customFields.isEmpty == true)
    }
}
