import Foundation
import Hummingbird
import VendoServices

/// Writes a request body to a file of the upload spool as it arrives.
enum BodySpool {
    static func write(_ body: RequestBody, to spool: UploadSpool, declaredLength: Int?, limit: Int) async throws -> String {
        if let declaredLength, declaredLength > limit { throw APIError.tooLarge(limit: limit) }
        let path = try spool.newFile()
        guard let handle = FileHandle(forWritingAtPath: path) else {
            try? FileManager.default.removeItem(atPath: path)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        do {
            var written = 0
            for try await chunk in body {
                written += chunk.readableBytes
                if written > limit { throw APIError.tooLarge(limit: limit) }
                try handle.write(contentsOf: chunk.readableBytesView)
            }
            try handle.close()
            return path
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
    }
}
