import Foundation

/// One line of a record's audit history: who did what when, and for a field change, old → new.
public struct HistoryEntry: Codable, Sendable, Equatable {
    public var id: UUID
    public var recordType: String
    public var recordId: UUID
    public var at: Date
    public var userId: ID<User>
    /// `create`, `update`, `delete`, or the lifecycle action (`qualify`, `issue`…).
    public var action: String
    public var field: String?
    public var oldValue: String?
    public var newValue: String?

    public init(id: UUID, recordType: String, recordId: UUID, at: Date, userId: ID<User>, action: String,
                field: String? = nil, oldValue: String? = nil, newValue: String? = nil) {
        self.id = id
        self.recordType = recordType
        self.recordId = recordId
        self.at = at
        self.userId = userId
        self.action = action
        self.field = field
        self.oldValue = oldValue
        self.newValue = newValue
    }
}

/// The field-level difference between two versions of a record, as flat paths
/// (`topic`, `address.city`, `lines[<line id>].quantity`) with their values as text.
public enum RecordDiff {
    public struct Change: Sendable, Equatable {
        public var field: String
        public var oldValue: String?
        public var newValue: String?
    }

    /// Paths that change on every save or only restate other fields.
    static let ignored: Set<String> = ["info", "pricing.totals", "pricing.basePrecision"]

    public static func changes<R: Encodable>(from old: R, to new: R) -> [Change] {
        let before = flatten(old)
        let after = flatten(new)
        return Set(before.keys).union(after.keys).sorted().compactMap { key in
            before[key] == after[key] ? nil : Change(field: key, oldValue: before[key], newValue: after[key])
        }
    }

    public static func flatten<R: Encodable>(_ record: R) -> [String: String] {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        guard let data = try? encoder.encode(record),
              let tree = try? JSONDecoder().decode(JSONTree.self, from: data) else { return [:] }
        var out: [String: String] = [:]
        walk(tree, path: "", into: &out)
        return out
    }

    private static func walk(_ value: JSONTree, path: String, into out: inout [String: String]) {
        switch value {
        case .object(let object):
            for (key, child) in object where !ignored.contains(path.isEmpty ? key : "\(path).\(key)") {
                // `fields` holds what a person typed; its keys read better without the prefix.
                if path.isEmpty && key == "fields" {
                    walk(child, path: "", into: &out)
                } else {
                    walk(child, path: path.isEmpty ? key : "\(path).\(key)", into: &out)
                }
            }
        case .array(let array):
            for (index, child) in array.enumerated() {
                var key = String(index)
                if case .object(let object) = child, case .string(let id)? = object["id"] { key = id }
                walk(child, path: "\(path)[\(key)]", into: &out)
            }
        case .null:
            break
        case .bool(let flag):
            out[path] = flag ? "true" : "false"
        case .number(let number):
            out[path] = number.description
        case .string(let text):
            out[path] = text
        }
    }
}

/// A parsed JSON value whose numbers stay exact decimals.
enum JSONTree: Decodable {
    case object([String: JSONTree]), array([JSONTree]), string(String), number(Decimal), bool(Bool), null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Decimal.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let array = try? container.decode([JSONTree].self) {
            self = .array(array)
        } else {
            self = .object(try container.decode([String: JSONTree].self))
        }
    }
}
