import Foundation
import Synchronization
import Testing
@testable import VendoCore
@testable import VendoServices
@testable import VendoStore
import VendoTestSupport

/// Writes `bytes` to a fresh temporary file and returns its path.
func temporaryFile(_ bytes: [UInt8], suffix: String = ".csv") throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("vendo-import-\(UUID().uuidString)\(suffix)").path
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
}

func temporaryFile(_ text: String, suffix: String = ".csv") throws -> String { try temporaryFile(Array(text.utf8), suffix: suffix) }

func leads(_ world: TestWorld) async throws -> [Lead] {
    try await world.services.list(Lead.self, ListQuery(descending: false, limit: 200), by: world.admin).items
}

@Suite("Importing files")
struct ImportTests {
    @Test("a Dynamics 365 lead export with a BOM and semicolons: columns recognised, values read, unknown columns reported")
    func dynamicsLeads() async throws {
        let world = try await TestWorld.make()
        let file = try temporaryFile([0xEF, 0xBB, 0xBF] + Array("""
            Topic;First Name;Last Name;Company Name;Email;Business Phone;Lead Source;Rating;Budget Amount;Est. Close Date;\
            Address 1: City;ZIP/Postal Code;Favourite Colour
            Laptops;Élise;Roux;Café Roux;elise@roux.example;+33 1 23;Trade Show;Hot;1 234,56;2026-06-30;Paris;75001;blue
            Docks;Tom;Hart;;tom@hart.example;;Web;;;;;;
            """.utf8))
        let report = try await world.services.importFile(.leads, path: file, options: ImportOptions(), by: world.admin)
        #expect(report.committed && report.rows == 2 && report.created == 2 && report.badRows == 0)
        #expect(report.ignoredColumns == ["Favourite Colour"])
        #expect(report.mapping["Address 1: City"] == "address.city" && report.mapping["Lead Source"] == "source")
        let imported = try await leads(world)
        #expect(imported.count == 2)
        let elise = try #require(imported.first { $0.fields.lastName == "Roux" })
        #expect(elise.fields.firstName == "Élise" && elise.fields.companyName == "Café Roux" && elise.fields.phone == "+33 1 23")
        #expect(elise.fields.source == .tradeShow && elise.fields.rating == .hot && elise.fields.budgetAmount == dec("1234.56"))
        #expect(elise.fields.estimatedCloseDate == Day("2026-06-30") && elise.fields.address?.city == "Paris")
        #expect(elise.fields.address?.postalCode == "75001" && elise.state == .open && elise.process?.stage == "qualify")
        #expect(try await world.services.history(of: Lead.self, elise.id, by: world.admin).map(\.action) == ["create"])
    }

    static let mixed = """
        topic,lastName,email,estimatedValue,estimatedCloseDate,notes
        Good one,Able,able@x.example,100,2026-01-31,ok
        Bad date,Baker,baker@x.example,200,31/01/2026,"two
        lines"
        Bad money,Cole,cole@x.example,12abc,,
        Good two,Dunn,dunn@x.example,"1,5",,
        No name,,nobody@x.example,,,
        """

    @Test("all or nothing: one bad row imports nothing, and every bad row is reported with its line and reason")
    func allOrNothing() async throws {
        let world = try await TestWorld.make()
        let report = try await world.services.importFile(.leads, path: try temporaryFile(Self.mixed), options: ImportOptions(), by: world.admin)
        #expect(!report.committed && report.rows == 5 && report.badRows == 3)
        #expect(report.problems.map(\.line) == [3, 5, 7])
        #expect(report.problems.map(\.field) == ["estimatedCloseDate", "estimatedValue", "lastName"])
        #expect(report.problems.map(\.code) == ["invalid_date", "invalid_decimal", "required"])
        #expect(report.problems[0].message.contains("YYYY-MM-DD"))
        #expect(try await leads(world).isEmpty)
    }

    @Test("skip bad rows: the good rows are imported and the bad ones reported; a dry run reports the same and saves nothing")
    func skipBadRows() async throws {
        let world = try await TestWorld.make()
        let path = try temporaryFile(Self.mixed)
        let dry = try await world.services.importFile(.leads, path: path, options: ImportOptions(dryRun: true, skipBadRows: true),
                                                      by: world.admin)
        #expect(!dry.committed && dry.created == 2 && dry.badRows == 3)
        #expect(try await leads(world).isEmpty)
        let real = try await world.services.importFile(.leads, path: path, options: ImportOptions(skipBadRows: true), by: world.admin)
        #expect(real.committed && real.created == 2 && real.skipped == 3 && real.problems == dry.problems)
        let imported = try await leads(world)
        #expect(imported.map(\.fields.lastName) == ["Able", "Dunn"])
        #expect(imported[1].fields.estimatedValue == dec("1.5"))
    }

