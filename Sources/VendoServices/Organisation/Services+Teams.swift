import Foundation
import VendoCore
import VendoStore

extension Services {
    public func createTeam(_ fields: TeamFields, by caller: Caller) async throws -> Team {
        try await write(as: caller) { tx in
            let team = try Team(id: newID(), info: newInfo(caller), fields: fields)
            try await checkMembers(fields.memberIds, in: tx)
            try await insert(team, by: caller, in: tx)
            try await tx.replaceTeamMembers(team.id, with: fields.memberIds)
            return team
        }
    }

    public func updateTeam(_ id: ID<Team>, ifVersion: Int?, by caller: Caller,
                           _ edit: @escaping @Sendable (inout TeamFields) -> Void) async throws -> Team {
        try await write(as: caller) { tx in
            let team = try await change(Team.self, id, ifVersion: ifVersion, by: caller, action: "update", in: tx) { team in
                var fields = team.fields
                edit(&fields)
                try await checkMembers(fields.memberIds, in: tx)
                try team.update(fields)
            }
            try await tx.replaceTeamMembers(team.id, with: team.fields.memberIds)
            return team
        }
    }

    public func deleteTeam(_ id: ID<Team>, ifVersion: Int?, by caller: Caller) async throws {
        try await write(as: caller) { tx in
            let team = try await load(Team.self, id, in: tx)
            try await remove(team, ifVersion: ifVersion, by: caller, in: tx)
        }
    }

    private func checkMembers(_ members: [ID<User>], in tx: Transaction) async throws {
        for (index, member) in members.enumerated() {
            _ = try await reference(User.self, member, field: "memberIds[\(index)]", in: tx)
        }
    }

    /// Gives a record to another owner: managers within their teams, admins to anyone active.
    public func reassign<R: Persisted>(_ type: R.Type, _ id: ID<R>, to owner: ID<User>, ifVersion: Int?, by caller: Caller) async throws -> R {
        try await write(as: caller) { tx in
            try ensureAllowed(.reassign, try await load(R.self, id, in: tx), by: caller)
            let target = try await reference(User.self, owner, field: "ownerId", in: tx)
            if !target.active { throw ServiceError.invalid("ownerId", "inactive_user", "\(target.name) is deactivated") }
            if caller.principal.role != .admin && !caller.principal.teammates.contains(owner) {
                throw ServiceError.invalid("ownerId", "outside_team", "\(target.name) is not in one of your teams")
            }
            return try await change(R.self, id, ifVersion: ifVersion, by: caller, action: "reassign", in: tx) { record in
                record.info.ownerId = owner
            }
        }
    }
}
