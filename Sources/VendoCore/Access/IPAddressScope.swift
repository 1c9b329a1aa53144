/// Where an IP address leads: out to the internet, or somewhere a server-side request must
/// not be sent on an outsider's say-so (this machine, its network, cloud metadata services).
public enum IPAddressScope: String, Sendable {
    case global, loopback, linkLocal, privateNetwork, multicast, unspecified, reserved

    /// The scope of an address in text; nil for text that is not one.
    public init?(_ text: String) {
        guard let bytes = TrustedProxies.parse(text) else { return nil }
        self = Self.of(bytes)
    }

    static func of(_ bytes: [UInt8]) -> IPAddressScope {
        (bytes.count == 4 ? v4 : v6).first { $0.0.contains(bytes) }?.1 ?? .global
    }

    private static func table(_ entries: [(String, IPAddressScope)]) -> [(TrustedProxies.Network, IPAddressScope)] {
        entries.compactMap { text, scope in (try? TrustedProxies(parsing: text))?.networks.first.map { ($0, scope) } }
    }

    private static let v4 = table([
        ("127.0.0.0/8", .loopback), ("169.254.0.0/16", .linkLocal), ("10.0.0.0/8", .privateNetwork), ("172.16.0.0/12", .privateNetwork),
        ("192.168.0.0/16", .privateNetwork), ("100.64.0.0/10", .privateNetwork), ("224.0.0.0/4", .multicast), ("0.0.0.0/8", .unspecified),
        ("240.0.0.0/4", .reserved), ("192.0.0.0/24", .reserved), ("198.18.0.0/15", .reserved),
    ])

    /// NAT64 addresses lead to IPv4 ones, and documentation addresses nowhere: both refused.
    private static let v6 = table([
        ("::1/128", .loopback), ("fe80::/10", .linkLocal), ("fc00::/7", .privateNetwork), ("ff00::/8", .multicast),
        ("::/128", .unspecified), ("64:ff9b::/96", .reserved), ("2001:db8::/32", .reserved),
    ])
}
