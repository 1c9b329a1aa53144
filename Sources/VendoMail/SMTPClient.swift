import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// How to reach the organisation's SMTP server.
public struct SMTPConfiguration: Sendable {
    public enum Security: String, Sendable, CaseIterable {
        /// Plain connection upgraded with STARTTLS, which the server must offer (port 587).
        case startTLS
        /// TLS from the first byte (port 465).
        case tls
        /// No encryption: refused unless the server is on this machine.
        case none
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?
    /// The name this server gives in EHLO.
    public var heloName: String
    /// PEM certificates to trust instead of the system's (a private CA, a test server).
    public var trustedCertificates: String?
    /// For each step of the dialogue.
    public var timeout: TimeAmount

    public init(host: String, port: Int, security: Security, username: String? = nil, password: String? = nil,
                heloName: String = "localhost", trustedCertificates: String? = nil, timeout: TimeAmount = .seconds(30)) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.heloName = heloName
        self.trustedCertificates = trustedCertificates
        self.timeout = timeout
    }

    var isLoopback: Bool { ["127.0.0.1", "::1", "localhost"].contains(host.lowercased()) || host.hasPrefix("127.") }
}

/// Why a message was not sent. `transient` (4xx, a lost connection) is worth retrying later;
/// `permanent` (5xx) is not.
public enum SMTPError: Error, Equatable, CustomStringConvertible {
    case transient(code: Int?, reply: String)
    case permanent(code: Int, reply: String)
    /// A configuration that would send in clear text or without the STARTTLS the server must offer.
    case insecure(String)

    public var description: String {
        switch self {
        case let .transient(code, reply): return "temporary failure\(code.map { " \($0)" } ?? ""): \(reply)"
        case let .permanent(code, reply): return "refused \(code): \(reply)"
        case let .insecure(reason): return reason
        }
    }

    public var isTransient: Bool { if case .transient = self { return true } else { return false } }
}

/// One reply of the server: its code and its lines of text.
struct SMTPReply: Sendable, Equatable {
    var code: Int
    var lines: [String]
    var text: String { lines.joined(separator: " ") }
}

/// Cuts the server's bytes into replies (RFC 5321 §4.2: `250-…` lines continue, `250 …` ends).
struct SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPReply
    private var lines: [String] = []

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let end = buffer.readableBytesView.firstIndex(of: 10) else {
            if buffer.readableBytes > 64 * 1024 { throw SMTPError.transient(code: nil, reply: "a reply line longer than 64 KB") }
            return .needMoreData
        }
        let length = end - buffer.readerIndex + 1
        guard var line = buffer.readString(length: length) else { return .needMoreData }
        line = line.trimmingCharacters(in: .newlines)
        let digits = line.prefix(3)
        guard digits.count == 3, let code = Int(digits) else { throw SMTPError.transient(code: nil, reply: "not an SMTP reply: \(line.prefix(80))") }
        let continues = line.dropFirst(3).first == "-"
        lines.append(String(line.dropFirst(4)))
        if !continues {
            context.fireChannelRead(wrapInboundOut(SMTPReply(code: code, lines: lines)))
            lines = []
        }
        return .continue
    }
}

/// Sends messages over SMTP (RFC 5321) with SwiftNIO: EHLO, STARTTLS or implicit TLS with the
/// certificate verified, AUTH PLAIN or LOGIN, MAIL FROM, RCPT TO, DATA with dot-stuffing, QUIT.
/// A 4xx reply or a lost connection is a transient error, a 5xx a permanent one, with the
/// server's words.
public struct SMTPClient: Sendable {
    public let configuration: SMTPConfiguration
    let group: any EventLoopGroup

    public init(_ configuration: SMTPConfiguration, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.configuration = configuration
        self.group = group
    }

    public func send(_ mail: OutgoingMail) async throws {
        try await send(raw: mail.rendered(), from: mail.from.email, to: mail.recipients)
    }

