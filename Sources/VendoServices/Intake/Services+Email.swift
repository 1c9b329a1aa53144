import Foundation
import VendoCore
import VendoStore

/// What an e-mail enquiry became.
public enum EmailIntake: Sendable, Equatable {
    /// A new lead from an unknown sender.
    case lead(ID<Lead>)
    /// An e-mail activity logged on a known sender's open opportunity, open lead or contact.
    case activity(ID<Activity>, regarding: RegardingType, UUID)
}

extension Services {
    /// Turns an e-mail into sales work: from a known contact it is logged on their open
    /// opportunity (or on the contact), from a known open lead on that lead, and from anyone
    /// else it becomes a lead (source `email`) owned by `owner`.
    public func ingestEmail(_ message: MailMessage, owner: Caller) async throws -> EmailIntake {
        try await write(as: nil) { tx in
            let subject = message.subject.isEmpty ? "(no subject)" : String(message.subject.prefix(200))
            let body = message.text.isEmpty ? nil : String(message.text.prefix(20_000))
            if let (type, id, recordOwner) = try await knownSender(message.fromAddress, in: tx) {
                // Logged for the record's owner, so that it shows in their work.
                let by = Caller(recordOwner)
                var activity = try Activity(id: newID(), info: newInfo(by), type: .email, regardingType: type, regardingId: id,
                                            fields: ActivityFields(subject: subject, body: body))
                activity.info.createdBy = owner.userId
                try await insert(activity, by: by, in: tx)
                return .activity(activity.id, regarding: type, id)
            }
            var fields = LeadFields(topic: message.subject.isEmpty ? "E-mail enquiry" : String(message.subject.prefix(200)))
            let name = (message.fromName ?? "").split(separator: " ").map(String.init)
            if name.isEmpty {
                fields.lastName = String(message.fromAddress.split(separator: "@").first ?? "")
            } else {
                fields.lastName = name.last
                fields.firstName = name.count > 1 ? name.dropLast().joined(separator: " ") : nil
            }
            fields.firstName = fields.firstName.map { String($0.prefix(200)) }
            fields.lastName = fields.lastName.map { String($0.prefix(200)) }
            fields.email = message.fromAddress
            fields.source = .email
            fields.description = message.text.isEmpty ? nil : String(message.text.prefix(10_000))
            let lead = try await newLead(fields, process: try await processForNewRecord(nil, in: tx), by: owner, in: tx)
            try await insert(lead, by: owner, in: tx)
            return .lead(lead.id)
        }
    }

    /// Where a known sender's e-mail belongs: their newest open opportunity, else the contact,
    /// else their newest open lead; with the owner of that record.
    private func knownSender(_ address: String, in tx: Transaction) async throws -> (RegardingType, UUID, ID<User>)? {
        let contacts = try await tx.contacts(withEmail: address)
        if let contact = contacts.last {
            let ids = [contact.id.uuid] + (contact.fields.accountId.map { [$0.uuid] } ?? [])
            let open = try await tx.opportunities(involving: ids).filter { $0.state == .open }
            if let opportunity = open.max(by: { $0.info.modifiedAt < $1.info.modifiedAt }) {
                return (.opportunity, opportunity.id.uuid, opportunity.info.ownerId)
            }
            return (.contact, contact.id.uuid, contact.info.ownerId)
        }
        let leads = try await tx.leads(withEmail: address)
        if let lead = leads.filter({ $0.state == .open }).max(by: { $0.info.modifiedAt < $1.info.modifiedAt }) {
            return (.lead, lead.id.uuid, lead.info.ownerId)
        }
        // A qualified lead's enquiry goes on with the opportunity it became, while that is open.
        for lead in leads.reversed() {
            if let id = lead.qualifyingOpportunityId, let opportunity = try await tx.find(Opportunity.self, id), opportunity.state == .open {
                return (.opportunity, opportunity.id.uuid, opportunity.info.ownerId)
            }
        }
        return nil
    }
}
