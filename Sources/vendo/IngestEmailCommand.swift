import ArgumentParser
import Foundation
import VendoStore
import VendoCore
import VendoServer
import VendoServices

struct IngestEmailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest-email",
        abstract: "Read one e-mail on standard input (a mail server's pipe delivery) and turn it into a lead or a logged e-mail.",
        discussion: """
            From a known contact the e-mail is logged on their open opportunity (or on the contact), from a known \
            open lead on that lead; from anyone else it becomes a lead with source email. A message that cannot be \
            read is kept in the dead-letter folder and exits 65 (EX_DATAERR); when the database cannot be reached \
            or the owner is not an active user it exits 75 (EX_TEMPFAIL) so that the mail server tries again. See \
            docs/intake.md for Postfix.
            """)

    @OptionGroup var location: UserCommand.Location
    @Option(help: "The e-mail of the user who owns the leads created from enquiries.") var owner: String
    @Option(name: .customLong("dead-letter"), help: "Folder for messages that cannot be read (default: DATA-DIR/dead-letter).")
    var deadLetter: String?

    func run() async throws {
        let bytes = Array(FileHandle.standardInput.readDataToEndOfFile().prefix(MailMessage.maxSize + 1))
        let message: MailMessage
        do {
            message = try MailMessage.parse(bytes)
        } catch {
            let kept = keep(bytes)
            FileHandle.standardError.write(Data("vendo ingest-email: \(error.description)\(kept.map { "; kept in \($0)" } ?? "")\n".utf8))
            throw ExitCode(65)
        }
        let services: Services
        do {
            services = try await location.services()
        } catch {
            FileHandle.standardError.write(Data("vendo ingest-email: the database cannot be reached: \(error)\n".utf8))
            throw ExitCode(75)
        }
        try await withServices(services) { services in
            // Until the owner is right, the mail server keeps the message and tries again.
            guard let user = try? await services.user(email: owner), user.active else {
                FileHandle.standardError.write(Data("vendo ingest-email: no active user \(owner) to own the leads; fix --owner\n".utf8))
                throw ExitCode(75)
            }
            do {
                switch try await services.ingestEmail(message, owner: try await services.caller(for: user.id)) {
                case .lead(let id): say("lead \(id) created from \(message.fromAddress)")
                case .activity(let id, let type, let record): say("e-mail \(id) logged on \(type.rawValue) \(record.uuidString.lowercased())")
                }
            } catch ServiceError.unavailable(let reason) {
                FileHandle.standardError.write(Data("vendo ingest-email: the database is unavailable: \(reason)\n".utf8))
                throw ExitCode(75)
            }
        }
    }

    /// Writes the message to the dead-letter folder; the path, or nil when it could not be written.
    private func keep(_ bytes: [UInt8]) -> String? {
        let folder = deadLetter ?? ((location.dataDir ?? ProcessInfo.processInfo.environment["VENDO_DATA_DIR"] ?? "./vendo-data") + "/dead-letter")
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withYear, .withMonth, .withDay, .withTime]
        let name = "\(formatter.string(from: Date()))-\(UUID().uuidString.prefix(8)).eml"
        do {
            try PrivateFiles.directory(folder)
            let path = (folder as NSString).appendingPathComponent(name)
            try PrivateFiles.create(path, contents: Data(bytes))
            return path
        } catch {
            return nil
        }
    }
}
