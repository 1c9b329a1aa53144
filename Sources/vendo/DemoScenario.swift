import Foundation
import VendoCore
import VendoServices

/// One complete cycle through the services, as a salesperson would go through it.
struct DemoScenario {
    let services: Services
    let printer: Printer

    func run() async throws {
        try await services.setUpOrganisation()
        let user = try await services.createUser(name: "Demo Admin", email: "admin@vendo.demo", role: .admin, by: nil)
        let me = Caller(user.id)
        // The seller's legal identity, which every invoice carries (SALES-PROCESS.md §11).
        _ = try await services.updateSettings(ifVersion: nil, by: me) { settings in
            settings.organisationName = "Vendo Demo"
            settings.legalName = "Vendo Demo SAS"
            settings.registrationNumber = "303265045"
            settings.registry = "RCS Lyon"
            settings.vatNumber = "FR40303265045"
            settings.organisationAddress = Address(line1: "12 rue de la République", city: "Lyon", postalCode: "69002", country: "France")
            settings.paymentTerms = [PaymentTerm(label: "30 days", days: 30)]
            settings.latePaymentText = "Late payments bear interest at three times the legal rate, plus a fixed recovery indemnity of 40 €."
        }
        let catalog = try await makeCatalog(me)

        printer.step("A lead arrives from a trade show")
        var fields = LeadFields(topic: "12 laptops for the Lyon office", firstName: "Camille", lastName: "Martin",
                                companyName: "Atelier Dupont SARL")
        fields.email = "camille.martin@atelier-dupont.example"
        fields.website = "https://www.atelier-dupont.example"
        fields.jobTitle = "Office manager"
        fields.source = .tradeShow
        fields.rating = .hot
        fields.estimatedCloseDate = Day(year: Day(Date()).year, month: 12, day: 15)
        fields.address = Address(line1: "8 place Bellecour", city: "Lyon", postalCode: "69002", country: "France")
        let lead = try await services.createLead(fields, by: me).lead
        printer.line("lead \"\(lead.fields.topic)\" from \(lead.fullName), \(lead.fields.companyName ?? ""): \(printer.state(lead))")

        printer.step("Qualify it: account, contact and opportunity")
        let qualified = try await services.qualifyLead(lead.id, QualifyOptions(priceListId: catalog.priceList), ifVersion: nil, by: me)
        guard let account = qualified.account, let contact = qualified.contact, let created = qualified.opportunity else {
            throw ServiceError.conflict(code: "demo", message: "qualification created nothing", related: [])
        }
        printer.line("lead is \(printer.state(qualified.lead)); account \(account.fields.name), contact \(contact.fullName)")
        _ = try await services.updateAccount(account.id, ifVersion: nil, by: me) { $0.registrationNumber = "732829320" }
        printer.line("opportunity \"\(created.fields.name)\": \(printer.state(created))")

        printer.step("Develop: two lines on the opportunity")
        var opportunity = try await services.addLine(
            to: Opportunity.self, created.id, LineFields(productId: catalog.laptop, quantity: 12), ifVersion: nil, by: me)
        opportunity = try await services.addLine(
            to: Opportunity.self, created.id,
            LineFields(writeInName: "On-site installation", quantity: 2, pricePerUnit: 450, taxRate: 20), ifVersion: nil, by: me)
        printer.document(opportunity.pricing)
        printer.line("estimated revenue \(printer.money(opportunity.estimatedRevenue, "EUR")) (pre-freight, without tax)")

        printer.step("Propose: generate a quote and activate it")
        var quote = try await services.generateQuote(from: opportunity.id, by: me)
        quote = try await services.activateQuote(quote.id, ifVersion: nil, by: me)
        printer.line("quote \(quote.number) revision \(quote.revisionNumber): \(printer.state(quote)), total \(printer.money(quote.pricing.totals.totalAmount, "EUR"))")

        printer.step("The customer asks for 5 % off and free delivery: revise the quote")
        var revision = try await services.reviseQuote(quote.id, ifVersion: nil, by: me)
        revision = try await services.setPricing(of: Quote.self, revision.id, ifVersion: nil, by: me) { $0.discountPercent = 5 }
        revision = try await services.activateQuote(revision.id, ifVersion: nil, by: me)
        let old = try await services.get(Quote.self, quote.id, by: me)
        printer.line("quote \(old.number) revision \(old.revisionNumber) is \(printer.state(old))")
        printer.line("quote \(revision.number) revision \(revision.revisionNumber): \(printer.state(revision))")
        printer.document(revision.pricing)

        printer.step("Close: the customer accepts; convert to an order and win the opportunity")
        var order = try await services.convertQuoteToOrder(revision.id, winOpportunity: true, ifVersion: nil, by: me)
        let won = try await services.get(Opportunity.self, opportunity.id, by: me)
        printer.line("order \(order.number): \(printer.state(order)), prices locked: \(order.pricesLocked)")
        printer.line("opportunity: \(printer.state(won)), actual revenue \(printer.money(won.actualRevenue ?? 0, "EUR"))")

        printer.step("Fulfil the order and invoice it")
        order = try await services.fulfillOrder(order.id, as: .complete, ifVersion: nil, by: me)
        printer.line("order \(order.number): \(printer.state(order))")
        var invoice = try await services.createInvoice(fromOrder: order.id, by: me)
        printer.line("draft invoice, number \(invoice.number ?? "none yet"): \(printer.state(invoice))")
        invoice = try await services.issueInvoice(invoice.id, ifVersion: nil, by: me)
        order = try await services.get(Order.self, order.id, by: me)
        printer.line("invoice \(invoice.number ?? "?") issued: \(printer.state(invoice)); order is \(printer.state(order))")
        printer.document(invoice.pricing)

        printer.step("Payments")
        let total = invoice.pricing.totals.totalAmount
        let first = (total * 3 / 10).rounded(scale: 2)
        (invoice, _) = try await services.recordPayment(
            on: invoice.id, PaymentInput(amount: first, method: .bankTransfer, reference: "deposit"), ifVersion: nil, by: me)
        printer.line("paid \(printer.money(first, "EUR")): \(printer.state(invoice)), due \(printer.money(invoice.amountDue, "EUR"))")
        let rest = invoice.amountDue
        (invoice, _) = try await services.recordPayment(
            on: invoice.id, PaymentInput(amount: rest, method: .bankTransfer, reference: "balance"), ifVersion: nil, by: me)
        printer.line("paid \(printer.money(rest, "EUR")): \(printer.state(invoice)), due \(printer.money(invoice.amountDue, "EUR"))")

        printer.step("History of the opportunity")
        for entry in try await services.history(of: Opportunity.self, opportunity.id, by: me) {
            var text = "\(entry.action)"
            if let field = entry.field { text += " \(field): \(entry.oldValue ?? "∅") → \(entry.newValue ?? "∅")" }
            printer.line(text)
        }
        printer.title("Invoice \(invoice.number ?? "?") for \(account.fields.name) is \(printer.state(invoice)): \(printer.money(total, "EUR"))")
    }

