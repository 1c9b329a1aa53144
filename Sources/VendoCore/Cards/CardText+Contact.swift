import Foundation

/// E-mail, website and phones: the fields a card prints most plainly, read first.
extension CardText {
    /// An address is usually made of the person's and the company's names: a local part one or
    /// two letters away from the name is an OCR slip (`iberenger@` for `jberenger@`), and so is
    /// a domain two letters away from the company's name when the website, read apart, spells
    /// that name. Only letters read wrong are put right, never letters added or dropped: a real
    /// `jeand@` or `acmeindustrie.fr` stays as printed.
    mutating func checkEmailAgainstNames() {
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

    mutating func findEmail() {
        for (index, line) in lines.enumerated() where reading.fields.email == nil {
            guard let (email, rest) = Self.emailAndRest(line) else { continue }
            set("email", email, 0.95)
            keep(rest, of: index)
        }
    }

    /// What is left of a line once a field was taken out of it: a card printed in two columns
    /// reads as lines holding both (`Acme SAS   Tél 01 23 45 67 89`).
    mutating func keep(_ rest: String, of index: Int) {
        let trimmed = rest.trimmingCharacters(in: .whitespaces.union(.punctuationCharacters))
        if trimmed.filter(\.isLetter).count >= 3 || Self.postalLike(trimmed) {
            lines[index] = trimmed
        } else {
            used.insert(index)
        }
    }

    static func postalLike(_ text: String) -> Bool { text.filter(\.isNumber).count >= 4 }

    /// Labels printed before an e-mail address or a website.
    static let fieldLabel = #"(?i)(?:^|\s)(?:e-?mail|mail|courriel|m[ée]l|e|web|site|internet|w|ww|www)\s*[:.]?\s*$"#

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

    mutating func findWebsite() {
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

    static let topLevelDomains: Set<String> = ["com", "fr", "de", "uk", "net", "org", "io", "eu", "be", "ch", "lu", "it",
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
        var site = text.trimmingWhitespace()
        for scheme in ["https://", "http://"] where site.lowercased().hasPrefix(scheme) { site.removeFirst(scheme.count) }
        while site.hasSuffix("/") || site.hasSuffix(".") { site.removeLast() }
        guard let slash = site.firstIndex(of: "/") else { return site.lowercased() }
        return site[..<slash].lowercased() + site[slash...]
    }

    // MARK: phones

    static let numberPattern = try? NSRegularExpression(
        pattern: #"([A-Za-zÀ-ÿ.]+)?\s*[.:]?\s*(\+?\s?\(?[0-9OlI][0-9OlI\s().\/-]{6,}[0-9])"#)

    mutating func findPhones() {
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
                let value = number ?? printed.trimmingWhitespace()
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
    var country: String {
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
}
