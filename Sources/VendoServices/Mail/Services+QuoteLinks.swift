import Foundation
import VendoCore
import VendoDocuments
import VendoStore

/// The customer's side of a sent quote: its page through an unguessable link, and their answer.
/// The link reveals that quote only, and the salesperson's name; nothing else.
extension Services {
    /// Why a link no longer takes answers (410).
    public enum ClosedQuoteReason: String, Sendable, Equatable {
        case expired, revised, closed, won
    }

    public enum QuoteLinkError: Error, Sendable, Equatable {
        /// Unknown or tampered token (404).
        case unknown
        /// The quote can no longer be answered (410).
        case gone(ClosedQuoteReason)
    }

    /// What the customer sees.
    public struct PublicQuote: Sendable {
        public var document: SalesDocument
        public var salespersonName: String?
        public var salespersonEmail: String?
        /// The answer given through a link, when there is one.
        public var answer: OnlineAnswer?
        public var expiresAt: Date
    }

    /// The customer's answer, as typed.
    public struct QuoteAnswer: Sendable, Equatable {
        public var accept: Bool
        public var name: String
        public var purchaseOrder: String?
        public var acceptedTerms: Bool
        public var reason: String?
        public var clientAddress: String?

        public init(accept: Bool, name: String = "", purchaseOrder: String? = nil, acceptedTerms: Bool = false, reason: String? = nil,
                    clientAddress: String? = nil) {
            self.accept = accept
            self.name = name
            self.purchaseOrder = purchaseOrder
            self.acceptedTerms = acceptedTerms
            self.reason = reason
            self.clientAddress = clientAddress
        }
    }

    /// Answers (and reset requests) per client address in `CaptureRules.window`.
    static let answersPerWindow = 20

    /// The quote behind a link. An answered quote is shown with its answer; a quote closed
    /// otherwise, revised, or past its link's expiry is `gone`.
    public func publicQuote(token: String) async throws -> PublicQuote {
        try await read { tx in
            let (link, quote) = try await linkedQuote(token, in: tx)
            let answer = try await onlineAnswer(quote, in: tx)
            if answer == nil { try check(quote, link: link) }
            let owner = try await tx.find(User.self, quote.info.ownerId)
            return PublicQuote(document: try await salesDocument(quote: quote, in: tx), salespersonName: owner?.name,
                               salespersonEmail: owner?.email, answer: answer, expiresAt: link.expiresAt)
        }
    }

    /// The quote's PDF through its link (while the page may be shown).
    public func publicQuotePDF(token: String) async throws -> RenderedDocument {
        let document = try await publicQuote(token: token).document
        return RenderedDocument(fileName: Self.fileName(document), bytes: try await CPUWork.run { DocumentPDF.render(document) })
    }

    /// Accepting wins the quote as the "won" action does (and makes the order when the
    /// organisation says so); declining closes it as lost with the reason. The same answer again
    /// shows it again; the other answer is refused (409 `already_answered`).
    public func answerQuote(token: String, _ answer: QuoteAnswer) async throws -> PublicQuote {
        var check = Validator()
        if answer.accept {
            check.require(answer.name, "name", maxLength: 200)
            check.text(answer.purchaseOrder, "purchaseOrder", maxLength: 100)
            if !answer.acceptedTerms { check.add("terms", "required", "accepting needs the terms accepted") }
        } else {
            check.text(answer.name, "name", maxLength: 200)
            check.text(answer.reason, "reason", maxLength: 2000)
        }
        do { try check.check() } catch { throw ServiceError.from(error) }
        try await countEvent(key: "quote-answer:" + (answer.clientAddress ?? "unknown"), limit: Self.answersPerWindow)
        let now = clock.now()
        try await write { tx in
            let (link, quote) = try await linkedQuote(token, in: tx)
            if let given = try await onlineAnswer(quote, in: tx) {
                if (given.kind == .accepted) == answer.accept { return }
                throw ServiceError.conflict(code: "already_answered",
                                            message: "this quote was already \(given.kind.rawValue) through its link", related: [])
            }
            try self.check(quote, link: link)
            let owner = Caller(quote.info.ownerId)
            let online = OnlineAnswer(kind: answer.accept ? .accepted : .declined, name: answer.name.trimmingWhitespace(),
                                      purchaseOrder: answer.purchaseOrder.flatMap { $0.isEmpty ? nil : $0 },
                                      reason: answer.reason.flatMap { $0.isEmpty ? nil : $0 }, at: now, address: answer.clientAddress)
            let description = answer.accept
                ? "Accepted online by \(online.name)" + (online.purchaseOrder.map { ", purchase order \($0)" } ?? "")
                : "Declined online" + (online.name.isEmpty ? "" : " by \(online.name)") + (online.reason.map { ": \($0)" } ?? "")
            _ = try await change(Quote.self, quote.id, ifVersion: nil, by: owner, action: answer.accept ? "win" : "close", in: tx) { quote in
                if answer.accept { try quote.win() } else { try quote.close(as: .lost) }
                var close = CloseRecord(id: newID(), info: newInfo(owner), regardingType: Quote.recordType, regardingId: quote.id.uuid,
                                        status: answer.accept ? "won" : "lost", closeDate: today, description: description,
                                        actualRevenue: answer.accept ? quote.pricing.totals.preFreightAmount : nil)
                close.onlineAnswer = online
                try await insert(close, by: owner, in: tx)
            }
            if answer.accept, try await settings(in: tx).acceptedQuotesBecomeOrders == true {
                _ = try await convertToOrder(quote.id, winOpportunity: false, actualRevenue: nil, ifVersion: nil, by: owner, in: tx)
            }
            try await notify(quote.info.ownerId, answer.accept ? .quoteAccepted : .quoteDeclined, about: "quote", quote.id.uuid,
                             title: quote.number + (quote.fields.name.isEmpty ? "" : " — " + quote.fields.name), by: nil, in: tx)
        }
        return try await publicQuote(token: token)
    }

