import Crypto
import Foundation
import Testing
@testable import VendoMail
import VendoTestSupport

@Suite("Mail: messages and the SMTP client against a real server (aiosmtpd)", .serialized)
struct SMTPClientTests {
    static func mail(to: String = "client@example.com", subject: String = "Votre facture n° INV-2026-00042 — échéance le 30 déc.",
                     attachment: [UInt8] = []) -> OutgoingMail {
        var mail = OutgoingMail(from: .init("factures@vendo.example", name: "Vendo Démo"), to: [.init(to, name: "Camille Müller")],
                                subject: subject, text: "Bonjour,\r\n.Une ligne qui commence par un point.\r\n..\r\nCordialement",
                                messageID: "<\(UUID().uuidString.lowercased())@vendo.example>", date: Date(timeIntervalSince1970: 1_796_549_400))
        mail.html = "<p>Bonjour,</p><p>Veuillez trouver <b>votre facture</b> ci-jointe.</p>"
        mail.cc = [.init("compta@example.com")]
        mail.replyTo = .init("anna@vendo.example", name: "Anna Berg")
        if !attachment.isEmpty {
            mail.attachments = [.init(fileName: "facture-INV-2026-00042 é.pdf", contentType: "application/pdf", data: attachment)]
        }
        return mail
    }

    func configuration(_ server: SMTPTestServer, password: String = "secret") -> SMTPConfiguration {
        SMTPConfiguration(host: "localhost", port: server.port, security: .startTLS, username: "vendo", password: password,
                          heloName: "vendo.example", trustedCertificates: server.certificate, timeout: .seconds(10))
    }

    @Test("STARTTLS, AUTH, an encoded French subject, both alternatives and a PDF byte for byte; dots stuffed")
    func delivered() async throws {
        let server = try await SMTPTestServer()
        defer { server.stop() }
        let pdf = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let mail = Self.mail(attachment: pdf)
        try await SMTPClient(configuration(server)).send(mail)
        let received = try server.received()
        #expect(received.count == 1)
        let message = try #require(received.first)
        #expect(message["tls"] as? Bool == true)
        #expect(message["subject"] as? String == mail.subject)
        #expect(message["from"] as? String == "Vendo Démo <factures@vendo.example>")
        #expect(message["to"] as? String == "Camille Müller <client@example.com>")
        #expect(message["reply_to"] as? String == "Anna Berg <anna@vendo.example>")
        #expect(message["message_id"] as? String == mail.messageID)
        #expect(message["date"] as? String == "Sun, 06 Dec 2026 09:30:00 +0000")
        #expect(message["envelope_to"] as? [String] == ["client@example.com", "compta@example.com"])
        #expect((message["defects"] as? [String])?.isEmpty == true)
        let parts = try #require(message["parts"] as? [[String: Any]])
        #expect(parts.map { $0["type"] as? String } == ["multipart/mixed", "multipart/alternative", "text/plain", "text/html", "application/pdf"])
        #expect(parts[2]["text"] as? String == mail.text.replacingOccurrences(of: "\r\n", with: "\n")
                    || parts[2]["text"] as? String == mail.text)
        #expect(parts[3]["text"] as? String == mail.html)
        let sha = SHA256.hash(data: pdf).map { String(format: "%02x", $0) }.joined()
        #expect(parts[4]["sha256"] as? String == sha && parts[4]["filename"] as? String == "facture-INV-2026-00042 é.pdf")
        // Every line of what was sent ends with CRLF and stays under the limit.
        let raw = try server.raw(1)
        let lines = raw.split(separator: 10, omittingEmptySubsequences: false).dropLast()
        #expect(lines.allSatisfy { $0.last == 13 && $0.count <= 1000 })
    }

    @Test("a 451 is a transient failure to retry, a refused recipient and a wrong password are permanent, with the server's words")
    func failures() async throws {
        let server = try await SMTPTestServer(failFirst: 1, refuse: "nobody@example.com")
        defer { server.stop() }
        await #expect(throws: SMTPError.transient(code: 451, reply: "4.3.0 try again later")) {
            try await SMTPClient(configuration(server)).send(Self.mail())
        }
        try await SMTPClient(configuration(server)).send(Self.mail())
        #expect(try server.received().count == 1)
        do {
            try await SMTPClient(configuration(server)).send(Self.mail(to: "nobody@example.com"))
            Issue.record("a refused recipient must fail")
        } catch let error as SMTPError {
            guard case .permanent(550, let reply) = error else { Issue.record("\(error)"); return }
            #expect(reply.contains("mailbox unavailable"))
        }
        do {
            try await SMTPClient(configuration(server, password: "wrong")).send(Self.mail())
            Issue.record("a wrong password must fail")
        } catch let error as SMTPError {
            guard case .permanent(535, _) = error else { Issue.record("\(error)"); return }
        }
        #expect(try server.received().count == 1)
    }

    @Test("no server, an untrusted certificate, or clear text to another machine: refused before anything is sent")
    func refusals() async throws {
        let port = try await SMTPTestServer.freePort()
        do {
            try await SMTPClient(SMTPConfiguration(host: "127.0.0.1", port: port, security: .startTLS, timeout: .seconds(5))).send(Self.mail())
            Issue.record("nothing listens there")
        } catch let error as SMTPError {
            #expect(error.isTransient)
        }
        let server = try await SMTPTestServer()
        defer { server.stop() }
        var untrusted = configuration(server)
        untrusted.trustedCertificates = nil
        await #expect(throws: SMTPError.self) { try await SMTPClient(untrusted).send(Self.mail()) }
        await #expect(throws: SMTPError.insecure("sending without TLS is allowed only to a server on this machine")) {
            try await SMTPClient(SMTPConfiguration(host: "smtp.example.com", port: 25, security: .none)).send(Self.mail())
        }
        // The server requires STARTTLS: plain AUTH is refused by it.
        var plain = configuration(server)
        plain.security = .none
        await #expect(throws: SMTPError.self) { try await SMTPClient(plain).send(Self.mail()) }
        #expect(try server.received().isEmpty)
    }

    @Test("headers: encoded words of at most 75 characters cut between characters; ASCII left alone; dates in English")
    func headers() {
        let long = String(repeating: "Réunion d’équipe à Zürich — ", count: 6)
        let encoded = OutgoingMail.encodedWords(long)
        let words = encoded.components(separatedBy: "\r\n ")
        #expect(words.count > 2 && words.allSatisfy { $0.hasPrefix("=?UTF-8?B?") && $0.hasSuffix("?=") && $0.count <= 75 })
        let decoded = words.map { word -> String in
            let base64 = word.dropFirst(10).dropLast(2)
            return String(decoding: Data(base64Encoded: String(base64)) ?? Data(), as: UTF8.self)
        }.joined()
        #expect(decoded == long)
        #expect(OutgoingMail.encodedWords("Invoice INV-2026-00001") == "Invoice INV-2026-00001")
        #expect(OutgoingMail.address(.init("a@b.example", name: "Doe, \"J\"")) == "\"Doe, \\\"J\\\"\" <a@b.example>")
        #expect(OutgoingMail.date(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 +0000")
        #expect(OutgoingMail.date(Date(timeIntervalSince1970: 951_782_400)) == "Tue, 29 Feb 2000 00:00:00 +0000")
        #expect(SMTPClient.Session.dotStuffed(Array(".a\r\nb\r\n..c\r\n".utf8)) == Array("..a\r\nb\r\n...c\r\n".utf8))
    }
}
