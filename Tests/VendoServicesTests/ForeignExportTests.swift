import Foundation
import Testing
@testable import VendoCore
@testable import VendoServices
import VendoTestSupport

/// Lead exports of the systems people leave, as those systems write them: nothing of what the
/// columns carry is lost, and nothing is refused for a column the other system does not have.
@Suite("Imports from Dynamics 365 and Salesforce")
struct ForeignExportTests {
    /// A Dynamics 365 "Export to Excel" of a lead view, saved as CSV: the hidden key columns,
    /// the whole name and no first or last name column.
    static let dynamics = """
        (Do Not Modify) Lead,(Do Not Modify) Row Checksum,(Do Not Modify) Modified On,Name,Topic,Status Reason,Created On,\
        Company Name,Email,Industry,Annual Revenue,No. of Employees,Lead Source
        0f1e2d3c-0000-0000-0000-000000000001,abc=,2026-03-02 10:00,Camille Martin,Fleet renewal,New,2026-03-01 09:12,\
        Transports Martin,camille@martin.example,Transportation,"1 200 000,00",250,Trade Show
        0f1e2d3c-0000-0000-0000-000000000002,abd=,2026-03-02 10:00,Jean de La Fontaine,Office chairs,Contacted,2026-03-01 09:13,\
        Fables SA,jean@fables.example,Consulting,"85 000,50",12,Web
        0f1e2d3c-0000-0000-0000-000000000003,abe=,2026-03-02 10:00,DUPONT Marie,Printers,Cannot Contact,2026-03-01 09:14,\
        ,marie@dupont.example,,,,
        0f1e2d3c-0000-0000-0000-000000000004,abf=,2026-03-02 10:00,Léa Petit,Screens,Qualified,2026-03-01 09:15,\
        Petit & Fils,lea@petit.example,Wholesale,,3,Partner
        """

    @Test("a Dynamics 365 lead export: names split, statuses kept, industry, revenue and head count read, the key columns left out")
    func dynamicsExport() async throws {
        let world = try await TestWorld.make()
        let report = try await world.services.importFile(.leads, path: try temporaryFile(Self.dynamics), options: ImportOptions(),
                                                         by: world.admin)
        #expect(report.committed && report.created == 4 && report.badRows == 0 && report.topicsMade == 0, "\(report.problems)")
        #expect(report.mapping["Name"] == "fullName" && report.mapping["Status Reason"] == "status")
        #expect(report.mapping["No. of Employees"] == "numberOfEmployees" && report.mapping["Annual Revenue"] == "annualRevenue")
        #expect(report.ignoredColumns == ["(Do Not Modify) Lead", "(Do Not Modify) Row Checksum", "(Do Not Modify) Modified On", "Created On"])
        let imported = Dictionary(uniqueKeysWithValues: try await leads(world).map { ($0.fields.topic, $0) })
        let camille = try #require(imported["Fleet renewal"])
        #expect(camille.fields.firstName == "Camille" && camille.fields.lastName == "Martin" && camille.fullName == "Camille Martin")
        #expect(camille.fields.industry == Industry("transportation") && camille.fields.annualRevenue == dec("1200000"))
        #expect(camille.fields.numberOfEmployees == 250 && camille.state == .open && camille.status == .new)
        let jean = try #require(imported["Office chairs"])
        #expect(jean.fields.firstName == "Jean" && jean.fields.lastName == "de La Fontaine")
        #expect(jean.status == .contacted && jean.fields.industry == Industry("consulting") && jean.fields.annualRevenue == dec("85000.5"))
        let marie = try #require(imported["Printers"])
        #expect(marie.fields.firstName == "Marie" && marie.fields.lastName == "DUPONT")
        #expect(marie.state == .disqualified && marie.status == .cannotContact && marie.fields.industry == nil)
        let lea = try #require(imported["Screens"])
        #expect(lea.state == .qualified && lea.status == .qualified && lea.qualifyingOpportunityId == nil)
        #expect(lea.fields.companyName == "Petit & Fils" && lea.fields.source == .partner && lea.fields.numberOfEmployees == 3)
        // A lead qualified elsewhere can be taken up again here.
        let reopened = try await world.services.reactivateLead(lea.id, ifVersion: lea.info.version, by: world.admin)
        #expect(reopened.state == .open && reopened.status == .new)
    }

    /// A Salesforce lead report exported as CSV: API names as headers, no topic at all.
    static let salesforce = """
        Id,Salutation,Name,Title,Company,Email,LeadSource,Status,Industry,AnnualRevenue,NumberOfEmployees,Rating,CreatedDate
        00Q5g00000AbCdE,Ms.,Sarah Connor,CTO,Cyberdyne Systems,sarah@cyberdyne.example,Web,Open - Not Contacted,Technology,\
        25000000,1200,Hot,2026-02-01T10:00:00.000Z
        00Q5g00000AbCdF,Mr.,John Smith,Buyer,Smith Foods,john@smithfoods.example,Trade Show,Working - Contacted,Food & Beverage,\
        1500000.50,40,Warm,2026-02-02T10:00:00.000Z
        00Q5g00000AbCdG,,Ada Lovelace,,,ada@engines.example,Partner,Closed - Converted,Not For Profit,,,,2026-02-03T10:00:00.000Z
        00Q5g00000AbCdH,Dr.,Henri Poincaré,,Institut Poincaré,henri@ihp.example,,Closed - Not Converted,Education,,,Cold,\
        2026-02-04T10:00:00.000Z
        """

