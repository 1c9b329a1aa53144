import Foundation
import Testing

@Suite("vendo user", .serialized)
struct UserCommandTests {
    @Test("add, refuse a second add, issue a token, reset a password; errors exit non-zero")
    func users() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("vendo-users-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: data) }
        let missing = try runVendo(["user", "add", "--data-dir", data, "--email", "a@example.com", "--name", "A"])
        #expect(missing.status != 0 && missing.errors.contains("no database"))
        #expect(try runVendo(["migrate", "--database", data + "/vendo.sqlite"]).status == 0)
        let added = try runVendo(["user", "add", "--data-dir", data, "--email", "bob@example.com", "--name", "Bob", "--role", "manager"])
        #expect(added.status == 0 && added.output.contains("Added bob@example.com (manager)"))
        #expect(added.output.contains("password (shown once): "))
        let again = try runVendo(["user", "add", "--data-dir", data, "--email", "BOB@example.com", "--name", "Bob"])
        #expect(again.status != 0 && again.errors.contains("a user has the e-mail"))
        let badRole = try runVendo(["user", "add", "--data-dir", data, "--email", "c@example.com", "--name", "C", "--role", "boss"])
        #expect(badRole.status != 0 && badRole.errors.contains("role must be"))
        let token = try runVendo(["user", "token", "--data-dir", data, "--email", "bob@example.com", "--expires-in-days", "30"])
        #expect(token.status == 0 && token.output.contains("vendo_"))
        let reset = try runVendo(["user", "reset-password", "--data-dir", data, "--email", "bob@example.com"])
        #expect(reset.status == 0 && reset.output.contains("New password for bob@example.com"))
        let promoted = try runVendo(["user", "set-role", "--data-dir", data, "--email", "bob@example.com", "--role", "admin"])
        #expect(promoted.status == 0 && promoted.output.contains("bob@example.com is now admin"))
        let off = try runVendo(["user", "deactivate", "--data-dir", data, "--email", "bob@example.com"])
        #expect(off.status == 0 && off.output.contains("deactivated"))
        let listed = try runVendo(["user", "list", "--data-dir", data])
        #expect(listed.status == 0 && listed.output.contains("bob@example.com\tadmin\tdeactivated\tBob"))
        let unknown = try runVendo(["user", "reset-password", "--data-dir", data, "--email", "nobody@example.com"])
        #expect(unknown.status != 0 && !unknown.errors.contains("Fatal error"))
    }
}
