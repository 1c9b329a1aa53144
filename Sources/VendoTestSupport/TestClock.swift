import Foundation
import Synchronization
import VendoCore
import VendoServices

/// A clock that stands still unless told to move, so tests see the same dates every run.
public final class FixedClock: Clock {
    private let current: Mutex<Date>

    /// 2026-03-15 09:30 UTC unless told otherwise.
    public init(_ start: Date = Date(timeIntervalSince1970: 1_773_567_000)) {
        current = Mutex(start)
    }

    public func now() -> Date { current.withLock { $0 } }

    public func advance(seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    public func set(_ date: Date) {
        current.withLock { $0 = date }
    }
}

/// Ids 00000000-0000-0000-0000-000000000001, …2, …3: stable across runs.
public final class SequentialIDs: IDGenerator {
    private let counter = Mutex<UInt64>(0)

    public init() {}

    public func next() -> UUID {
        let value = counter.withLock { count -> UInt64 in
            count += 1
            return count
        }
        let hex = String(value, radix: 16)
        let padded = String(repeating: "0", count: 12 - hex.count) + hex
        return UUID(uuidString: "00000000-0000-0000-0000-\(padded)") ?? UUID()
    }
}
