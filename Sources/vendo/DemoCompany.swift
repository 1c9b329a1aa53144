import Foundation
import VendoCore
import VendoServices

/// A believable small company for a first look (`vendo serve --demo`): an office-equipment
/// seller with a catalog, two price lists, two teams, a few hundred leads from several sources,
/// and opportunities at every stage, some quoted, ordered, invoiced and paid. Everything goes
/// through the services, as a salesperson's clicks would. The same seed gives the same company.
struct DemoCompany {
    let services: Services

    /// The password of every demo user: a demo database is for looking around, not for real data.
    static let password = "vendo-demo-2026"
    static let users: [(name: String, email: String, role: Role, locale: String)] = [
        ("Claire Moreau", "claire@demo.vendo", .manager, "fr"),
        ("Anna Berg", "anna@demo.vendo", .salesperson, "en"),
        ("Louis Martin", "louis@demo.vendo", .salesperson, "fr"),
        ("Sam Carter", "sam@demo.vendo", .salesperson, "en"),
    ]

    /// A small deterministic generator, so that every demo looks the same.
    struct Dice {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        mutating func pick<T>(_ items: [T]) -> T { items[next(items.count)] }
    }

    /// Fills the database, which must hold no lead yet; `admin` is the administrator who sets it up.
    func seed(admin: Caller, leads leadCount: Int = 300) async throws -> [String] {
        var dice = Dice(state: 2026)
        _ = try await services.updateSettings(ifVersion: nil, by: admin) { settings in
            settings.organisationName = "Northwind Office Supplies"
            settings.organisationAddress = Address(line1: "12 rue des Entrepreneurs", city: "Lyon", postalCode: "69002", country: "France")
            settings.legalName = "Northwind Office Supplies SAS"
            settings.legalForm = "SAS"
            settings.shareCapital = "50 000 €"
            settings.registrationNumber = "552100554"
            settings.registry = "RCS Lyon"
            settings.vatNumber = "FR96552100554"
            settings.contactEmail = "billing@northwind.example"
            settings.contactPhone = "+33 4 72 00 00 00"
            settings.iban = "FR7630006000011234567890189"
            settings.bic = "AGRIFRPP"
            settings.accountHolder = "Northwind Office Supplies SAS"
            settings.paymentTerms = [PaymentTerm(label: "30 days end of month", days: 30, endOfMonth: true), PaymentTerm(label: "On receipt", days: 0)]
            settings.latePaymentText = "Late payments bear interest at three times the legal rate, plus a fixed recovery indemnity of 40 €. "
                + "No discount for early payment."
            settings.dunning = DunningPolicy(levels: [
                DunningLevel(days: 7), DunningLevel(days: 21, interestRate: 12), DunningLevel(days: 45, interestRate: 12, indemnity: true),
            ])
        }
        try await requireSteps(admin)
        var people: [Caller] = []
        for person in Self.users {
            let user = try await services.createUser(name: person.name, email: person.email, role: person.role, locale: person.locale,
                                                     password: Self.password, by: admin)
            people.append(try await services.caller(for: user.id))
        }
        _ = try await services.createTeam(TeamFields(name: "North", memberIds: [people[0].userId, people[1].userId, people[3].userId]), by: admin)
        _ = try await services.createTeam(TeamFields(name: "South", memberIds: [people[0].userId, people[2].userId]), by: admin)
        let sellers = Array(people.dropFirst())
        // Team membership is read when a caller is made: take the callers again.
        var callers: [Caller] = []
        for seller in sellers { callers.append(try await services.caller(for: seller.userId)) }
        let catalog = try await makeCatalog(admin)
        var leads: [(Lead, Caller)] = []
        for index in 0..<leadCount {
            let owner = callers[index % callers.count]
            leads.append((try await services.createLead(leadFields(index, &dice), by: owner).lead, owner))
        }
        for (index, (lead, owner)) in leads.enumerated() where index % 5 == 0 {
            try await develop(lead, owner: owner, catalog: catalog, step: index / 5, &dice)
        }
        for (index, (lead, owner)) in leads.enumerated() where index % 9 == 2 {
            _ = try await services.createActivity(.task, regarding: .lead, lead.id.uuid,
                                                  fields: ActivityFields(subject: "Call \(lead.fullName) back",
                                                                         dueAt: Date().addingTimeInterval(86_400 * Double(1 + dice.next(14)))),
                                                  by: owner)
        }
        for (index, (lead, owner)) in leads.enumerated() where index % 7 == 1 && index % 5 != 0 {
            _ = try await services.disqualifyLead(lead.id, as: dice.pick([.lost, .cannotContact, .noLongerInterested]), ifVersion: nil, by: owner)
        }
        return Self.users.map { "\($0.name) <\($0.email)>, \($0.role.rawValue)" }
    }

