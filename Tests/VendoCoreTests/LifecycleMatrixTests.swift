import Foundation
import Testing
@testable import VendoCore

/// Every (state, action) pair of every lifecycle: the allowed ones succeed, the others throw
/// `invalidTransition` naming the current state and leave the record unchanged. The expected
/// tables are written here by hand from SALES-PROCESS.md, not read from the code.
@Suite("Lifecycles: every state × action")
struct LifecycleMatrixTests {
    func verify<R: LifecycleRecord>(_ record: R, _ action: R.Action, allowed: Bool, _ perform: (inout R) throws -> Void) {
        var copy = record
        do {
            try perform(&copy)
            #expect(allowed, "\(R.recordType) \(record.state.rawValue): \(action.rawValue) should be refused")
        } catch let error as DomainError {
            if case let .invalidTransition(_, state, _, name) = error {
                #expect(!allowed, "\(R.recordType) \(record.state.rawValue): \(action.rawValue) should be allowed")
                #expect(state == record.state.rawValue)
                #expect(name == action.rawValue)
                #expect(copy == record, "a refused \(action.rawValue) changed the \(R.recordType)")
            } else {
                Issue.record("\(R.recordType) \(record.state.rawValue) \(action.rawValue): unexpected \(error)")
            }
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    // MARK: Leads

    func lead(_ state: LeadState) throws -> Lead {
        var lead = try Lead(id: ID(UUID()), info: testInfo, fields: LeadFields(topic: "t", lastName: "l", companyName: "c"))
        switch state {
        case .open: break
        case .qualified: try lead.qualify(producing: nil)
        case .disqualified: try lead.disqualify(as: .lost)
        }
        return lead
    }

    @Test func leads() throws {
        let allowed: [LeadState: Set<LeadAction>] = [
            .open: [.update, .changeStatus, .qualify, .disqualify, .delete, .merge],
            .qualified: [.reactivate],
            .disqualified: [.reactivate],
        ]
        for state in LeadState.allCases {
            let record = try lead(state)
            for action in LeadAction.allCases {
                verify(record, action, allowed: allowed[state, default: []].contains(action)) { lead in
                    switch action {
                    case .update: try lead.update(LeadFields(topic: "new", lastName: "l"))
                    case .changeStatus: try lead.changeStatus(to: .contacted)
                    case .qualify: try lead.qualify(producing: nil)
                    case .disqualify: try lead.disqualify(as: .noLongerInterested)
                    case .reactivate: try lead.reactivate()
                    case .delete: try lead.ensureDeletable()
                    case .merge: try lead.merge(into: ID(UUID()))
                    }
                }
            }
        }
    }

    @Test("a lead that produced an opportunity cannot be disqualified, even after reactivation")
    func leadWithOpportunity() throws {
        var lead = try lead(.open)
        try lead.qualify(producing: ID(UUID()))
        try lead.reactivate()
        #expect(lead.state == .open && lead.status == .new)
        #expect(throws: DomainError.self) { try lead.disqualify(as: .lost) }
        #expect(lead.state == .open)
    }

    // MARK: Opportunities

    func opportunity(_ state: OpportunityState) throws -> Opportunity {
        var opportunity = try Opportunity(id: ID(UUID()), info: testInfo,
                                          fields: OpportunityFields(name: "o", customer: .account(ID(UUID()))),
                                          pricing: Pricing(currency: "EUR", exchangeRate: 1))
        let day = Day(year: 2026, month: 3, day: 1) ?? Day(Date())
        switch state {
        case .open: break
        case .won: try opportunity.win(actualRevenue: nil, closeDate: day, openQuotes: [], closeQuotes: false)
        case .lost: try opportunity.lose(as: .outSold, closeDate: day, openQuotes: [], closeQuotes: false)
        }
        return opportunity
    }

    @Test func opportunities() throws {
        let open: Set<OpportunityAction> = [.update, .changeStatus, .editLines, .win, .lose, .generateQuote, .delete, .moveStage]
        let allowed: [OpportunityState: Set<OpportunityAction>] = [.open: open, .won: [.reopen], .lost: [.reopen]]
        let day = Day(year: 2026, month: 3, day: 2) ?? Day(Date())
        let process = try SalesProcess(id: ID(UUID()), info: RecordInfo(at: Date(), by: ID(UUID())), name: "Default", isDefault: true,
                                       stages: SalesProcess.defaultStages)
        for state in OpportunityState.allCases {
            var record = try opportunity(state)
            record.process = process.entry(forLead: false)
            for action in OpportunityAction.allCases {
                verify(record, action, allowed: allowed[state, default: []].contains(action)) { opportunity in
                    switch action {
                    case .update: try opportunity.update(OpportunityFields(name: "n", customer: opportunity.fields.customer))
                    case .changeStatus: try opportunity.changeStatus(to: .onHold)
                    case .editLines: try opportunity.addLine(line(1, price: "10", quantity: "1"), AmountsContext())
                    case .win: try opportunity.win(actualRevenue: 5, closeDate: day, openQuotes: [], closeQuotes: false)
                    case .lose: try opportunity.lose(as: .canceled, closeDate: day, openQuotes: [], closeQuotes: false)
                    case .reopen: try opportunity.reopen()
                    case .generateQuote: try opportunity.ensure(.generateQuote)
                    case .delete: try opportunity.ensure(.delete)
                    case .moveStage: try opportunity.moveStage(to: "propose", in: process)
                    }
                }
            }
        }
    }

    @Test("winning with open quotes is refused unless they are to be closed")
    func openQuotes() throws {
        var opportunity = try opportunity(.open)
        let day = Day(year: 2026, month: 3, day: 2) ?? Day(Date())
        let quote = ID<Quote>(UUID())
        #expect(throws: DomainError.conflict(code: "open_quotes",
                                             message: "the opportunity still has draft or active quotes; close them or send closeQuotes: true",
                                             related: [quote.description])) {
            try opportunity.win(actualRevenue: nil, closeDate: day, openQuotes: [quote], closeQuotes: false)
        }
        #expect(opportunity.state == .open)
        try opportunity.win(actualRevenue: nil, closeDate: day, openQuotes: [quote], closeQuotes: true)
        #expect(opportunity.state == .won && opportunity.fields.forecastCategory == .won)
        try opportunity.reopen()
        #expect(opportunity.state == .open && opportunity.fields.forecastCategory == .pipeline && opportunity.actualRevenue == nil)
    }

