import Hummingbird
import NIOCore

/// The request context of Vendo's server: Hummingbird's, plus the client's address (sign-in
/// throttling per address).
public struct VendoRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    /// The client's IP address as text, or "unknown": the peer's, until the server has read
    /// what a trusted proxy says of it (`TrustedProxies`). Throttling, capture limits, security
    /// events and the access log all use this one.
    public var clientAddress: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
        clientAddress = remoteAddress?.ipAddress ?? "unknown"
    }
}
