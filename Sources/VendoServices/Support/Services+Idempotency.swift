import Foundation
import VendoCore
import VendoStore

/// A response as the API sends it, kept for a repeated `Idempotency-Key`.
public struct RecordedResponse: Sendable, Equatable {
    public var status: Int
    public var headers: [String: String]
    public var body: String?

    public init(status: Int, headers: [String: String], body: String?) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

extension Services {
    /// Runs `action` once per (user, key). A repeat gets the first response back and does
    /// nothing; a repeat while the first is still running is refused; a key reused for another
    /// request is refused. An action that fails frees its key for a retry.
    public func idempotent(key: String, caller: Caller, method: String, path: String,
                           _ action: () async throws -> RecordedResponse) async throws -> RecordedResponse {
        guard !key.isEmpty, key.count <= 200 else {
            throw ServiceError.invalid("Idempotency-Key", "invalid", "an Idempotency-Key has 1 to 200 characters")
        }
        let previous = try await write(as: caller) { tx in
            try await tx.reserveIdempotencyKey(key, user: caller.userId, method: method, path: path, at: clock.now())
        }
        if let previous {
            guard previous.method == method, previous.path == path else {
                throw ServiceError.conflict(code: "idempotency_key_reused",
                                            message: "this Idempotency-Key was used for \(previous.method) \(previous.path)", related: [])
            }
            guard let status = previous.status else {
                throw ServiceError.conflict(code: "request_in_progress",
                                            message: "the first request with this Idempotency-Key is still running", related: [])
            }
            let headers = (try? JSONDecoder().decode([String: String].self, from: Data((previous.headers ?? "{}").utf8))) ?? [:]
            return RecordedResponse(status: status, headers: headers, body: previous.body)
        }
        do {
            let response = try await action()
            let headers = String(decoding: (try? JSONEncoder().encode(response.headers)) ?? Data("{}".utf8), as: UTF8.self)
            try await write(as: caller) { tx in
                try await tx.completeIdempotencyKey(key, user: caller.userId, status: response.status, headers: headers, body: response.body)
            }
            return response
        } catch {
            try? await write { tx in try await tx.releaseIdempotencyKey(key, user: caller.userId) }
            throw error
        }
    }
}