    // MARK: Quotes

    func quote(_ state: QuoteState) throws -> Quote {
        var quote = try Quote(id: ID(UUID()), info: testInfo, number: "Q-000001", opportunityId: nil, customer: .account(ID(UUID())),
                              fields: QuoteFields(name: "q"), pricing: Pricing(currency: "EUR", exchangeRate: 1))
        switch state {
        case .draft: break
        case .active: try quote.activate()
        case .won:
            try quote.activate()
            try quote.win()
        case .closed:
            try quote.activate()
            try quote.close(as: .lost)
        }
        return quote
    }

    @Test func quotes() throws {
        let allowed: [QuoteState: Set<QuoteAction>] = [
            .draft: [.update, .editLines, .activate, .delete],
            .active: [.revise, .close, .win, .convertToOrder],
            .won: [.convertToOrder],
            .closed: [],
        ]
        for state in QuoteState.allCases {
            let record = try quote(state)
            for action in QuoteAction.allCases {
                verify(record, action, allowed: allowed[state, default: []].contains(action)) { quote in
                    switch action {
                    case .update: try quote.update(QuoteFields(name: "n"))
                    case .editLines: try quote.addLine(line(1, price: "10", quantity: "1"), AmountsContext())
                    case .activate: try quote.activate()
                    case .revise: _ = try quote.revise(newId: ID(UUID()), info: testInfo, lineIds: { ID(UUID()) })
                    case .close: try quote.close(as: .canceled)
                    case .win: try quote.win()
                    case .convertToOrder: try quote.convertToOrder()
                    case .delete: try quote.ensure(.delete)
                    }
                }
            }
        }
    }

