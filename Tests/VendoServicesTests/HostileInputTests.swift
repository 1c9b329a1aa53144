import Dispatch
import Foundation
import Synchronization
import Testing
@testable import VendoCore
@testable import VendoServices
@testable import VendoStore
import VendoTestSupport

/// Files made to hurt: each parser looks at every byte a bounded number of times and stops at
/// its limits with an error that names the line; one person runs one import at a time.
@Suite("Hostile and heavy input")
struct HostileInputTests {
    /// Reads every row of a file, as an import does, until the end or the first error.
    /// The reader is nil when the file failed before its first row (its header is read at once).
    func readAll(_ path: String, _ format: ImportFormat) throws -> (reader: ImportReader?, rows: Int, error: ServiceError?) {
        var reader: ImportReader
        do {
            reader = try ImportReader(path: path, format: format, kind: .leads, mapping: [:])
        } catch let error as ServiceError {
            return (nil, 0, error)
        }
        defer { reader.close() }
        var rows = 0
        do {
            while try reader.next() != nil { rows += 1 }
            return (reader, rows, nil)
        } catch let error as ServiceError {
            return (reader, rows, error)
        }
    }

    @Test("a vCard that never ends is refused at 1 MB, naming its line, after looking at each byte about once")
    func endlessVCard() throws {
        let text = "BEGIN:VCARD\nVERSION:3.0\nN:Martin;Camille\n" + String(repeating: "NOTE:" + String(repeating: "x", count: 70) + "\n", count: 40_000)
        let (found, rows, error) = try readAll(try temporaryFile(text, suffix: ".vcf"), .vcard)
        let reader = try #require(found)
        #expect(rows == 0)
        #expect(error?.code == "card_too_long")
        #expect(error?.description.contains("line 1:") == true)
        #expect(reader.bytesRead <= ImportReader.maxCardBytes + 2 * ImportReader.chunkSize)
        #expect(reader.cardBytesExamined <= 2 * reader.bytesRead, "examined \(reader.cardBytesExamined) of \(reader.bytesRead) bytes")
    }

    @Test("many cards, and a card whose END:VCARD is cut by a chunk's end: every card read, each byte examined about once")
    func manyCards() throws {
        // Cards of every length put END:VCARD across chunk boundaries somewhere.
        var text = ""
        for index in 0..<6000 {
            text += "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Card\(index);Jo\r\nNOTE:\(String(repeating: "n", count: index % 97))\r\nEND:VCARD\r\n"
        }
        let path = try temporaryFile(text, suffix: ".vcf")
        let (found, rows, error) = try readAll(path, .vcard)
        let reader = try #require(found)
        #expect(error == nil && rows == 6000)
        #expect(reader.cardBytesExamined <= 2 * text.utf8.count, "examined \(reader.cardBytesExamined) of \(text.utf8.count) bytes")
    }

    @Test("a long quoted-printable note folded over thousands of lines is read whole")
    func foldedNote() {
        let lines = (0..<5000).map { _ in "abcdefghij=" }.joined(separator: "\n")
        let cards = VCard.parse("BEGIN:VCARD\nVERSION:2.1\nN:Martin;Camille\nNOTE;ENCODING=QUOTED-PRINTABLE:\(lines)\nxyz\nEND:VCARD\n")
        #expect(cards.count == 1)
        #expect(cards.first?.values["description"]?.count == 5000 * 10 + 3)
    }

