import Testing
import VendoServer

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
}
