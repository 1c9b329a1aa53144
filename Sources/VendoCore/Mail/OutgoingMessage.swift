import Foundation

/// One message of the outbox: written in the transaction of the action that sends it, sent
/// afterwards by whichever server claims it. Its Message-ID and Date are fixed when it is
/// queued; its full text (`raw`) is made once, before the first attempt, and every retry sends
/// those same bytes, so a message sent twice after a crash is recognisably the same one.
public struct OutgoingMessage: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable { case queued, sent, failed }

    /// What the message is: a document sent to a customer, a payment reminder, or the server's
    /// own mail (a test, a password reset, a notification).
    public enum Kind: String, Sendable, CaseIterable {
        case quote, order, invoice, creditNote, reminder, test, passwordReset, notification
    }

    /// The document attached, made when the message is first prepared.
    public enum Attachment: Sendable, Equatable {
        case quotePDF(ID<Quote>)
        case orderPDF(ID<Order>)
        case invoicePDF(ID<Invoice>)

        public var code: String {
            switch self {
            case .quotePDF(let id): return "quote:\(id)"
            case .orderPDF(let id): return "order:\(id)"
            case .invoicePDF(let id): return "invoice:\(id)"
            }
        }

        public init?(code: String) {
            let parts = code.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { return nil }
            switch parts[0] {
            case "quote": guard let id = ID<Quote>(parts[1]) else { return nil }; self = .quotePDF(id)
            case "order": guard let id = ID<Order>(parts[1]) else { return nil }; self = .orderPDF(id)
            case "invoice": guard let id = ID<Invoice>(parts[1]) else { return nil }; self = .invoicePDF(id)
            default: return nil
            }
        }
    }

    public var id: UUID
    /// `<uuid@host>`, fixed at queue time.
    public var messageId: String
    public var kind: Kind
    /// The record it is about (a document, a user for a password reset), if any.
    public var regardingType: String?
    public var regardingId: UUID?
    /// The opportunity of that document, where its e-mail activity is logged too.
    public var opportunityId: UUID?
    /// Who sent it (nil: the server itself).
    public var senderId: ID<User>?
    public var to: [String]
    public var cc: [String]
    public var subject: String
    public var text: String
    public var html: String?
    public var attachment: Attachment?
    public var status: Status
    public var attempts: Int
    public var createdAt: Date
    public var nextAttemptAt: Date
    public var lastAttemptAt: Date?
    /// Why the last attempt failed: the server's reply or the connection's error.
    public var lastError: String?
    public var sentAt: Date?
    /// Set once prepared: the attachment's file name and SHA-256.
    public var attachmentName: String?
    public var attachmentSha256: String?

    public init(id: UUID, messageId: String, kind: Kind, to: [String], cc: [String] = [], subject: String, text: String,
                html: String? = nil, createdAt: Date) {
        self.id = id
        self.messageId = messageId
        self.kind = kind
        self.to = to
        self.cc = cc
        self.subject = subject
        self.text = text
        self.html = html
        status = .queued
        attempts = 0
        self.createdAt = createdAt
        nextAttemptAt = createdAt
    }

    /// A Message-ID for a new message, unique without coordination.
    public static func newMessageId(_ id: UUID, domain: String) -> String {
        "<\(id.uuidString.lowercased())@\(domain.isEmpty ? "vendo.invalid" : domain)>"
    }

    /// Each address of a recipient list written "a@x.fr, b@y.com" (commas or semicolons).
    public static func addresses(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == "\n" })
            .map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    /// Field errors for recipients: at least one `to`, every address well formed, 50 at most.
    public static func checkRecipients(to: [String], cc: [String]) throws(DomainError) {
        var check = Validator()
        if to.isEmpty { check.add("to", "required", "a message needs at least one recipient") }
        if to.count + cc.count > 50 { check.add("to", "too_many", "at most 50 recipients") }
        for (field, list) in [("to", to), ("cc", cc)] {
            for (index, address) in list.enumerated() {
                check.email(address, "\(field)[\(index)]")
                if address.contains(where: { $0 == "<" || $0 == ">" || $0 == "\r" || $0 == "\n" || $0 == "\"" }) {
                    check.add("\(field)[\(index)]", "invalid_email", "\(field)[\(index)] is not an e-mail address")
                }
            }
        }
        try check.check()
    }
}
