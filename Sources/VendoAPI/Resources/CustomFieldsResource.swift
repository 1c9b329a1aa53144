import Foundation
import Hummingbird
import VendoCore
import VendoServices

/// `/api/v1/custom-fields`: the organisation's own fields (SALES-PROCESS.md §13), read by
/// everyone signed in and managed by administrators; and `customFields`, the object every
/// record of those types carries.
enum CustomFieldsResource {
    static func routes(_ s: Services) -> [Route] {
        let base = "/api/v1/custom-fields"
        @Sendable func id(_ request: APIRequest) throws -> UUID { try request.uuid() }
        return [
            Route(.get, base, id: "listCustomFields", "The custom fields of every record type, or of one (recordType), retired ones included",
                  responses: responses([200: .ref("CustomFields")]),
                  query: [QueryParameter(name: "recordType", schema: .choice(CustomizedRecord.allCases.map(\.rawValue)), description: "filter")]) { request in
                let caller = try request.user()
                let recordType = try request.onlyChoice("recordType", of: CustomizedRecord.allCases.map(\.rawValue)).flatMap(CustomizedRecord.init(rawValue:))
                let items = try await s.customFields(of: recordType, by: caller).map(render)
                return APIResponse(.ok, .object([("items", .array(items)), ("nextCursor", .null)]))
            },
            Route(.post, base, id: "createCustomField", "Add a field to a record type (administrators)", body: .ref("CustomFieldInput"),
                  responses: responses([201: .ref("CustomField")], conflict: true)) { request in
                let caller = try request.user()
                var reader = FieldReader(try request.json())
                var definition = CustomFieldDefinition(recordType: .lead, key: "", type: .text, labels: [:])
                read(&reader, into: &definition, creating: true)
                try finish(&reader)
                let created = try await s.createCustomField(definition, by: caller)
                return .record(render(created), version: try await s.settings().version, status: .created,
                               location: "\(base)/\(created.id.uuidString.lowercased())")
            },
            Route(.get, "\(base)/{id}", id: "getCustomField", "Read a custom field", responses: responses([200: .ref("CustomField")])) { request in
                let caller = try request.user()
                let field = try await s.customField(try id(request), by: caller)
                return .record(render(field), version: try await s.settings().version)
            },
            Route(.patch, "\(base)/{id}", id: "updateCustomField",
                  "Change a custom field; active: false retires it (gone from forms and lists, its values kept). Its key and type "
                  + "change only while no record holds a value of it. The ETag is the settings' version, which all fields share",
                  body: .ref("CustomFieldPatch"), responses: responses([200: .ref("CustomField")], precondition: true)) { request in
                let caller = try request.user()
                let json = try request.json()
                // The body is read against the field as it is, so that what it leaves out stays.
                var edited = try await s.customField(try id(request), by: caller)
                var reader = FieldReader(json)
                read(&reader, into: &edited, creating: false)
                try finish(&reader)
                let values = edited
                let saved = try await s.updateCustomField(try id(request), ifVersion: try request.ifMatch(), by: caller) { $0 = values }
                return .record(render(saved), version: try await s.settings().version)
            },
            Route(.delete, "\(base)/{id}", id: "deleteCustomField",
                  "Remove a custom field no record holds a value of; one in use is retired instead (PATCH active: false)",
                  responses: responses([204: nil], conflict: true, precondition: true)) { request in
                try await s.deleteCustomField(try id(request), ifVersion: try request.ifMatch(), by: try request.user())
                return APIResponse(.noContent, nil)
            },
        ]
    }

