import Foundation

/// Quoted-printable (RFC 2045 §6.7): `=XX` is a byte, `=` at a line's end a soft break.
public enum QuotedPrintable {
    public static func decode(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "=") else {
                out.append(byte)
                index += 1
                continue
            }
            // Soft line break: `=` then optional spaces then CRLF or LF.
            var next = index + 1
            while next < bytes.count, bytes[next] == UInt8(ascii: " ") || bytes[next] == UInt8(ascii: "\t") { next += 1 }
            if next < bytes.count, bytes[next] == UInt8(ascii: "\r") || bytes[next] == UInt8(ascii: "\n") {
                if bytes[next] == UInt8(ascii: "\r"), next + 1 < bytes.count, bytes[next + 1] == UInt8(ascii: "\n") { next += 1 }
                index = next + 1
                continue
            }
            if next >= bytes.count {
                index = next
                continue
            }
            if index + 2 < bytes.count, let high = hex(bytes[index + 1]), let low = hex(bytes[index + 2]) {
                out.append(high << 4 | low)
                index += 3
            } else {
                // A lone `=` that encodes nothing is kept as written (robustness, RFC 2045 §6.7 note).
                out.append(byte)
                index += 1
            }
        }
        return out
    }

    static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}

/// Text in the charsets mail and vCards still arrive in.
public enum Charset {
    /// Whether `decode` knows the charset (else it guesses UTF-8, then Windows-1252).
    public static func isKnown(_ name: String) -> Bool {
        ["utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin1", "iso-8859-15", "latin-9", "windows-1252", "cp1252"]
            .contains(name.lowercased())
    }

    public static func decode(_ bytes: [UInt8], charset: String?) -> String {
        switch charset?.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) {
        case "iso-8859-1", "latin1", "iso8859-1":
            // Mail clients label Windows-1252 text as Latin-1; the two agree outside 0x80–0x9F,
            // which Latin-1 leaves to control codes nobody writes.
            return Windows1252.decode(bytes)
        case "windows-1252", "cp1252":
            return Windows1252.decode(bytes)
        case "iso-8859-15", "latin-9":
            return String(bytes.map(latin9))
        default:
            return CSVParser.decode(bytes)
        }
    }

    private static func latin9(_ byte: UInt8) -> Character {
        let replaced: [UInt8: UInt32] = [0xA4: 0x20AC, 0xA6: 0x0160, 0xA8: 0x0161, 0xB4: 0x017D, 0xB8: 0x017E,
                                         0xBC: 0x0152, 0xBD: 0x0153, 0xBE: 0x0178]
        return Character(UnicodeScalar(replaced[byte] ?? UInt32(byte)) ?? "\u{FFFD}")
    }
}

/// RFC 2047 encoded words in headers: `=?ISO-8859-1?Q?Fran=E7ois?=` and `=?UTF-8?B?…?=`.
public enum EncodedWords {
    public static func decode(_ header: String) -> String {
        var out = ""
        var rest = Substring(header)
        var lastWasEncoded = false
        while let start = rest.range(of: "=?") {
            let before = rest[..<start.lowerBound]
            guard let word = parseWord(rest[start.lowerBound...]) else {
                out += before + "=?"
                rest = rest[start.upperBound...]
                lastWasEncoded = false
                continue
            }
            // Whitespace between two encoded words is not part of the text (RFC 2047 §6.2).
            if !(lastWasEncoded && before.allSatisfy(\.isWhitespace)) { out += before }
            out += word.text
            rest = rest[word.end...]
            lastWasEncoded = true
        }
        return out + rest
    }

    private static func parseWord(_ text: Substring) -> (text: String, end: Substring.Index)? {
        let parts = text.dropFirst(2).split(separator: "?", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, parts[3].hasPrefix("="), !parts[0].isEmpty else { return nil }
        let charset = String(parts[0].split(separator: "*").first ?? parts[0])
        let payload = String(parts[2])
        let bytes: [UInt8]
        switch parts[1].uppercased() {
        case "Q": bytes = QuotedPrintable.decode(payload.replacingOccurrences(of: "_", with: " "))
        case "B":
            guard let data = Data(base64Encoded: payload, options: .ignoreUnknownCharacters) else { return nil }
            bytes = Array(data)
        default: return nil
        }
        let end = text.index(parts[3].startIndex, offsetBy: 1)
        return (Charset.decode(bytes, charset: charset), end)
    }
}