    /// The demo's process asks for the customer's need and the proposed solution before Propose,
    /// so that the process bar has something to refuse.
    private func requireSteps(_ admin: Caller) async throws {
        guard let process = try await services.processes().first(where: \.isDefault) else { return }
        var stages = process.stages
        for stageIndex in stages.indices {
            for stepIndex in stages[stageIndex].steps.indices
            where ["customerNeed", "proposedSolution", "proposalPresented"].contains(stages[stageIndex].steps[stepIndex].key) {
                stages[stageIndex].steps[stepIndex].required = true
            }
        }
        _ = try await services.replaceProcess(process.id, name: process.name, isDefault: true, stages: stages, ifVersion: nil, by: admin)
    }

    struct Catalog {
        let products: [ID<Product>]
        let standard: ID<PriceList>
        let partner: ID<PriceList>
    }

    private func makeCatalog(_ admin: Caller) async throws -> Catalog {
        let (_, each) = try await services.createUnitGroup(name: "Items", baseUnit: "each", by: admin)
        let standard = try await services.createPriceList(PriceListFields(name: "Standard", currency: "EUR"), by: admin)
        let partner = try await services.createPriceList(PriceListFields(name: "Partners", currency: "EUR"), by: admin)
        let items: [(String, String, Decimal, Decimal)] = [
            ("LAP-14", "Laptop 14\"", 1_150, 20), ("LAP-16", "Laptop 16\" Pro", 1_890, 20), ("MON-27", "Monitor 27\"", 329, 20),
            ("DOCK-USB", "USB-C dock", 189, 20), ("CHAIR-ERG", "Ergonomic chair", 540, 20), ("DESK-SIT", "Sit-stand desk", 760, 20),
            ("PRN-LASER", "Laser printer", 420, 20), ("SUP-YEAR", "Support, one year", 240, 20), ("INSTALL", "On-site installation (day)", 650, 20),
            ("BOOK-GUIDE", "Office set-up guide (book)", 35, 5.5),
        ]
        var products: [ID<Product>] = []
        for (number, name, price, tax) in items {
            let product = try await services.createProduct(ProductFields(number: number, name: name, unitId: each.id, listPrice: price,
                                                                         taxRate: tax), by: admin)
            _ = try await services.createPriceListItem(in: standard.id, PriceListItemFields(productId: product.id, unitId: each.id, amount: price),
                                                       by: admin)
            _ = try await services.createPriceListItem(in: partner.id, PriceListItemFields(productId: product.id, unitId: each.id,
                                                                                            amount: (price * 9 / 10).rounded(scale: 2)),
                                                       by: admin)
            products.append(product.id)
        }
        return Catalog(products: products, standard: standard.id, partner: partner.id)
    }

