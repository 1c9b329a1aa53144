import Foundation
import VendoCore
import VendoServices

/// The organisation's lists in the settings (`choiceLists`), and the values of records drawn
/// from them.
enum ChoiceListsResource {
    /// `choiceLists` in the settings: every list as in force, built-in ones included. A PATCH
    /// replaces the lists it names, whole, each value `{value, labels: {en, fr}, active}`.
    static let settingsField = FieldSpec<OrganisationSettings>(
        name: "choiceLists", schema: .ref("ChoiceLists"), required: false,
        render: { settings in .object(ChoiceListName.allCases.map { ($0.rawValue, .array(settings.choices($0).map(render))) }) },
        apply: { reader, settings, _ in
            guard reader.has("choiceLists") else { return }
            var lists = settings.choiceLists ?? [:]
            reader.object("choiceLists") { nested in
                for list in ChoiceListName.allCases where nested.has(list.rawValue) {
                    var choices: [CustomChoice] = []
                    nested.read(list.rawValue, into: &choices, required: true, readChoices)
                    lists[list.rawValue] = choices
                }
            }
            settings.choiceLists = lists.isEmpty ? nil : lists
        })

    static func render(_ choice: CustomChoice) -> JSON {
        .object([("value", .string(choice.value)),
                 ("labels", .object(Language.allCases.map { ($0.rawValue, choice.labels[$0.rawValue].map(JSON.string) ?? .null) })),
                 ("active", .bool(!choice.retired))])
    }

    @Sendable static func readChoices(_ json: JSON) -> Result<[CustomChoice], FieldProblem> {
        guard case .array(let items) = json else {
            return .failure(FieldProblem(code: "invalid_type", message: "must be an array of {value, labels, active}"))
        }
        var choices: [CustomChoice] = []
        for (index, item) in items.enumerated() {
            var choice = CustomChoice(value: "", labels: [:])
            var active = true
            var reader = FieldReader(item)
            reader.read("value", into: &choice.value, required: true, Convert.string)
            reader.object("labels") { labels in
                for language in Language.allCases {
                    var label: String?
                    labels.read(language.rawValue, into: &label, Convert.string)
                    choice.labels[language.rawValue] = label
                }
            }
            reader.read("active", into: &active, Convert.bool)
            reader.finish()
            if let first = reader.errors.first {
                return .failure(FieldProblem(code: first.code, message: "value \(index), \(first.field): \(first.message)"))
            }
            choice.retired = !active
            choices.append(choice)
        }
        return .success(choices)
    }

    /// The component naming the values of `list` (`LeadSourceChoice`): the built-in ones in
    /// the document built at start-up, the organisation's once served.
    static func componentName(_ list: ChoiceListName) -> String {
        list.rawValue.prefix(1).uppercased() + list.rawValue.dropFirst() + "Choice"
    }

    static let choiceSchema = Schema.object([
        ("value", Schema(json: .object([("type", .string("string")), ("pattern", .string("^[A-Za-z0-9_-]{1,100}$"))]))),
        ("labels", .object(Language.allCases.map { ($0.rawValue, Schema.text(maxLength: 100)) }, required: Language.allCases.map(\.rawValue))),
        ("active", .boolean),
    ], required: ["value", "labels"])

    static let schemas: [(String, Schema)] = [
        ("ChoiceLists", .object(ChoiceListName.allCases.map { ($0.rawValue, Schema.array(choiceSchema)) })),
    ] + ChoiceListName.allCases.map { list in (componentName(list), Schema.choice(ChoiceLists.builtIn(list).map(\.value))) }

    /// `document` with each list's component naming the organisation's values, retired ones
    /// included: records keep them, though new values are refused (422 `retired_choice`).
    static func document(_ document: JSON, settings: OrganisationSettings?) -> JSON {
        guard let settings, let edited = settings.choiceLists, !edited.isEmpty else { return document }
        var replaced: [String: JSON] = [:]
        for list in ChoiceListName.allCases where edited[list.rawValue] != nil {
            replaced[componentName(list)] = Schema.choice(settings.choices(list).map(\.value)).json
        }
        return document.replacing(path: ["components", "schemas"]) { schemas in
            guard case .object(let pairs) = schemas else { return schemas }
            return .object(pairs.map { ($0.0, replaced[$0.0] ?? $0.1) })
        }
    }
}

extension Convert {
    /// A value of one of the organisation's lists: any text here; the services check it
    /// against the list (422 `invalid_choice` or `retired_choice`).
    static func listed<E: ListedChoice>(_ type: E.Type) -> @Sendable (JSON) -> Result<E, FieldProblem> {
        { json in
            if case .string(let text) = json, let value = E(rawValue: text) { return .success(value) }
            return .failure(FieldProblem(code: "invalid_choice", message: "must be a value of the organisation's \(E.list.rawValue) list"))
        }
    }
}

