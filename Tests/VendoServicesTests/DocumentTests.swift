import Crypto
import Foundation
import Testing
import VendoCore
import VendoServices
import VendoTestSupport

/// Invoices made through the services, checked by the outside validators, against the
/// records' own amounts, and kept byte for byte once issued (SALES-PROCESS.md §11).
@Suite("Documents: invoices, credit notes and quotes through the services")
struct DocumentTests {
    /// A world with the organisation's tax rates of several categories and customers in France,
    /// Germany and Belgium.
    struct Setup {
        let world: TestWorld
        let french: Account
        let german: Account
        let belgian: Account

        init() async throws {
            world = try await TestWorld.make()
            let s = world.services, me = world.admin
            _ = try await s.createTaxRate(TaxRateFields(name: "TVA 20 %", rate: 20), by: me)
            _ = try await s.createTaxRate(TaxRateFields(name: "TVA 5,5 %", rate: Decimal(string: "5.5") ?? 0), by: me)
            var exempt = TaxRateFields(name: "Formation", rate: 0, category: .E)
            exempt.exemptionReason = "Exonération de TVA, article 261-4-4° a du CGI"
            exempt.exemptionCode = "VATEX-EU-132-1I"
            _ = try await s.createTaxRate(exempt, by: me)
            _ = try await s.createTaxRate(TaxRateFields(name: "Autoliquidation", rate: 0, category: .AE), by: me)
            _ = try await s.createTaxRate(TaxRateFields(name: "Livraison intracommunautaire", rate: 0, category: .K), by: me)
            var frenchFields = TestWorld.frenchCustomer("Ateliers Dupont & Fils")
            frenchFields.vatNumber = "FR44732829320"
            frenchFields.language = "fr"
            french = try await s.createAccount(frenchFields, by: me)
            var germanFields = AccountFields(name: "Müller GmbH", address: Address(line1: "Domstraße 1", city: "Köln", postalCode: "50668",
                                                                                  country: "Deutschland"))
            germanFields.vatNumber = "DE123456789"
            germanFields.language = "en"
            german = try await s.createAccount(germanFields, by: me)
            var belgianFields = AccountFields(name: "Brasserie Lambic SPRL", address: Address(line1: "Rue Haute 12", city: "Bruxelles",
                                                                                              postalCode: "1000", country: "Belgique"))
            belgianFields.vatNumber = "BE0123456749"
            belgianFields.shippingAddress = Address(line1: "Zone industrielle 4", city: "Liège", postalCode: "4000", country: "BE")
            belgian = try await s.createAccount(belgianFields, by: me)
        }

        func invoice(_ name: String, for account: Account, currency: String? = nil, lines: [LineFields],
                     pricing: (@Sendable (inout PricingFields) -> Void)? = nil,
                     fields edit: (inout InvoiceFields) -> Void = { _ in }) async throws -> Invoice {
            let s = world.services, me = world.admin
            var fields = InvoiceFields(name: name)
            edit(&fields)
            let list = currency == nil ? world.catalog.priceList.id : nil
            var invoice = try await s.createInvoice(fields, customer: .account(account.id), currency: currency, priceListId: list, by: me)
            for line in lines { invoice = try await s.addLine(to: Invoice.self, invoice.id, line, ifVersion: nil, by: me) }
            if let pricing { invoice = try await s.setPricing(of: Invoice.self, invoice.id, ifVersion: nil, by: me, pricing) }
            return invoice
        }

        func issue(_ invoice: Invoice) async throws -> Invoice {
            try await world.services.issueInvoice(invoice.id, ifVersion: nil, by: world.admin)
        }
    }

    static func writeIn(_ name: String, _ quantity: Decimal, _ price: String, rate: Decimal, category: TaxCategory? = nil,
                        description: String? = nil) -> LineFields {
        var line = LineFields(writeInName: name, description: description, quantity: quantity, pricePerUnit: Decimal(string: price),
                              taxRate: rate)
        line.taxCategory = category
        return line
    }

    /// The text of the first element `name` of `xml` (with its `currencyID` when given).
    static func value(_ xml: String, _ name: String, currency: String? = nil) -> String? {
        let attributes = currency.map { " currencyID=\"\($0)\"" } ?? ""
        guard let start = xml.range(of: "<ram:\(name)\(attributes)>") else { return nil }
        guard let end = xml.range(of: "</ram:\(name)>", range: start.upperBound..<xml.endIndex) else { return nil }
        return String(xml[start.upperBound..<end.lowerBound])
    }

