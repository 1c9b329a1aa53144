import Foundation

extension JSONTree {
    /// The tree `JSONEncoder` (dates as ISO 8601) would write for `value`, built from the values
    /// in memory: no JSON text is written or read again. Record diffs use it, so that a save
    /// encodes its record's JSON text once, for the store.
    public static func encoding<T: Encodable>(_ value: T) throws -> JSONTree {
        try TreeNode.box(value, at: [])
    }
}

/// A value being encoded. Containers write into it; nested containers hold child nodes until
/// the whole value is done.
private final class TreeNode {
    enum Child {
        case tree(JSONTree)
        case node(TreeNode)

        var tree: JSONTree {
            switch self {
            case .tree(let tree): tree
            case .node(let node): node.tree
            }
        }
    }

    enum Content {
        case empty, single(JSONTree), object([String: Child]), array([Child])
    }

    var content = Content.empty

    var tree: JSONTree {
        switch content {
        // A value that asked for no container is an empty object, as JSONEncoder writes it.
        case .empty: .object([:])
        case .single(let tree): tree
        case .object(let children): .object(children.mapValues(\.tree))
        case .array(let children): .array(children.map(\.tree))
        }
    }

    func set(_ child: Child, forKey key: String) {
        if case .object(var children) = content {
            content = .empty
            children[key] = child
            content = .object(children)
        } else {
            content = .object([key: child])
        }
    }

    func append(_ child: Child) {
        if case .array(var children) = content {
            content = .empty
            children.append(child)
            content = .array(children)
        } else {
            content = .array([child])
        }
    }

    var count: Int {
        if case .array(let children) = content { return children.count }
        return 0
    }

    /// The types JSONEncoder writes in a form of its own rather than through their `Encodable`
    /// conformance; everything else encodes itself into a new node.
    static func box<T: Encodable>(_ value: T, at codingPath: [any CodingKey]) throws -> JSONTree {
        if T.self == Decimal.self, let number = value as? Decimal { return .number(number) }
        if T.self == Date.self, let date = value as? Date { return .string(date.formatted(.iso8601)) }
        if T.self == URL.self, let url = value as? URL { return .string(url.absoluteString) }
        if T.self == Data.self, let data = value as? Data { return .string(data.base64EncodedString()) }
        let node = TreeNode()
        try value.encode(to: TreeEncoder(node: node, codingPath: codingPath))
        return node.tree
    }

    static func number<N: BinaryInteger>(_ value: N) -> JSONTree {
        if let small = Int64(exactly: value) { return .number(Decimal(small)) }
        return .number(Decimal(UInt64(truncatingIfNeeded: value)))
    }

    static func number<F: BinaryFloatingPoint & LosslessStringConvertible>(_ value: F, at codingPath: [any CodingKey]) throws -> JSONTree {
        guard value.isFinite, let number = Decimal(string: String(value)) else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "\(value) is not a JSON number"))
        }
        return .number(number)
    }
}

private struct TreeKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) { self.stringValue = String(intValue); self.intValue = intValue }
}

private struct TreeEncoder: Encoder {
    let node: TreeNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = node.content {} else { node.content = .object([:]) }
        return KeyedEncodingContainer(KeyedTreeContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = node.content {} else { node.content = .array([]) }
        return UnkeyedTreeContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleTreeContainer(node: node, codingPath: codingPath)
    }
}

