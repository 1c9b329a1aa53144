import Foundation
import VendoCore
import VendoServices

/// An action button of a document page, with the few fields it asks for.
struct ActionForm {
    struct Field {
        struct Choice { let value: String; let label: String; let selected: Bool }
        let id: String; let name: String; let label: String; let value: String; let inputmode: String?; let type: String?
        /// A choice of these (a select) instead of a typed value.
        var choices: [Choice] = []
        var select = false
    }
    let key: String
    let action: String
    let label: String
    var style = ""
    var confirm: String?
    var fields: [Field] = []
}

struct DocumentModel {
    struct Link { let href: String; let label: String }
    struct PaymentRow {
        let date: String; let amount: String; let reference: String?
        /// What else the row is: a refund, a write-off, a payment reversed and why.
        var note: String?
    }
    let t: [String: String]
    let csrf: String
    let version: Int
    let kindLabel: String
    let number: String
    let name: String
    let state: String
    let stateKey: String
    /// Nil when it says the same as the state.
    let status: String?
    let facts: [Fact]
    let lines: LinesModel
    let actions: [ActionForm]
    let links: [Link]
    let payments: [PaymentRow]
    let hasPayments: Bool
    let printHref: String?
    /// The document as the customer receives it (PDF/A; an issued invoice's is its Factur-X).
    let pdfHref: String
    /// The form that sends it by e-mail, while it may be sent.
    let sendHref: String?
    /// The payment reminder of an overdue invoice.
    let remindHref: String?
    let problem: String?
    let log: RecordLog
    let activityTypes: [Option]
    let activityAction: String
    let activityOpen: Bool
    let editAction: String?
    let editFields: [FormField]
    let editOpen: Bool
}

/// What the quote, order and invoice pages have in common, read from the record.
struct DocumentParts {
    var kind: String
    var base: String
    var number: String
    var name: String
    var state: String
    var status: String
    var pricing: Pricing
    var customer: Customer
    var editable: Bool
    var facts: [Fact]
    var actions: [ActionForm]
    var links: [DocumentModel.Link]
    var payments: [DocumentModel.PaymentRow] = []
    var printable: Bool
    var regarding: RegardingType
    var id: UUID
    var version: Int
    /// The header fields a person may change in this state (name, dates, payment terms), as name → value.
    var headerFields: [(String, String?)] = []
    /// The document's values of the organisation's fields.
    var custom: CustomValues = [:]
    /// False when the user may see the document but not change it (a teammate's).
    var mayChange = true
    var sendable = false
    var remindable = false
}

extension Pages {
    var documentRoutes: [WebRoute] {
        quoteRoutes + orderRoutes + invoiceRoutes + invoiceCorrectionRoutes
    }

    func documentPage(_ web: WebRequest, _ parts: DocumentParts, history: [HistoryEntry], problem: FormProblem?) async throws -> String {
        let session = try web.user()
        var parts = parts
        if !parts.mayChange {
            parts.actions = []
            parts.editable = false
            parts.headerFields = []
            parts.sendable = false
            parts.remindable = false
        }
        let t = web.language
        let customer = try await customerName(parts.customer, session.caller)
        let log = try await log(parts.regarding, parts.id, history: history, web, problem: problem)
        let custom = try await customFieldForm(CustomizedRecord(rawValue: parts.regarding.rawValue) ?? .quote, session)
        let terms = parts.headerFields.contains { $0.0 == "paymentTerms" } ? try await services.settings() : OrganisationSettings()
        let model = DocumentModel(
            t: t.strings, csrf: session.csrfToken, version: parts.version, kindLabel: t.label("record", parts.kind), number: parts.number,
            name: parts.name, state: t.label("state", parts.state), stateKey: parts.state, status: Self.status(t, state: parts.state, status: parts.status),
            facts: [Fact(label: t.text("customer"), value: customer.name)] + parts.facts + custom.facts(parts.custom, t),
            lines: LinesModel(parts.pricing, editable: parts.editable, base: parts.base,
                              products: parts.editable ? try await sellableProducts(session.caller) : [], problem: problem,
                              typed: Self.typedLine(web), t, priceLists: parts.editable ? try await priceLists(session.caller) : [],
                              units: parts.editable ? try await units(session.caller) : []),
            actions: parts.actions, links: parts.links, payments: parts.payments, hasPayments: !parts.payments.isEmpty,
            printHref: parts.printable ? "\(parts.base)/print" : nil, pdfHref: "\(parts.base)/pdf",
            sendHref: parts.sendable ? "\(parts.base)/send" : nil, remindHref: parts.remindable ? "\(parts.base)/remind" : nil, problem: problem?.message, log: log,
            activityTypes: Self.activityTypes(t), activityAction: "\(parts.base)/activities", activityOpen: problem?.form == "activity",
            editAction: parts.headerFields.isEmpty ? nil : "\(parts.base)/fields",
            editFields: parts.headerFields.map { name, value in
                let refused = problem?.form == "edit"
                var field = FormField(name, t.label("field", name), type: ["validUntil", "dueDate", "requestedDeliveryDate", "deliveryDate"].contains(name) ? "date" : "text",
                                      value: refused ? web.form[name]?.first ?? "" : value ?? "", required: name == "name",
                                      multiline: name == "description", error: refused ? problem?.fields[name] : nil)
                // The organisation's terms, in the reader's language; any other wording stays free.
                if name == "paymentTerms" { field.suggestions = terms.offeredPaymentTerms(keeping: value).map { $0.label(in: t) } }
                return field
            } + (parts.headerFields.isEmpty ? [] : custom.editControls(parts.custom, web, problem: problem)),
            editOpen: problem?.form == "edit")
        return views.page(.document, model, title: "\(model.kindLabel) \(parts.number)", web, current: "/\(parts.kind)s")
    }

    /// Runs a document action; a refusal shows the page again with the message (422).
    func documentAction<D: Persisted>(_ web: WebRequest, _ type: D.Type, base: String, flash: String, form: String = "action",
                                      page: @escaping @Sendable (WebRequest, FormProblem?) async throws -> String,
                                      _ action: @escaping @Sendable (ID<D>, WebSession) async throws -> String?) async throws -> WebResult {
        let session = try web.user()
        let id: ID<D> = try web.id()
        do {
            let target = try await action(id, session)
            return .redirect(target ?? "\(base)/\(id)", flash: web.language.text(flash))
        } catch let failure as WebFailure {
            throw failure
        } catch {
            guard ServiceError.from(error) is ServiceError, !Self.isAccessError(error) else { throw error }
            throw WebFailure.form(html: try await page(web, await problem(error, form: form, web.language)))
        }
    }

    /// A calendar day typed in a form field (`YYYY-MM-DD`, as date inputs send it), or a field error.
    static func day(_ web: WebRequest, _ name: String) throws -> Day? {
        guard let raw = web.field(name) else { return nil }
        guard let day = Day(raw) else {
            throw ServiceError.validation([FieldError(name, "invalid_date", web.language.text("field_invalid_date"))])
        }
        return day
    }

    /// A money amount typed in a form field, or a field error.
    static func amount(_ web: WebRequest, _ name: String) throws -> Decimal? {
        guard let raw = web.field(name) else { return nil }
        guard let value = web.formats.parse(raw) else {
            throw ServiceError.validation([FieldError(name, "invalid_number", web.language.text("field_invalid_number"))])
        }
        return value
    }

    static func documentNumber(_ quote: Quote) -> String {
        quote.revisionNumber > 0 ? "\(quote.number)-\(quote.revisionNumber)" : quote.number
    }
}
