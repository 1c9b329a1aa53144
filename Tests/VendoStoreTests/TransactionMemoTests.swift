import Foundation
import SQLKit
import Testing
@testable import VendoCore
@testable import VendoStore

/// A transaction reads the settings and each currency once, and sees its own writes to them.
@Suite("Store: settings and currencies read once per transaction")
struct TransactionMemoTests {
    @Test("a second read comes from the transaction's memory; its own writes replace it")
    func memo() async throws {
        let store = try await migratedStore()
        try await closing(store) {
            try await store.write { tx in
                try await tx.saveSettings(OrganisationSettings(organisationName: "First"), expectedVersion: nil)
                try await tx.insertCurrency(Currency(code: "USD", name: "US dollar", symbol: "$", precision: 2, exchangeRate: 1))
            }
            try await store.write { tx in
                #expect(try await tx.settings()?.organisationName == "First")
                #expect(try await tx.currency("USD")?.exchangeRate == 1)
                #expect(try await tx.currency("JPY") == nil)
                // Changed behind the memo's back, in SQL: the transaction keeps what it read.
                try await tx.run("DELETE FROM settings")
                try await tx.run("DELETE FROM currencies")
                #expect(try await tx.settings()?.organisationName == "First")
                #expect(try await tx.currency("USD") != nil)
                // Its own writes through the store replace what it remembers.
                try await tx.saveSettings(OrganisationSettings(organisationName: "Second"), expectedVersion: nil)
                #expect(try await tx.settings()?.organisationName == "Second")
                try await tx.insertCurrency(Currency(code: "JPY", name: "Yen", symbol: "¥", precision: 0, exchangeRate: 160))
                #expect(try await tx.currency("JPY")?.exchangeRate == 160)
                var yen = try #require(try await tx.currency("JPY"))
                yen.exchangeRate = 150
                yen.version = 2
                try await tx.updateCurrency(yen, expectedVersion: 1)
                #expect(try await tx.currency("JPY")?.exchangeRate == 150)
                try await tx.deleteCurrency("JPY")
                #expect(try await tx.currency("JPY") == nil)
            }
            // A new transaction reads the database again.
            let (settings, dollar) = try await store.read { tx in (try await tx.settings(), try await tx.currency("USD")) }
            #expect(settings?.organisationName == "Second")
            #expect(dollar == nil)
        }
    }

    @Test("a webhook written in the transaction is among the active ones it reads next")
    func webhooks() async throws {
        let store = try await migratedStore()
        try await closing(store) {
            try await store.write { tx in
                #expect(try await tx.webhooks(subscribedTo: .leadCreated).isEmpty)
                var hook = try Webhook(id: ID(UUID()), info: RecordInfo(at: Date(), by: ID(UUID())),
                                       fields: WebhookFields(url: "https://hooks.example/in", events: [.leadCreated]), secret: "whsec_test")
                try await tx.insert(hook)
                #expect(try await tx.webhooks(subscribedTo: .leadCreated).map(\.id) == [hook.id])
                #expect(try await tx.webhooks(subscribedTo: .invoicePaid).isEmpty)
                hook.fields.active = false
                hook.info.version = 2
                try await tx.update(hook, expectedVersion: 1)
                #expect(try await tx.webhooks(subscribedTo: .leadCreated).isEmpty)
            }
        }
    }
}
