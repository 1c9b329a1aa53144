import Foundation
import VendoCore
import VendoStore

/// Ends the transaction of an all-or-nothing import's batch that met a bad row, carrying the
/// report out of it.
private struct ImportRollback: Error {
    var report: ImportReport
}

extension Services {
    /// Imports a CSV or vCard file, read a chunk at a time. Each row goes through the same rules
    /// as a record created by hand; duplicates (SALES-PROCESS.md §3, against the database and
    /// earlier rows of the file) are skipped unless allowed. Dry runs and all-or-nothing imports
    /// check the whole file first, with reads only; then, as with `skipBadRows`, rows commit in
    /// batches, so that a long import never holds other writers back.
    public func importFile(_ kind: ImportKind, path: String, format: ImportFormat? = nil, options: ImportOptions, by caller: Caller,
                           progress: (@Sendable (ImportProgress) -> Void)? = nil) async throws -> ImportReport {
        let format = format ?? ImportFormat.guess(path: path)
        // The organisation's own fields of the kind: columns and defaults may name them.
        let (custom, relabelled) = try await read { tx in
            let settings = try await tx.settings()
            let custom = settings.flatMap { settings in kind.customizedAs.map { settings.customFields(of: $0) } }?.filter { !$0.retired } ?? []
            return (custom, kind.customizedAs.flatMap { settings?.fieldLabels?[$0.rawValue] } ?? [:])
        }
        let names = kind.fieldNames + custom.map { ImportCustomFields.prefix + $0.key }
        let unknownDefaults = options.defaults.keys.filter { !names.contains($0) }.sorted()
        if !unknownDefaults.isEmpty {
            throw ServiceError.validation(unknownDefaults.map { FieldError("defaults", "unknown_field", "\(kind.rawValue) have no field \($0)") })
        }
        // The file and its header are checked before anything is written.
        var probe = try ImportReader(path: path, format: format, kind: kind, mapping: options.mapping, custom: custom)
        probe.close()
        // Columns headed by the organisation's labels of built-in fields, as its exports write them.
        var options = options
        let added = format == .csv ? kind.relabelled(probe.headers, labels: relabelled, custom: custom, mapped: options.mapping) : [:]
        if !added.isEmpty {
            options.mapping.merge(added) { mine, _ in mine }
            probe = try ImportReader(path: path, format: format, kind: kind, mapping: options.mapping, custom: custom)
            probe.close()
        }
        var start = ImportReport(kind: kind, format: format, dryRun: options.dryRun)
        start.mapping = probe.columns.mapping(headers: probe.headers)
        start.ignoredColumns = probe.columns.ignored
        let initial = start
        return try await oneImportAtATime(by: caller) {
            try await importChecked(kind, path: path, format: format, options: options, initial: initial, custom: custom, by: caller,
                                    progress: progress)
        }
    }

    /// How long an import may run before another of the same user may start anyway: the server
    /// that ran it must have died without clearing its mark.
    static let importRunStale: TimeInterval = 3600

    /// Runs `body` as the caller's only import: a second one, from any server, is refused (409)
    /// while the first runs, so that one person cannot queue import after import on the writer.
    private func oneImportAtATime<T: Sendable>(by caller: Caller, _ body: () async throws -> T) async throws -> T {
        let started = clock.now()
        let claimed = try await write { tx in
            try await tx.claimImportRun(user: caller.userId, at: started, staleBefore: started.addingTimeInterval(-Self.importRunStale))
        }
        guard claimed else {
            throw ServiceError.conflict(code: "import_in_progress",
                                        message: "an import of yours is still running; send the next one when its report is back", related: [])
        }
        let result: T
        do {
            result = try await body()
        } catch {
            try? await write { tx in try await tx.endImportRun(user: caller.userId, startedAt: started) }
            throw error
        }
        try? await write { tx in try await tx.endImportRun(user: caller.userId, startedAt: started) }
        return result
    }

