import Foundation
import Testing
@testable import VendoCore
@testable import VendoServices
@testable import VendoStore
import VendoTestSupport

/// Deleting a record that something references: refused while a record refers to it (naming
/// the kinds that do), or what cascades deleted with it, as `StoreSchema` declares.
@Suite("Deleting referenced records")
struct ReferenceTests {
    /// The record types tried below, by `recordType`.
    static let tried: Set<String> = [
        "competitor", "account", "contact", "lead", "opportunity", "quote", "order", "invoice", "unit", "product",
        "priceList", "discountList", "team", "process",
    ]

    @Test("Every record type that something references, and that can be deleted, is tried here")
    func everyReferencedTypeIsTried() {
        // Users are deactivated, never deleted; unit groups have no delete.
        let undeletable: Set<String> = ["user", "unitGroup"]
        let referenced = Set(StoreSchema.recordTypes.map { $0.recordType }.filter { !StoreSchema.references(to: $0).isEmpty })
        #expect(referenced.subtracting(undeletable) == Self.tried)
    }

    func refused(_ world: TestWorld, _ delete: () async throws -> Void) async -> [String] {
        let error = await #expect(throws: ServiceError.self) { try await delete() }
        guard case .conflict(let code, _, let related) = error else { return ["not a conflict: \(String(describing: error))"] }
        #expect(code == "in_use")
        return related
    }

    @Test("A competitor named on an open opportunity, or in a lost deal's close record, cannot be deleted")
    func competitor() async throws {
        let world = try await TestWorld.make()
        let (s, admin) = (world.services, world.admin)
        let account = try await s.createAccount(AccountFields(name: "Atelier"), by: admin)
        let rival = try await s.createCompetitor(CompetitorFields(name: "Bureau Express"), by: admin)
        var fields = OpportunityFields(name: "Desks", customer: .account(account.id))
        fields.competitorIds = [rival.id]
        let named = try await s.createOpportunity(fields, by: admin)
        #expect(await refused(world) { try await s.deleteCompetitor(rival.id, ifVersion: nil, by: admin) } == ["opportunity"])

        let other = try await s.createCompetitor(CompetitorFields(name: "Papeterie Rapide"), by: admin)
        let lost = try await s.createOpportunity(OpportunityFields(name: "Chairs", customer: .account(account.id)), by: admin)
        _ = try await s.loseOpportunity(lost.id, as: .outSold, competitorId: other.id, ifVersion: nil, by: admin)
        #expect(await refused(world) { try await s.deleteCompetitor(other.id, ifVersion: nil, by: admin) } == ["close record"])

        // Once nothing names it, it goes.
        _ = try await s.updateOpportunity(named.id, ifVersion: nil, by: admin) { $0.competitorIds = [] }
        try await s.deleteCompetitor(rival.id, ifVersion: nil, by: admin)
        await #expect(throws: ServiceError.self) { _ = try await s.get(Competitor.self, rival.id, by: admin) }
    }

    @Test("Customers, contacts, leads and opportunities are kept while documents refer to them; their activities go with them")
    func customersAndDocuments() async throws {
        let world = try await TestWorld.make()
        let (s, admin) = (world.services, world.admin)
        let account = try await s.createAccount(AccountFields(name: "Atelier"), by: admin)
        let contact = try await s.createContact(ContactFields(lastName: "Martin", accountId: account.id), by: admin)
        var fields = OpportunityFields(name: "Desks", customer: .account(account.id))
        fields.contactId = contact.id
        let opportunity = try await s.createOpportunity(fields, priceListId: world.catalog.priceList.id, by: admin)
        #expect(await refused(world) { try await s.deleteAccount(account.id, ifVersion: nil, by: admin) } == ["contact", "opportunity"])
        #expect(await refused(world) { try await s.deleteContact(contact.id, ifVersion: nil, by: admin) } == ["opportunity"])

        let quote = try await s.generateQuote(from: opportunity.id, by: admin)
        #expect(await refused(world) { try await s.deleteOpportunity(opportunity.id, ifVersion: nil, by: admin) } == ["quote"])

        // A draft quote goes, and its activities with it.
        let call = try await s.createActivity(.phoneCall, regarding: .quote, quote.id.uuid, fields: ActivityFields(subject: "Call"), by: admin)
        try await s.deleteQuote(quote.id, ifVersion: nil, by: admin)
        await #expect(throws: ServiceError.self) { _ = try await s.get(Activity.self, call.id, by: admin) }
        let trail = try await s.store.read { tx in try await tx.history(recordType: "activity", recordId: call.id.uuid) }
        #expect(trail.map(\.action).last == "delete")

        // A lead that became an opportunity is kept while the opportunity is.
        let lead = try await world.lead()
        let qualified = try await s.qualifyLead(lead.id, QualifyOptions(allowDuplicates: true), ifVersion: nil, by: admin)
        let made = try #require(qualified.opportunity)
        #expect(await refused(world) { try await s.deleteOpportunity(made.id, ifVersion: nil, by: admin) } == ["lead"])
        // An open lead goes with its tasks.
        let other = try await world.lead(company: "Papeterie", email: "jo@papeterie.example")
        let task = try await s.createActivity(.task, regarding: .lead, other.id.uuid, fields: ActivityFields(subject: "Call back"), by: admin)
        try await s.deleteLead(other.id, ifVersion: nil, by: admin)
        await #expect(throws: ServiceError.self) { _ = try await s.get(Activity.self, task.id, by: admin) }
    }

