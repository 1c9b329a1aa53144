import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Files that hold the organisation's data — the database, its backups, uploads and exports —
/// are readable by the server's own user alone, whatever the umask.
public enum PrivateFiles {
    /// Creates `path` empty (or with `contents`) as mode 0600, replacing a file already there.
    public static func create(_ path: String, contents: Data? = nil) throws {
        guard FileManager.default.createFile(atPath: path, contents: contents, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        // createFile keeps the mode of a file it replaces.
        try restrict(path)
    }

    /// Takes every right of group and others away from an existing file.
    public static func restrict(_ path: String) throws {
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }

    /// A folder of the server's own (0700), created when missing, closed to others when not.
    public static func directory(_ path: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: path)
    }
}

/// Who holds an SQLite database file: every server holds a shared lock on `<file>.lock` for as
/// long as it runs, and `vendo restore` needs it exclusive, so it cannot swap the file under a
/// running server. The kernel drops the lock when its process dies, however it dies.
public final class DatabaseLock: Sendable {
    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { close(descriptor) }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case held(String)
        case cannotOpen(String)

        public var description: String {
            switch self {
            case .held(let path): return "\(path) is in use: a server is running on this database, or a restore is under way"
            case .cannotOpen(let path): return "cannot open the lock file \(path)"
            }
        }
    }

    /// A running server's hold on `databasePath`.
    public static func shared(_ databasePath: String) throws -> DatabaseLock { try take(databasePath, LOCK_SH) }

    /// A restore's hold: refused while any server holds the database.
    public static func exclusive(_ databasePath: String) throws -> DatabaseLock { try take(databasePath, LOCK_EX) }

    private static func take(_ databasePath: String, _ mode: Int32) throws -> DatabaseLock {
        let path = databasePath + ".lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Failure.cannotOpen(path) }
        guard flock(descriptor, mode | LOCK_NB) == 0 else {
            close(descriptor)
            throw Failure.held(databasePath)
        }
        return DatabaseLock(descriptor: descriptor)
    }
}
