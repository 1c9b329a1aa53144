import Foundation
import VendoCore

/// One field an import fills: its API name, the column names other systems export it under
/// (Dynamics 365, Salesforce, spreadsheets people make), and how a cell's text sets it.
struct ImportField<Draft>: Sendable {
    let name: String
    let aliases: [String]
    let set: @Sendable (inout Draft, String) throws -> Void

    /// The keys a header is compared with (see `ImportValue.key`).
    var keys: Set<String> { Set(([name] + aliases).map(ImportValue.key)) }

    static func text(_ name: String, _ aliases: [String] = [], _ path: WritableKeyPath<Draft, String?> & Sendable) -> ImportField {
        ImportField(name: name, aliases: aliases) { draft, text in draft[keyPath: path] = text }
    }

    static func text(_ name: String, _ aliases: [String] = [], _ path: WritableKeyPath<Draft, String> & Sendable) -> ImportField {
        ImportField(name: name, aliases: aliases) { draft, text in draft[keyPath: path] = text }
    }

    static func decimal(_ name: String, _ aliases: [String] = [], _ path: WritableKeyPath<Draft, Decimal?> & Sendable) -> ImportField {
        ImportField(name: name, aliases: aliases) { draft, text in draft[keyPath: path] = try ImportValue.decimal(text) }
    }

    static func int(_ name: String, _ aliases: [String] = [], _ path: WritableKeyPath<Draft, Int?> & Sendable) -> ImportField {
        ImportField(name: name, aliases: aliases) { draft, text in draft[keyPath: path] = try ImportValue.int(text) }
    }

    /// A lead's status by its API value, or as Dynamics 365 (state or status reason) and
    /// Salesforce (`Open - Not Contacted`, `Closed - Converted`…) export it.
    static func leadStatus(_ name: String, _ aliases: [String] = [], _ path: WritableKeyPath<Draft, LeadStatus?> & Sendable) -> ImportField {
        ImportField(name: name, aliases: aliases) { draft, text in draft[keyPath: path] = try ImportValue.leadStatus(text) }
    }

    static func day(_ name: String, _ aliases: [String] = [], _ path: WritableKeyPath<Draft, Day?> & Sendable) -> ImportField {
        ImportField(name: name, aliases: aliases) { draft, text in draft[keyPath: path] = try ImportValue.day(text) }
    }

    static func bool(_ name: String, _ aliases: [String] = [], _ path: WritableKeyPath<Draft, Bool?> & Sendable) -> ImportField {
        ImportField(name: name, aliases: aliases) { draft, text in draft[keyPath: path] = try ImportValue.bool(text) }
    }

    static func choice<E: RawRepresentable & CaseIterable & Sendable>(_ name: String, _ aliases: [String] = [],
                                                                       _ path: WritableKeyPath<Draft, E?> & Sendable) -> ImportField
        where E.RawValue == String {
        ImportField(name: name, aliases: aliases) { draft, text in draft[keyPath: path] = try ImportValue.choice(text, E.self) }
    }

    /// A value of one of the organisation's lists: a built-in one by its value or its Dynamics
    /// and Salesforce label; any other text is looked up in the list when the record is checked.
    static func choice<E: ListedChoice>(_ name: String, _ aliases: [String] = [], _ path: WritableKeyPath<Draft, E?> & Sendable) -> ImportField {
        ImportField(name: name, aliases: aliases) { draft, text in
            if let builtIn = try? ImportValue.choice(text, E.self) {
                draft[keyPath: path] = builtIn
            } else if let value = E(rawValue: text) {
                draft[keyPath: path] = value
            } else {
                throw FieldError("", "invalid_choice", "a value of the \(E.list.rawValue) list is at most 100 characters")
            }
        }
    }

    /// `address.line1` … `address.country`, under the names of the first address of Dynamics 365
    /// and the mailing or billing address of Salesforce.
    static func address(_ path: WritableKeyPath<Draft, Address?> & Sendable) -> [ImportField] {
        let parts: [(String, [String], WritableKeyPath<Address, String?> & Sendable)] = [
            ("line1", ["street", "street 1", "address", "address line 1", "address 1: street 1", "mailing street", "billing street",
                       "adresse", "rue"], \.line1),
            ("line2", ["street 2", "address line 2", "address 1: street 2", "complément d'adresse"], \.line2),
            ("city", ["city", "town", "address 1: city", "mailing city", "billing city", "ville"], \.city),
            ("postalCode", ["postal code", "zip", "zip code", "zip/postal code", "postcode", "address 1: zip/postal code",
                            "mailing zip/postal code", "billing zip/postal code", "code postal", "cp"], \.postalCode),
            ("region", ["state", "province", "state/province", "region", "address 1: state/province",
                        "mailing state/province", "billing state/province", "département"], \.region),
            ("country", ["country", "country/region", "address 1: country/region", "mailing country", "billing country", "pays"],
             \.country),
        ]
        return parts.map { part, aliases, field in
            ImportField(name: "address.\(part)", aliases: aliases) { draft, text in
                var address = draft[keyPath: path] ?? Address()
                address[keyPath: field] = text
                draft[keyPath: path] = address
            }
        }
    }

    /// Sets every field of `values` (field name → cell text) on `draft`; each bad cell becomes a
    /// field error, all of them reported together.
    static func apply(_ fields: [ImportField], _ values: [String: String], to draft: inout Draft) -> [FieldError] {
        var errors: [FieldError] = []
        for field in fields {
            guard let text = values[field.name].map(ImportValue.trimmed), !text.isEmpty else { continue }
            do {
                try field.set(&draft, text)
            } catch let error as FieldError {
                errors.append(FieldError(field.name, error.code, error.message))
            } catch {
                errors.append(FieldError(field.name, "invalid", "\(error)"))
            }
        }
        return errors
    }
}
