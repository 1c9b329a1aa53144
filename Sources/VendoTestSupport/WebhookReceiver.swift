import Foundation
import Hummingbird
import Logging
import Synchronization

/// A local HTTP server that takes webhook deliveries, for tests: it records each request and
/// answers with the status `answer` gives for the request's number (1-based).
public final class WebhookReceiver: Sendable {
    public struct Received: Sendable {
        public let headers: [String: String]
        public let body: String
    }

    private let received = Mutex<[Received]>([])
    private let task = Mutex<Task<Void, any Error>?>(nil)
    public let port: Int

    public var url: String { "http://127.0.0.1:\(port)/hook" }
    public var requests: [Received] { received.withLock { $0 } }

    private init(port: Int) { self.port = port }

    /// Starts listening on a free port of 127.0.0.1. Each answer comes after `delay` (a slow
    /// receiver), with a `Location` header when `location` is given (a redirect).
    public static func start(delay: Duration = .zero, location: String? = nil,
                             answer: @escaping @Sendable (Int) -> HTTPResponse.Status = { _ in .ok }) async throws -> WebhookReceiver {
        let bound = AsyncStream<Int>.makeStream()
        let box = Mutex<WebhookReceiver?>(nil)
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            var body = ""
            for try await chunk in request.body { body += String(buffer: chunk) }
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let number = box.withLock { receiver in
                receiver?.received.withLock { list in
                    list.append(Received(headers: headers, body: body))
                    return list.count
                } ?? 0
            }
            if delay > .zero { try await Task.sleep(for: delay) }
            var answered = Response(status: answer(number))
            if let location { answered.headers[.location] = location }
            return answered
        }
        // Stopping is a cancellation, which the server would log as errors.
        var logger = Logger(label: "webhook-receiver")
        logger.logLevel = .critical
        let application = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                                      onServerRunning: { channel in
                                          bound.continuation.yield(channel.localAddress?.port ?? 0)
                                          bound.continuation.finish()
                                      }, logger: logger)
        let running = Task { try await application.runService(gracefulShutdownSignals: []) }
        var port = 0
        for await value in bound.stream { port = value }
        let receiver = WebhookReceiver(port: port)
        box.withLock { $0 = receiver }
        receiver.task.withLock { $0 = running }
        return receiver
    }

    public func stop() async {
        let running = task.withLock { $0 }
        running?.cancel()
        _ = await running?.result
    }
}
