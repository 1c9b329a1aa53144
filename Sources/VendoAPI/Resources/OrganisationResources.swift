import Foundation
import Hummingbird
import VendoCore
import VendoServices

enum CurrenciesResource {
    static func render(_ currency: Currency) -> JSON {
        .object([("code", .string(currency.code)), ("name", .string(currency.name)), ("symbol", .string(currency.symbol)),
                 ("precision", .int(currency.precision)), ("exchangeRate", .string(currency.exchangeRate.description)),
                 ("version", .int(currency.version))])
    }

    static func read(_ reader: inout FieldReader, into currency: inout Currency, creating: Bool) {
        if creating { reader.read("code", into: &currency.code, required: true, Convert.string) } else { reader.ignore(["code"]) }
        reader.read("name", into: &currency.name, required: creating, Convert.string)
        reader.read("symbol", into: &currency.symbol, Convert.string)
        reader.read("precision", into: &currency.precision, required: creating, Convert.int)
        reader.read("exchangeRate", into: &currency.exchangeRate, required: creating, Convert.decimal)
        reader.ignore(["version"])
    }

    static func routes(_ s: Services) -> [Route] {
        let base = "/api/v1/currencies"
        return [
            Route(.get, base, id: "listCurrencies", "The organisation's currencies", responses: responses([200: .ref("Currencies")])) { request in
                _ = try request.user()
                return APIResponse(.ok, .object([("items", .array(try await s.currencies().map(render))), ("nextCursor", .null)]))
            },
            Route(.post, base, id: "createCurrency", "Add a currency with its exchange rate to the base currency",
                  body: .ref("CurrencyInput"), responses: responses([201: .ref("Currency")], conflict: true)) { request in
                var reader = FieldReader(try request.json())
                var currency = Currency(code: "", name: "", symbol: "", precision: 2, exchangeRate: 1)
                read(&reader, into: &currency, creating: true)
                try finish(&reader)
                let created = try await s.createCurrency(currency, by: try request.user())
                return .record(render(created), version: created.version, status: .created, location: "\(base)/\(created.code)")
            },
            Route(.get, "\(base)/{code}", id: "getCurrency", "Read a currency", responses: responses([200: .ref("Currency")])) { request in
                _ = try request.user()
                let currency = try await s.currency(request.parameters["code"] ?? "")
                return .record(render(currency), version: currency.version)
            },
            Route(.patch, "\(base)/{code}", id: "updateCurrency", "Change a currency; documents keep the rate they froze",
                  body: .ref("CurrencyPatch"), responses: responses([200: .ref("Currency")], precondition: true)) { request in
                var reader = FieldReader(try request.json())
                var edited = try await s.currency(request.parameters["code"] ?? "")
                read(&reader, into: &edited, creating: false)
                try finish(&reader)
                let values = edited
                let currency = try await s.updateCurrency(values.code, ifVersion: try request.ifMatch(), by: try request.user()) { $0 = values }
                return .record(render(currency), version: currency.version)
            },
            Route(.delete, "\(base)/{code}", id: "deleteCurrency", "Remove a currency nothing uses",
                  responses: responses([204: nil], conflict: true, precondition: true)) { request in
                try await s.deleteCurrency(request.parameters["code"] ?? "", ifVersion: try request.ifMatch(), by: try request.user())
                return APIResponse(.noContent, nil)
            },
        ]
    }

    static let currencySchema = Schema.object([
        ("code", .currencyCode), ("name", .text(maxLength: 100)), ("symbol", .text(maxLength: 8)), ("precision", .integer(0...4)),
        ("exchangeRate", .amount),
        ("version", .integer),
    ], required: ["code", "name", "precision", "exchangeRate"])

    static let schemas: [(String, Schema)] = [
        ("Currency", currencySchema), ("CurrencyInput", currencySchema), ("CurrencyPatch", currencySchema.optional),
        ("Currencies", .object([("items", .array(.ref("Currency"))), ("nextCursor", Schema.string.nullable)])),
    ]
}

