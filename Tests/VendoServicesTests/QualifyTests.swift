import Foundation
import Testing
@testable import VendoCore
@testable import VendoServices
import VendoTestSupport

@Suite("Qualifying leads")
struct QualifyTests {
    @Test("creates the account, contact and opportunity from the lead, linked together")
    func creates() async throws {
        let world = try await TestWorld.make()
        var fields = LeadFields(topic: "Laptops", firstName: "Camille", lastName: "Martin", companyName: "Atelier Dupont")
        fields.email = "camille@dupont.example"
        fields.website = "dupont.example"
        fields.jobTitle = "Buyer"
        fields.estimatedValue = dec("12000")
        fields.estimatedCloseDate = Day("2026-06-30")
        fields.customerNeed = "20 laptops"
        fields.currency = "USD"
        let lead = try await world.services.createLead(fields, by: world.admin).lead
        let result = try await world.services.qualifyLead(lead.id, QualifyOptions(), ifVersion: lead.info.version, by: world.admin)
        let account = try #require(result.account), contact = try #require(result.contact), opportunity = try #require(result.opportunity)
        #expect(result.lead.state == .qualified && result.lead.status == .qualified)
        #expect(result.lead.qualifyingOpportunityId == opportunity.id)
        #expect(account.fields.name == "Atelier Dupont" && account.fields.website == "dupont.example" && account.originatingLeadId == lead.id)
        #expect(contact.fields.accountId == account.id && contact.fields.email == fields.email && contact.fields.jobTitle == "Buyer")
        #expect(opportunity.fields.customer == .account(account.id) && opportunity.fields.contactId == contact.id)
        #expect(opportunity.originatingLeadId == lead.id && opportunity.fields.name == "Laptops")
        #expect(opportunity.estimatedRevenue == dec("12000") && opportunity.fields.estimatedCloseDate == Day("2026-06-30"))
        #expect(opportunity.fields.customerNeed == "20 laptops")
        #expect(opportunity.pricing.currency == "USD" && opportunity.pricing.exchangeRate == dec("1.25"))
        #expect(opportunity.estimatedRevenueBase == dec("9600.00"))
        #expect(try await world.services.get(Account.self, account.id, by: world.admin) == account)
    }

