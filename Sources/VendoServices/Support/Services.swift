import Foundation
import VendoCore
import VendoStore

/// One method per user action. Each runs in one transaction: load, check, apply the domain rule,
/// save, write history; a failure anywhere leaves nothing half-done.
public struct Services: Sendable {
    public let store: Store
    let clock: any Clock
    let ids: any IDGenerator
    /// What the server's flags and environment set, above the organisation's settings.
    public let server: ServerSettings

    public init(store: Store, clock: any Clock = SystemClock(), ids: any IDGenerator = RandomIDs(), server: ServerSettings = ServerSettings()) {
        self.store = store
        self.clock = clock
        self.ids = ids
        self.server = server
    }

    func newID<R>(_: R.Type = R.self) -> ID<R> { ID<R>(ids.next()) }

    func newInfo(_ caller: Caller) -> RecordInfo { RecordInfo(at: clock.now(), by: caller.userId) }

    var today: Day { Day(clock.now()) }

    /// The services' clock (what "overdue" compares with).
    public var now: Date { clock.now() }

    /// The caller of the service method running in this task; `load` and `reference` check
    /// visibility against it.
    @TaskLocal static var acting: Caller?

    /// A write transaction on behalf of `caller`.
    func write<T: Sendable>(as caller: Caller?, _ body: @escaping @Sendable (Transaction) async throws -> T) async throws -> T {
        try await Services.$acting.withValue(caller) { try await write(body) }
    }

    /// A read on behalf of `caller`.
    func read<T: Sendable>(as caller: Caller?, _ body: @escaping @Sendable (Transaction) async throws -> T) async throws -> T {
        try await Services.$acting.withValue(caller) { try await read(body) }
    }

    /// A write transaction whose errors come out as `ServiceError`. Under an Idempotency-Key,
    /// the first one to commit marks the key done in the same transaction.
    func write<T: Sendable>(_ body: @escaping @Sendable (Transaction) async throws -> T) async throws -> T {
        let mark = Services.idempotencyMark
        do {
            return try await store.write { tx in
                let result = try await body(tx)
                if let mark { try await mark.mark(in: tx) }
                return result
            }
        } catch {
            throw ServiceError.from(error)
        }
    }

    /// A write that is bookkeeping rather than the action itself (counting a password attempt):
    /// it never marks the request's Idempotency-Key done.
    func writeAside<T: Sendable>(_ body: @escaping @Sendable (Transaction) async throws -> T) async throws -> T {
        try await Services.$idempotencyMark.withValue(nil) { try await write(body) }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Transaction) async throws -> T) async throws -> T {
        do {
            return try await store.read(body)
        } catch {
            throw ServiceError.from(error)
        }
    }

    /// A read of one statement, or of a few that need not see one instant (`Store.readEach`):
    /// the reads every request makes (its token, one record, a page of a list).
    func readEach<T: Sendable>(as caller: Caller? = nil, _ body: @escaping @Sendable (Transaction) async throws -> T) async throws -> T {
        do {
            return try await Services.$acting.withValue(caller) { try await store.readEach(body) }
        } catch {
            throw ServiceError.from(error)
        }
    }
}

extension Services {
    /// A record the acting caller may see; one they may not is as missing as one that is not there.
    func load<R: StoredRecord>(_ type: R.Type, _ id: ID<R>, in tx: Transaction) async throws -> R {
        guard let record = try await tx.find(R.self, id), isVisible(record) else {
            throw ServiceError.notFound(recordType: R.recordType, id: id.description)
        }
        return record
    }

    func isVisible<R: Record>(_ record: R) -> Bool {
        guard let caller = Services.acting else { return true }
        return AccessPolicy.canSee(caller.principal, ownerId: record.info.ownerId, kind: R.accessKind)
    }

    /// Refuses (403) an operation the caller may not do on a record they can see.
    func ensureAllowed<R: Record>(_ operation: AccessOperation, _ record: R, by caller: Caller) throws {
        guard AccessPolicy.canSee(caller.principal, ownerId: record.info.ownerId, kind: R.accessKind) else {
            throw ServiceError.notFound(recordType: R.recordType, id: record.id.description)
        }
        guard AccessPolicy.allows(caller.principal, operation, ownerId: record.info.ownerId, kind: R.accessKind) else {
            throw ServiceError.forbidden(recordType: R.recordType, operation: Self.name(of: operation))
        }
    }