    private func importChecked(_ kind: ImportKind, path: String, format: ImportFormat, options: ImportOptions, initial: ImportReport,
                               custom: [CustomFieldDefinition],
                               by caller: Caller, progress: (@Sendable (ImportProgress) -> Void)?) async throws -> ImportReport {
        try await Services.$acting.withValue(caller) {
            do {
                if options.dryRun || !options.skipBadRows {
                    // Every row is checked before anything is written, with reads only: the
                    // writer is never held while the file is parsed and checked.
                    let (checked, _) = try await checkFile(kind, path: path, format: format, options: options, initial: initial, custom: custom,
                                                           by: caller, progress: progress)
                    if options.dryRun || checked.badRows > 0 { return checked }
                }
                return try await importInBatches(kind, path: path, format: format, options: options, initial: initial, custom: custom,
                                                 by: caller,
                                                 progress: progress)
            } catch {
                throw ServiceError.from(error)
            }
        }
    }

    /// The check pass of a dry run or an all-or-nothing import: each chunk of rows is parsed
    /// outside any transaction, then checked in a read transaction of its own by the code that
    /// imports it, which only notes what the row would create (`ImportOverlay`), so that later
    /// rows are compared with earlier ones as they would be with the database. Answers the
    /// overlay too, for the tests.
    func checkFile(_ kind: ImportKind, path: String, format: ImportFormat, options: ImportOptions, initial: ImportReport,
                   custom: [CustomFieldDefinition] = [],
                   by caller: Caller, progress: (@Sendable (ImportProgress) -> Void)?) async throws -> (ImportReport, ImportOverlay) {
        var reader = try ImportReader(path: path, format: format, kind: kind, mapping: options.mapping, custom: custom)
        defer { reader.close() }
        var report = initial
        // Only a dry run reports duplicates from this pass: before a real import, a duplicate
        // cannot make a row bad, and the writing pass finds them again.
        var overlay = ImportOverlay(namesDuplicates: options.dryRun)
        let lookups = try await read { tx in try await ImportLookups.load(kind, services: self, in: tx) }
        while case let rows = try reader.next(Self.importChunk), !rows.isEmpty {
            let (before, seen) = (report, overlay)
            (report, overlay) = try await read { tx in
                var report = before
                var overlay: ImportOverlay? = seen
                try await importRows(rows, kind, options, lookups, &report, overlay: &overlay, by: caller, in: tx)
                return (report, overlay ?? seen)
            }
            progress?(ImportProgress(rows: report.rows, bytesRead: reader.bytesRead, totalBytes: reader.totalBytes))
        }
        return (report, overlay)
    }

    /// Writes the rows in batches of `commitBatch`, each in its own transaction, so that other
    /// writers get their turn between them. With `skipBadRows` a bad row is reported and the
    /// others go on; otherwise the file was checked whole first, and a batch meeting a row that
    /// turned bad since (an account renamed meanwhile) is rolled back and ends the import: the
    /// report names the row and counts what the earlier batches wrote.
    private func importInBatches(_ kind: ImportKind, path: String, format: ImportFormat, options: ImportOptions, initial: ImportReport,
                                 custom: [CustomFieldDefinition],
                                 by caller: Caller, progress: (@Sendable (ImportProgress) -> Void)?) async throws -> ImportReport {
        var reader = try ImportReader(path: path, format: format, kind: kind, mapping: options.mapping, custom: custom)
        defer { reader.close() }
        var report = initial
        var finished = false
        while !finished {
            // The batch is parsed before the writer is asked for.
            let rows = try reader.next(Self.commitBatch)
            finished = rows.count < Self.commitBatch
            let before = report
            do {
                report = try await write { tx in
                    var report = before
                    var overlay: ImportOverlay?
                    let lookups = try await ImportLookups.load(kind, services: self, in: tx)
                    for start in stride(from: 0, to: rows.count, by: Self.importChunk) {
                        let chunk = Array(rows[start..<min(start + Self.importChunk, rows.count)])
                        try await importRows(chunk, kind, options, lookups, &report, overlay: &overlay, by: caller, in: tx)
                    }
                    if !options.skipBadRows && report.badRows > 0 { throw ImportRollback(report: report) }
                    return report
                }
            } catch let rollback as ImportRollback {
                // The batch's rows were not written: they count as skipped, and their problems
                // are the report's.
                var stopped = rollback.report
                stopped.created = before.created
                stopped.skipped = before.skipped + (rollback.report.rows - before.rows)
                stopped.duplicates = before.duplicates
                stopped.duplicateCount = before.duplicateCount
                stopped.interrupted = before.created > 0
                return stopped
            }
            progress?(ImportProgress(rows: report.rows, bytesRead: reader.bytesRead, totalBytes: reader.totalBytes))
        }
        report.committed = true
        return report
    }

