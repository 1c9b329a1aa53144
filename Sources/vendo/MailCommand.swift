import ArgumentParser
import Foundation
import VendoCore
import VendoServices

struct MailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail", abstract: "The outbound mail server.", subcommands: [Test.self])

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send a test message now through the mail server in force (the settings, or VENDO_SMTP_*).",
            discussion: "Exits with an error that quotes the mail server's reply when the message is not taken.")

        @OptionGroup var location: UserCommand.Location
        @Option(help: "The address to send the test message to.") var to: String
        @Option(name: .customLong("as"), help: "The e-mail of the administrator who sends it.") var user: String?

        func run() async throws {
            var messageId = ""
            try await withServices(try await location.services()) { services in
                let caller = try await services.caller(for: try await services.administrator(email: user).id)
                messageId = try await services.sendTestMessage(to: to, by: caller)
            }
            say("sent a test message to \(to) (Message-ID \(messageId))")
        }
    }
}
