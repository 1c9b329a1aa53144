import Foundation
import Testing
@testable import VendoCore
@testable import VendoServices
import VendoTestSupport

/// The lists an organisation edits (SALES-PROCESS.md §13): sources, industries, ratings,
/// priorities and the reasons given when a lead or an opportunity closes.
@Suite("Choice lists")
struct ChoiceListTests {
    static func choice(_ value: String, _ english: String, _ french: String, retired: Bool = false) -> CustomChoice {
        CustomChoice(value: value, labels: ["en": english, "fr": french], retired: retired)
    }

    static func codes(_ error: (any Error)?) -> [String] {
        if case ServiceError.validation(let errors)? = error { return errors.map(\.code) }
        return ["not a validation error: \(String(describing: error))"]
    }

    /// Sets `list` to the built-in values changed by `edit`.
    static func edit(_ s: Services, _ admin: Caller, _ list: ChoiceListName,
                     _ edit: @escaping @Sendable (inout [CustomChoice]) -> Void) async throws -> OrganisationSettings {
        try await s.updateSettings(ifVersion: nil, by: admin) { settings in
            var choices = settings.choices(list)
            edit(&choices)
            var lists = settings.choiceLists ?? [:]
            lists[list.rawValue] = choices
            settings.choiceLists = lists
        }
    }

