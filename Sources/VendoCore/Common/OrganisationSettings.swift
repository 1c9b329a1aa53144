import Foundation

public enum DiscountMethod: String, Codable, Sendable, CaseIterable {
    /// The manual discount is an amount for the whole line.
    case lineItem
    /// The manual discount is per unit and multiplied by the quantity.
    case perUnit
}

public enum TaxRounding: String, Codable, Sendable, CaseIterable {
    /// Tax rounded once per rate over the document, then shared among the lines.
    case perRate
    /// Tax rounded on each line; the document tax is their sum.
    case perLine
}

public struct OrganisationSettings: Codable, Sendable, Equatable {
    public var baseCurrency: String
    /// Decimals kept on unit prices (2 to 4).
    public var pricingPrecision: Int
    public var discountMethod: DiscountMethod
    public var priceListRequired: Bool
    public var taxRounding: TaxRounding
    public var createProductsAsDrafts: Bool
    public var organisationName: String
    public var organisationAddress: Address
    public var legalMentions: String
    /// The logo printed on quotes and invoices, as a `data:` URL of a PNG, JPEG, GIF or WebP
    /// image (so the server keeps no file of its own); nil for none. Settings stored before it
    /// existed have none.
    public var logo: String?
    /// How many days an API token lives at most (`tokenLifetime`); nil for the default, a year.
    /// Settings stored before it existed have none.
    public var tokenLifetimeDays: Int?
    /// How many days finished webhook deliveries and security events are kept (`retention`);
    /// nil for the default, 90.
    public var retentionDays: Int?
    /// Hosts that outbound calls (webhooks) may reach although they resolve to a loopback,
    /// private or link-local address: an intranet receiver named on purpose. Nil for none.
    public var outboundAllowedHosts: [String]?

    // The seller's legal identity, printed on documents and carried by Factur-X invoices.
    // Settings stored before they existed have none.
    /// The registered name, when it differs from `organisationName` (the trading name).
    public var legalName: String?
    /// SAS, SARL, GmbH, Ltd…
    public var legalForm: String?
    /// As printed: "10 000 €".
    public var shareCapital: String?
    /// The SIREN or SIRET in France (checked), a company number of any scheme elsewhere.
    public var registrationNumber: String?
    /// Where the company is registered: "RCS Lyon".
    public var registry: String?
    /// The intra-community VAT number, with its country prefix (kept compact: FR40303265045).
    public var vatNumber: String?
    public var contactEmail: String?
    public var contactPhone: String?
    /// The bank account customers pay into (kept compact; printed in groups of four).
    public var iban: String?
    public var bic: String?
    public var accountHolder: String?
    /// The payment terms an invoice may take; the first is the default.
    public var paymentTerms: [PaymentTerm]?
    /// The late-payment penalties and the fixed recovery indemnity, as the law asks them printed.
    public var latePaymentText: String?
    /// The organisation has opted to pay VAT on debits ("option pour le paiement de la taxe
    /// d'après les débits"), which French invoices must say from September 2026.
    public var vatOnDebits: Bool?
    /// The largest balance, in the base currency, that a write-off may close; none allowed when nil.
    public var writeOffLimit: Decimal?
    /// The accounts entries are posted to, by `ChartOfAccounts` key; nil for the usual French ones.
    public var accounts: [String: String]?
    /// Receivables name the customer as an auxiliary account (the default), or stay one account.
    public var receivablesPerCustomer: Bool?
    /// The first day of the fiscal year, `MM-DD`; nil for 1 January.
    public var fiscalYearStart: String?
    /// The reminder levels of overdue invoices; none sent on their own while nil.
    public var dunning: DunningPolicy?

    // Mail. Settings stored before they existed have none.
    /// The SMTP server and sender; nil until set (or set by the server's environment).
    public var smtp: MailSettings?
    /// The address customers and browsers reach Vendo at (`https://crm.example.com`), for the
    /// links in messages and the web-to-lead snippet; the server's `--public-url` wins.
    public var publicURL: String?
    /// The mail templates the organisation edited; the others are the shipped ones.
    public var mailTemplates: [MailTemplate]?
    /// A quote the customer accepts through its link also becomes an order.
    public var acceptedQuotesBecomeOrders: Bool?
    /// The fields the organisation added to its records, retired ones included (§13).
    public var customFields: [CustomFieldDefinition]?
    /// The lists the organisation edited, by `ChoiceListName`; the others are the built-in ones.
    public var choiceLists: [String: [CustomChoice]]?
    /// The organisation's names for its record types; nil for Vendo's own.
    public var terminology: Terminology?
    /// The organisation's labels for built-in fields; nil for Vendo's own.
    public var fieldLabels: FieldLabels?
    public var version: Int

