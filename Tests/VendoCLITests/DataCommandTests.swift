import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `runVendo` on a thread of its own, so that waiting for the command holds no shared thread.
func runVendoAsync(_ arguments: [String]) async throws -> (status: Int32, output: String, errors: String) {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(with: Result { try runVendo(arguments) })
        }
    }
}

@Suite("vendo backup, restore and migrate-data", .serialized)
struct DataCommandTests {
    @Test("a backup taken while the server writes restores into a database that starts and holds the data", .timeLimit(.minutes(2)))
    func backupAndRestore() async throws {
        let data = temporaryPath("data"), restored = temporaryPath("restored"), file = temporaryPath("backup.sqlite")
        defer { for path in [data, restored, file] { try? FileManager.default.removeItem(atPath: path) } }
        let server = try RunningServer(dataDirectory: data)
        try await server.waitUntilListening()
        let api = HTTPClient(base: "http://127.0.0.1:\(server.port)/api/v1", token: try #require(server.token))
        var before: [String] = []
        for index in 0..<20 {
            before.append(try await api.post("/leads", #"{"topic":"before \#(index)","lastName":"B"}"#).string("id") ?? "")
        }
        // Writes go on while the copy is taken.
        async let writing: [Int] = withTaskGroup(of: Int.self) { group in
            for index in 0..<20 {
                group.addTask { (try? await api.post("/leads", #"{"topic":"during \#(index)","lastName":"D"}"#).status) ?? 0 }
            }
            return await group.reduce(into: [Int]()) { $0.append($1) }
        }
        let backup = try await runVendoAsync(["backup", "--data-dir", data, "--to", file])
        #expect(backup.status == 0 && backup.output.contains("Backed up"), "\(backup.errors)")
        #expect(await writing.allSatisfy { $0 == 201 })
        let again = try await runVendoAsync(["backup", "--data-dir", data, "--to", file])
        #expect(again.status != 0 && again.errors.contains("already exists"))
        #expect(server.stop() == 0)

        let restore = try await runVendoAsync(["restore", "--data-dir", restored, "--from", file])
        #expect(restore.status == 0, "\(restore.errors)")
        let copy = try RunningServer(dataDirectory: restored)
        try await copy.waitUntilListening()
        defer { _ = copy.stop() }
        #expect(!copy.printed.contains("password"), "the restored database has its administrator")
        let restoredAPI = HTTPClient(base: "http://127.0.0.1:\(copy.port)/api/v1", token: api.token)
        for id in before { #expect(try await restoredAPI.get("/leads/\(id)").status == 200) }

        // Restoring over an existing database keeps the replaced file.
        let over = try await runVendoAsync(["restore", "--data-dir", data, "--from", file])
        #expect(over.status == 0 && over.output.contains("previous database is kept"))
        let kept = try FileManager.default.contentsOfDirectory(atPath: data).filter { $0.contains("before-restore") }
        #expect(kept.count == 1)
    }

    @Test("restore refuses while a server holds the database, unless forced; files are the server's alone; a crash's uploads go",
          .timeLimit(.minutes(2)))
    func restoreWhileRunningAndFileModes() async throws {
        let data = temporaryPath("data"), file = temporaryPath("backup.sqlite"), export = temporaryPath("leads.csv")
        defer { for path in [data, file, export] { try? FileManager.default.removeItem(atPath: path) } }
        // What a server that died mid-upload left, and what a live process (init) is writing.
        try FileManager.default.createDirectory(atPath: data + "/uploads", withIntermediateDirectories: true)
        for name in ["upload-999999-left", "upload-1-live"] {
            try Data("x".utf8).write(to: URL(fileURLWithPath: data + "/uploads/" + name))
        }
        let server = try RunningServer(dataDirectory: data)
        try await server.waitUntilListening()
        #expect(try FileManager.default.contentsOfDirectory(atPath: data + "/uploads") == ["upload-1-live"])
        let api = HTTPClient(base: "http://127.0.0.1:\(server.port)/api/v1", token: try #require(server.token))
        #expect(try await api.post("/leads", #"{"topic":"kept","lastName":"K"}"#).status == 201)
        let backup = try await runVendoAsync(["backup", "--data-dir", data, "--to", file])
        #expect(backup.status == 0)
        let exported = try await runVendoAsync(["export", "leads", "--data-dir", data, "--as", "admin@vendo.local", "--output", export])
        #expect(exported.status == 0, "\(exported.errors)")
        func mode(_ path: String) throws -> Int { try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) }
        for path in [data + "/vendo.sqlite", data + "/vendo.sqlite-wal", file, export] { #expect(try mode(path) == 0o600, "\(path)") }
        for path in [data, data + "/uploads"] { #expect(try mode(path) == 0o700, "\(path)") }
        let refused = try await runVendoAsync(["restore", "--data-dir", data, "--from", file])
        #expect(refused.status != 0 && refused.errors.contains("a server is running on this database"), "\(refused.errors)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: data).filter { $0.contains("before-restore") }.isEmpty)
        #expect(try await api.get("/leads").status == 200)
        let forced = try await runVendoAsync(["restore", "--data-dir", data, "--from", file, "--force"])
        #expect(forced.status == 0, "\(forced.errors)")
        #expect(server.stop() == 0)
        let restored = try await runVendoAsync(["restore", "--data-dir", data, "--from", file])
        #expect(restored.status == 0, "\(restored.errors)")
        #expect(try mode(data + "/vendo.sqlite") == 0o600)
    }

    @Test("restore refuses what is not a Vendo backup, and leaves the database alone")
    func restoreRefuses() async throws {
        let data = temporaryPath("data"), junk = temporaryPath("junk.sqlite")
        defer { for path in [data, junk] { try? FileManager.default.removeItem(atPath: path) } }
        try Data("not a database at all".utf8).write(to: URL(fileURLWithPath: junk))
        let refused = try await runVendoAsync(["restore", "--data-dir", data, "--from", junk])
        #expect(refused.status != 0 && refused.errors.contains("not a Vendo database"), "\(refused.status): \(refused.errors)")
        #expect(!FileManager.default.fileExists(atPath: data + "/vendo.sqlite"))
        let missing = try await runVendoAsync(["restore", "--data-dir", data, "--from", junk + ".nope"])
        #expect(missing.status != 0 && missing.errors.contains("no backup"))
    }

    @Test("migrate-data moves the demo company to PostgreSQL with identical reports, once",
          .enabled(if: TestDatabase.postgresURL != nil), .timeLimit(.minutes(2)))
    func migrateToPostgres() async throws {
        let data = temporaryPath("demo")
        defer { try? FileManager.default.removeItem(atPath: data) }
        let target = try #require(TestDatabase().url)
        #expect(try await runVendoAsync(["demo", "--database", data + "/vendo.sqlite"]).status == 0)
        let moved = try await runVendoAsync(["migrate-data", "--from", data + "/vendo.sqlite", "--to", target])
        #expect(moved.status == 0 && moved.output.contains("counts and totals match"), "\(moved.errors)")
        let twice = try await runVendoAsync(["migrate-data", "--from", data + "/vendo.sqlite", "--to", target])
        #expect(twice.status != 0 && twice.errors.contains("already holds data"))

        func token(_ location: [String]) async throws -> String {
            let issued = try await runVendoAsync(["user", "token", "--email", "admin@vendo.demo"] + location)
            return try #require(issued.output.split(separator: " ").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })
        }
        let sqliteServer = try RunningServer(dataDirectory: data)
        let postgresServer = try RunningServer(dataDirectory: temporaryPath("unused"), databaseURL: target)
        try await sqliteServer.waitUntilListening()
        try await postgresServer.waitUntilListening()
        defer { _ = sqliteServer.stop(); _ = postgresServer.stop() }
        let sqlite = HTTPClient(base: "http://127.0.0.1:\(sqliteServer.port)/api/v1", token: try await token(["--data-dir", data]))
        let postgres = HTTPClient(base: "http://127.0.0.1:\(postgresServer.port)/api/v1",
                                  token: try await token(["--database-url", target]))
        for path in ["/reports/pipeline", "/reports/forecast?from=2020-01-01&to=2030-12-31", "/reports/win-rate",
                     "/reports/revenue", "/reports/lead-sources", "/invoices?limit=200", "/opportunities?limit=200"] {
            let here = try await sqlite.get(path), there = try await postgres.get(path)
            #expect(here.status == 200 && there.status == 200)
            #expect(NSDictionary(dictionary: here.json).isEqual(to: there.json), "\(path) differs")
        }
    }
}
