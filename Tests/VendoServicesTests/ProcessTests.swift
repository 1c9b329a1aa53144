import Foundation
import Testing
@testable import VendoCore
@testable import VendoServices
@testable import VendoStore
import VendoTestSupport

@Suite("Services: sales processes")
struct ProcessTests {
    func labels(_ en: String) -> [String: String] { ["en": en] }

    @Test("a new database has the default process; leads start on Qualify and qualification moves the opportunity to Develop")
    func defaultFlow() async throws {
        let world = try await TestWorld.make()
        let processes = try await world.services.processes()
        #expect(processes.count == 1 && processes[0].isDefault && processes[0].stages.map(\.key) == ["qualify", "develop", "propose", "close"])
        let lead = try await world.lead()
        #expect(lead.process == ProcessPosition(processId: processes[0].id, stage: "qualify", stagePath: ["qualify"]))

        let result = try await world.services.qualifyLead(lead.id, QualifyOptions(), ifVersion: nil, by: world.admin)
        let opportunity = try #require(result.opportunity)
        #expect(opportunity.process?.stage == "develop" && opportunity.process?.stagePath == ["qualify", "develop"])
        #expect(opportunity.fields.probability == 20)
        #expect(result.lead.process?.stage == "qualify")

        // Setting up again adds no second default process.
        try await world.services.setUpOrganisation()
        #expect(try await world.services.processes().count == 1)
    }

    @Test("qualifying without an opportunity leaves the process on Qualify")
    func withoutOpportunity() async throws {
        let world = try await TestWorld.make()
        let lead = try await world.lead()
        let result = try await world.services.qualifyLead(lead.id, QualifyOptions(createOpportunity: false), ifVersion: nil, by: world.admin)
        #expect(result.opportunity == nil && result.lead.process?.stage == "qualify")
    }