    static let firstNames = ["Camille", "Léa", "Hugo", "Emma", "Noah", "Chloé", "Lucas", "Jade", "Olivia", "Liam", "Mia", "Ethan", "Sofia",
                             "Jules", "Inès", "Oscar", "Alice", "Paul", "Nina", "Tom"]
    static let lastNames = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent",
                            "Lefebvre", "Smith", "Jones", "Taylor", "Brown", "Wilson", "Evans", "Walker", "Wright"]
    static let companies = ["Atelier Dupont", "Bureau Vallée Est", "Cabinet Rivière", "Delta Logistique", "Écoles Saint-Paul",
                            "Fromagerie Alpine", "Garage Central", "Hôtel du Parc", "Imprimerie Lumière", "Julien & Fils", "Keller Engineering",
                            "Lumen Studio", "Maison Verte", "Nova Dental", "Orion Consulting", "Pharmacie des Halles", "Quartz Architects",
                            "Rhône Transports", "Sable Bakery", "Tessier Avocats"]
    /// What each kind of enquiry asks for, by index in the catalog (`makeCatalog`'s order).
    static let topics: [(String, [Int])] = [
        ("laptops for the new office", [0, 3]), ("monitors and docks", [2, 3]), ("sit-stand desks", [5]), ("printer fleet renewal", [6, 8]),
        ("ergonomic chairs", [4]), ("support contracts", [7]), ("people to equip (new hires)", [0, 2, 4]),
        ("meeting room set-ups", [2, 8, 9]),
    ]

    private func leadFields(_ index: Int, _ dice: inout Dice) -> LeadFields {
        let first = dice.pick(Self.firstNames), last = dice.pick(Self.lastNames)
        let company = "\(dice.pick(Self.companies))\(index >= Self.companies.count ? " \(index / Self.companies.count + 1)" : "")"
        var fields = LeadFields(topic: "\(dice.next(30) + 2) \(dice.pick(Self.topics).0)", firstName: first, lastName: last, companyName: company)
        let domain = company.lowercased().filter { $0.isLetter || $0.isNumber }
        fields.email = "\(first.lowercased().folding(options: .diacriticInsensitive, locale: nil)).\(last.lowercased())@\(domain.folding(options: .diacriticInsensitive, locale: nil)).example"
        fields.source = dice.pick([.web, .web, .tradeShow, .partner, .employeeReferral, .advertisement, .email, .wordOfMouth])
        fields.rating = dice.pick([.hot, .warm, .warm, .cold])
        fields.purchaseTimeframe = dice.pick([.immediate, .thisQuarter, .nextQuarter, .thisYear])
        fields.budgetAmount = Decimal(dice.next(40) + 2) * 1_000
        fields.decisionMaker = dice.next(2) == 0
        fields.description = dice.pick(["Wants a quote before the end of the quarter.", "Asked for a demo of the bundle.",
                                        "Budget approved; compares two suppliers.", "Moving offices in spring."])
        fields.estimatedCloseDate = Day(Date().addingTimeInterval(86_400 * Double(20 + dice.next(100))))
        let city = Self.cities[index % Self.cities.count]
        fields.address = Address(line1: "\(index % 90 + 1) \(Self.streets[index % Self.streets.count])", city: city.0, postalCode: city.1,
                                 country: "France")
        return fields
    }

    static let cities = [("Lyon", "69003"), ("Villeurbanne", "69100"), ("Grenoble", "38000"), ("Saint-Étienne", "42000"),
                         ("Annecy", "74000"), ("Valence", "26000"), ("Mâcon", "71000")]
    static let streets = ["rue de la République", "avenue Jean Jaurès", "boulevard des Belges", "rue Garibaldi", "quai Perrache"]

    /// A SIREN for the company of lead `index`: eight digits and the Luhn key that completes them.
    static func siren(_ index: Int) -> String {
        let base = String(format: "%08d", 40_000_000 + index * 7_919)
        return (0...9).map { base + String($0) }.first { TaxIdentifiers.sirenOrSiretProblem($0) == nil } ?? base + "0"
    }

    /// Qualifies a lead and takes its opportunity as far as `step` says: some stay in Develop,
    /// others are proposed, quoted, won and paid, or lost.
    private func develop(_ lead: Lead, owner: Caller, catalog: Catalog, step: Int, _ dice: inout Dice) async throws {
        let priceList = step % 4 == 3 ? catalog.partner : catalog.standard
        let result = try await services.qualifyLead(lead.id, QualifyOptions(priceListId: priceList, allowDuplicates: true), ifVersion: nil, by: owner)
        guard var opportunity = result.opportunity else { return }
        if let account = result.account {
            _ = try await services.updateAccount(account.id, ifVersion: nil, by: owner) { $0.registrationNumber = Self.siren(step) }
        }
        // The lines follow the enquiry: its products, its number of units (a day of installation per 10).
        let count = Int(lead.fields.topic.prefix { $0.isNumber }) ?? 1
        let wanted = Self.topics.first { lead.fields.topic.hasSuffix($0.0) }?.1 ?? [0]
        for index in wanted where catalog.products.indices.contains(index) {
            let quantity = index == 8 ? max(1, count / 10) : index == 9 ? 1 : count
            opportunity = try await services.addLine(to: Opportunity.self, opportunity.id,
                                                     LineFields(productId: catalog.products[index], quantity: Decimal(quantity)),
                                                     ifVersion: nil, by: owner)
        }
        let fate = step % 10
        guard fate >= 3 else { return }
        let need = "Equip \(dice.next(40) + 5) people", solution = "Standard bundle with installation"
        opportunity = try await services.updateOpportunity(opportunity.id, ifVersion: nil, by: owner,
                                                           process: ProcessEdit(checklist: ["stakeholdersIdentified": true])) { fields in
            fields.customerNeed = need
            fields.proposedSolution = solution
        }
        opportunity = try await services.moveStage(opportunity.id, to: "propose", ifVersion: nil, by: owner)
        guard fate >= 5 else { return }
        var quote = try await services.generateQuote(from: opportunity.id, by: owner)
        quote = try await services.activateQuote(quote.id, ifVersion: nil, by: owner)
        if fate == 5 { return }
        opportunity = try await services.updateOpportunity(opportunity.id, ifVersion: nil, by: owner,
                                                           process: ProcessEdit(checklist: ["proposalPresented": true])) { _ in }
        opportunity = try await services.moveStage(opportunity.id, to: "close", ifVersion: nil, by: owner)
        if fate == 6 { return }
        if fate == 7 {
            _ = try await services.loseOpportunity(opportunity.id, as: .outSold, details: CloseDetails(description: "Chose a cheaper offer",
                                                                                                      closeQuotes: true),
                                                   ifVersion: nil, by: owner)
            return
        }
        let order = try await services.convertQuoteToOrder(quote.id, winOpportunity: true, ifVersion: nil, by: owner)
        let invoice = try await services.createInvoice(fromOrder: order.id, by: owner)
        if fate == 8 { return }
        let issued = try await services.issueInvoice(invoice.id, ifVersion: nil, by: owner)
        _ = try await services.recordPayment(on: issued.id, PaymentInput(amount: issued.pricing.totals.totalAmount), ifVersion: nil, by: owner)
        _ = try await services.createActivity(.task, regarding: .account, issued.customer.id,
                                              fields: ActivityFields(subject: "Call to check the delivery went well",
                                                                     dueAt: Date().addingTimeInterval(86_400 * Double(1 + dice.next(10)))),
                                              by: owner)
    }
}
