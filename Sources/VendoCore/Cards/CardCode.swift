import Foundation

/// The contact a card's QR code carries: a vCard (`BEGIN:VCARD`) or a MeCard
/// (`MECARD:N:Doe,John;TEL:…;;`). What it gives is exact, so it counts with confidence 1.
public enum CardCode {
    /// The reading of a decoded QR payload, or nil when it holds no contact.
    public static func reading(_ payload: String, defaultCountry: String) -> CardReading? {
        var values: [String: String]
        if let start = payload.range(of: "BEGIN:VCARD", options: .caseInsensitive) {
            guard let card = VCard.parse(String(payload[start.lowerBound...])).first else { return nil }
            values = card.values
        } else if let start = payload.range(of: "MECARD:", options: .caseInsensitive) {
            values = meCard(String(payload[start.upperBound...]))
        } else {
            return nil
        }
        var reading = CardReading()
        for name in CardFields.names {
            guard var value = values[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { continue }
            if name == "phone" || name == "mobilePhone" {
                value = PhoneNumber.international(value, defaultCountry: defaultCountry) ?? value
            }
            if name == "website" { value = CardText.website(value) }
            reading.fields[name] = value
            reading.confidence[name] = 1
        }
        // A MeCard's numbers have no types: the numbering plan tells a mobile, and otherwise the
        // first number is the main one and a second one the mobile.
        if values["phone2"] != nil || (values["mobilePhone"] == nil && values["phone"] != nil) {
            let numbers = [values["phone"], values["phone2"]].compactMap { $0 }
                .map { PhoneNumber.international($0, defaultCountry: defaultCountry) ?? $0 }
            reading.fields.phone = nil
            reading.confidence["phone"] = nil
            for number in numbers {
                if PhoneNumber.isMobile(number), reading.fields.mobilePhone == nil {
                    reading.fields.mobilePhone = number
                } else if reading.fields.phone == nil {
                    reading.fields.phone = number
                } else if reading.fields.mobilePhone == nil {
                    reading.fields.mobilePhone = number
                }
            }
            if reading.fields.phone != nil { reading.confidence["phone"] = 1 }
            if reading.fields.mobilePhone != nil { reading.confidence["mobilePhone"] = 1 }
        }
        var address = Address(line1: values["address.line1"], line2: values["address.line2"], city: values["address.city"],
                              postalCode: values["address.postalCode"], region: values["address.region"], country: nil)
        if let country = values["address.country"] { address.country = Country.code(country) ?? country }
        for keyPath in [\Address.line1, \.line2, \.city, \.postalCode, \.region] where address[keyPath: keyPath]?.isEmpty == true {
            address[keyPath: keyPath] = nil
        }
        if !address.isEmpty {
            reading.fields.address = address
            reading.confidence["address"] = 1
        }
        if reading.confidence.isEmpty { return nil }
        reading.fromQrCode = true
        return reading
    }

    /// MeCard fields, `KEY:value;` with `\` escaping `;`, `:`, `,` and `\`.
    static func meCard(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for field in split(text, on: ";") {
            guard let colon = field.firstIndex(of: ":") else { continue }
            let key = field[..<colon].uppercased()
            let value = String(field[field.index(after: colon)...])
            func set(_ name: String, _ text: String?) {
                guard let text = text.map(unescape)?.trimmingWhitespace(), !text.isEmpty, values[name] == nil else { return }
                values[name] = text
            }
            switch key {
            case "N":
                let parts = split(value, on: ",")
                set("lastName", parts.first)
                set("firstName", parts.count > 1 ? parts[1] : nil)
            case "ORG": set("companyName", value)
            case "TITLE": set("jobTitle", value)
            case "EMAIL": set("email", value)
            case "URL": set("website", value)
            case "TEL":
                if values["phone"] == nil { set("phone", value) } else { set("phone2", value) }
            case "ADR":
                for (field, part) in VCard.addressFields(split(value, on: ",")) { set(field, part) }
            default: break
            }
        }
        return values
    }

    /// Splits on `separator` where it is not escaped by a backslash (escapes are kept).
    private static func split(_ text: String, on separator: Character) -> [String] {
        var parts: [String] = []
        var current = ""
        var escaped = false
        for character in text {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                current.append(character)
                escaped = true
            } else if character == separator {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { parts.append(current) }
        return parts
    }

    private static func unescape(_ text: String) -> String {
        var out = ""
        var escaped = false
        for character in text {
            if escaped || character != "\\" {
                out.append(character)
                escaped = false
            } else {
                escaped = true
            }
        }
        return out
    }
}
