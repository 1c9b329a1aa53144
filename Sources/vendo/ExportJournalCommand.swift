import ArgumentParser
import Foundation
import VendoCore
import VendoServices
import VendoStore

struct ExportJournalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-journal",
        abstract: "Write the accounting entries of a period to a file: the French FEC of a fiscal year, or CSV.",
        discussion: """
            --format fec (the default) writes the FEC (Fichier des Écritures Comptables) of the fiscal year holding --from, \
            named <SIREN>FEC<closing date>.txt when --out is a directory; --to then defaults to the year's last day. \
            --format csv writes the entries dated --from to --to (default: --from). Entries are those Vendo posted as \
            invoices were issued and paid; the export numbers nothing.
            """)

    @OptionGroup var location: UserCommand.Location
    @Option(help: "The first day, YYYY-MM-DD.") var from: String
    @Option(help: "The last day, YYYY-MM-DD.") var to: String?
    @Option(help: "fec or csv.") var format: String = "fec"
    @Option(name: .shortAndLong, help: "The file to write, or a directory to write it in under its own name.") var out: String
    @Option(name: .customLong("as"), help: "The e-mail of the administrator who exports it.") var user: String?

    func run() async throws {
        guard let first = Day(from) else { throw ValidationError("--from is a date YYYY-MM-DD") }
        let last = try to.map { text in
            guard let day = Day(text) else { throw ValidationError("--to is a date YYYY-MM-DD") }
            return day
        }
        guard let kind = JournalFile.Format(rawValue: format) else { throw ValidationError("--format is fec or csv") }
        var written = (path: out, entries: 0)
        try await withServices(try await location.services()) { services in
            let caller = try await services.caller(for: try await services.administrator(email: user).id)
            let file = try await services.journalExport(from: first, to: last, format: kind, by: caller)
            var isDirectory: ObjCBool = false
            let path = FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory) && isDirectory.boolValue
                ? URL(fileURLWithPath: out).appendingPathComponent(file.name).path : out
            do {
                try PrivateFiles.create(path)
                try Data(file.bytes).write(to: URL(fileURLWithPath: path))
            } catch {
                throw ValidationError("cannot write \(path)")
            }
            written = (path, file.entries)
        }
        say("\(written.entries) entries written to \(written.path)")
    }
}
