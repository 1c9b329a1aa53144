import Foundation
import Testing
@testable import VendoCore
@testable import VendoServices
@testable import VendoStore
import VendoTestSupport

@Suite("Services: activities and timelines")
struct ActivityTimelineTests {
    func salesperson(_ world: TestWorld, _ name: String) async throws -> Caller {
        let user = try await world.services.createUser(name: name, email: "\(name.lowercased())@example.com", role: .salesperson, by: nil)
        return try await world.services.caller(for: user.id)
    }

    @Test("an opportunity's timeline merges its own and its lead's activities, close records and changes, newest first, page by page")
    func mergedTimeline() async throws {
        let world = try await TestWorld.make()
        let s = world.services
        let lead = try await world.lead()
        world.clock.advance(seconds: 60)
        let call = try await s.createActivity(.phoneCall, regarding: .lead, lead.id.uuid, fields: ActivityFields(subject: "First call"),
                                              state: .completed, by: world.admin)
        world.clock.advance(seconds: 60)
        let result = try await s.qualifyLead(lead.id, QualifyOptions(), ifVersion: nil, by: world.admin)
        let opportunity = try #require(result.opportunity)
        world.clock.advance(seconds: 60)
        let task = try await s.createActivity(.task, regarding: .opportunity, opportunity.id.uuid,
                                              fields: ActivityFields(subject: "Send proposal", dueAt: world.clock.now().addingTimeInterval(86_400)),
                                              by: world.admin)
        world.clock.advance(seconds: 60)
        _ = try await s.moveStage(opportunity.id, to: "propose", ifVersion: nil, by: world.admin)
        world.clock.advance(seconds: 60)
        _ = try await s.completeActivity(task.id, ifVersion: nil, by: world.admin)
        world.clock.advance(seconds: 60)
        _ = try await s.winOpportunity(opportunity.id, ifVersion: nil, by: world.admin)

        var items: [TimelineItem] = []
        var cursor: String?
        repeat {
            let page = try await s.timeline(of: .opportunity, opportunity.id.uuid, limit: 2, cursor: cursor, by: world.admin)
            #expect(page.items.count <= 2)
            items += page.items
            cursor = page.nextCursor
        } while cursor != nil
        #expect(Set(items.map(\.id)).count == items.count, "no item twice across pages")
        #expect(items.map(\.at) == items.map(\.at).sorted(by: >), "newest first")
        let summary = items.map { item -> String in
            switch item.content {
            case .activity(let activity): return "activity:\(activity.fields.subject)"
            case .close(let close): return "close:\(close.status)"
            case .change(let entry): return "\(entry.recordType).\(entry.field ?? ""):\(entry.newValue ?? "")"
            }
        }
        // The win: state, status and the close record at one instant; then the stage move; the
        // task (created before the move); the lead's qualification; the lead's call.
        try #require(summary.count == 8, "\(summary)")
        #expect(Set(summary.prefix(3)) == ["opportunity.state:won", "opportunity.status:won", "close:won"])
        #expect(Array(summary[3..<5]) == ["opportunity.process.stage:propose", "activity:Send proposal"])
        #expect(Set(summary[5..<7]) == ["lead.state:qualified", "lead.status:qualified"])
        #expect(Array(summary.dropFirst(7)) == ["activity:First call"])
        #expect(items.first { $0.id == call.id.uuid }?.recordType == "lead")
        // The lead's own timeline does not show what happened on the opportunity.
        let leadTimeline = try await s.timeline(of: .lead, lead.id.uuid, by: world.admin).items
        #expect(leadTimeline.count == 3)
    }

    @Test("a salesperson's timeline leaves out the activities of people outside their teams")
    func timelineAccess() async throws {
        let world = try await TestWorld.make()
        let sam = try await salesperson(world, "Sam")
        let lead = try await world.services.createLead(LeadFields(topic: "Screens", lastName: "Roy"), by: sam).lead
        _ = try await world.services.createActivity(.note, regarding: .lead, lead.id.uuid, fields: ActivityFields(subject: "Sam's note"),
                                                    by: sam)
        _ = try await world.services.createActivity(.note, regarding: .lead, lead.id.uuid, fields: ActivityFields(subject: "Admin's note"),
                                                    by: world.admin)
        let seen = try await world.services.timeline(of: .lead, lead.id.uuid, by: sam).items.compactMap { item -> String? in
            if case .activity(let activity) = item.content { return activity.fields.subject }
            return nil
        }
        #expect(seen == ["Sam's note"])
        let all = try await world.services.timeline(of: .lead, lead.id.uuid, by: world.admin).items
        #expect(all.count == 2)
        // Someone who cannot see the record gets a 404, not an empty timeline.
        let olga = try await salesperson(world, "Olga")
        let error = await #expect(throws: ServiceError.self) { try await world.services.timeline(of: .lead, lead.id.uuid, by: olga) }
        #expect(error?.code == "not_found")
    }

