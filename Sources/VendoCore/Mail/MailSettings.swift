import Foundation

/// How the organisation's mail leaves: its SMTP server and who the messages are from. The
/// password is not here: it is kept apart (`secrets`), so that it is never returned, diffed
/// into the history or logged.
public struct MailSettings: Codable, Sendable, Equatable {
    public enum Security: String, Codable, Sendable, CaseIterable {
        /// A plain connection upgraded with STARTTLS (port 587).
        case starttls
        /// TLS from the first byte (port 465).
        case tls
        /// No encryption: only for a relay on this machine.
        case none
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var fromAddress: String
    public var fromName: String?
    public var replyTo: String?

    public init(host: String = "", port: Int = 587, security: Security = .starttls, username: String? = nil, fromAddress: String = "",
                fromName: String? = nil, replyTo: String? = nil) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.fromAddress = fromAddress
        self.fromName = fromName
        self.replyTo = replyTo
    }

    /// A host on this machine, the only kind a clear-text connection may go to.
    public var isLoopback: Bool {
        let host = host.lowercased()
        return host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    public func validate(prefix: String = "smtp.") throws(DomainError) {
        var check = Validator()
        check.require(host, prefix + "host", maxLength: 253)
        if host.contains(where: { $0 == " " || $0 == "/" }) || host.contains("://") {
            check.add(prefix + "host", "invalid_host", "a host name or IP address, without scheme, port or path")
        }
        if !(1...65535).contains(port) { check.add(prefix + "port", "out_of_range", "a port is 1 to 65535") }
        if security == .none && !host.isEmpty && !isLoopback {
            check.add(prefix + "security", "insecure", "mail goes out unencrypted only to a relay on this machine (localhost)")
        }
        check.text(username, prefix + "username", maxLength: 254)
        check.require(fromAddress, prefix + "fromAddress", maxLength: 254)
        check.email(fromAddress, prefix + "fromAddress")
        check.text(fromName, prefix + "fromName", maxLength: 100)
        check.email(replyTo, prefix + "replyTo")
        try check.check()
    }
}
