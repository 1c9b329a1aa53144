import Foundation
import Testing
@testable import VendoCore
@testable import VendoServices
import VendoTestSupport

@Suite("Duplicates and merging")
struct MergeTests {
    @Test("two leads with one e-mail: listed as duplicates, merged with empty fields filled, chosen fields taken, activities moved")
    func leads() async throws {
        let world = try await TestWorld.make()
        var first = LeadFields(topic: "Laptops", firstName: "Camille", lastName: "Martin", companyName: "Dupont")
        first.email = "camille@dupont.example"
        first.jobTitle = "Buyer"
        var second = LeadFields(topic: "Docks", lastName: "MARTIN")
        second.email = "Camille@Dupont.example"
        second.phone = "+33 4 72 00 00 00"
        second.budgetAmount = dec("1234.5678")
        second.jobTitle = "Head of purchasing"
        let master = try await world.services.createLead(first, by: world.admin).lead
        let duplicate = try await world.services.createLead(second, by: world.admin).lead
        let note = try await world.services.createActivity(.note, regarding: .lead, duplicate.id.uuid,
                                                           fields: ActivityFields(subject: "Met at the fair"), by: world.admin)
        let found = try await world.services.duplicates(ofLead: master.id, by: world.admin)
        #expect(found.map(\.id) == [duplicate.id.uuid] && found.first?.matchedOn == "email")

        let merged = try await world.services.mergeLeads(master.id, duplicate: duplicate.id, take: ["jobTitle"], ifVersion: master.info.version,
                                                         by: world.admin)
        #expect(merged.fields.topic == "Laptops" && merged.fields.firstName == "Camille" && merged.fields.lastName == "Martin")
        #expect(merged.fields.phone == "+33 4 72 00 00 00" && merged.fields.budgetAmount == dec("1234.5678"))
        #expect(merged.fields.jobTitle == "Head of purchasing" && merged.state == .open)
        let closed = try await world.services.get(Lead.self, duplicate.id, by: world.admin)
        #expect(closed.state == .disqualified && closed.status == .canceled && closed.mergedIntoId == master.id)
        #expect(try await world.services.get(Activity.self, note.id, by: world.admin).regardingId == master.id.uuid)
        let history = try await world.services.history(of: Lead.self, master.id, by: world.admin)
        #expect(history.contains { $0.action == "merge" && $0.field == "mergedRecord" && $0.newValue == duplicate.id.description })
        #expect(history.contains { $0.action == "merge" && $0.field == "jobTitle" })
        #expect(try await world.services.duplicates(ofLead: master.id, by: world.admin).isEmpty)

        let again = await #expect(throws: ServiceError.self) {
            try await world.services.mergeLeads(master.id, duplicate: duplicate.id, ifVersion: nil, by: world.admin)
        }
        #expect(again?.code == "invalid_transition")
        let itself = await #expect(throws: ServiceError.self) {
            try await world.services.mergeLeads(master.id, duplicate: master.id, ifVersion: nil, by: world.admin)
        }
        #expect(itself?.code == "same_record")
        let unknownField = await #expect(throws: ServiceError.self) {
            let other = try await world.services.createLead(LeadFields(topic: "x", lastName: "y"), by: world.admin).lead
            _ = try await world.services.mergeLeads(master.id, duplicate: other.id, take: ["shoeSize"], ifVersion: nil, by: world.admin)
        }
        #expect(unknownField?.code == "unknown_field")
    }

    @Test("merging accounts moves contacts, opportunities, quotes and activities to the master, then deletes the duplicate")
    func accounts() async throws {
        let world = try await TestWorld.make()
        let master = try await world.services.createAccount(AccountFields(name: "Dupont SA", website: "https://www.dupont.example"),
                                                            by: world.admin)
        let duplicate = try await world.services.createAccount(AccountFields(name: "DUPONT  sa", phone: "+33 1"), by: world.admin)
        #expect(try await world.services.duplicates(ofAccount: master.id, by: world.admin).map(\.id) == [duplicate.id.uuid])
        let contact = try await world.services.createContact(ContactFields(lastName: "Roux", accountId: duplicate.id), by: world.admin)
        let opportunity = try await world.services.createOpportunity(OpportunityFields(name: "Deal", customer: .account(duplicate.id)),
                                                                     priceListId: world.catalog.priceList.id, by: world.admin)
        let quote = try await world.services.generateQuote(from: opportunity.id, by: world.admin)
        let call = try await world.services.createActivity(.phoneCall, regarding: .account, duplicate.id.uuid,
                                                           fields: ActivityFields(subject: "Call"), by: world.admin)

        let merged = try await world.services.mergeAccounts(master.id, duplicate: duplicate.id, ifVersion: nil, by: world.admin)
        #expect(merged.fields.name == "Dupont SA" && merged.fields.phone == "+33 1" && merged.fields.website == "https://www.dupont.example")
        #expect(try await world.services.get(Contact.self, contact.id, by: world.admin).fields.accountId == master.id)
        #expect(try await world.services.get(Opportunity.self, opportunity.id, by: world.admin).fields.customer == .account(master.id))
        #expect(try await world.services.get(Quote.self, quote.id, by: world.admin).customer == .account(master.id))
        #expect(try await world.services.get(Activity.self, call.id, by: world.admin).regardingId == master.id.uuid)
        await #expect(throws: ServiceError.self) { try await world.services.get(Account.self, duplicate.id, by: world.admin) }
        #expect(try await world.services.history(of: Opportunity.self, opportunity.id, by: world.admin).contains { $0.action == "merge" })
    }

    @Test("merging contacts moves the documents that name the duplicate as contact or customer")
    func contacts() async throws {
        let world = try await TestWorld.make()
        var fields = ContactFields(firstName: "Ana", lastName: "Lopez", email: "ana@x.example")
        let master = try await world.services.createContact(fields, by: world.admin)
        fields.email = "ANA@x.example"
        fields.firstName = nil
        fields.jobTitle = "CFO"
        let duplicate = try await world.services.createContact(fields, by: world.admin)
        #expect(try await world.services.duplicates(ofContact: master.id, by: world.admin).map(\.id) == [duplicate.id.uuid])
        let account = try await world.services.createAccount(AccountFields(name: "Lopez Ltd"), by: world.admin)
        let sold = try await world.services.createOpportunity(
            OpportunityFields(name: "With contact", customer: .account(account.id), contactId: duplicate.id), by: world.admin)
        let direct = try await world.services.createOpportunity(OpportunityFields(name: "Direct", customer: .contact(duplicate.id)),
                                                                by: world.admin)
        let quote = try await world.services.createQuote(QuoteFields(name: "Q", contactId: duplicate.id), customer: .account(account.id),
                                                         by: world.admin)
        let merged = try await world.services.mergeContacts(master.id, duplicate: duplicate.id, ifVersion: nil, by: world.admin)
        #expect(merged.fields.firstName == "Ana" && merged.fields.jobTitle == "CFO" && merged.fields.email == "ana@x.example")
        #expect(try await world.services.get(Opportunity.self, sold.id, by: world.admin).fields.contactId == master.id)
        #expect(try await world.services.get(Opportunity.self, direct.id, by: world.admin).fields.customer == .contact(master.id))
        #expect(try await world.services.get(Quote.self, quote.id, by: world.admin).fields.contactId == master.id)
        await #expect(throws: ServiceError.self) { try await world.services.get(Contact.self, duplicate.id, by: world.admin) }
    }
}
