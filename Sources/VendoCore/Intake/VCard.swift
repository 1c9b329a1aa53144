import Foundation

/// One card of a vCard file (versions 2.1, 3.0 and 4.0, what business-card scanners and
/// address books export), reduced to the lead fields it fills, keyed by their API names.
public struct VCard: Sendable, Equatable {
    /// The line the card's BEGIN:VCARD is on.
    public var line: Int
    public var values: [String: String]

    /// Reads every card of a file. Lines folded with a leading space are joined; unknown
    /// properties are ignored.
    public static func parse(_ text: String) -> [VCard] {
        var cards: [VCard] = []
        var current: VCard?
        for (line, content) in unfold(text) {
            guard let property = Property(content) else { continue }
            switch property.name {
            case "BEGIN" where property.value.uppercased() == "VCARD":
                current = VCard(line: line, values: [:])
            case "END" where property.value.uppercased() == "VCARD":
                if let card = current { cards.append(card) }
                current = nil
            default:
                current?.take(property)
            }
        }
        return cards
    }

    /// Lines with their first line number, continuation lines (starting with a space or a tab)
    /// joined to the one before; vCard 2.1 quoted-printable soft breaks (`=` at the end) too.
    private static func unfold(_ text: String) -> [(Int, String)] {
        var lines: [(Int, String)] = []
        var number = 0
        var softBreak = false
        // Whether the logical line being built is quoted-printable, decided once from its name and
        // parameters: looking through the whole line again at each continuation would cost the
        // square of a long folded value.
        var quotedPrintable = false
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            var line = String(raw)
            if line.hasSuffix("\r") { line.removeLast() }
            if let last = lines.indices.last, softBreak || line.hasPrefix(" ") || line.hasPrefix("\t") {
                lines[last].1 += softBreak ? line : String(line.dropFirst())
            } else if !line.isEmpty {
                lines.append((number, line))
                quotedPrintable = line.prefix { $0 != ":" }.uppercased().contains("QUOTED-PRINTABLE")
            }
            softBreak = line.hasSuffix("=") && quotedPrintable && !lines.isEmpty
            if softBreak, let last = lines.indices.last { lines[last].1.removeLast() }
        }
        return lines
    }

    private mutating func take(_ property: Property) {
        switch property.name {
        case "N":
            let parts = property.components
            set("lastName", parts.first)
            set("firstName", parts.count > 1 ? parts[1] : nil)
        case "FN":
            if values["lastName"] == nil && values["firstName"] == nil {
                let words = property.value.split(separator: " ").map(String.init)
                set("lastName", words.last)
                set("firstName", words.count > 1 ? words.dropLast().joined(separator: " ") : nil)
            }
        case "ORG": set("companyName", property.components.first)
        case "TITLE": set("jobTitle", property.value)
        case "EMAIL": set("email", property.value)
        case "TEL":
            let types = property.types
            if types.contains("CELL") { set("mobilePhone", property.value) } else { set("phone", property.value) }
        case "URL": set("website", property.value)
        case "NOTE": set("description", property.value)
        case "ADR":
            for (field, value) in Self.addressFields(property.components) { set(field, value) }
        default: break
        }
    }

    /// The address fields of an ADR value's parts (a MeCard's ADR has the same seven):
    /// post office box, extended, street, locality, region, postal code, country.
    static func addressFields(_ components: [String]) -> [(String, String)] {
        let parts = components + Array(repeating: "", count: 7)
        return [("address.line1", parts[2]), ("address.line2", parts[1]), ("address.city", parts[3]),
                ("address.region", parts[4]), ("address.postalCode", parts[5]), ("address.country", parts[6])]
    }

    /// Keeps the first value of a field: the preferred e-mail or phone usually comes first.
    private mutating func set(_ field: String, _ value: String?) {
        guard values[field] == nil, let value = value?.trimmingWhitespace(), !value.isEmpty else { return }
        values[field] = value
    }
}

/// `NAME;PARAM=x;TYPE=work,cell:value`, decoded.
private struct Property {
    let name: String
    let parameters: [(String, String)]
    let rawValue: String

    init?(_ line: String) {
        guard let colon = Property.colon(in: line) else { return nil }
        let head = line[..<colon].split(separator: ";").map(String.init)
        guard let first = head.first else { return nil }
        // A group prefix (`item1.EMAIL`) names nothing we use.
        name = (first.split(separator: ".").last.map(String.init) ?? first).uppercased()
        parameters = head.dropFirst().map { part in
            let pieces = part.split(separator: "=", maxSplits: 1).map(String.init)
            // vCard 2.1 writes bare types: `TEL;CELL:…`.
            return pieces.count == 2 ? (pieces[0].uppercased(), pieces[1]) : ("TYPE", pieces[0])
        }
        rawValue = String(line[line.index(after: colon)...])
    }

    /// The colon that ends the name and parameters; one inside a quoted parameter does not count.
    private static func colon(in line: String) -> String.Index? {
        var quoted = false
        for index in line.indices {
            if line[index] == "\"" { quoted.toggle() }
            if line[index] == ":" && !quoted { return index }
        }
        return nil
    }

    var types: Set<String> {
        Set(parameters.filter { $0.0 == "TYPE" }.flatMap { $0.1.uppercased().replacingOccurrences(of: "\"", with: "").split(separator: ",").map(String.init) })
    }

    private var decodedBytes: String {
        let encoding = parameters.first { $0.0 == "ENCODING" }?.1.uppercased()
        let charset = parameters.first { $0.0 == "CHARSET" }?.1
        switch encoding {
        case "QUOTED-PRINTABLE":
            return Charset.decode(QuotedPrintable.decode(rawValue), charset: charset)
        case "B", "BASE64":
            return Charset.decode(Array(Data(base64Encoded: rawValue, options: .ignoreUnknownCharacters) ?? Data()), charset: charset)
        default:
            return rawValue
        }
    }

    var value: String { Property.unescape(decodedBytes) }

    /// The `;`-separated parts of a structured value (N, ORG, ADR), each unescaped.
    var components: [String] {
        var parts: [String] = []
        var current = ""
        var escaped = false
        for character in decodedBytes {
            if escaped {
                current += Property.unescape("\\\(character)")
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ";" {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        return parts
    }

    static func unescape(_ text: String) -> String {
        var out = ""
        var escaped = false
        for character in text {
            if escaped {
                switch character {
                case "n", "N": out.append("\n")
                default: out.append(character)
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                out.append(character)
            }
        }
        return out
    }
}
