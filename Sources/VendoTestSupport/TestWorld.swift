import Foundation
import Synchronization
import VendoCore
import VendoServices
import VendoStore

/// A migrated in-memory database with an organisation (EUR, plus USD and JPY), an admin user
/// and a small catalog, for tests.
public struct TestWorld: Sendable {
    public let services: Services
    public let clock: FixedClock
    public let admin: Caller
    public let catalog: Catalog

    public struct Catalog: Sendable {
        public let each: UnitOfMeasure
        public let box: UnitOfMeasure
        /// Laptop: list price 1200, current cost 800, standard cost 750, tax 20 %.
        public let laptop: Product
        /// Dock: list price 150, tax 20 %.
        public let dock: Product
        /// 5–9 units: 5 %; 10–49 units: 10 %.
        public let volume: DiscountList
        /// EUR: laptop 1000.00 with the volume discounts, dock 135.00 (90 % of list).
        public let priceList: PriceList
    }

    /// `sellerIdentity: false` leaves the organisation's legal identity blank, as on a new server.
    /// `server`: what the server's flags and environment would set (a mail server, the public address).
    /// `migrateUpTo`: a database left at that migration, as an older version made it.
    public static func make(location: StoreLocation = .forTests, sellerIdentity: Bool = true, server: ServerSettings = ServerSettings(),
                            migrateUpTo: Int? = nil,
                            settings: (@Sendable (inout OrganisationSettings) -> Void)? = nil) async throws -> TestWorld {
        // Every suite runs at once on a small machine, and a write can wait its turn behind the
        // others longer than a server allows (15 s): the tests check what is done, not how
        // fast, as the PostgreSQL ones do with their longer lease (TestDatabase).
        let store = try await Store.open(location, writeWait: .seconds(120))
        openStores.withLock { $0.append(store) }
        try await store.migrate(upTo: migrateUpTo)
        let clock = FixedClock()
        let services = Services(store: store, clock: clock, ids: SequentialIDs(), server: server)
        try await services.setUpOrganisation()
        let user = try await services.createUser(name: "Ada Admin", email: "ada@example.com", role: .admin, by: nil)
        let admin = Caller(user.id)
        // A seller whose invoices are legally complete (SALES-PROCESS.md §11), as a real
        // organisation sets it up before its first invoice.
        if sellerIdentity { _ = try await services.updateSettings(ifVersion: nil, by: admin) { Self.sellerIdentity(&$0) } }
        if let settings {
            _ = try await services.updateSettings(ifVersion: nil, by: admin, settings)
        }
        _ = try await services.createCurrency(Currency(code: "USD", name: "US dollar", symbol: "$", precision: 2,
                                                       exchangeRate: Decimal(string: "1.25") ?? 1), by: admin)
        _ = try await services.createCurrency(Currency(code: "JPY", name: "Yen", symbol: "¥", precision: 0, exchangeRate: 160), by: admin)
        let catalog = try await makeCatalog(services, admin)
        return TestWorld(services: services, clock: clock, admin: admin, catalog: catalog)
    }

    /// A SIREN that passes its check, for the tests' French customers.
    public static let customerSIREN = "732829320"

    /// A French business customer's billing data: an address in Lyon and a SIREN.
    public static func frenchCustomer(_ name: String) -> AccountFields {
        var fields = AccountFields(name: name, address: Address(line1: "3 quai Saint-Antoine", city: "Lyon", postalCode: "69002",
                                                                country: "France"))
        fields.registrationNumber = customerSIREN
        return fields
    }

    /// The legal identity, address, bank account, terms and wording of the test organisation.
    public static func sellerIdentity(_ settings: inout OrganisationSettings) {
        settings.legalName = "Vendo Test SAS"
        settings.legalForm = "SAS"
        settings.shareCapital = "10 000 €"
        settings.registrationNumber = "303265045"
        settings.registry = "RCS Lyon"
        settings.vatNumber = "FR40303265045"
        settings.organisationAddress = Address(line1: "12 rue de la République", city: "Lyon", postalCode: "69002", country: "France")
        settings.iban = "FR7630006000011234567890189"
        settings.bic = "AGRIFRPP"
        settings.paymentTerms = [PaymentTerm(label: "30 days", days: 30)]
        settings.latePaymentText = "Late payment: three times the legal interest rate, and a fixed 40 € recovery indemnity."
    }

