import Foundation
import VendoCore
import VendoServices

struct SimpleModel {
    struct Link { let href: String; let label: String }
    let t: [String: String]
    let csrf: String
    let title: String
    let kind: String
    let facts: [Fact]
    let links: [Link]
    let hasLinks: Bool
    let log: RecordLog?
    let activityTypes: [Option]
    let activityAction: String
    let activityOpen: Bool
    /// The edit form, when the record can be edited here.
    var editAction: String?
    var editFields: [FormField] = []
    var editOpen = false
    var version = 0
    var problem: String?
    /// Records of the same kind that look like this one, each with a merge into it.
    var merge: MergeDialog?
}

extension Pages {
    var customerRoutes: [WebRoute] {
        [
            WebRoute(.get, "/accounts/{id}") { web in .page(try await accountPage(web, problem: nil)) },
            WebRoute(.get, "/contacts/{id}") { web in .page(try await contactPage(web, problem: nil)) },
            WebRoute(.get, "/products/{id}") { web in .page(try await productPage(web, problem: nil)) },
            WebRoute(.post, "/products/{id}") { web in
                try await customerEdit(web, page: { web, problem in try await productPage(web, problem: problem) }) { session in
                    let values = Self.customerValues(web)
                    let custom = try await customFieldForm(.product, session)
                    let typed = try custom.readForEdit(web)
                    _ = try await services.updateProduct(try web.id(), ifVersion: web.version, by: session.caller) { fields in
                        fields.customFields = custom.merged(typed, into: fields.customFields)
                        fields.name = values["name"] ?? ""
                        fields.description = values["description"]
                    }
                }
            },
            WebRoute(.get, "/price-lists/{id}", priceListPage),
            WebRoute(.post, "/accounts/{id}") { web in
                try await customerEdit(web, page: { web, problem in try await accountPage(web, problem: problem) }) { session in
                    let values = Self.customerValues(web)
                    let addresses = (Self.address(web, ""), Self.address(web, "billing"), Self.address(web, "shipping"))
                    let language = web.field("language").flatMap { $0.isEmpty ? nil : $0 }
                    let custom = try await customFieldForm(.account, session)
                    let typed = try custom.readForEdit(web)
                    _ = try await services.updateAccount(try web.id(), ifVersion: web.version, by: session.caller) { fields in
                        fields.customFields = custom.merged(typed, into: fields.customFields)
                        fields.name = values["name"] ?? ""
                        fields.email = values["email"]
                        fields.phone = values["phone"]
                        fields.website = values["website"]
                        fields.description = values["description"]
                        fields.vatNumber = values["vatNumber"]
                        fields.registrationNumber = values["registrationNumber"]
                        fields.buyerReference = values["buyerReference"]
                        fields.language = language
                        // The form has no region: an address keeps the one it had.
                        func keepingRegion(_ new: Address?, of old: Address?) -> Address? {
                            guard var new else { return nil }
                            new.region = old?.region
                            return new
                        }
                        fields.address = keepingRegion(addresses.0, of: fields.address)
                        fields.billingAddress = keepingRegion(addresses.1, of: fields.billingAddress)
                        fields.shippingAddress = keepingRegion(addresses.2, of: fields.shippingAddress)
                    }
                }
            },
            WebRoute(.post, "/contacts/{id}") { web in
                try await customerEdit(web, page: { web, problem in try await contactPage(web, problem: problem) }) { session in
                    let values = Self.customerValues(web)
                    let custom = try await customFieldForm(.contact, session)
                    let typed = try custom.readForEdit(web)
                    _ = try await services.updateContact(try web.id(), ifVersion: web.version, by: session.caller) { fields in
                        fields.customFields = custom.merged(typed, into: fields.customFields)
                        fields.firstName = values["firstName"]
                        fields.lastName = values["lastName"] ?? ""
                        fields.jobTitle = values["jobTitle"]
                        fields.email = values["email"]
                        fields.phone = values["phone"]
                        fields.mobilePhone = values["mobilePhone"]
                        fields.description = values["description"]
                        fields.billingEmail = values["billingEmail"]
                    }
                }
            },
            WebRoute(.post, "/accounts/{id}/merge") { web in
                try await customerEdit(web, page: { web, problem in try await accountPage(web, problem: problem) }) { session in
                    guard let other = web.field("duplicateId").flatMap(UUID.init(uuidString:)) else { throw WebFailure.notFound }
                    _ = try await services.mergeAccounts(try web.id(), duplicate: ID(other), ifVersion: web.version, by: session.caller)
                }
            },
            WebRoute(.post, "/contacts/{id}/merge") { web in
                try await customerEdit(web, page: { web, problem in try await contactPage(web, problem: problem) }) { session in
                    guard let other = web.field("duplicateId").flatMap(UUID.init(uuidString:)) else { throw WebFailure.notFound }
                    _ = try await services.mergeContacts(try web.id(), duplicate: ID(other), ifVersion: web.version, by: session.caller)
                }
            },
            WebRoute(.post, "/accounts/{id}/activities") { web in
                try await addActivity(web, regarding: .account, back: "/accounts/\(try web.id() as ID<Account>)") { problem in
                    try await accountPage(web, problem: problem)
                }
            },
            WebRoute(.post, "/contacts/{id}/activities") { web in
                try await addActivity(web, regarding: .contact, back: "/contacts/\(try web.id() as ID<Contact>)") { problem in
                    try await contactPage(web, problem: problem)
                }
            },
        ]
    }

