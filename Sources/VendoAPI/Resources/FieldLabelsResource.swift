import Foundation
import VendoCore

/// `fieldLabels` in the settings: `{<recordType>: {<field>: {en, fr}}}`, the organisation's labels
/// of built-in fields. A PATCH replaces the labels of the record types it names; `null` gives one
/// back Vendo's labels.
enum FieldLabelsResource {
    static let settingsField = FieldSpec<OrganisationSettings>(
        name: "fieldLabels", schema: .ref("FieldLabels"), required: false,
        render: { settings in
            let types = CustomizedRecord.allCases.filter { !(settings.fieldLabels?[$0.rawValue]?.isEmpty ?? true) }
            return .object(types.map { type in
                let fields = settings.fieldLabels?[type.rawValue] ?? [:]
                return (type.rawValue, .object(BuiltInFields.names(of: type).compactMap { field in
                    guard let labels = fields[field], !labels.isEmpty else { return nil }
                    return (field, .object(Language.allCases.compactMap { language in
                        labels[language.rawValue].map { (language.rawValue, JSON.string($0)) }
                    }))
                }))
            })
        },
        apply: { reader, settings, _ in
            guard reader.has("fieldLabels") else { return }
            var all = settings.fieldLabels ?? [:]
            reader.object("fieldLabels") { types in
                for type in CustomizedRecord.allCases where types.has(type.rawValue) {
                    if types.peek(type.rawValue) == .null {
                        types.ignore([type.rawValue])
                        all[type.rawValue] = nil
                        continue
                    }
                    var fields: [String: [String: String]] = [:]
                    types.object(type.rawValue) { named in
                        for field in BuiltInFields.names(of: type) where named.has(field) {
                            if named.peek(field) == .null {
                                named.ignore([field])
                                continue
                            }
                            var labels: [String: String] = [:]
                            named.object(field) { languages in
                                for language in Language.allCases {
                                    var label: String?
                                    languages.read(language.rawValue, into: &label, Convert.string)
                                    if let label { labels[language.rawValue] = label }
                                }
                            }
                            if !labels.isEmpty { fields[field] = labels }
                        }
                    }
                    all[type.rawValue] = fields.isEmpty ? nil : fields
                }
            }
            settings.fieldLabels = all.isEmpty ? nil : all
        })

    static let schemas: [(String, Schema)] = [
        ("FieldLabels", .object(CustomizedRecord.allCases.map { type in
            (type.rawValue, Schema.object(BuiltInFields.names(of: type).map { field in
                (field, Schema.object(Language.allCases.map { ($0.rawValue, Schema.text(maxLength: 60)) }).nullable)
            }).nullable)
        })),
    ]
}
