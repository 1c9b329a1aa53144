import Foundation
import HTTPTypes
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
    /// Connects to 127.0.0.1:`port`, sends `bytes` one at a time `pause` apart, and waits up to
    /// 5 s for the server: what it answered, and whether it then closed the connection.
    static func exchange(port: Int, sending bytes: String, pause: Duration) async throws -> (answer: String, closed: Bool) {
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
        if pause == .zero {
            _ = bytes.withCString { send(socket, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
        } else {
            for byte in bytes.utf8 {
                var value = byte
                _ = send(socket, &value, 1, Int32(MSG_NOSIGNAL))
                try await Task.sleep(for: pause)
            }
        }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let received = recv(socket, &buffer, buffer.count, 0)
            if received == 0 { return (String(decoding: answer, as: UTF8.self), true) }
            if received < 0 { return (String(decoding: answer, as: UTF8.self), false) }
            answer += buffer.prefix(received)
        }
    }

    @Test("a client that never finishes its request head is cut off after the idle timeout; one that sends it in time is answered")
    func slowHead() async throws {
        let world = try await TestWorld.make()
        // Three seconds, not one: under the whole suite on two cores, the prompt request below
        // once waited more than a second for its answer and was cut off as if it were idle.
        let app = try await buildApplication(ServerConfiguration(host: "127.0.0.1", port: 0, dataDirectory: "unused", logLevel: .error,
                                                                 idleTimeout: .seconds(3)), services: world.services)
        try await app.application.test(.live) { client in
            let port = try #require(client.port)
            let slow = try await Self.exchange(port: port, sending: "GET /health/live HTTP/1.1\r\nHost: x\r\nX-Slow: ", pause: .milliseconds(40))
            #expect(slow.closed && slow.answer.isEmpty)
            let prompt = try await Self.exchange(port: port, sending: "GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                                                 pause: .zero)
            #expect(prompt.answer.hasPrefix("HTTP/1.1 200"), "\(prompt.answer)")
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

    @Test("every answer, page or API, found or not, has a request id of its own and the security headers")
    func sharedHeaders() async throws {
        try await withAPI { api, _ in
            var ids: Set<String> = []
            for path in ["/sign-in", "/api/v1/leads", "/api/v1/nowhere", "/static/app.css", "/health/live"] {
                let reply = try await api.send(.get, path)
                let id = try #require(reply.headers[HTTPField.Name("X-Request-Id")!], "\(path)")
                ids.insert(id)
                #expect(reply.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("frame-ancestors 'none'") == true, "\(path)")
                #expect(reply.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff", "\(path)")
                #expect(reply.headers[HTTPField.Name("X-Frame-Options")!] == "DENY", "\(path)")
            }
            #expect(ids.count == 5)
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
