import Foundation

public enum ForecastCategory: String, Codable, Sendable, CaseIterable {
    case pipeline, bestCase, committed, omitted, won, lost
}

public enum RevenueMode: String, Codable, Sendable, CaseIterable { case systemCalculated, userProvided }

public struct OpportunityFields: Codable, Sendable, Equatable {
    /// The organisation's own fields, by key (`CustomFieldDefinition`); nil for none.
    public var customFields: CustomValues?
    public var name: String
    public var customer: Customer
    public var contactId: ID<Contact>?
    public var estimatedCloseDate: Day?
    public var probability: Int?
    public var rating: Rating?
    /// Open opportunities: pipeline, bestCase, committed or omitted. Won and lost are set by closing.
    public var forecastCategory: ForecastCategory
    public var revenueMode: RevenueMode
    /// Typed only in `userProvided` mode; computed from the lines otherwise.
    public var estimatedRevenue: Decimal?
    public var budgetAmount: Decimal?
    public var budgetStatus: BudgetStatus?
    public var purchaseTimeframe: PurchaseTimeframe?
    public var purchaseProcess: PurchaseProcess?
    public var decisionMaker: Bool?
    public var customerNeed: String?
    public var proposedSolution: String?
    public var competitorIds: [ID<Competitor>]
    public var description: String?

    public init(name: String, customer: Customer, contactId: ID<Contact>? = nil, estimatedCloseDate: Day? = nil,
                probability: Int? = nil, forecastCategory: ForecastCategory = .pipeline,
                revenueMode: RevenueMode = .systemCalculated, estimatedRevenue: Decimal? = nil) {
        self.name = name
        self.customer = customer
        self.contactId = contactId
        self.estimatedCloseDate = estimatedCloseDate
        self.probability = probability
        self.forecastCategory = forecastCategory
        self.revenueMode = revenueMode
        self.estimatedRevenue = estimatedRevenue
        competitorIds = []
    }

    public func validate() throws(DomainError) {
        var check = Validator()
        check.require(name, "name", maxLength: 300)
        if let probability, !(0...100).contains(probability) {
            check.add("probability", "out_of_range", "probability must be between 0 and 100")
        }
        if forecastCategory == .won || forecastCategory == .lost {
            check.add("forecastCategory", "set_by_closing", "won and lost are set by winning or losing the opportunity")
        }
        if revenueMode == .userProvided {
            check.amount(estimatedRevenue, "estimatedRevenue", scale: 4)
        }
        check.amount(budgetAmount, "budgetAmount", scale: 4)
        check.text(customerNeed, "customerNeed", maxLength: 4000)
        check.text(proposedSolution, "proposedSolution", maxLength: 4000)
        check.text(description, "description", maxLength: 10000)
        try check.check()
    }
}