    static let customerFieldNames = ["name", "firstName", "lastName", "jobTitle", "email", "phone", "mobilePhone", "website", "description",
                                     "vatNumber", "registrationNumber", "buyerReference", "billingEmail"]

    static func customerValues(_ web: WebRequest) -> [String: String] {
        var values: [String: String] = [:]
        for name in customerFieldNames { values[name] = web.field(name) }
        return values
    }

    /// The parts of an address form, `prefix`ed (`billingCity`); none when all are empty.
    static let addressParts = ["line1", "line2", "postalCode", "city", "country"]

    static func address(_ web: WebRequest, _ prefix: String) -> Address? {
        func part(_ name: String) -> String? { web.field(prefix.isEmpty ? name : prefix + name.prefix(1).uppercased() + name.dropFirst()) }
        let address = Address(line1: part("line1"), line2: part("line2"), city: part("city"), postalCode: part("postalCode"), country: part("country"))
        return address.isEmpty ? nil : address
    }

    /// The edit form's pairs of an address.
    static func addressPairs(_ address: Address?, _ prefix: String) -> [(String, String?)] {
        let values: [String: String?] = ["line1": address?.line1, "line2": address?.line2, "postalCode": address?.postalCode,
                                         "city": address?.city, "country": address?.country]
        return addressParts.map { name in
            (prefix.isEmpty ? name : prefix + name.prefix(1).uppercased() + name.dropFirst(), values[name] ?? nil)
        }
    }

    /// An address on one line, as the facts show it.
    static func oneLine(_ address: Address?) -> String? {
        guard let address else { return nil }
        let town: String? = [address.postalCode, address.city].compactMap { $0 }.joined(separator: " ")
        let parts: [String?] = [address.line1, address.line2, town, address.country]
        let text = parts.compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
        return text.isEmpty ? nil : text
    }

    /// Saves an account's or a contact's fields; a refusal shows the page again with the form open (422).
    func customerEdit(_ web: WebRequest, page: @escaping @Sendable (WebRequest, FormProblem?) async throws -> String,
                      _ save: @escaping @Sendable (WebSession) async throws -> Void) async throws -> WebResult {
        let session = try web.user()
        do {
            try await save(session)
            let merged = web.path.hasSuffix("/merge")
            return .redirect(merged ? String(web.path.dropLast("/merge".count)) : web.path,
                             flash: web.language.text(merged ? "flash_mergedRecord" : "flash_saved"))
        } catch {
            guard ServiceError.from(error) is ServiceError, !Self.isAccessError(error) else { throw error }
            throw WebFailure.form(html: try await page(web, FormProblem(error, form: "edit", web.language)))
        }
    }

    /// The edit form of `pairs` (name → current value), with what was typed and its messages after a refusal.
    static func editForm(_ pairs: [(String, String?)], _ web: WebRequest, problem: FormProblem?, required: String) -> [FormField] {
        let refused = problem?.form == "edit"
        return pairs.map { name, value in
            FormField(name, web.language.label("field", name), type: name == "email" || name == "billingEmail" ? "email" : "text",
                      value: refused ? web.form[name]?.first ?? "" : value ?? "", required: name == required, multiline: name == "description",
                      error: refused ? problem?.fields[name] : nil)
        }
    }

    static func facts(_ pairs: [(String, String?)], _ t: Language) -> [Fact] {
        pairs.compactMap { name, value in
            guard let value, !value.isEmpty else { return nil }
            return Fact(label: t.label("field", name), value: value)
        }
    }

    /// What the customer owes on the invoices the user may see, per currency (linked to the
    /// receivables); nothing when nothing is owed either way.
    func balanceFacts(_ customer: Customer, _ session: WebSession, _ web: WebRequest) async throws -> [Fact] {
        let balances = try await services.customerBalance(customer, by: session.caller)
        if balances.isEmpty { return [] }
        let text = balances.map { web.formats.money($0.amount, $0.currency, scale: $0.precision) }.joined(separator: ", ")
        return [Fact(label: web.language.text("field_balance"), value: text)]
    }