enum SettingsResource {
    static let fields: [FieldSpec<OrganisationSettings>] = [
        .currency("baseCurrency", \.baseCurrency, required: false), .choice("discountMethod", \.discountMethod),
        .bool("priceListRequired", \.priceListRequired), .choice("taxRounding", \.taxRounding),
        .bool("createProductsAsDrafts", \.createProductsAsDrafts), .text("organisationName", \.organisationName, required: false),
        FieldSpec(name: "pricingPrecision", schema: .integer(2...4), required: false, render: { .int($0.pricingPrecision) },
                  apply: { reader, settings, _ in reader.read("pricingPrecision", into: &settings.pricingPrecision, Convert.int) }),
        FieldSpec(name: "organisationAddress", schema: .ref("Address"), required: false,
                  render: { AddressJSON.render($0.organisationAddress) },
                  apply: { reader, settings, _ in reader.object("organisationAddress") { AddressJSON.apply(&$0, &settings.organisationAddress) } }),
        .text("legalMentions", \.legalMentions, max: 2000, required: false),
        .int("tokenLifetimeDays", \.tokenLifetimeDays, range: 1...3650),
        .int("retentionDays", \.retentionDays, range: 1...3650),
        .strings("outboundAllowedHosts", \.outboundAllowedHosts, maxLength: 253),
        .text("legalName", \.legalName), .text("legalForm", \.legalForm, max: 50), .text("shareCapital", \.shareCapital, max: 50),
        .text("registrationNumber", \.registrationNumber, max: 50), .text("registry", \.registry, max: 100),
        .text("vatNumber", \.vatNumber, max: 30), .text("contactEmail", \.contactEmail), .text("contactPhone", \.contactPhone, max: 50),
        .text("iban", \.iban, max: 50), .text("bic", \.bic, max: 20), .text("accountHolder", \.accountHolder),
        FieldSpec(name: "paymentTerms", schema: Schema.array(paymentTermSchema).nullable, required: false,
                  render: { settings in settings.paymentTerms.map { .array($0.map(renderTerm)) } ?? .null },
                  apply: { reader, settings, _ in reader.read("paymentTerms", into: &settings.paymentTerms, readTerms) }),
        .text("latePaymentText", \.latePaymentText, max: 2000), .bool("vatOnDebits", \.vatOnDebits),
        .money("writeOffLimit", \.writeOffLimit),
        FieldSpec(name: "smtp", schema: .ref("SMTPSettings"), required: false,
                  render: { settings in settings.smtp.map(renderSMTP) ?? .null },
                  apply: { reader, settings, _ in
                      guard reader.has("smtp") else { return }
                      if reader.peek("smtp") == .null {
                          reader.ignore(["smtp"])
                          settings.smtp = nil
                          return
                      }
                      var smtp = settings.smtp ?? MailSettings()
                      reader.object("smtp") { nested in
                          nested.read("host", into: &smtp.host, Convert.string)
                          nested.read("port", into: &smtp.port, Convert.int)
                          nested.read("security", into: &smtp.security, Convert.choice(MailSettings.Security.self))
                          nested.read("username", into: &smtp.username, Convert.string)
                          nested.read("fromAddress", into: &smtp.fromAddress, Convert.string)
                          nested.read("fromName", into: &smtp.fromName, Convert.string)
                          nested.read("replyTo", into: &smtp.replyTo, Convert.string)
                          // Write-only: taken by the route, never stored with the settings.
                          nested.ignore(["password", "passwordSet", "fromEnvironment"])
                      }
                      settings.smtp = smtp
                  }),
        FieldSpec(name: "publicUrl", schema: Schema.text(maxLength: 300).nullable, required: false,
                  render: { $0.publicURL.map(JSON.string) ?? .null },
                  apply: { reader, settings, _ in
                      reader.read("publicUrl", into: &settings.publicURL, Convert.string)
                      if let url = settings.publicURL { settings.publicURL = url.isEmpty ? nil : OrganisationSettings.normalizedPublicURL(url) }
                  }),
        .bool("acceptedQuotesBecomeOrders", \.acceptedQuotesBecomeOrders), ChoiceListsResource.settingsField,
        TerminologyResource.settingsField, FieldLabelsResource.settingsField,
    ] + JournalExportResource.settingsFields + [DunningResource.settingsField]

