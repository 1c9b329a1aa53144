import Foundation
import Hummingbird
import VendoCore
import VendoServices

/// Dunning (docs/after-the-sale.md): the reminders due, sending them in one go, customers held
/// out of them, and the `dunning` settings.
enum DunningResource {
    static func routes(_ s: Services) -> [Route] {
        [
            Route(.get, "/api/v1/dunning/reminders-due", id: "remindersDue",
                  "The reminders the organisation's levels make due on a day (default today), with their late-payment charges, and the customers on hold",
                  responses: responses([200: dueSchema]), query: ReceivablesResource.parameters) { request in
                let filter = try ReportsResource.filter(request, extra: ReceivablesResource.extra)
                let run = try await s.dunningRun(on: try ReceivablesResource.asOf(request), filter, by: try request.user())
                return APIResponse(.ok, .object([
                    ("asOf", .string(run.day.description)), ("configured", .bool(!(run.policy?.levels.isEmpty ?? true))),
                    ("automatic", .bool(run.policy?.automatic ?? false)),
                    ("items", .array(run.proposals.map(render))),
                    ("held", .array(run.held.map { held in
                        .object([("customerId", .string(held.customer.id.uuidString.lowercased())), ("customerType", .string(held.customer.type)),
                                 ("customerName", .string(held.name)), ("overdueInvoices", .int(held.overdueInvoices))]
                                + holdPairs(held.hold))
                    })),
                ]))
            },
            Route(.post, "/api/v1/dunning/reminders", id: "sendReminders",
                  "Send the reminder due of each invoice, each on its own: one that cannot go (nothing due, customer on hold) says why and the others go",
                  body: .ref("RemindersInput"), responses: responses([200: sentSchema])) { request in
                var reader = FieldReader(try request.json())
                var ids: [ID<Invoice>] = []
                reader.read("invoiceIds", into: &ids, required: true, Convert.ids)
                try finish(&reader)
                let outcomes = try await s.sendReminders(ids, by: try request.user())
                return APIResponse(.ok, .object([("items", .array(outcomes.map(render)))]))
            },
            holdRoute(s, "accounts", put: true), holdRoute(s, "accounts", put: false),
            holdRoute(s, "contacts", put: true), holdRoute(s, "contacts", put: false),
        ]
    }

    static func holdRoute(_ s: Services, _ things: String, put: Bool) -> Route {
        let name = things == "accounts" ? "Account" : "Contact"
        let summary = put ? "Keep the customer out of payment reminders (a dispute, a payment plan)" : "Let the customer receive payment reminders again"
        return Route(put ? .put : .delete, "/api/v1/\(things)/{id}/dunning-hold", id: (put ? "hold" : "release") + name + "Reminders", summary,
                     body: put ? .ref("DunningHoldInput") : nil, responses: responses(put ? [200: .ref("DunningHold")] : [204: nil])) { request in
            var reason: String?
            if put {
                var reader = FieldReader(try request.json())
                reader.read("reason", into: &reason, Convert.string)
                try finish(&reader)
            }
            let id: ID<Account> = try request.id()
            let customer: Customer = things == "accounts" ? .account(id) : .contact(ID(id.uuid))
            let hold = try await s.setDunningHold(customer, reason: reason, hold: put, by: try request.user())
            guard let hold else { return APIResponse(.noContent, nil) }
            return APIResponse(.ok, .object(holdPairs(hold)))
        }
    }

    static func hold(_ hold: DunningHold?) -> JSON { hold.map { .object(holdPairs($0)) } ?? .null }

    static func holdPairs(_ hold: DunningHold) -> [(String, JSON)] {
        [("since", .string(hold.since.description)), ("reason", .string(hold.reason)), ("by", .id(hold.by))]
    }

