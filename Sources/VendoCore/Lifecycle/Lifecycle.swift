/// A record whose life is a state machine: a coarse state, a finer status that belongs to it,
/// and an explicit table of which action may start from which state.
public protocol LifecycleRecord: Record {
    associatedtype State: RawRepresentable<String>, Hashable, Sendable, CaseIterable
    associatedtype Status: RawRepresentable<String>, Hashable, Sendable, CaseIterable
    associatedtype Action: RawRepresentable<String>, Hashable, Sendable, CaseIterable

    var state: State { get }
    var status: Status { get }
    /// The states each action may start from. An action missing here is never allowed.
    static var transitions: [Action: Set<State>] { get }
    /// The statuses each state allows.
    static var statuses: [State: [Status]] { get }
}

extension LifecycleRecord {
    public static func allows(_ action: Action, from state: State) -> Bool {
        transitions[action]?.contains(state) ?? false
    }

    /// Throws `invalidTransition` naming the current state when `action` may not start here.
    public func ensure(_ action: Action) throws(DomainError) {
        guard Self.allows(action, from: state) else {
            throw .invalidTransition(
                record: Self.recordType, state: state.rawValue, status: status.rawValue, action: action.rawValue)
        }
    }

    public static func isValid(state: State, status: Status) -> Bool {
        statuses[state]?.contains(status) ?? false
    }
}
