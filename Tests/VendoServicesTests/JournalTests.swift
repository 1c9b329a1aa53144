import Foundation
import Testing
@testable import VendoCore
@testable import VendoServices
import VendoStore
import VendoTestSupport

@Suite("Accounting: entries posted with each event, the FEC and the CSV journal")
struct JournalTests {
    /// The FEC's text, read back from ISO 8859-15 (Latin-1 but for the euro sign and a few more).
    static func text(_ bytes: [UInt8]) -> String {
        String(bytes.map { Character(Unicode.Scalar($0)) })
    }

    static func amount(_ text: String) -> Decimal { Decimal.strict(text.replacingOccurrences(of: ",", with: ".")) ?? -1 }

    /// A year of one company: Zeta's 1,200.00 paid, credited 120.00 and refunded; Alpha's 527.50
    /// at 5.5 % paid 527.00, the rest written off, the payment reversed.
    func fixtureYear(_ world: TestWorld) async throws -> (Invoice, Invoice) {
        let s = world.services, me = world.admin
        _ = try await s.updateSettings(ifVersion: nil, by: me) {
            $0.writeOffLimit = 1
            $0.accounts = ["sales.5.5": "706100", "vat.5.5": "445711"]
        }
        let zeta = try await ReceivablesServiceTests.issue(world, for: "Zeta SA", price: 1000)
        _ = try await s.recordPayment(on: zeta.id, PaymentInput(amount: 1200, reference: "VIR-1"), ifVersion: nil, by: me)
        _ = try await s.creditInvoice(zeta.id, .amount(100, taxRate: 20), reason: "Remise", ifVersion: nil, by: me)
        _ = try await s.refundInvoice(zeta.id, PaymentInput(amount: 120), ifVersion: nil, by: me)
        let account = try await s.createAccount(TestWorld.frenchCustomer("Alpha Éditions"), by: me)
        var alpha = try await s.createInvoice(InvoiceFields(name: "Livres"), customer: .account(account.id), by: me)
        alpha = try await s.addLine(to: Invoice.self, alpha.id, LineFields(writeInName: "Livres", quantity: 1, pricePerUnit: 500, taxRate: dec("5.5")),
                                    ifVersion: nil, by: me)
        alpha = try await s.issueInvoice(alpha.id, ifVersion: nil, by: me)
        let (paid, payment) = try await s.recordPayment(on: alpha.id, PaymentInput(amount: 527), ifVersion: nil, by: me)
        _ = try await s.writeOffInvoice(paid.id, reason: "Arrondi", ifVersion: nil, by: me)
        _ = try await s.reversePayment(payment.id, on: paid.id, reason: "Rejet", ifVersion: nil, by: me)
        return (try await s.get(Invoice.self, zeta.id, by: me), try await s.get(Invoice.self, alpha.id, by: me))
    }