    static func render(_ proposal: ReminderProposal) -> JSON {
        let invoice = proposal.invoice, precision = invoice.pricing.currencyPrecision
        return .object([("invoiceId", .id(invoice.id)), ("number", .string(invoice.number)),
                        ("customerId", .string(invoice.customer.id.uuidString.lowercased())), ("customerType", .string(invoice.customer.type)),
                        ("customerName", .string(proposal.customerName)), ("dueDate", .string(invoice.dueDay?.description)),
                        ("daysPastDue", .int(proposal.daysPastDue)), ("level", .int(proposal.level)),
                        ("previousLevel", .int(invoice.dunningLevel)), ("currency", .string(invoice.pricing.currency)),
                        ("amountDue", .money(proposal.amountDue, scale: precision)),
                        ("interest", .money(proposal.charges.interest, scale: precision)),
                        ("indemnity", .money(proposal.charges.indemnity, scale: precision))])
    }

    static func render(_ outcome: ReminderOutcome) -> JSON {
        var pairs: [(String, JSON)] = [("invoiceId", .id(outcome.invoiceId)), ("number", .string(outcome.invoiceNumber)),
                                       ("sent", .bool(outcome.record != nil))]
        if let record = outcome.record, let invoice = outcome.invoice {
            pairs.append(("reminder", render(record, precision: invoice.pricing.currencyPrecision)))
        }
        // The problem the reminder alone would have answered.
        if let error = outcome.error { pairs.append(("error", Problem.from(error).json)) }
        return .object(pairs)
    }

    static func render(_ record: ReminderRecord, precision: Int) -> JSON {
        .object([("level", record.level.map(JSON.int) ?? .null), ("levelDays", record.levelDays.map(JSON.int) ?? .null),
                 ("date", .string(record.date.description)), ("sentAt", .date(record.sentAt)),
                 ("sentBy", .id(record.sentBy)), ("daysPastDue", .int(record.daysPastDue)),
                 ("amountDue", .money(record.amountDue, scale: precision)),
                 ("messageId", .string(record.messageId?.uuidString.lowercased())), ("chargeInvoiceId", .id(record.chargeInvoiceId)),
                 ("chargeInvoiceNumber", .string(record.chargeInvoiceNumber)),
                 ("interest", record.interest.map { .money($0, scale: precision) } ?? .null),
                 ("indemnity", record.indemnity.map { .money($0, scale: precision) } ?? .null)])
    }

    // MARK: Settings

    static let settingsField = FieldSpec<OrganisationSettings>(
        name: "dunning", schema: Schema.ref("DunningPolicy").nullable, required: false,
        render: { settings in settings.dunning.map(render) ?? .null },
        apply: { reader, settings, _ in
            guard reader.has("dunning") else { return }
            if reader.peek("dunning") == .null {
                reader.ignore(["dunning"])
                settings.dunning = nil
                return
            }
            var policy = settings.dunning ?? DunningPolicy(levels: [])
            reader.object("dunning") { nested in
                nested.read("automatic", into: &policy.automatic, Convert.bool)
                nested.read("indemnityAmount", into: &policy.indemnityAmount, Convert.decimal)
                guard let levels = nested.peek("levels") else { return }
                nested.ignore(["levels"])
                guard case .array(let items) = levels else {
                    nested.fail("levels", "invalid_type", "levels is an array of {days, interestRate, indemnity, templates}")
                    return
                }
                policy.levels = items.enumerated().map { index, item in
                    var level = DunningLevel(days: 0)
                    var one = FieldReader(item, prefix: nested.prefix + "levels[\(index)].")
                    one.read("days", into: &level.days, required: true, Convert.int)
                    one.read("interestRate", into: &level.interestRate, Convert.decimal)
                    one.read("indemnity", into: &level.indemnity, Convert.bool)
                    if let templates = one.peek("templates") {
                        one.ignore(["templates"])
                        level.templates = readTemplates(templates, prefix: one.prefix + "templates", into: &one)
                    }
                    one.finish()
                    nested.merge(one)
                    return level
                }
            }
            settings.dunning = policy
        })

