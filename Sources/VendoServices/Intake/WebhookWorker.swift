import Crypto
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import VendoCore
import VendoStore

/// Sends the webhook outbox. Every server runs one; each claims due deliveries for a while
/// (`claimFor`), so a delivery is sent by one server at a time, and one whose server died is
/// taken up again when its claim runs out. Failures are retried with exponential backoff.
public struct WebhookWorker: Sendable {
    let services: Services
    /// This worker's name in the claims.
    let claimant = "worker-" + UUID().uuidString.lowercased()
    let batchSize: Int
    let pollInterval: Duration

    public static let maxAttempts = 10
    public static let timeout: TimeInterval = 10
    static let claimFor: TimeInterval = 120

    public init(services: Services, batchSize: Int = 20, pollInterval: Duration = .seconds(1)) {
        self.services = services
        self.batchSize = batchSize
        self.pollInterval = pollInterval
    }

    /// The wait before attempt `attempts + 1`: 15 s, 30 s, 1 min… at most an hour.
    public static func backoff(afterAttempts attempts: Int) -> TimeInterval {
        min(3600, 15 * pow(2, Double(max(0, attempts - 1))))
    }

    /// `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the webhook's secret>`.
    public static func signature(secret: String, timestamp: Int, body: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(timestamp).\(body)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return "t=\(timestamp),v1=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// Runs until the task is cancelled; a failing database only delays the next round.
    public func run() async {
        while !Task.isCancelled {
            let sent = (try? await deliverDue()) ?? 0
            if sent < batchSize { try? await Task.sleep(for: pollInterval) }
        }
    }

    /// One round: claims what is due and sends it; returns how many were attempted.
    @discardableResult
    public func deliverDue() async throws -> Int {
        let now = services.now
        let claimed = try await services.store.write { tx in
            try await tx.claimDueDeliveries(claimant: claimant, now: now, until: now.addingTimeInterval(Self.claimFor), limit: batchSize)
        }
        guard !claimed.isEmpty else { return 0 }
        let hooks = try await services.store.read { tx in
            var found: [ID<Webhook>: Webhook] = [:]
            for id in Set(claimed.map(\.webhookId)) { found[id] = try await tx.find(Webhook.self, id) }
            return found
        }
        await withTaskGroup(of: WebhookDelivery.self) { group in
            for delivery in claimed {
                group.addTask { await attempt(delivery, hook: hooks[delivery.webhookId]) }
            }
            for await done in group {
                _ = try? await services.store.write { tx in try await tx.recordAttempt(done, claimant: claimant) }
            }
        }
        return claimed.count
    }

    /// Sends one delivery and returns it with the outcome recorded.
    private func attempt(_ delivery: WebhookDelivery, hook: Webhook?) async -> WebhookDelivery {
        var delivery = delivery
        let now = services.now
        delivery.attempts += 1
        delivery.lastAttemptAt = now
        guard let hook, hook.fields.active, let url = URL(string: hook.fields.url) else {
            delivery.status = .failed
            delivery.lastStatusCode = nil
            delivery.lastError = hook == nil ? "the webhook was deleted" : "the webhook is inactive"
            return delivery
        }
        var request = URLRequest(url: url, timeoutInterval: Self.timeout)
        request.httpMethod = "POST"
        request.httpBody = Data(delivery.payload.utf8)
        let timestamp = Int(now.timeIntervalSince1970)
        for (name, value) in [("Content-Type", "application/json"), ("User-Agent", "Vendo-Webhooks/1"),
                              ("Vendo-Event", delivery.event), ("Vendo-Delivery", delivery.id.uuidString.lowercased()),
                              ("Vendo-Timestamp", String(timestamp)),
                              ("Vendo-Signature", Self.signature(secret: hook.secret, timestamp: timestamp, body: delivery.payload))] {
            request.setValue(value, forHTTPHeaderField: name)
        }
        do {
            let (_, response) = try await URLSession.shared.data(for: request)
            let code = (response as? HTTPURLResponse)?.statusCode ?? 0
            delivery.lastStatusCode = code
            delivery.lastError = (200..<300).contains(code) ? nil : "the receiver answered \(code)"
        } catch {
            delivery.lastStatusCode = nil
            delivery.lastError = String(error.localizedDescription.prefix(500))
        }
        if delivery.lastError == nil {
            delivery.status = .delivered
            delivery.deliveredAt = now
        } else if delivery.attempts >= Self.maxAttempts {
            delivery.status = .failed
        } else {
            delivery.status = .pending
            delivery.nextAttemptAt = now.addingTimeInterval(Self.backoff(afterAttempts: delivery.attempts))
        }
        return delivery
    }
}