    /// The largest logo, as a `data:` URL.
    public static let logoLimit = 400_000
    public static let logoTypes = ["image/png", "image/jpeg", "image/gif", "image/webp"]

    /// VAT number, IBAN and BIC as stored: upper case, without spaces; empty texts as none.
    public mutating func normalizeIdentifiers() {
        func compact(_ value: String?) -> String? {
            guard let value else { return nil }
            let compacted = TaxIdentifiers.compact(value)
            return compacted.isEmpty ? nil : compacted
        }
        vatNumber = compact(vatNumber)
        iban = compact(iban)
        bic = compact(bic)
        registrationNumber = TaxIdentifiers.compactRegistration(registrationNumber)
    }

    /// Why `text` cannot be the server's public address (nil when it can): an absolute http or
    /// https URL, with no query or fragment.
    public static func problem(withPublicURL text: String) -> String? {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty else {
            return "the public address is an absolute http or https URL, such as https://crm.example.com"
        }
        if url.query != nil || url.fragment != nil || text.contains(" ") { return "the public address has no query or fragment" }
        return nil
    }

    /// The public address without a trailing slash.
    public static func normalizedPublicURL(_ text: String) -> String {
        var text = text.trimmingWhitespace()
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }

    /// The template the organisation uses for `kind` in `language`.
    public func mailTemplate(_ kind: MailTemplate.Kind, _ language: Language) -> MailTemplate {
        mailTemplates?.first { $0.kind == kind && $0.language == language } ?? .shipped(kind, language)
    }

    /// The custom fields of a record type, in their order, retired ones included.
    public func customFields(of type: CustomizedRecord) -> [CustomFieldDefinition] {
        (customFields ?? []).filter { $0.recordType == type }.sorted { ($0.order, $0.key) < ($1.order, $1.key) }
    }

    /// Days an API token lives at most.
    public var tokenLifetime: Int { tokenLifetimeDays ?? 365 }

    /// Days finished webhook deliveries and security events are kept.
    public var retention: Int { retentionDays ?? 90 }

    public init(
        baseCurrency: String = "EUR", pricingPrecision: Int = 2, discountMethod: DiscountMethod = .lineItem,
        priceListRequired: Bool = true, taxRounding: TaxRounding = .perRate, createProductsAsDrafts: Bool = false,
        organisationName: String = "", organisationAddress: Address = Address(), legalMentions: String = "",
        version: Int = 1
    ) {
        self.baseCurrency = baseCurrency
        self.pricingPrecision = pricingPrecision
        self.discountMethod = discountMethod
        self.priceListRequired = priceListRequired
        self.taxRounding = taxRounding
        self.createProductsAsDrafts = createProductsAsDrafts
        self.organisationName = organisationName
        self.organisationAddress = organisationAddress
        self.legalMentions = legalMentions
        self.version = version
    }

