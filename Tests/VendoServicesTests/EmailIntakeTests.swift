import Foundation
import Testing
@testable import VendoCore
@testable import VendoServices
import VendoTestSupport

@Suite("E-mail enquiries")
struct EmailIntakeTests {
    func mail(from: String, subject: String = "Quote please", body: String = "We need 20 laptops.") throws -> MailMessage {
        try MailMessage.parse(Array("From: \(from)\nSubject: \(subject)\nContent-Type: text/plain; charset=utf-8\n\n\(body)\n".utf8))
    }

    @Test("an unknown sender becomes an open lead with source email, their name, the subject and the text")
    func newLead() async throws {
        let world = try await TestWorld.make()
        let intake = try await world.services.ingestEmail(try mail(from: "\"Élise de Roux\" <elise@roux.example>"), owner: world.admin)
        guard case .lead(let id) = intake else { Issue.record("expected a lead, got \(intake)"); return }
        let lead = try await world.services.get(Lead.self, id, by: world.admin)
        #expect(lead.fields.firstName == "Élise de" && lead.fields.lastName == "Roux" && lead.fields.email == "elise@roux.example")
        #expect(lead.fields.topic == "Quote please" && lead.fields.description == "We need 20 laptops.")
        #expect(lead.fields.source == .email && lead.state == .open && lead.info.ownerId == world.admin.userId)
        let bare = try await world.services.ingestEmail(try mail(from: "info@shop.example", subject: ""), owner: world.admin)
        guard case .lead(let second) = bare else { Issue.record("expected a lead"); return }
        let lead2 = try await world.services.get(Lead.self, second, by: world.admin)
        #expect(lead2.fields.lastName == "info" && lead2.fields.topic == "E-mail enquiry")
    }

    @Test("a known open lead gets the e-mail logged, completed, for the lead's owner")
    func knownLead() async throws {
        let world = try await TestWorld.make()
        let lead = try await world.lead(email: "camille@dupont.example")
        let intake = try await world.services.ingestEmail(try mail(from: "Camille <CAMILLE@dupont.example>", subject: "Re: laptops"),
                                                          owner: world.admin)
        #expect(intake.regarding == (.lead, lead.id.uuid))
        let activity = try await world.services.get(Activity.self, try #require(intake.activityId), by: world.admin)
        #expect(activity.type == .email && activity.fields.subject == "Re: laptops" && activity.fields.body == "We need 20 laptops.")
        #expect(activity.state == .completed && activity.info.ownerId == lead.info.ownerId)
        #expect(try await count(world, Lead.self) == 1)
    }

    @Test("a known contact's e-mail goes on their open opportunity, or on the contact when none is open")
    func knownContact() async throws {
        let world = try await TestWorld.make()
        let opportunity = try await world.opportunity(company: "Atelier Dupont")
        let contactId = try #require(opportunity.fields.contactId)
        let contact = try await world.services.get(Contact.self, contactId, by: world.admin)
        let email = try #require(contact.fields.email)
        let first = try await world.services.ingestEmail(try mail(from: email), owner: world.admin)
        #expect(first.regarding == (.opportunity, opportunity.id.uuid))
        _ = try await world.services.loseOpportunity(opportunity.id, as: .canceled, ifVersion: nil, by: world.admin)
        let second = try await world.services.ingestEmail(try mail(from: email), owner: world.admin)
        #expect(second.regarding == (.contact, contact.id.uuid))
        #expect(try await count(world, Lead.self) == 1)
    }

    @Test("a qualified lead's e-mail goes on the open opportunity it became")
    func qualifiedLead() async throws {
        let world = try await TestWorld.make()
        let lead = try await world.lead(email: "solo@x.example")
        let result = try await world.services.qualifyLead(lead.id, QualifyOptions(createContact: false, priceListId: world.catalog.priceList.id),
                                                          ifVersion: nil, by: world.admin)
        let opportunity = try #require(result.opportunity)
        let intake = try await world.services.ingestEmail(try mail(from: "solo@x.example"), owner: world.admin)
        #expect(intake.regarding == (.opportunity, opportunity.id.uuid))
    }
}

extension EmailIntake {
    var regarding: (RegardingType, UUID)? {
        if case .activity(_, let type, let id) = self { return (type, id) }
        return nil
    }

    var activityId: ID<Activity>? {
        if case .activity(let id, _, _) = self { return id }
        return nil
    }
}

func == (lhs: (RegardingType, UUID)?, rhs: (RegardingType, UUID)) -> Bool {
    guard let lhs else { return false }
    return lhs.0 == rhs.0 && lhs.1 == rhs.1
}