    @Test("duplicates of open leads and of earlier rows are skipped and named; allowed, they are created and still named")
    func duplicates() async throws {
        let world = try await TestWorld.make()
        let existing = try await world.lead(email: "camille@dupont.example")
        let file = try temporaryFile("""
            topic,last name,email
            A,Martin,CAMILLE@dupont.example
            B,New,new@x.example
            C,Again,  new@x.example
            """)
        let report = try await world.services.importFile(.leads, path: file, options: ImportOptions(), by: world.admin)
        #expect(report.committed && report.created == 1 && report.skipped == 2 && report.duplicateCount == 2)
        #expect(report.duplicates.map(\.line) == [2, 4])
        #expect(report.duplicates[0].matches.map(\.id) == [existing.id.uuid] && report.duplicates[0].matches[0].matchedOn == "email")
        #expect(report.duplicates.allSatisfy { !$0.created })
        let allowed = try await world.services.importFile(.leads, path: file, options: ImportOptions(allowDuplicates: true), by: world.admin)
        #expect(allowed.created == 3 && allowed.duplicateCount == 3 && allowed.duplicates.allSatisfy(\.created))
        #expect(try await leads(world).count == 5)
    }

    @Test("duplicates are found across the chunks rows are checked in, and within one; the match names the earlier row's lead")
    func duplicatesAcrossChunks() async throws {
        let world = try await TestWorld.make()
        var text = "topic,last name,email\n"
        for n in 1...(Services.importChunk + 100) {
            let email = n == Services.importChunk + 50 ? "row1@x.example" : n == Services.importChunk + 90 ? "row\(Services.importChunk + 60)@x.example"
                : "row\(n)@x.example"
            text += "T\(n),Last\(n),\(email)\n"
        }
        let report = try await world.services.importFile(.leads, path: try temporaryFile(text), options: ImportOptions(), by: world.admin)
        #expect(report.created == Services.importChunk + 98 && report.duplicates.map(\.line) == [Services.importChunk + 51, Services.importChunk + 91])
        let first = try await world.services.store.read { try await $0.leads(withEmail: "row1@x.example") }
        let later = try await world.services.store.read { try await $0.leads(withEmail: "row\(Services.importChunk + 60)@x.example") }
        #expect(first.count == 1 && later.count == 1)
        #expect(report.duplicates.map { $0.matches.map(\.id) } == [first.map(\.id.uuid), later.map(\.id.uuid)])
    }

    @Test("before a real import the check pass keeps nothing per row and skips the duplicate lookups; a dry run's names them")
    func checkPassKeepsNothing() async throws {
        let world = try await TestWorld.make()
        _ = try await world.lead(email: "camille@dupont.example")
        let leadsFile = try temporaryFile("topic,last name,email\nA,Martin,camille@dupont.example\nB,New,new@x.example\nC,Again,new@x.example\n")
        let accountsFile = try temporaryFile("name,website\nAcme,https://acme.example\nACME,\n")
        func check(_ kind: ImportKind, _ path: String, dryRun: Bool) async throws -> (ImportReport, ImportOverlay) {
            try await world.services.checkFile(kind, path: path, format: .csv, options: ImportOptions(dryRun: dryRun),
                                               initial: ImportReport(kind: kind, format: .csv, dryRun: dryRun), by: world.admin, progress: nil)
        }
        let (real, kept) = try await check(.leads, leadsFile, dryRun: false)
        #expect(real.rows == 3 && real.badRows == 0 && real.duplicateCount == 0 && kept.leads.isEmpty)
        let (dry, named) = try await check(.leads, leadsFile, dryRun: true)
        #expect(dry.duplicates.map(\.line) == [2, 4] && named.leads.keys.sorted() == ["new@x.example"])
        let (accounts, keptAccounts) = try await check(.accounts, accountsFile, dryRun: false)
        #expect(accounts.duplicateCount == 0 && keptAccounts.accountNames.isEmpty && keptAccounts.accountDomains.isEmpty)
        let (dryAccounts, _) = try await check(.accounts, accountsFile, dryRun: true)
        #expect(dryAccounts.duplicates.map(\.line) == [3])
        // The real import still finds them, while it writes.
        let imported = try await world.services.importFile(.leads, path: leadsFile, options: ImportOptions(), by: world.admin)
        #expect(imported.committed && imported.created == 1 && imported.duplicates.map(\.line) == [2, 4])
    }

