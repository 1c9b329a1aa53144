import Foundation
import VendoCore

/// One writable field of a resource, described once: how it is read from a request, written
/// in a response, and documented.
struct FieldSpec<Root>: Sendable {
    let name: String
    let schema: Schema
    /// Must be sent when creating.
    let required: Bool
    let render: @Sendable (Root) -> JSON
    let apply: @Sendable (inout FieldReader, inout Root, _ creating: Bool) -> Void

    typealias Path<Value> = WritableKeyPath<Root, Value> & Sendable

    private static func make<T>(_ name: String, _ schema: Schema, _ path: Path<T?>, _ render: @escaping @Sendable (T) -> JSON,
                                _ convert: @escaping @Sendable (JSON) -> Result<T, FieldProblem>) -> FieldSpec {
        FieldSpec(name: name, schema: schema.nullable, required: false,
                  render: { root in root[keyPath: path].map(render) ?? .null },
                  apply: { reader, root, _ in reader.read(name, into: &root[keyPath: path], convert) })
    }

    private static func makeRequired<T>(_ name: String, _ schema: Schema, _ path: Path<T>, required: Bool,
                                        _ render: @escaping @Sendable (T) -> JSON,
                                        _ convert: @escaping @Sendable (JSON) -> Result<T, FieldProblem>) -> FieldSpec {
        FieldSpec(name: name, schema: schema, required: required,
                  render: { root in render(root[keyPath: path]) },
                  apply: { reader, root, creating in reader.read(name, into: &root[keyPath: path], required: creating && required, convert) })
    }

    static func text(_ name: String, _ path: Path<String?>, max: Int = 200) -> FieldSpec {
        make(name, .text(maxLength: max), path, { .string($0) }, Convert.string)
    }

    static func text(_ name: String, _ path: Path<String>, max: Int = 200, required: Bool = true) -> FieldSpec {
        makeRequired(name, .text(maxLength: max), path, required: required, { .string($0) }, Convert.string)
    }

    static func decimal(_ name: String, _ path: Path<Decimal?>, schema: Schema = .amount) -> FieldSpec {
        make(name, schema, path, { .string($0.description) }, Convert.decimal)
    }

    static func percentage(_ name: String, _ path: Path<Decimal?>) -> FieldSpec { decimal(name, path, schema: .percentage) }

    static func currency(_ name: String, _ path: Path<String?>) -> FieldSpec {
        make(name, .currencyCode, path, { .string($0) }, Convert.string)
    }

    static func currency(_ name: String, _ path: Path<String>, required: Bool = true) -> FieldSpec {
        makeRequired(name, .currencyCode, path, required: required, { .string($0) }, Convert.string)
    }

    /// An amount of money outside a document: written with at least two decimals.
    static func money(_ name: String, _ path: Path<Decimal?>) -> FieldSpec {
        make(name, .amount, path, { .string($0.text(scale: max(2, $0.significantDecimals))) }, Convert.decimal)
    }

    static func decimal(_ name: String, _ path: Path<Decimal>, required: Bool = false, schema: Schema = .amount) -> FieldSpec {
        makeRequired(name, schema, path, required: required, { .string($0.description) }, Convert.decimal)
    }

    static func day(_ name: String, _ path: Path<Day?>) -> FieldSpec {
        make(name, .date, path, { .string($0.description) }, Convert.day)
    }

    static func dateTime(_ name: String, _ path: Path<Date?>) -> FieldSpec {
        make(name, .dateTime, path, { .date($0) }, Convert.dateTime)
    }

    static func bool(_ name: String, _ path: Path<Bool?>) -> FieldSpec {
        make(name, .boolean, path, { .bool($0) }, Convert.bool)
    }

    static func bool(_ name: String, _ path: Path<Bool>) -> FieldSpec {
        makeRequired(name, .boolean, path, required: false, { .bool($0) }, Convert.bool)
    }