    /// Settings, currencies and users are the administrators'.
    func ensureAdmin(_ caller: Caller?, _ what: String, _ operation: String) throws {
        if let caller, caller.principal.role != .admin {
            throw ServiceError.forbidden(recordType: what, operation: operation)
        }
    }

    static func name(of operation: AccessOperation) -> String {
        switch operation {
        case .read: return "read"
        case .create: return "create"
        case .update: return "update"
        case .delete: return "delete"
        case .reassign: return "reassign"
        case .action(let name): return name
        }
    }

    /// Loads a record that another field points to; a missing one, or one the caller may not
    /// see, is a validation error on that field.
    func reference<R: StoredRecord>(_ type: R.Type, _ id: ID<R>, field: String, in tx: Transaction) async throws -> R {
        guard let record = try await tx.find(R.self, id), isVisible(record) else {
            throw ServiceError.invalid(field, "unknown_\(R.recordType)", "no \(R.recordType) with id \(id)")
        }
        return record
    }

    /// Writes a new record with its history; answers it as written (custom fields' defaults in).
    /// `requiring`: a person made it, so its required custom fields must be filled; a record
    /// made from another, from a file or by a visitor's form takes what it is given.
    @discardableResult
    func insert<R: StoredRecord>(_ record: R, by caller: Caller, in tx: Transaction, action: String = "create",
                                 requiring: Bool = false) async throws -> R {
        guard AccessPolicy.allows(caller.principal, .create, ownerId: record.info.ownerId, kind: R.accessKind) else {
            throw ServiceError.forbidden(recordType: R.recordType, operation: "create")
        }
        let record = try await withCheckedCustomFields(record, before: nil, requiring: requiring, in: tx)
        try await tx.insert(record, history: [entry(R.recordType, record.id.uuid, caller, action)])
        try await raiseEvents(record, before: nil, in: tx)
        try await notifyAssignment(record, before: nil, by: caller, in: tx)
        return record
    }

    /// Inserts many new records of one type, as `insert` does each: a bulk import's batch.
    func insert<R: StoredRecord>(all records: [R], by caller: Caller, in tx: Transaction) async throws {
        for record in records where !AccessPolicy.allows(caller.principal, .create, ownerId: record.info.ownerId, kind: R.accessKind) {
            throw ServiceError.forbidden(recordType: R.recordType, operation: "create")
        }
        var records = records
        for index in records.indices { records[index] = try await withCheckedCustomFields(records[index], before: nil, requiring: false, in: tx) }
        try await tx.insert(records)
        let now = clock.now()
        try await tx.appendHistory(records.map { entry(R.recordType, $0.id.uuid, caller, "create", at: now) })
        try await raiseCreated(records, in: tx)
    }