    private func linkedQuote(_ token: String, in tx: Transaction) async throws -> (QuoteLink, Quote) {
        guard token.count >= 20, token.count <= 100, let link = try await tx.quoteLink(tokenHash: Self.hash(token)),
              let quote = try await tx.find(Quote.self, link.quoteId) else {
            throw QuoteLinkError.unknown
        }
        return (link, quote)
    }

    private func onlineAnswer(_ quote: Quote, in tx: Transaction) async throws -> OnlineAnswer? {
        try await tx.closeRecords(regarding: quote.id.uuid).last { $0.onlineAnswer != nil }?.onlineAnswer
    }

    private func check(_ quote: Quote, link: QuoteLink) throws {
        switch quote.state {
        case .active: break
        case .won: throw QuoteLinkError.gone(.won)
        case .closed: throw QuoteLinkError.gone(quote.status == .revised ? .revised : .closed)
        case .draft: throw QuoteLinkError.gone(.closed)
        }
        if clock.now() >= link.expiresAt { throw QuoteLinkError.gone(.expired) }
        if let valid = quote.fields.validUntil, valid < today { throw QuoteLinkError.gone(.expired) }
    }

    // MARK: Password reset by e-mail

    static let resetLifetime: TimeInterval = 30 * 60

    /// Sends a reset link to the active user with this e-mail, if there is one; says nothing
    /// either way. Rate-limited per address and per client.
    public func requestPasswordReset(email: String, clientAddress: String?) async throws {
        var check = Validator()
        check.require(email, "email", maxLength: 254)
        check.email(email, "email")
        do { try check.check() } catch { throw ServiceError.from(error) }
        try await countEvent(key: "password-reset:" + (clientAddress ?? "unknown"), limit: Self.answersPerWindow)
        try await countEvent(key: "password-reset-email:" + email.lowercased(), limit: Self.answersPerWindow)
        let now = clock.now()
        try await writeAside { tx in
            guard let user = try await tx.user(withEmail: email), user.active,
                  let base = try await publicURL(in: tx), (try? await smtpConfiguration(in: tx)) != nil else { return }
            let token = Self.randomSecret(bytes: 32)
            try await tx.endPasswordResets(of: user.id, at: now)
            try await tx.insertPasswordReset(tokenHash: Self.hash(token), user: user.id, at: now, expires: now.addingTimeInterval(Self.resetLifetime))
            let language = Language(locale: user.locale)
            let link = "\(base)/password-reset/\(token)"
            let (subject, text) = language == .fr
                ? ("Réinitialiser votre mot de passe Vendo",
                   "Bonjour \(user.name),\n\nPour choisir un nouveau mot de passe, ouvrez ce lien dans les 30 minutes :\n\(link)\n\n"
                   + "Si vous n'avez rien demandé, ignorez ce message : votre mot de passe ne change pas.")
                : ("Reset your Vendo password",
                   "Hello \(user.name),\n\nTo choose a new password, open this link within 30 minutes:\n\(link)\n\n"
                   + "If you did not ask for it, ignore this message: your password stays as it is.")
            var message = try await newMessage(.passwordReset, to: [user.email], subject: subject, text: text, html: Self.html(fromText: text), in: tx)
            message.regardingType = User.recordType
            message.regardingId = user.id.uuid
            try await queue(message, by: nil, in: tx)
            try await securityEvent("passwordResetRequested", user: user.id, detail: clientAddress, in: tx)
        }
    }

    /// Whether a reset link can still be used (the page that asks for the new password).
    public func isPasswordResetUsable(token: String) async throws -> Bool {
        let now = clock.now()
        return try await read { tx in try await tx.isPasswordResetUsable(tokenHash: Self.hash(token), at: now) }
    }

    /// Sets the new password through a reset link, once; every session and other reset link of
    /// the user ends. An unknown, used or expired link is 404 `reset_link_invalid`.
    public func resetPassword(token: String, newPassword: String) async throws {
        let hash = try await Self.passwordHash(newPassword)
        let now = clock.now()
        try await write { tx in
            guard let user = try await tx.usePasswordReset(tokenHash: Self.hash(token), at: now) else {
                throw ServiceError.notFound(recordType: "passwordReset", id: "link")
            }
            try await tx.setPasswordHash(hash, for: user, at: now)
            try await tx.deleteSessions(of: user)
            try await tx.endPasswordResets(of: user, at: now)
            try await securityEvent("passwordReset", user: user, detail: nil, in: tx)
            try await tx.appendHistory([HistoryEntry(id: ids.next(), recordType: User.recordType, recordId: user.uuid, at: now,
                                                     userId: user, action: "resetPassword", field: "password")])
        }
    }
}
