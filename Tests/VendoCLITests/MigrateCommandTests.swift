import Foundation
import Testing

@Suite("vendo migrate and demo: naming the database", .serialized)
struct MigrateCommandTests {
    @Test("--data-dir names the folder as for serve; --database names the file; VENDO_DATA_DIR is the default")
    func dataDirectory() throws {
        let data = temporaryPath("migrate")
        defer { try? FileManager.default.removeItem(atPath: data) }
        let first = try runVendo(["migrate", "--data-dir", data])
        #expect(first.status == 0 && first.output.contains("Applied migrations: 1, 2"), "\(first.errors)")
        #expect(FileManager.default.fileExists(atPath: data + "/vendo.sqlite"))
        let again = try runVendo(["migrate", "--database", data + "/vendo.sqlite"])
        #expect(again.status == 0 && again.output.contains("up to date"), "\(again.errors)")
        var environment = ProcessInfo.processInfo.environment
        environment["VENDO_DATA_DIR"] = data
        environment["VENDO_DATABASE_URL"] = nil
        let fromEnvironment = try runVendo(["migrate"], input: Data(), environment: environment)
        #expect(fromEnvironment.status == 0 && fromEnvironment.output.contains("up to date"), "\(fromEnvironment.errors)")

        let both = try runVendo(["migrate", "--data-dir", data, "--database", data + "/other.sqlite"])
        #expect(both.status != 0 && both.errors.contains("not several"))
        #expect(!FileManager.default.fileExists(atPath: data + "/other.sqlite"))
    }

    @Test("vendo demo --data-dir fills a fresh folder's database, and refuses one that has a database")
    func demoDataDirectory() throws {
        let data = temporaryPath("demo-dir")
        defer { try? FileManager.default.removeItem(atPath: data) }
        let demo = try runVendo(["demo", "--data-dir", data])
        #expect(demo.status == 0 && demo.output.contains("Vendo demo on \(data)/vendo.sqlite"), "\(demo.errors)")
        let twice = try runVendo(["demo", "--data-dir", data])
        #expect(twice.status != 0 && twice.errors.contains("already exists"))
    }

    @Test("a database a newer version migrated is refused, saying so")
    func newerDatabase() throws {
        let data = temporaryPath("newer")
        defer { try? FileManager.default.removeItem(atPath: data) }
        #expect(try runVendo(["migrate", "--data-dir", data]).status == 0)
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [data + "/vendo.sqlite", "INSERT INTO schema_migrations VALUES (999, 'from the future', 0)"]
        try sqlite.run()
        sqlite.waitUntilExit()
        #expect(sqlite.terminationStatus == 0)
        let refused = try runVendo(["migrate", "--data-dir", data])
        #expect(refused.status != 0 && refused.errors.contains("newer version of Vendo (schema version 999"), "\(refused.errors)")
    }

    @Test("on PostgreSQL: vendo demo --database-url runs on an empty database only; migrate finds it up to date",
          .enabled(if: TestDatabase.postgresURL != nil))
    func postgres() async throws {
        let url = try #require(TestDatabase().url)
        let demo = try await runVendoAsync(["demo", "--database-url", url])
        #expect(demo.status == 0 && demo.output.contains("Payments"), "\(demo.errors)")
        #expect(!demo.output.contains("password="))
        let twice = try await runVendoAsync(["demo", "--database-url", url])
        #expect(twice.status != 0 && twice.errors.contains("already holds data"))
        let migrate = try await runVendoAsync(["migrate", "--database-url", url])
        #expect(migrate.status == 0 && migrate.output.contains("up to date"), "\(migrate.errors)")
    }
}
