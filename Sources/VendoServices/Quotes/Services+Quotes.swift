import Foundation
import VendoCore
import VendoStore

extension Services {
    func nextQuoteNumber(in tx: Transaction) async throws -> String {
        String(format: "Q-%06d", try await tx.nextNumber("quote"))
    }

    /// A draft quote made directly for a customer, optionally for an open opportunity.
    public func createQuote(_ fields: QuoteFields, customer: Customer, opportunityId: ID<Opportunity>? = nil, currency: String? = nil,
                            priceListId: ID<PriceList>? = nil, by caller: Caller) async throws -> Quote {
        try await write(as: caller) { tx in
            try await checkCustomer(customer, in: tx)
            if let opportunityId {
                let opportunity = try await reference(Opportunity.self, opportunityId, field: "opportunityId", in: tx)
                try ensureAllowed(.action("generateQuote"), opportunity, by: caller)
                try opportunity.ensure(.generateQuote)
            }
            if let contact = fields.contactId { _ = try await reference(Contact.self, contact, field: "contactId", in: tx) }
            let pricing = try await newPricing(currency: currency, priceList: priceListId, in: tx)
            let quote = try Quote(id: newID(), info: newInfo(caller), number: try await nextQuoteNumber(in: tx),
                                  opportunityId: opportunityId, customer: customer, fields: fields, pricing: pricing)
            return try await insert(quote, by: caller, in: tx, requiring: true)
        }
    }

    /// Changes a draft quote's fields, currency and header amounts in one transaction.
    public func updateQuote(_ id: ID<Quote>, ifVersion: Int?, by caller: Caller, pricing: PricingEdit = PricingEdit(),
                            _ edit: @escaping @Sendable (inout QuoteFields) -> Void) async throws -> Quote {
        try await write(as: caller) { tx in
            try await change(Quote.self, id, ifVersion: ifVersion, by: caller, action: "update", in: tx) { quote in
                var fields = quote.fields
                edit(&fields)
                if fields != quote.fields {
                    try quote.ensure(.update)
                    if let contact = fields.contactId { _ = try await reference(Contact.self, contact, field: "contactId", in: tx) }
                    try quote.update(fields)
                }
                try await apply(pricing, to: &quote, in: tx)
            }
        }
    }

    public func activateQuote(_ id: ID<Quote>, ifVersion: Int?, by caller: Caller) async throws -> Quote {
        try await write(as: caller) { tx in
            try await change(Quote.self, id, ifVersion: ifVersion, by: caller, action: "activate", in: tx) { try $0.activate() }
        }
    }

    /// Closes the active quote as revised and returns the new draft revision.
    public func reviseQuote(_ id: ID<Quote>, ifVersion: Int?, by caller: Caller) async throws -> Quote {
        try await write(as: caller) { tx in
            let before = try await load(Quote.self, id, in: tx)
            try checkVersion(before, ifVersion)
            var closed = before
            let revision = try closed.revise(newId: newID(), info: newInfo(caller), lineIds: { newID() })
            try await save(closed, from: before, by: caller, action: "revise", in: tx)
            try await insert(revision, by: caller, in: tx)
            return revision
        }
    }

    public func closeQuote(_ id: ID<Quote>, as status: QuoteStatus, details: CloseDetails = CloseDetails(), ifVersion: Int?,
                           by caller: Caller) async throws -> Quote {
        try await write(as: caller) { tx in
            try await change(Quote.self, id, ifVersion: ifVersion, by: caller, action: "close", in: tx) { quote in
                try quote.close(as: status)
                try await addCloseRecord(for: quote, status: status.rawValue, details: details, closeDate: details.closeDate ?? today,
                                         revenue: nil, competitor: nil, by: caller, in: tx)
            }
        }
    }

    public func winQuote(_ id: ID<Quote>, details: CloseDetails = CloseDetails(), ifVersion: Int?, by caller: Caller) async throws -> Quote {
        try await write(as: caller) { tx in
            try await change(Quote.self, id, ifVersion: ifVersion, by: caller, action: "win", in: tx) { quote in
                try quote.win()
                try await addCloseRecord(for: quote, status: "won", details: details, closeDate: details.closeDate ?? today,
                                         revenue: quote.pricing.totals.preFreightAmount, competitor: nil, by: caller, in: tx)
            }
        }
    }

    public func deleteQuote(_ id: ID<Quote>, ifVersion: Int?, by caller: Caller) async throws {
        try await write(as: caller) { tx in
            let quote = try await load(Quote.self, id, in: tx)
            try quote.ensure(.delete)
            try await remove(quote, ifVersion: ifVersion, by: caller, in: tx)
        }
    }

    /// Wins the quote if needed and creates an order with a deep copy of its lines, prices
    /// locked. With `winOpportunity`, also wins the quote's opportunity (actual revenue defaults
    /// to the quote's pre-freight amount).
    public func convertQuoteToOrder(_ id: ID<Quote>, winOpportunity: Bool = false, actualRevenue: Decimal? = nil,
                                    ifVersion: Int?, by caller: Caller) async throws -> Order {
        try await write(as: caller) { tx in
            try await convertToOrder(id, winOpportunity: winOpportunity, actualRevenue: actualRevenue, ifVersion: ifVersion, by: caller, in: tx)
        }
    }

    /// Converts a quote to an order in the caller's transaction.
    func convertToOrder(_ id: ID<Quote>, winOpportunity: Bool, actualRevenue: Decimal?, ifVersion: Int?, by caller: Caller,
                        in tx: Transaction) async throws -> Order {
        let before = try await load(Quote.self, id, in: tx)
        try checkVersion(before, ifVersion)
        var quote = before
        let wasWon = quote.state == .won
        try quote.convertToOrder()
        if winOpportunity && quote.opportunityId == nil {
            throw ServiceError.invalid("winOpportunity", "no_opportunity", "the quote has no opportunity to win")
        }
        try await save(quote, from: before, by: caller, action: wasWon ? "convertToOrder" : "win", in: tx)
        if !wasWon {
            try await addCloseRecord(for: quote, status: "won", details: CloseDetails(), closeDate: today,
                                     revenue: quote.pricing.totals.preFreightAmount, competitor: nil, by: caller, in: tx)
        }
        var pricing = quote.pricing
        pricing.lines = pricing.lines.map { $0.copied(as: newID()) }
        var fields = OrderFields(name: quote.fields.name, contactId: quote.fields.contactId)
        fields.description = quote.fields.description
        fields.customFields = try await carried(quote.customFields, to: .order, in: tx)
        let order = try Order(id: newID(), info: newInfo(caller), number: String(format: "ORD-%06d", try await tx.nextNumber("order")),
                              quoteId: quote.id, opportunityId: quote.opportunityId, customer: quote.customer, fields: fields,
                              pricing: pricing, pricesLocked: true)
        try await insert(order, by: caller, in: tx)
        if winOpportunity, let opportunityId = quote.opportunityId {
            // The converted quote is won by now, so only other open quotes would block.
            _ = try await self.winOpportunity(opportunityId, actualRevenue: actualRevenue ?? quote.pricing.totals.preFreightAmount,
                                              details: CloseDetails(), ifVersion: nil, by: caller, in: tx)
        }
        return order
    }
}
