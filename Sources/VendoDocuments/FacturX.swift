import Foundation
import VendoCore

/// The EN 16931 invoice in UN/CEFACT Cross Industry Invoice syntax, as Factur-X's EN 16931
/// profile (guideline `urn:cen.eu:en16931:2017`) carries it in `factur-x.xml`. Element order
/// follows the Factur-X XSD; the business rules (BR-…) are those of the EN 16931 Schematron.
public enum FacturX {
    public static let guideline = "urn:cen.eu:en16931:2017"
    public static let fileName = "factur-x.xml"

    /// One VAT breakdown (BG-23): a category and rate, its taxable amount and tax.
    public struct Breakdown: Sendable, Equatable {
        public var tax: SalesDocument.Tax
        public var base: Decimal
        public var amount: Decimal
        /// The document discount's share of this breakdown's base (a document level allowance).
        public var allowance: Decimal
        /// The freight charged at this breakdown's rate (a document level charge).
        public var charge: Decimal
    }

    /// The VAT breakdowns of `document`, in the order of their first line (the freight's last).
    public static func breakdowns(_ document: SalesDocument) -> [Breakdown] {
        var result: [Breakdown] = []
        func add(_ tax: SalesDocument.Tax, base: Decimal, amount: Decimal, allowance: Decimal, charge: Decimal) {
            if let index = result.firstIndex(where: { $0.tax == tax }) {
                result[index].base += base
                result[index].amount += amount
                result[index].allowance += allowance
                result[index].charge += charge
            } else {
                result.append(Breakdown(tax: tax, base: base, amount: amount, allowance: allowance, charge: charge))
            }
        }
        for line in document.lines {
            add(line.tax, base: line.netAmount - line.documentDiscountShare, amount: line.taxAmount,
                allowance: line.documentDiscountShare, charge: 0)
        }
        if document.totals.freight != 0, let freight = document.freightTax {
            add(freight, base: document.totals.freight, amount: document.totals.freightTax, allowance: 0, charge: document.totals.freight)
        }
        return result
    }

