import Foundation

/// Durations of one kind of operation, in seconds, and their percentiles.
struct Samples: Sendable {
    private(set) var values: [Double] = []

    mutating func add(_ seconds: Double) { values.append(seconds) }
    mutating func add(_ other: Samples) { values += other.values }

    var count: Int { values.count }
    var total: Double { values.reduce(0, +) }

    /// The nearest-rank percentile, in milliseconds.
    func percentileMs(_ p: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)] * 1000
    }

    var meanMs: Double { values.isEmpty ? 0 : total / Double(values.count) * 1000 }

    var summary: [String: Double] {
        ["count": Double(count), "mean_ms": meanMs, "p50_ms": percentileMs(50), "p99_ms": percentileMs(99)]
    }
}

/// A monotonic stopwatch.
struct Stopwatch {
    private let start = ContinuousClock.now

    var seconds: Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}

/// Prints one JSON object on stdout: the figures a subcommand hands back to scripts/bench.
func emit(_ object: [String: Any]) throws {
    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
}
