import Foundation
import NIOCore
import NIOPosix
import VendoCore
import VendoServices

/// scripts/smtp-test-server (aiosmtpd) on a free loopback port, with a certificate made for
/// the test; the messages it accepted are read back as the JSON summaries it writes.
public final class SMTPTestServer: @unchecked Sendable {
    public let port: Int
    public let folder: URL
    /// The PEM of the server's certificate, for the client to trust.
    public let certificate: String
    private let certificateFile: String
    private let keyFile: String
    private var process: Process

    public init(failFirst: Int = 0, refuse: String? = nil, dieAfter: Int = 0) async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("vendo-smtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let cert = folder.appendingPathComponent("cert.pem").path, key = folder.appendingPathComponent("key.pem").path
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
                             "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"]
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        certificate = try String(contentsOfFile: cert, encoding: .utf8)
        certificateFile = cert
        keyFile = key
        port = try await Self.freePort()
        process = Process()
        try await start(failFirst: failFirst, refuse: refuse, dieAfter: dieAfter)
    }

    /// (Re)starts the server on the same port and folder; what it received stays.
    public func start(failFirst: Int = 0, refuse: String? = nil, dieAfter: Int = 0) async throws {
        let ready = folder.appendingPathComponent("ready")
        try? FileManager.default.removeItem(at: ready)
        process = Process()
        // The venv's Python straight away when scripts/smtp-test-server --install has made it (as
        // scripts/test does first): the wrapper's check of the package takes a second per server.
        let repository = DocumentChecks.repository
        let python = repository.appendingPathComponent(".build-venv-mail/bin/python")
        var arguments: [String] = []
        if FileManager.default.isExecutableFile(atPath: python.path) {
            process.executableURL = python
            arguments = [repository.appendingPathComponent("scripts/smtp_test_server.py").path]
        } else {
            process.executableURL = repository.appendingPathComponent("scripts/smtp-test-server")
        }
        arguments += ["--port", String(port), "--cert", certificateFile, "--key", keyFile, "--out", folder.path,
                         "--fail-first", String(failFirst), "--die-after", String(dieAfter)]
        if let refuse { arguments += ["--refuse", refuse] }
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // It writes `ready` once it listens (slowly when the whole suite runs at once on two cores).
        for _ in 0..<1200 where !FileManager.default.fileExists(atPath: ready.path) {
            guard process.isRunning else { throw CocoaError(.fileReadUnknown) }
            try await Task.sleep(for: .milliseconds(50))
        }
        guard FileManager.default.fileExists(atPath: ready.path) else { throw CocoaError(.fileReadUnknown) }
    }

    /// Whether the server process is still there (one started with `dieAfter` kills itself).
    public var isRunning: Bool { process.isRunning }

    /// Kills the server (SIGKILL), keeping what it received.
    public func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    public func stop() {
        // SIGKILL: a child of the test runner may inherit a mask that blocks SIGTERM.
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }

    /// The summaries of the messages received so far, oldest first.
    public func received() throws -> [[String: Any]] {
        var messages: [[String: Any]] = []
        for index in 1... {
            let file = folder.appendingPathComponent("\(index).json")
            guard let data = try? Data(contentsOf: file) else { break }
            messages.append(try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:])
        }
        return messages
    }

    public func raw(_ index: Int) throws -> [UInt8] { [UInt8](try Data(contentsOf: folder.appendingPathComponent("\(index).eml"))) }

    public static func freePort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        try await channel.close()
        return port
    }
}

extension SMTPTestServer {
    /// The server settings that send through this test server: STARTTLS, AUTH, its certificate trusted.
    public func serverSettings(publicURL: String? = "https://crm.vendo-test.example", from: String = "ventes@vendo-test.example",
                               fromName: String = "Vendo Test SAS") -> ServerSettings {
        ServerSettings(publicURL: publicURL,
                       smtp: MailSettings(host: "localhost", port: port, security: .starttls, username: "vendo", fromAddress: from,
                                          fromName: fromName),
                       smtpPassword: "secret", smtpTrustedCertificates: certificate, smtpTimeout: .seconds(10))
    }

    /// The message files received so far whose Message-ID is `id`.
    public func received(messageId id: String) throws -> [[String: Any]] {
        try received().filter { $0["message_id"] as? String == id }
    }
}