    @Test("a CSV whose first line never ends is refused at the row limit, looking at each byte once")
    func endlessHeader() throws {
        var parser = CSVParser(maxRecordBytes: 1 << 20)
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1 << 16)
        var fed = 0
        var failure: CSVError?
        do {
            for _ in 0..<64 {
                fed += chunk.count
                _ = try parser.feed(chunk)
            }
        } catch {
            failure = error
        }
        #expect(failure == .recordTooLong(line: 1, limit: 1 << 20))
        #expect(fed <= (1 << 20) + chunk.count)
        #expect(parser.bytesExamined <= fed, "examined \(parser.bytesExamined) of \(fed) bytes")
    }

    @Test("a row of millions of commas is refused at the field limit; a long row without a break at the row limit")
    func wideAndLongRows() throws {
        let commas = "topic,lastName\n" + String(repeating: ",", count: 3_000_000) + "\n"
        let (_, rows, error) = try readAll(try temporaryFile(commas), .csv)
        #expect(rows == 0 && error?.code == "malformed_csv")
        #expect(error?.description.contains("line 2: a row has more than 2000 fields") == true)
        // Five fields under the field limit, on one line over the row limit that never ends.
        let long = "topic,lastName\nfine,row\n" + Array(repeating: String(repeating: "x", count: 900_000), count: 5).joined(separator: ",")
        let (_, longRows, longError) = try readAll(try temporaryFile(long), .csv)
        #expect(longRows == 1)
        #expect(longError?.description.contains("line 3: a row is longer than") == true, "\(String(describing: longError))")
    }

    @Test("the whole import refuses a hostile file with a 422-kind error and writes nothing")
    func importRefused() async throws {
        let world = try await TestWorld.make()
        let path = try temporaryFile("BEGIN:VCARD\nN:Martin;Camille\n" + String(repeating: "NOTE:y\n", count: 300_000), suffix: ".vcf")
        let error = await #expect(throws: ServiceError.self) {
            try await world.services.importFile(.leads, path: path, options: ImportOptions(defaults: ["topic": "Salon"]), by: world.admin)
        }
        #expect(error?.code == "card_too_long")
        #expect(try await world.services.list(Lead.self, ListQuery(), by: world.admin).items.isEmpty)
    }

    @Test("one import per person at a time, on every server; another person is not held back, and a dead server's mark expires")
    func oneImportAtATime() async throws {
        let world = try await TestWorld.make()
        let file = try temporaryFile("topic,lastName\nSalon,Martin\n")
        let sam = try await world.services.createUser(name: "Sam", email: "sam@example.com", role: .salesperson, by: world.admin)
        // Another server is running an import of the admin's.
        _ = try await world.services.store.write { tx in
            try await tx.claimImportRun(user: world.admin.userId, at: world.clock.now(), staleBefore: world.clock.now())
        }
        let refused = await #expect(throws: ServiceError.self) {
            try await world.services.importFile(.leads, path: file, options: ImportOptions(), by: world.admin)
        }
        #expect(refused?.code == "import_in_progress")
        let samsImport = try await world.services.importFile(.leads, path: file, options: ImportOptions(), by: Caller(sam.id))
        #expect(samsImport.created == 1)
        // Sam's import ended, so Sam may import again.
        #expect(try await world.services.importFile(.leads, path: file, options: ImportOptions(allowDuplicates: true), by: Caller(sam.id))
            .created == 1)
        world.clock.advance(seconds: Services.importRunStale + 1)
        #expect(try await world.services.importFile(.leads, path: file, options: ImportOptions(allowDuplicates: true), by: world.admin)
            .created == 1)
    }

    @Test("a write completes while an all-or-nothing import is being checked; the import sees it when it writes")
    func writeDuringCheck() async throws {
        let world = try await TestWorld.make()
        let rows = (1...1200).map { "Salon,Name\($0),row\($0)@x.example" }
        let path = try temporaryFile("topic,lastName,email\n" + rows.joined(separator: "\n") + "\n")
        // Held after its first chunk has been read and checked.
        let pause = ImportPause(at: 1)
        async let imported = pause.run {
            try await world.services.importFile(.leads, path: path, options: ImportOptions(), by: world.admin, progress: pause.progress)
        }
        await pause.reached()
        // Before, the whole file was read and checked inside the one writer: this waited for it
        // until the writer's deadline and failed.
        var early = LeadFields(topic: "Stand", lastName: "Early")
        early.email = "row1100@x.example"
        let meanwhile = try await world.services.createLead(early, by: world.admin)
        pause.resume()
        let report = try await imported
        #expect(pause.timedOut == false)
        #expect(report.committed && report.created == 1199)
        #expect(report.duplicates.map(\.line) == [1101])
        #expect(report.duplicates.first?.matches.map(\.id) == [meanwhile.lead.id.uuid])
    }

    @Test("a row that turns bad between the check and its batch stops an all-or-nothing import, and says what was written")
    func rowTurnsBad() async throws {
        let world = try await TestWorld.make()
        let rows = (1...1500).map { "IMP-\($0),Product \($0),each,10,20" }
        let path = try temporaryFile("Product ID,Name,Default Unit,List Price,Tax Rate\n" + rows.joined(separator: "\n") + "\n")
        // Three chunks checked, then held after the first batch of 1,000 is written.
        let pause = ImportPause(at: 3 + 1)
        async let imported = pause.run {
            try await world.services.importFile(.products, path: path, options: ImportOptions(), by: world.admin, progress: pause.progress)
        }
        await pause.reached()
        _ = try await world.services.createProduct(ProductFields(number: "IMP-1200", name: "Taken meanwhile", unitId: world.catalog.each.id),
                                                   by: world.admin)
        pause.resume()
        let report = try await imported
        #expect(!report.committed && report.interrupted)
        #expect(report.created == 1000 && report.rows == 1500 && report.skipped == 500)
        #expect(report.problems.map(\.line) == [1201] && report.problems.first?.code == "already_exists")
        // The first batch stays; the rolled-back one left nothing, not even its rows before 1,200.
        let stored = try await world.services.store.read { tx in
            [try await tx.product(withNumber: "IMP-1000"), try await tx.product(withNumber: "IMP-1001"),
             try await tx.product(withNumber: "IMP-1200"), try await tx.product(withNumber: "IMP-1500")]
        }
        #expect(stored.map { $0?.fields.name } == ["Product 1000", nil, "Taken meanwhile", nil])
    }

    @Test("imports held at a progress report, one more than the machine has cores, keep no other work from running")
    func heldImportsBlockNothing() async throws {
        let world = try await TestWorld.make()
        let path = try temporaryFile("topic,lastName,email\n" + (1...600).map { "Salon,Name\($0),row\($0)@x.example" }.joined(separator: "\n") + "\n")
        // Swift's cooperative pool has one thread a core: a pause that blocked one of them, as
        // the first version did, starved the rest of the process once every core held one.
        let count = ProcessInfo.processInfo.activeProcessorCount + 1
        var importers: [(Caller, ImportPause)] = []
        for n in 0..<count {
            let user = try await world.services.createUser(name: "Importer \(n)", email: "importer\(n)@example.com", role: .admin, by: world.admin)
            importers.append((try await world.services.caller(for: user.id), ImportPause(at: 1)))
        }
        let reports = try await withThrowingTaskGroup(of: ImportReport.self) { group in
            for (caller, pause) in importers {
                group.addTask {
                    try await pause.run {
                        try await world.services.importFile(.leads, path: path, options: ImportOptions(allowDuplicates: true), by: caller,
                                                            progress: pause.progress)
                    }
                }
            }
            for (_, pause) in importers { await pause.reached() }
            _ = try await world.services.createLead(LeadFields(topic: "Meanwhile", lastName: "Early"), by: world.admin)
            for (_, pause) in importers { pause.resume() }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(importers.allSatisfy { !$0.1.timedOut })
        #expect(reports.count == count && reports.allSatisfy { $0.committed && $0.created == 600 })
    }

    @Test("a dry run writes nothing and takes no writer; earlier rows of the file count as duplicates across chunks, of every kind")
    func dryRunAcrossChunks() async throws {
        let world = try await TestWorld.make()
        var accounts = (1...(Services.importChunk + 10)).map { "Account \($0),a\($0).example" }
        accounts.append("ACCOUNT  3,other.example")
        accounts.append("Elsewhere,https://www.a7.example/contact")
        let path = try temporaryFile("Account Name,Website\n" + accounts.joined(separator: "\n") + "\n")
        let dry = try await world.services.importFile(.accounts, path: path, options: ImportOptions(dryRun: true), by: world.admin)
        #expect(dry.created == Services.importChunk + 10 && !dry.committed)
        #expect(dry.duplicates.map(\.line) == [Services.importChunk + 12, Services.importChunk + 13])
        #expect(dry.duplicates.map { $0.matches.first?.matchedOn } == ["name", "websiteDomain"])
        #expect(try await world.services.list(Account.self, ListQuery(search: "Account"), by: world.admin).items.isEmpty)
        var products = (1...(Services.importChunk + 5)).map { "DRY-\($0),Dry \($0),each,1,20" }
        products.append("dry-2,Same number,each,1,20")
        let productFile = try temporaryFile("Product ID,Name,Default Unit,List Price,Tax Rate\n" + products.joined(separator: "\n") + "\n")
        let productReport = try await world.services.importFile(.products, path: productFile, options: ImportOptions(dryRun: true),
                                                                by: world.admin)
        #expect(productReport.badRows == 1 && productReport.problems.map(\.line) == [Services.importChunk + 7])
        #expect(productReport.problems.first?.code == "already_exists")
        // The real import agrees with its dry run.
        let real = try await world.services.importFile(.accounts, path: path, options: ImportOptions(), by: world.admin)
        #expect(real.created == dry.created && real.duplicates.map(\.line) == dry.duplicates.map(\.line))
    }
}

