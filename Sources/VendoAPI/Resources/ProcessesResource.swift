import Foundation
import Hummingbird
import VendoCore
import VendoServices

/// `/processes`: the sales processes (admins change them, everyone reads them), and how a lead or
/// an opportunity shows and edits its place in one.
enum ProcessesResource {
    static func render(_ process: SalesProcess) -> JSON {
        .object(meta(process) + [
            ("name", .string(process.name)), ("isDefault", .bool(process.isDefault)),
            ("stages", .array(process.stages.map { stage in
                .object([("key", .string(stage.key)), ("labels", labels(stage.labels)),
                         ("probability", stage.probability.map { .int($0) } ?? .null),
                         ("steps", .array(stage.steps.map { step in
                             .object([("key", .string(step.key)), ("labels", labels(step.labels)), ("field", .string(step.field)),
                                      ("required", .bool(step.required))])
                         }))])
            })),
            ("replacedStages", .object(process.replacedStages.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
        ])
    }

    static func labels(_ labels: [String: String]) -> JSON {
        .object(labels.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
    }

    /// Reads `name`, `isDefault` and `stages`; every problem is reported with its path.
    static func definition(_ json: JSON) throws -> (name: String, isDefault: Bool?, stages: [ProcessStage]) {
        var reader = FieldReader(json)
        var name = ""
        reader.read("name", into: &name, required: true, Convert.string)
        var isDefault: Bool?
        if reader.has("isDefault") {
            var flag = false
            reader.read("isDefault", into: &flag, Convert.bool)
            isDefault = flag
        }
        var stages: [ProcessStage] = []
        reader.read("stages", into: &stages, required: true) { json in
            guard case .array(let items) = json else {
                return .failure(FieldProblem(code: "invalid_type", message: "must be an array of stages"))
            }
            return .success(items.map { _ in ProcessStage(key: "", labels: [:]) })
        }
        if case .array(let items)? = reader.peek("stages") {
            stages = items.enumerated().map { index, item in stage(item, path: "stages[\(index)].", reader: &reader) }
        }
        reader.finish()
        try reader.check()
        return (name, isDefault, stages)
    }

    private static func stage(_ json: JSON, path: String, reader outer: inout FieldReader) -> ProcessStage {
        var reader = FieldReader(json, prefix: path)
        var stage = ProcessStage(key: "", labels: [:])
        reader.read("key", into: &stage.key, required: true, Convert.string)
        reader.read("labels", into: &stage.labels, required: true, Convert.labels)
        reader.read("probability", into: &stage.probability, Convert.int)
        if case .array(let items)? = reader.peek("steps") {
            reader.ignore(["steps"])
            for (index, item) in items.enumerated() {
                var stepReader = FieldReader(item, prefix: "\(path)steps[\(index)].")
                var step = ProcessStep(key: "", labels: [:])
                stepReader.read("key", into: &step.key, required: true, Convert.string)
                stepReader.read("labels", into: &step.labels, required: true, Convert.labels)
                stepReader.read("field", into: &step.field, Convert.string)
                stepReader.read("required", into: &step.required, Convert.bool)
                stepReader.finish()
                reader.merge(stepReader)
                stage.steps.append(step)
            }
        } else {
            reader.read("steps", into: &stage.steps) { json in
                .failure(FieldProblem(code: "invalid_type", message: "must be an array of steps"))
            }
        }
        reader.finish()
        outer.merge(reader)
        return stage
    }

    static let schemas: [(String, Schema)] = [
        ("Process", .object(metaSchema + [("name", .string), ("isDefault", .boolean), ("stages", .array(.ref("ProcessStage"))),
                                          ("replacedStages", .map(.string))],
                            required: ["id", "version", "name", "isDefault", "stages"])),
        ("ProcessInput", .object([("name", .text(maxLength: 200)), ("isDefault", .boolean),
                                  ("stages", .array(.ref("ProcessStage")))], required: ["name", "stages"])),
        ("ProcessStage", .object([("key", .text(maxLength: 50)), ("labels", .ref("Labels")),
                                  ("probability", Schema.integer(0...100).nullable), ("steps", .array(.ref("ProcessStep")))],
                                 required: ["key", "labels"])),
        ("ProcessStep", .object([("key", .text(maxLength: 50)), ("labels", .ref("Labels")), ("field", Schema.string.nullable),
                                 ("required", .boolean)], required: ["key", "labels"])),
        ("Labels", .object(SalesProcess.languages.map { ($0, Schema.text(maxLength: 200)) })),
        ("StageInput", .object([("stage", .text(maxLength: 50))], required: ["stage"])),
    ]

    static func routes(_ s: Services) -> [Route] {
        let base = "/api/v1/processes"
        return [
            Route(.get, base, id: "listProcesses", "The sales processes", responses: responses([200: pageSchema("Process")])) { request in
                _ = try request.user()
                return APIResponse(.ok, .object([("items", .array(try await s.processes().map(render))), ("nextCursor", .null)]))
            },
            Route(.post, base, id: "createProcess", "Define a sales process (admins)", body: .ref("ProcessInput"),
                  responses: responses([201: .ref("Process")])) { request in
                let definition = try definition(try request.json())
                let process = try await s.createProcess(name: definition.name, isDefault: definition.isDefault ?? false,
                                                        stages: definition.stages, by: try request.user())
                return .record(render(process), version: process.info.version, status: .created, location: "\(base)/\(process.id)")
            },
            Route(.get, "\(base)/{id}", id: "getProcess", "Read a sales process", responses: responses([200: .ref("Process")])) { request in
                _ = try request.user()
                let process = try await s.get(SalesProcess.self, try request.id(), by: try request.user())
                return .record(render(process), version: process.info.version)
            },
            Route(.put, "\(base)/{id}", id: "replaceProcess",
                  "Replace a process's name and stages (admins); records on a removed stage go on from the nearest remaining one",
                  body: .ref("ProcessInput"), responses: responses([200: .ref("Process")], precondition: true)) { request in
                let definition = try definition(try request.json())
                let process = try await s.replaceProcess(try request.id(), name: definition.name, isDefault: definition.isDefault,
                                                         stages: definition.stages, ifVersion: try request.ifMatch(), by: try request.user())
                return .record(render(process), version: process.info.version)
            },
            Route(.delete, "\(base)/{id}", id: "deleteProcess", "Delete a process that is not the default and that no record follows",
                  responses: responses([204: nil], conflict: true, precondition: true)) { request in
                try await s.deleteProcess(try request.id(), ifVersion: try request.ifMatch(), by: try request.user())
                return APIResponse(.noContent, nil)
            },
            historyRoute(s, "processes", SalesProcess.self),
        ]
    }

    // MARK: A record's place in its process

    static func position(_ position: ProcessPosition?) -> [(String, JSON)] {
        [("processId", .id(position?.processId)), ("stage", .string(position?.stage)),
         ("stagePath", .array((position?.stagePath ?? []).map { .string($0) })),
         ("checklist", .object((position?.checklist ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, .bool($0.value)) }))]
    }

    static let positionSchema: [(String, Schema)] = [
        ("processId", Schema.uuid.nullable), ("stage", Schema.string.nullable), ("stagePath", .array(.string)),
        ("checklist", .map(.boolean)),
    ]

    static let positionKeys = ["processId", "stage", "stagePath", "checklist"]

    /// `processId` and `checklist` of a create or a PATCH. A `stage` sent back
    /// unchanged is accepted; a different one is refused, as stages move through their action.
    static func edit(_ reader: inout FieldReader, current: ProcessPosition? = nil,
                     stageHint: String = "stages move through their action") -> ProcessEdit {
        if let sent = reader.peek("stage"), sent != .string(current?.stage) {
            reader.fail("stage", "read_only", "the stage cannot be set here: \(stageHint)")
        }
        var edit = ProcessEdit()
        if current != nil && reader.peek("processId") == .null {
            reader.fail("processId", "required", "a record stays on a process: give the id of another one")
        }
        reader.read("processId", into: &edit.processId, Convert.id)
        reader.read("checklist", into: &edit.checklist) { json in
            guard case .object(let pairs) = json else {
                return .failure(FieldProblem(code: "invalid_type", message: "must be an object of step key → true or false"))
            }
            var out: [String: Bool] = [:]
            for (key, value) in pairs {
                guard case .bool(let flag) = value else {
                    return .failure(FieldProblem(code: "invalid_type", message: "\(key) must be true or false"))
                }
                out[key] = flag
            }
            return .success(out)
        }
        return edit
    }
}

extension Convert {
    /// `{"en": "…", "fr": "…"}`.
    static func labels(_ json: JSON) -> Result<[String: String], FieldProblem> {
        guard case .object(let pairs) = json else {
            return .failure(FieldProblem(code: "invalid_type", message: "must be an object of language → label"))
        }
        var out: [String: String] = [:]
        for (language, value) in pairs {
            guard case .string(let text) = value else {
                return .failure(FieldProblem(code: "invalid_type", message: "the label in \(language) must be a string"))
            }
            out[language] = text
        }
        return .success(out)
    }
}
