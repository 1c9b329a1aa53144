import Foundation
import VendoCore
import VendoServices
import VendoStore

/// A hand-computed fixture (EUR base; USD at 1.25, JPY at 160; every record created 2026-03-15):
///
/// | opp | owner | currency | estimated | base  | stage / prob.  | close      | category  | outcome                  |
/// |-----|-------|----------|-----------|-------|----------------|------------|-----------|--------------------------|
/// | O1  | Sam   | EUR      | 10000     | 10000 | develop 20 %   | 2026-04-10 | pipeline  | open                     |
/// | O2  | Sam   | USD      | 5000      | 4000  | propose 50 %   | 2026-05-20 | bestCase  | open                     |
/// | O3  | Olga  | JPY      | 1600000   | 10000 | develop 35 %   | 2026-04-30 | committed | open                     |
/// | O4  | admin | EUR      | 3000      |       | (from lead L1) |            |           | won 3200 on 2026-04-14   |
/// | O5  | Olga  | USD      | 2500      |       |                |            |           | won 2500 ($) on 05-04    |
/// | O6  | Sam   | EUR      | 1000      |       |                |            |           | lost on 2026-04-20       |
///
/// Leads: L1 web (qualified into O4), L2 web (disqualified), L3 web, L4 trade show (qualified
/// without opportunity), L5 no source (admin's); L6 e-mail (Sam's).
public struct ReportFixture: Sendable {
    public let world: TestWorld
    /// Salesperson alone in team West.
    public let sam: Caller
    /// Salesperson alone in team East.
    public let olga: Caller
    public let olgaTeam: ID<Team>

    public static func make(location: StoreLocation = .forTests, migrateUpTo: Int? = nil) async throws -> ReportFixture {
        let world = try await TestWorld.make(location: location, migrateUpTo: migrateUpTo)
        let s = world.services
        let admin = world.admin
        let samUser = try await s.createUser(name: "Sam", email: "sam@example.com", role: .salesperson, by: nil)
        let olgaUser = try await s.createUser(name: "Olga", email: "olga@example.com", role: .salesperson, by: nil)
        _ = try await s.createTeam(TeamFields(name: "West", memberIds: [samUser.id]), by: admin)
        let team = try await s.createTeam(TeamFields(name: "East", memberIds: [olgaUser.id]), by: admin)
        let sam = try await s.caller(for: samUser.id)
        let olga = try await s.caller(for: olgaUser.id)

        func opportunity(_ name: String, _ caller: Caller, _ currency: String, _ estimated: String, close: String? = nil,
                         category: ForecastCategory = .pipeline, probability: Int? = nil) async throws -> Opportunity {
            let account = try await s.createAccount(AccountFields(name: "\(name) Ltd"), by: caller)
            return try await s.createOpportunity(
                OpportunityFields(name: name, customer: .account(account.id), estimatedCloseDate: close.flatMap(Day.init),
                                  probability: probability, forecastCategory: category, revenueMode: .userProvided,
                                  estimatedRevenue: Decimal(string: estimated)),
                currency: currency, by: caller)
        }
        _ = try await opportunity("O1", sam, "EUR", "10000", close: "2026-04-10")
        let o2 = try await opportunity("O2", sam, "USD", "5000", close: "2026-05-20", category: .bestCase)
        _ = try await s.moveStage(o2.id, to: "propose", ifVersion: nil, by: sam)
        _ = try await opportunity("O3", olga, "JPY", "1600000", close: "2026-04-30", category: .committed, probability: 35)

        func lead(_ name: String, _ source: LeadSource?, by caller: Caller) async throws -> Lead {
            var fields = LeadFields(topic: "Need \(name)", lastName: name, companyName: "\(name) SA")
            fields.source = source
            fields.estimatedValue = 3000
            return try await s.createLead(fields, by: caller).lead
        }
        let l1 = try await lead("L1", .web, by: admin)
        let l2 = try await lead("L2", .web, by: admin)
        _ = try await lead("L3", .web, by: admin)
        let l4 = try await lead("L4", .tradeShow, by: admin)
        _ = try await lead("L5", nil, by: admin)
        _ = try await lead("L6", .email, by: sam)
        guard let o4 = try await s.qualifyLead(l1.id, QualifyOptions(), ifVersion: nil, by: admin).opportunity else {
            throw ServiceError.notFound(recordType: "opportunity", id: "O4")
        }
        _ = try await s.winOpportunity(o4.id, actualRevenue: 3200, details: CloseDetails(closeDate: Day("2026-04-14")), ifVersion: nil, by: admin)
        _ = try await s.disqualifyLead(l2.id, as: .noLongerInterested, ifVersion: nil, by: admin)
        _ = try await s.qualifyLead(l4.id, QualifyOptions(createOpportunity: false), ifVersion: nil, by: admin)

        let o5 = try await opportunity("O5", olga, "USD", "2500")
        _ = try await s.winOpportunity(o5.id, details: CloseDetails(closeDate: Day("2026-05-04")), ifVersion: nil, by: olga)
        let o6 = try await opportunity("O6", sam, "EUR", "1000")
        _ = try await s.loseOpportunity(o6.id, as: .outSold, details: CloseDetails(closeDate: Day("2026-04-20")), ifVersion: nil, by: sam)
        return ReportFixture(world: world, sam: sam, olga: olga, olgaTeam: team.id)
    }
}

