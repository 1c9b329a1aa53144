import Foundation
import VendoCore
import VendoStore

/// Saved views of the list pages (SALES-PROCESS.md §13): a person's own, kept on their user,
/// and those shared with a team, kept on the team; every member of the team may use, save and
/// delete them, and administrators may for every team.
extension Services {
    /// A view and where it is kept: nil team for the caller's own.
    public struct ViewEntry: Sendable, Equatable {
        public var view: SavedView
        public var team: ID<Team>?
        public var teamName: String?
    }

    /// The views of the list at `path` (of every list when nil) the caller may use: their own,
    /// then their teams'.
    public func savedViews(for path: String?, by caller: Caller) async throws -> [ViewEntry] {
        try await read(as: caller) { tx in
            let user = try await load(User.self, caller.userId, in: tx)
            var entries = user.savedViews.filter { path == nil || $0.path == path }.map { ViewEntry(view: $0, team: nil, teamName: nil) }
            for teamId in try await tx.teams(of: caller.userId) {
                guard let team = try await tx.find(Team.self, teamId) else { continue }
                entries += team.savedViews.filter { path == nil || $0.path == path }
                    .map { ViewEntry(view: $0, team: team.id, teamName: team.fields.name) }
            }
            return entries
        }
    }

    /// One view by id, as the caller may use or change it: their own, one of their teams', or
    /// for an administrator any team's.
    public func savedView(_ id: UUID, by caller: Caller) async throws -> ViewEntry {
        try await read(as: caller) { tx in
            let user = try await load(User.self, caller.userId, in: tx)
            if let own = user.savedViews.first(where: { $0.id == id }) { return ViewEntry(view: own, team: nil, teamName: nil) }
            let teams = caller.principal.role == .admin ? try await tx.all(Team.self).map(\.id) : try await tx.teams(of: caller.userId)
            for teamId in teams {
                guard let team = try await tx.find(Team.self, teamId), let view = team.savedViews.first(where: { $0.id == id }) else { continue }
                return ViewEntry(view: view, team: team.id, teamName: team.fields.name)
            }
            throw ServiceError.notFound(recordType: "view", id: id.uuidString.lowercased())
        }
    }

    /// The teams the caller may share a view with: their own, every one for an administrator.
    public func sharingTeams(by caller: Caller) async throws -> [Team] {
        try await read(as: caller) { tx in
            if caller.principal.role == .admin { return try await tx.all(Team.self) }
            var teams: [Team] = []
            for id in try await tx.teams(of: caller.userId) { if let team = try await tx.find(Team.self, id) { teams.append(team) } }
            return teams
        }
    }

    /// Saves `view` (a new one, or one the caller may change, by id) as the caller's own or in `team`.
    @discardableResult
    public func saveView(_ view: SavedView, team: ID<Team>? = nil, by caller: Caller) async throws -> SavedView {
        try view.validate()
        return try await write(as: caller) { tx in
            try await changeViews(team: team, by: caller, in: tx) { views in
                if let index = views.firstIndex(where: { $0.id == view.id }) { views[index] = view } else { views.append(view) }
                if views.count > SavedView.maxPerOwner {
                    throw ServiceError.invalid("name", "too_many", "at most \(SavedView.maxPerOwner) views are kept in one place")
                }
            }
            return view
        }
    }

    /// Removes a view the caller may change.
    public func deleteView(_ id: UUID, team: ID<Team>? = nil, by caller: Caller) async throws {
        try await write(as: caller) { tx in
            try await changeViews(team: team, by: caller, in: tx) { views in
                guard views.contains(where: { $0.id == id }) else { throw ServiceError.notFound(recordType: "view", id: id.uuidString) }
                views.removeAll { $0.id == id }
            }
        }
    }

    private func changeViews(team: ID<Team>?, by caller: Caller, in tx: Transaction,
                             _ change: (inout [SavedView]) throws -> Void) async throws {
        guard let team else {
            let before = try await load(User.self, caller.userId, in: tx)
            var user = before
            try change(&user.savedViews)
            // One's own views are one's own to change, whatever the role.
            try await save(user, from: before, by: caller, action: "update", in: tx, checked: false)
            return
        }
        let before = try await load(Team.self, team, in: tx)
        guard caller.principal.role == .admin || before.fields.memberIds.contains(caller.userId) else {
            throw ServiceError.forbidden(recordType: "team", operation: "share a view with")
        }
        var shared = before
        try change(&shared.savedViews)
        try await save(shared, from: before, by: caller, action: "update", in: tx, checked: false)
    }
}
