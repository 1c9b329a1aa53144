import Foundation

/// The subject and body of one kind of message in one language, in Mustache. The organisation's
/// edited templates are kept in its settings; what it has not edited comes from `shipped`.
public struct MailTemplate: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case quote, order, invoice, creditNote, reminder
    }

    public var kind: Kind
    public var language: Language
    public var subject: String
    public var body: String

    public init(kind: Kind, language: Language, subject: String, body: String) {
        self.kind = kind
        self.language = language
        self.subject = subject
        self.body = body
    }

    /// The variables a template may use, the same for every kind (one that does not apply is
    /// empty: `quoteLink` in an invoice). `documentType` is the document's name: the
    /// organisation's word for a quote or an order, the legal one for an invoice or a credit
    /// note. Sections (`{{#dueDate}}…{{/dueDate}}`) show text only when the variable has a value.
    /// A reminder sent at a level of the organisation's policy also has `reminderLevel`, and
    /// `lateCharges` with `chargesNumber` when it invoiced charges.
    public static let variables: [String] = [
        "documentNumber", "documentTitle", "documentType", "total", "totalTax", "dueDate", "validUntil", "amountDue", "daysOverdue",
        "creditedNumber", "customerName", "contactName", "contactFirstName", "salespersonName", "salespersonEmail",
        "signature", "quoteLink", "organisationName", "reminderLevel", "lateCharges", "chargesNumber",
    ]

    /// The names a template text refers to, in order of first use.
    public static func names(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            rest = rest[open.upperBound...]
            guard let close = rest.range(of: "}}") else { break }
            var tag = rest[..<close.lowerBound]
            rest = rest[close.upperBound...]
            if tag.hasPrefix("{") {
                tag = tag.dropFirst()
                if rest.hasPrefix("}") { rest = rest.dropFirst() }
            }
            guard let first = tag.first else { continue }
            if "#^/&".contains(first) { tag = tag.dropFirst() } else if "!%>=<".contains(first) { continue }
            let name = tag.trimmingWhitespace()
            if !names.contains(name) { names.append(name) }
        }
        return names
    }

    public func validate() throws(DomainError) {
        var check = Validator()
        check.require(subject, "subject", maxLength: 300)
        check.require(body, "body", maxLength: 20_000)
        if subject.contains("\n") || subject.contains("\r") { check.add("subject", "invalid", "a subject is one line") }
        for (field, text) in [("subject", subject), ("body", body)] {
            for name in Self.names(in: text) where !Self.variables.contains(name) {
                check.add(field, "unknown_variable", "{{\(name)}} is not one of the template variables: "
                          + Self.variables.joined(separator: ", "))
            }
            if text.components(separatedBy: "{{").count != text.components(separatedBy: "}}").count {
                check.add(field, "unbalanced", "every {{ is closed by }}")
            }
        }
        try check.check()
    }

    /// The templates Vendo ships, in English and French.
    public static func shipped(_ kind: Kind, _ language: Language) -> MailTemplate {
        let (subject, body): (String, String)
        switch (kind, language) {
        case (.quote, .en):
            subject = "{{documentType}} {{documentNumber}} from {{organisationName}}"
            body = """
                Hello{{#contactFirstName}} {{contactFirstName}}{{/contactFirstName}},

                Please find attached our quote {{documentNumber}}{{#documentTitle}} ({{documentTitle}}){{/documentTitle}} for {{total}}.\
                {{#validUntil}} It is valid until {{validUntil}}.{{/validUntil}}
                {{#quoteLink}}
                You can read it and accept or decline it online: {{quoteLink}}
                {{/quoteLink}}

                {{signature}}
                """
        case (.quote, .fr):
            subject = "{{documentType}} {{documentNumber}} de {{organisationName}}"
            body = """
                Bonjour{{#contactFirstName}} {{contactFirstName}}{{/contactFirstName}},

                Veuillez trouver ci-joint notre devis {{documentNumber}}{{#documentTitle}} ({{documentTitle}}){{/documentTitle}} d'un montant de {{total}}.\
                {{#validUntil}} Il est valable jusqu'au {{validUntil}}.{{/validUntil}}
                {{#quoteLink}}
                Vous pouvez le consulter, l'accepter ou le refuser en ligne : {{quoteLink}}
                {{/quoteLink}}

                {{signature}}
                """
        case (.order, .en):
            subject = "{{documentType}} {{documentNumber}}"
            body = """
                Hello{{#contactFirstName}} {{contactFirstName}}{{/contactFirstName}},

                Thank you for your order. Please find attached our confirmation {{documentNumber}} for {{total}}.

                {{signature}}
                """
        case (.order, .fr):
            subject = "{{documentType}} {{documentNumber}}"
            body = """
                Bonjour{{#contactFirstName}} {{contactFirstName}}{{/contactFirstName}},

                Merci pour votre commande. Veuillez trouver ci-joint notre confirmation {{documentNumber}} d'un montant de {{total}}.

                {{signature}}
                """
        case (.invoice, .en):
            subject = "Invoice {{documentNumber}} from {{organisationName}}"
            body = """
                Hello{{#contactFirstName}} {{contactFirstName}}{{/contactFirstName}},

                Please find attached our invoice {{documentNumber}} for {{total}}{{#dueDate}}, due on {{dueDate}}{{/dueDate}}.

                {{signature}}
                """
        case (.invoice, .fr):
            subject = "Facture {{documentNumber}} de {{organisationName}}"
            body = """
                Bonjour{{#contactFirstName}} {{contactFirstName}}{{/contactFirstName}},

                Veuillez trouver ci-jointe notre facture {{documentNumber}} d'un montant de {{total}}{{#dueDate}}, à régler avant le {{dueDate}}{{/dueDate}}.

                {{signature}}
                """
        case (.creditNote, .en):
            subject = "Credit note {{documentNumber}} from {{organisationName}}"
            body = """
                Hello{{#contactFirstName}} {{contactFirstName}}{{/contactFirstName}},

                Please find attached our credit note {{documentNumber}} for {{total}}{{#creditedNumber}}, crediting invoice {{creditedNumber}}{{/creditedNumber}}.

                {{signature}}
                """
        case (.creditNote, .fr):
            subject = "Avoir {{documentNumber}} de {{organisationName}}"
            body = """
                Bonjour{{#contactFirstName}} {{contactFirstName}}{{/contactFirstName}},

                Veuillez trouver ci-joint notre avoir {{documentNumber}} d'un montant de {{total}}{{#creditedNumber}}, sur la facture {{creditedNumber}}{{/creditedNumber}}.

                {{signature}}
                """
        case (.reminder, .en):
            subject = "Reminder: invoice {{documentNumber}} is overdue"
            body = """
                Hello{{#contactFirstName}} {{contactFirstName}}{{/contactFirstName}},

                Unless we are mistaken, our invoice {{documentNumber}} of {{total}}, due on {{dueDate}}, is {{daysOverdue}} days overdue. \
                {{amountDue}} is still to be paid. If you have paid it in the meantime, please disregard this message.
                {{#lateCharges}}
                As our terms provide, late-payment charges of {{lateCharges}} are invoiced separately ({{chargesNumber}}).
                {{/lateCharges}}

                The invoice is attached again for convenience.

                {{signature}}
                """
        case (.reminder, .fr):
            subject = "Relance : facture {{documentNumber}} échue"
            body = """
                Bonjour{{#contactFirstName}} {{contactFirstName}}{{/contactFirstName}},

                Sauf erreur de notre part, notre facture {{documentNumber}} d'un montant de {{total}}, échue le {{dueDate}}, \
                présente un retard de {{daysOverdue}} jours. Il reste {{amountDue}} à régler. Si vous l'avez réglée entre-temps, \
                merci de ne pas tenir compte de ce message.
                {{#lateCharges}}
                Conformément à nos conditions, des pénalités de retard de {{lateCharges}} vous sont facturées séparément ({{chargesNumber}}).
                {{/lateCharges}}

                Vous trouverez la facture ci-jointe.

                {{signature}}
                """
        }
        return MailTemplate(kind: kind, language: language, subject: subject, body: body)
    }
}

extension Language: Codable {}
