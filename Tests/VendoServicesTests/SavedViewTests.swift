import Foundation
import Testing
@testable import VendoCore
@testable import VendoServices
import VendoTestSupport

/// Saved views of the list pages: one's own, and those shared with a team.
@Suite("Saved views")
struct SavedViewTests {
    @Test("personal views stay personal; a team's views are its members'; only members (and admins) change them")
    func owners() async throws {
        let world = try await TestWorld.make()
        let s = world.services, admin = world.admin
        let sam = try await s.createUser(name: "Sam", email: "sam@example.com", role: .salesperson, by: admin)
        let zoe = try await s.createUser(name: "Zoé", email: "zoe@example.com", role: .salesperson, by: admin)
        let lea = try await s.createUser(name: "Léa", email: "lea@example.com", role: .salesperson, by: admin)
        let north = try await s.createTeam(TeamFields(name: "North", memberIds: [sam.id, zoe.id]), by: admin)
        let samCaller = try await s.caller(for: sam.id), zoeCaller = try await s.caller(for: zoe.id), leaCaller = try await s.caller(for: lea.id)

        let mine = try await s.saveView(SavedView(name: "My hot leads", path: "/leads", query: ["cf.region": "north", "sort": "-cf.fleet"],
                                                  columns: ["region"]), by: samCaller)
        let shared = try await s.saveView(SavedView(name: "North deals", path: "/opportunities", query: ["cf.region": "north"]),
                                          team: north.id, by: samCaller)
        #expect(try await s.savedViews(for: "/leads", by: samCaller).map(\.view) == [mine])
        #expect(try await s.savedViews(for: "/leads", by: zoeCaller).isEmpty)
        let seen = try await s.savedViews(for: "/opportunities", by: zoeCaller)
        #expect(seen.map(\.view.name) == ["North deals"] && seen.first?.team == north.id && seen.first?.teamName == "North")
        #expect(try await s.savedViews(for: "/opportunities", by: leaCaller).isEmpty)
        #expect(try await s.sharingTeams(by: leaCaller).isEmpty)
        #expect(try await s.sharingTeams(by: zoeCaller).map(\.id) == [north.id])

        // A member renames the shared view; someone outside the team can neither change nor delete it.
        var renamed = shared
        renamed.name = "North, this quarter"
        _ = try await s.saveView(renamed, team: north.id, by: zoeCaller)
        #expect(try await s.savedViews(for: "/opportunities", by: samCaller).map(\.view.name) == ["North, this quarter"])
        await #expect(throws: ServiceError.self) { try await s.saveView(renamed, team: north.id, by: leaCaller) }
        await #expect(throws: ServiceError.self) { try await s.deleteView(shared.id, team: north.id, by: leaCaller) }
        // One's own view is gone from nobody else's list when deleted.
        await #expect(throws: ServiceError.self) { try await s.deleteView(mine.id, by: zoeCaller) }
        try await s.deleteView(mine.id, by: samCaller)
        #expect(try await s.savedViews(for: "/leads", by: samCaller).isEmpty)
        try await s.deleteView(shared.id, team: north.id, by: admin)
        #expect(try await s.savedViews(for: "/opportunities", by: zoeCaller).isEmpty)

        // A view is named, belongs to a list page and keeps no cursor.
        for bad in [SavedView(name: " ", path: "/leads", query: [:]), SavedView(name: "X", path: "/nowhere", query: [:]),
                    SavedView(name: "X", path: "/leads", query: ["cursor": "abc"])] {
            await #expect(throws: (any Error).self) { try await s.saveView(bad, by: samCaller) }
        }
    }
}
