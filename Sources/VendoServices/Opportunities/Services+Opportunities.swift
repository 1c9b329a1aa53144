import Foundation
import VendoCore
import VendoStore

/// What a person says when winning or losing an opportunity.
public struct CloseDetails: Sendable, Equatable {
    public var closeDate: Day?
    public var description: String?
    /// Close the opportunity's draft and active quotes as canceled in the same transaction.
    public var closeQuotes: Bool

    public init(closeDate: Day? = nil, description: String? = nil, closeQuotes: Bool = false) {
        self.closeDate = closeDate
        self.description = description
        self.closeQuotes = closeQuotes
    }
}

extension Services {
    /// Creates an open opportunity on the process asked for, or on the default one, at its first
    /// opportunity stage, with the checklist steps already ticked.
    public func createOpportunity(_ fields: OpportunityFields, currency: String? = nil, priceListId: ID<PriceList>? = nil,
                                  process edit: ProcessEdit = ProcessEdit(), by caller: Caller) async throws -> Opportunity {
        try await write(as: caller) { tx in
            try await checkOpportunityReferences(fields, in: tx)
            let pricing = try await newPricing(currency: currency, priceList: priceListId, in: tx)
            var opportunity = try Opportunity(id: newID(), info: newInfo(caller), fields: fields, pricing: pricing)
            if let process = try await processForNewRecord(edit.processId, in: tx) {
                opportunity.enter(process.entry(forLead: false), of: process)
            }
            opportunity.process = try await apply(ProcessEdit(checklist: edit.checklist), to: opportunity.process, forLead: false, in: tx)
            return try await insert(opportunity, by: caller, in: tx, requiring: true)
        }
    }

    func checkOpportunityReferences(_ fields: OpportunityFields, in tx: Transaction) async throws {
        try await checkCustomer(fields.customer, in: tx)
        if let contact = fields.contactId { _ = try await reference(Contact.self, contact, field: "contactId", in: tx) }
        for (index, competitor) in fields.competitorIds.enumerated() {
            _ = try await reference(Competitor.self, competitor, field: "competitorIds[\(index)]", in: tx)
        }
    }

    /// Changes an open opportunity's fields, currency, header amounts, process or checklist, and
    /// with `status` moves it between inProgress and onHold; all in one transaction.
    public func updateOpportunity(_ id: ID<Opportunity>, ifVersion: Int?, by caller: Caller, status: OpportunityStatus? = nil,
                                  pricing: PricingEdit = PricingEdit(), process: ProcessEdit = ProcessEdit(),
                                  _ edit: @escaping @Sendable (inout OpportunityFields) -> Void) async throws -> Opportunity {
        try await write(as: caller) { tx in
            try await change(Opportunity.self, id, ifVersion: ifVersion, by: caller, action: "update", in: tx) { opportunity in
                var fields = opportunity.fields
                edit(&fields)
                if fields.revenueMode == .systemCalculated && opportunity.fields.revenueMode == .systemCalculated {
                    // Computed from the lines: a typed value is ignored rather than half-applied.
                    fields.estimatedRevenue = opportunity.fields.estimatedRevenue
                }
                if fields != opportunity.fields {
                    try opportunity.ensure(.update)
                    try await checkOpportunityReferences(fields, in: tx)
                    try opportunity.update(fields)
                }
                try await apply(pricing, to: &opportunity, in: tx)
                if !process.isEmpty {
                    try opportunity.ensure(.update)
                    opportunity.process = try await apply(process, to: opportunity.process, forLead: false, in: tx)
                }
                if let status, status != opportunity.status { try opportunity.changeStatus(to: status) }
            }
        }
    }

    public func winOpportunity(_ id: ID<Opportunity>, actualRevenue: Decimal? = nil, details: CloseDetails = CloseDetails(),
                               ifVersion: Int?, by caller: Caller) async throws -> Opportunity {
        try await write(as: caller) { tx in
            try await winOpportunity(id, actualRevenue: actualRevenue, details: details, ifVersion: ifVersion, by: caller, in: tx)
        }
    }

    func winOpportunity(_ id: ID<Opportunity>, actualRevenue: Decimal?, details: CloseDetails, ifVersion: Int?,
                        by caller: Caller, in tx: Transaction) async throws -> Opportunity {
        let closeDate = details.closeDate ?? today
        return try await change(Opportunity.self, id, ifVersion: ifVersion, by: caller, action: "win", in: tx) { opportunity in
            try opportunity.ensure(.win)
            let open = try await tx.quotes(ofOpportunity: id).filter(\.isOpen)
            try opportunity.win(actualRevenue: actualRevenue, closeDate: closeDate, openQuotes: open.map(\.id),
                                closeQuotes: details.closeQuotes)
            try await cancelQuotes(open, closeDate: closeDate, by: caller, in: tx)
            try await addCloseRecord(for: opportunity, status: "won", details: details, closeDate: closeDate,
                                     revenue: opportunity.actualRevenue, competitor: nil, by: caller, in: tx)
        }
    }

