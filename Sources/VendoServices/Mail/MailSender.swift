import Foundation
import VendoCore
import VendoMail
import VendoStore

/// Sends the outbox. Every server runs one, as it runs the webhook sender: each claims due
/// messages for a while (`claimFor`), so a message is sent by one server at a time and one whose
/// server died is taken up again when its claim runs out. A message is prepared once — its
/// attachment made and its full text kept — so every attempt sends the same bytes with the
/// same Message-ID. A 4xx reply or a failed connection is retried with backoff; a 5xx reply
/// fails the message with the server's words.
public struct MailSender: Sendable {
    let services: Services
    let claimant = "mail-" + UUID().uuidString.lowercased()
    let batchSize: Int
    let pollInterval: Duration

    public static let maxAttempts = 10
    /// Longer than a whole dialogue can take with every step at its timeout.
    static let claimFor: TimeInterval = 300

    public init(services: Services, batchSize: Int = 5, pollInterval: Duration = .seconds(1)) {
        self.services = services
        self.batchSize = batchSize
        self.pollInterval = pollInterval
    }

    /// The wait before attempt `attempts + 1`: 30 s, 1 min, 2 min… at most an hour.
    public static func backoff(afterAttempts attempts: Int) -> TimeInterval {
        min(3600, 30 * pow(2, Double(max(0, attempts - 1))))
    }

    /// Runs until the task is cancelled; a failing database only delays the next round.
    public func run() async {
        while !Task.isCancelled {
            let count = (try? await deliverDue()) ?? 0
            if count < batchSize { try? await Task.sleep(for: pollInterval) }
        }
    }

    /// One round: claims what is due, sends it (one connection per message, side by side), and
    /// returns how many were attempted.
    @discardableResult
    public func deliverDue() async throws -> Int {
        let now = services.now
        let claimed = try await services.store.write { tx in
            try await tx.claimDueMessages(claimant: claimant, now: now, until: now.addingTimeInterval(Self.claimFor), limit: batchSize)
        }
        await withDiscardingTaskGroup { group in
            for (message, raw) in claimed { group.addTask { await send(message, prepared: raw) } }
        }
        return claimed.count
    }

    private func send(_ message: OutgoingMessage, prepared: String?) async {
        var message = message
        message.attempts += 1
        message.lastAttemptAt = services.now
        var failure: (any Error)?
        do {
            let (settings, smtp) = try await services.read { tx in try await services.smtpConfiguration(in: tx) }
            let raw: String
            if let prepared {
                raw = prepared
            } else {
                raw = try await prepare(&message, settings: settings)
            }
            let envelopeFrom = settings.fromAddress
            try await SMTPClient(smtp).send(raw: Array(raw.utf8), from: envelopeFrom, to: message.to + message.cc)
        } catch {
            failure = error
        }
        let now = services.now
        if let failure {
            message.lastError = Services.describe(failure)
            let permanent: Bool
            if let smtp = failure as? SMTPError { permanent = !smtp.isTransient } else if let service = failure as? ServiceError {
                // Mail not set up (yet) is worth retrying; a document gone is not.
                if case .conflict(let code, _, _) = service, code == "mail_not_configured" { permanent = false } else { permanent = true }
            } else {
                permanent = false
            }
            if permanent || message.attempts >= Self.maxAttempts {
                message.status = .failed
                if !permanent { message.lastError = "gave up after \(message.attempts) attempts: " + (message.lastError ?? "") }
            } else {
                message.nextAttemptAt = now.addingTimeInterval(Self.backoff(afterAttempts: message.attempts))
            }
        } else {
            message.status = .sent
            message.sentAt = now
            message.lastError = nil
        }
        let done = message
        _ = try? await services.writeAside { tx in
            guard try await tx.recordMessageAttempt(done, claimant: claimant) else { return }
            try await services.recordDelivery(done, in: tx)
        }
    }