    /// Rows checked and written together: one query finds the duplicates of a chunk of leads,
    /// and one statement inserts them.
    static let importChunk = 500
    /// Rows committed together with `skipBadRows`.
    static let commitBatch = 1000

    /// Checks and imports rows; with an `overlay` (the check pass) nothing is written, and what
    /// the rows would create is noted in it instead.
    private func importRows(_ rows: [ImportRow], _ kind: ImportKind, _ options: ImportOptions, _ lookups: ImportLookups,
                            _ report: inout ImportReport, overlay: inout ImportOverlay?, by caller: Caller, in tx: Transaction) async throws {
        let outcomes: [ImportOutcome]
        if kind == .leads {
            var cells = rows.map { values(of: $0, options) }
            for index in cells.indices where Self.makeTopic(&cells[index]) { report.topicsMade += 1 }
            outcomes = try await importLeads(cells, lookups, options, overlay: &overlay, by: caller, in: tx)
        } else {
            var each: [ImportOutcome] = []
            for row in rows {
                each.append(try await importRow(values(of: row, options), kind, options, lookups, overlay: &overlay, by: caller, in: tx))
            }
            outcomes = each
        }
        for (row, outcome) in zip(rows, outcomes) { count(outcome, of: row, in: &report) }
    }

    private func importRow(_ values: [String: String], _ kind: ImportKind, _ options: ImportOptions, _ lookups: ImportLookups,
                           overlay: inout ImportOverlay?, by caller: Caller, in tx: Transaction) async throws -> ImportOutcome {
        do {
            switch kind {
            case .leads: return try await importLeads([values], lookups, options, overlay: &overlay, by: caller, in: tx)[0]
            case .accounts: return try await importAccount(values, options, lookups, overlay: &overlay, by: caller, in: tx)
            case .contacts: return try await importContact(values, options, lookups, overlay: &overlay, by: caller, in: tx)
            case .products: return try await importProduct(values, lookups, overlay: &overlay, by: caller, in: tx)
            case .priceListItems: return try await importPriceListItem(values, lookups, overlay: &overlay, by: caller, in: tx)
            }
        } catch {
            return try ImportOutcome.refused(error)
        }
    }

    /// A row's cells, with the defaults in the empty ones.
    private func values(of row: ImportRow, _ options: ImportOptions) -> [String: String] {
        var values = row.values
        for (field, text) in options.defaults where (values[field] ?? "").trimmingWhitespace().isEmpty {
            values[field] = text
        }
        return values
    }

    private func count(_ outcome: ImportOutcome, of row: ImportRow, in report: inout ImportReport) {
        report.rows += 1
        switch outcome {
        case .created:
            report.created += 1
        case .duplicate(let matches, let created):
            report.add(ImportDuplicate(line: row.line, matches: matches, created: created))
            if created { report.created += 1 } else { report.skipped += 1 }
        case .invalid(let errors):
            report.badRows += 1
            report.skipped += 1
            report.add(errors.map {
                ImportProblem(line: row.line, field: $0.field.isEmpty ? nil : $0.field, code: $0.code, message: $0.message)
            })
        }
    }
}

