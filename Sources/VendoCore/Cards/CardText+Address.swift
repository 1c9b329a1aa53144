import Foundation

/// The postal address and the country a card is read in.
extension CardText {
    // MARK: address

    static let usPattern = try? NSRegularExpression(pattern: #"^(.*?),?\s+([A-Z]{2})\.?\s+(\d{5}(?:-\d{4})?)$"#)
    static let ukPattern = try? NSRegularExpression(pattern: #"^(.*?)[,\s]*\b([A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2})$"#)
    static let ukFirstPattern = try? NSRegularExpression(pattern: #"^([A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2})\s+(.+)$"#)
    static let continentalPattern = try? NSRegularExpression(
        pattern: #"^(?:(.*?),\s*)?(?:(F|D|FR|DE)\s*-\s*)?([0-9]{5})\s+([^\d,]+?)(?:\s+CEDEX(?:\s+[0-9]+)?)?$"#,
        options: [.caseInsensitive])

    mutating func findAddress() {
        var countryIndex: Int?
        var named: String?
        for (index, line) in lines.enumerated() where !used.contains(index) {
            if let code = Self.countryLine(line) {
                countryIndex = index
                named = code
            }
        }
        for (index, line) in lines.enumerated() where !used.contains(index) && index != countryIndex {
            guard var address = postalLine(line) else { continue }
            used.insert(index)
            if let countryIndex { used.insert(countryIndex) }
            if address.country == nil { address.country = named ?? continentalCountry(streetBefore: index) }
            if address.line1 == nil, index > 0, !used.contains(index - 1), Self.isStreet(lines[index - 1]) {
                address.line1 = lines[index - 1]
                used.insert(index - 1)
            }
            reading.fields.address = address
            reading.confidence["address"] = address.line1 == nil ? 0.6 : 0.85
            return
        }
    }

    /// A line with a postcode and a city, in the forms of the United States, the United
    /// Kingdom, and France or Germany (`75002 Paris`, `D-10115 Berlin`, `1 rue X, 69002 Lyon`).
    func postalLine(_ line: String) -> Address? {
        func groups(_ pattern: NSRegularExpression?) -> [String?]? {
            let range = NSRange(line.startIndex..., in: line)
            guard let match = pattern?.firstMatch(in: line, range: range) else { return nil }
            return (1..<match.numberOfRanges).map { Range(match.range(at: $0), in: line).map { String(line[$0]) } }
        }
        func trimmed(_ text: String?) -> String? {
            let value = text?.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: ",")))
            return value?.isEmpty == false ? value : nil
        }
        if let parts = groups(Self.usPattern), let city = trimmed(parts[0]) {
            let (street, town) = Self.splitStreet(city)
            return Address(line1: street, city: town, postalCode: parts[2], region: parts[1], country: "US")
        }
        if let parts = groups(Self.continentalPattern), let city = trimmed(parts[3]) {
            let prefix = parts[1]?.uppercased()
            let country = prefix.map { $0.hasPrefix("D") ? "DE" : "FR" }
            return Address(line1: trimmed(parts[0]), city: city, postalCode: parts[2], country: country)
        }
        if let parts = groups(Self.ukPattern), let code = parts[1], let city = trimmed(parts[0]) {
            let (street, town) = Self.splitStreet(city)
            return Address(line1: street, city: town, postalCode: Self.ukPostcode(code), country: "GB")
        }
        if let parts = groups(Self.ukFirstPattern), let code = parts[0], let city = trimmed(parts[1]) {
            return Address(city: city, postalCode: Self.ukPostcode(code), country: "GB")
        }
        return nil
    }

    /// `1 Market Street, Chicago` → the street and the city; a city alone stays the city.
    static func splitStreet(_ text: String) -> (String?, String) {
        guard let comma = text.lastIndex(of: ",") else { return (nil, text) }
        let street = text[..<comma].trimmingWhitespace()
        let city = text[text.index(after: comma)...].trimmingWhitespace()
        return city.isEmpty ? (nil, text) : (street.isEmpty ? nil : street, city)
    }

    /// A British postcode with its one space (`NW16XE` → `NW1 6XE`).
    static func ukPostcode(_ code: String) -> String {
        let compact = code.filter { !$0.isWhitespace }
        return compact.dropLast(3) + " " + compact.suffix(3)
    }

    /// Five-digit postcodes are French or German: the street's words tell, then the domain,
    /// the phones, and last the organisation's country.
    func continentalCountry(streetBefore index: Int) -> String {
        let street = index > 0 ? lines[index - 1].lowercased() : ""
        if street.split(separator: " ").contains(where: { word in CardWords.germanStreetEndings.contains { word.hasSuffix($0) } }) {
            return "DE"
        }
        let numbers = [reading.fields.phone, reading.fields.mobilePhone].compactMap { $0 }
        if numbers.contains(where: { $0.hasPrefix("+49") }) { return "DE" }
        if numbers.contains(where: { $0.hasPrefix("+33") }) { return "FR" }
        let guess = country
        return ["FR", "DE"].contains(guess) ? guess : "FR"
    }

    /// A street line: a number and a word of streets (`12 rue de la Paix`, `Hauptstraße 5`).
    static func isStreet(_ line: String) -> Bool {
        guard line.contains(where: \.isNumber), line.contains(where: \.isLetter), !line.contains("@") else { return false }
        let words = CardWords.words(line)
        if words.contains(where: { CardWords.streets.contains($0) }) { return true }
        let lower = line.lowercased()
        return lower.split(separator: " ").contains { word in CardWords.germanStreetEndings.contains { word.hasSuffix($0) } }
    }
}