    @Test("a revision keeps the number, adds one to the revision, copies the lines under new ids")
    func revision() throws {
        var quote = try quote(.draft)
        try quote.addLine(line(1, price: "10", quantity: "2"), AmountsContext())
        try quote.activate()
        let revision = try quote.revise(newId: ID(UUID()), info: testInfo, lineIds: { lineID(99) })
        #expect(quote.state == .closed && quote.status == .revised)
        #expect(revision.number == quote.number && revision.revisionNumber == 1)
        #expect(revision.state == .draft && revision.status == .inProgress)
        #expect(revision.pricing.lines.map(\.id) == [lineID(99)])
        #expect(revision.pricing.lines[0].sourceLineId == lineID(1))
        #expect(revision.pricing.totals == quote.pricing.totals)
    }

    // MARK: Orders

    func order(_ state: OrderState) throws -> Order {
        var order = try Order(id: ID(UUID()), info: testInfo, number: "ORD-000001", customer: .account(ID(UUID())),
                              fields: OrderFields(name: "o"),
                              pricing: Pricing(currency: "EUR", exchangeRate: 1, lines: [line(1, price: "10", quantity: "2")]),
                              pricesLocked: false)
        try order.reprice(AmountsContext())
        switch state {
        case .active: break
        case .submitted:
            order.state = .submitted
            order.status = .inProgress
        case .canceled: try order.cancel()
        case .fulfilled: try order.fulfill(as: .complete)
        case .invoiced: _ = try order.takeForInvoice(nil, invoiceId: ID(UUID()), context: AmountsContext(), lineIds: { ID(UUID()) })
        }
        #expect(order.state == state)
        return order
    }

    @Test func orders() throws {
        let active: Set<OrderAction> = [.update, .changeStatus, .editLines, .fulfill, .cancel, .lockPricing, .useCurrentPricing,
                                        .createInvoice, .delete]
        let allowed: [OrderState: Set<OrderAction>] = [.active: active, .fulfilled: [.createInvoice]]
        for state in OrderState.allCases {
            let record = try order(state)
            for action in OrderAction.allCases {
                verify(record, action, allowed: allowed[state, default: []].contains(action)) { order in
                    switch action {
                    case .update: try order.update(OrderFields(name: "n"))
                    case .changeStatus: try order.changeStatus(to: .pending)
                    case .editLines: try order.addLine(line(2, price: "1", quantity: "1"), AmountsContext())
                    case .fulfill: try order.fulfill(as: .partial)
                    case .cancel: try order.cancel()
                    case .lockPricing: try order.lockPricing()
                    case .useCurrentPricing: try order.unlockPricing()
                    case .createInvoice:
                        _ = try order.takeForInvoice(nil, invoiceId: ID(UUID()), context: AmountsContext(), lineIds: { ID(UUID()) })
                    case .delete: try order.ensureDeletable()
                    }
                }
            }
        }
    }

    // MARK: Invoices

    func invoice(_ state: InvoiceState, paid: Decimal = 40) throws -> Invoice {
        var invoice = try Invoice(id: ID(UUID()), info: testInfo, orderId: nil, opportunityId: nil, customer: .account(ID(UUID())),
                                  fields: InvoiceFields(name: "i"),
                                  pricing: Pricing(currency: "EUR", exchangeRate: 1, lines: [line(1, price: "100", quantity: "1")]))
        try invoice.reprice(AmountsContext())
        let day = Day(year: 2026, month: 3, day: 3) ?? Day(Date())
        switch state {
        case .draft: break
        case .active: try invoice.issue(number: "INV-2026-00001", at: testInfo.createdAt)
        case .paid:
            try invoice.issue(number: "INV-2026-00001", at: testInfo.createdAt)
            try invoice.recordPayment(Payment(id: ID(UUID()), amount: paid, date: day, recordedAt: testInfo.createdAt,
                                              recordedBy: testUser), precision: 2)
        case .canceled: try invoice.cancel()
        }
        return invoice
    }

