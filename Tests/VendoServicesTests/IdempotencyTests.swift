import Foundation
import Testing
@testable import VendoCore
@testable import VendoServices
@testable import VendoStore
import VendoTestSupport

/// Idempotency-Keys: the key is marked done in the action's own transaction, so that no retry,
/// however timed, runs an action twice.
@Suite("Idempotency keys")
struct IdempotencyTests {
    struct Crash: Error {}

    func lead(_ world: TestWorld, _ topic: String) async throws -> RecordedResponse {
        let made = try await world.services.createLead(LeadFields(topic: topic, lastName: "Martin"), by: world.admin)
        return RecordedResponse(status: 201, headers: [:], body: #"{"id":"\#(made.lead.id)"}"#)
    }

    func count(_ world: TestWorld) async throws -> Int { try await world.services.list(Lead.self, ListQuery(), by: world.admin).items.count }

    @Test("a server that dies after the action committed but before the answer was kept: the repeat says so and does nothing")
    func answerLost() async throws {
        let world = try await TestWorld.make()
        let s = world.services
        await #expect(throws: Crash.self) {
            _ = try await s.idempotent(key: "k", caller: world.admin, method: "POST", path: "/api/v1/leads") {
                _ = try await lead(world, "once")
                throw Crash()
            }
        }
        // At once, the answer may still be on its way.
        let early = await #expect(throws: ServiceError.self) {
            _ = try await s.idempotent(key: "k", caller: world.admin, method: "POST", path: "/api/v1/leads") { try await lead(world, "once") }
        }
        #expect(early?.code == "request_in_progress")
        world.clock.advance(seconds: IdempotencyRules.abandonedAfter + 1)
        let late = await #expect(throws: ServiceError.self) {
            _ = try await s.idempotent(key: "k", caller: world.admin, method: "POST", path: "/api/v1/leads") { try await lead(world, "once") }
        }
        #expect(late?.code == "answer_lost")
        #expect(try await count(world) == 1)
    }

    @Test("an action that fails before writing anything frees its key; one that wrote keeps it")
    func failures() async throws {
        let world = try await TestWorld.make()
        let s = world.services
        await #expect(throws: ServiceError.self) {
            _ = try await s.idempotent(key: "k", caller: world.admin, method: "POST", path: "/api/v1/leads") {
                _ = try await s.createLead(LeadFields(topic: "", lastName: "Martin"), by: world.admin)
                return RecordedResponse(status: 201, headers: [:], body: nil)
            }
        }
        let retried = try await s.idempotent(key: "k", caller: world.admin, method: "POST", path: "/api/v1/leads") { try await lead(world, "fixed") }
        #expect(retried.status == 201)
        #expect(try await count(world) == 1)
    }

    @Test("a request that outlives the deadline: a repeat takes the key over, and of the two only one can commit")
    func takeover() async throws {
        let world = try await TestWorld.make()
        let s = world.services
        let (go, release) = AsyncStream.makeStream(of: Void.self)
        let (started, began) = AsyncStream.makeStream(of: Void.self)
        let slow = Task {
            try await s.idempotent(key: "k", caller: world.admin, method: "POST", path: "/api/v1/leads") {
                began.yield()
                for await _ in go { break }
                return try await lead(world, "slow")
            }
        }
        for await _ in started { break }
        let early = await #expect(throws: ServiceError.self) {
            _ = try await s.idempotent(key: "k", caller: world.admin, method: "POST", path: "/api/v1/leads") { try await lead(world, "early") }
        }
        #expect(early?.code == "request_in_progress")
        world.clock.advance(seconds: IdempotencyRules.abandonedAfter + 1)
        let retry = try await s.idempotent(key: "k", caller: world.admin, method: "POST", path: "/api/v1/leads") { try await lead(world, "retry") }
        #expect(retry.status == 201)
        release.yield()
        await #expect(throws: ServiceError.self) { _ = try await slow.value }
        let topics = try await world.services.list(Lead.self, ListQuery(), by: world.admin).items.map(\.fields.topic)
        #expect(topics == ["retry"])
        // The repeat after both gets the answer that was kept.
        let replayed = try await s.idempotent(key: "k", caller: world.admin, method: "POST", path: "/api/v1/leads") { try await lead(world, "x") }
        #expect(replayed == retry)
    }

    @Test("answers that carry a secret are not kept: a repeat is refused as not replayable; keys are forgotten after a day")
    func secretsAndExpiry() async throws {
        let world = try await TestWorld.make()
        let s = world.services
        let first = try await s.idempotent(key: "t", caller: world.admin, method: "POST", path: "/api/v1/users/x/tokens") {
            let issued = try await s.createToken(for: world.admin.userId, name: "ci", by: world.admin)
            return RecordedResponse(status: 201, headers: [:], body: #"{"token":"\#(issued.secret)"}"#, replayable: false)
        }
        #expect(first.body?.contains("vendo_") == true)
        let stored = try await s.store.read { tx in
            try await tx.rows("SELECT status, headers, body FROM idempotency_keys WHERE key = 't'").map {
                [try $0.decode(column: "status", as: Int?.self).map(String.init), try $0.decode(column: "headers", as: String?.self),
                 try $0.decode(column: "body", as: String?.self)]
            }
        }
        #expect(stored == [["\(StoredResponse.notKept)", nil, nil]])
        let repeated = await #expect(throws: ServiceError.self) {
            _ = try await s.idempotent(key: "t", caller: world.admin, method: "POST", path: "/api/v1/users/x/tokens") {
                RecordedResponse(status: 201, headers: [:], body: nil)
            }
        }
        #expect(repeated?.code == "not_replayable")
        _ = try await s.idempotent(key: "l", caller: world.admin, method: "POST", path: "/api/v1/leads") { try await lead(world, "day one") }
        world.clock.advance(seconds: IdempotencyRules.lifetime + 1)
        _ = try await s.idempotent(key: "l", caller: world.admin, method: "POST", path: "/api/v1/leads") { try await lead(world, "day two") }
        #expect(try await count(world) == 2)
    }
}