    static func renderSMTP(_ smtp: MailSettings) -> JSON {
        .object([("host", .string(smtp.host)), ("port", .int(smtp.port)), ("security", .string(smtp.security.rawValue)),
                 ("username", smtp.username.map(JSON.string) ?? .null), ("fromAddress", .string(smtp.fromAddress)),
                 ("fromName", smtp.fromName.map(JSON.string) ?? .null), ("replyTo", smtp.replyTo.map(JSON.string) ?? .null)])
    }

    static let smtpSchema = Schema.object([
        ("host", .text(maxLength: 253)), ("port", .integer(1...65535)), ("security", .choice(MailSettings.Security.allCases.map(\.rawValue))),
        ("username", Schema.text(maxLength: 254).nullable), ("password", Schema.text(maxLength: 500).nullable),
        ("fromAddress", .text(maxLength: 254)), ("fromName", Schema.text(maxLength: 100).nullable),
        ("replyTo", Schema.text(maxLength: 254).nullable), ("passwordSet", .boolean), ("fromEnvironment", .boolean),
    ])

    /// The settings with what the server knows beside them: whether an SMTP password is set,
    /// whether mail and the public address come from the server's environment.
    static func render(_ settings: OrganisationSettings, mail: Services.MailConfiguration, publicURL: String?) -> JSON {
        var pairs = fields.render(settings)
        if let index = pairs.firstIndex(where: { $0.0 == "smtp" }) {
            var smtp: [(String, JSON)] = []
            if case .object(let values) = mail.settings.map(renderSMTP) ?? .null { smtp = values }
            pairs[index].1 = mail.settings == nil ? .null
                : .object(smtp + [("passwordSet", .bool(mail.passwordSet)), ("fromEnvironment", .bool(mail.fromEnvironment))])
        }
        pairs.append(("publicUrlInUse", publicURL.map(JSON.string) ?? .null))
        return .object(pairs + [("version", .int(settings.version))])
    }

    static let paymentTermSchema = Schema.object([
        ("label", .text(maxLength: 100)), ("days", .integer(0...365)), ("endOfMonth", .boolean),
        ("labels", Schema.object([("en", .text(maxLength: 100)), ("fr", .text(maxLength: 100))]).nullable), ("active", .boolean),
    ], required: ["label", "days"])