    /// The XML of an invoice or credit note.
    public static func xml(_ document: SalesDocument) -> String {
        var xml = XMLWriter()
        let amount = { (value: Decimal) in plain(value, scale: document.precision) }
        let notSubject = document.lines.contains { $0.tax.category == .O } || document.freightTax?.category == .O
        xml.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        xml.open("rsm:CrossIndustryInvoice", attributes: [
            ("xmlns:rsm", "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"),
            ("xmlns:ram", "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"),
            ("xmlns:qdt", "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"),
            ("xmlns:udt", "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"),
        ])
        xml.open("rsm:ExchangedDocumentContext")
        xml.open("ram:GuidelineSpecifiedDocumentContextParameter")
        xml.element("ram:ID", guideline)
        xml.close()
        xml.close()

        xml.open("rsm:ExchangedDocument")
        xml.element("ram:ID", document.number ?? "DRAFT")
        xml.element("ram:TypeCode", document.kind == .creditNote ? "381" : "380")
        xml.date("ram:IssueDateTime", document.date)
        for (subject, text) in notes(document) {
            xml.open("ram:IncludedNote")
            xml.element("ram:Content", text)
            if let subject { xml.element("ram:SubjectCode", subject) }
            xml.close()
        }
        xml.close()

        xml.open("rsm:SupplyChainTradeTransaction")
        for (index, line) in document.lines.enumerated() {
            xml.open("ram:IncludedSupplyChainTradeLineItem")
            xml.open("ram:AssociatedDocumentLineDocument")
            xml.element("ram:LineID", String(index + 1))
            xml.close()
            xml.open("ram:SpecifiedTradeProduct")
            xml.optional("ram:SellerAssignedID", line.productNumber)
            xml.element("ram:Name", line.name)
            xml.optional("ram:Description", line.description)
            xml.close()
            xml.open("ram:SpecifiedLineTradeAgreement")
            if line.volumeDiscountPerUnit != 0 {
                xml.open("ram:GrossPriceProductTradePrice")
                xml.element("ram:ChargeAmount", plain(line.pricePerUnit))
                xml.open("ram:AppliedTradeAllowanceCharge")
                xml.open("ram:ChargeIndicator")
                xml.element("udt:Indicator", "false")
                xml.close()
                xml.element("ram:ActualAmount", plain(line.volumeDiscountPerUnit))
                xml.close()
                xml.close()
            }
            xml.open("ram:NetPriceProductTradePrice")
            xml.element("ram:ChargeAmount", plain(line.pricePerUnit - line.volumeDiscountPerUnit))
            xml.close()
            xml.close()
            xml.open("ram:SpecifiedLineTradeDelivery")
            xml.element("ram:BilledQuantity", plain(line.quantity), attributes: [("unitCode", UnitCode.code(for: line.unitName))])
            xml.close()
            xml.open("ram:SpecifiedLineTradeSettlement")
            xml.open("ram:ApplicableTradeTax")
            xml.element("ram:TypeCode", "VAT")
            xml.element("ram:CategoryCode", (line.tax.category ?? .S).rawValue)
            if line.tax.category != .O { xml.element("ram:RateApplicablePercent", plain(line.tax.rate ?? 0)) }
            xml.close()
            if line.discount != 0 {
                allowanceCharge(&xml, charge: false, amount: amount(line.discount), reasonCode: "95",
                                reason: Wording.text(.discount, document.language), tax: nil)
            }
            xml.open("ram:SpecifiedTradeSettlementLineMonetarySummation")
            xml.element("ram:LineTotalAmount", amount(line.netAmount))
            xml.close()
            xml.close()
            xml.close()
        }

        xml.open("ram:ApplicableHeaderTradeAgreement")
        xml.optional("ram:BuyerReference", document.buyerReference)
        party(&xml, "ram:SellerTradeParty", document.seller, withVAT: !notSubject)
        party(&xml, "ram:BuyerTradeParty", document.buyer, withVAT: !notSubject)
        if let order = document.purchaseOrderReference {
            xml.open("ram:BuyerOrderReferencedDocument")
            xml.element("ram:IssuerAssignedID", order)
            xml.close()
        }
        xml.close()

        xml.open("ram:ApplicableHeaderTradeDelivery")
        let intraCommunity = document.lines.contains { $0.tax.category == .K } || document.freightTax?.category == .K
        if let address = document.deliveryAddress ?? (intraCommunity ? document.buyer.address : nil) {
            xml.open("ram:ShipToTradeParty")
            xml.element("ram:Name", document.buyer.name)
            postalAddress(&xml, address)
            xml.close()
        }
        if let delivered = document.deliveryDate {
            xml.open("ram:ActualDeliverySupplyChainEvent")
            xml.date("ram:OccurrenceDateTime", delivered)
            xml.close()
        }
        xml.close()

        xml.open("ram:ApplicableHeaderTradeSettlement")
        if document.accountingCurrency != document.currency { xml.element("ram:TaxCurrencyCode", document.accountingCurrency) }
        xml.element("ram:InvoiceCurrencyCode", document.currency)
        if let iban = document.iban {
            xml.open("ram:SpecifiedTradeSettlementPaymentMeans")
            xml.element("ram:TypeCode", document.currency == "EUR" ? "58" : "30")
            xml.open("ram:PayeePartyCreditorFinancialAccount")
            xml.element("ram:IBANID", iban)
            xml.optional("ram:AccountName", document.accountHolder)
            xml.close()
            if let bic = document.bic {
                xml.open("ram:PayeeSpecifiedCreditorFinancialInstitution")
                xml.element("ram:BICID", bic)
                xml.close()
            }
            xml.close()
        }
        let breakdowns = breakdowns(document)
        for breakdown in breakdowns {
            xml.open("ram:ApplicableTradeTax")
            xml.element("ram:CalculatedAmount", amount(breakdown.amount))
            xml.element("ram:TypeCode", "VAT")
            let category = breakdown.tax.category ?? .S
            if category.needsExemptionReason {
                xml.optional("ram:ExemptionReason", breakdown.tax.exemptionReason ?? Wording.category(category, document.language))
            }
            xml.element("ram:BasisAmount", amount(breakdown.base))
            xml.element("ram:CategoryCode", category.rawValue)
            if category.needsExemptionReason { xml.optional("ram:ExemptionReasonCode", breakdown.tax.exemptionCode) }
            if document.vatOnDebits && !category.needsExemptionReason { xml.element("ram:DueDateTypeCode", "5") }
            if category != .O { xml.element("ram:RateApplicablePercent", plain(breakdown.tax.rate ?? 0)) }
            xml.close()
        }
        if let period = document.servicePeriod {
            xml.open("ram:BillingSpecifiedPeriod")
            xml.date("ram:StartDateTime", period.from)
            xml.date("ram:EndDateTime", period.to)
            xml.close()
        }
        for breakdown in breakdowns where breakdown.allowance != 0 {
            allowanceCharge(&xml, charge: false, amount: amount(breakdown.allowance), reasonCode: "95",
                            reason: Wording.text(.documentDiscount, document.language), tax: breakdown.tax)
        }
        for breakdown in breakdowns where breakdown.charge != 0 {
            allowanceCharge(&xml, charge: true, amount: amount(breakdown.charge), reasonCode: "FC",
                            reason: Wording.text(.freight, document.language), tax: breakdown.tax)
        }
        if document.paymentTerms != nil || document.dueDate != nil {
            xml.open("ram:SpecifiedTradePaymentTerms")
            xml.optional("ram:Description", document.paymentTerms)
            if let due = document.dueDate { xml.date("ram:DueDateDateTime", due) }
            xml.close()
        }
        let totals = document.totals
        xml.open("ram:SpecifiedTradeSettlementHeaderMonetarySummation")
        xml.element("ram:LineTotalAmount", amount(totals.lines))
        xml.element("ram:ChargeTotalAmount", amount(totals.freight))
        xml.element("ram:AllowanceTotalAmount", amount(totals.documentDiscount))
        xml.element("ram:TaxBasisTotalAmount", amount(totals.lines - totals.documentDiscount + totals.freight))
        xml.element("ram:TaxTotalAmount", amount(totals.tax), attributes: [("currencyID", document.currency)])
        if document.accountingCurrency != document.currency, let accounting = totals.taxInAccountingCurrency {
            xml.element("ram:TaxTotalAmount", plain(accounting, scale: 2), attributes: [("currencyID", document.accountingCurrency)])
        }
        xml.element("ram:GrandTotalAmount", amount(totals.total))
        xml.element("ram:TotalPrepaidAmount", amount(totals.paid))
        xml.element("ram:DuePayableAmount", amount(totals.due))
        xml.close()
        if let credited = document.credited {
            xml.open("ram:InvoiceReferencedDocument")
            xml.element("ram:IssuerAssignedID", credited.number)
            if let day = credited.date {
                xml.open("ram:FormattedIssueDateTime")
                xml.element("qdt:DateTimeString", compact(day), attributes: [("format", "102")])
                xml.close()
            }
            xml.close()
        }
        xml.close()
        xml.close()
        xml.close()
        return xml.text
    }