private struct KeyedTreeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: TreeNode
    let codingPath: [any CodingKey]

    private func put(_ tree: JSONTree, _ key: Key) { node.set(.tree(tree), forKey: key.stringValue) }

    mutating func encodeNil(forKey key: Key) throws { put(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { put(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { put(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { put(try TreeNode.number(value, at: codingPath + [key]), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { put(try TreeNode.number(value, at: codingPath + [key]), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { put(TreeNode.number(value), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { put(TreeNode.number(value), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { put(TreeNode.number(value), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { put(TreeNode.number(value), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { put(TreeNode.number(value), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { put(TreeNode.number(value), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { put(TreeNode.number(value), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { put(TreeNode.number(value), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { put(TreeNode.number(value), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { put(TreeNode.number(value), key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        put(try TreeNode.box(value, at: codingPath + [key]), key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey> {
        let child = TreeNode()
        node.set(.node(child), forKey: key.stringValue)
        return TreeEncoder(node: child, codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = TreeNode()
        node.set(.node(child), forKey: key.stringValue)
        return TreeEncoder(node: child, codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { superEncoder(key: TreeKey(stringValue: "super")) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(key: key) }

    private func superEncoder(key: any CodingKey) -> any Encoder {
        let child = TreeNode()
        node.set(.node(child), forKey: key.stringValue)
        return TreeEncoder(node: child, codingPath: codingPath + [key])
    }
}

private struct UnkeyedTreeContainer: UnkeyedEncodingContainer {
    let node: TreeNode
    let codingPath: [any CodingKey]
    var count: Int { node.count }

    private var nextPath: [any CodingKey] { codingPath + [TreeKey(intValue: count)] }

    mutating func encodeNil() throws { node.append(.tree(.null)) }
    mutating func encode(_ value: Bool) throws { node.append(.tree(.bool(value))) }
    mutating func encode(_ value: String) throws { node.append(.tree(.string(value))) }
    mutating func encode(_ value: Double) throws { node.append(.tree(try TreeNode.number(value, at: nextPath))) }
    mutating func encode(_ value: Float) throws { node.append(.tree(try TreeNode.number(value, at: nextPath))) }
    mutating func encode(_ value: Int) throws { node.append(.tree(TreeNode.number(value))) }
    mutating func encode(_ value: Int8) throws { node.append(.tree(TreeNode.number(value))) }
    mutating func encode(_ value: Int16) throws { node.append(.tree(TreeNode.number(value))) }
    mutating func encode(_ value: Int32) throws { node.append(.tree(TreeNode.number(value))) }
    mutating func encode(_ value: Int64) throws { node.append(.tree(TreeNode.number(value))) }
    mutating func encode(_ value: UInt) throws { node.append(.tree(TreeNode.number(value))) }
    mutating func encode(_ value: UInt8) throws { node.append(.tree(TreeNode.number(value))) }
    mutating func encode(_ value: UInt16) throws { node.append(.tree(TreeNode.number(value))) }
    mutating func encode(_ value: UInt32) throws { node.append(.tree(TreeNode.number(value))) }
    mutating func encode(_ value: UInt64) throws { node.append(.tree(TreeNode.number(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws { node.append(.tree(try TreeNode.box(value, at: nextPath))) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = TreeNode()
        let path = nextPath
        node.append(.node(child))
        return TreeEncoder(node: child, codingPath: path).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = TreeNode()
        let path = nextPath
        node.append(.node(child))
        return TreeEncoder(node: child, codingPath: path).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let child = TreeNode()
        let path = nextPath
        node.append(.node(child))
        return TreeEncoder(node: child, codingPath: path)
    }
}

private struct SingleTreeContainer: SingleValueEncodingContainer {
    let node: TreeNode
    let codingPath: [any CodingKey]

    private func put(_ tree: JSONTree) { node.content = .single(tree) }

    mutating func encodeNil() throws { put(.null) }
    mutating func encode(_ value: Bool) throws { put(.bool(value)) }
    mutating func encode(_ value: String) throws { put(.string(value)) }
    mutating func encode(_ value: Double) throws { put(try TreeNode.number(value, at: codingPath)) }
    mutating func encode(_ value: Float) throws { put(try TreeNode.number(value, at: codingPath)) }
    mutating func encode(_ value: Int) throws { put(TreeNode.number(value)) }
    mutating func encode(_ value: Int8) throws { put(TreeNode.number(value)) }
    mutating func encode(_ value: Int16) throws { put(TreeNode.number(value)) }
    mutating func encode(_ value: Int32) throws { put(TreeNode.number(value)) }
    mutating func encode(_ value: Int64) throws { put(TreeNode.number(value)) }
    mutating func encode(_ value: UInt) throws { put(TreeNode.number(value)) }
    mutating func encode(_ value: UInt8) throws { put(TreeNode.number(value)) }
    mutating func encode(_ value: UInt16) throws { put(TreeNode.number(value)) }
    mutating func encode(_ value: UInt32) throws { put(TreeNode.number(value)) }
    mutating func encode(_ value: UInt64) throws { put(TreeNode.number(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws { put(try TreeNode.box(value, at: codingPath)) }
}
