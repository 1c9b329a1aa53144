import ServiceLifecycle

/// Work a server does besides answering requests (the webhook sender, housekeeping), run as a
/// service of the application: it starts with the server and is cancelled when the server
/// shuts down gracefully.
struct BackgroundWork: Service {
    let body: @Sendable () async -> Void

    func run() async throws {
        await cancelWhenGracefulShutdown { await body() }
    }
}
