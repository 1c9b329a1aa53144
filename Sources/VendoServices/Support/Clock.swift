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

/// The user on whose behalf a service method runs; history records them.
public struct Caller: Sendable, Equatable {
    public let userId: ID<User>

    public init(_ userId: ID<User>) { self.userId = userId }
}
