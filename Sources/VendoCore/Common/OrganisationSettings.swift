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
    public var version: Int

    /// The largest logo, as a `data:` URL.
    public static let logoLimit = 400_000
    public static let logoTypes = ["image/png", "image/jpeg", "image/gif", "image/webp"]

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
}