    /// The notes of the document: its description, the seller's legal identity, late-payment
    /// terms and the mentions French invoices carry.
    static func notes(_ document: SalesDocument) -> [(String?, String)] {
        var notes: [(String?, String)] = []
        if let description = document.description, !description.isEmpty { notes.append(("AAI", description)) }
        if let identity = Wording.legalIdentity(document.seller, document.language, currency: document.accountingCurrency) {
            notes.append(("REG", identity))
        }
        if let supply = document.supplyType { notes.append(("AAI", Wording.supplyType(supply, document.language))) }
        if document.vatOnDebits { notes.append(("AAI", Wording.text(.vatOnDebits, document.language))) }
        if let late = document.latePaymentText, !late.isEmpty { notes.append(("PMD", late)) }
        if let mentions = document.legalMentions, !mentions.isEmpty { notes.append(("AAI", mentions)) }
        return notes
    }

    private static func party(_ xml: inout XMLWriter, _ tag: String, _ party: SalesDocument.Party, withVAT: Bool) {
        xml.open(tag)
        xml.element("ram:Name", party.name)
        if let number = party.registrationNumber {
            xml.open("ram:SpecifiedLegalOrganization")
            let digits = number.filter(\.isNumber)
            let scheme = digits.count == number.count ? (digits.count == 9 ? "0002" : digits.count == 14 ? "0009" : nil) : nil
            xml.element("ram:ID", number, attributes: scheme.map { [("schemeID", $0)] } ?? [])
            xml.close()
        }
        if let address = party.address { postalAddress(&xml, address) }
        if let email = party.email {
            xml.open("ram:URIUniversalCommunication")
            xml.element("ram:URIID", email, attributes: [("schemeID", "EM")])
            xml.close()
        }
        if withVAT, let vat = party.vatNumber {
            xml.open("ram:SpecifiedTaxRegistration")
            xml.element("ram:ID", vat, attributes: [("schemeID", "VA")])
            xml.close()
        }
        xml.close()
    }

    private static func postalAddress(_ xml: inout XMLWriter, _ address: Address) {
        xml.open("ram:PostalTradeAddress")
        xml.optional("ram:PostcodeCode", address.postalCode)
        xml.optional("ram:LineOne", address.line1)
        xml.optional("ram:LineTwo", address.line2)
        xml.optional("ram:CityName", address.city)
        xml.element("ram:CountryID", address.countryCode ?? "")
        xml.optional("ram:CountrySubDivisionName", address.region)
        xml.close()
    }

