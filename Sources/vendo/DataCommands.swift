import ArgumentParser
import Foundation
import VendoServer
import VendoStore

/// `vendo backup`: a consistent copy of the SQLite database, safe while the server runs.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the SQLite database to a new file, consistently, while the server may be running.",
        discussion: "On PostgreSQL, use pg_dump (see docs/deployment.md).")

    @Option(name: .customLong("data-dir"), help: "Folder of the database (default: VENDO_DATA_DIR, then ./vendo-data).")
    var dataDir: String?
    @Option(name: .long, help: "The backup file to create; it must not exist.")
    var to: String

    func run() async throws {
        let configuration = try sqliteConfiguration(dataDir, otherwise: "back it up with pg_dump")
        guard FileManager.default.fileExists(atPath: configuration.databasePath) else {
            throw ValidationError("no database at \(configuration.databasePath)")
        }
        if FileManager.default.fileExists(atPath: to) { throw ValidationError("\(to) already exists; give a new file") }
        let store = try await Store.open(.file(configuration.databasePath), readers: 0)
        do {
            try await store.backup(to: to)
            await store.close()
        } catch {
            await store.close()
            throw ValidationError("the backup failed: \(error)")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: to)[.size] as? Int) ?? 0
        say("Backed up \(configuration.databasePath) to \(to) (\(size / 1024) KiB).")
    }
}

/// `vendo restore`: puts a backup in place of the SQLite database, keeping the one it replaces.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replace the SQLite database with a backup (stop the server first); the replaced file is kept beside it.",
        discussion: "On PostgreSQL, use pg_restore (see docs/deployment.md).")

    @Option(name: .customLong("data-dir"), help: "Folder of the database (default: VENDO_DATA_DIR, then ./vendo-data).")
    var dataDir: String?
    @Option(name: .long, help: "The backup file made by `vendo backup`.")
    var from: String
    @Flag(help: "Restore even though a server seems to hold the database (only when you know it is gone).")
    var force = false

    func run() async throws {
        let configuration = try sqliteConfiguration(dataDir, otherwise: "restore it with pg_restore")
        guard FileManager.default.fileExists(atPath: from) else { throw ValidationError("no backup at \(from)") }
        let files = FileManager.default
        try PrivateFiles.directory(configuration.dataDirectory)
        let target = configuration.databasePath
        // Held until the end: no server may start on the database while it is swapped.
        let lock: DatabaseLock?
        do {
            lock = try DatabaseLock.exclusive(target)
        } catch let failure as DatabaseLock.Failure {
            guard force else { throw ValidationError("\(failure); stop the server first (or pass --force)") }
            lock = nil
        }
        defer { withExtendedLifetime(lock) {} }
        // Check a copy, so that the backup itself is never touched.
        let staged = target + ".restoring"
        try? files.removeItem(atPath: staged)
        try files.copyItem(atPath: from, toPath: staged)
        try PrivateFiles.restrict(staged)
        do {
            let store = try await Store.open(.file(staged), readers: 0)
            let integrity = try await store.integrityCheck()
            let versions = try await store.appliedMigrations()
            await store.close()
            guard integrity == "ok" else { throw ValidationError("\(from) is damaged: \(integrity)") }
            guard !versions.isEmpty else { throw ValidationError("\(from) is not a Vendo database") }
        } catch let error as ValidationError {
            try? files.removeItem(atPath: staged)
            throw error
        } catch {
            try? files.removeItem(atPath: staged)
            throw ValidationError("\(from) is not a Vendo database: \(error)")
        }
        var kept: String?
        if files.fileExists(atPath: target) {
            let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
            // Two restores within a second must not collide on the name of the file kept.
            var name = target + ".before-restore-" + stamp
            var copy = 1
            while files.fileExists(atPath: name) {
                copy += 1
                name = target + ".before-restore-" + stamp + "-\(copy)"
            }
            kept = name
            try files.moveItem(atPath: target, toPath: name)
        }
        for suffix in ["-wal", "-shm", "-journal"] { try? files.removeItem(atPath: target + suffix) }
        for suffix in ["-wal", "-shm"] { try? files.removeItem(atPath: staged + suffix) }
        try files.moveItem(atPath: staged, toPath: target)
        say("Restored \(from) to \(target)." + (kept.map { " The previous database is kept as \($0)." } ?? ""))
    }
}

/// `vendo migrate-data`: copies an SQLite database into an empty PostgreSQL one and checks it.
struct MigrateDataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate-data",
        abstract: "Copy everything (history included) from an SQLite database into an empty PostgreSQL database, then verify it.",
        discussion: "Stop the server on the SQLite database first: the copy reads it in batches.")

    @Option(name: .long, help: "The SQLite database file.") var from: String
    @Option(name: .long, help: "postgres://user:password@host:5432/database") var to: String

    func run() async throws {
        guard FileManager.default.fileExists(atPath: from) else { throw ValidationError("no database at \(from)") }
        if let problem = PostgresLocation.problem(with: to) { throw ValidationError("--to: \(problem)") }
        let source = try await DatabaseFile.open(from)
        let target: Store
        do {
            target = try await DatabaseFile.open(postgres: to)
        } catch {
            await source.close()
            throw error
        }
        do {
            let report = try await source.copyAll(to: target) { table, rows in
                if rows % 5000 == 0 { say("  \(table): \(rows) rows…") }
            }
            await source.close()
            await target.close()
            say("Copied \(from) to \(PostgresLocation(url: to).redacted):")
            for table in report where table.rows > 0 { say("  \(table.table): \(table.rows) rows, totals verified") }
            say("\(report.reduce(0) { $0 + $1.rows }) rows in \(report.count) tables; counts and totals match.")
        } catch {
            await source.close()
            await target.close()
            throw ValidationError("nothing was copied: \(error)")
        }
    }
}

/// The data directory of a command on the SQLite file, as `vendo serve` resolves it; on
/// PostgreSQL the command points to `advice` instead.
func sqliteConfiguration(_ dataDir: String?, otherwise advice: String) throws -> ServerConfiguration {
    var flags: [String: String] = [:]
    flags["data-dir"] = dataDir
    let configuration: ServerConfiguration
    do {
        configuration = try ServerConfiguration.resolve(flags: flags, environment: ProcessInfo.processInfo.environment)
    } catch let error as ServerConfiguration.Invalid {
        throw ValidationError(error.description)
    }
    if configuration.databaseURL != nil {
        throw ValidationError("the database is PostgreSQL: \(advice) (docs/deployment.md)")
    }
    return configuration
}
