import ArgumentParser
import Foundation
import VendoServer
import VendoCore
import VendoServices
import VendoStore

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Vendo server (web pages and REST API) on the embedded SQLite database, or on PostgreSQL.",
        discussion: """
            Settings come from these flags, then VENDO_HOST, VENDO_PORT, VENDO_DATA_DIR, VENDO_LOG_LEVEL, VENDO_SECURE_COOKIES, \
            VENDO_DATABASE_URL, VENDO_DATABASE_POOL_SIZE, VENDO_TRUSTED_PROXIES, VENDO_PROXY_HEADER, VENDO_IDLE_TIMEOUT and \
            VENDO_METRICS_TOKEN, then defaults.
            """)

    @Option(help: "Address to listen on (default 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on (default 8080).") var port: String?
    @Option(name: .customLong("data-dir"), help: "Folder of the database (default ./vendo-data).") var dataDir: String?
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (default info).")
    var logLevel: String?
    @Option(name: .customLong("secure-cookies"), help: "true behind HTTPS: session cookies are then marked Secure (default false).")
    var secureCookies: String?
    @Option(name: .customLong("database-url"),
            help: "postgres://user:password@host:5432/database[?sslmode=disable|prefer|require]: PostgreSQL instead of SQLite.")
    var databaseURL: String?
    @Option(name: .customLong("database-pool-size"), help: "Most PostgreSQL connections this server opens (default 10).")
    var databasePoolSize: String?
    @Option(name: .customLong("trusted-proxies"),
            help: "Addresses or networks of the reverse proxies in front (127.0.0.1,10.0.0.0/8): their X-Forwarded-For names the client.")
    var trustedProxies: String?
    @Option(name: .customLong("proxy-header"), help: "x-forwarded-for (default) or forwarded: the header those proxies write.")
    var proxyHeader: String?
    @Option(name: .customLong("idle-timeout"), help: "Seconds a connection may wait for its request head, or idle between requests (default 30).")
    var idleTimeout: String?
    @Option(name: .customLong("metrics-token"), help: "When set, /metrics answers only 'Authorization: Bearer <token>' (16 characters or more).")
    var metricsToken: String?
    @Option(name: .customLong("public-url"),
            help: "The address customers and browsers reach Vendo at (https://crm.example.com): links in messages, the web-to-lead snippet.")
    var publicURL: String?
    @Flag(help: "On an empty database, first fill in a demo company (catalog, users, leads, opportunities, quotes, invoices).")
    var demo = false

    func run() async throws {
        var flags: [String: String] = [:]
        flags["host"] = host
        flags["port"] = port
        flags["data-dir"] = dataDir
        flags["log-level"] = logLevel
        flags["secure-cookies"] = secureCookies
        flags["database-url"] = databaseURL
        flags["database-pool-size"] = databasePoolSize
        flags["trusted-proxies"] = trustedProxies
        flags["proxy-header"] = proxyHeader
        flags["idle-timeout"] = idleTimeout
        flags["metrics-token"] = metricsToken
        flags["public-url"] = publicURL
        let configuration: ServerConfiguration
        do {
            configuration = try ServerConfiguration.resolve(flags: flags, environment: ProcessInfo.processInfo.environment)
        } catch let error as ServerConfiguration.Invalid {
            throw ValidationError(error.description)
        }
        let app: VendoApplication
        let listening = "Vendo listening on http://\(configuration.host):\(configuration.port) (database \(configuration.databaseDescription))"
        do {
            app = try await buildApplication(configuration) { say(listening) }
        } catch let error as StoreError {
            throw ValidationError(error.description)
        } catch {
            throw ValidationError("cannot open the database \(configuration.databaseDescription): \(error)")
        }
        let first: (user: User, password: String, token: IssuedToken)?
        do {
            first = try await app.services.bootstrapAdmin()
        } catch {
            await app.services.store.close()
            throw ValidationError("cannot prepare the database: \(error)")
        }
        if let first {
            say("""
                First start: created the administrator \(first.user.email).
                  password (shown once): \(first.password)
                  API token (shown once): \(first.token.secret)
                Keep them now; they are stored only as hashes.
                """)
        }
        if demo {
            do {
                try await seedDemo(app.services)
            } catch {
                await app.services.store.close()
                throw ValidationError("cannot fill in the demo company: \(error)")
            }
        }
        do {
            try await app.run()
        } catch {
            let reason = String(describing: error)
            if reason.contains("Address already in use") {
                throw ValidationError("cannot listen on \(configuration.host):\(configuration.port): the port is in use by another program")
            }
            throw ValidationError("the server stopped: \(reason)")
        }
    }
}

/// Fills an empty database with the demo company; a database that already has leads is left alone.
func seedDemo(_ services: Services) async throws {
    guard try await services.list(Lead.self, ListQuery(limit: 1), by: .system).items.isEmpty else {
        say("--demo: the database already has leads; nothing was added.")
        return
    }
    guard let admin = try await services.list(User.self, ListQuery(limit: 200), by: .system).items.first(where: { $0.role == .admin }) else { return }
    say("Filling in the demo company…")
    let users = try await DemoCompany(services: services).seed(admin: Caller(admin.id))
    say("Demo company ready. Sign in as one of these, with the password \(DemoCompany.password):")
    for user in users { say("  \(user)") }
}

/// Writes a line to standard output at once, even when it is a pipe or a file.
func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
