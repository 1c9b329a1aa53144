import ArgumentParser
import Foundation
import VendoCore
import VendoServices
import VendoStore

struct PDFCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pdf",
        abstract: "Write the PDF of a quote, order or invoice (an issued invoice's kept Factur-X PDF) to a file.",
        discussion: """
            KIND is quote, order or invoice (credit notes are invoices); NUMBER is the document's number \
            (Q-000012, ORD-000003, INV-2026-00001, CN-2026-00002). A draft invoice, which has none yet, is named by its id. \
            The document is read as the administrator given with --as sees it (default: the first administrator).
            """)

    enum Kind: String, ExpressibleByArgument, CaseIterable { case quote, order, invoice }

    @OptionGroup var location: UserCommand.Location
    @Argument(help: "quote, order or invoice") var kind: Kind
    @Argument(help: "The document's number, or its id") var number: String
    @Option(name: .shortAndLong, help: "The file to write.") var out: String
    @Option(name: .customLong("as"), help: "The e-mail of the administrator who reads it.") var user: String?

    func run() async throws {
        var written = 0
        try await withServices(try await location.services()) { services in
            let caller = try await services.caller(for: try await services.administrator(email: user).id)
            let file: Services.RenderedDocument
            switch kind {
            case .quote:
                file = try await services.pdf(ofQuote: try await find(Quote.self, services, caller), by: caller)
            case .order:
                file = try await services.pdf(ofOrder: try await find(Order.self, services, caller), by: caller)
            case .invoice:
                file = try await services.pdf(ofInvoice: try await find(Invoice.self, services, caller), by: caller)
            }
            do {
                try PrivateFiles.create(out)
                try Data(file.bytes).write(to: URL(fileURLWithPath: out))
            } catch {
                throw ValidationError("cannot write \(out)")
            }
            written = file.bytes.count
        }
        say("\(kind.rawValue) \(number): \(written) bytes written to \(out)")
    }

    /// The record of that number (the latest revision of a quote), or of that id.
    private func find<R: StoredRecord>(_ type: R.Type, _ services: Services, _ caller: Caller) async throws -> ID<R> {
        if let uuid = UUID(uuidString: number) { return ID(uuid) }
        var query = ListQuery(filters: ["number": number], limit: 1)
        query.descending = true
        guard let record = try await services.list(R.self, query, by: caller).items.first else {
            throw ValidationError("no \(kind.rawValue) numbered \(number)")
        }
        return record.id
    }
}
