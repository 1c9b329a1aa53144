import Testing
@testable import VendoCore

@Suite("Trusted proxies: the client's address")
struct TrustedProxiesTests {
    static let local = try! TrustedProxies(parsing: "127.0.0.1, ::1, 10.0.0.0/8, fd00::/8")

    @Test("addresses and networks of both families; anything else is refused by name")
    func parsing() throws {
        #expect(Self.local.contains("127.0.0.1") && Self.local.contains("10.200.3.4") && Self.local.contains("::1"))
        #expect(Self.local.contains("fd12:3456::9") && Self.local.contains("::ffff:10.1.2.3"))
        #expect(!Self.local.contains("127.0.0.2") && !Self.local.contains("11.0.0.1") && !Self.local.contains("fe80::1"))
        #expect(!Self.local.contains("unknown") && !Self.local.contains("10.0.0") && !Self.local.contains("1:2:3:4:5:6:7:8:9"))
        let wide = try TrustedProxies(parsing: "0.0.0.0/0")
        #expect(wide.contains("203.0.113.9") && !wide.contains("2001:db8::1"))
        for bad in ["10.0.0.0/33", "::/129", "example.com", "10.0.0.256", "1:::2", "10.0.0.0/x"] {
            #expect(throws: ProxyListError(entry: bad)) { try TrustedProxies(parsing: "127.0.0.1, \(bad)") }
        }
        #expect(try TrustedProxies(parsing: " ").isEmpty)
    }

    @Test("a request from an untrusted peer is that peer, whatever it claims")
    func spoofed() {
        #expect(Self.local.clientAddress(peer: "203.0.113.5", headerValues: ["198.51.100.1"]) == "203.0.113.5")
        #expect(TrustedProxies.none.clientAddress(peer: "127.0.0.1", headerValues: ["198.51.100.1"]) == "127.0.0.1")
    }

    @Test("behind trusted proxies: the right-most hop that is not one of them; a client's own prefix does not count")
    func forwarded() {
        #expect(Self.local.clientAddress(peer: "127.0.0.1", headerValues: ["198.51.100.1"]) == "198.51.100.1")
        // The client sent its own X-Forwarded-For; nginx appended the address it saw.
        #expect(Self.local.clientAddress(peer: "127.0.0.1", headerValues: ["6.6.6.6, 198.51.100.1"]) == "198.51.100.1")
        #expect(Self.local.clientAddress(peer: "::1", headerValues: ["6.6.6.6", "198.51.100.1, 10.0.0.7"]) == "198.51.100.1")
        #expect(Self.local.clientAddress(peer: "::ffff:127.0.0.1", headerValues: ["2001:db8::42"]) == "2001:db8::42")
        #expect(Self.local.clientAddress(peer: "127.0.0.1", headerValues: ["10.0.0.3, 10.0.0.7"]) == "10.0.0.3")
        #expect(Self.local.clientAddress(peer: "127.0.0.1", headerValues: []) == "127.0.0.1")
        #expect(Self.local.clientAddress(peer: "127.0.0.1", headerValues: ["198.51.100.1:51234"]) == "198.51.100.1")
    }

    @Test("RFC 7239 Forwarded, with quoted IPv6 and ports")
    func rfc7239() throws {
        let proxies = try TrustedProxies(parsing: "127.0.0.1", header: .forwarded)
        #expect(proxies.clientAddress(peer: "127.0.0.1", headerValues: [#"for=6.6.6.6, for="[2001:db8:cafe::17]:4711";proto=https"#])
            == "2001:db8:cafe::17")
        #expect(proxies.clientAddress(peer: "127.0.0.1", headerValues: ["proto=https;for=192.0.2.60;by=203.0.113.43"]) == "192.0.2.60")
    }
}
