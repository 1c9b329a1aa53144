import ArgumentParser
import Foundation
import VendoCore
import VendoServices
import VendoStore

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run one complete sales cycle, lead to paid invoice, on a fresh database and print each step.")

    @Option(name: .long, help: "A new SQLite file to create (default: a new file in the temporary folder).")
    var database: String?

    func validate() throws {
        if let database, FileManager.default.fileExists(atPath: database) {
            throw ValidationError("\(database) already exists; the demo needs a fresh database file")
        }
    }

    func run() async throws {
        let path = database ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("vendo-demo-\(UUID().uuidString.prefix(8)).sqlite").path
        try DatabaseFile.prepareDirectory(for: path)
        let store = try await DatabaseFile.open(path)
        do {
            try await store.migrate()
            let printer = Printer()
            printer.title("Vendo demo on \(path)")
            try await DemoScenario(services: Services(store: store), printer: printer).run()
            await store.close()
        } catch {
            await store.close()
            if let error = error as? ServiceError { throw ValidationError("the demo stopped: \(error)") }
            throw error
        }
    }
}