    /// Opportunities, quotes and invoices of a customer (an account or a contact without one).
    func customerLinks(_ customerId: String, _ session: WebSession, _ t: Language) async throws -> [SimpleModel.Link] {
        let filter = ["customerId": customerId]
        let opportunities = try await services.list(Opportunity.self, ListQuery(filters: filter, limit: 20), by: session.caller).items
        let quotes = try await services.list(Quote.self, ListQuery(filters: filter, limit: 20), by: session.caller).items
        let invoices = try await services.list(Invoice.self, ListQuery(filters: filter, limit: 20), by: session.caller).items
        return opportunities.map { .init(href: "/opportunities/\($0.id)", label: "\(t.text("record_opportunity")): \($0.fields.name)") }
            + quotes.map { .init(href: "/quotes/\($0.id)", label: "\(t.text("record_quote")) \(Self.documentNumber($0))") }
            + invoices.map { .init(href: "/invoices/\($0.id)", label: "\(t.text("record_invoice")) \($0.number ?? t.text("invoice_draftNumber"))") }
    }

    func accountPage(_ web: WebRequest, problem: FormProblem?) async throws -> String {
        let session = try web.user()
        let t = web.language
        let account = try await services.get(Account.self, try web.id(), by: session.caller)
        let fields = account.fields
        let history = try await services.history(of: Account.self, account.id, by: session.caller)
        let links = [SimpleModel.Link(href: "/accounts/\(account.id)/statement", label: t.text("statement_download"))]
            + (try await customerLinks(account.id.description, session, t))
        let may = Self.mayChange(account, session)
        let matches = may ? try await services.duplicates(ofAccount: account.id, by: session.caller) : []
        let custom = try await customFieldForm(.account, session)
        var model = SimpleModel(
            t: t.strings, csrf: session.csrfToken, title: fields.name, kind: t.text("record_account"),
            facts: Self.facts([("email", fields.email), ("phone", fields.phone), ("website", fields.website), ("address", Self.oneLine(fields.address)),
                               ("billingAddress", Self.oneLine(fields.billingAddress)), ("shippingAddress", Self.oneLine(fields.shippingAddress)),
                               ("vatNumber", fields.vatNumber), ("registrationNumber", fields.registrationNumber),
                               ("buyerReference", fields.buyerReference), ("language", fields.language.map { t.label("language", $0) }),
                               ("description", fields.description)], t) + custom.facts(account.customFields, t)
                + (try await balanceFacts(.account(account.id), session, web))
                + (try await reminderFacts(.account(account.id), hold: account.dunningHold, session, web)),
            links: links, hasLinks: !links.isEmpty, log: try await log(.account, account.id.uuid, history: history, web, problem: problem),
            activityTypes: Self.activityTypes(t), activityAction: "/accounts/\(account.id)/activities", activityOpen: problem?.form == "activity",
            editAction: "/accounts/\(account.id)",
            editFields: Self.editForm([("name", fields.name), ("email", fields.email), ("phone", fields.phone), ("website", fields.website),
                                       ("description", fields.description), ("vatNumber", fields.vatNumber),
                                       ("registrationNumber", fields.registrationNumber), ("buyerReference", fields.buyerReference)]
                                      + Self.addressPairs(fields.address, "") + Self.addressPairs(fields.billingAddress, "billing")
                                      + Self.addressPairs(fields.shippingAddress, "shipping"), web, problem: problem, required: "name")
                + [FormField("language", t.label("field", "language"),
                             value: problem?.form == "edit" ? web.field("language") ?? "" : fields.language ?? "",
                             choices: [("", t.text("language_organisation"))] + AccountFields.documentLanguages.map { ($0, t.label("language", $0)) },
                             error: problem?.form == "edit" ? problem?.fields["language"] : nil)]
                + custom.editControls(account.customFields, web, problem: problem),
            editOpen: problem?.form == "edit", version: account.info.version, problem: problem?.message)
        if !may { model.editAction = nil }
        model.merge = MergeDialog(matches, type: Account.recordType, base: "/accounts", action: "/accounts/\(account.id)/merge", lead: false, t)
        return views.page(.simple, model, title: fields.name, web, current: "/accounts")
    }