    struct DemoCatalog {
        let laptop: ID<Product>
        let priceList: ID<PriceList>
    }

    private func makeCatalog(_ me: Caller) async throws -> DemoCatalog {
        printer.step("A small catalog: a laptop with volume discounts, on a EUR price list")
        let (_, each) = try await services.createUnitGroup(name: "Items", baseUnit: "each", by: me)
        let laptop = try await services.createProduct(
            ProductFields(number: "LAP-14", name: "Laptop 14\"", unitId: each.id, listPrice: 1290, currentCost: 820, taxRate: 20), by: me)
        let volume = try await services.createDiscountList(
            DiscountListFields(name: "Volume", type: .percentage, bands: [
                DiscountBand(beginQuantity: 5, endQuantity: 9, percentage: 5),
                DiscountBand(beginQuantity: 10, endQuantity: 99, percentage: 8),
            ]), by: me)
        let priceList = try await services.createPriceList(PriceListFields(name: "Standard EUR", currency: "EUR"), by: me)
        let item = try await services.createPriceListItem(
            in: priceList.id,
            PriceListItemFields(productId: laptop.id, unitId: each.id, pricingMethod: .markupCurrentCost, percentage: 40,
                                roundingPolicy: .up, roundingOption: .endsIn, roundingAmount: Decimal(string: "0.99"),
                                discountListId: volume.id),
            by: me)
        let price = try item.fields.unitPrice(of: laptop, pricingPrecision: 2)
        printer.line("\(laptop.fields.number) at cost \(printer.money(820, "EUR")) + 40 %, rounded up to end in .99: \(printer.money(price, "EUR"))")
        printer.line("volume discount: 5 % from 5 units, 8 % from 10 units")
        return DemoCatalog(laptop: laptop.id, priceList: priceList.id)
    }
}