    @Test("without a company, creating an account is a validation error and nothing changes")
    func noCompany() async throws {
        let world = try await TestWorld.make()
        let lead = try await world.services.createLead(LeadFields(topic: "t", lastName: "Solo"), by: world.admin).lead
        let error = await #expect(throws: ServiceError.self) {
            try await world.services.qualifyLead(lead.id, QualifyOptions(), ifVersion: nil, by: world.admin)
        }
        #expect(error?.fieldNames == ["createAccount"])
        #expect(try await world.services.get(Lead.self, lead.id, by: world.admin) == lead)
        // The contact alone can be the opportunity's customer.
        let result = try await world.services.qualifyLead(lead.id, QualifyOptions(createAccount: false), ifVersion: nil, by: world.admin)
        #expect(result.account == nil)
        #expect(result.opportunity?.fields.customer == .contact(try #require(result.contact).id))
    }

    @Test("options that contradict each other are refused")
    func badOptions() async throws {
        let world = try await TestWorld.make()
        let lead = try await world.lead()
        let account = try await world.services.createAccount(AccountFields(name: "Other"), by: world.admin)
        let both = await #expect(throws: ServiceError.self) {
            try await world.services.qualifyLead(lead.id, QualifyOptions(existingAccountId: account.id), ifVersion: nil, by: world.admin)
        }
        #expect(both?.fieldNames == ["existingAccountId"])
        let noCustomer = await #expect(throws: ServiceError.self) {
            try await world.services.qualifyLead(lead.id, QualifyOptions(createAccount: false, createContact: false), ifVersion: nil,
                                                 by: world.admin)
        }
        #expect(noCustomer?.fieldNames == ["createOpportunity"])
        let unknown = await #expect(throws: ServiceError.self) {
            try await world.services.qualifyLead(lead.id, QualifyOptions(createAccount: false, existingAccountId: ID(UUID())),
                                                 ifVersion: nil, by: world.admin)
        }
        #expect(unknown?.fieldNames == ["existingAccountId"])
        let linked = try await world.services.qualifyLead(lead.id, QualifyOptions(createAccount: false, existingAccountId: account.id),
                                                          ifVersion: nil, by: world.admin)
        #expect(linked.opportunity?.fields.customer == .account(account.id) && linked.contact?.fields.accountId == account.id)
        #expect(try await count(world, Account.self) == 1)
    }

    @Test("a similar account or contact blocks qualification until allowed")
    func duplicates() async throws {
        let world = try await TestWorld.make()
        let existing = try await world.services.createAccount(AccountFields(name: "  atelier   DUPONT "), by: world.admin)
        let byDomain = try await world.services.createAccount(AccountFields(name: "AD Lyon", website: "http://atelier-dupont.example/fr"),
                                                              by: world.admin)
        let contact = try await world.services.createContact(ContactFields(lastName: "Martin", email: "Camille@Dupont.example"),
                                                             by: world.admin)
        let lead = try await world.lead(company: "Atelier Dupont", email: "camille@dupont.example")
        let error = await #expect(throws: ServiceError.self) {
            try await world.services.qualifyLead(lead.id, QualifyOptions(), ifVersion: nil, by: world.admin)
        }
        guard case .duplicatesFound(let matches) = error else {
            Issue.record("expected duplicates, got \(String(describing: error))")
            return
        }
        #expect(Set(matches.map(\.id)) == [existing.id.uuid, byDomain.id.uuid, contact.id.uuid])
        #expect(matches.first { $0.id == byDomain.id.uuid }?.matchedOn == "websiteDomain")
        #expect(try await world.services.get(Lead.self, lead.id, by: world.admin).state == .open)
        let result = try await world.services.qualifyLead(lead.id, QualifyOptions(allowDuplicates: true), ifVersion: nil, by: world.admin)
        #expect(result.lead.state == .qualified)
        #expect(try await count(world, Account.self) == 3)
    }

    @Test("a failure on the last write (the lead's history) leaves nothing half-done")
    func atomic() async throws {
        let world = try await TestWorld.make()
        let lead = try await world.lead()
        let accounts = try await count(world, Account.self), opportunities = try await count(world, Opportunity.self)
        try await injectFailure(world, "fail_qualify", before: "INSERT", on: "history", when: "NEW.action = 'qualify'")
        await #expect(throws: (any Error).self) {
            try await world.services.qualifyLead(lead.id, QualifyOptions(), ifVersion: nil, by: world.admin)
        }
        #expect(try await count(world, Account.self) == accounts)
        #expect(try await count(world, Contact.self) == 0)
        #expect(try await count(world, Opportunity.self) == opportunities)
        #expect(try await world.services.get(Lead.self, lead.id, by: world.admin) == lead)
        #expect(try await world.services.history(of: Lead.self, lead.id, by: world.admin).map(\.action) == ["create"])
        try await removeFailure(world, "fail_qualify", on: "history")
        let result = try await world.services.qualifyLead(lead.id, QualifyOptions(), ifVersion: nil, by: world.admin)
        #expect(result.opportunity != nil)
    }

    @Test("disqualify, reactivate, and the lead that produced an opportunity")
    func lifecycle() async throws {
        let world = try await TestWorld.make()
        let s = world.services, me = world.admin
        let lead = try await world.lead()
        let contacted = try await s.updateLead(lead.id, ifVersion: nil, by: me, status: .contacted) { _ in }
        #expect(contacted.status == .contacted)
        let badStatus = await #expect(throws: ServiceError.self) { try await s.disqualifyLead(lead.id, as: .contacted, ifVersion: nil, by: me) }
        #expect(badStatus?.fieldNames == ["status"])
        let lost = try await s.disqualifyLead(lead.id, as: .cannotContact, ifVersion: nil, by: me)
        #expect(lost.state == .disqualified && lost.status == .cannotContact)
        let again = await #expect(throws: ServiceError.self) { try await s.qualifyLead(lead.id, QualifyOptions(), ifVersion: nil, by: me) }
        #expect(again == .invalidTransition(record: "lead", state: "disqualified", status: "cannotContact", action: "qualify"))
        _ = try await s.reactivateLead(lead.id, ifVersion: nil, by: me)
        _ = try await s.qualifyLead(lead.id, QualifyOptions(), ifVersion: nil, by: me)
        _ = try await s.reactivateLead(lead.id, ifVersion: nil, by: me)
        let refused = await #expect(throws: ServiceError.self) { try await s.disqualifyLead(lead.id, as: .lost, ifVersion: nil, by: me) }
        #expect(refused?.code == "lead_has_opportunity")
        await #expect(throws: ServiceError.self) { try await s.deleteLead(ID(UUID()), ifVersion: nil, by: me) }
    }

    @Test("a new lead with the e-mail of an open lead is created and flagged")
    func flaggedDuplicates() async throws {
        let world = try await TestWorld.make()
        let first = try await world.lead(email: "same@example.com")
        var fields = LeadFields(topic: "again", lastName: "Twin")
        fields.email = "SAME@example.com"
        let second = try await world.services.createLead(fields, by: world.admin)
        #expect(second.possibleDuplicates.map(\.id) == [first.id.uuid])
        #expect(try await world.services.get(Lead.self, second.lead.id, by: world.admin) == second.lead)
    }
}
