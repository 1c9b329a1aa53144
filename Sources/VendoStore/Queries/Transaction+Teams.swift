import Foundation
import SQLKit
import VendoCore

extension Transaction {
    /// Writes a team's members as rows (in the same transaction as the team).
    public func replaceTeamMembers(_ team: ID<Team>, with members: [ID<User>]) async throws {
        try await run("DELETE FROM team_members WHERE team_id = \(bind: team.description)")
        for member in Set(members) {
            try await run("INSERT INTO team_members (team_id, user_id) VALUES (\(bind: team.description), \(bind: member.description))")
        }
    }

    /// Everyone who shares a team with `user`, `user` included.
    public func teammates(of user: ID<User>) async throws -> Set<ID<User>> {
        let found = try await rows("""
            SELECT DISTINCT other.user_id AS user_id FROM team_members mine
            JOIN team_members other ON other.team_id = mine.team_id
            WHERE mine.user_id = \(bind: user.description)
            """)
        var users: Set<ID<User>> = [user]
        for row in found {
            if let id = ID<User>(try row.decode(column: "user_id", as: String.self)) { users.insert(id) }
        }
        return users
    }

    /// How many open leads each of `owners` has (those with none are left out).
    public func openLeadCounts(of owners: [ID<User>]) async throws -> [ID<User>: Int] {
        guard !owners.isEmpty else { return [:] }
        let rows = try await rows("""
            SELECT owner_id, COUNT(*) AS n FROM leads WHERE state = 'open' AND owner_id IN (\(binds: owners.map(\.description)))
            GROUP BY owner_id
            """)
        var counts: [ID<User>: Int] = [:]
        for row in rows {
            if let id = ID<User>(try row.decode(column: "owner_id", as: String.self)) { counts[id] = try row.decode(column: "n", as: Int.self) }
        }
        return counts
    }

    /// The ids of the teams `user` belongs to.
    public func teams(of user: ID<User>) async throws -> [ID<Team>] {
        try await rows("SELECT team_id FROM team_members WHERE user_id = \(bind: user.description) ORDER BY team_id").compactMap {
            ID<Team>(try $0.decode(column: "team_id", as: String.self))
        }
    }
}
