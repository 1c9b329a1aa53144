import Foundation
import VendoCore
import VendoStore

/// A new lead and the open leads that look like it. Capture never drops a lead: duplicates are
/// only flagged.
public struct LeadCreation: Sendable {
    public var lead: Lead
    public var possibleDuplicates: [DuplicateMatch]
}

extension Services {
    /// Creates an open lead on the process asked for, or on the default one, with the checklist
    /// steps already ticked.
    /// With `cardScanId`, the scanned card's photo is kept with the lead (the scan must be the
    /// caller's, or the caller an admin, and not be a lead already).
    public func createLead(_ fields: LeadFields, process: ProcessEdit = ProcessEdit(), cardScanId: UUID? = nil,
                           by caller: Caller) async throws -> LeadCreation {
        try await write(as: caller) { tx in
            var lead = try await newLead(fields, process: try await processForNewRecord(process.processId, in: tx), by: caller, in: tx)
            lead.process = try await apply(ProcessEdit(checklist: process.checklist), to: lead.process, forLead: true, in: tx)
            if let cardScanId {
                try await attachCard(cardScanId, to: lead.id, event: fields.event, by: caller, in: tx)
                lead.cardScanId = cardScanId
            }
            let duplicates = try await openLeads(withEmail: fields.email, in: tx)
            return LeadCreation(lead: try await insert(lead, by: caller, in: tx, requiring: true), possibleDuplicates: duplicates)
        }
    }

    /// A new open lead at the entry stage of `process`, not yet saved.
    func newLead(_ fields: LeadFields, process: SalesProcess?, by caller: Caller, in tx: Transaction) async throws -> Lead {
        var lead = try Lead(id: newID(), info: newInfo(caller), fields: fields)
        lead.process = process?.entry(forLead: true)
        if let currency = fields.currency { _ = try await loadCurrency(currency, field: "currency", in: tx) }
        return lead
    }

    func openLeads(withEmail email: String?, in tx: Transaction) async throws -> [DuplicateMatch] {
        // Only leads the caller may see: a warning must not reveal another team's records.
        try await tx.openLeads(withEmail: email).filter(isVisible).map(Self.duplicateMatch)
    }

    static func duplicateMatch(_ lead: Lead) -> DuplicateMatch {
        DuplicateMatch(recordType: "lead", id: lead.id.uuid, name: lead.fields.fullName.isEmpty ? lead.fields.topic : lead.fields.fullName,
                       matchedOn: "email")
    }

    /// Changes an open lead's fields, its process or checklist, and with `status` moves it between
    /// new and contacted; all in one transaction.
    public func updateLead(_ id: ID<Lead>, ifVersion: Int?, by caller: Caller, status: LeadStatus? = nil,
                           process: ProcessEdit = ProcessEdit(), _ edit: @escaping @Sendable (inout LeadFields) -> Void) async throws -> Lead {
        try await write(as: caller) { tx in
            try await change(Lead.self, id, ifVersion: ifVersion, by: caller, action: "update", in: tx) { lead in
                var fields = lead.fields
                edit(&fields)
                if fields != lead.fields {
                    if let currency = fields.currency, currency != lead.fields.currency {
                        _ = try await loadCurrency(currency, field: "currency", in: tx)
                    }
                    try lead.update(fields)
                }
                if !process.isEmpty {
                    try lead.ensure(.update)
                    lead.process = try await apply(process, to: lead.process, forLead: true, in: tx)
                }
                if let status, status != lead.status { try lead.changeStatus(to: status) }
            }
        }
    }

    /// Closes an open lead with a status of SALES-PROCESS.md §2 and, when given, a reason from
    /// the organisation's list (`disqualifyReason`).
    public func disqualifyLead(_ id: ID<Lead>, as status: LeadStatus, reason: DisqualifyReason? = nil, ifVersion: Int?,
                               by caller: Caller) async throws -> Lead {
        try await write(as: caller) { tx in
            try await change(Lead.self, id, ifVersion: ifVersion, by: caller, action: "disqualify", in: tx) {
                try $0.disqualify(as: status, reason: reason)
            }
        }
    }

    public func reactivateLead(_ id: ID<Lead>, ifVersion: Int?, by caller: Caller) async throws -> Lead {
        try await write(as: caller) { tx in
            try await change(Lead.self, id, ifVersion: ifVersion, by: caller, action: "reactivate", in: tx) {
                try $0.reactivate()
            }
        }
    }

    /// Deletes an open lead; qualified and disqualified leads are kept as history.
    public func deleteLead(_ id: ID<Lead>, ifVersion: Int?, by caller: Caller) async throws {
        try await write(as: caller) { tx in
            let lead = try await load(Lead.self, id, in: tx)
            try lead.ensureDeletable()
            try await remove(lead, ifVersion: ifVersion, by: caller, in: tx)
        }
    }
}
