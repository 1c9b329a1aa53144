import Foundation

/// One step of a stage: a field of the record to fill, or (without `field`) a checklist item
/// ticked in the record's `checklist`.
public struct ProcessStep: Codable, Sendable, Equatable {
    public var key: String
    /// Language code (`en`, `fr`) → label.
    public var labels: [String: String]
    public var field: String?
    public var required: Bool

    public init(key: String, labels: [String: String], field: String? = nil, required: Bool = false) {
        self.key = key
        self.labels = labels
        self.field = field
        self.required = required
    }
}

public struct ProcessStage: Codable, Sendable, Equatable {
    public var key: String
    public var labels: [String: String]
    /// The probability an opportunity takes when it enters this stage.
    public var probability: Int?
    public var steps: [ProcessStep]

    public init(key: String, labels: [String: String], probability: Int? = nil, steps: [ProcessStep] = []) {
        self.key = key
        self.labels = labels
        self.probability = probability
        self.steps = steps
    }
}

/// A sales process (SALES-PROCESS.md §9). Its first stage is worked on the lead; qualifying the
/// lead into an opportunity moves the process to the second stage, and the opportunity moves
/// through the rest.
public struct SalesProcess: Record {
    public static let recordType = "process"
    public static var accessKind: RecordKind { .catalog }
    public static let languages = ["en", "fr"]

    public var id: ID<SalesProcess>
    public var info: RecordInfo
    public var name: String
    public var isDefault: Bool
    public var stages: [ProcessStage]
    /// A removed stage's key → the stage that was nearest to it when it was removed. Records
    /// still on a removed stage go on from there at their next move.
    public var replacedStages: [String: String]

    public init(id: ID<SalesProcess>, info: RecordInfo, name: String, isDefault: Bool, stages: [ProcessStage]) throws(DomainError) {
        self.id = id
        self.info = info
        self.name = name
        self.isDefault = isDefault
        self.stages = stages
        replacedStages = [:]
        try validate()
    }

    /// Replaces the definition. Stages that disappear are mapped to their nearest remaining
    /// neighbour (the one before them, else the one after), so records on them stay usable.
    public mutating func redefine(name newName: String, stages newStages: [ProcessStage]) throws(DomainError) {
        let remaining = Set(newStages.map(\.key))
        var replaced = replacedStages.filter { !remaining.contains($0.key) }
        for (index, stage) in stages.enumerated() where !remaining.contains(stage.key) {
            let before = stages[..<index].reversed().first { remaining.contains($0.key) }
            let after = stages[(index + 1)...].first { remaining.contains($0.key) }
            if let nearest = before ?? after { replaced[stage.key] = nearest.key } else { replaced[stage.key] = nil }
        }
        // Older replacements that pointed at a stage removed now follow it to its replacement.
        for (key, target) in replaced where !remaining.contains(target) {
            replaced[key] = replaced[target]
        }
        name = newName
        stages = newStages
        replacedStages = replaced
        try validate()
    }

    public func validate() throws(DomainError) {
        var check = Validator()
        check.require(name, "name")
        if stages.count < 2 || stages.count > 20 {
            check.add("stages", "count", "a process has from 2 to 20 stages: the first on the lead, the others on the opportunity")
        }
        var stageKeys = Set<String>()
        var stepKeys = Set<String>()
        for (index, stage) in stages.enumerated() {
            let path = "stages[\(index)]"
            Self.checkKey(stage.key, "\(path).key", &check)
            if !stageKeys.insert(stage.key).inserted { check.add("\(path).key", "duplicate", "stage keys must be unique") }
            Self.checkLabels(stage.labels, "\(path).labels", &check)
            if let probability = stage.probability, !(0...100).contains(probability) {
                check.add("\(path).probability", "out_of_range", "probability is from 0 to 100")
            }
            if stage.steps.count > 30 { check.add("\(path).steps", "count", "a stage has at most 30 steps") }
            let fields = index == 0 ? StepFields.lead : StepFields.opportunity
            for (stepIndex, step) in stage.steps.enumerated() {
                let stepPath = "\(path).steps[\(stepIndex)]"
                Self.checkKey(step.key, "\(stepPath).key", &check)
                if !stepKeys.insert(step.key).inserted {
                    check.add("\(stepPath).key", "duplicate", "step keys must be unique in the process")
                }
                Self.checkLabels(step.labels, "\(stepPath).labels", &check)
                // `cf.<key>` names one of the organisation's fields; the services check that it exists.
                if let field = step.field, !fields.contains(field),
                   !(field.hasPrefix("cf.") && CustomFieldDefinition.isValidKey(String(field.dropFirst(3)))) {
                    check.add("\(stepPath).field", "unknown_field",
                              "\(index == 0 ? "a lead" : "an opportunity") has no field \(field); use one of \(fields.sorted().joined(separator: ", ")) or cf.<key>")
                }
            }
        }
        try check.check()
    }

