import ArgumentParser
import Foundation
import VendoStore

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Create or upgrade the database schema.")

    @Option(name: .long, help: "The SQLite database file (created if missing).")
    var database: String = "vendo-data/vendo.sqlite"
    @Option(name: .customLong("database-url"), help: "A PostgreSQL database instead (default: VENDO_DATABASE_URL).")
    var databaseURL: String?

    func run() async throws {
        let store: Store
        if let url = databaseURL ?? ProcessInfo.processInfo.environment["VENDO_DATABASE_URL"], !url.isEmpty {
            store = try await DatabaseFile.open(postgres: url)
        } else {
            try DatabaseFile.prepareDirectory(for: database)
            store = try await DatabaseFile.open(database)
        }
        do {
            let applied = try await store.migrate()
            print(applied.isEmpty ? "The database is up to date." : "Applied migrations: \(applied.map(String.init).joined(separator: ", ")).")
            await store.close()
        } catch {
            await store.close()
            throw error
        }
    }
}

/// Opening a database file with errors a person can act on.
enum DatabaseFile {
    static func prepareDirectory(for path: String) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw ValidationError("cannot create the folder \(directory.path) for the database: \(error.localizedDescription)")
        }
        if !FileManager.default.isWritableFile(atPath: directory.path) {
            throw ValidationError("the folder \(directory.path) is not writable")
        }
    }

    static func open(postgres url: String) async throws -> Store {
        if let problem = PostgresLocation.problem(with: url) { throw ValidationError("--database-url: \(problem)") }
        do {
            return try await Store.open(.postgres(PostgresLocation(url: url, poolSize: 2)))
        } catch let error as StoreError {
            throw ValidationError(error.description)
        } catch {
            throw ValidationError("cannot open the database \(PostgresLocation(url: url).redacted): \(error)")
        }
    }

    static func open(_ path: String) async throws -> Store {
        do {
            return try await Store.open(.file(path))
        } catch {
            throw ValidationError("cannot open the database \(path): \(error)")
        }
    }
}