    /// Sends a message already rendered (`OutgoingMail.rendered()`, kept to be sent again as it
    /// was) to the envelope's recipients.
    public func send(raw message: [UInt8], from sender: String, to recipients: [String]) async throws {
        let configuration = self.configuration
        if configuration.security == .none && !configuration.isLoopback {
            throw SMTPError.insecure("sending without TLS is allowed only to a server on this machine")
        }
        let context = try Self.tlsContext(configuration)
        let channel: NIOAsyncChannel<SMTPReply, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(configuration.timeout)
                .connect(host: configuration.host, port: configuration.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if configuration.security == .tls {
                            try channel.pipeline.syncOperations.addHandler(
                                try NIOSSLClientHandler(context: context, serverHostname: Self.serverName(configuration.host)))
                        }
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
                        return try NIOAsyncChannel<SMTPReply, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch let error as SMTPError {
            throw error
        } catch {
            throw SMTPError.transient(code: nil, reply: "cannot connect to \(configuration.host):\(configuration.port): \(error)")
        }
        do {
            try await channel.executeThenClose { inbound, outbound in
                var replies = inbound.makeAsyncIterator()
                var session = Session(channel: channel.channel, outbound: outbound, configuration: configuration, context: context)
                try await session.run(message, from: sender, to: recipients) { try await replies.next() }
            }
        } catch let error as SMTPError {
            throw error
        } catch {
            throw SMTPError.transient(code: nil, reply: "the connection failed: \(error)")
        }
    }

    static func serverName(_ host: String) -> String? {
        host.allSatisfy { $0.isNumber || $0 == "." || $0 == ":" } ? nil : host
    }

    static func tlsContext(_ configuration: SMTPConfiguration) throws -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .fullVerification
        if let pem = configuration.trustedCertificates {
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(pem.utf8)))
        }
        return try NIOSSLContext(configuration: tls)
    }

    /// The dialogue of one message.
    struct Session {
        let channel: any Channel
        let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
        let configuration: SMTPConfiguration
        let context: NIOSSLContext

        mutating func run(_ message: [UInt8], from sender: String, to recipients: [String],
                          next: () async throws -> SMTPReply?) async throws {
            func expect(_ accepted: Set<Int>) async throws -> SMTPReply {
                let reply = try await withTimeout { try await next() }
                guard let reply else { throw SMTPError.transient(code: nil, reply: "the server closed the connection") }
                if accepted.contains(reply.code) { return reply }
                if (400..<500).contains(reply.code) { throw SMTPError.transient(code: reply.code, reply: reply.text) }
                throw SMTPError.permanent(code: reply.code, reply: reply.text)
            }
            func command(_ line: String, expecting accepted: Set<Int>) async throws -> SMTPReply {
                try await write(Array((line + "\r\n").utf8))
                return try await expect(accepted)
            }
            _ = try await expect([220])
            var capabilities = try await command("EHLO \(configuration.heloName)", expecting: [250]).lines.map { $0.uppercased() }
            if configuration.security == .startTLS {
                guard capabilities.contains(where: { $0.hasPrefix("STARTTLS") }) else {
                    throw SMTPError.insecure("the server does not offer STARTTLS")
                }
                _ = try await command("STARTTLS", expecting: [220])
                let (context, name, channel) = (context, SMTPClient.serverName(configuration.host), channel)
                // The TLS handler goes in front of the reply decoder, on the channel's own loop.
                try await channel.eventLoop.submit {
                    try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: context, serverHostname: name),
                                                                    position: .first)
                }.get()
                capabilities = try await command("EHLO \(configuration.heloName)", expecting: [250]).lines.map { $0.uppercased() }
            }
            if let user = configuration.username, let password = configuration.password {
                let mechanisms = capabilities.first { $0.hasPrefix("AUTH") }?.split(separator: " ").map(String.init) ?? []
                if mechanisms.contains("PLAIN") || !mechanisms.contains("LOGIN") {
                    let token = Data(([0] + Array(user.utf8) + [0] + Array(password.utf8))).base64EncodedString()
                    _ = try await command("AUTH PLAIN \(token)", expecting: [235])
                } else {
                    _ = try await command("AUTH LOGIN", expecting: [334])
                    _ = try await command(Data(user.utf8).base64EncodedString(), expecting: [334])
                    _ = try await command(Data(password.utf8).base64EncodedString(), expecting: [235])
                }
            }
            _ = try await command("MAIL FROM:<\(sender)>", expecting: [250])
            for recipient in recipients {
                _ = try await command("RCPT TO:<\(recipient)>", expecting: [250, 251])
            }
            _ = try await command("DATA", expecting: [354])
            try await write(Self.dotStuffed(message) + Array(".\r\n".utf8))
            _ = try await expect([250])
            try? await write(Array("QUIT\r\n".utf8))
        }

        func write(_ bytes: [UInt8]) async throws {
            try await outbound.write(ByteBuffer(bytes: bytes))
        }

        func withTimeout<T: Sendable>(_ body: () async throws -> T) async throws -> T {
            let channel = self.channel
            let deadline = channel.eventLoop.scheduleTask(in: configuration.timeout) { channel.close(promise: nil) }
            defer { deadline.cancel() }
            return try await body()
        }

        /// RFC 5321 §4.5.2: a line that starts with a period gets another one.
        static func dotStuffed(_ message: [UInt8]) -> [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(message.count + 64)
            var lineStart = true
            for byte in message {
                if lineStart && byte == UInt8(ascii: ".") { out.append(byte) }
                out.append(byte)
                lineStart = byte == 10
            }
            return out
        }
    }
}
