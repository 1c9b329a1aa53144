import Foundation
import VendoCore
import VendoStore

extension Services {
    /// Logs or plans an activity about a record the caller may see.
    public func createActivity(_ type: ActivityType, regarding regardingType: RegardingType, _ regardingId: UUID,
                               fields: ActivityFields, state: ActivityState? = nil, by caller: Caller) async throws -> Activity {
        try await write(as: caller) { tx in
            try await checkRegarding(regardingType, regardingId, in: tx)
            let activity = try Activity(id: newID(), info: newInfo(caller), type: type, regardingType: regardingType,
                                        regardingId: regardingId, fields: fields, state: state)
            return try await insert(activity, by: caller, in: tx, requiring: true)
        }
    }

    /// The record an activity is about must exist and be visible to the caller.
    private func checkRegarding(_ type: RegardingType, _ id: UUID, in tx: Transaction) async throws {
        switch type {
        case .lead: _ = try await reference(Lead.self, ID(id), field: "regardingId", in: tx)
        case .account: _ = try await reference(Account.self, ID(id), field: "regardingId", in: tx)
        case .contact: _ = try await reference(Contact.self, ID(id), field: "regardingId", in: tx)
        case .opportunity: _ = try await reference(Opportunity.self, ID(id), field: "regardingId", in: tx)
        case .quote: _ = try await reference(Quote.self, ID(id), field: "regardingId", in: tx)
        case .order: _ = try await reference(Order.self, ID(id), field: "regardingId", in: tx)
        case .invoice: _ = try await reference(Invoice.self, ID(id), field: "regardingId", in: tx)
        }
    }

    public func updateActivity(_ id: ID<Activity>, ifVersion: Int?, by caller: Caller,
                               _ edit: @escaping @Sendable (inout ActivityFields) -> Void) async throws -> Activity {
        try await write(as: caller) { tx in
            try await change(Activity.self, id, ifVersion: ifVersion, by: caller, action: "update", in: tx) { activity in
                var fields = activity.fields
                edit(&fields)
                if fields != activity.fields { try activity.update(fields) }
            }
        }
    }

    public func completeActivity(_ id: ID<Activity>, ifVersion: Int?, by caller: Caller) async throws -> Activity {
        try await write(as: caller) { tx in
            let now = clock.now()
            return try await change(Activity.self, id, ifVersion: ifVersion, by: caller, action: "complete", in: tx) {
                try $0.complete(at: now)
            }
        }
    }

    public func cancelActivity(_ id: ID<Activity>, ifVersion: Int?, by caller: Caller) async throws -> Activity {
        try await write(as: caller) { tx in
            let now = clock.now()
            return try await change(Activity.self, id, ifVersion: ifVersion, by: caller, action: "cancel", in: tx) {
                try $0.cancel(at: now)
            }
        }
    }

    public func deleteActivity(_ id: ID<Activity>, ifVersion: Int?, by caller: Caller) async throws {
        try await write(as: caller) { tx in
            let activity = try await load(Activity.self, id, in: tx)
            try activity.ensure(.delete)
            try await remove(activity, ifVersion: ifVersion, by: caller, in: tx)
        }
    }

    /// The activities, close records, and state and stage changes of a record and of the records
    /// it came from (an opportunity's lead, a quote's opportunity…), newest first. Records of the
    /// chain the caller may not see are left out.
    public func timeline(of type: RegardingType, _ id: UUID, limit: Int = 50, cursor: String? = nil,
                         by caller: Caller) async throws -> Page<TimelineItem> {
        try await read(as: caller) { tx in
            let chain = try await origins(of: type, id, in: tx)
            let owners = AccessPolicy.visibleOwners(caller.principal, kind: .owned)
            return try await tx.timeline(of: chain, owners: owners, limit: limit, cursor: cursor)
        }
    }

    /// `id` and the ids of the records it came from, following lead ← opportunity ← quote ←
    /// order ← invoice (and a credit note's invoice). The first must be visible (else 404).
    private func origins(of type: RegardingType, _ id: UUID, in tx: Transaction) async throws -> [UUID] {
        var chain: [UUID] = [id]
        func visible<R: StoredRecord>(_: R.Type, _ id: ID<R>?) async throws -> R? {
            guard let id, !chain.contains(id.uuid), let record = try await tx.find(R.self, id), isVisible(record) else { return nil }
            chain.append(id.uuid)
            return record
        }
        var lead: ID<Lead>?
        var opportunity: ID<Opportunity>?
        var quote: ID<Quote>?
        var order: ID<Order>?
        switch type {
        case .lead:
            _ = try await load(Lead.self, ID(id), in: tx)
        case .account:
            lead = try await load(Account.self, ID(id), in: tx).originatingLeadId
        case .contact:
            lead = try await load(Contact.self, ID(id), in: tx).originatingLeadId
        case .opportunity:
            lead = try await load(Opportunity.self, ID(id), in: tx).originatingLeadId
        case .quote:
            opportunity = try await load(Quote.self, ID(id), in: tx).opportunityId
        case .order:
            let found = try await load(Order.self, ID(id), in: tx)
            (quote, opportunity) = (found.quoteId, found.opportunityId)
        case .invoice:
            var invoice = try await load(Invoice.self, ID(id), in: tx)
            if let credited = try await visible(Invoice.self, invoice.creditedInvoiceId) { invoice = credited }
            (order, opportunity) = (invoice.orderId, invoice.opportunityId)
        }
        if let found = try await visible(Order.self, order) {
            quote = quote ?? found.quoteId
            opportunity = opportunity ?? found.opportunityId
        }
        if let found = try await visible(Quote.self, quote) { opportunity = opportunity ?? found.opportunityId }
        if let found = try await visible(Opportunity.self, opportunity) { lead = lead ?? found.originatingLeadId }
        _ = try await visible(Lead.self, lead)
        return chain
    }
}
