import Foundation
import VendoCore

/// Everything a document shows, resolved by the services: names, addresses, amounts, tax
/// categories. Rendering it needs nothing else. Amounts are as printed: a credit note's are
/// positive (its title says they are owed to the customer), where the API shows them negative.
public struct SalesDocument: Sendable, Equatable {
    public enum Kind: String, Sendable { case quote, order, invoice, creditNote }

    /// A party as the document names it: an issued invoice's frozen copy, else as it is now.
    public typealias Party = InvoiceParty

    /// A tax a line or the freight is charged under. `rate` is nil for a tax typed by hand.
    public struct Tax: Sendable, Equatable, Hashable {
        public var rate: Decimal?
        public var category: TaxCategory?
        public var exemptionReason: String?
        public var exemptionCode: String?

        public init(rate: Decimal?, category: TaxCategory?, exemptionReason: String? = nil, exemptionCode: String? = nil) {
            self.rate = rate
            self.category = category
            self.exemptionReason = exemptionReason
            self.exemptionCode = exemptionCode
        }
    }

    public struct Line: Sendable, Equatable {
        public var name: String
        public var productNumber: String?
        public var description: String?
        public var quantity: Decimal
        public var unitName: String?
        /// The catalog (or typed) price of one unit.
        public var pricePerUnit: Decimal
        /// The volume discount taken off each unit.
        public var volumeDiscountPerUnit: Decimal
        /// The manual discount of the whole line.
        public var discount: Decimal
        /// Quantity × (price − volume discount) − discount.
        public var netAmount: Decimal
        /// The line's share of the document discount, which lowers its taxable base.
        public var documentDiscountShare: Decimal
        public var taxAmount: Decimal
        public var tax: Tax

        public init(name: String, productNumber: String? = nil, description: String? = nil, quantity: Decimal, unitName: String? = nil,
                    pricePerUnit: Decimal, volumeDiscountPerUnit: Decimal = 0, discount: Decimal = 0, netAmount: Decimal,
                    documentDiscountShare: Decimal = 0, taxAmount: Decimal, tax: Tax) {
            self.name = name
            self.productNumber = productNumber
            self.description = description
            self.quantity = quantity
            self.unitName = unitName
            self.pricePerUnit = pricePerUnit
            self.volumeDiscountPerUnit = volumeDiscountPerUnit
            self.discount = discount
            self.netAmount = netAmount
            self.documentDiscountShare = documentDiscountShare
            self.taxAmount = taxAmount
            self.tax = tax
        }
    }

    public struct CreditedInvoice: Sendable, Equatable {
        public var number: String
        public var date: Day?

        public init(number: String, date: Day?) {
            self.number = number
            self.date = date
        }
    }

    public struct Totals: Sendable, Equatable {
        public var lines: Decimal
        public var documentDiscount: Decimal
        public var freight: Decimal
        public var freightTax: Decimal
        public var tax: Decimal
        public var total: Decimal
        public var paid: Decimal
        /// The tax in the organisation's accounting currency, when the document is in another.
        public var taxInAccountingCurrency: Decimal?

        public init(lines: Decimal, documentDiscount: Decimal, freight: Decimal, freightTax: Decimal, tax: Decimal, total: Decimal,
                    paid: Decimal = 0, taxInAccountingCurrency: Decimal? = nil) {
            self.lines = lines
            self.documentDiscount = documentDiscount
            self.freight = freight
            self.freightTax = freightTax
            self.tax = tax
            self.total = total
            self.paid = paid
            self.taxInAccountingCurrency = taxInAccountingCurrency
        }

        public var due: Decimal { total - paid }
    }

    public var kind: Kind
    /// The organisation's word for a quote or an order (its terminology), printed as the heading
    /// instead of Vendo's. Invoices and credit notes keep the names the law gives them.
    public var kindName: String?
    /// Nil on drafts, which print "DRAFT" instead.
    public var number: String?
    public var revision: Int?
    public var language: Language
    /// The document's own day: the issue day of an invoice, the day a quote or order was made.
    public var date: Day
    public var dueDate: Day?
    public var validUntil: Day?
    public var deliveryDate: Day?
    public var servicePeriod: ServicePeriod?
    public var currency: String
    public var precision: Int
    public var accountingCurrency: String
    public var seller: Party
    public var buyer: Party
    public var deliveryAddress: Address?
    public var lines: [Line]
    public var freightTax: Tax?
    public var totals: Totals
    public var title: String?
    public var description: String?
    public var paymentTerms: String?
    public var iban: String?
    public var bic: String?
    public var accountHolder: String?
    public var latePaymentText: String?
    public var vatOnDebits: Bool
    public var legalMentions: String?
    public var purchaseOrderReference: String?
    public var buyerReference: String?
    public var supplyType: SupplyType?
    /// The invoice a credit note credits.
    public var credited: CreditedInvoice?
    /// The quote an order came from, or the order an invoice bills.
    public var reference: String?
    /// The organisation's logo: a data URI of a PNG or JPEG, as the settings keep it.
    public var logo: String?

    /// Vendo's name for a kind of document, as its PDF heads it ("Order confirmation", "Avoir").
    public static func kindName(_ kind: Kind, _ language: Language) -> String {
        switch kind {
        case .quote: Wording.text(.quote, language)
        case .order: Wording.text(.order, language)
        case .invoice: Wording.text(.invoice, language)
        case .creditNote: Wording.text(.creditNote, language)
        }
    }

    public init(kind: Kind, number: String?, language: Language, date: Day, currency: String, precision: Int,
                accountingCurrency: String, seller: Party, buyer: Party, lines: [Line], totals: Totals) {
        self.kind = kind
        self.number = number
        self.language = language
        self.date = date
        self.currency = currency
        self.precision = precision
        self.accountingCurrency = accountingCurrency
        self.seller = seller
        self.buyer = buyer
        self.lines = lines
        self.totals = totals
        vatOnDebits = false
    }

    public var isDraft: Bool { number == nil }
}
