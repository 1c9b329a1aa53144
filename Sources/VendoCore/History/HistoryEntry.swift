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

/// The field-level difference between two versions of a record, as flat paths (`topic`,
/// `address.city`, `lines[<line id>].quantity`) with their values as text. A line added or
/// removed is one change whose value sums the line up.
public enum RecordDiff {
    public struct Change: Sendable, Equatable {
        public var field: String
        public var oldValue: String?
        public var newValue: String?
    }

    /// Top-level paths that change on every save or only restate other fields (an issued
    /// invoice's copies of its parties, and its issue day), and the accounting entries that
    /// follow from the action the history names.
    static let ignored: Set<String> = ["info", "totals", "basePrecision", "currencyPrecision", "seller", "buyer", "deliveryAddress", "issueDate",
                                         "freightTaxTreatment", "journalRecords"]
    /// Keys of list elements (lines, payments) derived from the others.
    static let derivedInElements: Set<String> = [
        "id", "amount", "netAmount", "extendedAmount", "manualDiscountAmount", "tax", "invoiced", "unitName",
        "sourceLineId", "discountListId", "recordedAt", "recordedBy", "taxTreatment",
    ]
    /// Objects whose keys read better without their name (`fields.topic` → `topic`).
    static let transparent: Set<String> = ["fields", "pricing"]
    static let summaryKeys = ["productName", "writeInName", "quantity", "pricePerUnit", "amount", "date"]

    public static func changes<R: Encodable>(from old: R, to new: R) -> [Change] {
        let before = flatten(old)
        let after = flatten(new)
        // Elements present on one side only: report the element once, not each of its fields.
        let wholeElements = Set(before.keys.filter(isElementMarker)).symmetricDifference(after.keys.filter(isElementMarker))
        return Set(before.keys).union(after.keys).sorted().compactMap { key in
            if !wholeElements.contains(key), wholeElements.contains(where: { key.hasPrefix($0 + ".") }) { return nil }
            return before[key] == after[key] ? nil : Change(field: key, oldValue: before[key], newValue: after[key])
        }
    }

    private static func isElementMarker(_ key: String) -> Bool { key.hasSuffix("]") }

    public static func flatten<R: Encodable>(_ record: R) -> [String: String] {
        guard let tree = try? JSONTree.encoding(record) else { return [:] }
        var out: [String: String] = [:]
        walk(tree, path: "", inElement: false, into: &out)
        return out
    }

    private static func walk(_ value: JSONTree, path: String, inElement: Bool, into out: inout [String: String]) {
        switch value {
        case .object(let object):
            // Transparent children first, so that an effective value (a line's pricePerUnit)
            // wins over the typed one of the same name.
            let keys = object.keys.sorted { (transparent.contains($0) ? 0 : 1, $0) < (transparent.contains($1) ? 0 : 1, $1) }
            for key in keys {
                guard let child = object[key] else { continue }
                if path.isEmpty && ignored.contains(key) { continue }
                if inElement && derivedInElements.contains(key) { continue }
                if transparent.contains(key) {
                    walk(child, path: path, inElement: inElement, into: &out)
                } else {
                    walk(child, path: path.isEmpty ? key : "\(path).\(key)", inElement: inElement, into: &out)
                }
            }
        case .array(let array):
            for (index, child) in array.enumerated() {
                var key = String(index)
                if case .object(let object) = child, case .string(let id)? = object["id"] { key = id }
                let elementPath = "\(path)[\(key)]"
                var fields: [String: String] = [:]
                walk(child, path: "", inElement: true, into: &fields)
                for (field, text) in fields { out[field.isEmpty ? elementPath : "\(elementPath).\(field)"] = text }
                out[elementPath] = summaryKeys.compactMap { name in fields[name].map { "\(name)=\($0)" } }.joined(separator: ", ")
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
public enum JSONTree: Codable, Sendable, Equatable {
    case object([String: JSONTree]), array([JSONTree]), string(String), number(Decimal), bool(Bool), null

    /// Null, or text of nothing but spaces: a field nobody filled.
    public var isEmpty: Bool {
        switch self {
        case .null: return true
        case .string(let text): return text.trimmingWhitespace().isEmpty
        default: return false
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let flag): try container.encode(flag)
        case .number(let number): try container.encode(number)
        case .string(let text): try container.encode(text)
        case .array(let items): try container.encode(items)
        case .object(let pairs): try container.encode(pairs)
        }
    }

    public init(from decoder: any Decoder) throws {
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
