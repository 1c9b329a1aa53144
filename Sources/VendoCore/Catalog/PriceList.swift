import Foundation

public enum ActiveState: String, Codable, Sendable, CaseIterable { case active, inactive }

public struct PriceListFields: Codable, Sendable, Equatable {
    public var name: String
    public var currency: String
    public var validFrom: Day?
    public var validTo: Day?
    public var state: ActiveState

    public init(name: String, currency: String, validFrom: Day? = nil, validTo: Day? = nil, state: ActiveState = .active) {
        self.name = name
        self.currency = currency
        self.validFrom = validFrom
        self.validTo = validTo
        self.state = state
    }

    public func validate() throws(DomainError) {
        var check = Validator()
        check.require(name, "name")
        check.currencyCode(currency, "currency")
        if let from = validFrom, let to = validTo, to < from {
            check.add("validTo", "before_start", "validTo is before validFrom")
        }
        try check.check()
    }
}

public struct PriceList: Record {
    public static let recordType = "priceList"
    public static let accessKind = RecordKind.catalog
    public var id: ID<PriceList>
    public var info: RecordInfo
    public var fields: PriceListFields

    public init(id: ID<PriceList>, info: RecordInfo, fields: PriceListFields) throws(DomainError) {
        try fields.validate()
        self.id = id
        self.info = info
        self.fields = fields
    }

    public mutating func update(_ newFields: PriceListFields) throws(DomainError) {
        try newFields.validate()
        fields = newFields
    }

    /// Active and within its validity dates on `day`.
    public func isInForce(on day: Day) -> Bool {
        fields.state == .active
            && (fields.validFrom.map { $0 <= day } ?? true)
            && (fields.validTo.map { day <= $0 } ?? true)
    }

    /// Refuses pricing from a list that is inactive or outside its dates.
    public func ensureInForce(on day: Day, field: String = "priceListId") throws(DomainError) {
        guard isInForce(on: day) else {
            throw .invalid(field, "price_list_not_in_force", "price list \(fields.name) is inactive or not valid on \(day)")
        }
    }
}
