import Crypto
import Foundation
import Synchronization
import Testing
@testable import VendoCore
@testable import VendoServices
@testable import VendoStore
import VendoTestSupport

@Suite("Webhooks", .serialized)
struct WebhookTests {
    /// The tests' receivers listen on 127.0.0.1, which outbound calls may reach only when allowed.
    static let loopbackAllowed: @Sendable (inout OrganisationSettings) -> Void = { $0.outboundAllowedHosts = ["127.0.0.1"] }

    @Test("a webhook to this machine, its networks or a metadata service is refused, by address or by a name that resolves there")
    func forbiddenDestinations() async throws {
        let world = try await TestWorld.make()
        for url in ["http://127.0.0.1:8080/x", "http://169.254.169.254/latest/meta-data", "https://10.1.2.3/hook", "http://[::1]:80/",
                    "http://0.0.0.0/", "http://192.168.1.10/", "http://[fe80::1]/", "http://localhost:8080/hook", "http://LocalHost/",
                    "http://100.64.0.1/", "http://[::ffff:127.0.0.1]/", "http://224.0.0.1/"] {
            let refused = await #expect(throws: ServiceError.self, "\(url)") {
                try await world.services.createWebhook(WebhookFields(url: url, events: [.leadCreated]), by: world.admin)
            }
            #expect(refused?.code == "forbidden_destination", "\(url): \(String(describing: refused))")
        }
        // A public address, or a name that does not resolve here, may be saved.
        _ = try await world.services.createWebhook(WebhookFields(url: "https://93.184.215.14/hook", events: [.leadCreated]), by: world.admin)
        let named = try await world.services.createWebhook(WebhookFields(url: "https://hooks.example.com/in", events: [.leadCreated]),
                                                           by: world.admin)
        // Changing it to a private address is refused too.
        let changed = await #expect(throws: ServiceError.self) {
            try await world.services.updateWebhook(named.id, ifVersion: nil, by: world.admin) { $0.url = "http://10.0.0.8/in" }
        }
        #expect(changed?.code == "forbidden_destination")
        // An administrator may name a host on purpose.
        _ = try await world.services.updateSettings(ifVersion: nil, by: world.admin) { $0.outboundAllowedHosts = ["localhost"] }
        _ = try await world.services.createWebhook(WebhookFields(url: "http://localhost:8080/hook", events: [.leadCreated]), by: world.admin)
        let settings = await #expect(throws: ServiceError.self) {
            try await world.services.updateSettings(ifVersion: nil, by: world.admin) { $0.outboundAllowedHosts = ["http://x/"] }
        }
        #expect(settings?.code == "invalid_host")
    }

    @Test("at delivery the destination is checked again, and a redirect is an answer, never followed")
    func deliveryChecks() async throws {
        let world = try await TestWorld.make(settings: Self.loopbackAllowed)
        let target = try await WebhookReceiver.start()
        let redirecting = try await WebhookReceiver.start(location: target.url) { _ in .found }
        defer { Task { await target.stop(); await redirecting.stop() } }
        let hook = try await world.services.createWebhook(WebhookFields(url: redirecting.url, events: [.leadCreated]), by: world.admin)
        _ = try await world.services.createLead(LeadFields(topic: "Redirected", lastName: "R"), by: world.admin)
        let worker = WebhookWorker(services: world.services)
        #expect(try await worker.deliverDue() == 1)
        var sent = try await deliveries(world, hook)
        #expect(sent.first?.lastStatusCode == 302 && sent.first?.lastError == "the receiver answered 302")
        #expect(redirecting.requests.count == 1 && target.requests.isEmpty)
        // The allowance is withdrawn: the next attempt is refused before anything is sent.
        _ = try await world.services.updateSettings(ifVersion: nil, by: world.admin) { $0.outboundAllowedHosts = nil }
        world.clock.advance(seconds: WebhookWorker.backoff(afterAttempts: 1) + 1)
        #expect(try await worker.deliverDue() == 1)
        sent = try await deliveries(world, hook)
        #expect(sent.first?.lastError?.contains("loopback") == true && sent.first?.attempts == 2)
        #expect(redirecting.requests.count == 1)
    }

    @Test("a receiver slow to answer holds up no other delivery")
    func slowReceiver() async throws {
        let world = try await TestWorld.make(settings: Self.loopbackAllowed)
        let slow = try await WebhookReceiver.start(delay: .seconds(8))
        let fast = try await WebhookReceiver.start()
        defer { Task { await slow.stop(); await fast.stop() } }
        _ = try await world.services.createWebhook(WebhookFields(url: slow.url, events: [.leadCreated]), by: world.admin)
        let worker = Task { await WebhookWorker(services: world.services, pollInterval: .milliseconds(50)).run() }
        defer { worker.cancel() }
        _ = try await world.services.createLead(LeadFields(topic: "First", lastName: "S"), by: world.admin)
        for _ in 0..<200 where slow.requests.isEmpty { try await Task.sleep(for: .milliseconds(20)) }
        #expect(slow.requests.count == 1)
        // While the slow receiver keeps its delivery waiting, a new one goes out.
        _ = try await world.services.createWebhook(WebhookFields(url: fast.url, events: [.leadDisqualified]), by: world.admin)
        let first = try #require(try await world.services.list(Lead.self, ListQuery(), by: world.admin).items.first)
        _ = try await world.services.disqualifyLead(first.id, as: .noLongerInterested, ifVersion: nil, by: world.admin)
        for _ in 0..<200 where fast.requests.isEmpty { try await Task.sleep(for: .milliseconds(20)) }
        #expect(fast.requests.count == 1, "the fast receiver waited behind the slow one")
        #expect(slow.requests.count == 1)
    }

    func deliveries(_ world: TestWorld, _ hook: Webhook) async throws -> [WebhookDelivery] {
        try await world.services.deliveries(of: hook.id, limit: 200, cursor: nil, by: world.admin).items
    }

    @Test("events are written with the change that raises them, for the subscribed events only; a refused change writes none")
    func outbox() async throws {
        let world = try await TestWorld.make()
        let hook = try await world.services.createWebhook(
            WebhookFields(url: "https://hooks.example/x", events: [.leadCreated, .leadQualified, .opportunityWon, .invoiceIssued, .invoicePaid]),
            by: world.admin)
        #expect(hook.secret.hasPrefix("whsec_") && hook.secret.count > 30)
        let lead = try await world.lead()
        // Qualifying without a company for the account is refused: no event.
        let bare = try await world.services.createLead(LeadFields(topic: "t", lastName: "Solo"), by: world.admin).lead
        _ = try? await world.services.qualifyLead(bare.id, QualifyOptions(), ifVersion: nil, by: world.admin)
        let qualified = try await world.services.qualifyLead(lead.id, QualifyOptions(priceListId: world.catalog.priceList.id),
                                                             ifVersion: nil, by: world.admin)
        let opportunity = try #require(qualified.opportunity)
        _ = try await world.services.winOpportunity(opportunity.id, ifVersion: nil, by: world.admin)
        let events = try await deliveries(world, hook).reversed().map(\.event)
        #expect(events == ["lead.created", "lead.created", "lead.qualified", "opportunity.won"])
        let payload = try #require(try await deliveries(world, hook).first?.payload)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any])
        let data = try #require(json["data"] as? [String: Any])
        #expect(json["event"] as? String == "opportunity.won" && data["id"] as? String == opportunity.id.description)
        #expect(data["state"] as? String == "won" && data["path"] as? String == "/api/v1/opportunities/\(opportunity.id)")
    }

    @Test("the worker signs each delivery, retries a failing receiver with backoff, and records every attempt")
    func retries() async throws {
        let world = try await TestWorld.make(settings: Self.loopbackAllowed)
        let receiver = try await WebhookReceiver.start { number in number <= 2 ? .internalServerError : .ok }
        defer { Task { await receiver.stop() } }
        let hook = try await world.services.createWebhook(WebhookFields(url: receiver.url, events: [.leadCreated]), by: world.admin)
        let lead = try await world.lead()
        let worker = WebhookWorker(services: world.services)
        #expect(try await worker.deliverDue() == 1)
        var delivery = try #require(try await deliveries(world, hook).first)
        #expect(delivery.status == .pending && delivery.attempts == 1 && delivery.lastStatusCode == 500)
        #expect(delivery.nextAttemptAt == world.clock.now().addingTimeInterval(15))
        #expect(try await worker.deliverDue() == 0)
        world.clock.advance(seconds: 15)
        #expect(try await worker.deliverDue() == 1)
        delivery = try #require(try await deliveries(world, hook).first)
        #expect(delivery.attempts == 2 && delivery.nextAttemptAt == world.clock.now().addingTimeInterval(30))
        world.clock.advance(seconds: 30)
        #expect(try await worker.deliverDue() == 1)
        delivery = try #require(try await deliveries(world, hook).first)
        #expect(delivery.status == .delivered && delivery.attempts == 3 && delivery.lastStatusCode == 200 && delivery.lastError == nil)

        let requests = receiver.requests
        #expect(requests.count == 3 && Set(requests.map(\.body)).count == 1)
        let last = try #require(requests.last)
        #expect(last.headers["vendo-event"] == "lead.created" && last.headers["vendo-delivery"] == delivery.id.uuidString.lowercased())
        let timestamp = try #require(last.headers["vendo-timestamp"])
        let expected = HMAC<SHA256>.authenticationCode(for: Data("\(timestamp).\(last.body)".utf8),
                                                       using: SymmetricKey(data: Data(hook.secret.utf8)))
        #expect(last.headers["vendo-signature"] == "t=\(timestamp),v1=" + expected.map { String(format: "%02x", $0) }.joined())
        #expect(last.body.contains(lead.id.description))
    }

    @Test("after the last attempt a delivery fails; a replay sends it again")
    func failAndReplay() async throws {
        let world = try await TestWorld.make(settings: Self.loopbackAllowed)
        let healthy = Mutex(false)
        let receiver = try await WebhookReceiver.start { _ in healthy.withLock { $0 } ? .noContent : .badGateway }
        defer { Task { await receiver.stop() } }
        let hook = try await world.services.createWebhook(WebhookFields(url: receiver.url, events: [.leadCreated]), by: world.admin)
        _ = try await world.lead()
        let worker = WebhookWorker(services: world.services)
        for _ in 0..<WebhookWorker.maxAttempts {
            try await worker.deliverDue()
            world.clock.advance(seconds: 3600)
        }
        var delivery = try #require(try await deliveries(world, hook).first)
        #expect(delivery.status == .failed && delivery.attempts == WebhookWorker.maxAttempts && delivery.lastError == "the receiver answered 502")
        // Its owner hears of the failing endpoint, once a day at most.
        let bell = try await world.services.notifications(by: world.admin)
        #expect(bell.page.items.filter { $0.event == "webhookFailing" && $0.recordId == hook.id.uuid }.count == 1)
        #expect(try await worker.deliverDue() == 0)
        healthy.withLock { $0 = true }
        let replayed = try await world.services.replayDelivery(delivery.id, of: hook.id, by: world.admin)
        #expect(replayed.status == .pending)
        #expect(try await worker.deliverDue() == 1)
        delivery = try #require(try await deliveries(world, hook).first)
        #expect(delivery.status == .delivered && receiver.requests.count == WebhookWorker.maxAttempts + 1)
    }

    @Test("workers of several servers never send one delivery twice")
    func severalWorkers() async throws {
        let world = try await TestWorld.make(settings: Self.loopbackAllowed)
        let receiver = try await WebhookReceiver.start()
        defer { Task { await receiver.stop() } }
        _ = try await world.services.createWebhook(WebhookFields(url: receiver.url, events: [.leadCreated]), by: world.admin)
        for index in 0..<60 { _ = try await world.services.createLead(LeadFields(topic: "T\(index)", lastName: "L"), by: world.admin) }
        let workers = (0..<3).map { _ in WebhookWorker(services: world.services, batchSize: 7) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in workers {
                group.addTask { while try await worker.deliverDue() > 0 {} }
            }
            try await group.waitForAll()
        }
        let ids = receiver.requests.compactMap { $0.headers["vendo-delivery"] }
        #expect(ids.count == 60 && Set(ids).count == 60)
    }

    @Test("webhooks are the admins': a salesperson can neither read nor make one")
    func adminsOnly() async throws {
        let world = try await TestWorld.make()
        let user = try await world.services.createUser(name: "Sam", email: "sam@example.com", role: .salesperson, by: nil)
        let sam = try await world.services.caller(for: user.id)
        let hook = try await world.services.createWebhook(WebhookFields(url: "https://hooks.example/x", events: [.leadCreated]), by: world.admin)
        await #expect(throws: ServiceError.self) { try await world.services.webhook(hook.id, by: sam) }
        await #expect(throws: ServiceError.self) { try await world.services.webhooks(ListQuery(), by: sam) }
        await #expect(throws: ServiceError.self) {
            try await world.services.createWebhook(WebhookFields(url: "https://x.example", events: [.leadCreated]), by: sam)
        }
        let invalid = await #expect(throws: ServiceError.self) {
            try await world.services.createWebhook(WebhookFields(url: "ftp://x", events: []), by: world.admin)
        }
        #expect(Set(invalid?.fieldNames ?? []) == ["url", "events"])
    }
}
