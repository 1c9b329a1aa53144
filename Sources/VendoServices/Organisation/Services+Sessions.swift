import Foundation
import HummingbirdBcrypt
import VendoCore
import VendoStore

/// A person signed in: who, the cookie secret (shown once), and the token forms must echo.
public struct SignedIn: Sendable {
    public var caller: Caller
    public var user: User
    public var secret: String
    public var csrfToken: String
    public var expiresAt: Date
    /// Seconds from the sign-in to `expiresAt`, by the services' clock: the cookie's Max-Age.
    public var lifetime: Int
}

/// Limits of sessions and sign-in attempts.
public enum SessionRules {
    /// A session unused this long ends.
    public static let idle: TimeInterval = 2 * 3600
    /// A session ends this long after sign-in whatever its use.
    public static let absolute: TimeInterval = 12 * 3600
    /// Failed sign-ins counted over this window.
    public static let window: TimeInterval = 15 * 60
    public static let failuresPerAccount = 5
    public static let failuresPerAddress = 20
}

extension Services {
    /// Signs a person in with e-mail and password. The attempt is counted against the account
    /// and the address in the same transaction that checks their counters, before the password
    /// is verified: parallel guesses each see the ones before them, so no more than the limit
    /// are ever verified. A successful attempt takes its count back. An unknown address verifies
    /// a dummy hash, so that the time taken does not tell which addresses have accounts. A
    /// session secret the client already had (`previous`) is ended, so a session id is never
    /// reused across a sign-in.
    public func signIn(email: String, password: String, address: String, previous: String? = nil) async throws -> SignedIn {
        let accountKey = Self.accountKey(email)
        let (found, attempt) = try await countedAttempt(
            [(accountKey, SessionRules.failuresPerAccount), ("address:" + address, SessionRules.failuresPerAddress)], password: password
        ) { tx in
            guard let user = try await tx.user(withEmail: email), user.active, let hash = try await tx.passwordHash(for: user.id) else { return nil }
            return (user, hash)
        }
        guard let user = found else {
            try await write { tx in
                try await tx.appendSecurityEvent(SecurityEvent(id: ids.next(), at: clock.now(), kind: "signInFailed",
                                                               userId: try await tx.user(withEmail: email)?.id, email: email, address: address))
            }
            throw ServiceError.unauthenticated("the e-mail or the password is wrong")
        }
        let secret = "vendo_s_" + Self.randomSecret()
        let csrf = Self.randomSecret(bytes: 24)
        let now = clock.now()
        let session = StoredSession(userId: user.id, csrfToken: csrf, createdAt: now, lastSeenAt: now,
                                    expiresAt: now.addingTimeInterval(SessionRules.absolute))
        let caller = try await write { tx -> Caller in
            if let previous { try await tx.deleteSession(hash: Self.hash(previous)) }
            try await tx.forgetSignInAttempt(attempt)
            try await tx.clearSignInFailures(key: accountKey)
            try await tx.insertSession(hash: Self.hash(secret), session)
            try await tx.appendSecurityEvent(SecurityEvent(id: ids.next(), at: now, kind: "signIn", userId: user.id, email: user.email,
                                                           address: address))
            return Caller(principal: Principal(userId: user.id, role: user.role, teammates: try await tx.teammates(of: user.id)))
        }
        return SignedIn(caller: caller, user: user, secret: secret, csrfToken: csrf, expiresAt: session.expiresAt,
                        lifetime: max(0, Int(session.expiresAt.timeIntervalSince(clock.now()).rounded())))
    }

    static func accountKey(_ email: String) -> String { "account:" + email.lowercased().trimmingWhitespace() }

