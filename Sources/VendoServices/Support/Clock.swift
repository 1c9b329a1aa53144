import VendoCore
import Foundation

/// Where services get the time; tests fix it.
public protocol Clock: Sendable {
    func now() -> Date
}

public struct SystemClock: Clock {
    public init() {}
    public func now() -> Date { Date() }
}

/// Where services get new ids; tests make them sequential.
public protocol IDGenerator: Sendable {
    func next() -> UUID
}

public struct RandomIDs: IDGenerator {
    public init() {}
    public func next() -> UUID { UUID() }
}

/// The user on whose behalf a service method runs, with what they may do; history records them.
public struct Caller: Sendable, Equatable {
    public let principal: Principal

    public var userId: ID<User> { principal.userId }

    /// A caller with every right, for start-up, the administrator's command line and tests.
    /// Requests from users get theirs from `Services.caller(for:)` or `authenticate(token:)`.
    public init(_ userId: ID<User>) { principal = Principal(userId: userId, role: .admin, teammates: []) }

    public init(principal: Principal) { self.principal = principal }

    /// The administrator at the server's command line and the server's own start-up: every
    /// right, recorded in history as `Services.commandLine`. Services take a caller in every
    /// method; this one is named where no person asks, never implied by a missing caller.
    public static let system = Caller(Services.commandLine)
}
