import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import VendoServer
import VendoServices
import VendoTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// What the server does about clients that take their time, and who may read its metrics.
@Suite("Server: slow clients and metrics")
struct ServerLimitsTests {
    /// Connects to 127.0.0.1:`port`, sends `bytes`, and waits up to 5 s for the server: true
    /// when the server closed the connection without answering.
    static func closedWithoutAnswer(port: Int, sending bytes: String, pause: Duration) async throws -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(socket >= 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        #expect(connected == 0)
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        // The head comes a little at a time, and never ends.
        for byte in bytes.utf8 {
            var value = byte
            _ = send(socket, &value, 1, Int32(MSG_NOSIGNAL))
            try await Task.sleep(for: pause)
        }
        var buffer = [UInt8](repeating: 0, count: 256)
        let received = recv(socket, &buffer, buffer.count, 0)
        return received == 0
    }

    @Test("a client that never finishes its request head is cut off after the idle timeout")
    func slowHead() async throws {
        let world = try await TestWorld.make()
        let app = try await buildApplication(ServerConfiguration(host: "127.0.0.1", port: 0, dataDirectory: "unused", logLevel: .error,
                                                                 idleTimeout: .seconds(1)), services: world.services)
        try await app.application.test(.live) { client in
            // A client that sends its request in time is answered.
            #expect(try await client.execute(uri: "/health/live", method: .get) { $0.status } == .ok)
            let port = try #require(client.port)
            #expect(try await Self.closedWithoutAnswer(port: port, sending: "GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ", pause: .milliseconds(40)))
        }
    }

    @Test("with a metrics token, /metrics answers its bearer only")
    func metricsToken() async throws {
        let world = try await TestWorld.make()
        let token = "metrics-secret-0123456789"
        let app = try await buildApplication(ServerConfiguration(host: "127.0.0.1", port: 0, dataDirectory: "unused", logLevel: .error,
                                                                 metricsToken: token), services: world.services)
        try await app.application.test(.router) { client in
            #expect(try await client.execute(uri: "/metrics", method: .get) { $0.status } == .unauthorized)
            #expect(try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer wrong-token-0123456789"]) {
                $0.status
            } == .unauthorized)
            let body = try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer \(token)"]) {
                ($0.status, String(buffer: $0.body))
            }
            #expect(body.0 == .ok && body.1.contains("vendo_"))
        }
    }

    @Test("the idle timeout and the metrics token are read and checked with the other settings")
    func configuration() throws {
        let configured = try ServerConfiguration.resolve(flags: ["idle-timeout": "12"], environment: ["VENDO_METRICS_TOKEN": "0123456789abcdefgh"])
        #expect(configured.idleTimeout == .seconds(12) && configured.metricsToken == "0123456789abcdefgh")
        let defaults = try ServerConfiguration.resolve(flags: [:], environment: [:])
        #expect(defaults.idleTimeout == .seconds(30) && defaults.metricsToken == nil)
        let error = #expect(throws: ServerConfiguration.Invalid.self) {
            try ServerConfiguration.resolve(flags: ["metrics-token": "short"], environment: ["VENDO_IDLE_TIMEOUT": "0"])
        }
        #expect(error?.problems == ["VENDO_IDLE_TIMEOUT: '0' is not a number of seconds (1 to 3600)",
                                    "--metrics-token: a metrics token has at least 16 characters"])
    }
}