    /// Makes the message's full text once: the attachment rendered (an invoice's kept PDF), its
    /// SHA-256 noted, and the MIME text kept in the outbox before the first attempt.
    private func prepare(_ message: inout OutgoingMessage, settings: MailSettings) async throws -> String {
        var mail = OutgoingMail(from: .init(settings.fromAddress, name: settings.fromName), to: message.to.map { .init($0) },
                                subject: message.subject, text: message.text, messageID: message.messageId, date: message.createdAt)
        mail.cc = message.cc.map { .init($0) }
        mail.html = message.html
        let senderEmail: String? = if let sender = message.senderId {
            try await services.read { tx in try await tx.find(User.self, sender)?.email }
        } else { nil }
        if let replyTo = settings.replyTo ?? senderEmail { mail.replyTo = .init(replyTo) }
        if let attachment = message.attachment {
            let caller = message.senderId.map(Caller.init) ?? .system
            let document: Services.RenderedDocument = switch attachment {
            case .quotePDF(let id): try await services.pdf(ofQuote: id, by: caller)
            case .orderPDF(let id): try await services.pdf(ofOrder: id, by: caller)
            case .invoicePDF(let id): try await services.pdf(ofInvoice: id, by: caller)
            }
            let name = message.attachmentName ?? document.fileName
            mail.attachments = [.init(fileName: name, contentType: "application/pdf", data: document.bytes)]
            message.attachmentName = name
            message.attachmentSha256 = Services.sha256Hex(document.bytes)
        }
        let raw = String(decoding: mail.rendered(), as: UTF8.self)
        let (id, name, sha) = (message.id, message.attachmentName, message.attachmentSha256)
        let kept = try await services.writeAside { tx in
            try await tx.keepPreparedMessage(id, raw: raw, attachmentName: name, attachmentSha256: sha, claimant: claimant)
        }
        return kept ?? raw
    }
}

extension Services {
    /// What a finished attempt leaves: on the document's timeline its delivery state, and once
    /// sent a completed e-mail activity on the document and on its opportunity, naming the
    /// attachment and its SHA-256.
    func recordDelivery(_ message: OutgoingMessage, in tx: Transaction) async throws {
        guard message.status != .queued || message.lastError != nil else { return }
        let caller = message.senderId.map(Caller.init) ?? .system
        if let type = message.regardingType, let id = message.regardingId {
            var entry = entry(type, id, caller, "delivery")
            entry.field = "message"
            entry.oldValue = "queued"
            switch message.status {
            case .sent: entry.newValue = "sent"
            case .failed: entry.newValue = "failed: " + (message.lastError ?? "")
            case .queued: entry.newValue = "retrying: " + (message.lastError ?? "")
            }
            try await tx.appendHistory([entry])
        }
        guard message.status == .sent, let type = message.regardingType.flatMap(RegardingType.init(rawValue:)),
              let id = message.regardingId, let sender = message.senderId else { return }
        var body = "To: \((message.to).joined(separator: ", "))"
        if !message.cc.isEmpty { body += "\nCc: \(message.cc.joined(separator: ", "))" }
        body += "\nMessage-ID: \(message.messageId)"
        if let name = message.attachmentName { body += "\nAttachment: \(name)" + (message.attachmentSha256.map { " (SHA-256 \($0))" } ?? "") }
        body += "\n\n" + message.text
        var targets = [(type, id)]
        if let opportunity = message.opportunityId { targets.append((.opportunity, opportunity)) }
        for (regardingType, regardingId) in targets {
            var info = RecordInfo(at: message.sentAt ?? clock.now(), by: sender)
            info.ownerId = sender
            let activity = try Activity(id: newID(), info: info, type: .email, regardingType: regardingType, regardingId: regardingId,
                                        fields: ActivityFields(subject: String(message.subject.prefix(200)), body: String(body.prefix(20_000))),
                                        state: .completed)
            try await insert(activity, by: Caller(sender), in: tx)
        }
    }
}
