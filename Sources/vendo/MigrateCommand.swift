import ArgumentParser
import Foundation
import VendoServer
import VendoStore

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Create or upgrade the database schema.")

    @OptionGroup var location: DatabaseOptions

    func run() async throws {
        let store = try await location.open(try location.target(default: .configured))
        do {
            let applied = try await store.migrate()
            print(applied.isEmpty ? "The database is up to date." : "Applied migrations: \(applied.map(String.init).joined(separator: ", ")).")
            await store.close()
        } catch {
            await store.close()
            if let error = error as? StoreError { throw ValidationError(error.description) }
            throw error
        }
    }
}

/// Where the database is, named as `vendo serve` names it: `--data-dir` (its SQLite file) or
/// `--database-url` (PostgreSQL), then VENDO_DATA_DIR and VENDO_DATABASE_URL. `--database FILE`
/// names the SQLite file itself, as earlier versions did.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Folder of the SQLite database (default: VENDO_DATA_DIR, then ./vendo-data).")
    var dataDir: String?
    @Option(name: .customLong("database-url"), help: "A PostgreSQL database instead (default: VENDO_DATABASE_URL).")
    var databaseURL: String?
    @Option(name: .long, help: "The SQLite file itself, instead of --data-dir.")
    var database: String?

    enum Target: Equatable {
        case file(String)
        case postgres(String)
    }

    /// Without any option: the configured database (flags, then environment, then ./vendo-data),
    /// or a new file in the temporary folder (the demo's).
    enum Default {
        case configured
        case temporary
    }

    func validate() throws {
        let given = [dataDir.map { _ in "--data-dir" }, databaseURL.map { _ in "--database-url" }, database.map { _ in "--database" }]
            .compactMap { $0 }
        if given.count > 1 { throw ValidationError("give one of \(given.joined(separator: ", ")), not several") }
    }

    func target(default fallback: Default) throws -> Target {
        if let database { return .file(database) }
        if fallback == .temporary && dataDir == nil && databaseURL == nil {
            return .file(FileManager.default.temporaryDirectory.appendingPathComponent("vendo-demo-\(UUID().uuidString.prefix(8)).sqlite").path)
        }
        var flags: [String: String] = [:]
        flags["data-dir"] = dataDir
        flags["database-url"] = databaseURL
        var environment = ProcessInfo.processInfo.environment
        // An option given on the command line wins over the other engine's variable.
        if dataDir != nil { environment["VENDO_DATABASE_URL"] = nil }
        do {
            let configuration = try ServerConfiguration.resolve(flags: flags, environment: environment)
            if let url = configuration.databaseURL { return .postgres(url) }
            return .file(configuration.databasePath)
        } catch let error as ServerConfiguration.Invalid {
            throw ValidationError(error.description)
        }
    }

    /// Opens the database, creating the SQLite file's folder when needed.
    func open(_ target: Target) async throws -> Store {
        switch target {
        case .postgres(let url):
            return try await DatabaseFile.open(postgres: url)
        case .file(let path):
            try DatabaseFile.prepareDirectory(for: path)
            return try await DatabaseFile.open(path)
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