    public func validate() throws(DomainError) {
        var check = Validator()
        check.currencyCode(baseCurrency, "baseCurrency")
        if !(2...4).contains(pricingPrecision) {
            check.add("pricingPrecision", "out_of_range", "pricingPrecision must be 2, 3 or 4")
        }
        check.text(organisationName, "organisationName")
        check.address(organisationAddress, "organisationAddress")
        check.text(legalMentions, "legalMentions", maxLength: 2000)
        if let days = tokenLifetimeDays, !(1...3650).contains(days) {
            check.add("tokenLifetimeDays", "out_of_range", "tokenLifetimeDays is 1 to 3650")
        }
        if let days = retentionDays, !(1...3650).contains(days) {
            check.add("retentionDays", "out_of_range", "retentionDays is 1 to 3650")
        }
        if let hosts = outboundAllowedHosts {
            if hosts.count > 50 { check.add("outboundAllowedHosts", "too_many", "at most 50 hosts") }
            let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:")
            if let bad = hosts.first(where: { $0.isEmpty || $0.count > 253 || !$0.allSatisfy(allowed.contains) }) {
                check.add("outboundAllowedHosts", "invalid_host", "'\(bad)' is not a host name or IP address (no scheme, port or path)")
            }
        }
        check.text(legalName, "legalName")
        check.text(legalForm, "legalForm", maxLength: 50)
        check.text(shareCapital, "shareCapital", maxLength: 50)
        check.text(registry, "registry", maxLength: 100)
        let french = TaxIdentifiers.isFrance(organisationAddress.country) || TaxIdentifiers.compact(vatNumber ?? "").hasPrefix("FR")
        check.registrationNumber(registrationNumber, "registrationNumber", french: french)
        check.vatNumber(vatNumber, "vatNumber")
        check.email(contactEmail, "contactEmail")
        check.text(contactPhone, "contactPhone", maxLength: 50)
        check.iban(iban, "iban")
        check.bic(bic, "bic")
        check.text(accountHolder, "accountHolder")
        check.text(latePaymentText, "latePaymentText", maxLength: 2000)
        check.amount(writeOffLimit, "writeOffLimit", scale: 4)
        for (key, number) in (accounts ?? [:]).sorted(by: { $0.key < $1.key }) {
            if !ChartOfAccounts.isKnown(key) {
                check.add("accounts.\(key)", "unknown_account",
                          "the accounts are receivable, sales, sales.<rate>, vat, vat.<rate>, bank, writeOffLoss and writeOffGain")
            } else if !ChartOfAccounts.isValidNumber(number) {
                check.add("accounts.\(key)", "invalid_account", "an account number is 3 to 20 letters and digits, starting with a digit")
            }
        }
        if let dunning { check.merge(dunning.problems(prefix: "dunning.", basePrecision: 4)) }
        if let start = fiscalYearStart, !FiscalCalendar.isValid(start) {
            check.add("fiscalYearStart", "invalid_date", "the fiscal year starts on a day of the year, MM-DD")
        }
        if let terms = paymentTerms {
            if terms.count > 20 { check.add("paymentTerms", "too_many", "at most 20 payment terms") }
            for (index, term) in terms.enumerated() {
                if term.label.trimmingWhitespace().isEmpty || term.label.count > 100 {
                    check.add("paymentTerms[\(index)].label", "required", "a payment term has a label of 1 to 100 characters")
                }
                if !(0...365).contains(term.days) {
                    check.add("paymentTerms[\(index)].days", "out_of_range", "a payment term is 0 to 365 days")
                }
            }
            let labels = terms.map { $0.label.lowercased() }
            if Set(labels).count != labels.count { check.add("paymentTerms", "duplicate", "two payment terms have the same label") }
            check.merge(PaymentTerm.labelProblems(terms))
        }
        if let smtp {
            do { try smtp.validate() } catch { check.merge(error.fieldErrors) }
        }
        for (index, definition) in (customFields ?? []).enumerated() {
            check.merge(definition.problems(prefix: "customFields[\(index)]."))
        }
        if Set((customFields ?? []).map(\.id)).count != (customFields ?? []).count {
            check.add("customFields", "duplicate_id", "two custom fields have the same id")
        }
        for (type, definitions) in Dictionary(grouping: customFields ?? [], by: \.recordType) {
            if definitions.count > CustomFieldDefinition.maxPerRecordType {
                check.add("customFields", "too_many", "\(type.rawValue) records have at most \(CustomFieldDefinition.maxPerRecordType) custom fields")
            }
            let keys = definitions.map(\.key)
            if let twice = keys.first(where: { key in keys.filter { $0 == key }.count > 1 }) {
                check.add("customFields", "duplicate_key", "two custom fields of \(type.rawValue) have the key \(twice)")
            }
        }
        check.merge(choiceListProblems(replacing: nil))
        check.merge(terminologyProblems())
        check.merge(fieldLabelProblems())
        if let publicURL, let problem = Self.problem(withPublicURL: publicURL) { check.add("publicUrl", "invalid_url", problem) }
        if let logo {
            let header = logo.prefix { $0 != "," }
            let type = header.dropFirst("data:".count).prefix { $0 != ";" }
            let body = logo.dropFirst(header.count + 1)
            if !header.hasPrefix("data:") || !header.hasSuffix(";base64") || !Self.logoTypes.contains(String(type))
                || body.isEmpty || Data(base64Encoded: String(body)) == nil {
                check.add("logo", "invalid_image", "the logo is a PNG, JPEG, GIF or WebP image")
            } else if logo.utf8.count > Self.logoLimit {
                check.add("logo", "too_large", "the logo is at most \(Self.logoLimit * 3 / 4 / 1000) kB")
            }
        }
        try check.check()
    }

    /// The edited lists' rules; against `previous` (the settings they replace), no value they
    /// had is dropped either.
    public func choiceListProblems(replacing previous: OrganisationSettings?) -> [FieldError] {
        var errors: [FieldError] = []
        for (name, choices) in choiceLists ?? [:] {
            guard let list = ChoiceListName(rawValue: name) else {
                errors.append(FieldError("choiceLists.\(name)", "unknown_list",
                                         "the lists are " + ChoiceListName.allCases.map(\.rawValue).joined(separator: ", ")))
                continue
            }
            errors += ChoiceLists.problems(list, choices, replacing: previous?.choices(list) ?? [])
        }
        return errors
    }
}
