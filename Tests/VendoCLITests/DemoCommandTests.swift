import Foundation
import Testing

/// Runs the built `vendo` executable, as a person would from a shell.
func runVendo(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
    let process = Process()
    process.executableURL = try vendoBinary()
    process.arguments = arguments
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let output = out.fileHandleForReading.readDataToEndOfFile()
    let errors = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self))
}

func temporaryPath(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("vendo-cli-\(UUID().uuidString)-\(name)").path
}

@Suite("vendo demo", .serialized)
struct DemoCommandTests {
    @Test("prints the whole cycle, ending with a paid invoice numbered INV-<year>-00001")
    func demo() throws {
        let path = temporaryPath("demo.sqlite")
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let result = try runVendo(["demo", "--database", path])
        #expect(result.status == 0, "stderr: \(result.errors)")
        let year = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC") ?? .current, from: Date()).year ?? 0
        let lines = result.output.split(separator: "\n").map(String.init)
        for step in ["Qualify it", "Generate a quote", "revise the quote", "convert to an order", "Fulfil the order", "Payments",
                     "History of the opportunity"] {
            #expect(lines.contains { $0.localizedCaseInsensitiveContains(step) }, "missing step \(step)")
        }
        #expect(lines.contains { $0.contains("lead is qualified/qualified") })
        #expect(lines.contains { $0.contains("Q-000001 revision 0 is closed/revised") })
        #expect(lines.contains { $0.contains("opportunity: won/won") })
        #expect(lines.contains { $0.contains("invoice INV-\(year)-00001 issued: active/issued; order is invoiced/invoiced") })
        #expect(lines.contains { $0.contains("paid/partial") })
        #expect(lines.contains { $0.contains("tax 20 %: base") })
        let last = lines.last { !$0.allSatisfy { $0 == "=" } } ?? ""
        #expect(last.hasPrefix("Invoice INV-\(year)-00001 for Atelier Dupont SARL is paid/complete"))
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test("vendo pdf writes the kept Factur-X PDF of an issued invoice, the same bytes each time, and a quote's PDF")
    func pdf() throws {
        let data = temporaryPath("pdf-data")
        defer { try? FileManager.default.removeItem(atPath: data) }
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        let path = data + "/vendo.sqlite"
        #expect(try runVendo(["demo", "--database", path]).status == 0)
        let year = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC") ?? .current, from: Date()).year ?? 0
        // The administrator downloads the invoice's kept Factur-X PDF, twice: the same bytes.
        let file = temporaryPath("invoice.pdf"), again = temporaryPath("again.pdf"), quote = temporaryPath("quote.pdf")
        defer { for item in [file, again, quote] { try? FileManager.default.removeItem(atPath: item) } }
        let pdf = try runVendo(["pdf", "--data-dir", data, "invoice", "INV-\(year)-00001", "--out", file])
        #expect(pdf.status == 0 && pdf.output.contains("bytes written to \(file)"), "stderr: \(pdf.errors)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        #expect(bytes.starts(with: Data("%PDF-1.7".utf8)) && String(decoding: bytes, as: UTF8.self).contains("/AFRelationship /Data"))
        #expect(try runVendo(["pdf", "--data-dir", data, "invoice", "INV-\(year)-00001", "--out", again]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: again)) == bytes)
        #expect(try runVendo(["pdf", "--data-dir", data, "quote", "Q-000001", "--out", quote]).status == 0)
        let missing = try runVendo(["pdf", "--data-dir", data, "invoice", "INV-1999-00001", "--out", again])
        #expect(missing.status != 0 && missing.errors.contains("no invoice numbered INV-1999-00001"))
        let notAdmin = try runVendo(["pdf", "--data-dir", data, "invoice", "INV-\(year)-00001", "--out", again, "--as", "nobody@x.example"])
        #expect(notAdmin.status != 0)
    }

    @Test("vendo export-journal writes the demo's FEC under its legal name, and a CSV journal")
    func exportJournal() throws {
        let data = temporaryPath("journal-data")
        defer { try? FileManager.default.removeItem(atPath: data) }
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        #expect(try runVendo(["demo", "--database", data + "/vendo.sqlite"]).status == 0)
        let year = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC") ?? .current, from: Date()).year ?? 0
        let fec = try runVendo(["export-journal", "--data-dir", data, "--from", "\(year)-01-01", "--out", data])
        #expect(fec.status == 0 && fec.output.contains("entries written to"), "stderr: \(fec.errors)")
        let names = try FileManager.default.contentsOfDirectory(atPath: data).filter { $0.hasSuffix("FEC\(year)1231.txt") }
        #expect(names.count == 1 && names.first?.count == "123456789FEC\(year)1231.txt".count)
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: data + "/" + (names.first ?? ""))), as: UTF8.self)
        #expect(text.hasPrefix("JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum"))
        #expect(text.contains("\r\nVT\tVentes\t1\t"))
        let csv = data + "/journal.csv"
        #expect(try runVendo(["export-journal", "--data-dir", data, "--from", "\(year)-01-01", "--to", "\(year)-12-31", "--format", "csv",
                              "--out", csv]).status == 0)
        #expect(try String(contentsOfFile: csv, encoding: .utf8).hasPrefix("number,fiscalYear,journal,date,account"))
        let wrong = try runVendo(["export-journal", "--data-dir", data, "--from", "soon", "--out", csv])
        #expect(wrong.status != 0 && wrong.errors.contains("--from is a date"))
    }

    @Test("refuses a database file that already exists, and changes nothing")
    func existing() throws {
        let path = temporaryPath("existing.sqlite")
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try runVendo(["demo", "--database", path])
        #expect(result.status != 0)
        #expect(result.errors.contains("already exists"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep me")
    }

    @Test("a path that cannot be written is a clear error")
    func unwritable() throws {
        let blocker = temporaryPath("a-file")
        try Data().write(to: URL(fileURLWithPath: blocker))
        defer { try? FileManager.default.removeItem(atPath: blocker) }
        let result = try runVendo(["demo", "--database", blocker + "/demo.sqlite"])
        #expect(result.status != 0)
        #expect(result.errors.contains("cannot create the folder"))
        #expect(!result.errors.contains("Fatal error"))
    }

    @Test("an unknown option or command is refused with usage help")
    func unknownOption() throws {
        let option = try runVendo(["demo", "--colour", "red"])
        #expect(option.status != 0)
        #expect(option.errors.contains("Unknown option '--colour'"))
        let command = try runVendo(["sell-everything"])
        #expect(command.status != 0)
        #expect(command.errors.contains("Usage"))
    }
}