    static func renderTerm(_ term: PaymentTerm) -> JSON {
        let labels = term.labels.map { labels in JSON.object(labels.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }) }
        return .object([("label", .string(term.label)), ("days", .int(term.days)), ("endOfMonth", .bool(term.endOfMonth)),
                        ("labels", labels ?? .null), ("active", .bool(!term.isRetired))])
    }

    @Sendable static func readTerms(_ json: JSON) -> Result<[PaymentTerm], FieldProblem> {
        guard case .array(let items) = json else {
            return .failure(FieldProblem(code: "invalid_type", message: "must be an array of {label, days, endOfMonth, labels, active}"))
        }
        var terms: [PaymentTerm] = []
        for (index, item) in items.enumerated() {
            var term = PaymentTerm(label: "", days: 0)
            var reader = FieldReader(item)
            reader.read("label", into: &term.label, required: true, Convert.string)
            reader.read("days", into: &term.days, required: true, Convert.int)
            reader.read("endOfMonth", into: &term.endOfMonth, Convert.bool)
            reader.read("labels", into: &term.labels, CustomFieldsResource.convertLanguages)
            var active = true
            reader.read("active", into: &active, Convert.bool)
            term.retired = active ? nil : true
            reader.finish()
            if let first = reader.errors.first {
                return .failure(FieldProblem(code: first.code, message: "term \(index), \(first.field): \(first.message)"))
            }
            terms.append(term)
        }
        return .success(terms)
    }

    static func routes(_ s: Services) -> [Route] {
        @Sendable func rendered(_ settings: OrganisationSettings, _ user: Caller) async throws -> JSON {
            let mail = user.principal.role == .admin ? try await s.mailConfiguration(by: user)
                : Services.MailConfiguration(settings: nil, passwordSet: false, fromEnvironment: false)
            var shown = settings
            if user.principal.role != .admin { shown.smtp = nil }
            return render(shown, mail: mail, publicURL: try await s.publicURL())
        }
        return [
            Route(.get, "/api/v1/settings", id: "getSettings", "The organisation's settings", responses: responses([200: .ref("Settings")])) { request in
                let user = try request.user()
                let settings = try await s.settings()
                return .record(try await rendered(settings, user), version: settings.version)
            },
            Route(.post, "/api/v1/settings/smtp/test", id: "testMail",
                  "Send a test message through the mail server in force, now (409 mail_failed with the server's reply)",
                  body: .ref("MailTestInput"), responses: responses([200: .ref("MailTestResult")], conflict: true)) { request in
                var reader = FieldReader(try request.json())
                var to = ""
                reader.read("to", into: &to, required: true, Convert.string)
                try finish(&reader)
                let id = try await s.sendTestMessage(to: to, by: try request.user())
                return APIResponse(.ok, .object([("sent", .bool(true)), ("messageId", .string(id))]))
            },
            Route(.patch, "/api/v1/settings", id: "updateSettings", "Change the organisation's settings", body: .ref("SettingsInput"),
                  responses: responses([200: .ref("Settings")], conflict: true, precondition: true)) { request in
                var edited = try await s.settings()
                let json = try request.json()
                try fields.apply(json, to: &edited, creating: false, extraKeys: ["version", "publicUrlInUse"])
                var password: Services.SecretEdit?
                if case .object(let smtp)? = json["smtp"], let value = smtp.first(where: { $0.0 == "password" })?.1 {
                    switch value {
                    case .null: password = .clear
                    case .string(let text): password = text.isEmpty ? .clear : .set(text)
                    default: throw APIError.validation([FieldError("smtp.password", "invalid_type", "must be a string or null")])
                    }
                }
                let values = edited
                let user = try request.user()
                let settings = try await s.updateSettings(ifVersion: try request.ifMatch(), smtpPassword: password, by: user) { current in
                    let version = current.version
                    current = values
                    current.version = version
                }
                return .record(try await rendered(settings, user), version: settings.version)
            },
        ]
    }

    static let schemas: [(String, Schema)] = [
        ("Settings", .object(fields.schemaProperties() + [("publicUrlInUse", Schema.string.nullable), ("version", .integer)])),
        ("SettingsInput", .object(fields.schemaProperties() + [("publicUrlInUse", Schema.string.nullable)])),
        ("SMTPSettings", smtpSchema.nullable),
        ("MailTestInput", .object([("to", .text(maxLength: 254))], required: ["to"])),
        ("MailTestResult", .object([("sent", .boolean), ("messageId", .string)])),
    ]
}

enum UsersResource {
    static func render(_ user: User) -> JSON {
        .object(meta(user) + [("name", .string(user.name)), ("email", .string(user.email)), ("role", .string(user.role.rawValue)),
                              ("locale", .string(user.locale)), ("active", .bool(user.active))])
    }