    @Test("an edited list: values added, renamed, reordered and retired; none dropped, labels in both languages")
    func editing() async throws {
        let world = try await TestWorld.make()
        let s = world.services, admin = world.admin
        let untouched = try await s.settings()
        #expect(untouched.choiceLists == nil && untouched.choices(.leadSource).map(\.value).contains("tradeShow"))
        #expect(untouched.choiceLabel(.leadSource, "tradeShow", .fr) == "Salon")

        let edited = try await Self.edit(s, admin, .leadSource) { choices in
            choices.insert(Self.choice("fairs", "Regional fairs", "Foires régionales"), at: 0)
            if let index = choices.firstIndex(where: { $0.value == "tradeShow" }) { choices[index].labels["fr"] = "Salon professionnel" }
            if let index = choices.firstIndex(where: { $0.value == "seminar" }) { choices[index].retired = true }
        }
        #expect(edited.choices(.leadSource).first?.value == "fairs")
        #expect(edited.choiceLabel(.leadSource, "tradeShow", .fr) == "Salon professionnel")
        #expect(edited.choices(.leadSource).first { $0.value == "seminar" }?.retired == true)
        // Other lists stay built in.
        #expect(edited.choiceLists?["rating"] == nil && edited.choices(.rating).count == 3)

        let refusals: [(String, @Sendable (inout [CustomChoice]) -> Void)] = [
            ("value_removed", { $0.removeAll { $0.value == "web" } }),
            ("value_removed", { $0.removeAll { $0.value == "fairs" } }),
            ("duplicate", { $0.append(Self.choice("fairs", "Again", "Encore")) }),
            ("invalid_value", { $0.append(Self.choice("two words", "Two", "Deux")) }),
            ("required", { $0.append(Self.choice("expo", "Expo", "")) }),
        ]
        for (code, change) in refusals {
            let error = await #expect(throws: ServiceError.self) { _ = try await Self.edit(s, admin, .leadSource, change) }
            #expect(Self.codes(error).contains(code), "\(code): \(String(describing: error))")
        }
        let normal = await #expect(throws: ServiceError.self) {
            _ = try await Self.edit(s, admin, .activityPriority) { choices in
                if let index = choices.firstIndex(where: { $0.value == "normal" }) { choices[index].retired = true }
            }
        }
        #expect(Self.codes(normal) == ["default_retired"])
        let unknown = await #expect(throws: ServiceError.self) {
            _ = try await s.updateSettings(ifVersion: nil, by: admin) { $0.choiceLists = ["colours": []] }
        }
        #expect(Self.codes(unknown) == ["unknown_list"])
        // Only administrators edit the lists.
        let sam = try await s.createUser(name: "Sam", email: "sam@example.com", role: .salesperson, by: admin)
        let salesperson = Caller(principal: Principal(userId: sam.id, role: .salesperson, teammates: []))
        await #expect(throws: ServiceError.self) { _ = try await Self.edit(s, salesperson, .rating) { $0.append(Self.choice("x", "X", "X")) } }
        // The change is in the settings' history.
        let history = try await s.store.read { tx in try await tx.history(recordType: "settings", recordId: Services.organisationId) }
        #expect(history.contains { ($0.field ?? "").hasPrefix("choiceLists") })
    }

    @Test("records take active values of the lists; a retired value stays on the records that had it")
    func records() async throws {
        let world = try await TestWorld.make()
        let s = world.services, admin = world.admin
        _ = try await Self.edit(s, admin, .leadSource) { choices in
            choices.append(Self.choice("fairs", "Regional fairs", "Foires régionales"))
        }
        var fields = LeadFields(topic: "Fleet", lastName: "Martin", companyName: "Transports Martin")
        fields.source = LeadSource("fairs")
        fields.industry = Industry("transportation")
        let lead = try await s.createLead(fields, by: admin).lead
        #expect(lead.fields.source?.rawValue == "fairs")

        // A value no list has, or a label, is refused from a person: the API takes values.
        for source in ["carrierPigeon", "Regional fairs"] {
            var other = fields
            other.source = LeadSource(source)
            let error = await #expect(throws: ServiceError.self) { try await s.createLead(other, by: admin) }
            #expect(Self.codes(error) == ["invalid_choice"], "\(source)")
        }
        var hot = fields
        hot.rating = Rating("boiling")
        #expect(Self.codes(await #expect(throws: ServiceError.self) { try await s.createLead(hot, by: admin) }) == ["invalid_choice"])

        // Retired: refused on new choices, kept where it was.
        _ = try await Self.edit(s, admin, .leadSource) { choices in
            if let index = choices.firstIndex(where: { $0.value == "fairs" }) { choices[index].retired = true }
        }
        let refused = await #expect(throws: ServiceError.self) { try await s.createLead(fields, by: admin) }
        #expect(Self.codes(refused) == ["retired_choice"])
        let kept = try await s.updateLead(lead.id, ifVersion: nil, by: admin) { $0.topic = "Fleet of 40 vans" }
        #expect(kept.fields.source?.rawValue == "fairs" && kept.fields.topic == "Fleet of 40 vans")

        // Activities' priorities come from their list too.
        _ = try await Self.edit(s, admin, .activityPriority) { $0.append(Self.choice("urgent", "Urgent", "Urgent")) }
        let task = try await s.createActivity(.task, regarding: .lead, lead.id.uuid,
                                              fields: ActivityFields(subject: "Call back", priority: ActivityPriority("urgent")), by: admin)
        #expect(task.fields.priority.rawValue == "urgent")
        await #expect(throws: ServiceError.self) {
            try await s.createActivity(.task, regarding: .lead, lead.id.uuid, fields: ActivityFields(subject: "X", priority: ActivityPriority("asap")),
                                       by: admin)
        }
    }

    @Test("a lead is disqualified and an opportunity lost with a reason from the lists, beside the status")
    func reasons() async throws {
        let world = try await TestWorld.make()
        let s = world.services, admin = world.admin
        let lead = try await world.lead()
        let bad = await #expect(throws: ServiceError.self) {
            try await s.disqualifyLead(lead.id, as: .noLongerInterested, reason: DisqualifyReason("tooExpensive"), ifVersion: nil, by: admin)
        }
        #expect(Self.codes(bad) == ["invalid_choice"])
        let closed = try await s.disqualifyLead(lead.id, as: .noLongerInterested, reason: DisqualifyReason("noBudget"), ifVersion: nil, by: admin)
        #expect(closed.status == .noLongerInterested && closed.reason?.rawValue == "noBudget")
        let history = try await s.history(of: Lead.self, lead.id, by: admin)
        #expect(history.contains { $0.field == "reason" && $0.newValue == "noBudget" && $0.action == "disqualify" })
        let reopened = try await s.reactivateLead(lead.id, ifVersion: nil, by: admin)
        #expect(reopened.reason == nil && reopened.state == .open)

        // An organisation's own reason; a retired one is refused.
        _ = try await Self.edit(s, admin, .lostReason) { choices in
            choices.append(Self.choice("delivery", "Delivery too late", "Livraison trop tardive"))
            if let index = choices.firstIndex(where: { $0.value == "timing" }) { choices[index].retired = true }
        }
        let opportunity = try await world.opportunity()
        let retired = await #expect(throws: ServiceError.self) {
            try await s.loseOpportunity(opportunity.id, as: .outSold, reason: LostReason("timing"), ifVersion: nil, by: admin)
        }
        #expect(Self.codes(retired) == ["retired_choice"])
        let lost = try await s.loseOpportunity(opportunity.id, as: .outSold, reason: LostReason("delivery"), ifVersion: nil, by: admin)
        #expect(lost.state == .lost && lost.status == .outSold && lost.reason?.rawValue == "delivery")
        #expect(try await s.reopenOpportunity(opportunity.id, ifVersion: nil, by: admin).reason == nil)
        // No reason is fine: the status says what the process needs.
        let plain = try await s.loseOpportunity(opportunity.id, as: .canceled, ifVersion: nil, by: admin)
        #expect(plain.reason == nil)
    }

    @Test("an import names values by code, built-in label or the organisation's label; unknown values are reported in the check pass")
    func imports() async throws {
        let world = try await TestWorld.make()
        let s = world.services, admin = world.admin
        _ = try await Self.edit(s, admin, .leadSource) { choices in
            choices.append(Self.choice("fairs", "Regional fairs", "Foires régionales"))
        }
        let csv = """
        Topic,Last Name,Company,Lead Source,Rating
        One,Martin,A,Trade Show,Hot
        Two,Durand,B,Foires régionales,
        Three,Petit,C,fairs,warm
        Four,Roux,D,Carrier pigeon,
        """
        let path = try temporaryFile(csv)
        let dry = try await s.importFile(.leads, path: path, options: ImportOptions(dryRun: true), by: admin)
        #expect(dry.badRows == 1 && dry.problems.first?.line == 5 && dry.problems.first?.field == "source")
        #expect(try await s.list(Lead.self, ListQuery(limit: 10), by: admin).items.isEmpty)
        let report = try await s.importFile(.leads, path: path, options: ImportOptions(skipBadRows: true), by: admin)
        #expect(report.created == 3)
        let leads = try await s.list(Lead.self, ListQuery(limit: 10), by: admin).items
        let sources = Dictionary(uniqueKeysWithValues: leads.map { ($0.fields.topic, $0.fields.source?.rawValue ?? "") })
        #expect(sources == ["One": "tradeShow", "Two": "fairs", "Three": "fairs"])
    }
}
