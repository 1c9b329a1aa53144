import Foundation
import VendoCore
import VendoDocuments
import VendoStore

/// The documents customers receive: PDFs of quotes, orders and invoices, and the Factur-X XML
/// of invoices and credit notes. An issued invoice's PDF is made once, after its issue has
/// committed, and kept: every download, on every server, returns the same bytes.
extension Services {
    public struct RenderedDocument: Sendable {
        public var fileName: String
        public var bytes: [UInt8]
    }

    public func pdf(ofQuote id: ID<Quote>, by caller: Caller) async throws -> RenderedDocument {
        let document = try await read(as: caller) { tx in
            let quote = try await load(Quote.self, id, in: tx)
            return try await salesDocument(quote: quote, in: tx)
        }
        return RenderedDocument(fileName: Self.fileName(document), bytes: try await CPUWork.run { DocumentPDF.render(document) })
    }

    public func pdf(ofOrder id: ID<Order>, by caller: Caller) async throws -> RenderedDocument {
        let document = try await read(as: caller) { tx in
            let order = try await load(Order.self, id, in: tx)
            return try await salesDocument(order: order, in: tx)
        }
        return RenderedDocument(fileName: Self.fileName(document), bytes: try await CPUWork.run { DocumentPDF.render(document) })
    }

    /// An invoice's PDF: the kept one once issued (made now if a crash lost it), else a draft's.
    public func pdf(ofInvoice id: ID<Invoice>, by caller: Caller) async throws -> RenderedDocument {
        let (invoice, kept) = try await read(as: caller) { tx in
            (try await load(Invoice.self, id, in: tx), try await tx.keptInvoiceDocument(id))
        }
        if let kept { return RenderedDocument(fileName: Self.fileName(invoice), bytes: kept.pdf) }
        if invoice.number != nil, invoice.state != .draft {
            return RenderedDocument(fileName: Self.fileName(invoice), bytes: try await keepDocument(of: id, by: caller).pdf)
        }
        let document = try await read(as: caller) { tx in try await salesDocument(invoice: invoice, in: tx) }
        return RenderedDocument(fileName: Self.fileName(invoice), bytes: try await CPUWork.run { DocumentPDF.render(document) })
    }

    /// The Factur-X XML of an issued invoice or credit note: the one its kept PDF carries.
    public func facturX(ofInvoice id: ID<Invoice>, by caller: Caller) async throws -> String {
        let (invoice, kept) = try await read(as: caller) { tx in
            (try await load(Invoice.self, id, in: tx), try await tx.keptInvoiceDocument(id))
        }
        if let kept { return kept.xml }
        guard invoice.number != nil, invoice.state != .draft else {
            throw ServiceError.conflict(code: "invoice_not_issued", message: "a draft invoice has no e-invoice yet: issue it first", related: [])
        }
        return try await keepDocument(of: id, by: caller).xml
    }

    /// Makes and keeps the document of an issued invoice, outside any write transaction, and
    /// writes its SHA-256 into the invoice's history. When two servers race, the first kept wins
    /// and both return it.
    @discardableResult
    func keepDocument(of id: ID<Invoice>, by caller: Caller) async throws -> KeptInvoiceDocument {
        let document = try await read { tx -> SalesDocument in
            let invoice = try await load(Invoice.self, id, in: tx)
            return try await salesDocument(invoice: invoice, in: tx)
        }
        let (pdf, xml) = try await CPUWork.run { (DocumentPDF.render(document), FacturX.xml(document)) }
        let sha256 = Self.sha256Hex(pdf)
        let made = KeptInvoiceDocument(invoiceId: id, madeAt: clock.now(), sha256: sha256, pdf: pdf, xml: xml)
        return try await writeAside { tx in
            if try await tx.keepInvoiceDocument(made) {
                var entry = entry(Invoice.recordType, id.uuid, caller, "document", at: made.madeAt)
                entry.field = "pdfSha256"
                entry.newValue = sha256
                try await tx.appendHistory([entry])
                return made
            }
            return try await tx.keptInvoiceDocument(id) ?? made
        }
    }

