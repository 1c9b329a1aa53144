import Foundation
import VendoCore

/// Synthetic business-card photos with known contents, drawn by scripts/card-samples (which
/// also installs Tesseract and zbar): the same seed always draws the same cards.
public struct CardSamples: Sendable {
    public struct Card: Decodable, Sendable {
        public var file: String
        public var language: String
        public var qr: Bool
        public var fields: Fields
    }

    public struct Fields: Decodable, Sendable {
        public var firstName: String
        public var lastName: String
        public var jobTitle: String
        public var companyName: String
        public var email: String
        public var phone: String?
        public var mobilePhone: String?
        public var website: String
        public var address: Address
    }

    public let directory: URL
    public let cards: [Card]

    public func image(_ card: Card) throws -> [UInt8] { [UInt8](try Data(contentsOf: directory.appendingPathComponent(card.file))) }

    /// Draws `count` cards into a fresh temporary folder (the caller removes it with `remove()`).
    public static func make(count: Int, seed: Int = 2026) throws -> CardSamples {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vendo-cards-\(UUID().uuidString)")
        let process = Process()
        process.executableURL = DocumentChecks.repository.appendingPathComponent("scripts/card-samples")
        process.arguments = [directory.path, "--count", String(count), "--seed", String(seed)]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let said = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "scripts/card-samples failed: " + String(decoding: said, as: UTF8.self)])
        }
        let cards = try JSONDecoder().decode([Card].self, from: Data(contentsOf: directory.appendingPathComponent("cards.json")))
        return CardSamples(directory: directory, cards: cards)
    }

    public func remove() { try? FileManager.default.removeItem(at: directory) }
}
