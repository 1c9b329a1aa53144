import Foundation

/// Runs scripts/check-documents (the Factur-X XSD, the EN 16931 Schematron, factur-x's
/// extraction, qpdf, pdffonts and pdftotext) on files a test made, and returns its problem
/// lines: none when every check passed. `VENDO_KEEP_DOCUMENTS=DIR` keeps the files in DIR.
public enum DocumentChecks {
    public static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    public static func problems(_ files: [String: [UInt8]]) throws -> [String] {
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
        if process.terminationStatus == 0, let summary, summary.hasSuffix(", 0 problems"), !summary.hasPrefix("check-documents: 0 ") {
            return []
        }
        return lines.isEmpty ? ["check-documents exited \(process.terminationStatus) and said nothing"] : lines
    }

    /// The text of a PDF as poppler's `pdftotext` reads it (installed with the document checks).
    public static func text(ofPDF bytes: [UInt8]) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("vendo-\(UUID().uuidString).pdf")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["pdftotext", "-enc", "UTF-8", file.path, "-"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
