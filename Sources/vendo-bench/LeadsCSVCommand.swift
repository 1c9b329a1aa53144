import ArgumentParser
import Foundation

/// A CSV of distinct leads for the import and scale measures: every e-mail differs, so that
/// duplicate detection runs on every row and skips none.
struct LeadsCSVCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "leads-csv", abstract: "Write a CSV file of distinct leads.")

    @Option var count: Int
    @Option var output: String
    @Option(help: "Numbers leads from here, so that several files do not repeat one another.") var first = 0
    @Flag(help: "Adds the custom fields `region` (five choices) and `fleet` (0 to 999), as scripts/bench defines them, headed as an export heads them.")
    var custom = false

    static let sources = ["web", "email", "tradeShow", "partner", "advertisement", "employeeReferral", "other"]
    static let regions = ["north", "south", "east", "west", "centre"]
    static let words = ["Laptops", "Printers", "Support contract", "Licences", "Office chairs", "Screens", "Network upgrade",
                        "Cloud storage", "Training", "Phones"]

    func run() async throws {
        guard count >= 0 else { throw ValidationError("--count must not be negative") }
        guard FileManager.default.createFile(atPath: output, contents: nil), let file = FileHandle(forWritingAtPath: output) else {
            throw ValidationError("cannot write \(output)")
        }
        defer { try? file.close() }
        var buffer = "topic,firstName,lastName,companyName,email,source" + (custom ? ",customFields.region,customFields.fleet\n" : "\n")
        for n in first..<(first + count) {
            buffer += "\(Self.words[n % Self.words.count]) \(n),Alex,Lead\(n),Company \(n / 3),lead\(n)@company\(n / 3).example,"
            buffer += Self.sources[n % Self.sources.count]
            // Fleets spread over 0…999 in no relation to the creation order.
            buffer += custom ? ",\(Self.regions[n % Self.regions.count]),\(n * 7919 % 1000)\n" : "\n"
            if buffer.utf8.count > 1 << 20 {
                try file.write(contentsOf: Data(buffer.utf8))
                buffer = ""
            }
        }
        try file.write(contentsOf: Data(buffer.utf8))
    }
}
