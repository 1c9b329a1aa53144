import Foundation

public enum BudgetStatus: String, Codable, Sendable, CaseIterable { case noCommittedBudget, mayBuy, canBuy, willBuy }

public enum PurchaseTimeframe: String, Codable, Sendable, CaseIterable {
    case immediate, thisQuarter, nextQuarter, thisYear, unknown
}

public enum PurchaseProcess: String, Codable, Sendable, CaseIterable { case individual, committee, unknown }

/// What a person types about a lead. Everything else on a lead is decided by the process.
public struct LeadFields: Codable, Sendable, Equatable {
    /// The organisation's own fields, by key (`CustomFieldDefinition`); nil for none.
    public var customFields: CustomValues?
    public var topic: String
    public var firstName: String?
    public var lastName: String?
    public var companyName: String?
    public var jobTitle: String?
    public var email: String?
    public var phone: String?
    public var mobilePhone: String?
    public var website: String?
    public var address: Address?
    public var source: LeadSource?
    public var rating: Rating?
    public var budgetAmount: Decimal?
    public var budgetStatus: BudgetStatus?
    public var purchaseTimeframe: PurchaseTimeframe?
    public var purchaseProcess: PurchaseProcess?
    public var decisionMaker: Bool?
    public var customerNeed: String?
    public var estimatedValue: Decimal?
    public var estimatedCloseDate: Day?
    public var description: String?
    public var currency: String?
    /// The trade show or event the lead was met at.
    public var event: String?
    /// The company's trade, yearly revenue (in the lead's currency) and head count, as
    /// Dynamics 365 and Salesforce keep them on a lead.
    public var industry: Industry?
    public var annualRevenue: Decimal?
    public var numberOfEmployees: Int?

    public init(topic: String, firstName: String? = nil, lastName: String? = nil, companyName: String? = nil) {
        self.topic = topic
        self.firstName = firstName
        self.lastName = lastName
        self.companyName = companyName
    }

    public var fullName: String {
        [firstName, lastName].compactMap { $0?.trimmingWhitespace() }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }

    public static let topicLength = 200

    /// A head count from none to ten million (the largest employers have about two).
    public static let employeeRange = 0...10_000_000

    public func validate() throws(DomainError) {
        var check = Validator()
        check.require(topic, "topic", maxLength: Self.topicLength)
        if (lastName ?? "").trimmingWhitespace().isEmpty
            && (companyName ?? "").trimmingWhitespace().isEmpty {
            check.add("lastName", "required", "a lead needs a last name or a company name")
        }
        for (value, field) in [(firstName, "firstName"), (lastName, "lastName"), (companyName, "companyName"),
                               (jobTitle, "jobTitle"), (phone, "phone"), (mobilePhone, "mobilePhone"),
                               (website, "website"), (event, "event")] {
            check.text(value, field)
        }
        check.email(email, "email")
        check.address(address, "address")
        check.amount(budgetAmount, "budgetAmount", scale: 4)
        check.amount(estimatedValue, "estimatedValue", scale: 4)
        check.text(customerNeed, "customerNeed", maxLength: 4000)
        check.text(description, "description", maxLength: 10000)
        check.currencyCode(currency, "currency")
        check.amount(annualRevenue, "annualRevenue", scale: 4)
        if let numberOfEmployees, !Self.employeeRange.contains(numberOfEmployees) {
            check.add("numberOfEmployees", "out_of_range",
                      "numberOfEmployees must be a whole number from \(Self.employeeRange.lowerBound) to \(Self.employeeRange.upperBound)")
        }
        try check.check()
    }
}
