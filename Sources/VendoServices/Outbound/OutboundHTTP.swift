import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix
import VendoCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a receiver answered: its status and the start of its body.
public struct OutboundResponse: Sendable, Equatable {
    public var status: Int
    public var body: String
}

public enum OutboundError: Error, Equatable, CustomStringConvertible {
    case unsupportedURL(String)
    case forbiddenDestination(host: String, address: String, scope: IPAddressScope)
    case unresolvable(host: String)

    public var description: String {
        switch self {
        case .unsupportedURL(let url): return "\(url) is not an http or https URL with a host"
        case let .forbiddenDestination(host, address, scope):
            return "\(host) leads to \(address), a \(Self.words(scope)) address; an administrator may allow this host "
                + "(outboundAllowedHosts in the settings)"
        case .unresolvable(let host): return "the host \(host) cannot be found"
        }
    }

    static func words(_ scope: IPAddressScope) -> String {
        switch scope {
        case .global: return "public"
        case .loopback: return "loopback"
        case .linkLocal: return "link-local"
        case .privateNetwork: return "private"
        case .multicast: return "multicast"
        case .unspecified: return "unspecified"
        case .reserved: return "reserved"
        }
    }
}

/// Every HTTP call Vendo makes to the outside goes through here: one client with a total
/// deadline, redirects never followed (a 3xx is an answer like any other), the answer's body
/// read up to a cap, and destinations checked first: a host that resolves to this machine, its
/// networks or a cloud metadata service is refused unless an administrator named it in
/// `outboundAllowedHosts`. Otherwise an admin's webhook would let anyone who can trigger an
/// event probe the server's own network and read the status codes back.
public enum OutboundHTTP {
    static let client = HTTPClient(
        eventLoopGroupProvider: .singleton,
        configuration: HTTPClient.Configuration(redirectConfiguration: .disallow,
                                                timeout: .init(connect: .seconds(5), read: .seconds(10)),
                                                decompression: .disabled))
    /// Name look-ups block a thread: they get two of their own.
    static let lookups: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 2)
        pool.start()
        return pool
    }()

    public static let deadline: TimeAmount = .seconds(10)
    public static let maxResponseBytes = 16 * 1024

    /// The URL when it may be called: http or https, and every address of its host public (or
    /// the host allowed). `resolveFailureIsAnError`: false when checking a URL that is only being
    /// saved, whose host may not resolve yet.
    @discardableResult
    public static func checkDestination(_ text: String, allowedHosts: [String], resolveFailureIsAnError: Bool = true) async throws -> URL {
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
              let rawHost = url.host, !rawHost.isEmpty else {
            throw OutboundError.unsupportedURL(text)
        }
        let host = rawHost.hasPrefix("[") ? String(rawHost.dropFirst().dropLast()) : rawHost
        if allowedHosts.contains(where: { $0.caseInsensitiveCompare(host) == .orderedSame }) { return url }
        let addresses: [String]
        if IPAddressScope(host) != nil {
            addresses = [host]
        } else {
            addresses = try await lookups.runIfActive { resolve(host) }
            if addresses.isEmpty {
                if resolveFailureIsAnError { throw OutboundError.unresolvable(host: host) }
                return url
            }
        }
        for address in addresses {
            let scope = IPAddressScope(address) ?? .reserved
            if scope != .global { throw OutboundError.forbiddenDestination(host: host, address: address, scope: scope) }
        }
        return url
    }

    /// POSTs `body` to `url` once its destination passed the check.
    public static func post(_ url: String, headers: [(String, String)], body: String, allowedHosts: [String]) async throws -> OutboundResponse {
        try await checkDestination(url, allowedHosts: allowedHosts)
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await client.execute(request, deadline: .now() + deadline)
        var collected: [UInt8] = []
        // Past the cap the rest is not read: leaving the loop ends the request.
        for try await chunk in response.body {
            collected += chunk.readableBytesView.prefix(maxResponseBytes - collected.count)
            if collected.count >= maxResponseBytes { break }
        }
        return OutboundResponse(status: Int(response.status.code), body: String(decoding: collected, as: UTF8.self))
    }

    /// Every address `host` resolves to, as text; none when it does not resolve.
    static func resolve(_ host: String) -> [String] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else { return [] }
        defer { freeaddrinfo(first) }
        var addresses: [String] = []
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let entry = node {
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            if let address = entry.pointee.ai_addr {
                switch Int32(address.pointee.sa_family) {
                case AF_INET:
                    address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { v4 in
                        var raw = v4.pointee.sin_addr
                        _ = inet_ntop(AF_INET, &raw, &buffer, socklen_t(buffer.count))
                    }
                case AF_INET6:
                    address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { v6 in
                        var raw = v6.pointee.sin6_addr
                        _ = inet_ntop(AF_INET6, &raw, &buffer, socklen_t(buffer.count))
                    }
                default:
                    break
                }
            }
            let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if !text.isEmpty && !addresses.contains(text) { addresses.append(text) }
            node = entry.pointee.ai_next
        }
        return addresses
    }
}
