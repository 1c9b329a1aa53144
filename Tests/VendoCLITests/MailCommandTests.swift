import Foundation
import Testing
import VendoTestSupport

@Suite("vendo mail test", .serialized)
struct MailCommandTests {
    @Test("a test message goes through the server of VENDO_SMTP_*; a refusal quotes the server; no server says so")
    func testMessage() async throws {
        let smtp = try await SMTPTestServer(refuse: "nobody@example.com")
        defer { smtp.stop() }
        let data = temporaryPath("mail-command")
        defer { try? FileManager.default.removeItem(atPath: data) }
        #expect(try runVendo(["migrate", "--database", data + "/vendo.sqlite"], input: Data()).status == 0)
        #expect(try runVendo(["user", "add", "--data-dir", data, "--email", "admin@example.com", "--name", "Admin", "--role", "admin"],
                             input: Data()).status == 0)
        let ca = data + "/smtp-ca.pem"
        try smtp.certificate.write(toFile: ca, atomically: true, encoding: .utf8)
        var environment = ProcessInfo.processInfo.environment
        environment["VENDO_SMTP_HOST"] = "localhost"
        environment["VENDO_SMTP_PORT"] = String(smtp.port)
        environment["VENDO_SMTP_USERNAME"] = "vendo"
        environment["VENDO_SMTP_PASSWORD"] = "secret"
        environment["VENDO_SMTP_FROM"] = "ventes@example.com"
        environment["VENDO_SMTP_CA_FILE"] = ca
        let sent = try runVendo(["mail", "test", "--data-dir", data, "--to", "admin@example.com"], input: Data(), environment: environment)
        #expect(sent.status == 0, "stderr: \(sent.errors)")
        #expect(sent.output.contains("sent a test message to admin@example.com"))
        let received = try smtp.received()
        #expect(received.count == 1 && received.first?["envelope_to"] as? [String] == ["admin@example.com"])
        #expect(received.first?["tls"] as? Bool == true)

        let refused = try runVendo(["mail", "test", "--data-dir", data, "--to", "nobody@example.com"], input: Data(), environment: environment)
        #expect(refused.status != 0 && refused.errors.contains("550"))

        environment["VENDO_SMTP_SECURITY"] = "none"
        let clear = try runVendo(["mail", "test", "--data-dir", data, "--to", "admin@example.com"], input: Data(), environment: environment)
        // This server demands STARTTLS: without it nothing is sent, and no password goes out in clear.
        #expect(clear.status != 0 && clear.errors.contains("the mail server did not take the message"))
        #expect(try smtp.received().count == 1)

        environment["VENDO_SMTP_HOST"] = "smtp.example.com"
        let refusedConfiguration = try runVendo(["mail", "test", "--data-dir", data, "--to", "admin@example.com"], input: Data(),
                                                environment: environment)
        #expect(refusedConfiguration.status != 0 && refusedConfiguration.errors.contains("VENDO_SMTP_SECURITY"))

        environment.removeValue(forKey: "VENDO_SMTP_HOST")
        let none = try runVendo(["mail", "test", "--data-dir", data, "--to", "admin@example.com"], input: Data(), environment: environment)
        #expect(none.status != 0 && none.errors.contains("no mail server is set up"))
    }
}
