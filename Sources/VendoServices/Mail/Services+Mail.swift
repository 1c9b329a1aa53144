import Foundation
import NIOCore
import VendoCore
import VendoMail
import VendoStore

/// The organisation's mail: its SMTP settings, the outbox, and messages queued in the
/// transaction of the action that sends them.
extension Services {
    static let smtpPasswordSecret = "smtp.password"

    /// The SMTP settings in force and where they come from; never the password.
    public struct MailConfiguration: Sendable, Equatable {
        public var settings: MailSettings?
        public var passwordSet: Bool
        /// Set by the server's `VENDO_SMTP_*` variables, which win over the organisation's settings.
        public var fromEnvironment: Bool

        public init(settings: MailSettings?, passwordSet: Bool, fromEnvironment: Bool) {
            self.settings = settings
            self.passwordSet = passwordSet
            self.fromEnvironment = fromEnvironment
        }
    }

    /// A change of the SMTP password, which is written and never read back.
    public enum SecretEdit: Sendable, Equatable {
        case set(String)
        case clear
    }

    public func mailConfiguration(by caller: Caller) async throws -> MailConfiguration {
        try await read(as: caller) { tx in
            try ensureAdmin(caller, "settings", "read")
            return try await mailConfiguration(in: tx)
        }
    }

    func mailConfiguration(in tx: Transaction) async throws -> MailConfiguration {
        if let smtp = server.smtp { return MailConfiguration(settings: smtp, passwordSet: server.smtpPassword != nil, fromEnvironment: true) }
        // A database prepared by `vendo migrate` alone has no settings yet: no mail server either.
        let settings = try await tx.settings()
        return MailConfiguration(settings: settings?.smtp, passwordSet: try await tx.secret(Self.smtpPasswordSecret) != nil,
                                 fromEnvironment: false)
    }

    /// How to reach the SMTP server now, or why mail cannot go out.
    func smtpConfiguration(in tx: Transaction) async throws -> (MailSettings, SMTPConfiguration) {
        let configuration = try await mailConfiguration(in: tx)
        guard let settings = configuration.settings, !settings.host.isEmpty, !settings.fromAddress.isEmpty else {
            throw ServiceError.conflict(code: "mail_not_configured",
                                        message: "no mail server is set up: an administrator sets one in the settings (SMTP)", related: [])
        }
        let password = configuration.fromEnvironment ? server.smtpPassword : try await tx.secret(Self.smtpPasswordSecret)
        let security: SMTPConfiguration.Security = switch settings.security {
        case .starttls: .startTLS
        case .tls: .tls
        case .none: .none
        }
        let helo = settings.fromAddress.split(separator: "@").last.map(String.init) ?? "localhost"
        let seconds = server.smtpTimeout.components.seconds
        return (settings, SMTPConfiguration(host: settings.host, port: settings.port, security: security, username: settings.username,
                                            password: password, heloName: helo, trustedCertificates: server.smtpTrustedCertificates,
                                            timeout: .seconds(max(1, seconds))))
    }

    /// The server's public address: `--public-url`, else the organisation's setting; nil when
    /// neither is set.
    func publicURL(in tx: Transaction) async throws -> String? {
        if let url = server.publicURL { return OrganisationSettings.normalizedPublicURL(url) }
        return try await tx.settings()?.publicURL.map(OrganisationSettings.normalizedPublicURL)
    }

    public func publicURL() async throws -> String? {
        try await read { tx in try await publicURL(in: tx) }
    }

    /// Sends a message to `address` now, through the SMTP server in force, and answers its
    /// Message-ID; an SMTP failure is a conflict that says the server's words.
    @discardableResult
    public func sendTestMessage(to address: String, by caller: Caller) async throws -> String {
        do { try OutgoingMessage.checkRecipients(to: [address], cc: []) } catch { throw ServiceError.from(error) }
        let (settings, smtp, language) = try await read(as: caller) { tx in
            try ensureAdmin(caller, "settings", "testMail")
            let user = try await tx.find(User.self, caller.userId)
            let (settings, smtp) = try await smtpConfiguration(in: tx)
            return (settings, smtp, Language(locale: user?.locale ?? "en"))
        }
        let id = ids.next()
        let messageId = OutgoingMessage.newMessageId(id, domain: smtp.heloName)
        let subject = language == .fr ? "Message d'essai de Vendo" : "Vendo test message"
        let text = language == .fr
            ? "Ce message confirme que Vendo envoie du courrier par \(settings.host):\(settings.port)."
            : "This message confirms that Vendo sends mail through \(settings.host):\(settings.port)."
        var mail = OutgoingMail(from: .init(settings.fromAddress, name: settings.fromName), to: [.init(address)], subject: subject,
                                text: text, messageID: messageId, date: clock.now())
        mail.replyTo = settings.replyTo.map { .init($0) }
        do {
            try await SMTPClient(smtp).send(mail)
        } catch {
            throw ServiceError.conflict(code: "mail_failed", message: "the mail server did not take the message: \(Self.describe(error))",
                                        related: [])
        }
        return messageId
    }

    static func describe(_ error: any Error) -> String {
        String(String(describing: error).prefix(500))
    }

    /// Writes a message into the outbox, in the caller's transaction, with a line on the
    /// timeline of the record it is about.
    func queue(_ message: OutgoingMessage, by caller: Caller?, in tx: Transaction) async throws {
        try await tx.insertMessage(message)
        if let type = message.regardingType, let id = message.regardingId, let caller {
            var entry = entry(type, id, caller, "send")
            entry.field = "message"
            entry.newValue = "queued: " + (message.to + message.cc).joined(separator: ", ")
            try await tx.appendHistory([entry])
        }
    }

