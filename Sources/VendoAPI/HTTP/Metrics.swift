import Foundation
import Synchronization

/// Request counts and latency histograms by route and status, kept in this process and
/// written in the Prometheus text format.
public final class Metrics: Sendable {
    /// Upper bounds of the latency buckets, in seconds.
    static let buckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]

    private struct Series {
        var count: Int = 0
        var sum: Double = 0
        var buckets: [Int] = Array(repeating: 0, count: Metrics.buckets.count)
    }

    private struct Key: Hashable {
        let method: String
        let route: String
        let status: Int
    }

    private let series = Mutex<[Key: Series]>([:])

    public init() {}

    /// Methods labelled as themselves; any other becomes OTHER, so that odd requests cannot grow
    /// the number of series without bound.
    static let knownMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    public func record(method rawMethod: String, route: String, status: Int, seconds: Double) {
        let method = Metrics.knownMethods.contains(rawMethod) ? rawMethod : "OTHER"
        series.withLock { all in
            var entry = all[Key(method: method, route: route, status: status), default: Series()]
            entry.count += 1
            entry.sum += seconds
            for (index, bound) in Metrics.buckets.enumerated() where seconds <= bound { entry.buckets[index] += 1 }
            all[Key(method: method, route: route, status: status)] = entry
        }
    }

    /// The Prometheus exposition text, with the process's memory and the database's state.
    func text(databaseUp: Bool, connections: [(role: String, count: Int)]) -> String {
        var out = """
            # HELP vendo_http_requests_total HTTP requests by method, route and status.
            # TYPE vendo_http_requests_total counter

            """
        let snapshot = series.withLock { $0 }.sorted { ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status) }
        for (key, entry) in snapshot {
            out += "vendo_http_requests_total{\(labels(key))} \(entry.count)\n"
        }
        out += """
            # HELP vendo_http_request_duration_seconds Time to answer, by method, route and status.
            # TYPE vendo_http_request_duration_seconds histogram

            """
        for (key, entry) in snapshot {
            for (index, bound) in Metrics.buckets.enumerated() {
                out += "vendo_http_request_duration_seconds_bucket{\(labels(key)),le=\"\(bound)\"} \(entry.buckets[index])\n"
            }
            out += "vendo_http_request_duration_seconds_bucket{\(labels(key)),le=\"+Inf\"} \(entry.count)\n"
            out += "vendo_http_request_duration_seconds_sum{\(labels(key))} \(entry.sum)\n"
            out += "vendo_http_request_duration_seconds_count{\(labels(key))} \(entry.count)\n"
        }
        out += """
            # HELP vendo_database_up Whether the last database check succeeded.
            # TYPE vendo_database_up gauge
            vendo_database_up \(databaseUp ? 1 : 0)
            # HELP vendo_database_connections Database connections by role (SQLite: one writer, several readers; PostgreSQL: the pool's size).
            # TYPE vendo_database_connections gauge
            \(connections.map { "vendo_database_connections{role=\"\($0.role)\"} \($0.count)" }.joined(separator: "\n"))
            # HELP process_resident_memory_bytes Resident memory size in bytes.
            # TYPE process_resident_memory_bytes gauge
            process_resident_memory_bytes \(Self.residentMemory())

            """
        return out
    }

    private func labels(_ key: Key) -> String {
        "method=\"\(key.method)\",route=\"\(key.route.replacingOccurrences(of: "\"", with: ""))\",status=\"\(key.status)\""
    }

    /// Resident memory from /proc/self/statm (pages × page size); 0 where that file is missing.
    static func residentMemory() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
