import Foundation
import VendoCore
import VendoStore

/// What a lead or opportunity update does to its process: switch to another process, tick or
/// untick checklist steps.
public struct ProcessEdit: Sendable, Equatable {
    public var processId: ID<SalesProcess>?
    /// Checklist step key → ticked.
    public var checklist: [String: Bool]

    public init(processId: ID<SalesProcess>? = nil, checklist: [String: Bool] = [:]) {
        self.processId = processId
        self.checklist = checklist
    }

    var isEmpty: Bool { processId == nil && checklist.isEmpty }
}

extension Services {
    /// Adds the default Lead to Opportunity process to a database that has no process yet.
    func seedDefaultProcess(in tx: Transaction) async throws {
        guard try await tx.processes().isEmpty else { return }
        let process = try SalesProcess(id: newID(), info: RecordInfo(at: clock.now(), by: ID(Self.organisationId)),
                                       name: "Lead to Opportunity", isDefault: true, stages: SalesProcess.defaultStages)
        try await tx.insert(process)
        try await tx.appendHistory([HistoryEntry(id: ids.next(), recordType: SalesProcess.recordType, recordId: process.id.uuid,
                                                 at: clock.now(), userId: ID(Self.organisationId), action: "create")])
    }

    public func processes() async throws -> [SalesProcess] {
        try await read { tx in try await tx.processes() }
    }

    public func createProcess(name: String, isDefault: Bool, stages: [ProcessStage], by caller: Caller) async throws -> SalesProcess {
        try await write(as: caller) { tx in
            try ensureAdmin(caller, "process", "create")
            let process = try SalesProcess(id: newID(), info: newInfo(caller), name: name, isDefault: isDefault, stages: stages)
            try await checkCustomSteps(stages, in: tx)
            if isDefault { try await clearDefault(except: process.id, by: caller, in: tx) }
            try await insert(process, by: caller, in: tx)
            return process
        }
    }

    /// Replaces a process's name and stages (and makes it the default). Records on a stage that
    /// disappears keep it until their next move, which starts from the nearest remaining stage.
    public func replaceProcess(_ id: ID<SalesProcess>, name: String, isDefault: Bool?, stages: [ProcessStage], ifVersion: Int?,
                               by caller: Caller) async throws -> SalesProcess {
        try await write(as: caller) { tx in
            try ensureAdmin(caller, "process", "update")
            let process = try await change(SalesProcess.self, id, ifVersion: ifVersion, by: caller, action: "update", in: tx) { process in
                if isDefault == false && process.isDefault {
                    throw ServiceError.invalid("isDefault", "default_required",
                                               "one process is always the default: make another one the default instead")
                }
                try process.redefine(name: name, stages: stages)
                if isDefault == true { process.isDefault = true }
            }
            try await checkCustomSteps(stages, in: tx)
            if process.isDefault { try await clearDefault(except: id, by: caller, in: tx) }
            return process
        }
    }

    /// A step naming `cf.<key>` needs that field on the stage's record: a lead's on the first
    /// stage, an opportunity's on the others (retired ones too, since records keep their values).
    private func checkCustomSteps(_ stages: [ProcessStage], in tx: Transaction) async throws {
        let settings = try await tx.settings()
        var errors: [FieldError] = []
        for (index, stage) in stages.enumerated() {
            let type: CustomizedRecord = index == 0 ? .lead : .opportunity
            let keys = Set((settings?.customFields(of: type) ?? []).map(\.key))
            for (stepIndex, step) in stage.steps.enumerated() {
                guard let field = step.field, field.hasPrefix("cf."), !keys.contains(String(field.dropFirst(3))) else { continue }
                errors.append(FieldError("stages[\(index)].steps[\(stepIndex)].field", "unknown_field",
                                         "\(index == 0 ? "leads have" : "opportunities have") no custom field \(field.dropFirst(3))"))
            }
        }
        if !errors.isEmpty { throw ServiceError.validation(errors) }
    }

    private func clearDefault(except id: ID<SalesProcess>, by caller: Caller, in tx: Transaction) async throws {
        for other in try await tx.processes() where other.isDefault && other.id != id {
            var cleared = other
            cleared.isDefault = false
            try await save(cleared, from: other, by: caller, action: "update", in: tx)
        }
    }

    /// Deletes a process that is not the default and that no lead or opportunity follows.
    public func deleteProcess(_ id: ID<SalesProcess>, ifVersion: Int?, by caller: Caller) async throws {
        try await write(as: caller) { tx in
            try ensureAdmin(caller, "process", "delete")
            let process = try await load(SalesProcess.self, id, in: tx)
            if process.isDefault {
                throw ServiceError.conflict(code: "default_process", message: "make another process the default before deleting this one",
                                            related: [id.description])
            }
            let following = try await tx.recordsFollowing(id)
            if following > 0 {
                throw ServiceError.conflict(code: "in_use", message: "\(following) leads or opportunities follow this process",
                                            related: [id.description])
            }
            try await remove(process, ifVersion: ifVersion, by: caller, in: tx)
        }
    }

    /// The process a new lead or opportunity follows: the one asked for, else the default.
    func processForNewRecord(_ requested: ID<SalesProcess>?, in tx: Transaction) async throws -> SalesProcess? {
        if let requested { return try await reference(SalesProcess.self, requested, field: "processId", in: tx) }
        return try await tx.defaultProcess()
    }

    /// Applies a process edit to a record's position: another process starts at its entry stage;
    /// checklist keys must be checklist steps of the process.
    func apply(_ edit: ProcessEdit, to position: ProcessPosition?, forLead: Bool, in tx: Transaction) async throws -> ProcessPosition? {
        guard !edit.isEmpty else { return position }
        var next = position
        if let processId = edit.processId, processId != position?.processId {
            let process = try await reference(SalesProcess.self, processId, field: "processId", in: tx)
            var entered = process.entry(forLead: forLead)
            if let position {
                entered.stagePath = position.stagePath + entered.stagePath
                entered.checklist = position.checklist
            }
            next = entered
        }
        guard !edit.checklist.isEmpty else { return next }
        guard var ticked = next, let process = try await tx.find(SalesProcess.self, ticked.processId) else {
            throw ServiceError.invalid("checklist", "no_process", "the record follows no sales process")
        }
        let known = process.checklistKeys
        var check = Validator()
        for key in edit.checklist.keys.sorted() where !known.contains(key) {
            check.add("checklist.\(key)", "unknown_step", "the process \(process.name) has no checklist step \(key)")
        }
        try check.check()
        for (key, done) in edit.checklist { ticked.checklist[key] = done ? true : nil }
        return ticked
    }

    /// Moves an open opportunity to another stage of its process (409 `required_steps_missing`
    /// when moving forward past required steps that are not done).
    public func moveStage(_ id: ID<Opportunity>, to stage: String, ifVersion: Int?, by caller: Caller) async throws -> Opportunity {
        try await write(as: caller) { tx in
            try await change(Opportunity.self, id, ifVersion: ifVersion, by: caller, action: "moveStage", in: tx) { opportunity in
                try opportunity.ensure(.moveStage)
                guard let position = opportunity.process,
                      let process = try await tx.find(SalesProcess.self, position.processId) else {
                    throw ServiceError.invalid("stage", "no_process", "the opportunity follows no sales process")
                }
                try opportunity.moveStage(to: stage, in: process)
            }
        }
    }
}
