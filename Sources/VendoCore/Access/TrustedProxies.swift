import Foundation

/// The reverse proxies whose word on the client's address Vendo takes. Behind a proxy every
/// request comes from the proxy's address; the proxy names the client in a header. Only a
/// proxy listed here may: from anyone else the header is the client's own claim, and ignored.
public struct TrustedProxies: Sendable, Equatable {
    /// The header the proxies write the client's address in.
    public enum Header: String, Sendable, CaseIterable {
        /// `X-Forwarded-For: client, proxy1, proxy2` (nginx's `$proxy_add_x_forwarded_for`).
        case xForwardedFor = "x-forwarded-for"
        /// RFC 7239: `Forwarded: for=client;proto=https, for="[2001:db8::1]:4711"`.
        case forwarded
    }

    struct Network: Sendable, Equatable {
        var bytes: [UInt8]
        var prefix: Int

        func contains(_ address: [UInt8]) -> Bool {
            guard address.count == bytes.count else { return false }
            var remaining = prefix
            for (a, b) in zip(address, bytes) where remaining > 0 {
                let bits = min(8, remaining)
                let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
                if a & mask != b & mask { return false }
                remaining -= bits
            }
            return true
        }
    }

    let networks: [Network]
    public let header: Header

    public static let none = TrustedProxies(networks: [], header: .xForwardedFor)

    init(networks: [Network], header: Header) {
        self.networks = networks
        self.header = header
    }

    public var isEmpty: Bool { networks.isEmpty }

    /// Comma-separated addresses or CIDR networks (`127.0.0.1, 10.0.0.0/8, ::1, fd00::/8`);
    /// throws a message naming the first entry that is neither.
    public init(parsing text: String, header: Header = .xForwardedFor) throws(ProxyListError) {
        var networks: [Network] = []
        for entry in text.split(separator: ",").map({ $0.trimmingWhitespace() }) where !entry.isEmpty {
            let parts = entry.split(separator: "/", maxSplits: 1).map(String.init)
            guard let bytes = Self.parse(parts[0]) else { throw ProxyListError(entry: entry) }
            let width = bytes.count * 8
            guard let prefix = parts.count == 2 ? Int(parts[1]) : width, (0...width).contains(prefix) else { throw ProxyListError(entry: entry) }
            networks.append(Network(bytes: bytes, prefix: prefix))
        }
        self.init(networks: networks, header: header)
    }

    public func contains(_ address: String) -> Bool {
        guard let bytes = Self.parse(address) else { return false }
        return networks.contains { $0.contains(bytes) }
    }

    /// The client's address: the peer's, unless the peer is a trusted proxy; then the right-most
    /// hop of the header that is not a trusted proxy (the left-most when all of them are).
    /// `values` are the header's lines in the order received.
    public func clientAddress(peer: String, headerValues values: [String]) -> String {
        guard contains(peer) else { return peer }
        let hops = values.flatMap { $0.split(separator: ",") }.compactMap { hop -> String? in
            let text = header == .xForwardedFor ? String(hop) : Self.forwardedFor(String(hop))
            return text.map(Self.bare).flatMap { $0.isEmpty ? nil : $0 }
        }
        guard !hops.isEmpty else { return peer }
        return hops.last { !contains($0) } ?? hops[0]
    }

    /// The `for=` of one element of a `Forwarded` header, unquoted.
    static func forwardedFor(_ element: String) -> String? {
        for pair in element.split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingWhitespace().lowercased() == "for" else { continue }
            return parts[1].trimmingWhitespace().trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }

    /// An address without brackets or port (`[2001:db8::1]:4711`, `192.0.2.1:80`), or the text
    /// as it is (`unknown`, an obfuscated name).
    static func bare(_ hop: String) -> String {
        let text = hop.trimmingWhitespace()
        if text.hasPrefix("["), let end = text.firstIndex(of: "]") { return String(text[text.index(after: text.startIndex)..<end]) }
        if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") { return String(text[..<colon]) }
        return text
    }

    /// The bytes of an IPv4 (4) or IPv6 (16) address; an IPv4-mapped IPv6 address gives its 4.
    static func parse(_ text: String) -> [UInt8]? {
        if text.contains(":") {
            guard let bytes = parseIPv6(text) else { return nil }
            if bytes.prefix(12) == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] { return Array(bytes.suffix(4)) }
            return bytes
        }
        return parseIPv4(text)
    }

    static func parseIPv4(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }), let value = UInt8(part) else { return nil }
            bytes.append(value)
        }
        return bytes
    }

    static func parseIPv6(_ text: String) -> [UInt8]? {
        var text = Substring(text)
        if let zone = text.firstIndex(of: "%") { text = text[..<zone] }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt8]? {
            guard !part.isEmpty else { return [] }
            var bytes: [UInt8] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if index == pieces.count - 1, piece.contains(".") {
                    guard let v4 = parseIPv4(String(piece)) else { return nil }
                    bytes += v4
                    continue
                }
                guard (1...4).contains(piece.count), let value = UInt16(piece, radix: 16) else { return nil }
                bytes += [UInt8(value >> 8), UInt8(value & 0xFF)]
            }
            return bytes
        }
        guard let head = groups(halves[0]) else { return nil }
        if halves.count == 1 { return head.count == 16 ? head : nil }
        guard let tail = groups(halves[1]), head.count + tail.count <= 14 else { return nil }
        return head + Array(repeating: 0, count: 16 - head.count - tail.count) + tail
    }
}

public struct ProxyListError: Error, Equatable, CustomStringConvertible {
    public var entry: String
    public var description: String { "'\(entry)' is not an IP address or network (like 10.0.0.0/8 or fd00::/8)" }
}
