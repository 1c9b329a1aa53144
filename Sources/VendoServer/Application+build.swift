import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import VendoAPI
import VendoCore
import VendoServices
import VendoStore
import VendoWeb

/// A built server: the application to run, and what it needs closed afterwards.
public struct VendoApplication: Sendable {
    public let application: Application<RouterResponder<VendoRequestContext>>
    public let services: Services
    /// The hold on the SQLite file this server opened itself, for as long as it runs.
    let databaseLock: DatabaseLock?

    /// Runs until SIGTERM or SIGINT; in-flight requests finish first, and the background work
    /// (the webhook sender, housekeeping) stops with the server. Closes the database after.
    public func run() async throws {
        do {
            try await application.runService()
        } catch {
            await services.store.close()
            throw error
        }
        await services.store.close()
    }
}

/// The router of the whole server: the shared middleware (client address, access log, metrics,
/// response headers) around the pages and the API's routes, and what the router does not
/// match answered by `UnmatchedMiddleware`.
func makeRouter(api: APIResponder, web: WebApp, proxies: TrustedProxies, metrics: Metrics) -> Router<VendoRequestContext> {
    let router = Router(context: VendoRequestContext.self, options: .autoGenerateHeadEndpoints)
    router.add(middleware: ClientAddressMiddleware(proxies: proxies))
    router.add(middleware: AccessLogMiddleware())
    router.add(middleware: MetricsMiddleware(metrics: metrics))
    router.add(middleware: ResponseHeadersMiddleware())
    web.register(on: router) { $0.clientAddress }
    api.register(on: router)
    // The same paths again, each answering 405 with the methods it takes.
    let allowed = Router(context: VendoRequestContext.self)
    for (path, methods) in web.pathMethods + api.pathMethods {
        allowed.on(RouterPath(path), method: .get) { _, _ in
            Response(status: .methodNotAllowed, headers: [.allow: methods.joined(separator: ", ")])
        }
    }
    // Added last, it runs only for requests no route took.
    router.add(middleware: UnmatchedMiddleware(api: api, allowed: allowed.buildResponder()))
    return router
}

/// Opens and migrates the database, prepares the organisation, and builds the application
/// (used by `vendo serve` and by the tests).
/// `onListening` runs once the socket accepts connections.
public func buildApplication(_ configuration: ServerConfiguration, store: Store? = nil, services: Services? = nil,
                             onListening: @escaping @Sendable () async -> Void = {}) async throws -> VendoApplication {
    var logger = Logger(label: "vendo")
    logger.logLevel = configuration.logLevel
    let opened = store == nil && services == nil
    // A server that opens the database itself keeps its uploads in its data directory; one
    // handed its services (the tests) in the temporary folder.
    if opened { try PrivateFiles.directory(configuration.dataDirectory) }
    let spool = try UploadSpool.prepare(opened ? configuration.dataDirectory + "/uploads"
                                                 : FileManager.default.temporaryDirectory.appendingPathComponent("vendo-uploads").path)
    let lock = opened && configuration.databaseURL == nil ? try DatabaseLock.shared(configuration.databasePath) : nil
    let services = try await makeServices(configuration, store: store, services: services)
    let metrics = Metrics()
    let routes = API.routes(services, metrics: metrics, secureCookies: configuration.secureCookies, metricsToken: configuration.metricsToken)
    let web = try WebApp(services: services, secureCookies: configuration.secureCookies, spool: spool)
    let router = makeRouter(api: APIResponder(routes: routes, services: services, spool: spool), web: web,
                            proxies: configuration.trustedProxies, metrics: metrics)
    let application = Application(
        responder: router.buildResponder(),
        // A client must send its request head within the idle timeout: slow senders cannot hold
        // connections open for ever.
        server: .http1(configuration: HTTP1Channel.Configuration(idleTimeout: .init(configuration.idleTimeout))),
        configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: "Vendo"),
        // A server handed its services (the tests, which drive the worker themselves) runs none.
        services: opened ? [BackgroundWork { await WebhookWorker(services: services).run() },
                            BackgroundWork { await MailSender(services: services).run() },
                            BackgroundWork { await DailyNotifications(services: services).run() },
                            BackgroundWork { await Housekeeping(services: services).run() }] : [],
        onServerRunning: { _ in await onListening() },
        logger: logger)
    return VendoApplication(application: application, services: services, databaseLock: lock)
}

private func makeServices(_ configuration: ServerConfiguration, store: Store?, services: Services?) async throws -> Services {
    if let services { return services }
    let opened: Store
    if let store {
        opened = store
    } else {
        opened = try await Store.open(configuration.storeLocation)
    }
    try await opened.migrate()
    return Services(store: opened, server: configuration.serverSettings)
}
