import Foundation

/// Who a document is for: an account, or a contact when there is no account.
public enum Customer: Codable, Sendable, Equatable, Hashable {
    case account(ID<Account>)
    case contact(ID<Contact>)

    public var type: String {
        switch self {
        case .account: return "account"
        case .contact: return "contact"
        }
    }

    public var id: UUID {
        switch self {
        case .account(let id): return id.uuid
        case .contact(let id): return id.uuid
        }
    }

    private enum CodingKeys: String, CodingKey { case type, id }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "account": self = .account(try container.decode(ID<Account>.self, forKey: .id))
        case "contact": self = .contact(try container.decode(ID<Contact>.self, forKey: .id))
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: container, debugDescription: "account or contact")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(id.uuidString.lowercased(), forKey: .id)
    }
}
