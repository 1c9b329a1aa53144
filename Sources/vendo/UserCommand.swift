import ArgumentParser
import Foundation
import VendoCore
import VendoServer
import VendoServices

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage users on the server's database.",
        subcommands: [Add.self, List.self, SetRole.self, Deactivate.self, Token.self, ResetPassword.self])

    struct Location: ParsableArguments {
        @Option(name: .customLong("data-dir"), help: "Folder of the database (default: VENDO_DATA_DIR, then ./vendo-data).")
        var dataDir: String?
        @Option(name: .customLong("database-url"), help: "The PostgreSQL database (default: VENDO_DATABASE_URL), instead of SQLite.")
        var databaseURL: String?

        func services() async throws -> Services {
            var flags: [String: String] = [:]
            flags["data-dir"] = dataDir
            flags["database-url"] = databaseURL
            let configuration = try ServerConfiguration.resolve(flags: flags, environment: ProcessInfo.processInfo.environment)
            guard configuration.databaseURL != nil || FileManager.default.fileExists(atPath: configuration.databasePath) else {
                throw ValidationError("no database at \(configuration.databasePath); start `vendo serve` once first")
            }
            return try await buildApplication(configuration).services
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user and print a one-time password.")
        @OptionGroup var location: Location
        @Option(help: "E-mail address (the sign-in name).") var email: String
        @Option(help: "Full name.") var name: String
        @Option(help: "admin, manager or salesperson.") var role: String = "salesperson"

        func run() async throws {
            guard let role = Role(rawValue: role) else { throw ValidationError("role must be admin, manager or salesperson") }
            try await withServices(try await location.services()) { services in
                let user = try await services.createUser(name: name, email: email, role: role, by: nil)
                let password = try await services.resetPassword(for: user.id, by: Caller(user.id))
                say("Added \(user.email) (\(user.role.rawValue)).\n  password (shown once): \(password)")
            }
        }
    }

    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an API token for a user and print it once.")
        @OptionGroup var location: Location
        @Option(help: "The user's e-mail address.") var email: String
        @Option(help: "A name to recognise the token by.") var name: String = "cli"
        @Option(name: .customLong("expires-in-days"), help: "Days until the token expires (default and most: the organisation's token lifetime, a year unless set).")
        var days: Int?

        func run() async throws {
            if let days, days < 1 { throw ValidationError("--expires-in-days must be 1 or more") }
            try await withServices(try await location.services()) { services in
                let user = try await services.user(email: email)
                let expiry = days.map { Date().addingTimeInterval(Double($0) * 86_400) }
                let issued = try await services.createToken(for: user.id, name: name, expiresAt: expiry, by: Caller(user.id))
                // The secret stays the last word printed, for scripts.
                if let expiry = issued.token.expiresAt { say("The token expires on \(ISO8601DateFormatter().string(from: expiry)).") }
                say("API token for \(user.email) (shown once): \(issued.secret)")
            }
        }
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reset-password", abstract: "Give a user a new one-time password.")
        @OptionGroup var location: Location
        @Option(help: "The user's e-mail address.") var email: String
        @Flag(name: .customLong("revoke-tokens"), help: "Revoke the user's API tokens too (their sessions always end).") var revokeTokens = false

        func run() async throws {
            try await withServices(try await location.services()) { services in
                let user = try await services.user(email: email)
                let password = try await services.resetPassword(for: user.id, revokeTokens: revokeTokens, by: Caller(user.id))
                say("New password for \(user.email) (shown once): \(password)")
                say(revokeTokens ? "Their sessions ended and their API tokens were revoked." : "Their sessions ended.")
            }
        }
    }
}

/// Runs a CLI action on the database and closes it whatever happens; service errors become a
/// message and a non-zero exit.
func withServices(_ services: Services, _ action: (Services) async throws -> Void) async throws {
    do {
        try await action(services)
        await services.store.close()
    } catch let error as ServiceError {
        await services.store.close()
        throw ValidationError(error.description)
    } catch {
        await services.store.close()
        throw error
    }
}

extension UserCommand {
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users with their role and state.")
        @OptionGroup var location: Location

        func run() async throws {
            try await withServices(try await location.services()) { services in
                var query = ListQuery(sort: .createdAt, descending: false, limit: 200)
                while true {
                    let page = try await services.list(User.self, query, by: .system)
                    for user in page.items {
                        say("\(user.email)\t\(user.role.rawValue)\t\(user.active ? "active" : "deactivated")\t\(user.name)")
                    }
                    guard let next = page.nextCursor else { break }
                    query.cursor = next
                }
            }
        }
    }

    struct SetRole: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set-role", abstract: "Give a user another role.")
        @OptionGroup var location: Location
        @Option(help: "The user's e-mail address.") var email: String
        @Option(help: "admin, manager or salesperson.") var role: String

        func run() async throws {
            guard let role = Role(rawValue: role) else { throw ValidationError("role must be admin, manager or salesperson") }
            try await withServices(try await location.services()) { services in
                let user = try await services.user(email: email)
                let changed = try await services.updateUser(user.id, ifVersion: nil, by: Caller(Services.commandLine)) { $0.role = role }
                say("\(changed.email) is now \(changed.role.rawValue).")
            }
        }
    }

    struct Deactivate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Deactivate a user: their sessions and tokens stop at once.")
        @OptionGroup var location: Location
        @Option(help: "The user's e-mail address.") var email: String

        func run() async throws {
            try await withServices(try await location.services()) { services in
                let user = try await services.user(email: email)
                _ = try await services.updateUser(user.id, ifVersion: nil, by: Caller(Services.commandLine)) { $0.active = false }
                say("\(user.email) is deactivated; their records stay, readable to managers and admins.")
            }
        }
    }
}
