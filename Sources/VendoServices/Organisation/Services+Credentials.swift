import Crypto
import Foundation
import HummingbirdBcrypt
import VendoCore
import VendoStore

/// An API token as its owner sees it: never its secret.
public typealias TokenInfo = StoredToken

/// A new API token; `secret` is shown once and stored only as a hash.
public struct IssuedToken: Sendable {
    public var token: StoredToken
    public var secret: String
}

extension Services {
    static func hash(_ secret: String) -> String { sha256Hex(Array(secret.utf8)) }

    /// The SHA-256 of `bytes` in lower-case hex (stored tokens, kept documents, card photos).
    static func sha256Hex(_ bytes: [UInt8]) -> String {
        Hex.lowercase(SHA256.hash(data: bytes))
    }

    /// Compares secrets (CSRF tokens) in a time that does not depend on where they differ.
    public static func sameSecret(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// A random URL-safe secret of `bytes` random bytes (session secrets, tokens, form tokens).
    public static func randomSecret(bytes: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let raw = (0..<bytes).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(raw).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    public func createToken(for user: ID<User>, name: String, expiresAt: Date? = nil, by caller: Caller) async throws -> IssuedToken {
        try await write(as: caller) { tx in
            let owner = try await load(User.self, user, in: tx)
            if user != caller.userId { try ensureAdmin(caller, "token", "create for another user") }
            // A database set up by `vendo migrate` alone has no settings yet: the default holds.
            let lifetime = try await tx.settings()?.tokenLifetime ?? OrganisationSettings().tokenLifetime
            let latest = clock.now().addingTimeInterval(TimeInterval(lifetime) * 86_400)
            var check = Validator()
            check.require(name, "name", maxLength: 100)
            if let expiresAt, expiresAt <= clock.now() { check.add("expiresAt", "in_the_past", "expiresAt must be in the future") }
            if let expiresAt, expiresAt > latest {
                check.add("expiresAt", "too_far", "a token lives at most \(lifetime) days (the organisation's setting)")
            }
            try check.check()
            guard owner.active else {
                throw ServiceError.conflict(code: "user_inactive", message: "the user is deactivated", related: [user.description])
            }
            let secret = "vendo_" + Self.randomSecret()
            let token = StoredToken(id: ids.next(), userId: user, name: name, createdAt: clock.now(), expiresAt: expiresAt ?? latest,
                                    revokedAt: nil)
            try await tx.insertToken(token, hash: Self.hash(secret))
            try await securityEvent("tokenCreated", user: user, detail: name, in: tx)
            try await tx.appendHistory([HistoryEntry(id: ids.next(), recordType: User.recordType, recordId: user.uuid, at: clock.now(),
                                                     userId: caller.userId, action: "createToken", field: "token", newValue: name)])
            return IssuedToken(token: token, secret: secret)
        }
    }

    public func revokeToken(_ id: UUID, of user: ID<User>, by caller: Caller) async throws {
        try await write(as: caller) { tx in
            if user != caller.userId { try ensureAdmin(caller, "token", "revoke for another user") }
            guard try await tx.revokeToken(id, of: user, at: clock.now()) else {
                throw ServiceError.notFound(recordType: "token", id: id.uuidString.lowercased())
            }
            try await securityEvent("tokenRevoked", user: user, detail: id.uuidString.lowercased(), in: tx)
            try await tx.appendHistory([HistoryEntry(id: ids.next(), recordType: User.recordType, recordId: user.uuid, at: clock.now(),
                                                     userId: caller.userId, action: "revokeToken", field: "token",
                                                     oldValue: id.uuidString.lowercased())])
        }
    }

    /// A user's API tokens, revoked and expired ones too; never their secrets. Theirs or an
    /// administrator's to read.
    public func tokens(of user: ID<User>, by caller: Caller) async throws -> [StoredToken] {
        try await read(as: caller) { tx in
            _ = try await load(User.self, user, in: tx)
            if user != caller.userId { try ensureAdmin(caller, "token", "list for another user") }
            return try await tx.tokens(of: user)
        }
    }

    /// The caller a bearer token stands for, or nil when it is unknown, revoked, expired or its
    /// user is deactivated. Its last use is recorded to the minute.
    public func authenticate(token secret: String) async throws -> Caller? {
        guard !secret.isEmpty, secret.count < 200 else { return nil }
        let now = clock.now()
        // Token, user and teams need not be read at one instant: each is checked on its own.
        let found = try await readEach { tx -> (Caller, StoredToken)? in
            guard let (token, user) = try await tx.tokenHolder(withHash: Self.hash(secret)), token.revokedAt == nil, user.active else {
                return nil
            }
            if let expiry = token.expiresAt, expiry <= now { return nil }
            return (Caller(principal: Principal(userId: user.id, role: user.role, teammates: try await tx.teammates(of: user.id))), token)
        }
        guard let (caller, token) = found else { return nil }
        // Recording every request would make each a write; a minute's precision is enough.
        if token.lastUsedAt.map({ now.timeIntervalSince($0) > 60 }) ?? true {
            try await write { tx in try await tx.touchToken(token.id, at: now) }
        }
        return caller
    }

    /// Sets a user's password (stored as a bcrypt hash); returns nothing secret.
    /// The caller for a user, with their role and teams as they are now.
    public func caller(for user: ID<User>) async throws -> Caller {
        try await read { tx in
            guard let found = try await tx.find(User.self, user) else { throw ServiceError.notFound(recordType: "user", id: user.description) }
            return Caller(principal: Principal(userId: found.id, role: found.role, teammates: try await tx.teammates(of: found.id)))
        }
    }

    /// Sets a user's password (stored as a bcrypt hash). Every session of the user ends but
    /// the one whose secret is `keepingSession` (the person changing their own password stays
    /// signed in where they did it); with `revokeTokens` their API tokens are revoked too.
    public func setPassword(_ password: String, for user: ID<User>, keepingSession: String? = nil, revokeTokens: Bool = false,
                            by caller: Caller) async throws {
        let hash = try await Self.passwordHash(password)
        try await write(as: caller) { tx in
            _ = try await load(User.self, user, in: tx)
            if user != caller.userId { try ensureAdmin(caller, "password", "set for another user") }
            try await tx.setPasswordHash(hash, for: user, at: clock.now())
            try await tx.deleteSessions(of: user, keeping: keepingSession.map(Self.hash))
            let revoked = revokeTokens ? try await tx.revokeTokens(of: user, at: clock.now()) : 0
            try await securityEvent("passwordChanged", user: user, detail: revokeTokens ? "\(revoked) tokens revoked" : nil, in: tx)
            try await tx.appendHistory([HistoryEntry(id: ids.next(), recordType: User.recordType, recordId: user.uuid, at: clock.now(),
                                                     userId: caller.userId, action: "setPassword", field: "password")])
        }
    }

    /// A person changes their own password, giving the current one first.
    public func changeOwnPassword(current: String, new password: String, keepingSession: String?, revokeTokens: Bool,
                                  by caller: Caller) async throws {
        try await confirmPassword(current, by: caller)
        try await setPassword(password, for: caller.userId, keepingSession: keepingSession, revokeTokens: revokeTokens, by: caller)
    }

    /// Checks a new password's length and returns its bcrypt hash, computed off the cooperative pool.
    static func passwordHash(_ password: String) async throws -> String {
        var check = Validator()
        if password.count < 12 { check.add("password", "too_short", "a password has at least 12 characters") }
        if CommonPasswords.contains(password) {
            check.add("password", "too_common", "this password is among the most common ones; choose another")
        }
        if password.utf8.count > 72 { check.add("password", "too_long", "a password has at most 72 bytes") }
        do {
            try check.check()
        } catch {
            throw ServiceError.from(error)
        }
        return try await CPUWork.run { Bcrypt.hash(password, cost: 10) }
    }

    /// On an empty database: the organisation, an `admin` user, a one-time password and an API
    /// token. Returns nil when users exist already.
    public func bootstrapAdmin(email: String = "admin@vendo.local") async throws -> (user: User, password: String, token: IssuedToken)? {
        try await setUpOrganisation()
        let hasUsers = try await read { tx in try await tx.list(User.self, ListQuery(limit: 1)).items.isEmpty == false }
        guard !hasUsers else { return nil }
        let admin: User
        do {
            admin = try await createUser(name: "admin", email: email, role: .admin, by: nil)
        } catch ServiceError.conflict(code: "already_exists", _, _) {
            // Another server starting on the same database made it a moment ago.
            return nil
        }
        let password = Self.randomSecret(bytes: 15)
        try await setPassword(password, for: admin.id, by: Caller(admin.id))
        let token = try await createToken(for: admin.id, name: "first start", by: Caller(admin.id))
        return (admin, password, token)
    }
}
