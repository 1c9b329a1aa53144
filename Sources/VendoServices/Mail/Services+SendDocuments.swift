import Crypto
import Foundation
import Mustache
import VendoCore
import VendoDocuments
import VendoStore

/// Sending quotes, order confirmations, invoices, credit notes and payment reminders: the
/// message is queued in the transaction that activates the quote or issues the invoice, so the
/// two happen together or not at all. The PDF is attached when the message is first prepared.
extension Services {
    /// What the sender chose; everything is optional.
    public struct SendRequest: Sendable, Equatable {
        /// Default: the document's contact's billing e-mail, else their e-mail, else the account's.
        public var to: [String]?
        public var cc: [String]
        /// Final text, not a template, except that `{{quoteLink}}` becomes the quote's link.
        /// Default: the organisation's template, rendered.
        public var subject: String?
        public var body: String?
        /// The template to render when no subject or body is given; default: the document's own.
        public var template: MailTemplate.Kind?

        public init(to: [String]? = nil, cc: [String] = [], subject: String? = nil, body: String? = nil, template: MailTemplate.Kind? = nil) {
            self.to = to
            self.cc = cc
            self.subject = subject
            self.body = body
            self.template = template
        }
    }

    /// What a send form shows before anything is sent: the recipients and the rendered template,
    /// with `{{quoteLink}}` left for the link made at sending.
    public struct MessageDraft: Sendable, Equatable {
        public var to: [String]
        public var cc: [String]
        public var subject: String
        public var body: String
        public var language: Language
        public var attachmentName: String
    }

    public enum SendableDocument: Sendable, Equatable {
        case quote(ID<Quote>)
        case order(ID<Order>)
        case invoice(ID<Invoice>)
        /// A payment reminder of an overdue invoice.
        case reminder(ID<Invoice>)
    }

    public func draftMessage(for document: SendableDocument, by caller: Caller) async throws -> MessageDraft {
        try await read(as: caller) { tx in
            let context = try await sendContext(document, in: tx)
            let template = try await settings(in: tx).mailTemplate(context.kind, context.language)
            var variables = context.variables
            if case .quote = document { variables["quoteLink"] = "{{quoteLink}}" }
            return MessageDraft(to: context.to, cc: [], subject: Self.render(template.subject, variables),
                                body: Self.render(template.body, variables), language: context.language,
                                attachmentName: context.attachmentName)
        }
    }

    /// Sends a quote (activating a draft), an order confirmation, an invoice (issuing a draft)
    /// or a credit note, or a payment reminder of an overdue invoice: queues the message and
    /// returns it. 409 `mail_not_configured` when no mail server is set up.
    public func send(_ document: SendableDocument, _ request: SendRequest = SendRequest(), ifVersion: Int? = nil,
                     by caller: Caller) async throws -> OutgoingMessage {
        let message = try await write(as: caller) { tx -> OutgoingMessage in
            _ = try await smtpConfiguration(in: tx)
            switch document {
            case .quote(let id):
                let quote = try await load(Quote.self, id, in: tx)
                try ensureAllowed(.action("send"), quote, by: caller)
                try checkVersion(quote, ifVersion)
                if quote.state == .draft {
                    _ = try await change(Quote.self, id, ifVersion: nil, by: caller, action: "activate", in: tx) { try $0.activate() }
                } else if quote.state != .active {
                    throw DomainError.invalidTransition(record: "quote", state: quote.state.rawValue, status: quote.status.rawValue, action: "send")
                }
            case .order(let id):
                let order = try await load(Order.self, id, in: tx)
                try ensureAllowed(.action("send"), order, by: caller)
                try checkVersion(order, ifVersion)
                if order.state == .canceled {
                    throw DomainError.invalidTransition(record: "order", state: order.state.rawValue, status: order.status.rawValue, action: "send")
                }
            case .invoice(let id):
                let invoice = try await load(Invoice.self, id, in: tx)
                try ensureAllowed(.action("send"), invoice, by: caller)
                try checkVersion(invoice, ifVersion)
                if invoice.state == .draft {
                    _ = try await issue(id, ifVersion: nil, by: caller, in: tx)
                } else if invoice.state == .canceled && invoice.kind == .invoice {
                    throw DomainError.invalidTransition(record: "invoice", state: invoice.state.rawValue, status: invoice.status.rawValue,
                                                        action: "send")
                }
            case .reminder(let id):
                let invoice = try await load(Invoice.self, id, in: tx)
                try ensureAllowed(.action("remind"), invoice, by: caller)
                try checkVersion(invoice, ifVersion)
                guard invoice.isOverdue(on: today) else {
                    throw ServiceError.conflict(code: "not_overdue", message: "only an issued invoice past its due date with a balance left gets a reminder",
                                                related: [])
                }
            }
            let message = try await queueDocumentMessage(document, request, by: caller, in: tx)
            if case .reminder(let id) = document {
                // A reminder by hand is logged as the levels' are, without a level.
                let before = try await load(Invoice.self, id, in: tx)
                var record = ReminderRecord(level: nil, date: today, sentAt: clock.now(), sentBy: caller.sender,
                                            daysPastDue: before.daysPastDue(on: today) ?? 0, amountDue: before.amountDue)
                record.messageId = message.id
                let saved = try await change(Invoice.self, id, ifVersion: nil, by: caller, action: "remind", in: tx) { try $0.logReminder(record) }
                try await logOnCustomer(saved, record, by: caller, in: tx)
            }
            return message
        }
        if case .invoice(let id) = document { await keepDocuments(of: [id], by: caller) }
        return message
    }

