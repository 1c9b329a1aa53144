import Foundation
import VendoCore
import VendoStore

extension Services {
    /// Creates a user, with a password when one is given, in one transaction. The first user of a
    /// database creates itself (`caller` nil).
    public func createUser(name: String, email: String, role: Role, locale: String = "en", password: String? = nil,
                           by caller: Caller?) async throws -> User {
        // Hashing is slow on purpose: done before taking the writer.
        let hash: String? = if let password { try await Self.passwordHash(password) } else { nil }
        return try await write(as: caller) { tx in
            try ensureAdmin(caller, "user", "create")
            let id: ID<User> = newID()
            let actor = caller ?? Caller(id)
            let user = User(id: id, info: RecordInfo(at: clock.now(), by: actor.userId), name: name,
                            email: email.trimmingWhitespace(), role: role, locale: locale)
            try user.validate()
            if try await tx.user(withEmail: email) != nil {
                throw ServiceError.conflict(code: "already_exists", message: "a user has the e-mail \(email)", related: [email])
            }
            try await insert(user, by: actor, in: tx)
            if let hash { try await tx.setPasswordHash(hash, for: id, at: clock.now()) }
            return user
        }
    }
}

extension Services {
    /// The user with this e-mail (case-insensitive).
    public func user(email: String) async throws -> User {
        try await read { tx in
            guard let user = try await tx.user(withEmail: email) else { throw ServiceError.notFound(recordType: "user", id: email) }
            return user
        }
    }

    /// The active administrator with this e-mail, or the first one made when none is given: who
    /// the command line acts as.
    public func administrator(email: String?) async throws -> User {
        let user: User
        if let email {
            user = try await self.user(email: email)
        } else {
            let admins = try await read { tx in try await tx.all(User.self).filter { $0.role == .admin && $0.active } }
            guard let first = admins.min(by: { $0.info.createdAt < $1.info.createdAt }) else {
                throw ServiceError.notFound(recordType: "user", id: "administrator")
            }
            user = first
        }
        guard user.role == .admin, user.active else { throw ServiceError.forbidden(recordType: "user", operation: "command line") }
        return user
    }

    /// Changes a user's name, role, language or active flag (administrators). A role change is a
    /// security event; deactivation ends the user's sessions at once.
    public func updateUser(_ id: ID<User>, ifVersion: Int?, by caller: Caller,
                           _ edit: @escaping @Sendable (inout User) -> Void) async throws -> User {
        try await write(as: caller) { tx in
            let previous = try await load(User.self, id, in: tx)
            let user = try await change(User.self, id, ifVersion: ifVersion, by: caller, action: "update", in: tx) { user in
                let before = user
                edit(&user)
                user.id = before.id
                user.info = before.info
                try user.validate()
                if user.email.lowercased() != before.email.lowercased(), let other = try await tx.user(withEmail: user.email), other.id != id {
                    throw ServiceError.conflict(code: "already_exists", message: "a user has the e-mail \(user.email)", related: [])
                }
                if before.id == caller.userId && (!user.active || user.role != .admin) && before.role == .admin {
                    throw ServiceError.invalid("role", "self_demotion", "an administrator cannot demote or deactivate themself")
                }
            }
            if previous.role != user.role {
                try await securityEvent("roleChanged", user: id, detail: "\(previous.role.rawValue) → \(user.role.rawValue)", in: tx)
            }
            if previous.active && !user.active {
                try await tx.deleteSessions(of: id)
                try await securityEvent("userDeactivated", user: id, detail: nil, in: tx)
            }
            return user
        }
    }

    /// A new random password for a user, stored hashed; returns it to be shown once. Every
    /// session of the user ends, and with `revokeTokens` every API token.
    public func resetPassword(for user: ID<User>, revokeTokens: Bool = false, by caller: Caller) async throws -> String {
        let password = Self.randomSecret(bytes: 15)
        try await setPassword(password, for: user, revokeTokens: revokeTokens, by: caller)
        return password
    }
}

extension Services {
    /// The identity under which `vendo user …` commands act and are recorded in history: the
    /// person at the server's command line, with every right.
    public static let commandLine = ID<User>(UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)))
}

extension Services {
    /// A user's own choice of language for the web pages (`en` or `fr`); anyone may set their own.
    public func setLanguage(_ locale: String, by caller: Caller) async throws -> User {
        guard ["en", "fr"].contains(locale) else { throw ServiceError.invalid("locale", "invalid_choice", "the language is en or fr") }
        return try await write(as: caller) { tx in
            let before = try await load(User.self, caller.userId, in: tx)
            var user = before
            user.locale = locale
            if user == before { return before }
            return try await save(user, from: before, by: caller, action: "update", in: tx, checked: false)
        }
    }
}
