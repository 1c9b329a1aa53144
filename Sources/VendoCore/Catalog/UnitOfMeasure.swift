import Foundation

/// A family of units that convert into each other, such as "each" and "box of 12".
public struct UnitGroup: Record {
    public static let recordType = "unitGroup"
    public static let accessKind = RecordKind.catalog
    public var id: ID<UnitGroup>
    public var info: RecordInfo
    public var name: String

    public init(id: ID<UnitGroup>, info: RecordInfo, name: String) throws(DomainError) {
        self.id = id
        self.info = info
        self.name = name
        try validate()
    }

    public func validate() throws(DomainError) {
        var check = Validator()
        check.require(name, "name", maxLength: 100)
        try check.check()
    }
}

public struct UnitFields: Codable, Sendable, Equatable {
    public var name: String
    public var groupId: ID<UnitGroup>
    /// How many of the group's base unit this unit holds (1 for the base unit itself).
    public var quantity: Decimal

    public init(name: String, groupId: ID<UnitGroup>, quantity: Decimal = 1) {
        self.name = name
        self.groupId = groupId
        self.quantity = quantity
    }

    public func validate() throws(DomainError) {
        var check = Validator()
        check.require(name, "name", maxLength: 100)
        check.amount(quantity, "quantity", scale: 4, allowZero: false)
        try check.check()
    }
}

public struct UnitOfMeasure: Record {
    public static let recordType = "unit"
    public static let accessKind = RecordKind.catalog
    public var id: ID<UnitOfMeasure>
    public var info: RecordInfo
    public var fields: UnitFields

    public init(id: ID<UnitOfMeasure>, info: RecordInfo, fields: UnitFields) throws(DomainError) {
        try fields.validate()
        self.id = id
        self.info = info
        self.fields = fields
    }

    public mutating func update(_ newFields: UnitFields) throws(DomainError) {
        try newFields.validate()
        fields = newFields
    }
}
