import Foundation

/// How a line's (or the freight's) tax is treated: its EN 16931 category and, for every
/// category but S and Z, why no tax is charged. Frozen into an invoice at issue.
public struct TaxTreatment: Codable, Sendable, Equatable, Hashable {
    public var category: TaxCategory
    public var exemptionReason: String?
    public var exemptionCode: String?

    public init(category: TaxCategory, exemptionReason: String? = nil, exemptionCode: String? = nil) {
        self.category = category
        self.exemptionReason = exemptionReason
        self.exemptionCode = exemptionCode
    }

    public enum Problem: Error, Equatable {
        /// Several of the organisation's rates have this percentage under different categories.
        case ambiguous([TaxCategory])
        /// The category asked for cannot go with the rate (S at 0 %, anything else above 0 %).
        case mismatch
    }

    /// The treatment of a tax at `rate` %: the `requested` category, else the category of the
    /// organisation's active rates at that percentage when they agree, else S above zero and Z
    /// at zero. The reason and VATEX code come from the organisation's rate of that category and
    /// percentage, else from the category itself.
    public static func resolve(rate: Decimal, requested: TaxCategory?, rates: [TaxRateFields]) -> Result<TaxTreatment, Problem> {
        let matching = rates.filter { $0.active && $0.rate == rate }
        let categories = matching.map(\.effectiveCategory).reduce(into: [TaxCategory]()) { if !$0.contains($1) { $0.append($1) } }
        let category: TaxCategory
        if let requested {
            category = requested
        } else if categories.count > 1 {
            return .failure(.ambiguous(categories))
        } else {
            category = categories.first ?? (rate > 0 ? .S : .Z)
        }
        if (category == .S) != (rate > 0) { return .failure(.mismatch) }
        guard category.needsExemptionReason else { return .success(TaxTreatment(category: category)) }
        let named = matching.first { $0.effectiveCategory == category }
        return .success(TaxTreatment(category: category, exemptionReason: named?.exemptionReason,
                                     exemptionCode: named?.effectiveExemptionCode ?? category.impliedExemptionCode))
    }
}

/// What SALES-PROCESS.md §11 asks of an invoice before it is issued, as field errors: the
/// seller's and buyer's identities and addresses, due date or terms, and the EN 16931
/// category rules (reasons for exemptions, both VAT numbers for AE and K, K's delivery date
/// and country, O alone on its invoice, a rate on every line).
public struct InvoiceCompleteness {
    public var seller: InvoiceParty
    public var buyer: InvoiceParty
    /// Whether the buyer is a company (an account) rather than a person.
    public var buyerIsCompany: Bool
    public var deliveryAddress: Address?
    public var latePaymentText: String?

    public init(seller: InvoiceParty, buyer: InvoiceParty, buyerIsCompany: Bool, deliveryAddress: Address?, latePaymentText: String?) {
        self.seller = seller
        self.buyer = buyer
        self.buyerIsCompany = buyerIsCompany
        self.deliveryAddress = deliveryAddress
        self.latePaymentText = latePaymentText
    }

    public func problems(of invoice: Invoice, lineTreatments: [TaxTreatment?], freight: TaxTreatment?) -> [FieldError] {
        var check = Validator()
        func need(_ present: Bool, _ field: String, _ message: String) {
            if !present { check.add(field, "required_for_issue", message) }
        }
        func complete(_ address: Address?) -> Bool {
            guard let address else { return false }
            return !(address.line1 ?? "").isEmpty && !(address.city ?? "").isEmpty && address.countryCode != nil
        }
        let sellerInFrance = seller.address?.countryCode == "FR"
        need(!seller.name.isEmpty, "seller.name", "the organisation's legal name is missing (settings)")
        need(complete(seller.address), "seller.address",
             "the organisation's address needs a street, a city and a country an invoice can name (settings)")
        if sellerInFrance {
            need(seller.registrationNumber != nil, "seller.registrationNumber", "a French seller prints its SIREN or SIRET (settings)")
            need(!(latePaymentText ?? "").isEmpty, "latePaymentText",
                 "French invoices state the late-payment penalties and the 40 € recovery indemnity (settings)")
        }
        need(complete(buyer.address), "buyer.address",
             "the customer's billing address needs a street, a city and a country an invoice can name")
        if buyerIsCompany && sellerInFrance && buyer.address?.countryCode == "FR" {
            need(buyer.registrationNumber != nil, "buyer.registrationNumber", "a French business customer's SIREN is on the invoice from September 2026")
        }
        need(invoice.fields.dueDate != nil || invoice.fields.paymentTerms != nil, "dueDate",
             "give a due date or payment terms, or set the organisation's default terms")

        var categories: [TaxCategory] = []
        for (index, line) in invoice.pricing.lines.enumerated() {
            if line.taxRate == nil {
                check.add("lines[\(index)].tax", "rate_required_for_issue",
                          "an invoice line needs a tax rate, not a typed tax amount: e-invoices give the rate of every line")
            }
            if let treatment = lineTreatments.indices.contains(index) ? lineTreatments[index] : nil {
                categories.append(treatment.category)
                if treatment.category == .E, treatment.exemptionReason == nil, treatment.exemptionCode == nil {
                    check.add("lines[\(index)].taxCategory", "reason_required",
                              "an exempt (E) line needs the reason of its exemption: define it on the organisation's tax rate")
                }
            }
        }
        if invoice.pricing.fields.freightAmount != 0, let freight { categories.append(freight.category) }
        let used = Set(categories)
        if !used.isDisjoint(with: [.S, .Z, .E, .AE, .K, .G]) {
            need(seller.vatNumber != nil, "seller.vatNumber", "the organisation's VAT number is missing (settings)")
        }
        if !used.isDisjoint(with: [.AE, .K]) {
            need(buyer.vatNumber != nil, "buyer.vatNumber", "reverse charge and intra-community supplies name the customer's VAT number")
        }
        if used.contains(.K) {
            let country = (deliveryAddress ?? buyer.address)?.countryCode
            need(country != nil, "deliveryAddress", "an intra-community supply names the country the goods go to")
        }
        if used.contains(.O) && used.count > 1 {
            check.add("lines", "not_subject_alone",
                      "a charge not subject to VAT (O) goes on an invoice of its own: its invoice names no VAT number")
        }
        return check.errors
    }
}
