import Foundation
import VendoCore
import VendoStore

/// One method per user action. Each runs in one transaction: load, check, apply the domain rule,
/// save, write history; a failure anywhere leaves nothing half-done.
public struct Services: Sendable {
    public let store: Store
    let clock: any Clock
    let ids: any IDGenerator

    public init(store: Store, clock: any Clock = SystemClock(), ids: any IDGenerator = RandomIDs()) {
        self.store = store
        self.clock = clock
        self.ids = ids
    }

    func newID<R>(_: R.Type = R.self) -> ID<R> { ID<R>(ids.next()) }

    func newInfo(_ caller: Caller) -> RecordInfo { RecordInfo(at: clock.now(), by: caller.userId) }

    var today: Day { Day(clock.now()) }

    /// A write transaction whose errors come out as `ServiceError`.
    func write<T: Sendable>(_ body: @escaping @Sendable (Transaction) async throws -> T) async throws -> T {
        do {
            return try await store.write(body)
        } catch {
            throw ServiceError.from(error)
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Transaction) async throws -> T) async throws -> T {
        do {
            return try await store.read(body)
        } catch {
            throw ServiceError.from(error)
        }
    }
}

extension Services {
    func load<R: StoredRecord>(_ type: R.Type, _ id: ID<R>, in tx: Transaction) async throws -> R {
        guard let record = try await tx.find(R.self, id) else {
            throw ServiceError.notFound(recordType: R.recordType, id: id.description)
        }
        return record
    }

    /// Loads a record that another field points to; a missing one is a validation error on that field.
    func reference<R: StoredRecord>(_ type: R.Type, _ id: ID<R>, field: String, in tx: Transaction) async throws -> R {
        guard let record = try await tx.find(R.self, id) else {
            throw ServiceError.invalid(field, "unknown_\(R.recordType)", "no \(R.recordType) with id \(id)")
        }
        return record
    }

    func insert<R: StoredRecord>(_ record: R, by caller: Caller, in tx: Transaction, action: String = "create") async throws {
        try await tx.insert(record)
        try await tx.appendHistory([entry(R.recordType, record.id.uuid, caller, action)])
    }

    /// Loads a record, checks `ifVersion`, applies `change`, saves it one version up, and writes
    /// one history entry per changed field under `action`.
    func change<R: StoredRecord>(
        _ type: R.Type, _ id: ID<R>, ifVersion: Int?, by caller: Caller, action: String, in tx: Transaction,
        _ change: (inout R) async throws -> Void
    ) async throws -> R {
        let before = try await load(R.self, id, in: tx)
        try checkVersion(before, ifVersion)
        var record = before
        try await change(&record)
        // Nothing changed: no new version, no history.
        if record == before { return before }
        return try await save(record, from: before, by: caller, action: action, in: tx)
    }

    func checkVersion<R: Record>(_ record: R, _ ifVersion: Int?) throws {
        if let ifVersion, ifVersion != record.info.version {
            throw ServiceError.staleVersion(recordType: R.recordType, id: record.id.description,
                                            expected: ifVersion, actual: record.info.version)
        }
    }

    /// Saves a changed record over the version it was loaded at (`before`), with its history;
    /// returns it as saved.
    @discardableResult
    func save<R: StoredRecord>(_ record: R, from before: R, by caller: Caller, action: String, in tx: Transaction) async throws -> R {
        var next = record
        next.info.touch(at: clock.now())
        next.info.version = before.info.version + 1
        try await tx.update(next, expectedVersion: before.info.version)
        let changes = RecordDiff.changes(from: before, to: next)
        var entries = changes.map {
            HistoryEntry(id: ids.next(), recordType: R.recordType, recordId: record.id.uuid, at: clock.now(),
                         userId: caller.userId, action: action, field: $0.field, oldValue: $0.oldValue, newValue: $0.newValue)
        }
        if entries.isEmpty { entries = [entry(R.recordType, record.id.uuid, caller, action)] }
        try await tx.appendHistory(entries)
        return next
    }

    func remove<R: StoredRecord>(_ record: R, ifVersion: Int?, by caller: Caller, in tx: Transaction) async throws {
        try checkVersion(record, ifVersion)
        try await tx.delete(R.self, record.id, expectedVersion: record.info.version)
        try await tx.appendHistory([entry(R.recordType, record.id.uuid, caller, "delete")])
    }

    func entry(_ type: String, _ id: UUID, _ caller: Caller, _ action: String) -> HistoryEntry {
        HistoryEntry(id: ids.next(), recordType: type, recordId: id, at: clock.now(), userId: caller.userId, action: action)
    }

    /// Reads one record.
    public func get<R: StoredRecord>(_ type: R.Type, _ id: ID<R>) async throws -> R {
        try await read { tx in try await load(R.self, id, in: tx) }
    }

    /// A page of records.
    public func list<R: StoredRecord>(_ type: R.Type, _ query: ListQuery) async throws -> Page<R> {
        try await read { tx in try await tx.list(R.self, query) }
    }

    /// A record's audit history, oldest first.
    public func history<R: StoredRecord>(of type: R.Type, _ id: ID<R>) async throws -> [HistoryEntry] {
        try await read { tx in
            _ = try await load(R.self, id, in: tx)
            return try await tx.history(recordType: R.recordType, recordId: id.uuid)
        }
    }
}

/// The records services can load and save; front ends name them through this.
public typealias Persisted = StoredRecord

extension Services {
    /// A record's audit history, oldest first (the front ends' name for `history(of:)`).
    public func historyOf<R: Persisted>(_ type: R.Type, _ id: ID<R>) async throws -> [HistoryEntry] {
        try await history(of: type, id)
    }
}

extension Services {
    /// Open database connections, for metrics.
    public var databaseConnections: (writers: Int, readers: Int) { store.connections }
}
