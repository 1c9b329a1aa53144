import Foundation
import NIOCore
import NIOPosix
import VendoTestSupport

/// scripts/smtp-test-server (aiosmtpd) on a free loopback port, with a certificate made for
/// the test; the messages it accepted are read back as the JSON summaries it writes.
final class SMTPTestServer: @unchecked Sendable {
    let port: Int
    let folder: URL
    let certificate: String
    private let process: Process

    init(failFirst: Int = 0, refuse: String? = nil) async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("vendo-smtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let cert = folder.appendingPathComponent("cert.pem").path, key = folder.appendingPathComponent("key.pem").path
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
                             "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"]
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        certificate = try String(contentsOfFile: cert, encoding: .utf8)
        port = try await Self.freePort()
        process = Process()
        process.executableURL = DocumentChecks.repository.appendingPathComponent("scripts/smtp-test-server")
        var arguments = ["--port", String(port), "--cert", cert, "--key", key, "--out", folder.path, "--fail-first", String(failFirst)]
        if let refuse { arguments += ["--refuse", refuse] }
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // It writes `ready` once it listens.
        let ready = folder.appendingPathComponent("ready")
        for _ in 0..<300 where !FileManager.default.fileExists(atPath: ready.path) {
            guard process.isRunning else { throw CocoaError(.fileReadUnknown) }
            try await Task.sleep(for: .milliseconds(50))
        }
        guard FileManager.default.fileExists(atPath: ready.path) else { throw CocoaError(.fileReadUnknown) }
    }

    func stop() {
        // SIGKILL: a child of the test runner may inherit a mask that blocks SIGTERM.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }

    /// The summaries of the messages received so far, oldest first.
    func received() throws -> [[String: Any]] {
        var messages: [[String: Any]] = []
        for index in 1... {
            let file = folder.appendingPathComponent("\(index).json")
            guard let data = try? Data(contentsOf: file) else { break }
            messages.append(try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:])
        }
        return messages
    }

    func raw(_ index: Int) throws -> [UInt8] { [UInt8](try Data(contentsOf: folder.appendingPathComponent("\(index).eml"))) }

    static func freePort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        try await channel.close()
        return port
    }
}