    private static func makeCatalog(_ services: Services, _ admin: Caller) async throws -> Catalog {
        let (group, each) = try await services.createUnitGroup(name: "Items", baseUnit: "each", by: admin)
        let box = try await services.createUnit(UnitFields(name: "box of 12", groupId: group.id, quantity: 12), by: admin)
        var laptop = try await services.createProduct(
            ProductFields(number: "LAP-14", name: "Laptop 14", unitId: each.id, listPrice: 1200, standardCost: 750,
                          currentCost: 800, taxRate: 20), by: admin)
        var dock = try await services.createProduct(
            ProductFields(number: "DOCK", name: "Docking station", unitId: each.id, listPrice: 150, taxRate: 20), by: admin)
        if laptop.state == .draft { laptop = try await services.publishProduct(laptop.id, ifVersion: nil, by: admin) }
        if dock.state == .draft { dock = try await services.publishProduct(dock.id, ifVersion: nil, by: admin) }
        let volume = try await services.createDiscountList(
            DiscountListFields(name: "Volume", type: .percentage, bands: [
                DiscountBand(beginQuantity: 5, endQuantity: 9, percentage: 5),
                DiscountBand(beginQuantity: 10, endQuantity: 49, percentage: 10),
            ]), by: admin)
        let priceList = try await services.createPriceList(PriceListFields(name: "Standard EUR", currency: "EUR"), by: admin)
        _ = try await services.createPriceListItem(
            in: priceList.id, PriceListItemFields(productId: laptop.id, unitId: each.id, amount: 1000, discountListId: volume.id), by: admin)
        _ = try await services.createPriceListItem(
            in: priceList.id, PriceListItemFields(productId: dock.id, unitId: each.id, pricingMethod: .percentOfList, percentage: 90),
            by: admin)
        return Catalog(each: each, box: box, laptop: laptop, dock: dock, volume: volume, priceList: priceList)
    }

    /// An open lead with a company, ready to qualify.
    public func lead(company: String = "Atelier Dupont", email: String = "camille@dupont.example") async throws -> Lead {
        var fields = LeadFields(topic: "Laptops for \(company)", firstName: "Camille", lastName: "Martin", companyName: company)
        fields.email = email
        fields.website = "https://www.\(company.lowercased().replacingOccurrences(of: " ", with: "-")).example"
        fields.source = .tradeShow
        fields.address = Address(line1: "8 place Bellecour", city: "Lyon", postalCode: "69002", country: "France")
        return try await services.createLead(fields, by: admin).lead
    }

    /// A French business customer writing in French, and its contact with a billing e-mail
    /// (compta@lefevre.example) beside their own (camille@lefevre.example): whom documents are mailed to.
    public func mailedCustomer() async throws -> (account: Account, contact: Contact) {
        var fields = Self.frenchCustomer("Maison Lefèvre SARL")
        fields.language = "fr"
        let account = try await services.createAccount(fields, by: admin)
        var person = ContactFields(firstName: "Camille", lastName: "Lefèvre", email: "camille@lefevre.example", accountId: account.id)
        person.billingEmail = "compta@lefevre.example"
        return (account, try await services.createContact(person, by: admin))
    }

    /// An open opportunity on the standard price list, with no lines.
    public func opportunity(company: String = "Atelier Dupont") async throws -> Opportunity {
        let lead = try await lead(company: company, email: "\(company.lowercased().replacingOccurrences(of: " ", with: "."))@example.com")
        let result = try await services.qualifyLead(lead.id, QualifyOptions(priceListId: catalog.priceList.id), ifVersion: nil, by: admin)
        guard let opportunity = result.opportunity else { throw ServiceError.notFound(recordType: "opportunity", id: "-") }
        // A French business customer's SIREN goes on its invoices.
        if let account = result.account {
            _ = try await services.updateAccount(account.id, ifVersion: nil, by: admin) { $0.registrationNumber = Self.customerSIREN }
        }
        return opportunity
    }
}

/// Stores of test worlds stay open until the test process ends, so that a test failing half-way
/// never leaves work running on a store that something else has closed.
private let openStores = Mutex<[Store]>([])