    @Test("the FEC of a fixture year, column by column; every entry and the file balance; numbers without gaps")
    func fec() async throws {
        let world = try await TestWorld.make()
        let (zeta, alpha) = try await fixtureYear(world)
        let file = try await world.services.journalExport(from: Day("2026-01-01") ?? Day(Date()), to: nil, format: .fec, by: world.admin)
        #expect(file.name == "303265045FEC20261231.txt" && file.entries == 8)
        #expect(file.bytes.contains(0xC9) && !file.bytes.contains(0xC3), "É is one Latin-9 byte, not UTF-8")
        let lines = Self.text(file.bytes).components(separatedBy: "\r\n").filter { !$0.isEmpty }.map { $0.components(separatedBy: "\t") }
        #expect(lines.first == JournalExport.fecColumns)
        let rows = Array(lines.dropFirst())
        #expect(rows.count == 19 && rows.allSatisfy { $0.count == 18 })
        let zetaCode = JournalCustomer(zeta.customer, name: "").code
        let zetaNumber = try #require(zeta.number), alphaNumber = try #require(alpha.number)
        // The invoice: receivable with the customer as auxiliary account, sales and VAT.
        #expect(rows[0] == ["VT", "Ventes", "1", "20260315", "411000", "Clients", zetaCode, "Zeta SA", zetaNumber, "20260315",
                            "Facture \(zetaNumber) Zeta SA", "1200,00", "0,00", "", "", "20260315", "", ""])
        #expect(rows[1][4...6] == ["706000", "Ventes TVA 20 %", ""] && rows[1][11...12] == ["0,00", "1000,00"])
        #expect(rows[2][4...5] == ["445710", "TVA collectée 20 %"] && rows[2][12] == "200,00")
        // The payment, with its reference.
        #expect(rows[3][0...4] == ["BQ", "Banque", "2", "20260315", "411000"] && rows[3][10] == "Règlement \(zetaNumber) Zeta SA VIR-1")
        #expect(rows[3][12] == "1200,00" && rows[4][4] == "512000" && rows[4][11] == "1200,00")
        // The credit note: the invoice's mirror, under its own number.
        let note = try #require(zeta.credits.first)
        #expect(rows[5][2] == "3" && rows[5][8] == note.number && rows[5][12] == "120,00" && rows[6][11] == "100,00" && rows[7][11] == "20,00")
        // The refund, then Alpha's invoice at 5.5 % on the organisation's own accounts.
        #expect(rows[8][2] == "4" && rows[8][11] == "120,00" && rows[9][12] == "120,00")
        #expect(rows[10][2] == "5" && rows[10][7] == "Alpha Éditions" && rows[10][11] == "527,50")
        #expect(rows[11][4...5] == ["706100", "Ventes TVA 5,5 %"] && rows[12][4] == "445711" && rows[12][12] == "27,50")
        // The payment, the write-off of 0.50 (OD) and the reversal.
        #expect(rows[15][0...2] == ["OD", "Opérations diverses", "7"] && rows[15][4] == "411000" && rows[15][12] == "0,50")
        #expect(rows[16][4] == "654000" && rows[16][11] == "0,50")
        #expect(rows[17][2] == "8" && rows[17][4] == "411000" && rows[17][11] == "527,00" && rows[18][4] == "512000" && rows[18][12] == "527,00")
        #expect(rows[13][8] == alphaNumber)
        // Numbers run 1…8; each entry, and the file, balance.
        var byEntry: [String: Decimal] = [:]
        for row in rows { byEntry[row[2], default: 0] += Self.amount(row[11]) - Self.amount(row[12]) }
        #expect(byEntry.keys.sorted { Int($0) ?? 0 < Int($1) ?? 0 } == (1...8).map(String.init))
        #expect(byEntry.values.allSatisfy { $0 == 0 })
        #expect(rows.reduce(Decimal(0)) { $0 + Self.amount($1[11]) } == rows.reduce(Decimal(0)) { $0 + Self.amount($1[12]) })
        // The receivables account nets to what is still owed: Alpha's 527.50 reversed, less the write-off.
        let receivable = rows.filter { $0[4] == "411000" }.reduce(Decimal(0)) { $0 + Self.amount($1[11]) - Self.amount($1[12]) }
        #expect(receivable == zeta.balance + alpha.balance && receivable == dec("527.00"))
    }

    @Test("the CSV journal; posting is never the export's; older documents get posted by the round, in order")
    func csvAndCatchUp() async throws {
        let world = try await TestWorld.make()
        let s = world.services, me = world.admin
        let (zeta, _) = try await fixtureYear(world)
        let csv = try await s.journalExport(from: Day("2026-03-15") ?? Day(Date()), to: Day("2026-03-15"), format: .csv, by: me)
        let lines = String(decoding: csv.bytes, as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.first == JournalExport.csvColumns.joined(separator: ","))
        #expect(lines.count == 20 && lines[1].hasPrefix("1,2026-01-01,VT,2026-03-15,411000,Clients,"))
        #expect(lines[1].contains(",1200.00,0.00,,,2026-03-15"))
        // A document issued before entries existed: its entries are gone, as on an older server.
        try await s.store.write { tx in
            guard var stripped = try await tx.find(Invoice.self, zeta.id) else { return }
            stripped.journalRecords = nil
            stripped.info.version += 1
            try await tx.update(stripped, expectedVersion: stripped.info.version - 1, history: [])
        }
        let before = try await s.journalExport(from: Day("2026-01-01") ?? Day(Date()), to: nil, format: .fec, by: me)
        #expect(before.entries == 5)
        #expect(try await s.postPendingEntries() == 3)
        #expect(try await s.postPendingEntries() == 0)
        let after = try await s.get(Invoice.self, zeta.id, by: me)
        #expect(after.journalEntries.map(\.number) == [9, 10, 11] && after.journalEntries.map(\.event).first == "issue")
        // Only admins export; a FEC covers one fiscal year.
        let sam = try await s.caller(for: try await s.createUser(name: "Sam", email: "sam@example.com", role: .manager, by: me).id)
        await #expect(throws: ServiceError.self) {
            try await s.journalExport(from: Day("2026-01-01") ?? Day(Date()), to: nil, format: .fec, by: sam)
        }
        let twoYears = await #expect(throws: ServiceError.self) {
            try await s.journalExport(from: Day("2026-01-01") ?? Day(Date()), to: Day("2027-01-31"), format: .fec, by: me)
        }
        #expect(twoYears?.code == "several_fiscal_years")
    }
}