    @Test("a required Qualify step blocks qualification into an opportunity, naming the step, and changes nothing")
    func qualificationGate() async throws {
        let world = try await TestWorld.make()
        let process = try #require(try await world.services.processes().first)
        var stages = process.stages
        stages[0].steps[1].required = true   // existing account? (checklist)
        stages[0].steps[3].required = true   // estimated budget (budgetAmount)
        _ = try await world.services.replaceProcess(process.id, name: process.name, isDefault: nil, stages: stages, ifVersion: nil,
                                                    by: world.admin)
        let lead = try await world.lead()
        let error = await #expect(throws: ServiceError.self) {
            try await world.services.qualifyLead(lead.id, QualifyOptions(), ifVersion: nil, by: world.admin)
        }
        #expect(error == .conflict(code: "required_steps_missing", message: "fill the required steps first: Existing account?, Estimated budget",
                                   related: ["existingAccount", "estimatedBudget"]))
        #expect(try await world.services.get(Lead.self, lead.id, by: world.admin) == lead)
        #expect(try await count(world, Opportunity.self) == 0)

        // Without an opportunity the lead does not leave Qualify, so nothing is required.
        _ = try await world.services.updateLead(lead.id, ifVersion: nil, by: world.admin,
                                                process: ProcessEdit(checklist: ["existingAccount": true])) { $0.budgetAmount = 5000 }
        let result = try await world.services.qualifyLead(lead.id, QualifyOptions(), ifVersion: nil, by: world.admin)
        #expect(result.opportunity?.process?.checklist == ["existingAccount": true])
    }

    @Test("checklist keys must be checklist steps of the record's process")
    func checklistKeys() async throws {
        let world = try await TestWorld.make()
        let opportunity = try await world.opportunity()
        let error = await #expect(throws: ServiceError.self) {
            try await world.services.updateOpportunity(opportunity.id, ifVersion: nil, by: world.admin,
                                                       process: ProcessEdit(checklist: ["customerNeed": true, "nope": true])) { _ in }
        }
        // customerNeed is a step with a field: filled by the field, not ticked.
        #expect(error?.fieldNames == ["checklist.customerNeed", "checklist.nope"])
        let ticked = try await world.services.updateOpportunity(opportunity.id, ifVersion: nil, by: world.admin,
                                                                process: ProcessEdit(checklist: ["stakeholdersIdentified": true])) { _ in }
        #expect(ticked.process?.checklist == ["stakeholdersIdentified": true])
        let unticked = try await world.services.updateOpportunity(opportunity.id, ifVersion: nil, by: world.admin,
                                                                  process: ProcessEdit(checklist: ["stakeholdersIdentified": false])) { _ in }
        #expect(unticked.process?.checklist == [:])
        let history = try await world.services.history(of: Opportunity.self, opportunity.id, by: world.admin)
        #expect(history.contains { $0.field == "process.checklist.stakeholdersIdentified" && $0.newValue == "true" })
    }

    @Test("only admins define processes; the default cannot be unset or deleted, nor a process records follow")
    func administration() async throws {
        let world = try await TestWorld.make()
        let user = try await world.services.createUser(name: "Sam", email: "sam@example.com", role: .manager, by: nil)
        let manager = try await world.services.caller(for: user.id)
        let stages = [ProcessStage(key: "first", labels: labels("First")), ProcessStage(key: "second", labels: labels("Second"))]
        let refused = await #expect(throws: ServiceError.self) {
            try await world.services.createProcess(name: "Quick", isDefault: false, stages: stages, by: manager)
        }
        #expect(refused?.code == "forbidden")

        let original = try #require(try await world.services.processes().first)
        let quick = try await world.services.createProcess(name: "Quick", isDefault: true, stages: stages, by: world.admin)
        #expect(try await world.services.get(SalesProcess.self, original.id, by: world.admin).isDefault == false)
        let lead = try await world.lead()
        #expect(lead.process?.processId == quick.id && lead.process?.stage == "first")

        let unset = await #expect(throws: ServiceError.self) {
            try await world.services.replaceProcess(quick.id, name: "Quick", isDefault: false, stages: stages, ifVersion: nil, by: world.admin)
        }
        #expect(unset?.fieldNames == ["isDefault"])
        let deleteDefault = await #expect(throws: ServiceError.self) {
            try await world.services.deleteProcess(quick.id, ifVersion: nil, by: world.admin)
        }
        #expect(deleteDefault?.code == "default_process")
        _ = try await world.services.replaceProcess(original.id, name: original.name, isDefault: true, stages: original.stages,
                                                    ifVersion: nil, by: world.admin)
        let inUse = await #expect(throws: ServiceError.self) {
            try await world.services.deleteProcess(quick.id, ifVersion: nil, by: world.admin)
        }
        #expect(inUse?.code == "in_use")
        // Moving the lead to the other process frees the first one.
        let moved = try await world.services.updateLead(lead.id, ifVersion: nil, by: world.admin,
                                                        process: ProcessEdit(processId: original.id)) { _ in }
        #expect(moved.process?.stage == "qualify" && moved.process?.stagePath == ["first", "qualify"])
        try await world.services.deleteProcess(quick.id, ifVersion: nil, by: world.admin)
        #expect(try await world.services.processes().map(\.id) == [original.id])
    }

    @Test("removing the stage an opportunity is on keeps it readable; its next move starts from the nearest stage")
    func definitionChangeInFlight() async throws {
        let world = try await TestWorld.make()
        let process = try #require(try await world.services.processes().first)
        let opportunity = try await world.opportunity()
        let proposing = try await world.services.moveStage(opportunity.id, to: "propose", ifVersion: nil, by: world.admin)
        #expect(proposing.process?.stage == "propose" && proposing.fields.probability == 50)

        var stages = process.stages
        stages.remove(at: 2)                  // propose goes
        stages[1].steps[0].required = true    // develop now needs the customer need
        let changed = try await world.services.replaceProcess(process.id, name: process.name, isDefault: nil, stages: stages,
                                                              ifVersion: nil, by: world.admin)
        #expect(changed.replacedStages == ["propose": "develop"])
        let unchanged = try await world.services.get(Opportunity.self, opportunity.id, by: world.admin)
        #expect(unchanged.process?.stage == "propose")

        // From develop (propose's replacement) to close: develop's required step is missing.
        let blocked = await #expect(throws: ServiceError.self) {
            try await world.services.moveStage(opportunity.id, to: "close", ifVersion: nil, by: world.admin)
        }
        #expect(blocked?.code == "required_steps_missing")
        _ = try await world.services.updateOpportunity(opportunity.id, ifVersion: nil, by: world.admin) { $0.customerNeed = "40 laptops" }
        let closing = try await world.services.moveStage(opportunity.id, to: "close", ifVersion: nil, by: world.admin)
        #expect(closing.process?.stagePath == ["qualify", "develop", "propose", "close"])
        let back = try await world.services.moveStage(opportunity.id, to: "develop", ifVersion: nil, by: world.admin)
        #expect(back.process?.stage == "develop" && back.fields.probability == 20)
        let history = try await world.services.history(of: Opportunity.self, opportunity.id, by: world.admin)
        #expect(history.filter { $0.field == "process.stage" }.map { "\($0.oldValue ?? "")>\($0.newValue ?? "")" }
                == ["develop>propose", "propose>close", "close>develop"])

        let won = try await world.services.winOpportunity(opportunity.id, ifVersion: nil, by: world.admin)
        let closed = await #expect(throws: ServiceError.self) {
            try await world.services.moveStage(won.id, to: "close", ifVersion: nil, by: world.admin)
        }
        #expect(closed?.code == "invalid_transition")
    }
}