    /// Loads a record, checks `ifVersion`, applies `change`, saves it one version up, and writes
    /// one history entry per changed field under `action`.
    func change<R: StoredRecord>(
        _ type: R.Type, _ id: ID<R>, ifVersion: Int?, by caller: Caller, action: String, in tx: Transaction,
        _ change: (inout R) async throws -> Void
    ) async throws -> R {
        let before = try await load(R.self, id, in: tx)
        // Who may do it comes before whether the record's state allows it.
        try ensureAllowed(action == "update" ? .update : .action(action), before, by: caller)
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
    /// `checked: false` for a change that follows from another the caller was allowed (canceling
    /// an opportunity's quotes when it is won).
    @discardableResult
    func save<R: StoredRecord>(_ record: R, from before: R, by caller: Caller, action: String, in tx: Transaction,
                               checked: Bool = true) async throws -> R {
        if checked {
            try ensureAllowed(action == "update" ? .update : .action(action), before, by: caller)
            if record.info.ownerId != before.info.ownerId { try ensureAllowed(.reassign, before, by: caller) }
        }
        // One instant for the change and all its history entries.
        let now = clock.now()
        var next = try await withCheckedCustomFields(record, before: before, requiring: true, in: tx)
        next.info.touch(at: now)
        next.info.version = before.info.version + 1
        let changes = RecordDiff.changes(from: before, to: next)
        var entries = changes.map {
            HistoryEntry(id: ids.next(), recordType: R.recordType, recordId: record.id.uuid, at: now,
                         userId: caller.userId, action: action, field: $0.field, oldValue: $0.oldValue, newValue: $0.newValue)
        }
        if entries.isEmpty { entries = [entry(R.recordType, record.id.uuid, caller, action, at: now)] }
        try await tx.update(next, expectedVersion: before.info.version, history: entries)
        try await raiseEvents(next, before: before, in: tx)
        try await notifyAssignment(next, before: before, by: caller, in: tx)
        return next
    }

    /// Deletes a record as its references are declared (`StoreSchema`): refused while a record
    /// refers to it, and what cascades (activities and close records about it, team members,
    /// a lead's card photo) deleted with it. The history of everything deleted stays.
    func remove<R: StoredRecord>(_ record: R, ifVersion: Int?, by caller: Caller, in tx: Transaction) async throws {
        try ensureAllowed(.delete, record, by: caller)
        try checkVersion(record, ifVersion)
        try await ensureUnreferenced(record, in: tx)
        try await tx.delete(R.self, record.id, expectedVersion: record.info.version,
                            history: [entry(R.recordType, record.id.uuid, caller, "delete")])
        for type in StoreSchema.recordTypes {
            try await removeCascading(type, to: R.recordType, record.id.uuid, by: caller, in: tx)
        }
        try await tx.deletePlainRows(referencing: R.recordType, record.id.uuid)
    }

    private func removeCascading<C: StoredRecord>(_ type: C.Type, to recordType: String, _ id: UUID, by caller: Caller,
                                                  in tx: Transaction) async throws {
        for found in try await tx.cascading(C.self, to: recordType, id) {
            try await tx.delete(C.self, found.id, expectedVersion: found.info.version,
                                history: [entry(C.recordType, found.id.uuid, caller, "delete")])
        }
    }

    func entry(_ type: String, _ id: UUID, _ caller: Caller, _ action: String, at: Date? = nil) -> HistoryEntry {
        HistoryEntry(id: ids.next(), recordType: type, recordId: id, at: at ?? clock.now(), userId: caller.userId, action: action)
    }

    /// Reads one record the caller may see.
    public func get<R: StoredRecord>(_ type: R.Type, _ id: ID<R>, by caller: Caller) async throws -> R {
        try await readEach(as: caller) { tx in try await load(R.self, id, in: tx) }
    }

    /// A page of the records the caller may see; the access rule is a condition of the query.
    public func list<R: StoredRecord>(_ type: R.Type, _ query: ListQuery, by caller: Caller) async throws -> Page<R> {
        let owners = AccessPolicy.visibleOwners(caller.principal, kind: R.accessKind)
        var query = query
        if !query.custom.isEmpty || query.customSortKey != nil {
            let type = (R.self as? any CustomizableRecord.Type)?.customizedAs
            let settings = try await settings()
            query.customFilters = try customFilters(query.custom, of: type, definitions: settings)
            if let key = query.customSortKey { query.customSort = try customSort(key, of: type, definitions: settings) }
        }
        let filtered = query
        return try await readEach { tx in try await tx.list(R.self, filtered, owners: owners) }
    }

    /// A record's audit history, oldest first.
    public func history<R: StoredRecord>(of type: R.Type, _ id: ID<R>, by caller: Caller) async throws -> [HistoryEntry] {
        try await read(as: caller) { tx in
            _ = try await load(R.self, id, in: tx)
            return try await tx.history(recordType: R.recordType, recordId: id.uuid)
        }
    }
}

/// The records services can load and save; front ends name them through this.
public typealias Persisted = StoredRecord

extension Services {
    /// Open database connections, for metrics.
    public var databaseConnections: [(role: String, count: Int)] { store.connections }
}
