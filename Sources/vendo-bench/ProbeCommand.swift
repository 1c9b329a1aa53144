import ArgumentParser
import Foundation
import HummingbirdTesting

/// Waits for a starting server's first `/health` 200 and tells how long it took since the
/// moment the script launched it.
struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "wait-health", abstract: "Time from a server's launch to its first /health 200.")

    @Option var host = "127.0.0.1"
    @Option var port: Int
    @Option(name: .customLong("launched-at-ns"), help: "The launch time, in nanoseconds since 1970 (date +%s%N).") var launchedAt: Int64
    @Option(help: "Seconds to wait before giving up.") var timeout: Double = 60

    func run() async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let client = TestClient(host: host, port: port, configuration: .init(timeout: .seconds(5)))
            client.connect()
            let status = try? await client.get("/health").status.code
            try? await client.shutdown()
            if status == 200 {
                let now = Int64((Date().timeIntervalSince1970 * 1e9).rounded())
                try emit(["startup_ms": Double(now - launchedAt) / 1e6])
                return
            }
            try await Task.sleep(for: .milliseconds(2))
        }
        throw ValidationError("no /health 200 on \(host):\(port) within \(timeout) s")
    }
}