    @Test("my open activities and my overdue tasks")
    func overdue() async throws {
        let world = try await TestWorld.make()
        let s = world.services
        let sam = try await salesperson(world, "Sam")
        let lead = try await s.createLead(LeadFields(topic: "Chairs", lastName: "Roy"), by: sam).lead
        let now = world.clock.now()
        let late = try await s.createActivity(.task, regarding: .lead, lead.id.uuid,
                                              fields: ActivityFields(subject: "Late", dueAt: now.addingTimeInterval(-3600)), by: sam)
        _ = try await s.createActivity(.task, regarding: .lead, lead.id.uuid,
                                       fields: ActivityFields(subject: "Tomorrow", dueAt: now.addingTimeInterval(86_400)), by: sam)
        let done = try await s.createActivity(.task, regarding: .lead, lead.id.uuid,
                                              fields: ActivityFields(subject: "Done late", dueAt: now.addingTimeInterval(-7200)), by: sam)
        _ = try await s.completeActivity(done.id, ifVersion: nil, by: sam)
        _ = try await s.createActivity(.task, regarding: .lead, lead.id.uuid,
                                       fields: ActivityFields(subject: "Admin's late", dueAt: now.addingTimeInterval(-60)), by: world.admin)

        var query = ListQuery(filters: ["state": "open", "ownerId": sam.userId.description])
        #expect(Set(try await s.list(Activity.self, query, by: sam).items.map(\.fields.subject)) == ["Late", "Tomorrow"])
        query.before["dueBefore"] = now
        #expect(try await s.list(Activity.self, query, by: sam).items.map(\.id) == [late.id])
        #expect(late.isOverdue(at: now))
    }

    @Test("an activity must be about a record the caller may see; deleting the record takes its activities along")
    func regarding() async throws {
        let world = try await TestWorld.make()
        let sam = try await salesperson(world, "Sam")
        let adminLead = try await world.services.createLead(LeadFields(topic: "Hidden", lastName: "X"), by: world.admin).lead
        let error = await #expect(throws: ServiceError.self) {
            try await world.services.createActivity(.task, regarding: .lead, adminLead.id.uuid, fields: ActivityFields(subject: "Peek"), by: sam)
        }
        #expect(error?.fieldNames == ["regardingId"])
        let wrongType = await #expect(throws: ServiceError.self) {
            try await world.services.createActivity(.task, regarding: .account, adminLead.id.uuid, fields: ActivityFields(subject: "x"),
                                                    by: world.admin)
        }
        #expect(wrongType?.fieldNames == ["regardingId"])

        let activity = try await world.services.createActivity(.task, regarding: .lead, adminLead.id.uuid,
                                                               fields: ActivityFields(subject: "Call"), by: world.admin)
        try await world.services.deleteLead(adminLead.id, ifVersion: nil, by: world.admin)
        #expect(try await count(world, Activity.self) == 0)
        let history = try await world.services.store.read { tx in try await tx.history(recordType: "activity", recordId: activity.id.uuid) }
        #expect(history.map(\.action) == ["create", "delete"])
    }

    @Test("an invoice's timeline reaches back through its order, quote and opportunity to the lead")
    func chain() async throws {
        let world = try await TestWorld.make()
        let s = world.services
        let opportunity = try await world.opportunity()
        let lead = try #require(opportunity.originatingLeadId)
        _ = try await s.createActivity(.note, regarding: .lead, lead.uuid, fields: ActivityFields(subject: "Met at the fair"), by: world.admin)
        world.clock.advance(seconds: 60)
        _ = try await s.addLine(to: Opportunity.self, opportunity.id, LineFields(productId: world.catalog.laptop.id, quantity: 2),
                                ifVersion: nil, by: world.admin)
        let quote = try await s.generateQuote(from: opportunity.id, by: world.admin)
        _ = try await s.createActivity(.email, regarding: .quote, quote.id.uuid, fields: ActivityFields(subject: "Quote sent"), by: world.admin)
        world.clock.advance(seconds: 60)
        _ = try await s.activateQuote(quote.id, ifVersion: nil, by: world.admin)
        let order = try await s.convertQuoteToOrder(quote.id, winOpportunity: true, ifVersion: nil, by: world.admin)
        world.clock.advance(seconds: 60)
        let invoice = try await s.createInvoice(fromOrder: order.id, by: world.admin)
        _ = try await s.issueInvoice(invoice.id, ifVersion: nil, by: world.admin)

        let items = try await s.timeline(of: .invoice, invoice.id.uuid, limit: 200, by: world.admin).items
        let subjects = items.compactMap { item -> String? in
            if case .activity(let activity) = item.content { return activity.fields.subject }
            return nil
        }
        #expect(subjects == ["Quote sent", "Met at the fair"])
        let closes = items.compactMap { item -> String? in
            if case .close(let close) = item.content { return "\(close.regardingType):\(close.status)" }
            return nil
        }
        #expect(closes.contains("opportunity:won"))
        let records = Set(items.map(\.recordType))
        #expect(records == ["invoice", "order", "quote", "opportunity", "lead"])
        // The quote's own timeline does not reach forward to the order or the invoice.
        let quoteRecords = Set(try await s.timeline(of: .quote, quote.id.uuid, limit: 200, by: world.admin).items.map(\.recordType))
        #expect(!quoteRecords.contains("invoice") && !quoteRecords.contains("order") && quoteRecords.contains("lead"))
    }
}
