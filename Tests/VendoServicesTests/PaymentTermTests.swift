import Foundation
import Testing
import VendoCore
import VendoServices
import VendoTestSupport

@Suite("Payment terms in both languages, retired and restored")
struct PaymentTermTests {
    static let endOfMonth = PaymentTerm(label: "30 EOM", days: 30, endOfMonth: true,
                                        labels: ["en": "30 days end of month", "fr": "30 jours fin de mois"])
    static let cash = PaymentTerm(label: "Cash", days: 0, labels: ["en": "On receipt", "fr": "À réception"])
    static let net45 = PaymentTerm(label: "Net 45", days: 45)

    func issued(_ world: TestWorld, account: ID<Account>, terms: String?) async throws -> Invoice {
        let s = world.services, me = world.admin
        var fields = InvoiceFields(name: "Service")
        fields.paymentTerms = terms
        var invoice = try await s.createInvoice(fields, customer: .account(account), priceListId: world.catalog.priceList.id, by: me)
        invoice = try await s.addLine(to: Invoice.self, invoice.id, LineFields(productId: world.catalog.dock.id, quantity: 1), ifVersion: nil, by: me)
        return try await s.issueInvoice(invoice.id, ifVersion: nil, by: me)
    }

    @Test("documents print a term in the customer's language; a retired term is no default but still dates what names it")
    func printedAndRetired() async throws {
        let world = try await TestWorld.make()
        let s = world.services, me = world.admin
        _ = try await s.updateSettings(ifVersion: nil, by: me) { $0.paymentTerms = [Self.endOfMonth, Self.cash, Self.net45] }
        var french = AccountFields(name: "Lumière SARL", address: Address(line1: "1 rue Neuve", city: "Lyon", postalCode: "69001", country: "FR"))
        french.language = "fr"
        french.registrationNumber = "303265045"
        var english = AccountFields(name: "Harbour Ltd", address: Address(line1: "1 Quay", city: "Bristol", postalCode: "BS1 4DJ", country: "GB"))
        english.language = "en"
        let lumiere = try await s.createAccount(french, by: me), harbour = try await s.createAccount(english, by: me)

        // None typed: the default, kept by its name and printed in each customer's language.
        let first = try await issued(world, account: lumiere.id, terms: nil)
        let day = try #require(first.issueDate)
        #expect(first.fields.paymentTerms == "30 EOM" && first.fields.dueDate == Self.endOfMonth.dueDate(issued: day))
        #expect(try await s.facturX(ofInvoice: first.id, by: me).contains("<ram:Description>30 jours fin de mois</ram:Description>"))
        let second = try await issued(world, account: harbour.id, terms: nil)
        #expect(try await s.facturX(ofInvoice: second.id, by: me).contains("<ram:Description>30 days end of month</ram:Description>"))

        // A printed label, typed in either language and any case, names its term and dates the invoice.
        let typed = try await issued(world, account: harbour.id, terms: "à RÉCEPTION")
        #expect(typed.fields.dueDate == typed.issueDate)
        #expect(try await s.facturX(ofInvoice: typed.id, by: me).contains("<ram:Description>On receipt</ram:Description>"))

        // Retired, the first term is no longer the default; the next active one is.
        _ = try await s.updateSettings(ifVersion: nil, by: me) { settings in settings.paymentTerms?[0].retired = true }
        let after = try await issued(world, account: lumiere.id, terms: nil)
        #expect(after.fields.paymentTerms == "Cash" && after.fields.dueDate == after.issueDate)
        // An invoice that names it still takes its due date, and old ones print it as before.
        let named = try await issued(world, account: lumiere.id, terms: "30 EOM")
        #expect(named.fields.dueDate == Self.endOfMonth.dueDate(issued: try #require(named.issueDate)))
        #expect(try await s.facturX(ofInvoice: first.id, by: me).contains("<ram:Description>30 jours fin de mois</ram:Description>"))
        // Restored, it is the default again.
        _ = try await s.updateSettings(ifVersion: nil, by: me) { settings in settings.paymentTerms?[0].retired = nil }
        #expect(try await s.settings().defaultPaymentTerm?.label == "30 EOM")
        // Wording of the invoice's own is printed as typed.
        let own = try await issued(world, account: lumiere.id, terms: "Moitié à la commande")
        #expect(try await s.facturX(ofInvoice: own.id, by: me).contains("<ram:Description>Moitié à la commande</ram:Description>"))
    }

    @Test("printed labels are in English or French, not blank, and name one term only")
    func labelRules() async throws {
        let world = try await TestWorld.make()
        let s = world.services, me = world.admin
        func refused(_ terms: [PaymentTerm]) async -> [String] {
            do {
                _ = try await s.updateSettings(ifVersion: nil, by: me) { $0.paymentTerms = terms }
                return []
            } catch ServiceError.validation(let errors) {
                return errors.map { "\($0.field) \($0.code)" }
            } catch {
                return ["\(error)"]
            }
        }
        #expect(await refused([PaymentTerm(label: "Net 30", days: 30, labels: ["de": "30 Tage"])]) == ["paymentTerms[0].labels.de unknown_language"])
        #expect(await refused([PaymentTerm(label: "Net 30", days: 30, labels: ["fr": "  "])]) == ["paymentTerms[0].labels.fr required"])
        #expect(await refused([PaymentTerm(label: "Net 30", days: 30, labels: ["fr": String(repeating: "x", count: 101)])])
                == ["paymentTerms[0].labels.fr required"])
        // "cash" would tell two terms apart by nothing.
        #expect(await refused([Self.cash, PaymentTerm(label: "Net 30", days: 30, labels: ["en": "cash"])]) == ["paymentTerms[1].labels.en duplicate"])
        #expect(await refused([Self.endOfMonth, Self.cash, Self.net45]) == [])
        #expect(try await s.settings().paymentTerms == [Self.endOfMonth, Self.cash, Self.net45])
    }
}