    /// The XML's header amounts equal the record's, to the cent (a credit note's sign reversed).
    static func checkAmounts(_ xml: String, _ invoice: Invoice, sourceLocation: SourceLocation = #_sourceLocation) {
        let totals = invoice.pricing.totals
        let sign: Decimal = invoice.kind == .creditNote ? -1 : 1
        func amount(_ name: String, currency: String? = nil) -> Decimal? { value(xml, name, currency: currency).flatMap { Decimal(string: $0) } }
        #expect(amount("LineTotalAmount") != nil, sourceLocation: sourceLocation)
        #expect(amount("GrandTotalAmount") == totals.totalAmount * sign, sourceLocation: sourceLocation)
        #expect(amount("TaxTotalAmount", currency: invoice.pricing.currency) == totals.totalTax * sign, sourceLocation: sourceLocation)
        #expect(amount("TaxBasisTotalAmount") == (totals.preFreightAmount + invoice.pricing.fields.freightAmount) * sign,
                sourceLocation: sourceLocation)
        #expect(amount("DuePayableAmount") == totals.totalAmount * sign, sourceLocation: sourceLocation)
        #expect(amount("ChargeTotalAmount") == invoice.pricing.fields.freightAmount * sign, sourceLocation: sourceLocation)
        let lineTotals = xml.components(separatedBy: "<ram:SpecifiedTradeSettlementLineMonetarySummation>").dropFirst()
            .compactMap { value($0, "LineTotalAmount").flatMap { Decimal(string: $0) } }
        #expect(lineTotals == invoice.pricing.lines.map { $0.netAmount * sign }, sourceLocation: sourceLocation)
    }

    @Test("a set of invoices and a credit note pass the Factur-X XSD, the EN 16931 Schematron, qpdf, pdffonts and pdftotext")
    func outsideValidators() async throws {
        let setup = try await Setup()
        let s = setup.world.services, me = setup.world.admin, catalog = setup.world.catalog
        var issued: [(String, Invoice, [String])] = []

        // Several rates, a document discount and freight, and an exempt line with its reason, in French.
        let mixed = try await setup.invoice("Équipement et formation", for: setup.french, lines: [
            LineFields(productId: catalog.laptop.id, quantity: 6, manualDiscount: 120),
            Self.writeIn("Guide « Bien démarrer »", 10, "24.90", rate: Decimal(string: "5.5") ?? 0,
                         description: "Guide imprimé de 120 pages, remis à chaque utilisateur lors de la formation de prise en main."),
            Self.writeIn("Formation des utilisateurs", 2, "650", rate: 0, category: .E),
        ], pricing: { $0.discountPercent = 5; $0.freightAmount = 35; $0.freightTaxRate = 20 }) {
            $0.purchaseOrderReference = "BC-2026-118"
            $0.supplyType = .both
        }
        issued.append(("mixed", try await setup.issue(mixed), ["Facture", "FR40303265045", "FR44732829320", "Taux normal",
                                                            "Exonération de TVA, article 261-4-4° a du CGI", "BC-2026-118", "Total TTC"]))

        // Reverse charge to a German company, in English.
        let reverse = try await setup.invoice("Maintenance", for: setup.german, lines: [
            Self.writeIn("Annual maintenance", 1, "1800", rate: 0, category: .AE),
        ])
        issued.append(("reverse-charge", try await setup.issue(reverse), ["Invoice", "Reverse charge", "DE123456789", "FR40303265045", "Germany"]))

        // Intra-community supply of goods to Belgium, delivered to its warehouse.
        let community = try await setup.invoice("Docks", for: setup.belgian, lines: [
            LineFields(productId: catalog.dock.id, quantity: 4, taxRate: 0),
        ], fields: { $0.deliveryDate = Day("2026-02-20") })
        // The line's category is chosen after it is added, as a person would on its page.
        let edited = try await s.updateLine(of: Invoice.self, community.id, line: community.pricing.lines[0].id, ifVersion: nil, by: me) {
            $0.taxCategory = .K
        }
        issued.append(("intra-community", try await setup.issue(edited), ["livraison intracommunautaire", "BE0123456749", "Liège", "Adresse de livraison"]))

        // A foreign currency and a zero-decimal one.
        let dollars = try await setup.invoice("US order", for: setup.german, currency: "USD", lines: [
            Self.writeIn("Consulting day", 3, "1250.50", rate: 20),
        ])
        issued.append(("usd", try await setup.issue(dollars), ["$4,501.80", "Tax in EUR"]))
        let yen = try await setup.invoice("Licences", for: setup.french, currency: "JPY", lines: [
            Self.writeIn("Licence annuelle", 7, "14300", rate: 10),
        ])
        issued.append(("jpy", try await setup.issue(yen), ["110 110 ¥"]))

        // An order invoiced in two parts: the first part.
        let opportunity = try await setup.world.opportunity()
        _ = try await s.addLine(to: Opportunity.self, opportunity.id, LineFields(productId: catalog.laptop.id, quantity: 10), ifVersion: nil, by: me)
        _ = try await s.addLine(to: Opportunity.self, opportunity.id, LineFields(productId: catalog.dock.id, quantity: 10), ifVersion: nil, by: me)
        let quote = try await s.activateQuote(try await s.generateQuote(from: opportunity.id, by: me).id, ifVersion: nil, by: me)
        let order = try await s.convertQuoteToOrder(quote.id, ifVersion: nil, by: me)
        let part = try await s.createInvoice(fromOrder: order.id, lines: [InvoiceRequestLine(orderLineId: order.pricing.lines[0].id, quantity: 4),
                                                                        InvoiceRequestLine(orderLineId: order.pricing.lines[1].id, quantity: 10)],
                                             by: me)
        issued.append(("partial", try await setup.issue(part), [order.number]))

        // The same mix issued again and credited in part: some of each line, rates, discount and exemption shared.
        let again = try await setup.issue(try await setup.invoice("Équipement et formation", for: setup.french, lines: [
            LineFields(productId: catalog.laptop.id, quantity: 6, manualDiscount: 120),
            Self.writeIn("Guide « Bien démarrer »", 10, "24.90", rate: Decimal(string: "5.5") ?? 0),
            Self.writeIn("Formation des utilisateurs", 2, "650", rate: 0, category: .E),
        ], pricing: { $0.discountPercent = 5; $0.freightAmount = 35; $0.freightTaxRate = 20 }))
        let lines = again.pricing.lines
        let partCredit = try await s.creditInvoice(again.id, .lines([
            CreditedLine(invoiceLineId: lines[0].id, quantity: 2), CreditedLine(invoiceLineId: lines[1].id, quantity: 3),
            CreditedLine(invoiceLineId: lines[2].id, quantity: 1),
        ]), reason: "Deux postes et une session retournés", ifVersion: nil, by: me).creditNote
        issued.append(("partial-credit", partCredit, ["Avoir", try #require(again.number), "Deux postes et une session retournés"]))
        // A commercial gesture on the dollar invoice.
        let gesture = try await s.creditInvoice(dollars.id, .amount(Decimal(100), taxRate: 20), ifVersion: nil, by: me).creditNote
        issued.append(("usd-credit", gesture, ["$120.00", "Commercial credit"]))

        // The mixed invoice canceled: its credit note.
        let note = try #require(try await s.cancelInvoice(mixed.id, ifVersion: nil, by: me).creditNote)
        let mixedNumber = try #require(issued[0].1.number)
        issued.append(("credit-note", note, ["Avoir", try #require(note.number), mixedNumber]))

        // Late-payment charges, not subject to VAT (O): interest and the recovery indemnity of a
        // reminder, on an invoice of their own (the reminder is queued for a relay never reached).
        _ = try await s.updateSettings(ifVersion: nil, by: me) { settings in
            settings.smtp = MailSettings(host: "127.0.0.1", port: 2525, security: .none, fromAddress: "ventes@vendo-test.example")
            settings.dunning = DunningPolicy(levels: [DunningLevel(days: 30, interestRate: Decimal(string: "10.15"), indemnity: true)])
        }
        let reached = try await s.updateAccount(setup.french.id, ifVersion: nil, by: me) { $0.email = "compta@dupont.example" }
        let late = try await setup.issue(try await setup.invoice("Maintenance annuelle", for: reached, lines: [
            Self.writeIn("Contrat de maintenance", 1, "1200", rate: 20),
        ]))
        setup.world.clock.advance(seconds: 75 * 86_400)
        let (_, reminder) = try await s.sendReminder(late.id, by: me)
        let charges = try await s.get(Invoice.self, try #require(reminder.chargeInvoiceId), by: me)
        issued.append(("late-charges", charges, ["Indemnité forfaitaire", "Intérêts de retard",
                                                 try #require(late.number)]))

        var files: [String: [UInt8]] = [:]
        for (name, invoice, expected) in issued {
            let xml = try await s.facturX(ofInvoice: invoice.id, by: me)
            let pdf = try await s.pdf(ofInvoice: invoice.id, by: me)
            Self.checkAmounts(xml, invoice)
            #expect(xml.contains("<ram:TypeCode>\(invoice.kind == .creditNote ? "381" : "380")</ram:TypeCode>"))
            files["\(name).xml"] = Array(xml.utf8)
            files["\(name).pdf"] = pdf.bytes
            files["\(name).expect"] = Array((expected + [try #require(invoice.number)]).joined(separator: "\n").utf8)
        }
        // A credit note names the invoice it credits; the foreign currency carries the tax in euros too.
        #expect(String(decoding: try #require(files["credit-note.xml"]), as: UTF8.self).contains("<ram:IssuerAssignedID>\(mixedNumber)</ram:IssuerAssignedID>"))
        let usd = String(decoding: try #require(files["usd.xml"]), as: UTF8.self)
        let dollarsIssued = try await s.get(Invoice.self, dollars.id, by: me)
        #expect(Decimal(string: Self.value(usd, "TaxTotalAmount", currency: "EUR") ?? "") == dollarsIssued.pricing.totals.base.totalTax)
        #expect(usd.contains("<ram:TaxCurrencyCode>EUR</ram:TaxCurrencyCode>"))
        let problems = try DocumentChecks.problems(files)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test("issuing refuses, field by field, an invoice that would not be legal, and changes nothing")
    func refusals() async throws {
        let setup = try await Setup()
        let s = setup.world.services, me = setup.world.admin
        func fields(of invoice: Invoice) async throws -> [String] {
            do {
                _ = try await setup.issue(invoice)
                return []
            } catch let ServiceError.validation(errors) {
                #expect(try await s.get(Invoice.self, invoice.id, by: me).state == .draft)
                return errors.map(\.field)
            }
        }
        // No address, no SIREN.
        let bare = try await s.createAccount(AccountFields(name: "Sans adresse"), by: me)
        #expect(try await fields(of: try await setup.invoice("a", for: bare, lines: [Self.writeIn("x", 1, "10", rate: 20)])) == ["buyer.address"])
        // Reverse charge to a customer without a VAT number; a typed tax; several 0 % rates without a category.
        let german = try await s.updateAccount(setup.german.id, ifVersion: nil, by: me) { $0.vatNumber = nil }
        var typed = LineFields(writeInName: "typed", quantity: 1, pricePerUnit: 10)
        typed.tax = 2
        let mixedFields = try await fields(of: try await setup.invoice("b", for: german, lines: [
            Self.writeIn("x", 1, "10", rate: 0, category: .AE), typed, Self.writeIn("y", 1, "10", rate: 0),
        ]))
        #expect(Set(mixedFields) == ["lines[2].taxCategory", "buyer.vatNumber", "lines[1].tax"])
        // Not subject to VAT together with a taxed line.
        #expect(try await fields(of: try await setup.invoice("c", for: setup.french, lines: [
            Self.writeIn("Débours", 1, "80", rate: 0, category: .O), Self.writeIn("x", 1, "10", rate: 20),
        ])) == ["lines"])
        // An exempt line for which the organisation names no reason (its only E rate is inactive).
        let rates = try await s.list(TaxRate.self, ListQuery(), by: me).items
        let exempt = try #require(rates.first { $0.fields.category == .E })
        _ = try await s.updateTaxRate(exempt.id, ifVersion: nil, by: me) { $0.active = false }
        #expect(try await fields(of: try await setup.invoice("d", for: setup.french, lines: [
            Self.writeIn("Formation", 1, "100", rate: 0, category: .E),
        ])) == ["lines[0].taxCategory"])
        // The organisation without its legal identity.
        _ = try await s.updateSettings(ifVersion: nil, by: me) {
            $0.vatNumber = nil
            $0.registrationNumber = nil
            $0.latePaymentText = nil
            $0.paymentTerms = nil
        }
        #expect(Set(try await fields(of: try await setup.invoice("e", for: setup.french, lines: [Self.writeIn("x", 1, "10", rate: 20)])))
                == ["seller.registrationNumber", "latePaymentText", "dueDate", "seller.vatNumber"])
    }

    @Test("an issued invoice's PDF is made once and kept: the same bytes after the account and the organisation change")
    func keptBytes() async throws {
        let setup = try await Setup()
        let s = setup.world.services, me = setup.world.admin
        let draft = try await setup.invoice("Kept", for: setup.french, lines: [Self.writeIn("Audit", 1, "900", rate: 20)])
        let draftPDF = try await s.pdf(ofInvoice: draft.id, by: me)
        #expect(draftPDF.fileName.hasPrefix("invoice-draft-"))
        do {
            _ = try await s.facturX(ofInvoice: draft.id, by: me)
            Issue.record("a draft has no e-invoice")
        } catch ServiceError.conflict(let code, _, _) {
            #expect(code == "invoice_not_issued")
        }
        let invoice = try await setup.issue(draft)
        let first = try await s.pdf(ofInvoice: invoice.id, by: me)
        #expect(first.fileName == "invoice-\(try #require(invoice.number)).pdf")
        _ = try await s.updateAccount(setup.french.id, ifVersion: nil, by: me) { $0.address?.city = "Marseille"; $0.name = "Nouveau nom" }
        _ = try await s.updateSettings(ifVersion: nil, by: me) { $0.legalName = "Autre SAS"; $0.iban = nil }
        setup.world.clock.advance(seconds: 86_400 * 40)
        let again = try await s.pdf(ofInvoice: invoice.id, by: me)
        #expect(again.bytes == first.bytes)
        let sha = SHA256.hash(data: first.bytes).map { String(format: "%02x", $0) }.joined()
        let history = try await s.history(of: Invoice.self, invoice.id, by: me)
        #expect(history.contains { $0.action == "document" && $0.field == "pdfSha256" && $0.newValue == sha })
        #expect(history.filter { $0.action == "document" }.count == 1)
        let golden = GoldenXML(name: "kept-invoice.xml")
        golden.check(try await s.facturX(ofInvoice: invoice.id, by: me))
    }

    @Test("a kept document lost to a failure after issue is made on the first download, and kept from then on")
    func madeOnFirstDownload() async throws {
        let setup = try await Setup()
        let s = setup.world.services, me = setup.world.admin
        // The server fails between the issue's commit and keeping its PDF.
        try await injectFailure(setup.world, "no_documents", before: "INSERT", on: "invoice_documents", when: "1 = 1")
        let invoice = try await setup.issue(try await setup.invoice("Lost", for: setup.french, lines: [Self.writeIn("Audit", 1, "500", rate: 20)]))
        #expect(invoice.number != nil)
        #expect(!(try await s.history(of: Invoice.self, invoice.id, by: me)).contains { $0.action == "document" })
        try await removeFailure(setup.world, "no_documents", on: "invoice_documents")
        let first = try await s.pdf(ofInvoice: invoice.id, by: me)
        let xml = try await s.facturX(ofInvoice: invoice.id, by: me)
        #expect(first.bytes == (try await s.pdf(ofInvoice: invoice.id, by: me)).bytes)
        let number = try #require(invoice.number)
        #expect(String(decoding: first.bytes, as: UTF8.self).contains("/AFRelationship /Data") && xml.contains(number))
        #expect((try await s.history(of: Invoice.self, invoice.id, by: me)).filter { $0.action == "document" }.count == 1)
    }

    @Test("quotes and orders download as PDFs; a record that does not exist is not found")
    func quotesAndOrders() async throws {
        let setup = try await Setup()
        let s = setup.world.services, me = setup.world.admin
        let opportunity = try await setup.world.opportunity()
        _ = try await s.addLine(to: Opportunity.self, opportunity.id, LineFields(productId: setup.world.catalog.dock.id, quantity: 2),
                                ifVersion: nil, by: me)
        let quote = try await s.generateQuote(from: opportunity.id, by: me)
        let pdf = try await s.pdf(ofQuote: quote.id, by: me)
        #expect(pdf.fileName == "quote-\(quote.number).pdf" && pdf.bytes.starts(with: Array("%PDF-1.7".utf8)))
        let order = try await s.convertQuoteToOrder(try await s.activateQuote(quote.id, ifVersion: nil, by: me).id, ifVersion: nil, by: me)
        #expect(try await s.pdf(ofOrder: order.id, by: me).fileName == "order-\(order.number).pdf")
        do {
            _ = try await s.pdf(ofQuote: ID(UUID()), by: me)
            Issue.record("a quote that does not exist has no PDF")
        } catch ServiceError.notFound {}
    }
}

/// A golden file of this suite: `VENDO_UPDATE_GOLDEN=1` writes it again.
struct GoldenXML {
    let name: String
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    func check(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let file = Self.folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["VENDO_UPDATE_GOLDEN"] == "1" {
            try? FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
            try? text.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record("no golden file \(name): run VENDO_UPDATE_GOLDEN=1 swift test --filter DocumentTests", sourceLocation: sourceLocation)
            return
        }
        #expect(text == expected, "\(name) differs from its golden file", sourceLocation: sourceLocation)
    }
}