    static func routes(_ s: Services) -> [Route] {
        [
            Route(.get, "/api/v1/users", id: "listUsers", "List users", responses: responses([200: pageSchema("User")]),
                  query: listParameters([])) { request in
                _ = try request.user()
                return page(try await s.list(User.self, try listQuery(request, filters: []), by: try request.user()), render)
            },
            Route(.post, "/api/v1/users", id: "createUser", "Add a user", body: .ref("UserInput"),
                  responses: responses([201: .ref("User")], conflict: true)) { request in
                var reader = FieldReader(try request.json())
                var name = "", email = "", locale = "en", role = Role.salesperson
                var password: String?
                reader.read("name", into: &name, required: true, Convert.string)
                reader.read("email", into: &email, required: true, Convert.string)
                reader.read("role", into: &role, required: true, Convert.choice(Role.self))
                reader.read("locale", into: &locale, Convert.string)
                reader.read("password", into: &password, Convert.string)
                try finish(&reader)
                let user = try await s.createUser(name: name, email: email, role: role, locale: locale, password: password,
                                                  by: try request.user())
                return .record(render(user), version: user.info.version, status: .created, location: "/api/v1/users/\(user.id)")
            },
            Route(.get, "/api/v1/users/{id}", id: "getUser", "Read a user", responses: responses([200: .ref("User")])) { request in
                _ = try request.user()
                let user = try await s.get(User.self, try request.id(), by: try request.user())
                return .record(render(user), version: user.info.version)
            },
            Route(.patch, "/api/v1/users/{id}", id: "updateUser", "Change a user's name, e-mail, role, language or active flag (admins)",
                  body: .ref("UserPatch"), responses: responses([200: .ref("User")], conflict: true, precondition: true)) { request in
                let id: ID<User> = try request.id()
                let current = try await s.get(User.self, id, by: try request.user())
                var reader = FieldReader(try request.json())
                var edited = current
                reader.read("name", into: &edited.name, Convert.string)
                reader.read("email", into: &edited.email, Convert.string)
                reader.read("role", into: &edited.role, Convert.choice(Role.self))
                reader.read("locale", into: &edited.locale, Convert.string)
                reader.read("active", into: &edited.active, Convert.bool)
                reader.ignore(readOnlyMetaKeys)
                try finish(&reader)
                let values = edited
                let user = try await s.updateUser(id, ifVersion: try request.version(over: current.info.version), by: try request.user()) {
                    $0 = values
                }
                return .record(render(user), version: user.info.version)
            },
            Route(.get, "/api/v1/users/{id}/tokens", id: "listTokens",
                  "A user's API tokens: name, dates, last use; never their secrets (the user or an admin)",
                  responses: responses([200: .ref("Tokens")])) { request in
                let user: ID<User> = try request.id()
                let tokens = try await s.tokens(of: user, by: try request.user())
                return APIResponse(.ok, .object([("items", .array(tokens.map(renderToken)))]))
            },
            Route(.post, "/api/v1/users/{id}/tokens", id: "createToken",
                  "A new API token; its secret is shown this once. Signed in by the session cookie, send your password too",
                  body: .ref("TokenInput"), responses: responses([201: .ref("NewToken"), 429: .ref("Problem")], conflict: true)) { request in
                var reader = FieldReader(try request.json())
                var name = ""
                var expiresAt: Date?
                var password: String?
                reader.read("name", into: &name, required: true, Convert.string)
                reader.read("expiresAt", into: &expiresAt) { json in
                    if case .string(let text) = json, let date = RFC3339.parse(text) { return .success(date) }
                    return .failure(FieldProblem(code: "invalid_date", message: "must be an RFC 3339 date-time"))
                }
                reader.read("password", into: &password, Convert.string)
                try finish(&reader)
                let caller = try request.user()
                if request.bySession {
                    guard let password else {
                        throw APIError.validation([FieldError("password", "required", "signed in by cookie, give your password again")])
                    }
                    try await s.confirmPassword(password, field: "password", by: caller)
                }
                let user: ID<User> = try request.id()
                let issued = try await s.createToken(for: user, name: name, expiresAt: expiresAt, by: caller)
                var answer = APIResponse(.created, .object([("id", .string(issued.token.id.uuidString.lowercased())), ("name", .string(name)),
                                                            ("token", .string(issued.secret)), ("expiresAt", .date(issued.token.expiresAt))]),
                                         headers: [.location: "/api/v1/users/\(user)/tokens/\(issued.token.id.uuidString.lowercased())"])
                answer.replayable = false
                return answer
            },
            Route(.post, "/api/v1/users/{id}/password", id: "setPassword",
                  "A new password. Your own needs currentPassword and keeps this session; another user's is for admins. Every other session of the user ends; revokeTokens revokes their API tokens too",
                  body: .ref("PasswordInput"), responses: responses([204: nil, 429: .ref("Problem")])) { request in
                var reader = FieldReader(try request.json())
                var password = "", revokeTokens = false
                var current: String?
                reader.read("password", into: &password, required: true, Convert.string)
                reader.read("currentPassword", into: &current, Convert.string)
                reader.read("revokeTokens", into: &revokeTokens, Convert.bool)
                try finish(&reader)
                let caller = try request.user()
                let user: ID<User> = try request.id()
                if user == caller.userId {
                    guard let current else {
                        throw APIError.validation([FieldError("currentPassword", "required", "give your current password")])
                    }
                    try await s.changeOwnPassword(current: current, new: password, keepingSession: request.bySession ? request.sessionSecret : nil,
                                                  revokeTokens: revokeTokens, by: caller)
                } else {
                    try await s.setPassword(password, for: user, revokeTokens: revokeTokens, by: caller)
                }
                return APIResponse(.noContent, nil)
            },
            Route(.delete, "/api/v1/users/{id}/tokens/{tokenId}", id: "revokeToken", "Revoke an API token at once",
                  responses: responses([204: nil])) { request in
                guard let token = request.parameters["tokenId"].flatMap(UUID.init(uuidString:)) else { throw APIError.notFound }
                try await s.revokeToken(token, of: try request.id(), by: try request.user())
                return APIResponse(.noContent, nil)
            },
        ]
    }

