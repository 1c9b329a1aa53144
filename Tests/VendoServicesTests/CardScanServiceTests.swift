import Foundation
import Testing
import VendoCore
@testable import VendoServices
import VendoTestSupport

/// Card scans through the services, with stand-in commands where a test needs to watch them:
/// how many run at once, and who may see a scan.
@Suite("Business cards: scans through the services", .serialized)
struct CardScanServiceTests {
    /// A stand-in for `tesseract` that notes how many copies run at once and prints a card's text.
    static func countingTool(in directory: URL) throws -> String {
        let script = directory.appendingPathComponent("tesseract")
        let running = directory.appendingPathComponent("running").path
        try FileManager.default.createDirectory(atPath: running, withIntermediateDirectories: true)
        try """
        #!/bin/sh
        touch "\(running)/$$"
        ls "\(running)" | wc -l >> "\(directory.path)/counts"
        sleep 0.4
        rm "\(running)/$$"
        printf 'Jean Dupont\\nDirecteur commercial\\nAcme SAS\\njean.dupont@acme.fr\\n'
        """.write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        return script.path
    }

    /// A test world whose `tesseract` is the counting stand-in, and the folder it writes in
    /// (the caller removes it).
    static func worldWithCountingTool() async throws -> (TestWorld, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vendo-tool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var server = ServerSettings()
        server.cardTools = CardTools(tesseract: try countingTool(in: directory), zbarimg: nil)
        return (try await TestWorld.make(server: server), directory)
    }

    /// The smallest PNG header a scan accepts (1 × 1 pixel).
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
        + [0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]

    @Test("at most one photo per core is read at a time, however many arrive together")
    func onePerCore() async throws {
        let (world, directory) = try await Self.worldWithCountingTool()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let scans = try await withThrowingTaskGroup(of: CardScan.self) { group in
            for _ in 0..<(cores * 3) {
                group.addTask { try await world.services.scanCard(Self.png, event: "Salon", by: world.admin) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(scans.count == cores * 3)
        #expect(scans.allSatisfy { $0.reading.fields.email == "jean.dupont@acme.fr" && $0.reading.fields.companyName == "Acme SAS" })
        let counts = try String(contentsOf: directory.appendingPathComponent("counts"), encoding: .utf8)
            .split(separator: "\n").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        #expect(counts.count == cores * 3)
        #expect((counts.max() ?? 0) <= cores, "\(counts)")
    }

    @Test("a scan is its scanner's (and the admins'); its event goes to the pile; one scan makes one lead")
    func ownership() async throws {
        let (world, directory) = try await Self.worldWithCountingTool()
        defer { try? FileManager.default.removeItem(at: directory) }
        let s = world.services
        let sam = try await s.caller(for: try await s.createUser(name: "Sam", email: "sam@example.com", role: .salesperson, by: world.admin).id)
        let lea = try await s.caller(for: try await s.createUser(name: "Léa", email: "lea@example.com", role: .salesperson, by: world.admin).id)
        let first = try await s.scanCard(Self.png, event: nil, by: sam)
        let second = try await s.scanCard(Self.png, event: nil, by: sam)
        await #expect(throws: ServiceError.notFound(recordType: "cardScan", id: first.id.uuidString.lowercased())) {
            _ = try await s.cardScan(first.id, by: lea)
        }
        #expect(try await s.cardScan(first.id, by: world.admin).id == first.id)
        #expect(try await s.pendingCardScans(by: lea).isEmpty)
        // Another user cannot make a lead of Sam's card.
        await #expect(throws: ServiceError.self) {
            _ = try await s.createLead(LeadFields(topic: "Salon", lastName: "Dupont"), cardScanId: first.id, by: lea)
        }
        try await s.setEventOfPendingScans("Batimat", by: sam)
        #expect(try await s.pendingCardScans(by: sam).map(\.event) == ["Batimat", "Batimat"])
        #expect(try await s.lastCardEvent(by: sam) == "Batimat")
        var fields = first.reading.fields.lead(event: "Batimat")
        fields.topic = "Batimat: Jean Dupont"
        let lead = try await s.createLead(fields, cardScanId: first.id, by: sam).lead
        #expect(lead.cardScanId == first.id && lead.fields.source == .tradeShow && lead.fields.event == "Batimat")
        #expect(try await s.leadCardImage(lead.id, by: sam).bytes == Self.png)
        await #expect(throws: ServiceError.self) {
            _ = try await s.createLead(LeadFields(topic: "Again", lastName: "Dupont"), cardScanId: first.id, by: sam)
        }
        try await s.discardCardScan(second.id, by: sam)
        #expect(try await s.pendingCardScans(by: sam).isEmpty)
    }
}
