import Foundation
import VendoStore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where uploaded files wait while a request reads them: a folder of the data directory
/// (`uploads/`, mode 0700), each file 0600 and named after the process that wrote it, so that
/// what a crashed server left behind is removed when a server starts again, and what a live
/// server sharing the folder is writing is not.
public struct UploadSpool: Sendable {
    public let directory: String

    /// Prepares `directory` and removes the files of processes that are no longer running.
    public static func prepare(_ directory: String) throws -> UploadSpool {
        try PrivateFiles.directory(directory)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names where name.hasPrefix("upload-") {
            // This process's own files (another application built in it) and a live process's stay.
            if let pid = Int32(name.dropFirst("upload-".count).prefix { $0 != "-" }), pid == getpid() || kill(pid, 0) == 0 || errno == EPERM {
                continue
            }
            try? FileManager.default.removeItem(atPath: (directory as NSString).appendingPathComponent(name))
        }
        return UploadSpool(directory: directory)
    }

    /// A new file of the spool, readable by this user only, empty or with `contents`.
    public func newFile(suffix: String = "", contents: Data? = nil) throws -> String {
        let path = (directory as NSString).appendingPathComponent("upload-\(getpid())-\(UUID().uuidString)\(suffix)")
        try PrivateFiles.create(path, contents: contents)
        return path
    }
}