    static func render(_ definition: CustomFieldDefinition) -> JSON {
        .object([
            ("id", .string(definition.id.uuidString.lowercased())), ("recordType", .string(definition.recordType.rawValue)),
            ("key", .string(definition.key)), ("type", .string(definition.type.rawValue)),
            ("labels", languages(definition.labels)), ("help", definition.help.map(languages) ?? .null),
            ("required", .bool(definition.required)), ("default", definition.defaultValue.map(render) ?? .null),
            ("choices", definition.choices.map { .array($0.map(render)) } ?? .null),
            ("min", JSON.decimal(definition.min)), ("max", JSON.decimal(definition.max)),
            ("minLength", definition.minLength.map(JSON.int) ?? .null), ("maxLength", definition.maxLength.map(JSON.int) ?? .null),
            ("pattern", .string(definition.pattern)), ("order", .int(definition.order)), ("active", .bool(!definition.retired)),
            ("carryTo", definition.carryTo.map { map in .object(map.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }) } ?? .null),
        ])
    }

    static func render(_ choice: CustomChoice) -> JSON {
        .object([("value", .string(choice.value)), ("labels", languages(choice.labels)), ("active", .bool(!choice.retired))])
    }

    static func render(_ value: CustomValue) -> JSON {
        switch value {
        case .text(let text): return .string(text)
        case .integer(let number): return .int(number)
        case .bool(let flag): return .bool(flag)
        case .list(let values): return .array(values.map(JSON.string))
        }
    }

    private static func languages(_ texts: [String: String]) -> JSON {
        .object(texts.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
    }

    /// A custom value as the API takes it: text, a whole number, true or false, or a list of
    /// texts; the field's type decides which (a decimal is text, as every amount of the API).
    static func convertValue(_ json: JSON) -> Result<CustomValue, FieldProblem> {
        switch json {
        case .string(let text): return .success(.text(text))
        case .bool(let flag): return .success(.bool(flag))
        case .number(let number):
            if case .success(let whole) = Convert.int(json) { return .success(.integer(whole)) }
            return .failure(FieldProblem(code: "invalid_type",
                                         message: number.fits(scale: 0) ? "the number is too large" : "a decimal is written as text, such as \"12.50\""))
        case .array(let items):
            var values: [String] = []
            for item in items {
                guard case .string(let text) = item else {
                    return .failure(FieldProblem(code: "invalid_type", message: "a multiple choice is a list of texts"))
                }
                values.append(text)
            }
            return .success(.list(values))
        default:
            return .failure(FieldProblem(code: "invalid_type", message: "must be text, a whole number, true or false, or a list of texts"))
        }
    }

    static func convertLanguages(_ json: JSON) -> Result<[String: String], FieldProblem> {
        guard case .object(let pairs) = json else { return .failure(FieldProblem(code: "invalid_type", message: "must be an object of texts by language")) }
        var out: [String: String] = [:]
        for (language, value) in pairs {
            guard case .string(let text) = value else { return .failure(FieldProblem(code: "invalid_type", message: "\(language) must be text")) }
            out[language] = text
        }
        return .success(out)
    }

    static func convertChoices(_ json: JSON) -> Result<[CustomChoice], FieldProblem> {
        guard case .array(let items) = json else { return .failure(FieldProblem(code: "invalid_type", message: "must be a list of choices")) }
        var choices: [CustomChoice] = []
        for item in items {
            guard case .string(let value)? = item["value"], case .success(let labels)? = item["labels"].map(convertLanguages) else {
                return .failure(FieldProblem(code: "invalid_type", message: "each choice has a value and labels {\"en\": …, \"fr\": …}"))
            }
            guard case .object(let pairs) = item, pairs.allSatisfy({ ["value", "labels", "active"].contains($0.0) }) else {
                return .failure(FieldProblem(code: "unknown_field", message: "a choice has value, labels and active only"))
            }
            var active = true
            if let flag = item["active"], flag != .null {
                guard case .bool(let value) = flag else { return .failure(FieldProblem(code: "invalid_type", message: "active is true or false")) }
                active = value
            }
            choices.append(CustomChoice(value: value, labels: labels, retired: !active))
        }
        return .success(choices)
    }

    static func read(_ reader: inout FieldReader, into definition: inout CustomFieldDefinition, creating: Bool) {
        if creating {
            reader.read("recordType", into: &definition.recordType, required: true, Convert.choice(CustomizedRecord.self))
        } else if let sent = reader.peek("recordType") {
            if sent != .string(definition.recordType.rawValue) { reader.fail("recordType", "read_only", "a custom field stays on its record type") }
            reader.ignore(["recordType"])
        }
        reader.read("key", into: &definition.key, required: creating, Convert.string)
        reader.read("type", into: &definition.type, required: creating, Convert.choice(CustomFieldType.self))
        reader.read("labels", into: &definition.labels, required: creating, convertLanguages)
        reader.read("help", into: &definition.help, convertLanguages)
        reader.read("order", into: &definition.order, Convert.int)
        reader.read("required", into: &definition.required, Convert.bool)
        reader.read("default", into: &definition.defaultValue, convertValue)
        reader.read("minLength", into: &definition.minLength, Convert.int)
        reader.read("maxLength", into: &definition.maxLength, Convert.int)
        reader.read("min", into: &definition.min, Convert.decimal)
        reader.read("max", into: &definition.max, Convert.decimal)
        reader.read("pattern", into: &definition.pattern, Convert.string)
        reader.read("choices", into: &definition.choices, convertChoices)
        reader.read("carryTo", into: &definition.carryTo) { json in
            guard case .object(let pairs) = json else { return .failure(FieldProblem(code: "invalid_type", message: "carryTo is {account, contact, opportunity: key}")) }
            var map: [String: String] = [:]
            for (target, key) in pairs {
                guard case .string(let text) = key else { return .failure(FieldProblem(code: "invalid_type", message: "carryTo.\(target) is a field's key")) }
                map[target] = text
            }
            return .success(map)
        }
        var active = !definition.retired
        reader.read("active", into: &active, Convert.bool)
        definition.retired = !active
        reader.ignore(["id"])
    }

    static let valueSchema = Schema(json: .object([("anyOf", .array([
        Schema.text(maxLength: 10_000).json, Schema.integer.json, Schema.boolean.json, Schema.array(.text(maxLength: 100)).json,
    ]))]))
    static let languagesSchema = Schema.object([("en", .text(maxLength: 100)), ("fr", .text(maxLength: 100))])
    static let choiceSchema = Schema.object([("value", .text(maxLength: 100)), ("labels", languagesSchema), ("active", .boolean)],
                                            required: ["value", "labels"])
    static let definitionSchema = Schema.object([
        ("id", .uuid), ("recordType", .choice(CustomizedRecord.allCases.map(\.rawValue))), ("key", .text(maxLength: 40)),
        ("type", .choice(CustomFieldType.allCases.map(\.rawValue))), ("labels", languagesSchema),
        ("help", Schema.object([("en", .text(maxLength: 500)), ("fr", .text(maxLength: 500))]).nullable),
        ("required", .boolean), ("default", valueSchema.nullable), ("choices", Schema.array(choiceSchema).nullable),
        ("min", Schema.decimal.nullable), ("max", Schema.decimal.nullable),
        ("minLength", Schema.integer.nullable), ("maxLength", Schema.integer.nullable), ("pattern", Schema.text(maxLength: 200).nullable),
        ("order", .integer), ("active", .boolean),
        ("carryTo", Schema.object(["account", "contact", "opportunity"].map { ($0, Schema.text(maxLength: 40)) }).nullable),
    ], required: ["recordType", "key", "type", "labels"])

    static let schemas: [(String, Schema)] = [
        ("CustomField", definitionSchema), ("CustomFieldInput", definitionSchema), ("CustomFieldPatch", definitionSchema.optional),
        ("CustomFields", .object([("items", .array(.ref("CustomField"))), ("nextCursor", Schema.string.nullable)])),
    ] + CustomizedRecord.allCases.map { (componentName($0), Schema.map(valueSchema.nullable)) }

    /// The component of a record type's `customFields` (`LeadCustomFields`): any key in the
    /// document built at start-up, each active field with its own schema once served.
    static func componentName(_ type: CustomizedRecord) -> String {
        type.rawValue.prefix(1).uppercased() + type.rawValue.dropFirst() + "CustomFields"
    }

    /// `document` with each record type's `customFields` described by its current fields, so
    /// that clients and fuzzers see every field's type, range and choices.
    static func document(_ document: JSON, settings: OrganisationSettings?) -> JSON {
        guard let settings, !(settings.customFields ?? []).isEmpty else { return document }
        var replaced: [String: JSON] = [:]
        for type in CustomizedRecord.allCases {
            let active = settings.customFields(of: type).filter { !$0.retired }
            guard !active.isEmpty else { continue }
            // Other keys are refused by the server (422); the document says what shape they would take.
            var object = Schema.object(active.map { ($0.key, schema(of: $0).nullable) }, closed: false).json
            if case .object(let pairs) = object { object = .object(pairs + [("additionalProperties", valueSchema.nullable.json)]) }
            replaced[componentName(type)] = object
        }
        return document.replacing(path: ["components", "schemas"]) { schemas in
            guard case .object(let pairs) = schemas else { return schemas }
            return .object(pairs.map { ($0.0, replaced[$0.0] ?? $0.1) })
        }
    }

    /// One field's value as JSON Schema (its pattern is checked by the server: regular
    /// expression dialects differ).
    static func schema(of definition: CustomFieldDefinition) -> Schema {
        func whole(_ value: Decimal?) -> JSON? {
            guard let value, value.magnitude < 1_000_000_000 else { return nil }
            return .int(NSDecimalNumber(decimal: value.rounded(scale: 0)).intValue)
        }
        var pairs: [(String, JSON)]
        switch definition.type {
        case .text, .longText, .url, .email, .phone:
            pairs = [("type", .string("string")), ("maxLength", .int(definition.lengthLimit))]
            if let minLength = definition.minLength { pairs.append(("minLength", .int(minLength))) }
        case .integer:
            pairs = [("type", .string("integer"))]
            if let low = whole(definition.min) { pairs.append(("minimum", low)) }
            if let high = whole(definition.max) { pairs.append(("maximum", high)) }
        case .decimal, .money: return .decimal
        case .date: return .date
        case .dateTime: return .dateTime
        case .yesNo: return .boolean
        case .user: return .uuid
        case .choice: return .choice((definition.choices ?? []).filter { !$0.retired }.map(\.value))
        case .multipleChoice:
            pairs = [("type", .string("array")), ("uniqueItems", .bool(true)),
                     ("items", Schema.choice((definition.choices ?? []).filter { !$0.retired }.map(\.value)).json)]
        }
        return Schema(json: .object(pairs))
    }
}