    /// Makes the documents of invoices that were just issued; a failure here leaves them to the
    /// first download, as after a crash.
    func keepDocuments(of ids: [ID<Invoice>], by caller: Caller) async {
        for id in ids { _ = try? await keepDocument(of: id, by: caller) }
    }

    // MARK: From records to documents

    static func fileName(_ document: SalesDocument) -> String {
        "\(document.kind.rawValue)-\(document.number ?? "draft").pdf"
    }

    static func fileName(_ invoice: Invoice) -> String {
        "\(invoice.kind == .creditNote ? "credit-note" : "invoice")-\(invoice.number ?? "draft-\(invoice.id)").pdf"
    }

    func salesDocument(quote: Quote, in tx: Transaction) async throws -> SalesDocument {
        var document = try await salesDocument(kind: .quote, number: quote.number, customer: quote.customer, pricing: quote.pricing,
                                               date: Day(quote.info.createdAt), frozen: nil, terms: quote.fields.paymentTerms, in: tx)
        if quote.revisionNumber > 0 { document.revision = quote.revisionNumber }
        document.validUntil = quote.fields.validUntil
        document.title = quote.fields.name
        document.description = quote.fields.description
        return document
    }

    func salesDocument(order: Order, in tx: Transaction) async throws -> SalesDocument {
        var document = try await salesDocument(kind: .order, number: order.number, customer: order.customer, pricing: order.pricing,
                                               date: Day(order.info.createdAt), frozen: nil, in: tx)
        document.deliveryDate = order.fields.requestedDeliveryDate
        document.title = order.fields.name
        document.description = order.fields.description
        if let quoteId = order.quoteId, let quote = try await tx.find(Quote.self, quoteId) { document.reference = quote.number }
        return document
    }

    func salesDocument(invoice: Invoice, in tx: Transaction) async throws -> SalesDocument {
        let issued = invoice.state != .draft && invoice.number != nil
        var document = try await salesDocument(
            kind: invoice.kind == .creditNote ? .creditNote : .invoice, number: issued ? invoice.number : nil, customer: invoice.customer,
            pricing: invoice.pricing, date: invoice.issueDate ?? invoice.issuedAt.map(Day.init) ?? Day(clock.now()),
            frozen: issued ? invoice : nil, terms: invoice.kind == .creditNote ? nil : invoice.fields.paymentTerms, in: tx)
        let fields = invoice.fields
        document.dueDate = invoice.kind == .creditNote ? nil : fields.dueDate
        document.deliveryDate = fields.deliveryDate
        document.servicePeriod = fields.servicePeriod
        document.purchaseOrderReference = fields.purchaseOrderReference
        document.buyerReference = fields.buyerReference
        document.supplyType = fields.supplyType
        document.title = fields.name
        document.description = fields.description
        if let creditedId = invoice.creditedInvoiceId, let credited = try await tx.find(Invoice.self, creditedId), let number = credited.number {
            document.credited = .init(number: number, date: credited.issueDate ?? credited.issuedAt.map(Day.init))
        }
        if let orderId = invoice.orderId, let order = try await tx.find(Order.self, orderId) { document.reference = order.number }
        return document
    }