    /// Paid in part (40 of 100), in full, and over (120): each paid status.
    @Test(arguments: [Decimal(40), 100, 120])
    func invoices(paid: Decimal) throws {
        let allowed: [InvoiceState: Set<InvoiceAction>] = [
            .draft: [.update, .editLines, .issue, .cancel, .delete],
            .active: [.recordPayment, .cancel, .credit, .writeOff],
            .paid: [.recordPayment, .credit, .reversePayment, .refund, .writeOff],
            .canceled: [.reversePayment],
        ]
        let day = Day(year: 2026, month: 3, day: 4) ?? Day(Date())
        for state in InvoiceState.allCases {
            let record = try invoice(state, paid: paid)
            for action in InvoiceAction.allCases {
                verify(record, action, allowed: allowed[state, default: []].contains(action)) { invoice in
                    switch action {
                    case .update: try invoice.update(InvoiceFields(name: "n"))
                    case .editLines: try invoice.addLine(line(2, price: "1", quantity: "1"), AmountsContext())
                    case .issue: try invoice.issue(number: "INV-2026-00002", at: testInfo.createdAt)
                    case .recordPayment:
                        try invoice.recordPayment(Payment(id: ID(UUID()), amount: 10, date: day, recordedAt: testInfo.createdAt,
                                                          recordedBy: testUser), precision: 2)
                    case .cancel: try invoice.cancel()
                    case .delete: try invoice.ensureAction(.delete)
                    case .credit:
                        _ = try invoice.credit(.amount(5, taxRate: 0), reason: nil, label: "gesture", noteId: ID(UUID()), info: testInfo,
                                               number: "CN-2026-00001", at: testInfo.createdAt, context: AmountsContext(),
                                               lineIds: { ID(UUID()) })
                    case .refund where invoice.balance < 0:
                        try invoice.refund(Refund(id: ID(UUID()), amount: 1, date: day, recordedAt: testInfo.createdAt, recordedBy: testUser),
                                           precision: 2)
                    case .reversePayment where !invoice.payments.isEmpty:
                        try invoice.reversePayment(invoice.payments[0].id, reason: "bounced", date: day, at: testInfo.createdAt, by: testUser)
                    case .writeOff where invoice.balance != 0:
                        try invoice.writeOff(id: ID(UUID()), reason: nil, date: day, at: testInfo.createdAt, by: testUser, limit: 1000)
                    // Allowed from the state, refused by the amounts (below): the matrix checks the state.
                    case .refund, .reversePayment, .writeOff: try invoice.ensureAction(action)
                    }
                }
            }
        }
    }