    /// Closes an open opportunity as lost: a status of SALES-PROCESS.md §2 and, when given, a
    /// reason from the organisation's list (`lostReason`).
    public func loseOpportunity(_ id: ID<Opportunity>, as status: OpportunityStatus, reason: LostReason? = nil,
                                competitorId: ID<Competitor>? = nil, details: CloseDetails = CloseDetails(), ifVersion: Int?,
                                by caller: Caller) async throws -> Opportunity {
        try await write(as: caller) { tx in
            let closeDate = details.closeDate ?? today
            return try await change(Opportunity.self, id, ifVersion: ifVersion, by: caller, action: "lose", in: tx) { opportunity in
                try opportunity.ensure(.lose)
                if let competitorId { _ = try await reference(Competitor.self, competitorId, field: "competitorId", in: tx) }
                let open = try await tx.quotes(ofOpportunity: id).filter(\.isOpen)
                try opportunity.lose(as: status, reason: reason, closeDate: closeDate, openQuotes: open.map(\.id), closeQuotes: details.closeQuotes)
                try await cancelQuotes(open, closeDate: closeDate, by: caller, in: tx)
                try await addCloseRecord(for: opportunity, status: status.rawValue, details: details, closeDate: closeDate,
                                         revenue: nil, competitor: competitorId, by: caller, in: tx)
            }
        }
    }

    private func cancelQuotes(_ quotes: [Quote], closeDate: Day, by caller: Caller, in tx: Transaction) async throws {
        for quote in quotes {
            var closed = quote
            try closed.cancelWithOpportunity()
            try await save(closed, from: quote, by: caller, action: "close", in: tx, checked: false)
            try await addCloseRecord(for: closed, status: "canceled", details: CloseDetails(description: "opportunity closed"),
                                     closeDate: closeDate, revenue: nil, competitor: nil, by: caller, in: tx)
        }
    }

    func addCloseRecord<R: Record>(for record: R, status: String, details: CloseDetails, closeDate: Day, revenue: Decimal?,
                                   competitor: ID<Competitor>?, by caller: Caller, in tx: Transaction) async throws {
        var check = Validator()
        check.text(details.description, "description", maxLength: 10000)
        try check.check()
        let close = CloseRecord(id: newID(), info: newInfo(caller), regardingType: R.recordType, regardingId: record.id.uuid,
                                status: status, closeDate: closeDate, description: details.description,
                                actualRevenue: revenue, competitorId: competitor)
        try await insert(close, by: caller, in: tx)
    }

    public func reopenOpportunity(_ id: ID<Opportunity>, ifVersion: Int?, by caller: Caller) async throws -> Opportunity {
        try await write(as: caller) { tx in
            try await change(Opportunity.self, id, ifVersion: ifVersion, by: caller, action: "reopen", in: tx) { try $0.reopen() }
        }
    }

    /// The close records of an opportunity, quote or order, oldest first.
    public func closeRecords(regarding id: UUID) async throws -> [CloseRecord] {
        try await read { tx in try await tx.closeRecords(regarding: id) }
    }

    public func deleteOpportunity(_ id: ID<Opportunity>, ifVersion: Int?, by caller: Caller) async throws {
        try await write(as: caller) { tx in
            let opportunity = try await load(Opportunity.self, id, in: tx)
            try opportunity.ensure(.delete)
            try await remove(opportunity, ifVersion: ifVersion, by: caller, in: tx)
        }
    }

    /// A new draft quote with the opportunity's customer, currency, price list, discounts,
    /// freight and a deep copy of its lines.
    public func generateQuote(from id: ID<Opportunity>, by caller: Caller) async throws -> Quote {
        try await write(as: caller) { tx in
            let opportunity = try await load(Opportunity.self, id, in: tx)
            try ensureAllowed(.action("generateQuote"), opportunity, by: caller)
            try opportunity.ensure(.generateQuote)
            var pricing = opportunity.pricing
            pricing.lines = pricing.lines.map { $0.copied(as: newID()) }
            try pricing.recalculate(try await amountsContext(currency: pricing.currency, in: tx))
            var fields = QuoteFields(name: opportunity.fields.name, contactId: opportunity.fields.contactId)
            fields.description = opportunity.fields.description
            fields.customFields = try await carried(opportunity.customFields, to: .quote, in: tx)
            let quote = try Quote(id: newID(), info: newInfo(caller), number: try await nextQuoteNumber(in: tx),
                                  opportunityId: id, customer: opportunity.fields.customer, fields: fields, pricing: pricing)
            return try await insert(quote, by: caller, in: tx)
        }
    }
}
