import Crypto
import Foundation
import Synchronization
import VendoCore
import VendoStore

/// Sends the webhook outbox. Every server runs one; each claims due deliveries for a while
/// (`claimFor`), so a delivery is sent by one server at a time, and one whose server died is
/// taken up again when its claim runs out. Failures are retried with exponential backoff.
/// Deliveries are sent side by side, up to `batchSize` at once, each on its own: a receiver
/// slow to answer holds one place for up to its deadline, never the others.
public struct WebhookWorker: Sendable {
    let services: Services
    /// This worker's name in the claims.
    let claimant = "worker-" + UUID().uuidString.lowercased()
    let batchSize: Int
    let pollInterval: Duration

    public static let maxAttempts = 10
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
        return "t=\(timestamp),v1=" + Hex.lowercase(mac)
    }

    /// Runs until the task is cancelled; a failing database only delays the next claim. Claims
    /// as many due deliveries as there are free places, whenever there are.
    public func run() async {
        let sending = InFlight()
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled {
                let free = batchSize - sending.count.load(ordering: .relaxed)
                let claimed = free > 0 ? ((try? await claim(limit: free)) ?? []) : []
                for (delivery, hook, allowed) in claimed {
                    sending.count.add(1, ordering: .relaxed)
                    group.addTask {
                        await send(delivery, hook: hook, allowedHosts: allowed)
                        sending.count.subtract(1, ordering: .relaxed)
                    }
                }
                if claimed.count < free || free == 0 { try? await Task.sleep(for: free == 0 ? .milliseconds(50) : pollInterval) }
            }
        }
    }

    /// One round, for the tests and the command line: claims what is due, sends it all, and
    /// returns how many were attempted.
    @discardableResult
    public func deliverDue() async throws -> Int {
        let claimed = try await claim(limit: batchSize)
        await withDiscardingTaskGroup { group in
            for (delivery, hook, allowed) in claimed { group.addTask { await send(delivery, hook: hook, allowedHosts: allowed) } }
        }
        return claimed.count
    }

    /// Up to `limit` due deliveries, claimed for this worker, with their webhooks and the hosts
    /// outbound calls may reach although private.
    private func claim(limit: Int) async throws -> [(WebhookDelivery, Webhook?, [String])] {
        let now = services.now
        let claimed = try await services.store.write { tx in
            try await tx.claimDueDeliveries(claimant: claimant, now: now, until: now.addingTimeInterval(Self.claimFor), limit: limit)
        }
        guard !claimed.isEmpty else { return [] }
        let (hooks, allowed) = try await services.store.read { tx in
            var found: [ID<Webhook>: Webhook] = [:]
            for id in Set(claimed.map(\.webhookId)) { found[id] = try await tx.find(Webhook.self, id) }
            return (found, try await tx.settings()?.outboundAllowedHosts ?? [])
        }
        return claimed.map { ($0, hooks[$0.webhookId], allowed) }
    }

    private func send(_ delivery: WebhookDelivery, hook: Webhook?, allowedHosts: [String]) async {
        let done = await attempt(delivery, hook: hook, allowedHosts: allowedHosts)
        let day = Day(services.now)
        _ = try? await services.writeAside { tx in
            guard try await tx.recordAttempt(done, claimant: claimant), done.status == .failed, let hook else { return }
            try await services.notify(hook.info.ownerId, .webhookFailing, about: Webhook.recordType, hook.id.uuid, title: hook.fields.url,
                                      by: nil, dedupKey: "webhookFailing:\(hook.id):\(day)", in: tx)
        }
    }

    /// Sends one delivery and returns it with the outcome recorded.
    private func attempt(_ delivery: WebhookDelivery, hook: Webhook?, allowedHosts: [String]) async -> WebhookDelivery {
        var delivery = delivery
        let now = services.now
        delivery.attempts += 1
        delivery.lastAttemptAt = now
        guard let hook, hook.fields.active else {
            delivery.status = .failed
            delivery.lastStatusCode = nil
            delivery.lastError = hook == nil ? "the webhook was deleted" : "the webhook is inactive"
            return delivery
        }
        let timestamp = Int(now.timeIntervalSince1970)
        let headers = [("Content-Type", "application/json"), ("User-Agent", "Vendo-Webhooks/1"),
                       ("Vendo-Event", delivery.event), ("Vendo-Delivery", delivery.id.uuidString.lowercased()),
                       ("Vendo-Timestamp", String(timestamp)),
                       ("Vendo-Signature", Self.signature(secret: hook.secret, timestamp: timestamp, body: delivery.payload))]
        do {
            let response = try await OutboundHTTP.post(hook.fields.url, headers: headers, body: delivery.payload, allowedHosts: allowedHosts)
            delivery.lastStatusCode = response.status
            delivery.lastError = (200..<300).contains(response.status) ? nil : "the receiver answered \(response.status)"
        } catch {
            delivery.lastStatusCode = nil
            delivery.lastError = String(String(describing: error).prefix(500))
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

/// Deliveries being sent now.
private final class InFlight: Sendable {
    let count = Atomic(0)
}
