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

/// The image formats a card photo may come in, told by their first bytes, not by what the
/// sender says they are.
public enum CardImageType: String, Sendable, CaseIterable {
    case jpeg = "image/jpeg", png = "image/png", webp = "image/webp"

    public static let maxBytes = 10 << 20

    public init?(sniffing bytes: some Collection<UInt8>) {
        let head = Array(bytes.prefix(12))
        if head.starts(with: [0xFF, 0xD8, 0xFF]) {
            self = .jpeg
        } else if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            self = .png
        } else if head.count == 12, head[0..<4] == [0x52, 0x49, 0x46, 0x46], head[8..<12] == [0x57, 0x45, 0x42, 0x50] {
            self = .webp
        } else {
            return nil
        }
    }

    /// The most pixels a photo may have: a 48-megapixel phone camera's full size. A small file
    /// that claims more (a decompression bomb) is refused before any tool opens it.
    public static let maxPixels = 50_000_000

    /// The width and height the image's header declares, or nil when the header cannot be read.
    public static func dimensions(of bytes: [UInt8]) -> (width: Int, height: Int)? {
        func big(_ at: Int, _ count: Int) -> Int? {
            guard at >= 0, at + count <= bytes.count else { return nil }
            return bytes[at..<(at + count)].reduce(0) { $0 << 8 | Int($1) }
        }
        func little(_ at: Int, _ count: Int) -> Int? {
            guard at >= 0, at + count <= bytes.count else { return nil }
            return bytes[at..<(at + count)].reversed().reduce(0) { $0 << 8 | Int($1) }
        }
        switch CardImageType(sniffing: bytes) {
        case .png?:
            guard let width = big(16, 4), let height = big(20, 4) else { return nil }
            return (width, height)
        case .jpeg?:
            // The first start-of-frame marker (SOF0…SOF15 but DHT, JPG and DAC) holds the size.
            var index = 2
            while index + 9 < bytes.count {
                guard bytes[index] == 0xFF else { return nil }
                let marker = bytes[index + 1]
                if marker == 0xFF { index += 1; continue }
                if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                    guard let height = big(index + 5, 2), let width = big(index + 7, 2) else { return nil }
                    return (width, height)
                }
                guard let length = big(index + 2, 2), length >= 2 else { return nil }
                index += 2 + length
            }
            return nil
        case .webp?:
            switch String(decoding: bytes[12..<min(16, bytes.count)], as: UTF8.self) {
            case "VP8 ":
                guard let width = little(26, 2), let height = little(28, 2) else { return nil }
                return (width & 0x3FFF, height & 0x3FFF)
            case "VP8L":
                guard let bits = little(21, 4) else { return nil }
                return ((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
            case "VP8X":
                guard let width = little(24, 3), let height = little(27, 3) else { return nil }
                return (width + 1, height + 1)
            default:
                return nil
            }
        case nil:
            return nil
        }
    }

    public var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .png: "png"
        case .webp: "webp"
        }
    }
}
