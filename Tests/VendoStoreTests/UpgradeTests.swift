import Foundation
import SQLKit
import Testing
@testable import VendoCore
@testable import VendoStore
import VendoTestSupport

@Suite("Store: upgrading old databases")
struct UpgradeTests {
    /// The columns of a lead and an opportunity as migration 1 made them.
    static let leadColumns = "id, version, created_at, modified_at, created_by, owner_id, state, status, search, data, "
        + "source, email_key, company_key, qualifying_opportunity_id, estimated_close_date"
    static let opportunityColumns = "id, version, created_at, modified_at, created_by, owner_id, state, status, search, data, "
        + "customer_type, customer_id, currency, forecast_category, total_amount, total_amount_base"

    @Test("A database left at migration 4 with records upgrades to the latest, its columns filled from the documents")
    func upgradeFromVersionFour() async throws {
        let store = try await Store.open(.forTests)
        try await closing(store) {
            try await store.migrate(upTo: 4)
            let process = try SalesProcess(id: ID(UUID()), info: RecordInfo(at: Date(), by: user), name: "Sales", isDefault: true,
                                       stages: SalesProcess.defaultStages)
            var lead = try makeLead("Chairs")
            lead.process = process.entry(forLead: true)
            let created = Date(timeIntervalSince1970: 1_773_532_800)   // 2026-03-15
            var opportunity = try Opportunity(id: ID(UUID()), info: RecordInfo(at: created, by: user),
                                              fields: OpportunityFields(name: "Deal", customer: .account(ID(UUID())), probability: 60,
                                                                        revenueMode: .userProvided, estimatedRevenue: 900),
                                              pricing: Pricing(currency: "JPY", exchangeRate: 160))
            opportunity.process = process.entry(forLead: false)
            try opportunity.win(actualRevenue: 81_000, closeDate: Day("2026-05-01") ?? Day(created), openQuotes: [], closeQuotes: false)
            let contact = UUID()
            // A quote as version 4 wrote it; only its contact matters to migration 8.
            let quote = #"{"fields":{"contactId":"\#(contact.uuidString)","name":"Chairs"},"number":"Q-000001"}"#
            let (leadData, opportunityData) = (try Transaction.encode(lead), try Transaction.encode(opportunity))
            let (leadId, opportunityId) = (lead.id.description, opportunity.id.description)
            try await store.write { tx in
                try await tx.run("""
                    INSERT INTO leads (\(unsafeRaw: Self.leadColumns))
                    VALUES (\(bind: leadId), 1, 1, 1, 'u', 'u', 'open', 'new', 'chairs', \(bind: leadData), NULL, NULL, NULL, NULL, NULL)
                    """)
                try await tx.run("""
                    INSERT INTO opportunities (\(unsafeRaw: Self.opportunityColumns))
                    VALUES (\(bind: opportunityId), 1, 1, 1, 'u', 'u', 'won', 'won', 'deal', \(bind: opportunityData),
                            'account', 'a', 'JPY', 'won', 0, 0)
                    """)
                try await tx.run("""
                    INSERT INTO quotes (id, version, created_at, modified_at, created_by, owner_id, search, data, number,
                                        revision_number, customer_id, currency, total_amount, total_amount_base)
                    VALUES ('q1', 1, 1, 1, 'u', 'u', 'q', \(bind: quote), 'Q-000001', 0, 'a', 'EUR', 0, 0)
                    """)
            }
            let applied = try await store.migrate()
            #expect(applied == Array(5...(Migration.all.last?.version ?? 0)))
            let (leadRow, opportunityRow, quoteRow) = try await store.read { tx in
                (try await tx.rows("SELECT process_id, stage FROM leads").first,
                 try await tx.rows("SELECT process_id, stage, probability, actual_revenue_base, cycle_days FROM opportunities").first,
                 try await tx.rows("SELECT contact_id FROM quotes").first)
            }
            #expect(try leadRow?.decode(column: "process_id", as: String?.self) == process.id.description)
            #expect(try leadRow?.decode(column: "stage", as: String?.self) == "qualify")
            #expect(try opportunityRow?.decode(column: "stage", as: String?.self) == "develop")
            #expect(try opportunityRow?.decode(column: "probability", as: Int64?.self) == 60)
            // 81 000 JPY at 160 per euro: 506.25 €, kept in ten-thousandths.
            #expect(try opportunityRow?.decode(column: "actual_revenue_base", as: Int64?.self) == 5_062_500)
            #expect(try opportunityRow?.decode(column: "cycle_days", as: Int64?.self) == 47)
            #expect(try quoteRow?.decode(column: "contact_id", as: String?.self) == contact.uuidString.lowercased())
            let leadID = lead.id
            let found = try await store.read { tx in try await tx.find(Lead.self, leadID) }
            #expect(found?.fields.topic == "Chairs")
        }
    }

    @Test("A database migrated by a newer version is refused with a message saying so, and left as it is")
    func newerDatabaseRefused() async throws {
        let store = try await Store.open(.forTests)
        try await closing(store) {
            try await store.migrate()
            let known = Migration.all.last?.version ?? 0
            try await store.write { tx in
                try await tx.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (\(bind: known + 1), 'from the future', 0)")
            }
            await #expect(throws: StoreError.newerSchema(found: known + 1, known: known)) { try await store.migrate() }
            #expect(StoreError.newerSchema(found: known + 1, known: known).description.contains("newer version of Vendo"))
            #expect(try await store.appliedMigrations().last == known + 1)
        }
    }
}
