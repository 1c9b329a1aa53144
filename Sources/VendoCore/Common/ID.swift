import Foundation

/// A typed identifier: an `ID<Lead>` cannot be passed where an `ID<Account>` is expected.
public struct ID<Record>: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    public let uuid: UUID

    public init(_ uuid: UUID) { self.uuid = uuid }

    public init?(_ string: String) {
        guard let uuid = UUID(uuidString: string) else { return nil }
        self.uuid = uuid
    }

    /// Lower-case, as ids appear in the API and the database.
    public var description: String { uuid.uuidString.lowercased() }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let uuid = UUID(uuidString: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a UUID: \(text)")
        }
        self.uuid = uuid
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public static func < (lhs: ID, rhs: ID) -> Bool { lhs.description < rhs.description }

    /// Re-types an id, for places where one record stands for another (a customer that is an account).
    public func cast<Other>(to _: Other.Type = Other.self) -> ID<Other> { ID<Other>(uuid) }
}
