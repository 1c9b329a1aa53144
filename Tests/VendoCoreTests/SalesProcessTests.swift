import Foundation
import Testing
@testable import VendoCore

@Suite("Sales processes: definitions, gating, changes in flight")
struct SalesProcessTests {
    func labels(_ en: String) -> [String: String] { ["en": en, "fr": en + " (fr)"] }

    /// Lead stage `a`; opportunity stages `b` (required field customerNeed), `c` (required
    /// checklist `signed`), `d`.
    func process() throws -> SalesProcess {
        try SalesProcess(id: ID(UUID()), info: testInfo, name: "Short", isDefault: false, stages: [
            ProcessStage(key: "a", labels: labels("A"), steps: [ProcessStep(key: "budget", labels: labels("Budget"), field: "budgetAmount",
                                                                           required: true)]),
            ProcessStage(key: "b", labels: labels("B"), probability: 20,
                         steps: [ProcessStep(key: "need", labels: labels("Need"), field: "customerNeed", required: true),
                                 ProcessStep(key: "optional", labels: labels("Optional"))]),
            ProcessStage(key: "c", labels: labels("C"), probability: 60,
                         steps: [ProcessStep(key: "signed", labels: labels("Signed"), required: true)]),
            ProcessStage(key: "d", labels: labels("D"), probability: 90),
        ])
    }

    @Test("the default process is Qualify › Develop › Propose › Close, in English and French")
    func defaultProcess() throws {
        let process = try SalesProcess(id: ID(UUID()), info: testInfo, name: "Default", isDefault: true, stages: SalesProcess.defaultStages)
        #expect(process.stages.map(\.key) == ["qualify", "develop", "propose", "close"])
        #expect(process.stages.allSatisfy { $0.labels["en"] != nil && $0.labels["fr"] != nil })
        #expect(process.stages[0].steps.count == 7 && process.stages[1].steps.count == 4)
        #expect(process.stages[2].steps.count == 4 && process.stages[3].steps.count == 5)
        #expect(process.entry(forLead: true).stage == "qualify")
        #expect(process.entry(forLead: false).stage == "develop")
    }

    @Test("a definition with problems is refused with each problem's path")
    func validation() throws {
        let bad = [
            ProcessStage(key: "1st", labels: [:]),
            ProcessStage(key: "x", labels: ["de": "X"], probability: 120, steps: [
                ProcessStep(key: "s", labels: labels("S"), field: "nonsense"), ProcessStep(key: "s", labels: labels("S")),
            ]),
            ProcessStage(key: "x", labels: labels("X2"), steps: [ProcessStep(key: "t", labels: labels("T"), field: "proposedSolution")]),
        ]
        do {
            _ = try SalesProcess(id: ID(UUID()), info: testInfo, name: " ", isDefault: false, stages: bad)
            Issue.record("an invalid process was accepted")
        } catch {
            let fields = Set(error.fieldNames)
            #expect(fields.isSuperset(of: ["name", "stages[0].key", "stages[0].labels", "stages[1].labels.de", "stages[1].probability",
                                           "stages[1].steps[0].field", "stages[1].steps[1].key", "stages[2].key"]))
            #expect(!fields.contains("stages[2].steps[0].field"), "proposedSolution is an opportunity field")
        }
        #expect(throws: DomainError.self) {
            try SalesProcess(id: ID(UUID()), info: testInfo, name: "One", isDefault: false, stages: [ProcessStage(key: "a", labels: labels("A"))])
        }
    }

    @Test("moving forward needs the required steps of every stage left; moving back does not")
    func gating() throws {
        let process = try process()
        var opportunity = try Opportunity(id: ID(UUID()), info: testInfo,
                                          fields: OpportunityFields(name: "Deal", customer: .account(ID(UUID()))),
                                          pricing: Pricing(currency: "EUR", exchangeRate: 1))
        opportunity.enter(process.entry(forLead: false), of: process)
        #expect(opportunity.process?.stage == "b" && opportunity.fields.probability == 20)

        #expect(throws: DomainError.conflict(code: "required_steps_missing", message: "fill the required steps first: Need, Signed",
                                             related: ["need", "signed"])) {
            try opportunity.moveStage(to: "d", in: process)
        }
        opportunity.fields.customerNeed = "  "
        #expect(throws: DomainError.conflict(code: "required_steps_missing", message: "fill the required steps first: Need",
                                             related: ["need"])) {
            try opportunity.moveStage(to: "c", in: process)
        }
        opportunity.fields.customerNeed = "Forty laptops"
        try opportunity.moveStage(to: "c", in: process)
        #expect(opportunity.process?.stage == "c" && opportunity.fields.probability == 60)
        #expect(throws: DomainError.self) { try opportunity.moveStage(to: "d", in: process) }
        opportunity.process?.checklist["signed"] = true
        try opportunity.moveStage(to: "d", in: process)
        opportunity.process?.checklist["signed"] = nil
        try opportunity.moveStage(to: "b", in: process)
        #expect(opportunity.process?.stagePath == ["b", "c", "d", "b"])
        #expect(opportunity.fields.probability == 20)

        #expect(throws: DomainError.invalid("stage", "lead_stage", "the stage a is worked on the lead; an opportunity starts at b")) {
            try opportunity.moveStage(to: "a", in: process)
        }
        #expect(throws: DomainError.self) { try opportunity.moveStage(to: "zz", in: process) }
    }

    @Test("a removed stage is replaced by its nearest remaining neighbour, through later removals too")
    func redefinition() throws {
        var process = try process()
        var position = process.entry(forLead: false)
        position.stage = "c"
        var stages = process.stages
        stages.remove(at: 2)
        try process.redefine(name: "Shorter", stages: stages)
        #expect(process.replacedStages == ["c": "b"])
        #expect(process.index(of: "c") == 1)
        // From the replacement b, moving on to d needs b's required step.
        #expect(throws: DomainError.self) { try process.move(&position, to: "d", filled: []) }
        stages.remove(at: 1)
        stages.append(ProcessStage(key: "e", labels: labels("E")))
        try process.redefine(name: "Shorter", stages: stages)
        #expect(process.replacedStages == ["b": "a", "c": "a"])
        #expect(process.index(of: "c") == 0)
        try process.move(&position, to: "d", filled: [])
        #expect(position.stage == "d" && position.stagePath.suffix(1) == ["d"])
        // A stage that comes back is itself again.
        stages.insert(ProcessStage(key: "c", labels: labels("C again")), at: 1)
        try process.redefine(name: "Shorter", stages: stages)
        #expect(process.replacedStages == ["b": "a"])
        #expect(process.index(of: "c") == 1)
    }

    @Test("a step's field counts as filled when it holds something, a yes/no field when it is yes")
    func filledFields() {
        var fields = LeadFields(topic: "Laptops", lastName: "Doe")
        fields.decisionMaker = false
        fields.description = "   "
        #expect(!StepFields.filled(fields).contains("decisionMaker"))
        #expect(!StepFields.filled(fields).contains("description"))
        fields.decisionMaker = true
        fields.address = Address(city: "Lyon")
        #expect(StepFields.filled(fields).isSuperset(of: ["topic", "lastName", "decisionMaker", "address"]))
    }
}
