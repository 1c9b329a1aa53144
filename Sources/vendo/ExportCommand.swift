import ArgumentParser
import Foundation
import VendoStore
import VendoAPI
import VendoCore
import VendoServices

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write any list (leads, accounts, opportunities…) as CSV, with the API's filters and a user's access rules.",
        discussion: """
            LIST is the list's API path without /api/v1: leads, accounts, opportunities, activities, products… \
            Filters are the API's: --filter state=open --filter source=web --filter q=dupont.
            """)

    @OptionGroup var location: UserCommand.Location
    @Argument(help: "The list, as in the API: leads, accounts, contacts, opportunities, quotes, orders, invoices, products…")
    var list: String
    @Option(name: .customLong("as"), help: "The e-mail of the user whose view of the records is exported.") var user: String
    @Option(name: .customLong("filter"), help: "name=value, as the API's list filters (state, ownerId, q, sort…). Repeatable.")
    var filters: [String] = []
    @Option(name: .shortAndLong, help: "The file to write (default: standard output).") var output: String?
    @Option(name: .customLong("labels"),
            help: "Head the columns in the organisation's words in this language (en or fr) rather than the API's names.")
    var labels: String?

    func run() async throws {
        let query = try ImportCommand.pairs(filters, "--filter")
        let language = try labels.map { code in
            guard let language = Language(rawValue: code) else { throw ValidationError("--labels is en or fr") }
            return language
        }
        if let output {
            do {
                try PrivateFiles.create(output)
            } catch {
                throw ValidationError("cannot write \(output)")
            }
        }
        let handle = output.flatMap { FileHandle(forWritingAtPath: $0) } ?? FileHandle.standardOutput
        var rows = 0
        try await withServices(try await location.services()) { services in
            let caller = try await services.caller(for: try await services.user(email: user).id)
            try await CSVExporter.export(path: "/api/v1/" + list.trimmingCharacters(in: CharacterSet(charactersIn: "/")), query: query,
                                         labels: language, services: services, caller: caller) { line in
                rows += 1
                try handle.write(contentsOf: Data(line.utf8))
            }
        }
        if let output {
            try handle.close()
            say("\(max(0, rows - 1)) rows written to \(output)")
        }
    }
}
