import Foundation
import Testing
import VendoCore
import VendoServer
import VendoServices

@Suite("Server configuration: the public address and the mail server")
struct ServerSettingsTests {
    @Test("--public-url wins over VENDO_PUBLIC_URL and loses its trailing slash; VENDO_SMTP_* make a mail server; bad values are named")
    func resolve() throws {
        let configured = try ServerConfiguration.resolve(
            flags: ["public-url": "https://crm.example.com/"],
            environment: ["VENDO_PUBLIC_URL": "https://other.example.com", "VENDO_SMTP_HOST": "smtp.example.com", "VENDO_SMTP_SECURITY": "tls",
                          "VENDO_SMTP_USERNAME": "vendo", "VENDO_SMTP_PASSWORD": "pw", "VENDO_SMTP_FROM": "ventes@example.com",
                          "VENDO_SMTP_FROM_NAME": "Ventes"])
        #expect(configured.serverSettings.publicURL == "https://crm.example.com")
        let smtp = try #require(configured.serverSettings.smtp)
        #expect(smtp.host == "smtp.example.com" && smtp.port == 465 && smtp.security == .tls && smtp.username == "vendo")
        #expect(smtp.fromAddress == "ventes@example.com" && smtp.fromName == "Ventes" && configured.serverSettings.smtpPassword == "pw")
        let defaults = try ServerConfiguration.resolve(flags: [:], environment: [:])
        #expect(defaults.serverSettings.publicURL == nil && defaults.serverSettings.smtp == nil)
        do {
            _ = try ServerConfiguration.resolve(flags: ["public-url": "crm.example.com"],
                                                environment: ["VENDO_SMTP_HOST": "smtp.example.com", "VENDO_SMTP_SECURITY": "none",
                                                              "VENDO_SMTP_PORT": "many", "VENDO_SMTP_CA_FILE": "/nonexistent.pem"])
            Issue.record("bad values are refused")
        } catch let error as ServerConfiguration.Invalid {
            let text = error.description
            #expect(text.contains("--public-url") && text.contains("VENDO_SMTP_PORT") && text.contains("VENDO_SMTP_SECURITY")
                    && text.contains("VENDO_SMTP_FROM") && text.contains("VENDO_SMTP_CA_FILE"))
        }
    }
}
