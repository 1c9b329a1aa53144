import Foundation

/// Who is acting: their role, and the users they share a team with (themselves included).
public struct Principal: Sendable, Equatable {
    public var userId: ID<User>
    public var role: Role
    /// Every user who shares at least one team with this one, and the user.
    public var teammates: Set<ID<User>>

    public init(userId: ID<User>, role: Role, teammates: Set<ID<User>>) {
        self.userId = userId
        self.role = role
        self.teammates = teammates.union([userId])
    }
}

/// How a kind of record is governed.
public enum RecordKind: Sendable, Equatable {
    /// Sales records with an owner (leads, customers, opportunities, quotes, orders, invoices).
    case owned
    /// Shared reference data everyone reads and only admins change (catalog, currencies, settings).
    case catalog
    /// Reference data everyone reads and adds to; its owner, managers and admins change it (competitors).
    case shared
    /// Users and teams: admins manage them; everyone may read them.
    case directory
}

public enum AccessOperation: Sendable, Equatable {
    case read, create, update, delete, reassign
    /// A lifecycle action (qualify, win, issue…): governed like an update.
    case action(String)
}

/// SALES-PROCESS.md §10: a salesperson sees the records of their teams and edits their own; a
/// manager sees and edits their teams' records and reassigns them; an admin does everything.
/// Everyone reads the catalog; only admins change it, and users, teams and settings.
public enum AccessPolicy {
    public static func canSee(_ principal: Principal, ownerId: ID<User>?, kind: RecordKind) -> Bool {
        switch (kind, principal.role) {
        case (.catalog, _), (.shared, _), (.directory, _), (_, .admin): return true
        case (.owned, _): return ownerId.map { principal.teammates.contains($0) } ?? false
        }
    }

    /// Whether a record the principal can see may undergo `operation`.
    public static func allows(_ principal: Principal, _ operation: AccessOperation, ownerId: ID<User>?, kind: RecordKind) -> Bool {
        if principal.role == .admin { return true }
        switch kind {
        case .catalog, .directory:
            return operation == .read
        case .shared:
            switch operation {
            case .read, .create: return true
            case .reassign: return false
            case .update, .delete, .action: return principal.role == .manager || ownerId == principal.userId
            }
        case .owned:
            switch operation {
            case .read: return canSee(principal, ownerId: ownerId, kind: kind)
            case .create: return true
            case .reassign: return principal.role == .manager && canSee(principal, ownerId: ownerId, kind: kind)
            case .update, .delete, .action:
                switch principal.role {
                case .manager: return canSee(principal, ownerId: ownerId, kind: kind)
                case .salesperson: return ownerId == principal.userId
                case .admin: return true
                }
            }
        }
    }

    /// The owners whose records a list shows to this principal; nil for everything.
    public static func visibleOwners(_ principal: Principal, kind: RecordKind) -> Set<ID<User>>? {
        switch (kind, principal.role) {
        case (.catalog, _), (.shared, _), (.directory, _), (_, .admin): return nil
        case (.owned, _): return principal.teammates
        }
    }
}
