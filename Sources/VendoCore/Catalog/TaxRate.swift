import Foundation

/// A named tax rate, such as "VAT standard 20 %", offered when pricing lines and products.
public struct TaxRateFields: Codable, Sendable, Equatable {
    public var name: String
    /// A percentage: 20 means 20 %.
    public var rate: Decimal
    public var active: Bool

    public init(name: String, rate: Decimal, active: Bool = true) {
        self.name = name
        self.rate = rate
        self.active = active
    }

    public func validate() throws(DomainError) {
        var check = Validator()
        check.require(name, "name", maxLength: 100)
        check.percentage(rate, "rate")
        try check.check()
    }
}

public struct TaxRate: Record {
    public static let recordType = "taxRate"
    public static let accessKind = RecordKind.catalog
    public var id: ID<TaxRate>
    public var info: RecordInfo
    public var fields: TaxRateFields

    public init(id: ID<TaxRate>, info: RecordInfo, fields: TaxRateFields) throws(DomainError) {
        try fields.validate()
        self.id = id
        self.info = info
        self.fields = fields
    }

    public mutating func update(_ newFields: TaxRateFields) throws(DomainError) {
        try newFields.validate()
        fields = newFields
    }
}