    private static func checkKey(_ key: String, _ field: String, _ check: inout Validator) {
        let allowed = key.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == "-") }
        if key.isEmpty || key.count > 50 || !allowed || !(key.first?.isLetter ?? false) {
            check.add(field, "invalid_key", "a key is 1 to 50 letters, digits, - or _, starting with a letter")
        }
    }

    private static func checkLabels(_ labels: [String: String], _ field: String, _ check: inout Validator) {
        if labels.isEmpty { check.add(field, "required", "give a label in at least one language (\(languages.joined(separator: ", ")))") }
        for (language, label) in labels {
            if !languages.contains(language) {
                check.add("\(field).\(language)", "unknown_language", "labels are in \(languages.joined(separator: ", "))")
            } else if label.trimmingWhitespace().isEmpty || label.count > 200 {
                check.add("\(field).\(language)", "invalid_label", "a label is 1 to 200 characters")
            }
        }
    }

    /// The position of a stage key in the current definition, following replacements of removed stages.
    public func index(of key: String) -> Int? {
        var current = key
        for _ in 0...replacedStages.count {
            if let index = stages.firstIndex(where: { $0.key == current }) { return index }
            guard let next = replacedStages[current] else { return nil }
            current = next
        }
        return nil
    }

    public func stage(_ key: String) -> ProcessStage? { stages.first { $0.key == key } }

    /// Keys of the steps without a field, which the record's checklist ticks.
    public var checklistKeys: Set<String> {
        Set(stages.flatMap { $0.steps.filter { $0.field == nil }.map(\.key) })
    }

    /// The required steps of `stages[range]` that are not done.
    public func missingSteps(in range: Range<Int>, position: ProcessPosition, filled: Set<String>) -> [ProcessStep] {
        stages[range].flatMap(\.steps).filter { step in
            guard step.required else { return false }
            if let field = step.field { return !filled.contains(field) }
            return position.checklist[step.key] != true
        }
    }

    /// Where a record enters this process: the first stage for a lead, the second for an opportunity.
    public func entry(forLead: Bool) -> ProcessPosition {
        let key = stages[forLead ? 0 : min(1, stages.count - 1)].key
        return ProcessPosition(processId: id, stage: key, stagePath: [key])
    }

    /// Moves an opportunity's position to `target`. Moving forward needs the required steps of
    /// the stage it leaves and of any it skips; moving back is always allowed.
    public func move(_ position: inout ProcessPosition, to target: String, filled: Set<String>) throws(DomainError) {
        guard let targetIndex = stages.firstIndex(where: { $0.key == target }) else {
            throw .invalid("stage", "unknown_stage", "the process \(name) has no stage \(target); its stages are "
                           + stages.dropFirst().map(\.key).joined(separator: ", "))
        }
        guard targetIndex > 0 else {
            throw .invalid("stage", "lead_stage", "the stage \(target) is worked on the lead; an opportunity starts at \(stages[1].key)")
        }
        let currentIndex = max(1, index(of: position.stage) ?? 1)
        if targetIndex > currentIndex {
            let missing = missingSteps(in: currentIndex..<targetIndex, position: position, filled: filled)
            if !missing.isEmpty { throw Self.stepsMissing(missing) }
        }
        if position.stage == target { return }
        position.stage = target
        position.stagePath.append(target)
    }

    static func stepsMissing(_ steps: [ProcessStep]) -> DomainError {
        .conflict(code: "required_steps_missing",
                  message: "fill the required steps first: " + steps.map { $0.labels["en"] ?? $0.labels.values.first ?? $0.key }.joined(separator: ", "),
                  related: steps.map(\.key))
    }

    /// Qualifying a lead into an opportunity leaves the first stage: its required steps must be done.
    public func checkQualification(_ position: ProcessPosition, filled: Set<String>) throws(DomainError) {
        let missing = missingSteps(in: 0..<1, position: position, filled: filled)
        if !missing.isEmpty { throw Self.stepsMissing(missing) }
    }

    /// The opportunity's position when a lead on `position` is qualified into it.
    public func afterQualification(of position: ProcessPosition) -> ProcessPosition {
        var next = position
        next.processId = id
        next.stage = stages[1].key
        next.stagePath.append(stages[1].key)
        return next
    }
}

/// Where a lead or an opportunity stands in its process.
public struct ProcessPosition: Codable, Sendable, Equatable {
    public var processId: ID<SalesProcess>
    public var stage: String
    /// Every stage the record entered, in order (moves back included).
    public var stagePath: [String]
    /// Checklist step key → ticked.
    public var checklist: [String: Bool]

