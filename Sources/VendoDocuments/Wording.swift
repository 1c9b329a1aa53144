import Foundation
import VendoCore

/// The words of the documents, in English and French. Pages have their own tables; a
/// document's words are few and must not change with a page's wording.
enum Wording {
    enum Key: CaseIterable {
        case quote, order, invoice, creditNote, draft, revision, page
        case date, issueDate, dueDate, validUntil, deliveryDate, servicePeriod, purchaseOrder, buyerReference, reference, credits
        case seller, buyer, billTo, deliverTo, vatNumber, registration, email, phone
        case item, quantity, unit, unitPrice, discount, taxRate, amount
        case subtotal, documentDiscount, freight, taxableAmount, tax, total, paid, amountDue, accountingTax
        case taxBreakdown, category, base
        case paymentTerms, bankTransfer, iban, bic, accountHolder
        case vatOnDebits, supplyGoods, supplyServices, supplyBoth, supplyType, capital
    }

    private static let english: [Key: String] = [
        .quote: "Quote", .order: "Order confirmation", .invoice: "Invoice", .creditNote: "Credit note", .draft: "DRAFT",
        .revision: "revision", .page: "Page", .date: "Date", .issueDate: "Issue date", .dueDate: "Due date",
        .validUntil: "Valid until", .deliveryDate: "Delivery date", .servicePeriod: "Service period",
        .purchaseOrder: "Your order", .buyerReference: "Your reference", .reference: "Reference", .credits: "Credits invoice",
        .seller: "From", .buyer: "Customer", .billTo: "Bill to", .deliverTo: "Deliver to", .vatNumber: "VAT number",
        .registration: "Registration", .email: "E-mail", .phone: "Phone",
        .item: "Description", .quantity: "Qty", .unit: "Unit", .unitPrice: "Unit price", .discount: "Discount",
        .taxRate: "Tax", .amount: "Amount excl. tax",
        .subtotal: "Lines total", .documentDiscount: "Document discount", .freight: "Freight", .taxableAmount: "Total excl. tax",
        .tax: "Tax", .total: "Total incl. tax", .paid: "Paid", .amountDue: "Amount due", .accountingTax: "Tax in",
        .taxBreakdown: "Tax", .category: "Category", .base: "Taxable amount",
        .paymentTerms: "Payment terms", .bankTransfer: "Pay by bank transfer", .iban: "IBAN", .bic: "BIC", .accountHolder: "Account holder",
        .vatOnDebits: "Option for paying VAT on debits", .supplyGoods: "Supply of goods", .supplyServices: "Supply of services",
        .supplyBoth: "Supply of goods and services", .supplyType: "Operation", .capital: "share capital",
    ]

    private static let french: [Key: String] = [
        .quote: "Devis", .order: "Confirmation de commande", .invoice: "Facture", .creditNote: "Avoir", .draft: "BROUILLON",
        .revision: "révision", .page: "Page", .date: "Date", .issueDate: "Date d'émission", .dueDate: "Date d'échéance",
        .validUntil: "Valable jusqu'au", .deliveryDate: "Date de livraison", .servicePeriod: "Période de prestation",
        .purchaseOrder: "Votre commande", .buyerReference: "Votre référence", .reference: "Référence", .credits: "Avoir sur la facture",
        .seller: "Émetteur", .buyer: "Client", .billTo: "Adresse de facturation", .deliverTo: "Adresse de livraison",
        .vatNumber: "N° TVA", .registration: "SIREN", .email: "E-mail", .phone: "Téléphone",
        .item: "Désignation", .quantity: "Qté", .unit: "Unité", .unitPrice: "Prix unitaire", .discount: "Remise",
        .taxRate: "TVA", .amount: "Montant HT",
        .subtotal: "Total des lignes HT", .documentDiscount: "Remise globale", .freight: "Frais de port", .taxableAmount: "Total HT",
        .tax: "TVA", .total: "Total TTC", .paid: "Déjà réglé", .amountDue: "Net à payer", .accountingTax: "TVA en",
        .taxBreakdown: "TVA", .category: "Catégorie", .base: "Base HT",
        .paymentTerms: "Conditions de paiement", .bankTransfer: "Règlement par virement", .iban: "IBAN", .bic: "BIC",
        .accountHolder: "Titulaire du compte",
        .vatOnDebits: "Option pour le paiement de la taxe d'après les débits", .supplyGoods: "Livraison de biens",
        .supplyServices: "Prestation de services", .supplyBoth: "Livraison de biens et prestation de services",
        .supplyType: "Nature de l'opération", .capital: "au capital de",
    ]

    static func text(_ key: Key, _ language: Language) -> String {
        (language == .fr ? french : english)[key] ?? ""
    }

    /// The wording a category prints beside its tax, as the law names it.
    static func category(_ category: TaxCategory, _ language: Language) -> String {
        switch (category, language) {
        case (.S, .en): return "Standard rate"
        case (.S, .fr): return "Taux normal"
        case (.Z, .en): return "Zero rated"
        case (.Z, .fr): return "Taux zéro"
        case (.E, .en): return "Exempt from VAT"
        case (.E, .fr): return "Exonération de TVA"
        case (.AE, .en): return "Reverse charge"
        case (.AE, .fr): return "Autoliquidation"
        case (.K, .en): return "Intra-community supply, exempt from VAT"
        case (.K, .fr): return "Exonération de TVA, article 262 ter I du CGI (livraison intracommunautaire)"
        case (.G, .en): return "Export outside the EU, exempt from VAT"
        case (.G, .fr): return "Exonération de TVA, article 262 I du CGI (exportation)"
        case (.O, .en): return "Not subject to VAT"
        case (.O, .fr): return "Non soumis à la TVA"
        }
    }

    static func supplyType(_ type: SupplyType, _ language: Language) -> String {
        switch type {
        case .goods: return text(.supplyGoods, language)
        case .services: return text(.supplyServices, language)
        case .both: return text(.supplyBoth, language)
        }
    }

    /// "Vendo SAS au capital de 10 000 € · RCS Lyon 123 456 789", or nil when nothing is known.
    static func legalIdentity(_ party: SalesDocument.Party, _ language: Language, currency: String) -> String? {
        var head = party.name
        if let form = party.legalForm, !form.isEmpty, !party.name.hasSuffix(" " + form) { head += " " + form }
        if let capital = party.shareCapital, !capital.isEmpty { head += " " + text(.capital, language) + " " + capital }
        var parts: [String] = []
        if let number = party.registrationNumber {
            parts.append([party.registry ?? text(.registration, language), number].compactMap { $0 }.joined(separator: " "))
        }
        if let vat = party.vatNumber { parts.append(text(.vatNumber, language) + " " + vat) }
        if parts.isEmpty && head == party.name { return nil }
        return ([head] + parts).joined(separator: " · ")
    }
}
