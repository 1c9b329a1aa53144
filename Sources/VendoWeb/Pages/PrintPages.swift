import Foundation
import VendoCore
import VendoServices

struct PrintModel {
    let t: [String: String]
    let organisation: String
    let logo: String?
    let address: [String]
    let kindLabel: String
    let number: String
    let dates: [Fact]
    let customer: String
    let lines: LinesModel
    let paymentTerms: String?
    let legal: String?
    let back: String
}

extension Pages {
    /// A quote or an invoice laid out for A4: the browser's print-to-PDF gives the customer's copy.
    func printPage(_ web: WebRequest, kind: String) async throws -> String {
        let session = try web.user()
        let t = web.language
        let formats = web.formats
        let settings = try await services.settings()
        let pricing: Pricing, customer: Customer, number: String, terms: String?
        var dates: [Fact] = []
        // An issued invoice prints the parties as they were at issue.
        var seller: InvoiceParty?, buyer: InvoiceParty?
        switch kind {
        case "quote":
            let quote = try await services.get(Quote.self, try web.id(), by: session.caller)
            (pricing, customer, number, terms) = (quote.pricing, quote.customer, Self.documentNumber(quote), quote.fields.paymentTerms)
            dates.append(Fact(label: t.text("field_date"), value: formats.day(Day(quote.info.createdAt))))
            if let until = quote.fields.validUntil { dates.append(Fact(label: t.text("field_validUntil"), value: formats.day(until))) }
        default:
            let invoice = try await services.get(Invoice.self, try web.id(), by: session.caller)
            (pricing, customer, number, terms) = (invoice.pricing, invoice.customer, invoice.number ?? t.text("invoice_draftNumber"),
                                                  invoice.fields.paymentTerms)
            if let issued = invoice.issuedAt { dates.append(Fact(label: t.text("field_issuedAt"), value: formats.day(Day(issued)))) }
            if let due = invoice.fields.dueDate { dates.append(Fact(label: t.text("field_dueDate"), value: formats.day(due))) }
            (seller, buyer) = (invoice.seller, invoice.buyer)
        }
        let address = seller?.address ?? settings.organisationAddress
        var customerLine = buyer?.name ?? ""
        if buyer == nil { customerLine = try await customerName(customer, session.caller).name }
        let cityLine = [address.postalCode, address.city].compactMap { $0 }.joined(separator: " ")
        let model = PrintModel(
            t: t.strings, organisation: seller?.name ?? settings.organisationName, logo: settings.logo,
            address: [address.line1, address.line2, cityLine.isEmpty ? nil : cityLine, address.region, address.country].compactMap { $0 },
            kindLabel: t.label("record", kind), number: number, dates: dates,
            customer: customerLine,
            lines: LinesModel(pricing, editable: false, base: "", products: [], problem: nil, typed: [:], t),
            paymentTerms: settings.printedPaymentTerms(terms, t), legal: settings.legalMentions.isEmpty ? nil : settings.legalMentions, back: "/\(kind)s/\(try web.id() as ID<Quote>)")
        return views.page(.print, model, title: "\(model.kindLabel) \(number)", web, bodyClass: "print-page")
    }
}
