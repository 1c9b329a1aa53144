import Foundation
import VendoCore
import VendoStore

extension Services {
    /// Creates a user, with a password when one is given, in one transaction. The first user of a
    /// database creates itself (`caller` nil).
    public func createUser(name: String, email: String, role: Role, locale: String = "en", password: String? = nil,
                           by caller: Caller?) async throws -> User {
        // Hashing is slow on purpose: done before taking the writer.
        let hash: String?
        do {
            hash = try password.map { try Self.passwordHash($0) }
        } catch {
            throw ServiceError.from(error)
        }
        return try await write(as: caller) { tx in
            try ensureAdmin(caller, "user", "create")
            let id: ID<User> = newID()
            let actor = caller ?? Caller(id)
            let user = User(id: id, info: RecordInfo(at: clock.now(), by: actor.userId), name: name,
                            email: email.trimmingCharacters(in: .whitespaces), role: role, locale: locale)
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

    /// A new random password for a user, stored hashed; returns it to be shown once.
    public func resetPassword(for user: ID<User>, by caller: Caller) async throws -> String {
        let password = Self.randomSecret(bytes: 15)
        try await setPassword(password, for: user, by: caller)
        return password
    }
}
