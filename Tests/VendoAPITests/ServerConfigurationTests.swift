import Testing
import VendoCore
import VendoServer
import VendoStore

@Suite("Server configuration")
struct ServerConfigurationTests {
    @Test("flags beat environment, environment beats defaults")
    func precedence() throws {
        let defaults = try ServerConfiguration.resolve(flags: [:], environment: [:])
        #expect(defaults == ServerConfiguration(host: "127.0.0.1", port: 8080, dataDirectory: "vendo-data", logLevel: .info))
        let configured = try ServerConfiguration.resolve(flags: ["port": "9000"],
                                                         environment: ["VENDO_PORT": "7000", "VENDO_HOST": "0.0.0.0", "VENDO_LOG_LEVEL": "DEBUG"])
        #expect(configured.port == 9000 && configured.host == "0.0.0.0" && configured.logLevel == .debug)
    }

    @Test("every invalid setting is reported at once")
    func allProblems() {
        let error = #expect(throws: ServerConfiguration.Invalid.self) {
            try ServerConfiguration.resolve(flags: ["host": "bad host"], environment: ["VENDO_PORT": "0", "VENDO_LOG_LEVEL": "loud",
                                                                                         "VENDO_DATA_DIR": ""])
        }
        #expect(error?.problems.count == 4)
        #expect(error?.problems.first?.hasPrefix("--host") == true)
        #expect(error?.problems.contains { $0.hasPrefix("VENDO_PORT") } == true)
    }

    @Test("trusted proxies and their header are read and checked with the rest")
    func proxies() throws {
        let configured = try ServerConfiguration.resolve(flags: ["proxy-header": "Forwarded"],
                                                         environment: ["VENDO_TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/8"])
        #expect(configured.trustedProxies == (try TrustedProxies(parsing: "127.0.0.1,10.0.0.0/8", header: .forwarded)))
        #expect(try ServerConfiguration.resolve(flags: [:], environment: [:]).trustedProxies.isEmpty)
        let error = #expect(throws: ServerConfiguration.Invalid.self) {
            try ServerConfiguration.resolve(flags: ["trusted-proxies": "10.0.0.0/8, proxy.internal"], environment: ["VENDO_PROXY_HEADER": "via"])
        }
        #expect(error?.problems == ["VENDO_PROXY_HEADER: 'via' is not x-forwarded-for or forwarded",
                                    "--trusted-proxies: 'proxy.internal' is not an IP address or network (like 10.0.0.0/8 or fd00::/8)"])
    }

    @Test("a PostgreSQL URL and pool size are checked with the rest, and choose the database")
    func database() throws {
        let postgres = try ServerConfiguration.resolve(
            flags: ["database-pool-size": "25"], environment: ["VENDO_DATABASE_URL": "postgres://vendo:s%40cret@db.internal/sales?sslmode=require"])
        #expect(postgres.storeLocation == .postgres(PostgresLocation(url: "postgres://vendo:s%40cret@db.internal/sales?sslmode=require",
                                                                     poolSize: 25)))
        #expect(postgres.databaseDescription == "postgres://vendo:redacted@db.internal/sales?sslmode=require")
        #expect(!postgres.databaseDescription.contains("cret"))
        let sqlite = try ServerConfiguration.resolve(flags: ["data-dir": "/srv/vendo"], environment: [:])
        #expect(sqlite.storeLocation == .file("/srv/vendo/vendo.sqlite"))

        let error = #expect(throws: ServerConfiguration.Invalid.self) {
            try ServerConfiguration.resolve(flags: ["database-url": "mysql://x/y"], environment: ["VENDO_DATABASE_POOL_SIZE": "0"])
        }
        #expect(error?.problems.count == 2)
        #expect(error?.problems.first?.hasPrefix("--database-url") == true)
        for bad in ["postgres://", "postgres://host/db", "postgres://u@host/db?sslmode=sometimes", "postgres://u@host/db?schema=a-b"] {
            #expect(PostgresLocation.problem(with: bad) != nil, "\(bad)")
        }
        #expect(PostgresLocation.problem(with: "postgresql://u@127.0.0.1:5433/db?schema=vendo_eu") == nil)
    }
}
