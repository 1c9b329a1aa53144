import Foundation

/// Reads lead fields out of the text OCR found on a business card. Each line is claimed once,
/// surest kinds first: e-mail, website, phones, the postal address, the company (a legal form,
/// or the e-mail's domain), the job title (its words), and the person's name last.
public struct CardText {
    var lines: [String]
    var used: Set<Int> = []
    var reading = CardReading()
    let defaultCountry: String

    /// The reading of `text`; `defaultCountry` (ISO code) completes numbers and addresses
    /// printed without a country.
    public static func read(_ text: String, defaultCountry: String) -> CardReading {
        var parser = CardText(text, defaultCountry: defaultCountry)
        parser.run()
        return parser.reading
    }

    /// A card holds a few dozen short lines; a photo of a page of text is cut to this, so that
    /// reading it stays cheap whatever was photographed.
    static let maxLines = 100
    static let maxLineLength = 200

    private init(_ text: String, defaultCountry: String) {
        lines = Array(text.split(whereSeparator: \.isNewline)
            .map { String($0.prefix(Self.maxLineLength)).trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "|_~*•·"))) }
            .filter { $0.contains(where: \.isLetter) || $0.contains(where: \.isNumber) }
            .prefix(Self.maxLines))
        self.defaultCountry = defaultCountry.uppercased()
        reading.text = lines.joined(separator: "\n")
    }

    mutating func set(_ name: String, _ value: String?, _ confidence: Double) {
        guard let value, !value.isEmpty, reading.fields[name] == nil else { return }
        reading.fields[name] = value
        reading.confidence[name] = confidence
    }

    mutating func run() {
        findEmail()
        findWebsite()
        findPhones()
        findAddress()
        findCompany()
        findTitle()
        findName()
        checkEmailAgainstNames()
    }

    // MARK: company, title, name

    mutating func findCompany() {
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

    mutating func findTitle() {
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

    mutating func findName() {
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
