import Foundation

public struct AccountFields: Codable, Sendable, Equatable {
    /// The organisation's own fields, by key (`CustomFieldDefinition`); nil for none.
    public var customFields: CustomValues?
    /// VAT and registration numbers as stored: compact, and empty ones as none.
    public mutating func normalizeIdentifiers() {
        vatNumber = vatNumber.map(TaxIdentifiers.compact).flatMap { $0.isEmpty ? nil : $0 }
        registrationNumber = TaxIdentifiers.compactRegistration(registrationNumber)
    }

    public var name: String
    public var website: String?
    public var email: String?
    public var phone: String?
    public var address: Address?
    public var description: String?
    // What invoices need of a customer (accounts saved before these existed have none).
    /// The intra-community VAT number, with its country prefix (kept compact).
    public var vatNumber: String?
    /// The SIREN or SIRET of a French company (checked), a company number of any scheme elsewhere.
    public var registrationNumber: String?
    /// Where invoices go, when not to `address`.
    public var billingAddress: Address?
    /// Where goods go, when not to the billing address.
    public var shippingAddress: Address?
    /// The language of the documents the account receives (`en` or `fr`); nil for the organisation's.
    public var language: String?
    /// The reference the customer wants on its invoices (EN 16931's buyer reference).
    public var buyerReference: String?

    /// The languages documents can be written in.
    public static let documentLanguages = ["en", "fr"]

    /// The address invoices go to.
    public var invoiceAddress: Address? { billingAddress ?? address }

    public init(name: String, website: String? = nil, email: String? = nil, phone: String? = nil,
                address: Address? = nil, description: String? = nil) {
        self.name = name
        self.website = website
        self.email = email
        self.phone = phone
        self.address = address
        self.description = description
    }

    public func validate() throws(DomainError) {
        var check = Validator()
        check.require(name, "name")
        check.text(website, "website")
        check.text(phone, "phone")
        check.email(email, "email")
        check.address(address, "address")
        check.text(description, "description", maxLength: 10000)
        check.vatNumber(vatNumber, "vatNumber")
        let french = TaxIdentifiers.isFrance(invoiceAddress?.country) || TaxIdentifiers.compact(vatNumber ?? "").hasPrefix("FR")
        check.registrationNumber(registrationNumber, "registrationNumber", french: french)
        check.address(billingAddress, "billingAddress")
        check.address(shippingAddress, "shippingAddress")
        if let language, !Self.documentLanguages.contains(language) {
            check.add("language", "invalid_choice", "documents are written in en or fr")
        }
        check.text(buyerReference, "buyerReference", maxLength: 100)
        try check.check()
    }
}

public struct Account: Record {
    public static let recordType = "account"
    public var id: ID<Account>
    public var info: RecordInfo
    public var fields: AccountFields
    public var originatingLeadId: ID<Lead>?
    /// Kept out of payment reminders while set (SALES-PROCESS.md §12).
    public var dunningHold: DunningHold?

    public init(id: ID<Account>, info: RecordInfo, fields: AccountFields, originatingLeadId: ID<Lead>? = nil) throws(DomainError) {
        var fields = fields
        fields.normalizeIdentifiers()
        try fields.validate()
        self.id = id
        self.info = info
        self.fields = fields
        self.originatingLeadId = originatingLeadId
    }

    public mutating func update(_ newFields: AccountFields) throws(DomainError) {
        var newFields = newFields
        newFields.normalizeIdentifiers()
        try newFields.validate()
        fields = newFields
    }
}
