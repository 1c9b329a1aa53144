import Foundation

/// A JSON Schema fragment of the OpenAPI 3.1 document.
public struct Schema: Sendable {
    let json: JSON

    static let string = Schema(json: .object([("type", .string("string"))]))
    static let boolean = Schema(json: .object([("type", .string("boolean"))]))
    static let integer = Schema(json: .object([("type", .string("integer"))]))
    static let uuid = Schema(json: .object([("type", .string("string")), ("format", .string("uuid"))]))
    static let date = Schema(json: .object([("type", .string("string")), ("format", .string("date"))]))
    static let dateTime = Schema(json: .object([("type", .string("string")), ("format", .string("date-time"))]))
    /// Money, quantities and percentages: a decimal in a string (negative on credit notes).
    static let decimal = Schema(json: .object([("type", .string("string")), ("pattern", .string("^-?[0-9]+(\\.[0-9]+)?$"))]))
    /// A decimal that may not be negative, as every typed amount, quantity, rate and percentage
    /// is. Ranges and decimal places are the server's rules (422), beyond what a pattern says.
    static let amount = Schema(json: .object([("type", .string("string")), ("pattern", .string("^[0-9]+(\\.[0-9]+)?$"))]))
    static let positive = amount
    static let percentage = amount
    static let currencyCode = Schema(json: .object([("type", .string("string")), ("pattern", .string("^[A-Z]{3}$"))]))

    static func integer(_ range: ClosedRange<Int>) -> Schema {
        Schema(json: .object([("type", .string("integer")), ("minimum", .int(range.lowerBound)), ("maximum", .int(range.upperBound))]))
    }

    static func text(maxLength: Int) -> Schema {
        Schema(json: .object([("type", .string("string")), ("maxLength", .int(maxLength))]))
    }

    static func choice(_ values: [String]) -> Schema {
        Schema(json: .object([("type", .string("string")), ("enum", .array(values.map { .string($0) }))]))
    }

    static func array(_ items: Schema) -> Schema {
        Schema(json: .object([("type", .string("array")), ("items", items.json)]))
    }

    /// An object whose keys are free and whose values follow `values`.
    static func map(_ values: Schema) -> Schema {
        Schema(json: .object([("type", .string("object")), ("additionalProperties", values.json)]))
    }

    static func ref(_ name: String) -> Schema {
        Schema(json: .object([("$ref", .string("#/components/schemas/\(name)"))]))
    }

    static func object(_ properties: [(String, Schema)], required: [String] = [], closed: Bool = true) -> Schema {
        var pairs: [(String, JSON)] = [("type", .string("object")), ("properties", .object(properties.map { ($0.0, $0.1.json) }))]
        if !required.isEmpty { pairs.append(("required", .array(required.map { .string($0) }))) }
        if closed { pairs.append(("additionalProperties", .bool(false))) }
        return Schema(json: .object(pairs))
    }

    /// True when the object schema requires some property.
    var hasRequired: Bool { json["required"] != nil }

    /// The same object schema with nothing required (for PATCH bodies).
    var optional: Schema {
        guard case .object(let pairs) = json else { return self }
        return Schema(json: .object(pairs.filter { $0.0 != "required" }))
    }

    /// The properties of an object schema.
    var properties: [(String, Schema)] {
        guard case .object(let pairs)? = json["properties"] else { return [] }
        return pairs.map { ($0.0, Schema(json: $0.1)) }
    }

    /// The same schema, also allowing null.
    var nullable: Schema {
        guard case .object(var pairs) = json else { return self }
        if let index = pairs.firstIndex(where: { $0.0 == "type" }), case .string(let type) = pairs[index].1 {
            pairs[index].1 = .array([.string(type), .string("null")])
            if let choices = pairs.firstIndex(where: { $0.0 == "enum" }), case .array(var values) = pairs[choices].1 {
                values.append(.null)
                pairs[choices].1 = .array(values)
            }
            return Schema(json: .object(pairs))
        }
        return Schema(json: .object([("anyOf", .array([json, .object([("type", .string("null"))])]))]))
    }
}