    static func readTemplates(_ json: JSON, prefix: String, into reader: inout FieldReader) -> [MailTemplate]? {
        if json == .null { return nil }
        guard case .array(let items) = json else {
            reader.fail("templates", "invalid_type", "templates is an array of {language, subject, body}")
            return nil
        }
        return items.enumerated().map { index, item in
            var template = MailTemplate(kind: .reminder, language: .en, subject: "", body: "")
            var one = FieldReader(item, prefix: prefix + "[\(index)].")
            one.read("language", into: &template.language, required: true, Convert.choice(Language.self))
            one.read("subject", into: &template.subject, required: true, Convert.string)
            one.read("body", into: &template.body, required: true, Convert.string)
            one.finish()
            reader.merge(one)
            return template
        }
    }

    static func render(_ policy: DunningPolicy) -> JSON {
        .object([("automatic", .bool(policy.automatic ?? false)), ("indemnityAmount", .money(policy.indemnity, scale: 2)),
                 ("levels", .array(policy.levels.map { level in
                     .object([("days", .int(level.days)), ("interestRate", level.interestRate.map { .string($0.description) } ?? .null),
                              ("indemnity", .bool(level.indemnity ?? false)),
                              ("templates", .array((level.templates ?? []).map { template in
                                  .object([("language", .string(template.language.rawValue)), ("subject", .string(template.subject)),
                                           ("body", .string(template.body))])
                              }))])
                 }))])
    }

    // MARK: Schemas

    static let reminderSchema = Schema.object([
        ("level", Schema.integer.nullable), ("levelDays", Schema.integer.nullable), ("date", .date), ("sentAt", .dateTime), ("sentBy", Schema.uuid.nullable),
        ("daysPastDue", .integer), ("amountDue", .decimal), ("messageId", Schema.uuid.nullable),
        ("chargeInvoiceId", Schema.uuid.nullable), ("chargeInvoiceNumber", Schema.string.nullable),
        ("interest", Schema.decimal.nullable), ("indemnity", Schema.decimal.nullable),
    ])

    static let templateSchema = Schema.object([("language", .choice(Language.allCases.map(\.rawValue))),
                                               ("subject", .text(maxLength: 300)), ("body", .text(maxLength: 20_000))],
                                              required: ["language", "subject", "body"])

    static let schemas: [(String, Schema)] = [
        ("ReminderRecord", reminderSchema),
        ("DunningHold", .object([("since", .date), ("reason", Schema.string.nullable), ("by", .uuid)])),
        ("DunningHoldInput", .object([("reason", Schema.text(maxLength: 1000).nullable)])),
        ("RemindersInput", .object([("invoiceIds", .array(.uuid))], required: ["invoiceIds"])),
        ("DunningPolicy", .object([
            ("automatic", .boolean), ("indemnityAmount", .decimal),
            ("levels", .array(.object([("days", .integer(1...3650)), ("interestRate", Schema.decimal.nullable),
                                       ("indemnity", .boolean), ("templates", Schema.array(templateSchema).nullable)],
                                      required: ["days"]))),
        ])),
    ]

    // Inline, not components: the CSV export reads a list's columns from its response schema.
    static let dueSchema = Schema.object([
        ("asOf", .date), ("configured", .boolean), ("automatic", .boolean),
        ("items", .array(.object([("invoiceId", .uuid), ("number", .string), ("customerId", .uuid),
                                  ("customerType", .choice(["account", "contact"])), ("customerName", .string), ("dueDate", .date),
                                  ("daysPastDue", .integer), ("level", .integer), ("previousLevel", .integer), ("currency", .string),
                                  ("amountDue", .decimal), ("interest", .decimal), ("indemnity", .decimal)]))),
        ("held", .array(.object([("customerId", .uuid), ("customerType", .choice(["account", "contact"])), ("customerName", .string),
                                 ("overdueInvoices", .integer), ("since", .date), ("reason", Schema.string.nullable), ("by", .uuid)]))),
    ], required: ["asOf", "items", "held"])

    static let sentSchema = Schema.object([
        ("items", .array(.object([("invoiceId", .uuid), ("number", Schema.string.nullable), ("sent", .boolean),
                                  ("reminder", .ref("ReminderRecord")), ("error", Schema.ref("Problem"))]))),
    ])
}
