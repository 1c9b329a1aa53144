import Foundation
import Testing
import VendoCore
import VendoServices
import VendoTestSupport
@testable import VendoAPI

@Suite("API: receivables")
struct ReceivablesAPITests {
    /// Zeta SA's invoice of 1,000.00 at 20 %, issued on 15 March, due 14 April.
    static func issued(_ world: TestWorld) async throws -> Invoice {
        let s = world.services, me = world.admin
        let account = try await s.createAccount(TestWorld.frenchCustomer("Zeta SA"), by: me)
        let invoice = try await s.createInvoice(InvoiceFields(name: "Z"), customer: .account(account.id), by: me)
        _ = try await s.addLine(to: Invoice.self, invoice.id, LineFields(writeInName: "Work", quantity: 1, pricePerUnit: 1000, taxRate: 20),
                                ifVersion: nil, by: me)
        return try await s.issueInvoice(invoice.id, ifVersion: nil, by: me)
    }

    @Test("the aged balance and the overdue invoices, as JSON and CSV, on a given day")
    func receivables() async throws {
        try await withAPI { api, world in
            let invoice = try await Self.issued(world)
            let aged = try await api.get("/api/v1/reports/aged-receivables?asOf=2026-05-20")
            #expect(aged.status == .ok && aged.string("asOf") == "2026-05-20" && aged.string("currency") == "EUR")
            let row = try #require(aged.json?["items"]?.arrayValue?.first)
            // Due 14 April: 36 days late on 20 May.
            #expect(row["customerName"]?.stringValue == "Zeta SA" && row["days31to60"]?.stringValue == "1200.00"
                    && row["total"]?.stringValue == "1200.00" && row["base"]?["days31to60"]?.stringValue == "1200.00")
            #expect(aged.json?["totals"]?["total"]?.stringValue == "1200.00")
            let csv = try await api.get("/api/v1/reports/aged-receivables?asOf=2026-05-20&format=csv")
            let lines = csv.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(csv.status == .ok && lines.count == 2)
            #expect(lines.first?.contains("customerName,currency,invoices,notDue,days1to30,days31to60,days61to90,over90,total,base.notDue") == true)
            #expect(lines.last?.contains("Zeta SA,EUR,1,0.00,0.00,1200.00,0.00,0.00,1200.00") == true)
            let overdue = try await api.get("/api/v1/reports/overdue-invoices?asOf=2026-05-20")
            let item = try #require(overdue.json?["items"]?.arrayValue?.first)
            #expect(item["number"]?.stringValue == invoice.number && item["daysLate"]?.intValue == 36 && item["balance"]?.stringValue == "1200.00")
            #expect(try await api.get("/api/v1/reports/overdue-invoices?asOf=2026-04-14").json?["items"]?.arrayValue?.isEmpty == true)
            let bad = try await api.get("/api/v1/reports/aged-receivables?asOf=May")
            #expect(bad.status == .unprocessableContent)
            #expect(try await api.get("/api/v1/reports/aged-receivables?bucket=1").status == .unprocessableContent)
        }
    }

    @Test("the journal as a FEC file named by the SIREN, or as CSV; bad periods and formats are refused")
    func journal() async throws {
        try await withAPI { api, world in
            let s = world.services, me = world.admin
            _ = try await Self.issued(world)
            let fec = try await api.get("/api/v1/exports/journal?from=2026-01-01&format=fec")
            #expect(fec.status == .ok && fec.headers[.contentType] == "text/plain; charset=iso-8859-15")
            #expect(fec.headers[.contentDisposition] == "attachment; filename=\"303265045FEC20261231.txt\"")
            #expect(fec.text.hasPrefix("JournalCode\tJournalLib\tEcritureNum") && fec.text.contains("\t1200,00\t0,00\t"))
            let csv = try await api.get("/api/v1/exports/journal?from=2026-03-15&format=csv")
            #expect(csv.status == .ok && csv.headers[.contentType] == "text/csv; charset=utf-8" && csv.text.contains(",1200.00,0.00,"))
            #expect(try await api.get("/api/v1/exports/journal").status == .unprocessableContent)
            #expect(try await api.get("/api/v1/exports/journal?from=2026-01-01&format=xlsx").status == .unprocessableContent)
            #expect(try await api.get("/api/v1/exports/journal?from=2026-01-01&to=2027-02-01").status == .unprocessableContent)
            // The chart of accounts and the fiscal year are settings, checked key by key.
            let chart = try await api.patch("/api/v1/settings", #"{"accounts":{"sales.20":"706100","vat.20":"445711"},"fiscalYearStart":"07-01"}"#)
            #expect(chart.status == .ok && chart.json?["accounts"]?["sales.20"]?.stringValue == "706100")
            let wrong = try await api.patch("/api/v1/settings", #"{"accounts":{"bogus":"411000","bank":"x"},"fiscalYearStart":"13-01"}"#)
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.json?["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue }.sorted()
                    == ["accounts.bank", "accounts.bogus", "fiscalYearStart"])
            // With the year from 1 July, March 2026 is in the year that closes on 30 June 2026.
            let shifted = try await api.get("/api/v1/exports/journal?from=2026-03-01")
            #expect(shifted.headers[.contentDisposition] == "attachment; filename=\"303265045FEC20260630.txt\"")
            _ = try await s.updateSettings(ifVersion: nil, by: me) { $0.registrationNumber = nil }
            #expect(try await api.get("/api/v1/exports/journal?from=2026-01-01").status == .conflict)
        }
    }
}
