import Foundation

/// EN 16931's VAT category (UNCL 5305): what a rate means to the tax authorities, which
/// decides the wording on the document and what its e-invoice must carry.
public enum TaxCategory: String, Codable, Sendable, CaseIterable {
    /// Standard rate (any rate above zero).
    case S
    /// Zero rated goods.
    case Z
    /// Exempt from tax (with the article of law that exempts it).
    case E
    /// Reverse charge: the buyer accounts for the VAT.
    case AE
    /// Intra-community supply of goods or services, exempt.
    case K
    /// Export outside the EU, exempt.
    case G
    /// Outside the scope of VAT.
    case O

    /// Every category but S and Z names why no tax is charged.
    public var needsExemptionReason: Bool { ![.S, .Z].contains(self) }

    /// The VATEX code a category always has, where there is only one.
    public var impliedExemptionCode: String? {
        switch self {
        case .AE: return "VATEX-EU-AE"
        case .K: return "VATEX-EU-IC"
        case .G: return "VATEX-EU-G"
        case .O: return "VATEX-EU-O"
        case .S, .Z, .E: return nil
        }
    }
}

/// A named tax rate, such as "VAT standard 20 %", offered when pricing lines and products.
public struct TaxRateFields: Codable, Sendable, Equatable {
    public var name: String
    /// A percentage: 20 means 20 %.
    public var rate: Decimal
    public var active: Bool
    /// Nil for rates saved before categories existed: S above zero, Z at zero.
    public var category: TaxCategory?
    /// Why no tax is charged, as printed ("Exonération de TVA, article 261 C du CGI").
    public var exemptionReason: String?
    /// The same as a VATEX code (CEF's list: VATEX-EU-132-1A, VATEX-FR-FRANCHISE…).
    public var exemptionCode: String?

    public init(name: String, rate: Decimal, active: Bool = true, category: TaxCategory? = nil) {
        self.name = name
        self.rate = rate
        self.active = active
        self.category = category
    }

    /// The category, with the default of rates saved before categories existed.
    public var effectiveCategory: TaxCategory { category ?? (rate > 0 ? .S : .Z) }

    /// The VATEX code as given, or the one the category implies.
    public var effectiveExemptionCode: String? { exemptionCode ?? effectiveCategory.impliedExemptionCode }

    public func validate() throws(DomainError) {
        var check = Validator()
        check.require(name, "name", maxLength: 100)
        check.percentage(rate, "rate")
        let category = effectiveCategory
        if category == .S && rate <= 0 {
            check.add("rate", "out_of_range", "a standard-rate (S) tax is above zero; use Z, E, AE, K, G or O for none")
        }
        if category != .S && rate != 0 {
            check.add("rate", "out_of_range", "only standard-rate (S) taxes charge tax; category \(category.rawValue) is at 0 %")
        }
        check.text(exemptionReason, "exemptionReason", maxLength: 500)
        if let code = exemptionCode, !code.isEmpty {
            let parts = code.split(separator: "-", maxSplits: 2)
            let shaped = parts.count == 3 && parts[0] == "VATEX" && parts[1].count == 2 && parts[1].allSatisfy { $0.isASCII && $0.isUppercase }
                && parts[2].allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "-") }
            if !shaped { check.add("exemptionCode", "invalid_exemption_code", "a VATEX code, such as VATEX-EU-132-1A or VATEX-FR-FRANCHISE") }
            if category == .S || category == .Z {
                check.add("exemptionCode", "not_exempt", "a \(category.rawValue) tax has no exemption code")
            }
        }
        if category.needsExemptionReason && (exemptionReason ?? "").trimmingWhitespace().isEmpty
            && (effectiveExemptionCode ?? "").isEmpty {
            check.add("exemptionReason", "required", "an exempt (E) tax names the article that exempts it, as a reason or a VATEX code")
        }
        try check.check()
    }
}

public struct TaxRate: Record {
    public static let recordType = "taxRate"
    public static let accessKind = RecordKind.catalog
    public var id: ID<TaxRate>
    public var info: RecordInfo
    public var fields: TaxRateFields

    public init(id: ID<TaxRate>, info: RecordInfo, fields: TaxRateFields) throws(DomainError) {
        try fields.validate()
        self.id = id
        self.info = info
        self.fields = fields
    }

    public mutating func update(_ newFields: TaxRateFields) throws(DomainError) {
        try newFields.validate()
        fields = newFields
    }
}