    public init(processId: ID<SalesProcess>, stage: String, stagePath: [String], checklist: [String: Bool] = [:]) {
        self.processId = processId
        self.stage = stage
        self.stagePath = stagePath
        self.checklist = checklist
    }
}

/// The fields a step may point at, and which of them a record has filled.
public enum StepFields {
    public static let lead: Set<String> = [
        "topic", "firstName", "lastName", "companyName", "jobTitle", "email", "phone", "mobilePhone", "website", "address",
        "source", "rating", "budgetAmount", "budgetStatus", "purchaseTimeframe", "purchaseProcess", "decisionMaker",
        "customerNeed", "estimatedValue", "estimatedCloseDate", "description", "currency", "event", "industry", "annualRevenue",
        "numberOfEmployees",
    ]
    public static let opportunity: Set<String> = [
        "name", "contactId", "estimatedCloseDate", "probability", "rating", "estimatedRevenue", "budgetAmount", "budgetStatus",
        "purchaseTimeframe", "purchaseProcess", "decisionMaker", "customerNeed", "proposedSolution", "competitorIds", "description",
    ]

    /// The top-level fields that hold something: not null, not blank, not an empty list, and for
    /// a yes/no field, yes.
    public static func filled<F: Encodable>(_ fields: F) -> Set<String> {
        var out = Set<String>()
        for (path, value) in RecordDiff.flatten(fields) {
            let top = String(path.prefix { $0 != "." && $0 != "[" })
            if value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || value == "false" { continue }
            out.insert(top)
            // A custom value fills the steps that name it: `customFields.region` → `cf.region`.
            if top == "customFields" {
                out.insert("cf." + path.dropFirst("customFields.".count).prefix { $0 != "." && $0 != "[" })
            }
        }
        return out
    }
}

extension SalesProcess {
    private static func labels(_ en: String, _ fr: String) -> [String: String] { ["en": en, "fr": fr] }

    private static func step(_ key: String, _ en: String, _ fr: String, field: String? = nil) -> ProcessStep {
        ProcessStep(key: key, labels: labels(en, fr), field: field)
    }

    /// The stages of Dynamics' Lead to Opportunity Sales Process: Qualify › Develop › Propose › Close.
    public static let defaultStages: [ProcessStage] = [
        ProcessStage(key: "qualify", labels: labels("Qualify", "Qualifier"), probability: 10, steps: [
            step("existingContact", "Existing contact?", "Contact existant ?"),
            step("existingAccount", "Existing account?", "Compte existant ?"),
            step("purchaseTimeframe", "Purchase timeframe", "Délai d'achat", field: "purchaseTimeframe"),
            step("estimatedBudget", "Estimated budget", "Budget estimé", field: "budgetAmount"),
            step("purchaseProcess", "Purchase process", "Processus d'achat", field: "purchaseProcess"),
            step("decisionMakerIdentified", "Decision maker identified", "Décideur identifié", field: "decisionMaker"),
            step("summary", "Summary", "Résumé", field: "description"),
        ]),
        ProcessStage(key: "develop", labels: labels("Develop", "Développer"), probability: 20, steps: [
            step("customerNeed", "Customer need", "Besoin du client", field: "customerNeed"),
            step("proposedSolution", "Proposed solution", "Solution proposée", field: "proposedSolution"),
            step("stakeholdersIdentified", "Stakeholders identified", "Parties prenantes identifiées"),
            step("competitorsIdentified", "Competitors identified", "Concurrents identifiés", field: "competitorIds"),
        ]),
        ProcessStage(key: "propose", labels: labels("Propose", "Proposer"), probability: 50, steps: [
            step("salesTeamIdentified", "Sales team identified", "Équipe commerciale identifiée"),
            step("proposalDeveloped", "Proposal developed", "Proposition élaborée"),
            step("internalReviewDone", "Internal review done", "Revue interne faite"),
            step("proposalPresented", "Proposal presented", "Proposition présentée"),
        ]),
        ProcessStage(key: "close", labels: labels("Close", "Conclure"), probability: 80, steps: [
            step("finalProposalCompleted", "Final proposal completed", "Proposition finale terminée"),
            step("finalProposalPresented", "Final proposal presented", "Proposition finale présentée"),
            step("decisionDateConfirmed", "Decision date confirmed", "Date de décision confirmée"),
            step("thankYouSent", "Thank-you sent", "Remerciements envoyés"),
            step("debriefFiled", "Debrief filed", "Bilan rédigé"),
        ]),
    ]
}