    static func int(_ name: String, _ path: Path<Int?>, range: ClosedRange<Int>) -> FieldSpec {
        make(name, .integer(range), path, { .int($0) }, Convert.int)
    }

    static func choice<E: RawRepresentable & CaseIterable & Sendable>(_ name: String, _ path: Path<E?>) -> FieldSpec where E.RawValue == String {
        make(name, .choice(E.allCases.map(\.rawValue)), path, { .string($0.rawValue) }, Convert.choice(E.self))
    }

    static func choice<E: RawRepresentable & CaseIterable & Sendable>(_ name: String, _ path: Path<E>, required: Bool = false) -> FieldSpec
        where E.RawValue == String {
        makeRequired(name, .choice(E.allCases.map(\.rawValue)), path, required: required, { .string($0.rawValue) }, Convert.choice(E.self))
    }

    static func id<R>(_ name: String, _ path: Path<ID<R>?>) -> FieldSpec {
        make(name, .uuid, path, { .string($0.description) }, Convert.id)
    }

    static func id<R>(_ name: String, _ path: Path<ID<R>>, required: Bool = true) -> FieldSpec {
        makeRequired(name, .uuid, path, required: required, { .string($0.description) }, Convert.id)
    }

    static func strings(_ name: String, _ path: Path<[String]?>, maxLength: Int) -> FieldSpec {
        make(name, .array(.text(maxLength: maxLength)), path, { .array($0.map(JSON.string)) }, Convert.strings)
    }

    static func ids<R>(_ name: String, _ path: Path<[ID<R>]>) -> FieldSpec {
        makeRequired(name, .array(.uuid), path, required: false, { .array($0.map { .string($0.description) }) }, Convert.ids)
    }

    static func address(_ name: String, _ path: Path<Address?>) -> FieldSpec {
        FieldSpec(name: name, schema: Schema.ref("Address").nullable, required: false,
                  render: { root in root[keyPath: path].map(AddressJSON.render) ?? .null },
                  apply: { reader, root, _ in
                      guard let json = reader.peek(name) else { return }
                      if json == .null {
                          reader.ignore([name])
                          root[keyPath: path] = nil
                          return
                      }
                      var address = root[keyPath: path] ?? Address()
                      reader.object(name) { nested in AddressJSON.apply(&nested, &address) }
                      root[keyPath: path] = address.isEmpty ? nil : address
                  })
    }
}

enum AddressJSON {
    static let keys: [(String, WritableKeyPath<Address, String?> & Sendable)] = [
        ("line1", \.line1), ("line2", \.line2), ("city", \.city), ("postalCode", \.postalCode), ("region", \.region), ("country", \.country),
    ]

    static let schema = Schema.object(keys.map { ($0.0, Schema.text(maxLength: 200).nullable) })

    static func render(_ address: Address) -> JSON {
        .object(keys.map { ($0.0, .string(address[keyPath: $0.1])) })
    }

    static func apply(_ reader: inout FieldReader, _ address: inout Address) {
        for (key, path) in keys { reader.read(key, into: &address[keyPath: path], Convert.string) }
    }
}

extension Array {
    /// Applies every field of a request to `root`; on create, required fields must be there.
    func apply<Root>(_ json: JSON, to root: inout Root, creating: Bool, extraKeys: [String] = []) throws where Element == FieldSpec<Root> {
        var reader = FieldReader(json)
        for spec in self { spec.apply(&reader, &root, creating) }
        reader.ignore(extraKeys)
        reader.finish()
        try reader.check()
    }

    func render<Root>(_ root: Root) -> [(String, JSON)] where Element == FieldSpec<Root> {
        map { ($0.name, $0.render(root)) }
    }

    func schemaProperties<Root>() -> [(String, Schema)] where Element == FieldSpec<Root> {
        map { ($0.name, $0.schema) }
    }
}

extension Decimal {
    /// How many decimals the value needs (1.50 → 1, 1.25 → 2).
    var significantDecimals: Int { (0...8).first { fits(scale: $0) } ?? 8 }
}