    private static func allowanceCharge(_ xml: inout XMLWriter, charge: Bool, amount: String, reasonCode: String, reason: String,
                                        tax: SalesDocument.Tax?) {
        xml.open("ram:SpecifiedTradeAllowanceCharge")
        xml.open("ram:ChargeIndicator")
        xml.element("udt:Indicator", charge ? "true" : "false")
        xml.close()
        xml.element("ram:ActualAmount", amount)
        xml.element("ram:ReasonCode", reasonCode)
        xml.element("ram:Reason", reason)
        if let tax {
            xml.open("ram:CategoryTradeTax")
            xml.element("ram:TypeCode", "VAT")
            xml.element("ram:CategoryCode", (tax.category ?? .S).rawValue)
            if tax.category != .O { xml.element("ram:RateApplicablePercent", plain(tax.rate ?? 0)) }
            xml.close()
        }
        xml.close()
    }

    /// A decimal as XML writes it: no exponent, a point, at least `scale` decimals.
    static func plain(_ value: Decimal, scale: Int? = nil) -> String {
        var text = NSDecimalNumber(decimal: value).description(withLocale: Locale(identifier: "en_US_POSIX"))
        guard let scale else { return text }
        let decimals = text.split(separator: ".", maxSplits: 1).dropFirst().first?.count ?? 0
        if decimals < scale { text += (decimals == 0 ? "." : "") + String(repeating: "0", count: scale - decimals) }
        return text
    }

    static func compact(_ day: Day) -> String { String(format: "%04d%02d%02d", day.year, day.month, day.day) }
}

/// UN/ECE Recommendation 20 codes for the units people name in the catalog; "C62" (one) for
/// anything else, which every receiver accepts.
enum UnitCode {
    private static let codes: [String: String] = [
        "hour": "HUR", "hours": "HUR", "heure": "HUR", "heures": "HUR", "h": "HUR", "hr": "HUR",
        "day": "DAY", "days": "DAY", "jour": "DAY", "jours": "DAY", "j": "DAY",
        "week": "WEE", "weeks": "WEE", "semaine": "WEE", "semaines": "WEE",
        "month": "MON", "months": "MON", "mois": "MON",
        "year": "ANN", "years": "ANN", "an": "ANN", "ans": "ANN", "année": "ANN", "années": "ANN",
        "minute": "MIN", "minutes": "MIN", "min": "MIN",
        "piece": "H87", "pieces": "H87", "pièce": "H87", "pièces": "H87", "pc": "H87", "pcs": "H87",
        "kg": "KGM", "kilogram": "KGM", "kilogramme": "KGM", "g": "GRM", "gram": "GRM", "gramme": "GRM",
        "t": "TNE", "tonne": "TNE", "m": "MTR", "metre": "MTR", "meter": "MTR", "mètre": "MTR",
        "km": "KMT", "m2": "MTK", "m²": "MTK", "m3": "MTQ", "m³": "MTQ",
        "l": "LTR", "litre": "LTR", "liter": "LTR", "kwh": "KWH",
    ]

    static func code(for name: String?) -> String {
        guard let name = name?.trimmingWhitespace().lowercased() else { return "C62" }
        return codes[name] ?? "C62"
    }
}

/// A small XML writer: escaped text, one element per line, two spaces per level.
struct XMLWriter {
    private(set) var text = ""
    private var stack: [String] = []

    mutating func raw(_ string: String) { text += string }

    mutating func open(_ name: String, attributes: [(String, String)] = []) {
        text += indent + "<" + name + Self.attributes(attributes) + ">\n"
        stack.append(name)
    }

    mutating func close() {
        guard let name = stack.popLast() else { return }
        text += indent + "</" + name + ">\n"
    }

    mutating func element(_ name: String, _ value: String, attributes: [(String, String)] = []) {
        text += indent + "<" + name + Self.attributes(attributes) + ">" + Self.escape(value) + "</" + name + ">\n"
    }

    mutating func optional(_ name: String, _ value: String?) {
        if let value, !value.isEmpty { element(name, value) }
    }

    mutating func date(_ name: String, _ day: Day) {
        open(name)
        element("udt:DateTimeString", FacturX.compact(day), attributes: [("format", "102")])
        close()
    }

    private var indent: String { String(repeating: "  ", count: stack.count) }

    private static func attributes(_ list: [(String, String)]) -> String {
        list.map { " \($0.0)=\"\(escape($0.1))\"" }.joined()
    }

    static func escape(_ value: String) -> String {
        var result = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "\n", "\t": result.unicodeScalars.append(scalar)
            case "\r": result += "&#13;"
            default:
                // XML 1.0 allows no other control characters; they are dropped rather than escaped.
                if scalar.value >= 0x20 && scalar.value != 0xFFFE && scalar.value != 0xFFFF { result.unicodeScalars.append(scalar) }
            }
        }
        return result
    }
}