    @Test("a Salesforce lead export without topics: every row in, topics made from the company or name and the source, said in the report")
    func salesforceExport() async throws {
        let world = try await TestWorld.make()
        let path = try temporaryFile(Self.salesforce)
        let dry = try await world.services.importFile(.leads, path: path, options: ImportOptions(dryRun: true), by: world.admin)
        #expect(dry.badRows == 0 && dry.created == 4 && dry.topicsMade == 4, "\(dry.problems)")
        let report = try await world.services.importFile(.leads, path: path, options: ImportOptions(), by: world.admin)
        #expect(report.committed && report.created == 4 && report.topicsMade == 4)
        #expect(report.ignoredColumns == ["Id", "Salutation", "CreatedDate"])
        let imported = Dictionary(uniqueKeysWithValues: try await leads(world).map { ($0.fields.email ?? "", $0) })
        let sarah = try #require(imported["sarah@cyberdyne.example"])
        #expect(sarah.fields.topic == "Cyberdyne Systems – Web" && sarah.fields.firstName == "Sarah" && sarah.fields.lastName == "Connor")
        #expect(sarah.fields.jobTitle == "CTO" && sarah.fields.industry == Industry("technology") && sarah.fields.annualRevenue == dec("25000000"))
        #expect(sarah.fields.numberOfEmployees == 1200 && sarah.fields.rating == .hot && sarah.status == .new)
        let john = try #require(imported["john@smithfoods.example"])
        #expect(john.fields.topic == "Smith Foods – Trade Show" && john.status == .contacted && john.fields.industry == Industry("foodAndBeverage"))
        #expect(john.fields.annualRevenue == dec("1500000.5"))
        let ada = try #require(imported["ada@engines.example"])
        #expect(ada.fields.topic == "Ada Lovelace – Partner" && ada.state == .qualified && ada.fields.industry == Industry("notForProfit"))
        let henri = try #require(imported["henri@ihp.example"])
        #expect(henri.fields.topic == "Institut Poincaré" && henri.fields.firstName == "Henri" && henri.fields.lastName == "Poincaré")
        #expect(henri.state == .disqualified && henri.status == .lost && henri.fields.industry == Industry("education"))
    }

    @Test("cells these columns cannot hold are refused by name, with what to write instead; a topic given wins over a made one")
    func badCells() async throws {
        let world = try await TestWorld.make()
        let file = try temporaryFile("""
            Topic,Name,Company,Industry,NumberOfEmployees,Status,AnnualRevenue
            ,Ann Able,Able Ltd,Spaceflight,12.5,Asleep,-5
            Given,Bob Baker,Baker Ltd,Retail,"1,200",New,
            """)
        let report = try await world.services.importFile(.leads, path: file, options: ImportOptions(skipBadRows: true), by: world.admin)
        #expect(report.created == 1 && report.badRows == 1 && report.topicsMade == 1)
        #expect(report.problems.map(\.field) == ["industry", "numberOfEmployees", "status"])
        #expect(report.problems.map(\.code) == ["invalid_choice", "invalid_integer", "invalid_choice"])
        #expect(report.problems[0].message.contains("foodAndBeverage"))
        let bob = try #require(try await leads(world).first)
        #expect(bob.fields.topic == "Given" && bob.fields.numberOfEmployees == 1200 && bob.fields.industry == Industry("retail"))

        // A negative revenue passes the cell's reading and is refused by the lead's own rules.
        let negative = try temporaryFile("Topic,Last Name,Annual Revenue\nX,Y,-5\n")
        let refused = try await world.services.importFile(.leads, path: negative, options: ImportOptions(), by: world.admin)
        #expect(refused.problems.map(\.field) == ["annualRevenue"] && refused.problems.map(\.code) == ["negative"])
    }

    @Test("head counts: thousands grouped any way, no fractions", arguments: [
        ("250", 250), ("1 200", 1200), ("1,200", 1200), ("1.200", 1200), ("1200.0", 1200), ("12,000,000", 12_000_000),
        ("1.5", nil), ("1,5", nil), ("12.50", nil), ("many", nil),
    ] as [(String, Int?)])
    func headCounts(_ text: String, _ expected: Int?) {
        #expect((try? ImportValue.int(text)) == expected, "\(text)")
    }

    @Test("contacts: a whole-name column is split when the file has no first and last names")
    func contactsFullName() async throws {
        let world = try await TestWorld.make()
        let file = try temporaryFile("Full Name,Email\nMartin, Camille,camille@x.example\n\"Martin, Louis\",louis@x.example\n")
        let report = try await world.services.importFile(.contacts, path: file, options: ImportOptions(skipBadRows: true), by: world.admin)
        #expect(report.created == 1 && report.badRows == 1)
        let contacts = try await world.services.list(Contact.self, ListQuery(descending: false, limit: 10), by: world.admin).items
        #expect(contacts.map(\.fields.firstName) == ["Louis"] && contacts.map(\.fields.lastName) == ["Martin"])
    }
}
