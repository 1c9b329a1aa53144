import Foundation

/// The lead fields read from a photo of a business card, each with how sure the reader is
/// (0…1), and the text it read them from. A person checks them before a lead is made.
public struct CardReading: Codable, Sendable, Equatable {
    public var fields: CardFields
    /// Field name → confidence, for the fields that were found.
    public var confidence: [String: Double]
    /// What OCR read, line by line (empty when only a QR code was read).
    public var text: String
    /// True when a vCard or MeCard QR code gave at least one field.
    public var fromQrCode: Bool

    public init(fields: CardFields = CardFields(), confidence: [String: Double] = [:], text: String = "", fromQrCode: Bool = false) {
        self.fields = fields
        self.confidence = confidence
        self.text = text
        self.fromQrCode = fromQrCode
    }

    /// The fields of `code` replace those read by OCR; the others stay.
    public func overlaid(with code: CardReading) -> CardReading {
        var merged = self
        for name in CardFields.names {
            guard let value = code.fields[name] else { continue }
            merged.fields[name] = value
            merged.confidence[name] = code.confidence[name] ?? 1
        }
        if let address = code.fields.address {
            merged.fields.address = address
            merged.confidence["address"] = code.confidence["address"] ?? 1
        }
        merged.fromQrCode = !code.confidence.isEmpty
        return merged
    }
}

/// The fields a card can fill, with the lead's API names.
public struct CardFields: Codable, Sendable, Equatable {
    public static let names = ["firstName", "lastName", "jobTitle", "companyName", "email", "phone", "mobilePhone", "website"]

    public var firstName: String?
    public var lastName: String?
    public var jobTitle: String?
    public var companyName: String?
    public var email: String?
    public var phone: String?
    public var mobilePhone: String?
    public var website: String?
    public var address: Address?

    public init() {}

    public subscript(name: String) -> String? {
        get {
            switch name {
            case "firstName": firstName
            case "lastName": lastName
            case "jobTitle": jobTitle
            case "companyName": companyName
            case "email": email
            case "phone": phone
            case "mobilePhone": mobilePhone
            case "website": website
            default: nil
            }
        }
        set {
            switch name {
            case "firstName": firstName = newValue
            case "lastName": lastName = newValue
            case "jobTitle": jobTitle = newValue
            case "companyName": companyName = newValue
            case "email": email = newValue
            case "phone": phone = newValue
            case "mobilePhone": mobilePhone = newValue
            case "website": website = newValue
            default: break
            }
        }
    }

    /// The lead these fields propose, from the trade show `event`; the topic names the card.
    public func lead(event: String?) -> LeadFields {
        let person = [firstName, lastName].compactMap { $0 }.joined(separator: " ")
        let who = [person.isEmpty ? nil : person, companyName].compactMap { $0 }.joined(separator: ", ")
        var fields = LeadFields(topic: event.map { "\($0): \(who)" } ?? who, firstName: firstName, lastName: lastName,
                                companyName: companyName)
        fields.jobTitle = jobTitle
        fields.email = email
        fields.phone = phone
        fields.mobilePhone = mobilePhone
        fields.website = website
        fields.address = address
        fields.source = .tradeShow
        fields.event = event
        return fields
    }
}