    static func renderToken(_ token: TokenInfo) -> JSON {
        .object([("id", .string(token.id.uuidString.lowercased())), ("name", .string(token.name)), ("createdAt", .date(token.createdAt)),
                 ("expiresAt", .date(token.expiresAt)), ("lastUsedAt", .date(token.lastUsedAt)), ("revokedAt", .date(token.revokedAt))])
    }

    static let schemas: [(String, Schema)] = [
        ("User", .object(metaSchema + [("name", .string), ("email", .string), ("role", .choice(Role.allCases.map(\.rawValue))),
                                       ("locale", .string), ("active", .boolean)], required: ["id", "name", "email", "role"])),
        ("UserInput", .object([("name", .text(maxLength: 200)), ("email", .text(maxLength: 254)), ("role", .choice(Role.allCases.map(\.rawValue))),
                               ("locale", .choice(["en", "fr"])), ("password", .text(maxLength: 72))], required: ["name", "email", "role"])),
        ("UserPatch", .object([("name", .text(maxLength: 200)), ("email", .text(maxLength: 254)),
                               ("role", .choice(Role.allCases.map(\.rawValue))), ("locale", .choice(["en", "fr"])), ("active", .boolean)])),
        ("TokenInput", .object([("name", .text(maxLength: 100)), ("expiresAt", Schema.dateTime.nullable), ("password", .text(maxLength: 200))],
                               required: ["name"])),
        ("NewToken", .object([("id", .uuid), ("name", .string), ("token", .string), ("expiresAt", Schema.dateTime.nullable)])),
        ("Token", .object([("id", .uuid), ("name", .string), ("createdAt", .dateTime), ("expiresAt", Schema.dateTime.nullable),
                           ("lastUsedAt", Schema.dateTime.nullable), ("revokedAt", Schema.dateTime.nullable)])),
        ("Tokens", .object([("items", .array(.ref("Token")))])),
        ("PasswordInput", .object([("password", .text(maxLength: 72)), ("currentPassword", .text(maxLength: 200)), ("revokeTokens", .boolean)],
                                  required: ["password"])),
    ]
}
