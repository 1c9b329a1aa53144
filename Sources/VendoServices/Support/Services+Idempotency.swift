import Foundation
import Synchronization
import VendoCore
import VendoStore

/// A response as the API sends it, kept for a repeated `Idempotency-Key`.
public struct RecordedResponse: Sendable, Equatable {
    public var status: Int
    public var headers: [String: String]
    public var body: String?
    /// False for an answer that carries a secret (a new token's): it is never written down, and
    /// a repeat of its request is refused instead of answered again.
    public var replayable: Bool

    public init(status: Int, headers: [String: String], body: String?, replayable: Bool = true) {
        self.status = status
        self.headers = headers
        self.body = body
        self.replayable = replayable
    }
}

/// The key a request runs under: the first write transaction of its action marks it done before
/// committing, so that the action and the key's "done" commit together or not at all.
final class IdempotencyMark: Sendable {
    let key: String
    let user: ID<User>
    let attempt: String
    private let marked = Mutex(false)

    init(key: String, user: ID<User>, attempt: String) {
        self.key = key
        self.user = user
        self.attempt = attempt
    }

    var isMarked: Bool { marked.withLock { $0 } }

    /// Marks the key in `tx` the first time a transaction of the action commits; refuses the
    /// transaction when another request took the key over and finished first.
    func mark(in tx: Transaction) async throws {
        guard !isMarked else { return }
        guard try await tx.markIdempotencyKeyDone(key, user: user, attempt: attempt) else {
            throw ServiceError.conflict(code: "request_in_progress",
                                        message: "another request with this Idempotency-Key ran it first", related: [])
        }
        marked.withLock { $0 = true }
    }
}

/// How long Idempotency-Keys last.
public enum IdempotencyRules {
    /// A key is forgotten this long after its first use.
    public static let lifetime: TimeInterval = 24 * 3600
    /// A request still unfinished after this long has died (or outlived the request deadline):
    /// a repeat may take its key over. It cannot run the action twice: only one of the two can
    /// mark the key done in its transaction.
    public static let abandonedAfter: TimeInterval = 60
}

extension Services {
    /// The key of the request running in this task, if it sent one.
    @TaskLocal static var idempotencyMark: IdempotencyMark?

    /// Runs `action` once per (user, key). A repeat gets the first response back and does
    /// nothing; a repeat while the first is still running is refused; a key reused for another
    /// request is refused; a repeat of a request whose answer carried a secret is refused
    /// (`not_replayable`). An action that fails before any of its writes committed frees its key
    /// for a retry.
    public func idempotent(key: String, caller: Caller, method: String, path: String,
                           _ action: () async throws -> RecordedResponse) async throws -> RecordedResponse {
        guard !key.isEmpty, key.count <= 200 else {
            throw ServiceError.invalid("Idempotency-Key", "invalid", "an Idempotency-Key has 1 to 200 characters")
        }
        let attempt = UUID().uuidString.lowercased()
        let now = clock.now()
        let previous: StoredResponse?
        do {
            previous = try await write(as: caller) { tx in
                try await tx.reserveIdempotencyKey(key, user: caller.userId, method: method, path: path, attempt: attempt, at: now,
                                                   staleBefore: now.addingTimeInterval(-IdempotencyRules.abandonedAfter),
                                                   expiredBefore: now.addingTimeInterval(-IdempotencyRules.lifetime))
            }
        } catch ServiceError.conflict(code: "already_exists", _, _) {
            throw Self.inProgress
        }
        if let previous { return try replay(previous, method: method, path: path) }
        let mark = IdempotencyMark(key: key, user: caller.userId, attempt: attempt)
        let response: RecordedResponse
        do {
            response = try await Services.$idempotencyMark.withValue(mark) { try await action() }
        } catch {
            if !mark.isMarked { try? await write { tx in try await tx.releaseIdempotencyKey(key, user: caller.userId, attempt: attempt) } }
            throw error
        }
        let headers = response.replayable
            ? String(decoding: (try? JSONEncoder().encode(response.headers)) ?? Data("{}".utf8), as: UTF8.self) : nil
        try await write(as: caller) { tx in
            // An action that wrote nothing (a refusal answered as such) marks its key here.
            try await mark.mark(in: tx)
            try await tx.completeIdempotencyKey(key, user: caller.userId, attempt: attempt,
                                                status: response.replayable ? response.status : StoredResponse.notKept,
                                                headers: headers, body: response.replayable ? response.body : nil)
        }
        return response
    }

    private static let inProgress = ServiceError.conflict(code: "request_in_progress",
                                                          message: "the first request with this Idempotency-Key is still running", related: [])

    private func replay(_ previous: StoredResponse, method: String, path: String) throws -> RecordedResponse {
        guard previous.method == method, previous.path == path else {
            throw ServiceError.conflict(code: "idempotency_key_reused",
                                        message: "this Idempotency-Key was used for \(previous.method) \(previous.path)", related: [])
        }
        switch previous.status {
        case nil:
            throw Self.inProgress
        case StoredResponse.notKept?:
            throw ServiceError.conflict(code: "not_replayable",
                                        message: "the first request with this Idempotency-Key succeeded, and its answer carried a secret, "
                                            + "which is never kept: read the record it made instead", related: [])
        case StoredResponse.answerPending? where (previous.reservedAt ?? .distantPast) > clock.now().addingTimeInterval(-IdempotencyRules.abandonedAfter):
            // Its action has committed and its answer is being kept this instant.
            throw Self.inProgress
        case StoredResponse.answerPending?:
            throw ServiceError.conflict(code: "answer_lost",
                                        message: "the first request with this Idempotency-Key was carried out, but its answer was lost; "
                                            + "read the record it made instead", related: [])
        case let status?:
            let headers = (try? JSONDecoder().decode([String: String].self, from: Data((previous.headers ?? "{}").utf8))) ?? [:]
            return RecordedResponse(status: status, headers: headers, body: previous.body)
        }
    }
}
