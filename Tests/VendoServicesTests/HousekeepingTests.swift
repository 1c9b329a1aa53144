import Foundation
import Testing
@testable import VendoCore
@testable import VendoServices
@testable import VendoStore
import VendoTestSupport

/// Housekeeping keeps the tables that floods fill bounded, and deletes nothing still in use.
@Suite("Housekeeping")
struct HousekeepingTests {
    @Test("a flood of sign-in failures, sessions, keys, deliveries and events: the old go, in batches; the live stay")
    func prunes() async throws {
        let world = try await TestWorld.make()
        let s = world.services
        let now = world.clock.now()
        let old = now.addingTimeInterval(-100 * 86_400)
        let user = world.admin.userId
        let hook = try await s.createWebhook(WebhookFields(url: "https://hooks.example.com/in", events: [.leadCreated]), by: world.admin)
        try await s.store.write { tx in
            for index in 0..<2500 {
                try await tx.recordSignInAttempt(keys: ["address:203.0.113.\(index % 200)"], at: old, attempt: "old-\(index)")
                try await tx.recordRateEvent(key: "capture:\(index)", at: old)
            }
            try await tx.recordSignInAttempt(keys: ["address:198.51.100.1"], at: now, attempt: "recent")
            for index in 0..<30 {
                let ended = index < 20
                try await tx.insertSession(hash: "h\(index)", StoredSession(userId: user, csrfToken: "c", createdAt: ended ? old : now,
                                                                            lastSeenAt: ended ? old : now,
                                                                            expiresAt: (ended ? old : now).addingTimeInterval(SessionRules.absolute)))
                try await tx.appendSecurityEvent(SecurityEvent(id: UUID(), at: ended ? old : now, kind: "signIn", userId: user))
                try await tx.insertDelivery(WebhookDelivery(id: UUID(), webhookId: hook.id, event: "lead.created", payload: "{}",
                                                            createdAt: ended ? old : now))
            }
            _ = try await tx.reserveIdempotencyKey("old", user: user, method: "POST", path: "/x", attempt: "a", at: old, staleBefore: old,
                                                   expiredBefore: old)
            _ = try await tx.reserveIdempotencyKey("new", user: user, method: "POST", path: "/x", attempt: "b", at: now, staleBefore: old,
                                                   expiredBefore: old)
        }
        // Ten old deliveries were delivered, five failed, five are still being retried.
        try await execute(world, "UPDATE webhook_deliveries SET status = 'delivered', last_attempt_at = created_at WHERE id IN "
                          + "(SELECT id FROM webhook_deliveries WHERE created_at < \(Transaction.timestamp(now)) ORDER BY id LIMIT 10)")
        try await execute(world, "UPDATE webhook_deliveries SET status = 'failed', last_attempt_at = created_at WHERE status = 'pending' AND id IN "
                          + "(SELECT id FROM webhook_deliveries WHERE created_at < \(Transaction.timestamp(now)) AND status = 'pending' ORDER BY id LIMIT 5)")
        let deleted = try await Housekeeping(services: s, batch: 1000).runOnce()
        #expect(deleted[.signInFailures] == 2500 && deleted[.rateEvents] == 2500)
        #expect(deleted[.sessions] == 20 && deleted[.securityEvents] == 20 && deleted[.idempotencyKeys] == 1)
        #expect(deleted[.webhookDeliveries] == 15)
        let left = try await s.store.read { tx in
            try await PrunedRows.allCases.asyncMap { ($0, try await tx.count(of: $0)) }
        }
        let counts = Dictionary(uniqueKeysWithValues: left)
        #expect(counts[.signInFailures] == 1 && counts[.rateEvents] == 0 && counts[.sessions] == 10 && counts[.idempotencyKeys] == 1)
        // Left: the recent events, and those of setting the world up just now.
        let events = try await s.securityEvents(by: world.admin)
        #expect(counts[.webhookDeliveries] == 15 && counts[.securityEvents] == events.count && events.allSatisfy { $0.at >= now })
        // A shorter retention takes more.
        _ = try await s.updateSettings(ifVersion: nil, by: world.admin) { $0.retentionDays = 1 }
        world.clock.advance(seconds: 2 * 86_400)
        let later = try await Housekeeping(services: s).runOnce()
        #expect(later[.securityEvents] ?? 0 >= 10 && later[.sessions] == 10)
    }

    @Test("card photos nobody made a lead of go after 14 days; those kept with a lead stay")
    func cardScans() async throws {
        let world = try await TestWorld.make()
        let s = world.services
        let user = world.admin.userId
        let reading = CardReading(fields: CardFields(), text: "Jean Dupont")
        let started = world.clock.now()
        let lead = try await s.createLead(LeadFields(topic: "Salon", lastName: "Dupont"), by: world.admin).lead
        try await s.store.write { tx in
            for (index, days) in [20.0, 15, 13, 20].enumerated() {
                let scan = StoredCardScan(id: UUID(), userId: user, createdAt: started.addingTimeInterval(-days * 86_400),
                                          contentType: "image/jpeg", sha256: "x", reading: reading, event: nil, leadId: nil)
                try await tx.insertCardScan(scan, image: [0xFF, 0xD8, 0xFF])
                if index == 3 { _ = try await tx.attachCardScan(scan.id, to: lead.id, event: nil) }
            }
        }
        let deleted = try await Housekeeping(services: s).runOnce()
        #expect(deleted[.cardScans] == 2)
        let pending = try await s.pendingCardScans(by: world.admin)
        #expect(pending.count == 1 && pending.first?.createdAt == started.addingTimeInterval(-13 * 86_400))
        #expect(try await s.store.read { tx in try await tx.cardScan(ofLead: lead.id) } != nil)
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