    @Test("cells are trimmed and choices compared as Foundation would, with a fast path for plain ASCII", arguments: [
        "  Trade Show ", "trade-show", "TRADESHOW", "Événement", "\u{00A0}Web\n", "Zoë Ngô", "", "   ", "\t\r\n",
    ])
    func cellText(text: String) {
        #expect(ImportValue.trimmed(text) == text.trimmingCharacters(in: .whitespacesAndNewlines))
        let slow = String(text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "en_US_POSIX"))
            .unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
        #expect(ImportValue.key(text) == slow)
    }

    @Test("the user's mapping and defaults: a column mapped by hand, one left out, a default source and topic")
    func mappingAndDefaults() async throws {
        let world = try await TestWorld.make()
        let file = try temporaryFile("Nom de famille,Courriel,Pointure,Internal\nGarnier,g@x.example,42,secret\n")
        let options = ImportOptions(mapping: ["Nom de famille": "lastName", "Internal": ""],
                                    defaults: ["source": "tradeShow", "topic": "Salon Lyon 2026"])
        let report = try await world.services.importFile(.leads, path: file, options: options, by: world.admin)
        #expect(report.created == 1 && report.ignoredColumns == ["Pointure"] && report.mapping["Courriel"] == "email")
        let lead = try #require(try await leads(world).first)
        #expect(lead.fields.lastName == "Garnier" && lead.fields.topic == "Salon Lyon 2026" && lead.fields.source == .tradeShow)
        #expect(lead.fields.email == "g@x.example")
        let badMapping = await #expect(throws: ServiceError.self) {
            try await world.services.importFile(.leads, path: file, options: ImportOptions(mapping: ["Pointure": "shoeSize"]), by: world.admin)
        }
        #expect(badMapping?.code == "unknown_field")
        let noColumn = await #expect(throws: ServiceError.self) {
            try await world.services.importFile(.leads, path: file, options: ImportOptions(mapping: ["E-mail": "email"]), by: world.admin)
        }
        #expect(noColumn?.code == "unknown_column")
        let badDefault = await #expect(throws: ServiceError.self) {
            try await world.services.importFile(.leads, path: file, options: ImportOptions(defaults: ["colour": "blue"]), by: world.admin)
        }
        #expect(badDefault?.code == "unknown_field")
    }

    @Test("vCards from a card scanner become leads; a file of no known columns is refused")
    func vCards() async throws {
        let world = try await TestWorld.make()
        let file = try temporaryFile("""
            BEGIN:VCARD
            VERSION:3.0
            N:Martin;Camille
            ORG:Atelier Dupont
            EMAIL:camille@dupont.example
            END:VCARD
            BEGIN:VCARD
            VERSION:4.0
            FN:Jo
            END:VCARD
            BEGIN:VCARD
            VERSION:4.0
            N:Smith;Jo
            EMAIL:jo@smith.example
            END:VCARD
            """, suffix: ".vcf")
        let options = ImportOptions(skipBadRows: true, defaults: ["topic": "Salon 2026", "source": "tradeShow"])
        let report = try await world.services.importFile(.leads, path: file, options: options, by: world.admin)
        #expect(report.format == .vcard && report.rows == 3 && report.created == 3)
        let contacts = try await world.services.importFile(.contacts, path: file, options: ImportOptions(skipBadRows: true),
                                                           by: world.admin)
        // The first card's company is no account yet.
        #expect(contacts.created == 2 && contacts.problems.map(\.code) == ["unknown_account"] && contacts.problems[0].line == 1)
        let noColumns = await #expect(throws: ServiceError.self) {
            try await world.services.importFile(.leads, path: try temporaryFile("a,b\n1,2\n"), options: ImportOptions(), by: world.admin)
        }
        #expect(noColumns?.code == "no_known_column")
        let products = await #expect(throws: ServiceError.self) {
            try await world.services.importFile(.products, path: file, options: ImportOptions(), by: world.admin)
        }
        #expect(products?.code == "unsupported")
    }

    @Test("accounts match on accent-, case- and space-insensitive names and on website domains; contacts link to accounts by name")
    func accountsAndContacts() async throws {
        let world = try await TestWorld.make()
        _ = try await world.services.createAccount(AccountFields(name: "Société  Générale", website: "https://www.sg.example/fr"),
                                                   by: world.admin)
        let accounts = try temporaryFile("""
            Account Name,Website,Main Phone,Billing City
            SOCIETE generale,,,
            Other name,http://sg.example,,
            Dupont SA,dupont.example,+33 4,Lyon
            """)
        let report = try await world.services.importFile(.accounts, path: accounts, options: ImportOptions(), by: world.admin)
        #expect(report.created == 1 && report.duplicates.map(\.line) == [2, 3])
        #expect(report.duplicates.map { $0.matches.first?.matchedOn } == ["name", "websiteDomain"])
        let contacts = try temporaryFile("First Name,Last Name,Email,Account Name\nAna,Lopez,ana@dupont.example,dupont sa\n")
        let imported = try await world.services.importFile(.contacts, path: contacts, options: ImportOptions(), by: world.admin)
        #expect(imported.created == 1)
        let dupont = try #require(try await world.services.list(Account.self, ListQuery(search: "dupont"), by: world.admin).items.first)
        #expect(dupont.fields.address?.city == "Lyon" && dupont.fields.phone == "+33 4")
        let ana = try #require(try await world.services.list(Contact.self, ListQuery(search: "lopez"), by: world.admin).items.first)
        #expect(ana.fields.accountId == dupont.id)
        let again = try await world.services.importFile(.contacts, path: contacts, options: ImportOptions(), by: world.admin)
        #expect(again.created == 0 && again.duplicates.first?.matches.first?.id == ana.id.uuid)
    }

    @Test("products by unit name and price list items by list name and product number, through the catalog's own rules")
    func catalog() async throws {
        let world = try await TestWorld.make()
        let products = try temporaryFile("""
            Product ID,Name,Default Unit,List Price,Tax Rate
            MON-27,Monitor 27,each,"299,00",20
            CASE,Case,BOX OF 12,40,20
            LAP-14,Duplicate number,each,1,20
            BAD,Bad unit,crate,1,20
            """)
        let report = try await world.services.importFile(.products, path: products, options: ImportOptions(skipBadRows: true), by: world.admin)
        #expect(report.created == 2 && report.problems.map(\.line) == [4, 5])
        #expect(report.problems.map(\.code) == ["already_exists", "unknown_unit"])
        let monitor = try #require(try await world.services.list(Product.self, ListQuery(search: "monitor"), by: world.admin).items.first)
        #expect(monitor.fields.listPrice == dec("299") && monitor.fields.unitId == world.catalog.each.id)
        let items = try temporaryFile("""
            Price List,Product ID,Unit,Amount
            standard eur,MON-27,,249
            Standard EUR,CASE,box of 12,35
            Standard EUR,LAP-14,,900
            Nowhere,MON-27,,1
            """)
        let itemReport = try await world.services.importFile(.priceListItems, path: items, options: ImportOptions(skipBadRows: true),
                                                             by: world.admin)
        #expect(itemReport.created == 2 && itemReport.problems.map(\.code) == ["already_exists", "unknown_price_list"])
        let priced = try await world.services.store.read { tx in
            try await tx.priceListItem(priceList: world.catalog.priceList.id, product: monitor.id, unit: world.catalog.each.id)
        }
        #expect(priced?.fields.amount == dec("249"))
    }

    @Test("a salesperson may import leads as their own, not products")
    func access() async throws {
        let world = try await TestWorld.make()
        let user = try await world.services.createUser(name: "Sam", email: "sam@example.com", role: .salesperson, by: nil)
        let sam = try await world.services.caller(for: user.id)
        let leadFile = try temporaryFile("topic,last name\nT,Ames\n")
        let report = try await world.services.importFile(.leads, path: leadFile, options: ImportOptions(), by: sam)
        #expect(report.created == 1)
        #expect(try await leads(world).first?.info.ownerId == user.id)
        let productFile = try temporaryFile("number,name,unit\nX,X,each\n")
        let refused = await #expect(throws: ServiceError.self) {
            try await world.services.importFile(.products, path: productFile, options: ImportOptions(), by: sam)
        }
        #expect(refused?.code == "forbidden")
        #expect(try await count(world, Product.self) == 2)
    }

    @Test("100,000 rows (20,000 on PostgreSQL, for time) in skip-bad-rows batches: every good row in, every bad row named")
    func large() async throws {
        let world = try await TestWorld.make()
        let rows = world.services.store.dialect == .postgres ? 20_000 : 100_000
        var text = "topic,lastName,email,estimatedValue\n"
        for row in 1...rows {
            text += row % (rows / 4) == 0 ? "Bad,Row\(row),r\(row)@x.example,oops\n" : "Lead \(row),Row\(row),r\(row)@x.example,\(row)\n"
        }
        let path = try temporaryFile(text)
        let seen = ProgressLog()
        let report = try await world.services.importFile(.leads, path: path, options: ImportOptions(skipBadRows: true), by: world.admin) {
            seen.add($0)
        }
        #expect(report.rows == rows && report.created == rows - 4 && report.badRows == 4)
        #expect(report.problems.map(\.line) == [1, 2, 3, 4].map { $0 * rows / 4 + 1 })
        #expect(try await count(world, Lead.self) == rows - 4)
        let last = try #require(seen.last)
        #expect(last.rows == rows && last.bytesRead == last.totalBytes && seen.count >= rows / 1000)
    }
}

/// The progress reports an import made.
final class ProgressLog: Sendable {
    private let reports = Mutex<[ImportProgress]>([])
    func add(_ progress: ImportProgress) { reports.withLock { $0.append(progress) } }
    var last: ImportProgress? { reports.withLock { $0.last } }
    var count: Int { reports.withLock { $0.count } }
}