enum ImportOutcome {
    case created
    case duplicate([DuplicateMatch], created: Bool)
    case invalid([FieldError])

    /// A bad row is reported, not thrown, unless the whole import cannot go on (no right to
    /// create such records, the database failing).
    static func refused(_ error: any Error) throws -> ImportOutcome {
        switch ServiceError.from(error) {
        case ServiceError.validation(let errors): return .invalid(errors)
        case ServiceError.conflict(let code, let message, _): return .invalid([FieldError("", code, message)])
        case ServiceError.notFound(let type, let id): return .invalid([FieldError("", "unknown_\(type)", "no \(type) \(id)")])
        default: throw error
        }
    }
}

/// What the earlier rows of a file would have created, in the check pass that writes nothing:
/// the duplicate and uniqueness rules compare each row with them as with the database.
struct ImportOverlay: Sendable {
    /// Whether duplicates are looked for and the would-be records kept for them (a dry run's
    /// report names them); otherwise only the uniqueness rules, which make a row bad, are.
    var namesDuplicates: Bool
    /// Would-be leads and contacts by e-mail key.
    var leads: [String: [DuplicateMatch]] = [:]
    var contacts: [String: [DuplicateMatch]] = [:]
    /// Would-be accounts by name key and by website domain.
    var accountNames: [String: [DuplicateMatch]] = [:]
    var accountDomains: [String: [DuplicateMatch]] = [:]
    /// Product numbers (lower-cased), and price list items as list, product and unit.
    var productNumbers: Set<String> = []
    var priceListItems: Set<String> = []

    init(namesDuplicates: Bool) {
        self.namesDuplicates = namesDuplicates
    }
}

extension Optional<ImportOverlay> {
    /// Whether the rows are checked for duplicates: always when they are written (no overlay).
    var findsDuplicates: Bool { self?.namesDuplicates ?? true }
}

/// What rows are checked against that does not change during an import: the default process,
/// units and price lists by name.
struct ImportLookups: Sendable {
    var process: SalesProcess?
    /// The organisation's settings, for its lists; nil before the database is set up.
    var settings: OrganisationSettings?
    var custom = ImportCustomFields()
    var productsAsDrafts = false
    var units: [String: [UnitOfMeasure]] = [:]
    var priceLists: [String: [PriceList]] = [:]

    static func load(_ kind: ImportKind, services: Services, in tx: Transaction) async throws -> ImportLookups {
        var lookups = ImportLookups()
        lookups.settings = try await tx.settings()
        if let type = kind.customizedAs, let settings = lookups.settings {
            lookups.custom.definitions = settings.customFields(of: type).filter { !$0.retired }
            if lookups.custom.definitions.contains(where: { $0.type == .user }) {
                for user in try await tx.all(User.self) where user.active { lookups.custom.users[user.email.lowercased()] = user.id }
            }
        }
        switch kind {
        case .leads:
            lookups.process = try await services.processForNewRecord(nil, in: tx)
        case .products, .priceListItems:
            lookups.productsAsDrafts = try await services.settings(in: tx).createProductsAsDrafts
            lookups.units = Dictionary(grouping: try await tx.all(UnitOfMeasure.self)) { $0.fields.name.lowercased() }
            lookups.priceLists = Dictionary(grouping: try await tx.all(PriceList.self)) { $0.fields.name.lowercased() }
        case .accounts, .contacts:
            break
        }
        return lookups
    }

    /// The one unit with this name (among those of `group` when given).
    func unit(_ name: String, field: String, group: ID<UnitGroup>? = nil) throws -> UnitOfMeasure {
        let found = (units[name.lowercased()] ?? []).filter { group == nil || $0.fields.groupId == group }
        guard let unit = found.first else { throw ServiceError.invalid(field, "unknown_unit", "no unit is named \(name)") }
        guard found.count == 1 else {
            throw ServiceError.invalid(field, "ambiguous_unit", "\(found.count) units are named \(name); rename one")
        }
        return unit
    }
}
