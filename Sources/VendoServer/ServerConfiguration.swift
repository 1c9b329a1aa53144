import Foundation
import Logging
import VendoCore
import VendoServices
import VendoStore

/// Settings of `vendo serve`, read once: flags, then `VENDO_*` environment variables, then
/// defaults. Every invalid setting is reported together.
public struct ServerConfiguration: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var dataDirectory: String
    public var logLevel: Logger.Level
    /// Session cookies marked Secure: set when clients reach Vendo over HTTPS (behind a TLS proxy).
    public var secureCookies: Bool
    /// `postgres://…`: PostgreSQL instead of the SQLite file in the data directory.
    public var databaseURL: String?
    /// Connections to PostgreSQL this server may open at most.
    public var databasePoolSize: Int
    /// The reverse proxies whose X-Forwarded-For (or Forwarded) names the client; none by default.
    public var trustedProxies: TrustedProxies
    /// A connection that sends no complete request head for this long is closed (slow clients
    /// holding connections open), as is one left idle between requests.
    public var idleTimeout: Duration
    /// When set, `/metrics` answers only `Authorization: Bearer <token>`.
    public var metricsToken: String?
    /// The public address and the mail server set by flags and the environment.
    public var serverSettings: ServerSettings = ServerSettings()

    public init(host: String = "127.0.0.1", port: Int = 8080, dataDirectory: String = "vendo-data", logLevel: Logger.Level = .info,
                secureCookies: Bool = false, databaseURL: String? = nil, databasePoolSize: Int = 10, trustedProxies: TrustedProxies = .none,
                idleTimeout: Duration = .seconds(30), metricsToken: String? = nil) {
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.logLevel = logLevel
        self.secureCookies = secureCookies
        self.databaseURL = databaseURL
        self.databasePoolSize = databasePoolSize
        self.trustedProxies = trustedProxies
        self.idleTimeout = idleTimeout
        self.metricsToken = metricsToken
    }

    public var databasePath: String { URL(fileURLWithPath: dataDirectory).appendingPathComponent("vendo.sqlite").path }

    /// The database this configuration points at.
    public var storeLocation: StoreLocation {
        if let databaseURL { return .postgres(PostgresLocation(url: databaseURL, poolSize: databasePoolSize)) }
        return .file(databasePath)
    }

    /// The database for people to read: the SQLite path, or the PostgreSQL URL without its password.
    public var databaseDescription: String {
        if let databaseURL { return PostgresLocation(url: databaseURL).redacted }
        return databasePath
    }

    public struct Invalid: Error, CustomStringConvertible, Equatable {
        public var problems: [String]
        public var description: String { "invalid configuration:\n" + problems.map { "  - \($0)" }.joined(separator: "\n") }
    }

    /// - Parameters:
    ///   - flags: values given on the command line, by setting name (`host`, `port`, `data-dir`, `log-level`,
    ///     `secure-cookies`, `database-url`, `database-pool-size`, `trusted-proxies`, `proxy-header`, `idle-timeout`,
    ///     `metrics-token`, `public-url`).
    ///   - environment: the process environment.
    public static func resolve(flags: [String: String], environment: [String: String]) throws -> ServerConfiguration {
        func value(_ name: String, _ variable: String, _ fallback: String) -> (String, String) {
            if let flag = flags[name] { return (flag, "--\(name)") }
            if let env = environment[variable] { return (env, variable) }
            return (fallback, "default")
        }
        var problems: [String] = []
        let (host, hostSource) = value("host", "VENDO_HOST", "127.0.0.1")
        if host.isEmpty || host.contains(" ") || host.contains("/") { problems.append("\(hostSource): '\(host)' is not a host name or address") }
        let (portText, portSource) = value("port", "VENDO_PORT", "8080")
        let port = Int(portText) ?? -1
        if !(1...65535).contains(port) { problems.append("\(portSource): '\(portText)' is not a port (1 to 65535)") }
        let (directory, directorySource) = value("data-dir", "VENDO_DATA_DIR", "vendo-data")
        if directory.isEmpty { problems.append("\(directorySource): the data directory is empty") }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), !isDirectory.boolValue {
            problems.append("\(directorySource): '\(directory)' is a file, not a directory")
        }
        let (levelText, levelSource) = value("log-level", "VENDO_LOG_LEVEL", "info")
        let level = Logger.Level(rawValue: levelText.lowercased())
        if level == nil {
            problems.append("\(levelSource): '\(levelText)' is not a log level (trace, debug, info, notice, warning, error, critical)")
        }
        let (secureText, secureSource) = value("secure-cookies", "VENDO_SECURE_COOKIES", "false")
        let secure = ["true", "1", "yes"].contains(secureText.lowercased())
        if !secure && !["false", "0", "no"].contains(secureText.lowercased()) {
            problems.append("\(secureSource): '\(secureText)' is not true or false")
        }
        var databaseURL: String?
        if let url = flags["database-url"] ?? environment["VENDO_DATABASE_URL"], !url.isEmpty {
            let source = flags["database-url"] != nil ? "--database-url" : "VENDO_DATABASE_URL"
            if let problem = PostgresLocation.problem(with: url) { problems.append("\(source): \(problem)") }
            databaseURL = url
        }
        let (poolText, poolSource) = value("database-pool-size", "VENDO_DATABASE_POOL_SIZE", "10")
        let poolSize = Int(poolText) ?? -1
        if !(1...500).contains(poolSize) { problems.append("\(poolSource): '\(poolText)' is not a pool size (1 to 500)") }
        let (headerText, headerSource) = value("proxy-header", "VENDO_PROXY_HEADER", "x-forwarded-for")
        let header = TrustedProxies.Header(rawValue: headerText.lowercased())
        if header == nil { problems.append("\(headerSource): '\(headerText)' is not x-forwarded-for or forwarded") }
        let (proxiesText, proxiesSource) = value("trusted-proxies", "VENDO_TRUSTED_PROXIES", "")
        var proxies = TrustedProxies.none
        do {
            proxies = try TrustedProxies(parsing: proxiesText, header: header ?? .xForwardedFor)
        } catch {
            problems.append("\(proxiesSource): \(error)")
        }
        let (idleText, idleSource) = value("idle-timeout", "VENDO_IDLE_TIMEOUT", "30")
        let idle = Int(idleText) ?? -1
        if !(1...3600).contains(idle) { problems.append("\(idleSource): '\(idleText)' is not a number of seconds (1 to 3600)") }
        let token = flags["metrics-token"] ?? environment["VENDO_METRICS_TOKEN"]
        if let token, !token.isEmpty, token.count < 16 {
            problems.append("\(flags["metrics-token"] != nil ? "--metrics-token" : "VENDO_METRICS_TOKEN"): a metrics token has at least 16 characters")
        }
        var server = ServerSettings()
        if let url = flags["public-url"] ?? environment["VENDO_PUBLIC_URL"], !url.isEmpty {
            let source = flags["public-url"] != nil ? "--public-url" : "VENDO_PUBLIC_URL"
            if let problem = OrganisationSettings.problem(withPublicURL: url) { problems.append("\(source): \(problem)") }
            server.publicURL = OrganisationSettings.normalizedPublicURL(url)
        }
        let (smtp, password, certificates, smtpProblems) = ServerSettings.smtp(from: environment)
        problems += smtpProblems
        server.smtp = smtp
        server.smtpPassword = password
        server.smtpTrustedCertificates = certificates
        if !problems.isEmpty { throw Invalid(problems: problems) }
        var configuration = ServerConfiguration(host: host, port: port, dataDirectory: directory, logLevel: level ?? .info, secureCookies: secure,
                                   databaseURL: databaseURL, databasePoolSize: poolSize, trustedProxies: proxies,
                                   idleTimeout: .seconds(idle), metricsToken: token?.isEmpty == false ? token : nil)
        configuration.serverSettings = server
        return configuration
    }
}
