import Foundation
import Testing
import VendoCore
import VendoServices
import VendoTestSupport
@testable import VendoAPI

@Suite("API: dunning", .serialized)
struct DunningAPITests {
    @Test("levels are settings checked field by field; the reminders due carry their charges; a batch says why one did not go")
    func dunning() async throws {
        let smtp = try await SMTPTestServer()
        defer { smtp.stop() }
        try await withAPI(server: smtp.serverSettings()) { api, world in
            let refused = try await api.send(.patch, "/api/v1/settings", #"""
                {"dunning":{"levels":[{"days":20},{"days":10,"interestRate":"120"},{"days":30,"templates":[{"language":"de","subject":"s","body":"b"}]}],"extra":1}}
                """#)
            #expect(refused.status == .unprocessableContent)
            let fields = Set(refused.json?["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? [])
            #expect(fields == ["dunning.extra", "dunning.levels[2].templates[0].language"], "\(refused.text)")
            let invalid = try await api.send(.patch, "/api/v1/settings", #"{"dunning":{"levels":[{"days":20},{"days":10,"interestRate":"120"}]}}"#)
            let invalidFields = invalid.json?["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue }
            #expect(invalid.status == .unprocessableContent && invalidFields == ["dunning.levels[1].days", "dunning.levels[1].interestRate"])
            #expect(try await api.get("/api/v1/settings").json?["dunning"] == .null)

            let saved = try await api.send(.patch, "/api/v1/settings", #"""
                {"dunning":{"levels":[{"days":10},{"days":40,"interestRate":"10.15","indemnity":true}]}}
                """#)
            #expect(saved.status == .ok && saved.json?["dunning"]?["levels"]?[1]?["interestRate"]?.stringValue == "10.15")
            #expect(saved.json?["dunning"]?["indemnityAmount"]?.stringValue == "40.00" && saved.json?["dunning"]?["automatic"]?.boolValue == false)

            // Zeta SA's 1,200.00 due 14 April; on 1 June (48 days late) the second level is due.
            let invoice = try await ReceivablesAPITests.issued(world)
            guard case .account(let account) = invoice.customer else { throw APIError.notFound }
            _ = try await world.services.updateAccount(account, ifVersion: nil, by: world.admin) {
                $0.email = "compta@zeta.example"
            }
            world.clock.set(Day(year: 2026, month: 6, day: 1)?.start ?? Date())
            let due = try await api.get("/api/v1/dunning/reminders-due")
            let item = try #require(due.json?["items"]?[0])
            // 1200 × 10.15 % × 48 / 365 = 16.017… → 16.02, and the 40 € indemnity.
            #expect(item["level"]?.intValue == 2 && item["daysPastDue"]?.intValue == 48 && item["interest"]?.stringValue == "16.02"
                    && item["indemnity"]?.stringValue == "40.00" && item["previousLevel"]?.intValue == 0, "\(due.text)")
            let csv = try await api.get("/api/v1/dunning/reminders-due?format=csv")
            #expect(csv.status == .ok && csv.text.contains("Zeta SA") && csv.text.contains("16.02"))

            let unknown = UUID().uuidString.lowercased()
            let batch = try await api.post("/api/v1/dunning/reminders", #"{"invoiceIds":["\#(invoice.id)","\#(unknown)"]}"#)
            #expect(batch.status == .ok)
            let sent = try #require(batch.json?["items"]?[0]), missing = try #require(batch.json?["items"]?[1])
            #expect(sent["sent"]?.boolValue == true && sent["reminder"]?["level"]?.intValue == 2
                    && sent["reminder"]?["indemnity"]?.stringValue == "40.00" && sent["reminder"]?["chargeInvoiceNumber"]?.stringValue != nil)
            #expect(missing["sent"]?.boolValue == false && missing["error"]?["code"]?.stringValue == "not_found")
            let reread = try await api.get("/api/v1/invoices/\(invoice.id)")
            #expect(reread.json?["reminders"]?.arrayValue?.count == 1)
            let chargesId = sent["reminder"]?["chargeInvoiceId"]?.stringValue ?? ""
            let charges = try await api.get("/api/v1/invoices/\(chargesId)")
            #expect(charges.string("lateChargesOf") == invoice.id.description && charges.string("totalAmount") == "56.02" && charges.string("totalTax") == "0.00")
            #expect(try await api.post("/api/v1/dunning/reminders", #"{"invoiceIds":[]}"#).status == .unprocessableContent)

            // On hold: out of the proposals, listed apart; the account shows it.
            let held = try await api.send(.put, "/api/v1/accounts/\(account)/dunning-hold", #"{"reason":"Payment plan"}"#)
            #expect(held.status == .ok && held.string("reason") == "Payment plan" && held.string("since") == "2026-06-01")
            #expect(try await api.get("/api/v1/accounts/\(account)").json?["dunningHold"]?["reason"]?.stringValue == "Payment plan")
            world.clock.set(Day(year: 2026, month: 9, day: 1)?.start ?? Date())
            let whileHeld = try await api.get("/api/v1/dunning/reminders-due")
            #expect(whileHeld.json?["items"]?.arrayValue?.isEmpty == true
                    && whileHeld.json?["held"]?[0]?["overdueInvoices"]?.intValue == 2, "\(whileHeld.text)")
            #expect(try await api.send(.put, "/api/v1/accounts/\(account)/dunning-hold", #"{"note":"x"}"#).status == .unprocessableContent)
            #expect(try await api.send(.delete, "/api/v1/accounts/\(account)/dunning-hold").status == .noContent)
            #expect(try await api.get("/api/v1/accounts/\(account)").json?["dunningHold"] == .null)
        }
    }
}