    /// A new message from the server, its Message-ID on the sender's domain.
    func newMessage(_ kind: OutgoingMessage.Kind, to: [String], cc: [String] = [], subject: String, text: String, html: String?,
                    in tx: Transaction) async throws -> OutgoingMessage {
        let domain = try await mailConfiguration(in: tx).settings?.fromAddress.split(separator: "@").last.map(String.init) ?? ""
        let id = ids.next()
        return OutgoingMessage(id: id, messageId: OutgoingMessage.newMessageId(id, domain: domain), kind: kind, to: to, cc: cc,
                               subject: subject, text: text, html: html, createdAt: clock.now())
    }

    /// The outbox, newest first: an administrator sees every message, a manager those their
    /// teams sent, a salesperson their own.
    public func messages(regarding: UUID? = nil, status: OutgoingMessage.Status? = nil, limit: Int = 50, cursor: String? = nil,
                         by caller: Caller) async throws -> Page<OutgoingMessage> {
        let size = max(1, min(limit, 200))
        let before = try cursor.map(Self.parseKeyset)
        let senders: Set<ID<User>>? = caller.principal.role == .admin ? nil : AccessPolicy.visibleOwners(caller.principal, kind: .owned)
        let found = try await readEach { tx in
            try await tx.messages(regarding: regarding, senders: senders, status: status, before: before, limit: size + 1)
        }
        let items = Array(found.prefix(size))
        let next = found.count > size ? items.last.map { Self.keyset($0.createdAt, $0.id) } : nil
        return Page(items: items, nextCursor: next)
    }

    public func message(_ id: UUID, by caller: Caller) async throws -> OutgoingMessage {
        let found = try await readEach { tx in try await tx.message(id) }
        guard let found, caller.principal.role == .admin
                || (found.senderId.map { AccessPolicy.visibleOwners(caller.principal, kind: .owned)?.contains($0) ?? true } ?? false) else {
            throw ServiceError.notFound(recordType: "message", id: id.uuidString.lowercased())
        }
        return found
    }

    static func keyset(_ date: Date, _ id: UUID) -> String {
        "\(Int64((date.timeIntervalSince1970 * 1_000_000).rounded())).\(id.uuidString.lowercased())"
    }

    static func parseKeyset(_ cursor: String) throws -> (Int64, String) {
        let parts = cursor.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, let micros = Int64(parts[0]), UUID(uuidString: parts[1]) != nil else {
            throw ServiceError.invalid("cursor", "invalid_cursor", "the cursor is not one this list gave")
        }
        return (micros, parts[1].lowercased())
    }

    /// Plain text as the HTML alternative: paragraphs and line breaks kept, links made clickable.
    static func html(fromText text: String) -> String {
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        func linked(_ line: String) -> String {
            line.split(separator: " ", omittingEmptySubsequences: false).map { word in
                let text = String(word)
                if (text.hasPrefix("https://") || text.hasPrefix("http://")) && URL(string: text) != nil {
                    return "<a href=\"\(escape(text))\">\(escape(text))</a>"
                }
                return escape(text)
            }.joined(separator: " ")
        }
        let paragraphs = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n")
            .map { $0.trimmingCharacters(in: .newlines) }.filter { !$0.isEmpty }
        let body = paragraphs.map { "<p>" + $0.split(separator: "\n", omittingEmptySubsequences: false).map { linked(String($0)) }
            .joined(separator: "<br>\n") + "</p>" }.joined(separator: "\n")
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head>\n<body style=\"font-family: sans-serif\">\n\(body)\n</body></html>"
    }
}

extension Services {
    /// Every template in force, with whether the organisation edited it.
    public func mailTemplates(by caller: Caller) async throws -> [(template: MailTemplate, edited: Bool)] {
        try ensureAdmin(caller, "mailTemplate", "read")
        let settings = try await settings()
        return MailTemplate.Kind.allCases.flatMap { kind in
            Language.allCases.map { language in
                let edited = settings.mailTemplates?.first { $0.kind == kind && $0.language == language }
                return (edited ?? .shipped(kind, language), edited != nil)
            }
        }
    }

    /// Saves an edited template (nil subject and body: back to the shipped one).
    public func updateMailTemplate(_ kind: MailTemplate.Kind, _ language: Language, subject: String?, body: String?,
                                   by caller: Caller) async throws -> MailTemplate {
        try ensureAdmin(caller, "mailTemplate", "update")
        var template: MailTemplate?
        if subject != nil || body != nil {
            let current = try await settings().mailTemplate(kind, language)
            let edited = MailTemplate(kind: kind, language: language, subject: subject ?? current.subject, body: body ?? current.body)
            do { try edited.validate() } catch { throw ServiceError.from(error) }
            template = edited
        }
        let chosen = template
        _ = try await updateSettings(ifVersion: nil, by: caller) { settings in
            var list = (settings.mailTemplates ?? []).filter { !($0.kind == kind && $0.language == language) }
            if let chosen, chosen != .shipped(kind, language) { list.append(chosen) }
            settings.mailTemplates = list.isEmpty ? nil : list
        }
        return chosen ?? .shipped(kind, language)
    }
}

extension Services {
    /// Whether mail can go out (the send forms say so before anyone tries).
    public func isMailConfigured() async throws -> Bool {
        try await read { tx in (try? await smtpConfiguration(in: tx)) != nil }
    }
}