/// Holds an import at its n-th progress report (they come between chunks and batches) until
/// the test has done something meanwhile.
final class ImportPause: Sendable {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation
    private let release = DispatchSemaphore(value: 0)
    private let calls = Mutex(0)
    private let waitedTooLong = Mutex(false)
    /// Where `run` runs the import, so that the wait blocks this thread alone.
    private let thread = ConnectionThread(name: "import-pause")
    let at: Int

    init(at: Int) {
        self.at = at
        (stream, continuation) = AsyncStream<Void>.makeStream()
    }

    /// The import's progress callback: at the chosen report it waits (at most 30 s) for `resume`.
    @Sendable func progress(_: ImportProgress) {
        let call = calls.withLock { count in
            count += 1
            return count
        }
        guard call == at else { return }
        continuation.yield()
        if release.wait(timeout: .now() + 30) == .timedOut { waitedTooLong.withLock { $0 = true } }
    }

    func reached() async {
        for await _ in stream { return }
    }

    func resume() { release.signal() }

    /// Runs the import held by this pause on a thread of its own: the progress callback is
    /// synchronous, so it waits by blocking its thread, and a thread of Swift's cooperative pool
    /// (one a core) is one the rest of the process needs meanwhile.
    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        defer { thread.stop() }
        return try await withTaskExecutorPreference(thread) { try await body() }
    }

    var timedOut: Bool { waitedTooLong.withLock { $0 } }
}
