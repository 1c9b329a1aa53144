import Hummingbird
import NIOCore

/// The request context of Vendo's server: Hummingbird's, plus the client's address (sign-in
/// throttling per address).
public struct VendoRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The client's IP address as text, or "unknown".
    var clientAddress: String { remoteAddress?.ipAddress ?? "unknown" }
}