extension FieldSpec {
    static func choice<E: ListedChoice>(_ name: String, _ path: Path<E?>) -> FieldSpec {
        FieldSpec(name: name, schema: Schema.ref(ChoiceListsResource.componentName(E.list)).nullable, required: false,
                  render: { root in root[keyPath: path].map { .string($0.rawValue) } ?? .null },
                  apply: { reader, root, _ in reader.read(name, into: &root[keyPath: path], Convert.listed(E.self)) })
    }

    static func choice<E: ListedChoice>(_ name: String, _ path: Path<E>, required: Bool = false) -> FieldSpec {
        FieldSpec(name: name, schema: .ref(ChoiceListsResource.componentName(E.list)), required: required,
                  render: { root in .string(root[keyPath: path].rawValue) },
                  apply: { reader, root, creating in
                      reader.read(name, into: &root[keyPath: path], required: creating && required, Convert.listed(E.self))
                  })
    }
}

extension FieldReader {
    /// When the request is refused anyway, its values that no list has are named with the other
    /// problems, so that one answer lists them all (the services check the rest).
    mutating func addListedProblems<R: ChoosingRecord>(_ root: R, _ s: Services) async {
        guard !errors.isEmpty else { return }
        var copy = root
        let listed = ListedChoiceRules.check(&copy, before: nil, settings: try? await s.settings(), strict: false)
        for problem in listed where problem.code == "invalid_choice" { fail(problem.field, problem.code, problem.message) }
    }
}

extension Array {
    /// `apply`, naming the values no list has beside the other problems of a refused request.
    func apply<Root: ChoosingRecord>(_ json: JSON, to root: inout Root, creating: Bool, extraKeys: [String] = [],
                                     lists s: Services) async throws where Element == FieldSpec<Root> {
        do {
            try apply(json, to: &root, creating: creating, extraKeys: extraKeys)
        } catch APIError.validation(let errors) {
            var reader = FieldReader(.object([]))
            for error in errors { reader.fail(error.field, error.code, error.message) }
            await reader.addListedProblems(root, s)
            throw APIError.validation(reader.errors)
        }
    }
}

/// `terminology` in the settings: `{<recordType>: {en|fr: {singular, plural}}}`. A PATCH changes
/// the record types it names; `null` gives one back Vendo's words.
enum TerminologyResource {
    static let settingsField = FieldSpec<OrganisationSettings>(
        name: "terminology", schema: .ref("Terminology"), required: false,
        render: { settings in
            let types = CustomizedRecord.allCases.filter { settings.terminology?[$0.rawValue] != nil }
            return .object(types.map { type in
                (type.rawValue, .object(Language.allCases.compactMap { language in
                    settings.words(for: type, language).map { (language.rawValue, render($0)) }
                }))
            })
        },
        apply: { reader, settings, _ in
            guard reader.has("terminology") else { return }
            var terminology = settings.terminology ?? [:]
            reader.object("terminology") { types in
                for type in CustomizedRecord.allCases where types.has(type.rawValue) {
                    if types.peek(type.rawValue) == .null {
                        types.ignore([type.rawValue])
                        terminology[type.rawValue] = nil
                        continue
                    }
                    var languages: [String: RecordWords] = [:]
                    types.object(type.rawValue) { nested in
                        for language in Language.allCases where nested.has(language.rawValue) {
                            var words = RecordWords(singular: "", plural: "")
                            nested.object(language.rawValue) { pair in
                                pair.read("singular", into: &words.singular, required: true, Convert.string)
                                pair.read("plural", into: &words.plural, required: true, Convert.string)
                            }
                            languages[language.rawValue] = words
                        }
                    }
                    terminology[type.rawValue] = languages.isEmpty ? nil : languages
                }
            }
            settings.terminology = terminology.isEmpty ? nil : terminology
        })

    static func render(_ words: RecordWords) -> JSON {
        .object([("singular", .string(words.singular)), ("plural", .string(words.plural))])
    }

    static let wordsSchema = Schema.object([("singular", .text(maxLength: 50)), ("plural", .text(maxLength: 50))],
                                           required: ["singular", "plural"])

    static let schemas: [(String, Schema)] = [
        ("Terminology", .object(CustomizedRecord.allCases.map { type in
            (type.rawValue, Schema.object(Language.allCases.map { ($0.rawValue, wordsSchema) }).nullable)
        })),
    ]
}