    func queueDocumentMessage(_ document: SendableDocument, _ request: SendRequest, by caller: Caller,
                              in tx: Transaction) async throws -> OutgoingMessage {
        var context = try await sendContext(document, in: tx)
        let to = request.to ?? context.to
        if to.isEmpty {
            throw ServiceError.invalid("to", "required", "neither the document's contact nor its account has an e-mail address: give the recipients")
        }
        try OutgoingMessage.checkRecipients(to: to, cc: request.cc)
        var field = Validator()
        if let subject = request.subject {
            field.require(subject, "subject", maxLength: 300)
            if subject.contains(where: \.isNewline) { field.add("subject", "invalid", "a subject is one line") }
        }
        if let body = request.body { field.require(body, "body", maxLength: 20_000) }
        try field.check()
        // The customer's link to the quote: a new one with each sending.
        var link: String?
        if case .quote(let id) = document, let base = try await publicURL(in: tx) {
            let quote = try await load(Quote.self, id, in: tx)
            let token = Self.randomSecret(bytes: 32)
            let now = clock.now()
            let expires = quote.fields.validUntil.map { $0.adding(days: 1).start } ?? now.addingTimeInterval(30 * 86_400)
            try await tx.insertQuoteLink(QuoteLink(tokenHash: Self.hash(token), quoteId: id, createdAt: now, expiresAt: max(expires, now)))
            link = "\(base)/q/\(token)"
            context.variables["quoteLink"] = link
        }
        let template = try await settings(in: tx).mailTemplate(request.template ?? context.kind, context.language)
        func final(_ text: String) -> String { text.replacingOccurrences(of: "{{quoteLink}}", with: link ?? "") }
        let subject = request.subject.map(final) ?? Self.render(template.subject, context.variables)
        let body = request.body.map(final) ?? Self.render(template.body, context.variables)
        var message = try await newMessage(context.messageKind, to: to, cc: request.cc, subject: subject, text: body,
                                           html: Self.html(fromText: body), in: tx)
        message.regardingType = context.regardingType
        message.regardingId = context.regardingId
        message.opportunityId = context.opportunityId
        // What the servers send on their own goes in the name of the document's owner.
        message.senderId = caller.sender ?? context.ownerId
        message.attachment = context.attachment
        message.attachmentName = context.attachmentName
        try await queue(message, by: caller, in: tx)
        return message
    }

