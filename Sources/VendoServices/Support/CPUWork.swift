import Foundation
import NIOPosix

/// Work that keeps a core busy for long (bcrypt, parsing a large import) runs on threads of its
/// own rather than on Swift's cooperative pool, which serves every request: with two cores, two
/// bcrypt hashes there would stall the whole server. At most one such job per core runs at once;
/// the others queue here. The pool is not NIOThreadPool.singleton, which SQLite's driver uses for
/// its blocking calls, so that a burst of sign-ins never delays the database.
public enum CPUWork {
    static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: max(1, ProcessInfo.processInfo.activeProcessorCount))
        pool.start()
        return pool
    }()

    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.runIfActive(body)
    }
}
