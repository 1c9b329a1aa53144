import Foundation
import Testing
import VendoCore
import VendoServices
import VendoTestSupport
@testable import VendoAPI

@Suite("API: receivables")
struct ReceivablesAPITests {
    @Test("the aged balance and the overdue invoices, as JSON and CSV, on a given day")
    func receivables() async throws {
        try await withAPI { api, world in
            let s = world.services, me = world.admin
            let account = try await s.createAccount(TestWorld.frenchCustomer("Zeta SA"), by: me)
            var invoice = try await s.createInvoice(InvoiceFields(name: "Z"), customer: .account(account.id), by: me)
            invoice = try await s.addLine(to: Invoice.self, invoice.id, LineFields(writeInName: "Work", quantity: 1, pricePerUnit: 1000, taxRate: 20),
                                          ifVersion: nil, by: me)
            invoice = try await s.issueInvoice(invoice.id, ifVersion: nil, by: me)
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
}
