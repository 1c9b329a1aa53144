import Foundation

/// Reads lead fields out of the text OCR found on a business card. Each line is claimed once,
/// surest kinds first: e-mail, website, phones, the postal address, the company (a legal form,
/// or the e-mail's domain), the job title (its words), and the person's name last.
public struct CardText {
    private var lines: [String]
    private var used: Set<Int> = []
    private var reading = CardReading()
    private let defaultCountry: String

    /// The reading of `text`; `defaultCountry` (ISO code) completes numbers and addresses
    /// printed without a country.
    public static func read(_ text: String, defaultCountry: String) -> CardReading {
        var parser = CardText(text, defaultCountry: defaultCountry)
        parser.run()
        return parser.reading
    }

    private init(_ text: String, defaultCountry: String) {
        lines = text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "|_~*•·"))) }
            .filter { $0.contains(where: \.isLetter) || $0.contains(where: \.isNumber) }
        self.defaultCountry = defaultCountry.uppercased()
        reading.text = lines.joined(separator: "\n")
    }

    private mutating func set(_ name: String, _ value: String?, _ confidence: Double) {
        guard let value, !value.isEmpty, reading.fields[name] == nil else { return }
        reading.fields[name] = value
        reading.confidence[name] = confidence
    }

    private mutating func run() {
        findEmail()
        findWebsite()
        findPhones()
        findAddress()
        findCompany()
        findTitle()
        findName()
        checkEmailAgainstNames()
    }

    /// An address is usually made of the person's and the company's names: a local part one or
    /// two letters away from the name is an OCR slip (`iberenger@` for `jberenger@`), and so is
    /// a domain two letters away from the company's name when the website, read apart, spells
    /// that name. Only letters read wrong are put right, never letters added or dropped: a real
    /// `jeand@` or `acmeindustrie.fr` stays as printed.
    private mutating func checkEmailAgainstNames() {
        guard let email = reading.fields.email, let at = email.firstIndex(of: "@") else { return }
        var local = String(email[..<at])
        var domain = String(email[email.index(after: at)...])
        let first = CardWords.fold(reading.fields.firstName ?? "").filter { $0.isLetter && $0.isASCII }
        let last = CardWords.fold(reading.fields.lastName ?? "").filter { $0.isLetter && $0.isASCII }
        if !first.isEmpty, !last.isEmpty {
            let forms = ["\(first).\(last)", "\(first.prefix(1))\(last)", first, "\(first)\(last)", last, "\(first)-\(last)",
                         "\(first)_\(last)", "\(first.prefix(1)).\(last)"]
            if !forms.contains(local),
               let near = forms.first(where: { $0.count >= 6 && Self.misread($0, local) <= ($0.count >= 9 ? 2 : 1) }) {
                local = near
            }
        }
        let company = (reading.fields.companyName ?? "").split(separator: " ")
            .filter { !CardWords.legalForms.contains(String($0)) }.joined()
        let slug = CardWords.fold(company).filter { ($0.isLetter || $0.isNumber) && $0.isASCII }
        // The website's host without `www.`: `www.acme.fr/contact` → `acme.fr`.
        let site = reading.fields.website.flatMap { $0.split(separator: "/").first }
            .map { $0.hasPrefix("www.") ? String($0.dropFirst(4)) : String($0) }
        if let suffix = domain.firstIndex(of: "."), let site, slug.count >= 8 {
            // Hyphens are left out of the comparison: `atelier-lumiere.fr` spells `Atelier Lumière` right.
            let label = domain[..<suffix].filter { $0 != "-" }
            let siteLabel = site.split(separator: ".").first.map { $0.filter { $0 != "-" } } ?? ""
            if label != slug, siteLabel == slug, site.hasSuffix(domain[suffix...]), Self.distance(slug, label) <= 2 {
                domain = site
            }
        }
        let fixed = "\(local)@\(domain)"
        if fixed != email {
            reading.fields.email = fixed
            reading.confidence["email"] = 0.7
        }
    }

    /// How many letters of `read` differ from `expected`, for texts of one length (else more
    /// than any slip).
    static func misread(_ expected: String, _ read: String) -> Int {
        guard expected.count == read.count else { return Int.max }
        return zip(expected, read).filter { $0 != $1 }.count
    }

    /// The Levenshtein distance of two short texts.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

    // MARK: e-mail and website

    private mutating func findEmail() {
        for (index, line) in lines.enumerated() where reading.fields.email == nil {
            guard let (email, rest) = Self.emailAndRest(line) else { continue }
            set("email", email, 0.95)
            keep(rest, of: index)
        }
    }

    /// What is left of a line once a field was taken out of it: a card printed in two columns
    /// reads as lines holding both (`Acme SAS   Tél 01 23 45 67 89`).
    private mutating func keep(_ rest: String, of index: Int) {
        let trimmed = rest.trimmingCharacters(in: .whitespaces.union(.punctuationCharacters))
        if trimmed.filter(\.isLetter).count >= 3 || Self.postalLike(trimmed) {
            lines[index] = trimmed
        } else {
            used.insert(index)
        }
    }

    private static func postalLike(_ text: String) -> Bool { text.filter(\.isNumber).count >= 4 }

    /// Labels printed before an e-mail address or a website.
    private static let fieldLabel = #"(?i)(?:^|\s)(?:e-?mail|mail|courriel|m[ée]l|e|web|site|internet|w|ww|www)\s*[:.]?\s*$"#

    /// The e-mail address in `line` and the rest of the line without it (and its label).
    static func emailAndRest(_ line: String) -> (String, String)? {
        guard let email = email(in: line) else { return nil }
        let fixed = fixedForEmail(line)
        guard let at = fixed.firstIndex(of: "@") else { return (email, "") }
        var start = at
        while start > fixed.startIndex, !fixed[fixed.index(before: start)].isWhitespace { start = fixed.index(before: start) }
        var end = at
        while end < fixed.endIndex, !fixed[end].isWhitespace { end = fixed.index(after: end) }
        let before = String(fixed[..<start]).replacingOccurrences(of: fieldLabel, with: "", options: .regularExpression)
        return (email, before + " " + fixed[end...])
    }

    /// OCR's slips around an e-mail address: `©` or `®` for `@`, spaces around it, a space after
    /// a dot of the local part (`jean. dupont@`), a comma for that dot.
    static func fixedForEmail(_ line: String) -> String {
        var text = line.replacingOccurrences(of: "©", with: "@").replacingOccurrences(of: "®", with: "@")
            .replacingOccurrences(of: "(at)", with: "@").replacingOccurrences(of: "[at]", with: "@")
        text = text.replacingOccurrences(of: #"\s*@\s*"#, with: "@", options: .regularExpression)
        text = text.replacingOccurrences(of: #"([A-Za-z0-9])\.\s+([A-Za-z0-9._%+-]+@)"#, with: "$1.$2", options: .regularExpression)
        // A comma inside the local part is a dot read badly (`jean,dupont@`).
        text = text.replacingOccurrences(of: #"([A-Za-z0-9]),([A-Za-z0-9._%+-]+@)"#, with: "$1.$2", options: .regularExpression)
        return joinedTopLevelDomain(text, after: "@")
    }

    /// `acme. fr`, `acme, fr` and `acme fr` after an `@` or a `www.`: OCR read the last dot as a
    /// comma or a space, or put a space after it.
    static func joinedTopLevelDomain(_ text: String, after start: String) -> String {
        let tlds = topLevelDomains.sorted().joined(separator: "|")
        let pattern = "(?i)(" + NSRegularExpression.escapedPattern(for: start) + #"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)(?:[.,]\s*|\s+)("#
            + tlds + #")\b"#
        return text.replacingOccurrences(of: pattern, with: "$1.$2", options: .regularExpression)
    }

    /// The e-mail address in `line`, with OCR's slips fixed: `©` or `®` for `@`, spaces around
    /// it, commas for dots in the domain.
    static func email(in line: String) -> String? {
        let text = fixedForEmail(line)
        guard let at = text.firstIndex(of: "@") else { return nil }
        let localCharacters = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "._%+-'"))
        let domainCharacters = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: ".,-"))
        var start = at
        while start > text.startIndex, let scalar = text[text.index(before: start)].unicodeScalars.first,
              localCharacters.contains(scalar), text[text.index(before: start)].isASCII {
            start = text.index(before: start)
        }
        var end = text.index(after: at)
        while end < text.endIndex, let scalar = text[end].unicodeScalars.first, domainCharacters.contains(scalar), text[end].isASCII {
            end = text.index(after: end)
        }
        let local = text[start..<at].trimmingCharacters(in: CharacterSet(charactersIn: ".-"))
        var domain = text[text.index(after: at)..<end].replacingOccurrences(of: ",", with: ".").lowercased()
        domain = domain.trimmingCharacters(in: CharacterSet(charactersIn: ".-"))
        let labels = domain.split(separator: ".")
        guard !local.isEmpty, labels.count >= 2, let top = labels.last, top.count >= 2, top.allSatisfy(\.isLetter) else { return nil }
        return "\(local.lowercased())@\(domain)"
    }

    private mutating func findWebsite() {
        for (index, line) in lines.enumerated() where !used.contains(index) && reading.fields.website == nil {
            guard let (site, rest) = Self.websiteAndRest(line) else { continue }
            set("website", site, 0.9)
            keep(rest, of: index)
        }
        // A website printed on the e-mail's line (`jean@acme.fr · www.acme.fr`).
        if reading.fields.website == nil {
            for line in lines where line.contains("@") {
                let rest = line.split(separator: " ").filter { !$0.contains("@") && !$0.contains("©") }.joined(separator: " ")
                if let site = Self.websiteIn(rest) { set("website", site, 0.85) }
            }
        }
    }

    private static let topLevelDomains: Set<String> = ["com", "fr", "de", "uk", "net", "org", "io", "eu", "be", "ch", "lu", "it",
                                                        "es", "nl", "at", "us", "ca", "co", "biz", "info", "tech", "app", "pro"]

    /// The web address in `line` (`www.acme.fr`, `https://acme.com/fr`, `www, acme, fr`).
    static func websiteIn(_ line: String) -> String? { websiteAndRest(line)?.0 }

    /// The web address in `line` and the rest of the line without it (and its label).
    static func websiteAndRest(_ line: String) -> (String, String)? {
        guard !line.contains("@") else { return nil }
        // `www.`, `ww w.`, `Www,` and a dropped w (`ww.`) all read as `www.`.
        var text = line.replacingOccurrences(of: #"(?i)(?:^|(?<=\s))w\s*w\s*w?\s*[.,]\s*"#, with: "www.", options: .regularExpression)
        text = joinedTopLevelDomain(text, after: "www.")
        let tokens = text.split(separator: " ").map(String.init)
        for (position, token) in tokens.enumerated() {
            var candidate = String(token).trimmingCharacters(in: CharacterSet(charactersIn: "()<>;:\"'"))
            let lower = candidate.lowercased()
            let hasPrefix = lower.hasPrefix("www.") || lower.hasPrefix("http://") || lower.hasPrefix("https://")
            candidate = website(candidate.replacingOccurrences(of: ",", with: "."))
            let host = candidate.split(separator: "/").first.map(String.init) ?? candidate
            let labels = host.split(separator: ".")
            guard labels.count >= 2, let top = labels.last, top.count >= 2, top.allSatisfy({ $0.isLetter && $0.isASCII }),
                  host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }) else { continue }
            if hasPrefix || topLevelDomains.contains(String(top)) {
                let before = tokens[..<position].joined(separator: " ").replacingOccurrences(of: fieldLabel, with: "", options: .regularExpression)
                return (candidate, before + " " + tokens[(position + 1)...].joined(separator: " "))
            }
        }
        return nil
    }

    /// A website as Vendo keeps it: lower-case host, no scheme, no trailing slash.
    public static func website(_ text: String) -> String {
        var site = text.trimmingCharacters(in: .whitespaces)
        for scheme in ["https://", "http://"] where site.lowercased().hasPrefix(scheme) { site.removeFirst(scheme.count) }
        while site.hasSuffix("/") || site.hasSuffix(".") { site.removeLast() }
        guard let slash = site.firstIndex(of: "/") else { return site.lowercased() }
        return site[..<slash].lowercased() + site[slash...]
    }

    // MARK: phones

    private static let numberPattern = try? NSRegularExpression(
        pattern: #"([A-Za-zÀ-ÿ.]+)?\s*[.:]?\s*(\+?\s?\(?[0-9OlI][0-9OlI\s().\/-]{6,}[0-9])"#)

    private mutating func findPhones() {
        guard let pattern = Self.numberPattern else { return }
        for (index, line) in lines.enumerated() where !used.contains(index) {
            let text = PhoneNumber.fixedDigits(line)
            let range = NSRange(text.startIndex..., in: text)
            var found = false
            var taken: [Range<String.Index>] = []
            for match in pattern.matches(in: text, range: range) {
                guard let numberRange = Range(match.range(at: 2), in: text) else { continue }
                let printed = String(text[numberRange])
                guard printed.filter(\.isASCIIDigit).count >= 8 else { continue }
                let label = Range(match.range(at: 1), in: text).map { CardWords.fold(String(text[$0])).filter(\.isLetter) } ?? ""
                found = true
                let labelled = CardWords.phoneLabels.contains(label) || CardWords.mobileLabels.contains(label)
                    || CardWords.faxLabels.contains(label)
                if let whole = Range(labelled ? match.range : match.range(at: 2), in: text) { taken.append(whole) }
                if CardWords.faxLabels.contains(label) { continue }
                let number = PhoneNumber.international(printed, defaultCountry: country)
                let value = number ?? printed.trimmingCharacters(in: .whitespaces)
                let mobile = CardWords.mobileLabels.contains(label) || number.map(PhoneNumber.isMobile) == true
                let confidence = number == nil ? 0.5 : 0.9
                if mobile, reading.fields.mobilePhone == nil {
                    set("mobilePhone", value, confidence)
                } else if reading.fields.phone == nil {
                    set("phone", value, confidence)
                }
            }
            var rest = text
            for range in taken.reversed() { rest.replaceSubrange(range, with: " ") }
            if found { keep(rest, of: index) }
        }
    }

    /// The country numbers and postcodes are read in: the one the card names, the one its
    /// phone numbers or domain point to, else the organisation's.
    private var country: String {
        for line in lines {
            if let code = Self.countryLine(line) { return code }
        }
        let domain = (reading.fields.email?.split(separator: "@").last).map(String.init) ?? reading.fields.website ?? ""
        for (suffix, code) in [(".fr", "FR"), (".de", "DE"), (".co.uk", "GB"), (".uk", "GB"), (".be", "BE"), (".ch", "CH")]
        where domain.hasSuffix(suffix) {
            return code
        }
        return defaultCountry
    }

    /// The country a line names on its own (`France`, `Deutschland`, `UK`, `USA`).
    static func countryLine(_ line: String) -> String? {
        let text = line.trimmingCharacters(in: .punctuationCharacters.union(.whitespaces))
        guard text.count >= 3 || ["UK", "US"].contains(text) else { return nil }
        return Country.code(text)
    }

    // MARK: address

    private static let usPattern = try? NSRegularExpression(pattern: #"^(.*?),?\s+([A-Z]{2})\.?\s+(\d{5}(?:-\d{4})?)$"#)
    private static let ukPattern = try? NSRegularExpression(pattern: #"^(.*?)[,\s]*\b([A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2})$"#)
    private static let ukFirstPattern = try? NSRegularExpression(pattern: #"^([A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2})\s+(.+)$"#)
    private static let continentalPattern = try? NSRegularExpression(
        pattern: #"^(?:(.*?),\s*)?(?:(F|D|FR|DE)\s*-\s*)?([0-9]{5})\s+([^\d,]+?)(?:\s+CEDEX(?:\s+[0-9]+)?)?$"#,
        options: [.caseInsensitive])

    private mutating func findAddress() {
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
    private func postalLine(_ line: String) -> Address? {
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
    private static func splitStreet(_ text: String) -> (String?, String) {
        guard let comma = text.lastIndex(of: ",") else { return (nil, text) }
        let street = text[..<comma].trimmingCharacters(in: .whitespaces)
        let city = text[text.index(after: comma)...].trimmingCharacters(in: .whitespaces)
        return city.isEmpty ? (nil, text) : (street.isEmpty ? nil : street, city)
    }

    /// A British postcode with its one space (`NW16XE` → `NW1 6XE`).
    private static func ukPostcode(_ code: String) -> String {
        let compact = code.filter { !$0.isWhitespace }
        return compact.dropLast(3) + " " + compact.suffix(3)
    }

    /// Five-digit postcodes are French or German: the street's words tell, then the domain,
    /// the phones, and last the organisation's country.
    private func continentalCountry(streetBefore index: Int) -> String {
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

    // MARK: company, title, name

    private mutating func findCompany() {
        for (index, line) in lines.enumerated() where !used.contains(index) {
            let tokens = line.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
            guard tokens.contains(where: { CardWords.legalForms.contains($0) }), !line.contains(where: \.isNumber) || tokens.count > 1
            else { continue }
            set("companyName", line.trimmingCharacters(in: .punctuationCharacters.subtracting(CharacterSet(charactersIn: ".)"))), 0.9)
            used.insert(index)
            return
        }
        // Else the line that spells the e-mail's or the website's domain.
        let host = reading.fields.email.flatMap { $0.split(separator: "@").last.map(String.init) } ?? reading.fields.website
        guard let host, let label = host.split(separator: "/").first?.split(separator: ".").dropLast().last.map(String.init),
              label.count >= 3, !CardWords.publicMailDomains.contains(label) else { return }
        let key = label.filter(\.isLetter)
        for (index, line) in lines.enumerated() where !used.contains(index) {
            let letters = CardWords.fold(line).filter { $0.isLetter }
            guard letters.count >= 3 else { continue }
            if letters == key || (letters.count >= 4 && key.contains(letters)) || letters.contains(key) {
                set("companyName", line, 0.75)
                used.insert(index)
                return
            }
        }
    }

    private mutating func findTitle() {
        for (index, line) in lines.enumerated() where !used.contains(index) && line.count <= 70 {
            guard !line.contains(where: \.isNumber), CardWords.words(line).contains(where: { CardWords.titles.contains($0) })
            else { continue }
            // A name line may hold a title word (`Mark Head`): a title is not the only line left
            // that looks like a name unless it reads as one.
            set("jobTitle", line, 0.8)
            used.insert(index)
            return
        }
    }

    private mutating func findName() {
        let titleIndex = lines.firstIndex { $0 == reading.fields.jobTitle }
        let candidates = lines.indices.filter { !used.contains($0) && Self.looksLikeName(lines[$0]) }
        // The name is printed just above the title when there is one, else it is the first such line.
        let chosen = titleIndex.flatMap { title in candidates.first { $0 == title - 1 } } ?? candidates.first
        if let chosen {
            let (first, last) = Self.splitName(lines[chosen])
            let local = reading.fields.email.map { CardWords.fold(String($0.prefix { $0 != "@" })) } ?? ""
            let confirmed = !local.isEmpty && CardWords.words(last).contains { local.contains($0) }
            set("firstName", first, confirmed ? 0.95 : 0.8)
            set("lastName", last, confirmed ? 0.95 : 0.8)
            used.insert(chosen)
            return
        }
        // Else the e-mail's local part, when it reads `first.last`.
        guard let local = reading.fields.email?.prefix(while: { $0 != "@" }) else { return }
        let parts = local.split(whereSeparator: { $0 == "." || $0 == "_" || $0 == "-" })
        guard parts.count == 2, parts.allSatisfy({ $0.count >= 2 && $0.allSatisfy(\.isLetter) }) else { return }
        set("firstName", parts[0].capitalized, 0.4)
        set("lastName", parts[1].capitalized, 0.4)
    }

    /// Two to five words of letters, each capitalised, an initial or a particle.
    static func looksLikeName(_ line: String) -> Bool {
        guard !line.contains(where: { $0.isNumber || $0 == "@" || $0 == "/" || $0 == ":" }) else { return false }
        let words = line.split(separator: " ")
        guard (2...5).contains(words.count) else { return false }
        return words.enumerated().allSatisfy { position, word in
            guard let first = word.first else { return false }
            if position > 0, CardWords.particles.contains(word.lowercased()) || word.lowercased().hasPrefix("d'") { return true }
            // OCR sometimes reads a first name's capital as a small letter (`jean`).
            return (first.isUppercase || (position == 0 && first.isLetter)) && word.allSatisfy { $0.isLetter || "-'’.".contains($0) }
        }
    }

    /// First and last name: the words in capitals are the last name (`Jean DUPONT`,
    /// `DUPONT Jean`), else the last name starts at its particle (`Marie de la Tour`), else it
    /// is the last word. Capitals become a name's usual case.
    static func splitName(_ line: String) -> (String, String) {
        let words = line.split(separator: " ").map(String.init)
        func isCapitals(_ word: String) -> Bool {
            let letters = word.filter(\.isLetter)
            return letters.count >= 2 && letters.allSatisfy(\.isUppercase)
        }
        let capitals = words.indices.filter { isCapitals(words[$0]) }
        var lastRange: Range<Int>
        if !capitals.isEmpty, capitals.count < words.count, let low = capitals.first, let high = capitals.last,
           high - low + 1 == capitals.count, low == 0 || high == words.count - 1 {
            lastRange = low..<(high + 1)
        } else if let particle = words.indices.dropFirst().first(where: { CardWords.particles.contains(words[$0].lowercased()) }) {
            lastRange = particle..<words.count
        } else {
            lastRange = (words.count - 1)..<words.count
        }
        let firstWords = words.indices.filter { !lastRange.contains($0) }.map { words[$0] }
        let lastWords = lastRange.map { words[$0] }
        var given = firstWords.map(usualCase).joined(separator: " ")
        if let initial = given.first, initial.isLowercase { given = initial.uppercased() + given.dropFirst() }
        return (given, lastWords.map(usualCase).joined(separator: " "))
    }

    /// `DUPONT` → `Dupont`, `O'CONNOR` → `O'Connor`, `ANNE-SOPHIE` → `Anne-Sophie`, `DE` → `de`;
    /// words not in capitals are kept as printed.
    static func usualCase(_ word: String) -> String {
        let letters = word.filter(\.isLetter)
        guard letters.count >= 2, letters.allSatisfy(\.isUppercase) else { return word }
        if CardWords.particles.contains(word.lowercased()) { return word.lowercased() }
        var out = ""
        var startOfPart = true
        for character in word {
            out += startOfPart ? String(character).uppercased() : String(character).lowercased()
            startOfPart = !character.isLetter
        }
        return out
    }
}
