import Foundation

public enum ProductState: String, Codable, Sendable, CaseIterable { case draft, active, retired, underRevision }

/// Products have no finer status than their state.
public enum ProductStatus: String, Codable, Sendable, CaseIterable { case draft, active, retired, underRevision }

public enum ProductAction: String, Sendable, CaseIterable { case update, publish, revise, retire }

public struct ProductFields: Codable, Sendable, Equatable {
    /// The organisation's own fields, by key (`CustomFieldDefinition`); nil for none.
    public var customFields: CustomValues?
    public var number: String
    public var name: String
    public var description: String?
    /// The default unit, in which lines are priced unless they say otherwise.
    public var unitId: ID<UnitOfMeasure>
    public var listPrice: Decimal?
    public var standardCost: Decimal?
    public var currentCost: Decimal?
    /// Default tax rate of lines that sell this product, as a percentage.
    public var taxRate: Decimal?

    public init(number: String, name: String, unitId: ID<UnitOfMeasure>, listPrice: Decimal? = nil,
                standardCost: Decimal? = nil, currentCost: Decimal? = nil, taxRate: Decimal? = nil) {
        self.number = number
        self.name = name
        self.unitId = unitId
        self.listPrice = listPrice
        self.standardCost = standardCost
        self.currentCost = currentCost
        self.taxRate = taxRate
    }

    public func validate() throws(DomainError) {
        var check = Validator()
        check.require(number, "number", maxLength: 100)
        check.require(name, "name")
        check.text(description, "description", maxLength: 10000)
        check.amount(listPrice, "listPrice", scale: 4)
        check.amount(standardCost, "standardCost", scale: 4)
        check.amount(currentCost, "currentCost", scale: 4)
        check.percentage(taxRate, "taxRate")
        try check.check()
    }
}

public struct Product: LifecycleRecord {
    public static let recordType = "product"
    public static let accessKind = RecordKind.catalog
    public static let transitions: [ProductAction: Set<ProductState>] = [
        .update: [.draft, .underRevision],
        .publish: [.draft, .underRevision, .retired],
        .revise: [.active],
        .retire: [.draft, .active, .underRevision],
    ]
    public static let statuses: [ProductState: [ProductStatus]] = [
        .draft: [.draft], .active: [.active], .retired: [.retired], .underRevision: [.underRevision],
    ]

    public var id: ID<Product>
    public var info: RecordInfo
    public var fields: ProductFields
    public private(set) var state: ProductState

    public var status: ProductStatus { ProductStatus(rawValue: state.rawValue) ?? .draft }
    /// Only active products can be put on new lines.
    public var isSellable: Bool { state == .active }

    public init(id: ID<Product>, info: RecordInfo, fields: ProductFields, asDraft: Bool) throws(DomainError) {
        try fields.validate()
        self.id = id
        self.info = info
        self.fields = fields
        state = asDraft ? .draft : .active
    }

    public mutating func update(_ newFields: ProductFields) throws(DomainError) {
        try ensure(.update)
        try newFields.validate()
        fields = newFields
    }

    public mutating func publish() throws(DomainError) {
        try ensure(.publish)
        state = .active
    }

    public mutating func revise() throws(DomainError) {
        try ensure(.revise)
        state = .underRevision
    }

    public mutating func retire() throws(DomainError) {
        try ensure(.retire)
        state = .retired
    }
}