    @Test("a credit note refuses every action")
    func creditNotes() throws {
        var issued = try invoice(.active)
        let note = try issued.cancelWithCreditNote(noteId: ID(UUID()), info: testInfo, number: "CN-2026-00001", at: testInfo.createdAt)
        #expect(note.kind == .creditNote && note.creditedInvoiceId == issued.id && issued.creditNoteId == note.id)
        #expect(note.pricing.totals.totalAmount == -issued.pricing.totals.totalAmount)
        for action in InvoiceAction.allCases {
            var copy = note
            #expect(throws: DomainError.self) {
                switch action {
                case .update: try copy.update(InvoiceFields(name: "n"))
                case .editLines, .delete: try copy.ensureAction(action)
                case .issue: try copy.issue(number: "x", at: testInfo.createdAt)
                case .recordPayment:
                    try copy.recordPayment(Payment(id: ID(UUID()), amount: 1, date: Day(Date()), recordedAt: Date(), recordedBy: testUser),
                                           precision: 2)
                case .cancel: try copy.cancel()
                case .credit, .refund, .reversePayment, .writeOff: try copy.ensureAction(action)
                }
            }
            #expect(copy == note)
        }
    }

    @Test("payments move the invoice to paid/partial, then paid/complete, then overpaid")
    func payments() throws {
        var invoice = try invoice(.active)
        let day = Day(year: 2026, month: 3, day: 5) ?? Day(Date())
        func pay(_ amount: String) throws {
            try invoice.recordPayment(Payment(id: ID(UUID()), amount: dec(amount), date: day, recordedAt: Date(), recordedBy: testUser),
                                      precision: 2)
        }
        try pay("30.00")
        #expect(invoice.state == .paid && invoice.status == .partial && invoice.amountDue == 70)
        #expect(throws: DomainError.self) { try pay("0") }
        #expect(throws: DomainError.self) { try pay("1.001") }
        #expect(invoice.payments.count == 1)
        try pay("70.00")
        #expect(invoice.status == .complete && invoice.amountDue == 0 && invoice.balance == 0)
        // A payment above the balance is taken, and the invoice is overpaid until refunded.
        try pay("0.01")
        #expect(invoice.state == .paid && invoice.status == .overpaid && invoice.balance == dec("-0.01") && invoice.amountDue == 0)
    }

    // MARK: Products

    func product(_ state: ProductState) throws -> Product {
        var product = try Product(id: ID(UUID()), info: testInfo, fields: ProductFields(number: "p", name: "p", unitId: ID(UUID())),
                                  asDraft: state == .draft)
        switch state {
        case .draft, .active: break
        case .retired: try product.retire()
        case .underRevision: try product.revise()
        }
        return product
    }

    @Test func products() throws {
        let allowed: [ProductState: Set<ProductAction>] = [
            .draft: [.update, .publish, .retire],
            .active: [.revise, .retire],
            .retired: [.publish],
            .underRevision: [.update, .publish, .retire],
        ]
        for state in ProductState.allCases {
            let record = try product(state)
            #expect(record.state == state)
            for action in ProductAction.allCases {
                verify(record, action, allowed: allowed[state, default: []].contains(action)) { product in
                    switch action {
                    case .update: try product.update(ProductFields(number: "p2", name: "p2", unitId: product.fields.unitId))
                    case .publish: try product.publish()
                    case .revise: try product.revise()
                    case .retire: try product.retire()
                    }
                }
            }
        }
    }

    // MARK: Activities

    func activity(_ state: ActivityState, type: ActivityType = .task) throws -> Activity {
        let info = RecordInfo(at: Date(timeIntervalSince1970: 1_773_532_800), by: ID(UUID()))
        var activity = try Activity(id: ID(UUID()), info: info, type: type, regardingType: .lead, regardingId: UUID(),
                                    fields: ActivityFields(subject: "Call back"))
        switch state {
        case .open: break
        case .completed: try activity.complete(at: info.createdAt)
        case .canceled: try activity.cancel(at: info.createdAt)
        }
        return activity
    }

    @Test func activities() throws {
        let allowed: [ActivityState: Set<ActivityAction>] = [
            .open: [.update, .complete, .cancel, .delete], .completed: [.delete], .canceled: [.delete],
        ]
        let at = Date(timeIntervalSince1970: 1_773_600_000)
        for state in ActivityState.allCases {
            let record = try activity(state)
            #expect(record.state == state && record.status == state)
            for action in ActivityAction.allCases {
                verify(record, action, allowed: allowed[state, default: []].contains(action)) { activity in
                    switch action {
                    case .update: try activity.update(ActivityFields(subject: "Call again"))
                    case .complete: try activity.complete(at: at)
                    case .cancel: try activity.cancel(at: at)
                    case .delete: try activity.ensure(.delete)
                    }
                }
            }
        }
    }

    @Test("notes and logged e-mails start completed; a note's text can still be corrected")
    func loggedActivities() throws {
        let info = RecordInfo(at: Date(timeIntervalSince1970: 1_773_532_800), by: ID(UUID()))
        var note = try Activity(id: ID(UUID()), info: info, type: .note, regardingType: .opportunity, regardingId: UUID(),
                                fields: ActivityFields(subject: "Budget confirmed"))
        let email = try Activity(id: ID(UUID()), info: info, type: .email, regardingType: .lead, regardingId: UUID(),
                                 fields: ActivityFields(subject: "Re: pricing"))
        #expect(note.state == .completed && note.closedAt == info.createdAt)
        #expect(email.state == .completed)
        try note.update(ActivityFields(subject: "Budget confirmed by the CFO"))
        #expect(note.fields.subject == "Budget confirmed by the CFO")
        #expect(throws: DomainError.self) {
            try Activity(id: ID(UUID()), info: info, type: .note, regardingType: .lead, regardingId: UUID(),
                         fields: ActivityFields(subject: "n"), state: .open)
        }
        #expect(throws: DomainError.self) {
            try Activity(id: ID(UUID()), info: info, type: .appointment, regardingType: .lead, regardingId: UUID(),
                         fields: ActivityFields(subject: "Demo"))
        }
    }
}