    /// Checks a password the way sign-in does: the attempt is counted against each key in the
    /// transaction that checks their counters, then `password` is verified against the hash
    /// `lookUp` finds (a dummy one when it finds none), off the cooperative pool. Returns the
    /// user when the password is right (the caller then takes the attempt back with
    /// `forgetSignInAttempt`), and the attempt's id.
    func countedAttempt(_ keys: [(key: String, limit: Int)], password: String,
                        lookUp: @escaping @Sendable (Transaction) async throws -> (User, String)?) async throws -> (User?, String) {
        let attempt = ids.next().uuidString.lowercased()
        let found = try await writeAside { tx -> (User, String)? in
            let now = clock.now()
            try await tx.lockCounters(keys.map(\.key))
            for (key, limit) in keys {
                let failures = try await tx.signInFailures(key: key, since: now.addingTimeInterval(-SessionRules.window))
                if failures.count >= limit, let oldest = failures.first {
                    let wait = max(1, Int((oldest.addingTimeInterval(SessionRules.window).timeIntervalSince(now)).rounded(.up)))
                    throw ServiceError.tooManyAttempts(retryAfter: wait)
                }
            }
            try await tx.recordSignInAttempt(keys: keys.map(\.key), at: now, attempt: attempt)
            return try await lookUp(tx)
        }
        let verified = try await CPUWork.run { Bcrypt.verify(password, hash: found?.1 ?? Self.dummyHash) }
        return (verified ? found?.0 : nil, attempt)
    }

    /// Asks a signed-in person for their password again before something that gives lasting
    /// access (a new API token, a new password); wrong answers count as failed sign-ins and are
    /// reported on `field`, the form's name for it.
    public func confirmPassword(_ password: String, field: String = "currentPassword", by caller: Caller) async throws {
        let email = try await read(as: caller) { tx in try await load(User.self, caller.userId, in: tx).email }
        let key = Self.accountKey(email)
        let (user, attempt) = try await countedAttempt([(key, SessionRules.failuresPerAccount)], password: password) { tx in
            guard let user = try await tx.find(User.self, caller.userId), user.active, let hash = try await tx.passwordHash(for: user.id) else {
                return nil
            }
            return (user, hash)
        }
        try await writeAside { tx in
            if user != nil {
                try await tx.forgetSignInAttempt(attempt)
                try await tx.clearSignInFailures(key: key)
            } else {
                try await securityEvent("passwordConfirmationFailed", user: caller.userId, detail: nil, in: tx)
            }
        }
        guard user != nil else { throw ServiceError.invalid(field, "wrong_password", "the password is wrong") }
    }

    /// What an unknown address is checked against: a hash of a password nobody has, at the cost
    /// real ones use.
    static let dummyHash = Bcrypt.hash(randomSecret(bytes: 16), cost: 10)

    /// The caller and CSRF token of a live session; nil when it is unknown, idle too long, past
    /// its absolute end, or its user is deactivated.
    public func session(secret: String) async throws -> (caller: Caller, csrfToken: String)? {
        guard !secret.isEmpty, secret.count < 200 else { return nil }
        let hash = Self.hash(secret)
        let now = clock.now()
        guard let found = try await read({ tx -> (StoredSession, User, Set<ID<User>>)? in
            guard let session = try await tx.session(hash: hash), let user = try await tx.find(User.self, session.userId) else { return nil }
            return (session, user, try await tx.teammates(of: user.id))
        }) else { return nil }
        let (session, user, teammates) = found
        guard user.active, session.expiresAt > now, session.lastSeenAt.addingTimeInterval(SessionRules.idle) > now else { return nil }
        // Recording every request would make each a write; a minute's precision is enough.
        if now.timeIntervalSince(session.lastSeenAt) > 60 {
            try await write { tx in try await tx.touchSession(hash: hash, at: now) }
        }
        return (Caller(principal: Principal(userId: user.id, role: user.role, teammates: teammates)), session.csrfToken)
    }

    /// Ends a session on the server.
    public func signOut(secret: String) async throws {
        try await write { tx in
            let hash = Self.hash(secret)
            guard let session = try await tx.session(hash: hash) else { return }
            try await tx.deleteSession(hash: hash)
            try await tx.appendSecurityEvent(SecurityEvent(id: ids.next(), at: clock.now(), kind: "signOut", userId: session.userId))
        }
    }

    /// The newest security events, for administrators.
    public func securityEvents(limit: Int = 100, by caller: Caller) async throws -> [SecurityEvent] {
        try ensureAdmin(caller, "security events", "read")
        return try await read { tx in try await tx.securityEvents(limit: max(1, min(limit, 1000))) }
    }

    func securityEvent(_ kind: String, user: ID<User>?, detail: String?, in tx: Transaction) async throws {
        try await tx.appendSecurityEvent(SecurityEvent(id: ids.next(), at: clock.now(), kind: kind, userId: user, detail: detail))
    }
}