    /// A template with its variables; a value missing or empty hides its sections.
    static func render(_ template: String, _ variables: [String: String]) -> String {
        guard let parsed = try? MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + template) else { return template }
        return parsed.render(variables.filter { !$0.value.isEmpty })
    }

    /// A preview of a template with sample values, in its language.
    public static func preview(_ template: MailTemplate) -> (subject: String, body: String) {
        let formats = Formats(template.language)
        let fr = template.language == .fr
        let variables: [String: String] = [
            "documentNumber": template.kind == .creditNote ? "INV-2026-00043" : template.kind == .quote ? "Q-000123" : "INV-2026-00042",
            "documentTitle": fr ? "Rénovation des bureaux" : "Office refurbishment",
            "documentType": SalesDocument.kindName(template.kind == .quote ? .quote : template.kind == .order ? .order
                                                       : template.kind == .creditNote ? .creditNote : .invoice, template.language),
            "total": formats.money(12_480, "EUR"), "totalTax": formats.money(2_080, "EUR"),
            "dueDate": formats.day(Day(year: 2027, month: 1, day: 15) ?? Day(Date())),
            "validUntil": formats.day(Day(year: 2027, month: 1, day: 31) ?? Day(Date())),
            "amountDue": formats.money(4_480, "EUR"), "daysOverdue": "12", "creditedNumber": "INV-2026-00042",
            "reminderLevel": "2", "lateCharges": formats.money(52.40, "EUR"), "chargesNumber": "INV-2026-00044",
            "customerName": "Maison Lefèvre SARL", "contactName": "Camille Lefèvre", "contactFirstName": "Camille",
            "salespersonName": "Anna Berg", "salespersonEmail": "anna@example.com",
            "signature": "Anna Berg\n" + (fr ? "Ventes" : "Sales"), "quoteLink": "https://crm.example.com/q/…",
            "organisationName": "Vendo Demo",
        ]
        return (render(template.subject, variables), render(template.body, variables))
    }

    struct SendContext {
        var kind: MailTemplate.Kind
        var messageKind: OutgoingMessage.Kind
        var language: Language
        var to: [String]
        var variables: [String: String]
        var regardingType: String
        var regardingId: UUID
        var opportunityId: UUID?
        var attachment: OutgoingMessage.Attachment
        var attachmentName: String
        var ownerId: ID<User>
    }

    /// Who a document goes to, in which language, and the template's variables.
    func sendContext(_ document: SendableDocument, in tx: Transaction) async throws -> SendContext {
        let settings = try await settings(in: tx)
        var variables: [String: String] = ["organisationName": settings.legalName ?? settings.organisationName]
        if variables["organisationName"]?.isEmpty ?? true { variables["organisationName"] = settings.organisationName }
        func common(customer: Customer, contactId: ID<Contact>?, pricing: Pricing, ownerId: ID<User>) async throws -> (Language, [String]) {
            var language = Language(rawValue: settings.organisationAddress.countryCode == "FR" ? "fr" : "en") ?? .en
            var contact: Contact?
            var accountEmail: String?
            switch customer {
            case .account(let id):
                if let account = try await tx.find(Account.self, id) {
                    accountEmail = account.fields.email
                    variables["customerName"] = account.fields.name
                    if let chosen = account.fields.language.flatMap(Language.init(rawValue:)) { language = chosen }
                }
            case .contact(let id):
                contact = try await tx.find(Contact.self, id)
            }
            if let contactId { contact = try await tx.find(Contact.self, contactId) ?? contact }
            if let contact {
                let name = [contact.fields.firstName, contact.fields.lastName].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
                variables["contactName"] = name
                variables["contactFirstName"] = contact.fields.firstName ?? ""
                if variables["customerName"] == nil { variables["customerName"] = name }
            }
            let formats = Formats(language)
            variables["total"] = formats.money(pricing.totals.totalAmount, pricing.currency, scale: pricing.currencyPrecision)
            variables["totalTax"] = formats.money(pricing.totals.totalTax, pricing.currency, scale: pricing.currencyPrecision)
            if let owner = try await tx.find(User.self, ownerId) {
                variables["salespersonName"] = owner.name
                variables["salespersonEmail"] = owner.email
                variables["signature"] = owner.signature ?? [owner.name, variables["organisationName"] ?? "", owner.email]
                    .filter { !$0.isEmpty }.joined(separator: "\n")
            }
            // The contact's billing address, else theirs, else the account's own.
            let address = contact.flatMap { $0.fields.billingEmail ?? $0.fields.email } ?? accountEmail
            return (language, address.map { [$0] } ?? [])
        }
        switch document {
        case .quote(let id):
            let quote = try await load(Quote.self, id, in: tx)
            let (language, to) = try await common(customer: quote.customer, contactId: quote.fields.contactId, pricing: quote.pricing,
                                                  ownerId: quote.info.ownerId)
            variables["documentNumber"] = quote.revisionNumber > 0 ? "\(quote.number)-\(quote.revisionNumber)" : quote.number
            variables["documentType"] = settings.words(for: .quote, language)?.singular ?? SalesDocument.kindName(.quote, language)
            variables["documentTitle"] = quote.fields.name
            if let valid = quote.fields.validUntil { variables["validUntil"] = Formats(language).day(valid) }
            let name = Self.fileName(try await salesDocument(quote: quote, in: tx))
            return SendContext(kind: .quote, messageKind: .quote, language: language, to: to, variables: variables, regardingType: "quote",
                               regardingId: id.uuid, opportunityId: quote.opportunityId?.uuid, attachment: .quotePDF(id), attachmentName: name,
                               ownerId: quote.info.ownerId)
        case .order(let id):
            let order = try await load(Order.self, id, in: tx)
            let (language, to) = try await common(customer: order.customer, contactId: order.fields.contactId, pricing: order.pricing,
                                                  ownerId: order.info.ownerId)
            variables["documentNumber"] = order.number
            variables["documentType"] = settings.words(for: .order, language)?.singular ?? SalesDocument.kindName(.order, language)
            variables["documentTitle"] = order.fields.name
            return SendContext(kind: .order, messageKind: .order, language: language, to: to, variables: variables, regardingType: "order",
                               regardingId: id.uuid, opportunityId: order.opportunityId?.uuid, attachment: .orderPDF(id),
                               attachmentName: "order-\(order.number).pdf", ownerId: order.info.ownerId)
        case .invoice(let id), .reminder(let id):
            let invoice = try await load(Invoice.self, id, in: tx)
            let (language, to) = try await common(customer: invoice.customer, contactId: invoice.fields.contactId, pricing: invoice.pricing,
                                                  ownerId: invoice.info.ownerId)
            let formats = Formats(language)
            variables["documentNumber"] = invoice.number ?? ""
            variables["documentType"] = SalesDocument.kindName(invoice.kind == .creditNote ? .creditNote : .invoice, language)
            variables["documentTitle"] = invoice.fields.name
            if let due = invoice.fields.dueDate, invoice.kind == .invoice {
                variables["dueDate"] = formats.day(due)
                let late = today.days(since: due)
                if late > 0 { variables["daysOverdue"] = String(late) }
            }
            if invoice.kind == .invoice {
                variables["amountDue"] = formats.money(invoice.amountDue, invoice.pricing.currency, scale: invoice.pricing.currencyPrecision)
            }
            if let credited = invoice.creditedInvoiceId, let original = try await tx.find(Invoice.self, credited) {
                variables["creditedNumber"] = original.number ?? ""
            }
            let opportunity = try await invoiceOpportunity(invoice, in: tx)
            let kind: MailTemplate.Kind
            if case .reminder = document { kind = .reminder } else { kind = invoice.kind == .creditNote ? .creditNote : .invoice }
            let messageKind: OutgoingMessage.Kind = switch kind {
            case .reminder: .reminder
            case .creditNote: .creditNote
            default: .invoice
            }
            return SendContext(kind: kind, messageKind: messageKind, language: language, to: to, variables: variables,
                               regardingType: "invoice", regardingId: id.uuid, opportunityId: opportunity, attachment: .invoicePDF(id),
                               attachmentName: Self.fileName(invoice), ownerId: invoice.info.ownerId)
        }
    }

    /// The opportunity an invoice came from, through its order.
    private func invoiceOpportunity(_ invoice: Invoice, in tx: Transaction) async throws -> UUID? {
        if let orderId = invoice.orderId, let order = try await tx.find(Order.self, orderId) { return order.opportunityId?.uuid }
        if let credited = invoice.creditedInvoiceId, let original = try await tx.find(Invoice.self, credited),
           let orderId = original.orderId, let order = try await tx.find(Order.self, orderId) {
            return order.opportunityId?.uuid
        }
        return nil
    }
}
