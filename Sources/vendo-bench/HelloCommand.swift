import ArgumentParser
import Hummingbird
import Logging

/// The framework's ceiling for scripts/bench: a bare Hummingbird 2 route answering a constant
/// JSON body, with no middleware, built with the same toolchain and loaded by the same `wrk`.
struct HelloCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hello", abstract: "Serve GET /hello with a constant JSON body on a bare Hummingbird router, until stopped.")

    @Option(help: "The loopback port to listen on.") var port: Int

    func run() async throws {
        let router = Router()
        let body = ByteBuffer(string: #"{"status":"ok"}"#)
        router.get("/hello") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: body))
        }
        var logger = Logger(label: "vendo-bench-hello")
        logger.logLevel = .info
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), logger: logger)
        try await app.runService()
    }
}