extension JSON {
    /// This value with the one at `path` (object keys) replaced by `change` of it.
    func replacing(path: [String], _ change: (JSON) -> JSON) -> JSON {
        guard let key = path.first else { return change(self) }
        guard case .object(let pairs) = self else { return self }
        return .object(pairs.map { $0.0 == key ? ($0.0, $0.1.replacing(path: Array(path.dropFirst()), change)) : $0 })
    }
}

extension FieldSpec {
    /// `customFields`: the record's custom values by key. On a change only the keys sent
    /// change; null removes one, and `customFields: null` all.
    static func customFields(_ path: Path<CustomValues?>, of type: CustomizedRecord) -> FieldSpec {
        FieldSpec(name: "customFields", schema: Schema.ref(CustomFieldsResource.componentName(type)), required: false,
                  render: { root in
                      .object((root[keyPath: path] ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, CustomFieldsResource.render($0.value)) })
                  },
                  apply: { reader, root, _ in
                      guard reader.peek("customFields") != nil else { return }
                      if reader.peek("customFields") == .null {
                          reader.ignore(["customFields"])
                          root[keyPath: path] = nil
                          return
                      }
                      var values = root[keyPath: path] ?? [:]
                      let sent = reader.peek("customFields")
                      reader.object("customFields") { nested in
                          guard case .object(let pairs)? = sent else { return }
                          for (key, _) in pairs {
                              var value: CustomValue? = values[key]
                              nested.read(key, into: &value, CustomFieldsResource.convertValue)
                              values[key] = value
                          }
                      }
                      root[keyPath: path] = values.isEmpty ? nil : values
                  })
    }
}