    /// What every document shares: the parties (frozen ones for an issued invoice), the lines
    /// with their tax categories, the totals, positive on a credit note, and the payment terms
    /// (`terms`) as the document's language prints them.
    private func salesDocument(kind: SalesDocument.Kind, number: String?, customer: Customer, pricing: Pricing, date: Day,
                               frozen invoice: Invoice?, terms: String? = nil, in tx: Transaction) async throws -> SalesDocument {
        let settings = try await settings(in: tx)
        let (current, shipping, _) = try await party(of: customer, in: tx)
        let sellerParty = invoice?.seller ?? InvoiceParty(seller: settings)
        let buyerParty = invoice?.buyer ?? current
        let language = try await documentLanguage(of: customer, settings: settings, in: tx)
        let sign: Decimal = kind == .creditNote ? -1 : 1
        let totals = pricing.totals
        let documentDiscount = totals.discountPercentAmount + pricing.fields.discountAmount
        // Shared out as §7 does when it computes the taxes, on the amounts as printed (a credit
        // note's are the negatives of its invoice's).
        let shares = LargestRemainder.split(documentDiscount * sign, weights: pricing.lines.map { $0.netAmount * sign },
                                            keys: pricing.lines.map(\.id.description), precision: pricing.currencyPrecision)
        let rates = try await tx.all(TaxRate.self).map(\.fields)
        func treatment(rate: Decimal?, requested: TaxCategory?, frozen: TaxTreatment?) -> SalesDocument.Tax {
            guard let rate else { return .init(rate: nil, category: nil) }
            let resolved = frozen ?? (try? TaxTreatment.resolve(rate: rate, requested: requested, rates: rates).get())
            return .init(rate: rate, category: resolved?.category, exemptionReason: resolved?.exemptionReason,
                         exemptionCode: resolved?.exemptionCode)
        }
        var lines: [SalesDocument.Line] = []
        for (line, share) in zip(pricing.lines, shares) {
            var productNumber: String?
            if let productId = line.fields.productId { productNumber = try await tx.find(Product.self, productId)?.fields.number }
            lines.append(SalesDocument.Line(
                name: line.productName ?? line.fields.writeInName ?? "", productNumber: productNumber, description: line.fields.description,
                quantity: line.fields.quantity, unitName: line.unitName, pricePerUnit: line.pricePerUnit,
                volumeDiscountPerUnit: line.volumeDiscountPerUnit, discount: line.manualDiscountAmount * sign,
                netAmount: line.netAmount * sign, documentDiscountShare: share, taxAmount: line.tax * sign,
                tax: treatment(rate: line.taxRate, requested: line.fields.taxCategory, frozen: line.taxTreatment)))
        }
        let accounting = settings.baseCurrency
        var document = SalesDocument(
            kind: kind, number: number, language: language, date: date, currency: pricing.currency, precision: pricing.currencyPrecision,
            accountingCurrency: accounting, seller: sellerParty, buyer: buyerParty, lines: lines,
            totals: .init(lines: totals.detailAmount * sign, documentDiscount: documentDiscount * sign,
                          freight: pricing.fields.freightAmount * sign, freightTax: totals.freightTax * sign, tax: totals.totalTax * sign,
                          total: totals.totalAmount * sign,
                          taxInAccountingCurrency: pricing.currency == accounting ? nil : totals.base.totalTax * sign))
        if pricing.fields.freightAmount != 0 {
            document.freightTax = treatment(rate: pricing.fields.freightTaxRate ?? 0, requested: nil, frozen: invoice?.freightTaxTreatment)
        }
        document.deliveryAddress = invoice?.deliveryAddress ?? (shipping == buyerParty.address ? nil : shipping)
        document.iban = settings.iban
        document.bic = settings.bic
        document.accountHolder = settings.accountHolder
        document.latePaymentText = settings.latePaymentText
        document.vatOnDebits = settings.vatOnDebits ?? false
        document.legalMentions = settings.legalMentions.isEmpty ? nil : settings.legalMentions
        document.logo = settings.logo
        document.paymentTerms = settings.printedPaymentTerms(terms, language)
        switch kind {
        case .quote: document.kindName = settings.words(for: .quote, language)?.singular
        case .order: document.kindName = settings.words(for: .order, language)?.singular
        case .invoice, .creditNote: break
        }
        return document
    }

    /// The language of a customer's documents: the account's, else the organisation's.
    func documentLanguage(of customer: Customer, settings: OrganisationSettings, in tx: Transaction) async throws -> Language {
        if case .account(let id) = customer, let account = try await tx.find(Account.self, id),
           let chosen = account.fields.language.flatMap(Language.init(rawValue:)) {
            return chosen
        }
        return Language(rawValue: settings.organisationAddress.countryCode == "FR" ? "fr" : "en") ?? .en
    }
}