@Suite("Statement of account")
struct StatementTests {
    @Test("a customer's statement: brought forward, the period's items with a running balance, the closing balance; checked by qpdf and pdftotext")
    func statement() async throws {
        let world = try await TestWorld.make()
        let s = world.services, me = world.admin
        let (zeta, alpha) = try await JournalTests().fixtureYear(world)
        // Alpha: 527.50 invoiced, 527.00 paid, 0.50 written off, the payment reversed: 527.00 owed.
        let items = try await s.read(as: me) { tx in try await s.statementItems([alpha], currency: "EUR", in: tx) }
        #expect(items.map(\.kind) == [.invoice, .payment, .reversal, .writeOff])
        #expect(items.map(\.amount) == [dec("527.50"), dec("-527.00"), dec("527.00"), dec("-0.50")])
        let file = try await s.statement(of: alpha.customer, from: Day("2026-01-01"), by: me)
        #expect(file.fileName == "statement-AlphaÉditions-2026-03-15.pdf")
        let text = try DocumentChecks.text(ofPDF: file.bytes)
        #expect(text.contains("Relevé de compte") && text.contains("Alpha Éditions") && text.contains("Solde reporté"))
        // Zeta's year nets to zero: from the next day, nothing happened and nothing is brought forward.
        let later = try await s.statement(of: zeta.customer, from: Day("2026-03-16"), to: Day("2026-04-30"), by: me)
        let zetaText = try DocumentChecks.text(ofPDF: later.bytes)
        #expect(!zetaText.contains("Facture") && zetaText.contains("Solde en fin de période"))
        let problems = try DocumentChecks.problems([
            "statement.pdf": file.bytes,
            "statement.expect": Array(["Relevé de compte", "Solde reporté", "Facture \(alpha.number ?? "")", "527,50", "Règlement rejeté",
                                       "Passé en perte", "527,00"].joined(separator: "\n").utf8),
        ])
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        let unknown = await #expect(throws: ServiceError.self) { try await s.statement(of: alpha.customer, currency: "XYZ", by: me) }
        #expect(unknown?.code == "unknown_currency")
        let backwards = await #expect(throws: ServiceError.self) {
            try await s.statement(of: alpha.customer, from: Day("2026-03-10"), to: Day("2026-03-01"), by: me)
        }
        #expect(backwards?.code == "before_from")
    }
}