    @Test("Orders and invoices: an invoiced order stays, a credited invoice stays")
    func ordersAndInvoices() async throws {
        let world = try await TestWorld.make()
        let (s, admin) = (world.services, world.admin)
        let account = try await s.createAccount(TestWorld.frenchCustomer("Atelier"), by: admin)
        var order = try await s.createOrder(OrderFields(name: "Desks"), customer: .account(account.id), by: admin)
        order = try await s.addLine(to: Order.self, order.id, LineFields(writeInName: "Desk", quantity: 2, pricePerUnit: 250, taxRate: 20), ifVersion: nil, by: admin)
        let invoice = try await s.createInvoice(fromOrder: order.id, by: admin)
        await #expect(throws: ServiceError.self) { try await s.deleteOrder(order.id, ifVersion: nil, by: admin) }
        let issued = try await s.issueInvoice(invoice.id, ifVersion: nil, by: admin)
        _ = try await s.cancelInvoice(issued.id, ifVersion: nil, by: admin)
        let credits = try await s.list(Invoice.self, ListQuery(filters: ["kind": "creditNote"]), by: admin).items
        #expect(credits.map(\.creditedInvoiceId) == [issued.id])
        let refusal = await #expect(throws: ServiceError.self) { try await s.deleteInvoice(issued.id, ifVersion: nil, by: admin) }
        #expect(refusal != nil)
        let counted = try await s.store.read { tx in try await tx.refusingReferences(to: "invoice", issued.id.uuid) }
        #expect(counted == ["invoice"])
    }

    @Test("The catalog: units, products, price lists and discount lists are kept while price list items use them")
    func catalog() async throws {
        let world = try await TestWorld.make()
        let (s, admin, catalog) = (world.services, world.admin, world.catalog)
        #expect(await refused(world) { try await s.deleteUnit(catalog.each.id, ifVersion: nil, by: admin) } == ["product", "price list item"])
        #expect(await refused(world) { try await s.deleteProduct(catalog.laptop.id, ifVersion: nil, by: admin) } == ["price list item"])
        #expect(await refused(world) { try await s.deleteDiscountList(catalog.volume.id, ifVersion: nil, by: admin) } == ["price list item"])
        let account = try await s.createAccount(AccountFields(name: "Atelier"), by: admin)
        _ = try await s.createOpportunity(OpportunityFields(name: "Desks", customer: .account(account.id)),
                                          priceListId: catalog.priceList.id, by: admin)
        #expect(await refused(world) { try await s.deletePriceList(catalog.priceList.id, ifVersion: nil, by: admin) }
            == ["price list item", "opportunity"])
    }

    @Test("Teams: kept while a capture form sends leads to them; their member rows go with them")
    func teams() async throws {
        let world = try await TestWorld.make()
        let (s, admin) = (world.services, world.admin)
        let team = try await s.createTeam(TeamFields(name: "North", memberIds: [admin.userId]), by: admin)
        let form = try await s.createCaptureForm(CaptureFormFields(key: "contact", name: "Contact", fields: [
            CaptureField(name: "lastName", target: "lastName", required: true),
        ], teamId: team.id), by: admin)
        #expect(await refused(world) { try await s.deleteTeam(team.id, ifVersion: nil, by: admin) } == ["capture form"])
        try await s.deleteCaptureForm(form.id, ifVersion: nil, by: admin)
        try await s.deleteTeam(team.id, ifVersion: nil, by: admin)
        let members = try await s.store.read { tx in try await tx.rows("SELECT COUNT(*) AS n FROM team_members").first?.decode(column: "n", as: Int.self) }
        #expect(members == 0)
    }

    @Test("Processes: kept while leads or opportunities follow them")
    func processes() async throws {
        let world = try await TestWorld.make()
        let (s, admin) = (world.services, world.admin)
        let other = try await s.createProcess(name: "Field", isDefault: false, stages: SalesProcess.defaultStages, by: admin)
        var fields = LeadFields(topic: "Desks", lastName: "Martin")
        fields.companyName = "Atelier"
        _ = try await s.createLead(fields, process: ProcessEdit(processId: other.id), by: admin)
        #expect(await refused(world) { try await s.deleteProcess(other.id, ifVersion: nil, by: admin) } == [other.id.description])
        let declared = try await s.store.read { tx in try await tx.refusingReferences(to: "process", other.id.uuid) }
        #expect(declared == ["lead"])
    }
}