    func contactPage(_ web: WebRequest, problem: FormProblem?) async throws -> String {
        let session = try web.user()
        let t = web.language
        let contact = try await services.get(Contact.self, try web.id(), by: session.caller)
        let fields = contact.fields
        let history = try await services.history(of: Contact.self, contact.id, by: session.caller)
        var links = try await customerLinks(contact.id.description, session, t)
        let may = Self.mayChange(contact, session)
        let matches = may ? try await services.duplicates(ofContact: contact.id, by: session.caller) : []
        if let account = fields.accountId { links.insert(.init(href: "/accounts/\(account)", label: t.text("record_account")), at: 0) }
        links.append(.init(href: "/contacts/\(contact.id)/statement", label: t.text("statement_download")))
        let custom = try await customFieldForm(.contact, session)
        var model = SimpleModel(
            t: t.strings, csrf: session.csrfToken, title: contact.fullName, kind: t.text("record_contact"),
            facts: Self.facts([("jobTitle", fields.jobTitle), ("email", fields.email), ("billingEmail", fields.billingEmail), ("phone", fields.phone),
                               ("mobilePhone", fields.mobilePhone), ("description", fields.description)], t)
                + custom.facts(contact.customFields, t) + (try await balanceFacts(.contact(contact.id), session, web))
                + (try await reminderFacts(.contact(contact.id), hold: contact.dunningHold, session, web)),
            links: links, hasLinks: !links.isEmpty, log: try await log(.contact, contact.id.uuid, history: history, web, problem: problem),
            activityTypes: Self.activityTypes(t), activityAction: "/contacts/\(contact.id)/activities", activityOpen: problem?.form == "activity",
            editAction: "/contacts/\(contact.id)",
            editFields: Self.editForm([("firstName", fields.firstName), ("lastName", fields.lastName), ("jobTitle", fields.jobTitle),
                                       ("email", fields.email), ("billingEmail", fields.billingEmail), ("phone", fields.phone),
                                       ("mobilePhone", fields.mobilePhone), ("description", fields.description)], web, problem: problem,
                                      required: "lastName") + custom.editControls(contact.customFields, web, problem: problem),
            editOpen: problem?.form == "edit", version: contact.info.version, problem: problem?.message)
        if !may { model.editAction = nil }
        model.merge = MergeDialog(matches, type: Contact.recordType, base: "/contacts", action: "/contacts/\(contact.id)/merge", lead: false, t)
        return views.page(.simple, model, title: contact.fullName, web, current: "/contacts")
    }

    /// A price list and the price of each product in it.
    @Sendable func priceListPage(_ web: WebRequest) async throws -> WebResult {
        let session = try web.user()
        let t = web.language
        let formats = web.formats
        let list = try await services.get(PriceList.self, try web.id(), by: session.caller)
        let items = try await services.list(PriceListItem.self, ListQuery(filters: ["priceListId": list.id.description], sort: .createdAt,
                                                                          descending: false, limit: 200), by: session.caller).items
        var prices: [Fact] = []
        for item in items {
            let product = try? await services.get(Product.self, item.fields.productId, by: session.caller)
            let price = item.fields.pricingMethod == .currencyAmount
                ? item.fields.amount.map { formats.money($0, list.fields.currency) } ?? "—"
                : t.text("pricingMethod_\(item.fields.pricingMethod.rawValue)", item.fields.percentage.map { formats.percent($0) } ?? "—")
            prices.append(Fact(label: product.map { "\($0.fields.name) (\($0.fields.number))" } ?? "—", value: price))
        }
        let model = SimpleModel(
            t: t.strings, csrf: session.csrfToken, title: list.fields.name, kind: t.text("record_priceList"),
            facts: Self.facts([("currency", list.fields.currency), ("state", t.label("activeState", list.fields.state.rawValue))], t) + prices,
            links: [], hasLinks: false, log: nil, activityTypes: [], activityAction: "", activityOpen: false)
        return .page(views.page(.simple, model, title: list.fields.name, web, current: "/price-lists"))
    }

    /// A product: its facts, and while it is a draft or under revision (an active product is
    /// revised first, in Settings → Catalog), its name, description and the organisation's fields
    /// for those who manage the catalog.
    func productPage(_ web: WebRequest, problem: FormProblem?) async throws -> String {
        let session = try web.user()
        let t = web.language
        let formats = web.formats
        let product = try await services.get(Product.self, try web.id(), by: session.caller)
        let fields = product.fields
        let custom = try await customFieldForm(.product, session)
        var model = SimpleModel(
            t: t.strings, csrf: session.csrfToken, title: fields.name, kind: t.text("record_product"),
            facts: Self.facts([("number", fields.number), ("state", t.label("state", product.state.rawValue)),
                               ("listPrice", fields.listPrice.map { formats.number($0) }), ("taxRate", fields.taxRate.map { formats.percent($0) }),
                               ("description", fields.description)], t) + custom.facts(product.customFields, t),
            links: [], hasLinks: false, log: nil, activityTypes: [], activityAction: "", activityOpen: false,
            editAction: "/products/\(product.id)",
            editFields: Self.editForm([("name", fields.name), ("description", fields.description)], web, problem: problem, required: "name")
                + custom.editControls(product.customFields, web, problem: problem),
            editOpen: problem?.form == "edit", version: product.info.version, problem: problem?.message)
        if !Product.allows(.update, from: product.state) || !Self.mayChange(product, session) { model.editAction = nil }
        return views.page(.simple, model, title: fields.name, web, current: "/products")
    }
}
