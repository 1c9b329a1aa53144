import Foundation
import VendoCore

/// Settings that come from the server's command line and environment rather than from the
/// organisation's settings, and win over them: a server configured by its environment keeps its
/// mail server and public address whatever an administrator types.
public struct ServerSettings: Sendable, Equatable {
    /// `--public-url` / `VENDO_PUBLIC_URL`, without a trailing slash.
    public var publicURL: String?
    /// `VENDO_SMTP_*`: the SMTP server and sender.
    public var smtp: MailSettings?
    public var smtpPassword: String?
    /// PEM certificates to trust for the SMTP server instead of the system's (a private CA):
    /// `VENDO_SMTP_CA_FILE`.
    public var smtpTrustedCertificates: String?
    /// For each step of an SMTP dialogue.
    public var smtpTimeout: Duration
    /// The commands that read business cards (found on the PATH unless a test says otherwise).
    public var cardTools: CardTools = .installed

    public init(publicURL: String? = nil, smtp: MailSettings? = nil, smtpPassword: String? = nil, smtpTrustedCertificates: String? = nil,
                smtpTimeout: Duration = .seconds(30)) {
        self.publicURL = publicURL
        self.smtp = smtp
        self.smtpPassword = smtpPassword
        self.smtpTrustedCertificates = smtpTrustedCertificates
        self.smtpTimeout = smtpTimeout
    }

    /// Reads `VENDO_SMTP_HOST`, `_PORT`, `_SECURITY`, `_USERNAME`, `_PASSWORD`, `_FROM`,
    /// `_FROM_NAME`, `_REPLY_TO` and `_CA_FILE`; nil when no host is set. Every problem is
    /// reported with the variable's name.
    public static func smtp(from environment: [String: String]) -> (MailSettings?, password: String?, certificates: String?, problems: [String]) {
        guard let host = environment["VENDO_SMTP_HOST"], !host.isEmpty else { return (nil, nil, nil, []) }
        var problems: [String] = []
        var settings = MailSettings(host: host)
        if let security = environment["VENDO_SMTP_SECURITY"] {
            if let value = MailSettings.Security(rawValue: security.lowercased()) {
                settings.security = value
            } else {
                problems.append("VENDO_SMTP_SECURITY: '\(security)' is not starttls, tls or none")
            }
        }
        settings.port = settings.security == .tls ? 465 : 587
        if let port = environment["VENDO_SMTP_PORT"] {
            if let value = Int(port) { settings.port = value } else { problems.append("VENDO_SMTP_PORT: '\(port)' is not a port") }
        }
        settings.username = environment["VENDO_SMTP_USERNAME"].flatMap { $0.isEmpty ? nil : $0 }
        settings.fromAddress = environment["VENDO_SMTP_FROM"] ?? ""
        settings.fromName = environment["VENDO_SMTP_FROM_NAME"].flatMap { $0.isEmpty ? nil : $0 }
        settings.replyTo = environment["VENDO_SMTP_REPLY_TO"].flatMap { $0.isEmpty ? nil : $0 }
        do {
            try settings.validate(prefix: "")
        } catch {
            let names = ["host": "HOST", "port": "PORT", "security": "SECURITY", "username": "USERNAME", "fromAddress": "FROM",
                         "fromName": "FROM_NAME", "replyTo": "REPLY_TO"]
            problems += error.fieldErrors.map { "VENDO_SMTP_\(names[$0.field] ?? $0.field.uppercased()): \($0.message)" }
        }
        var certificates: String?
        if let file = environment["VENDO_SMTP_CA_FILE"], !file.isEmpty {
            if let text = try? String(contentsOfFile: file, encoding: .utf8), text.contains("-----BEGIN CERTIFICATE-----") {
                certificates = text
            } else {
                problems.append("VENDO_SMTP_CA_FILE: '\(file)' is not a readable PEM certificate file")
            }
        }
        return (settings, environment["VENDO_SMTP_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }, certificates, problems)
    }
}
