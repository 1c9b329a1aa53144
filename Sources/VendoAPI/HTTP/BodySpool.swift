import Foundation
import Hummingbird

/// Writes a request body to a temporary file as it arrives.
enum BodySpool {
    static func write(_ body: RequestBody, declaredLength: Int?, limit: Int) async throws -> String {
        if let declaredLength, declaredLength > limit { throw APIError.tooLarge(limit: limit) }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vendo-upload-\(UUID().uuidString)").path
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
              let handle = FileHandle(forWritingAtPath: path) else {
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
