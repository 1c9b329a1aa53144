import Foundation
import VendoCore
@testable import VendoDocuments

/// Hand-made documents whose amounts follow SALES-PROCESS.md §7, for the renderer's own tests
/// (the services' suite checks documents made from real records).
enum DocumentSamples {
    static let seller = SalesDocument.Party(
        name: "Vendo Démo SAS", legalForm: "SAS", shareCapital: "10 000 €", registrationNumber: "303265045", registry: "RCS Lyon",
        vatNumber: "FR40303265045", address: Address(line1: "12 rue de la République", city: "Lyon", postalCode: "69002", country: "France"),
        email: "factures@vendo.example", phone: "+33 4 72 00 00 00")

    static let buyer = SalesDocument.Party(
        name: "Ateliers Müller & Fils", registrationNumber: "732829320", vatNumber: "FR44732829320",
        address: Address(line1: "3 avenue Foch", line2: "Bâtiment B", city: "Paris", postalCode: "75016", country: "FR"))

    static func line(_ name: String, quantity: Decimal, price: Decimal, rate: Decimal, category: TaxCategory = .S, discount: Decimal = 0,
                     share: Decimal = 0, reason: String? = nil, code: String? = nil, description: String? = nil) -> SalesDocument.Line {
        let net = (quantity * price).rounded(scale: 2) - discount
        let tax = ((net - share) * rate / 100).rounded(scale: 2)
        return SalesDocument.Line(name: name, description: description, quantity: quantity, unitName: "hour", pricePerUnit: price,
                                  discount: discount, netAmount: net, documentDiscountShare: share, taxAmount: tax,
                                  tax: .init(rate: rate, category: category, exemptionReason: reason, exemptionCode: code))
    }

    /// Two rates, a line discount, a document discount split between the lines, freight.
    static func invoice(language: Language = .fr, lines count: Int = 2) -> SalesDocument {
        var lines = [
            line("Conseil — journée d'atelier", quantity: 3, price: 850, rate: 20, discount: 50, share: 40,
                 description: "Préparation, animation et compte rendu de l'atelier de cadrage du projet."),
            line("Livre « Vendre mieux »", quantity: 10, price: 25.5, rate: 5.5, share: 5),
        ]
        for index in 2..<max(count, 2) {
            lines.append(line("Ligne \(index + 1) — prestation complémentaire", quantity: 1, price: 100, rate: 20,
                              description: index % 3 == 0 ? String(repeating: "Texte long qui passe à la ligne. ", count: 6) : nil))
        }
        let detail = lines.reduce(0) { $0 + $1.netAmount }
        let discount: Decimal = 45
        let freightTax: Decimal = 3
        let tax = lines.reduce(0) { $0 + $1.taxAmount } + freightTax
        var document = SalesDocument(
            kind: .invoice, number: "INV-2026-00042", language: language, date: Day(year: 2026, month: 11, day: 30) ?? Day(Date()),
            currency: "EUR", precision: 2, accountingCurrency: "EUR", seller: seller, buyer: buyer, lines: lines,
            totals: .init(lines: detail, documentDiscount: discount, freight: 15, freightTax: freightTax, tax: tax,
                          total: detail - discount + 15 + tax))
        document.freightTax = .init(rate: 20, category: .S)
        document.dueDate = Day(year: 2026, month: 12, day: 30)
        document.deliveryDate = Day(year: 2026, month: 11, day: 28)
        document.paymentTerms = "30 jours"
        document.iban = "FR7630006000011234567890189"
        document.bic = "AGRIFRPP"
        document.accountHolder = "Vendo Démo SAS"
        document.latePaymentText = "Pénalités de retard : trois fois le taux d'intérêt légal. Indemnité forfaitaire pour frais de recouvrement : 40 €."
        document.purchaseOrderReference = "PO-7781"
        document.buyerReference = "SERV-ACHATS"
        document.supplyType = .both
        document.vatOnDebits = true
        return document
    }

    /// Reverse charge to a German company, with an exempt line's neighbour at 0 %.
    static func reverseCharge() -> SalesDocument {
        let line = line("Maintenance annuelle", quantity: 1, price: 1200, rate: 0, category: .AE, reason: "Autoliquidation",
                        code: "VATEX-EU-AE")
        var buyer = buyer
        buyer.name = "Müller GmbH"
        buyer.vatNumber = "DE123456789"
        buyer.registrationNumber = nil
        buyer.address = Address(line1: "Hauptstraße 5", city: "Berlin", postalCode: "10115", country: "Allemagne")
        var document = SalesDocument(
            kind: .invoice, number: "INV-2026-00043", language: .en, date: Day(year: 2026, month: 12, day: 1) ?? Day(Date()),
            currency: "EUR", precision: 2, accountingCurrency: "EUR", seller: seller, buyer: buyer, lines: [line],
            totals: .init(lines: 1200, documentDiscount: 0, freight: 0, freightTax: 0, tax: 0, total: 1200))
        document.dueDate = Day(year: 2026, month: 12, day: 31)
        return document
    }

    /// A credit note in yen (no decimals), crediting INV-2026-00042.
    static func creditNoteInYen() -> SalesDocument {
        let net: Decimal = 30000
        let line = SalesDocument.Line(name: "Licence", quantity: 2, unitName: "month", pricePerUnit: 15000, netAmount: net,
                                      taxAmount: 3000, tax: .init(rate: 10, category: .S))
        var document = SalesDocument(
            kind: .creditNote, number: "CN-2026-00007", language: .en, date: Day(year: 2026, month: 12, day: 2) ?? Day(Date()),
            currency: "JPY", precision: 0, accountingCurrency: "EUR", seller: seller, buyer: buyer, lines: [line],
            totals: .init(lines: net, documentDiscount: 0, freight: 0, freightTax: 0, tax: 3000, total: 33000, taxInAccountingCurrency: 18.52))
        document.credited = .init(number: "INV-2026-00042", date: Day(year: 2026, month: 11, day: 30))
        return document
    }
}
