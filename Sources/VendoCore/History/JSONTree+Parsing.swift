import Foundation

extension JSONTree {
    /// Parses JSON text. Every save diffs two versions of a record through their JSON, and
    /// `JSONDecoder` finds each value's type by trying them in turn, paying a thrown error per
    /// miss; this reads each value once, by its first byte.
    public static func parse(_ data: Data) throws -> JSONTree {
        try data.withUnsafeBytes { raw in
            var parser = JSONTreeParser(bytes: raw.bindMemory(to: UInt8.self))
            let tree = try parser.value()
            parser.skipSpace()
            guard parser.position == parser.bytes.count else { throw parser.failure("text after the value") }
            return tree
        }
    }
}

/// A JSON text that is not well formed, with the byte offset where reading stopped.
public struct JSONTreeError: Error, CustomStringConvertible {
    public let offset: Int
    public let reason: String
    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}

private struct JSONTreeParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    func failure(_ reason: String) -> JSONTreeError { JSONTreeError(offset: position, reason: reason) }

    mutating func skipSpace() {
        while position < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[position]) { position += 1 }
    }

    mutating func value() throws -> JSONTree {
        skipSpace()
        guard position < bytes.count else { throw failure("the text ends before a value") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return .number(try number())
        }
    }

    mutating func literal(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count,
              word.withUTF8Buffer({ $0.elementsEqual(bytes[position..<(position + count)]) }) else {
            throw failure("expected \(word)")
        }
        position += count
    }

    mutating func expect(_ byte: UInt8) throws {
        skipSpace()
        guard position < bytes.count, bytes[position] == byte else { throw failure("expected \(Character(Unicode.Scalar(byte)))") }
        position += 1
    }

    /// Whether the next byte (after spaces) is `byte`; takes it if so.
    mutating func take(_ byte: UInt8) -> Bool {
        skipSpace()
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    mutating func object() throws -> JSONTree {
        position += 1
        var pairs: [String: JSONTree] = [:]
        if take(UInt8(ascii: "}")) { return .object(pairs) }
        repeat {
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw failure("expected a key") }
            let key = try string()
            try expect(UInt8(ascii: ":"))
            pairs[key] = try value()
        } while take(UInt8(ascii: ","))
        try expect(UInt8(ascii: "}"))
        return .object(pairs)
    }

    mutating func array() throws -> JSONTree {
        position += 1
        var items: [JSONTree] = []
        if take(UInt8(ascii: "]")) { return .array(items) }
        repeat { items.append(try value()) } while take(UInt8(ascii: ","))
        try expect(UInt8(ascii: "]"))
        return .array(items)
    }

    mutating func number() throws -> Decimal {
        let start = position
        while position < bytes.count, "+-0123456789.eE".utf8.contains(bytes[position]) { position += 1 }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        guard !text.isEmpty, let number = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
            position = start
            throw failure("expected a value")
        }
        return number
    }

    mutating func string() throws -> String {
        position += 1
        let start = position
        // Most strings have no escape: take their bytes at once.
        while position < bytes.count, bytes[position] != UInt8(ascii: "\""), bytes[position] != UInt8(ascii: "\\") { position += 1 }
        guard position < bytes.count else { throw failure("unterminated string") }
        var text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        if bytes[position] == UInt8(ascii: "\"") {
            position += 1
            return text
        }
        var scalars = String.UnicodeScalarView()
        var pending: [UInt8] = []
        func flush() {
            scalars.append(contentsOf: String(decoding: pending, as: UTF8.self).unicodeScalars)
            pending.removeAll(keepingCapacity: true)
        }
        while true {
            guard position < bytes.count else { throw failure("unterminated string") }
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: "\"") { break }
            guard byte == UInt8(ascii: "\\") else { pending.append(byte); continue }
            guard position < bytes.count else { throw failure("unterminated string") }
            let escaped = bytes[position]
            position += 1
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): pending.append(escaped)
            case UInt8(ascii: "b"): pending.append(0x08)
            case UInt8(ascii: "f"): pending.append(0x0C)
            case UInt8(ascii: "n"): pending.append(0x0A)
            case UInt8(ascii: "r"): pending.append(0x0D)
            case UInt8(ascii: "t"): pending.append(0x09)
            case UInt8(ascii: "u"):
                flush()
                var code = try hex4()
                if (0xD800..<0xDC00).contains(code) {
                    // A surrogate pair: the low half must follow as its own \u escape.
                    try literal("\\u")
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw failure("unpaired surrogate") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(code) else { throw failure("invalid \\u escape") }
                scalars.append(scalar)
            default:
                throw failure("invalid escape")
            }
        }
        flush()
        text += String(scalars)
        return text
    }

    mutating func hex4() throws -> UInt32 {
        guard position + 4 <= bytes.count,
              let code = UInt32(String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<(position + 4)]), as: UTF8.self), radix: 16)
        else { throw failure("invalid \\u escape") }
        position += 4
        return code
    }
}
