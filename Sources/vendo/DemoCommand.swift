import ArgumentParser
import Foundation
import VendoCore
import VendoServices
import VendoStore

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run one complete sales cycle, lead to paid invoice, on a fresh database and print each step.")

    @OptionGroup var location: DatabaseOptions

    func run() async throws {
        let target = try location.target(default: .temporary)
        if case .file(let path) = target, FileManager.default.fileExists(atPath: path) {
            throw ValidationError("\(path) already exists; the demo needs a fresh database")
        }
        let store = try await location.open(target)
        let name: String
        switch target {
        case .file(let path): name = path
        case .postgres(let url): name = PostgresLocation(url: url).redacted
        }
        do {
            try await store.migrate()
            let services = Services(store: store)
            if case .postgres = target, !(try await services.list(User.self, ListQuery(limit: 1), by: Caller(ID(UUID()))).items.isEmpty) {
                throw ValidationError("\(name) already holds data; the demo needs an empty database")
            }
            let printer = Printer()
            printer.title("Vendo demo on \(name)")
            try await DemoScenario(services: services, printer: printer).run()
            await store.close()
        } catch {
            await store.close()
            if let error = error as? ServiceError { throw ValidationError("the demo stopped: \(error)") }
            throw error
        }
    }
}
