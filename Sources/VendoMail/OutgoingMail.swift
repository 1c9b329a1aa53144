import Foundation

/// A message to send, and its RFC 5322 / MIME form: headers (non-ASCII words in RFC 2047
/// encoded words), a text and an optional HTML alternative, and base64 attachments, every line
/// ended by CRLF and none longer than 998 octets.
public struct OutgoingMail: Sendable, Equatable {
    public struct Address: Sendable, Equatable {
        public var name: String?
        public var email: String

        public init(_ email: String, name: String? = nil) {
            self.email = email
            self.name = name
        }
    }

    public struct Attachment: Sendable, Equatable {
        public var fileName: String
        public var contentType: String
        public var data: [UInt8]

        public init(fileName: String, contentType: String, data: [UInt8]) {
            self.fileName = fileName
            self.contentType = contentType
            self.data = data
        }
    }

    public var from: Address
    public var to: [Address]
    public var cc: [Address] = []
    public var replyTo: Address?
    public var subject: String
    public var text: String
    public var html: String?
    public var attachments: [Attachment] = []
    /// Fixed when the message is queued (`<uuid@host>`), so that a resend is recognisable.
    public var messageID: String
    public var date: Date

    public init(from: Address, to: [Address], subject: String, text: String, messageID: String, date: Date) {
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.messageID = messageID
        self.date = date
    }

    /// Everyone the message goes to, for the envelope.
    public var recipients: [String] { (to + cc).map(\.email) }

    /// The message as it goes after DATA (before dot-stuffing).
    public func rendered() -> [UInt8] {
        var lines: [String] = []
        lines.append("Date: " + Self.date(date))
        lines.append("Message-ID: " + messageID)
        lines.append(Self.header("From", Self.address(from)))
        lines.append(Self.header("To", to.map(Self.address).joined(separator: ", ")))
        if !cc.isEmpty { lines.append(Self.header("Cc", cc.map(Self.address).joined(separator: ", "))) }
        if let replyTo { lines.append(Self.header("Reply-To", Self.address(replyTo))) }
        lines.append("Subject: " + Self.encodedWords(subject))
        lines.append("MIME-Version: 1.0")
        let seed = Self.boundarySeed(messageID)
        let mixed = "=_mixed_\(seed)", alternative = "=_alt_\(seed)"
        var body: [String] = []
        func textPart(_ type: String, _ content: String) {
            body.append("Content-Type: \(type); charset=utf-8")
            body.append("Content-Transfer-Encoding: base64")
            body.append("")
            body += Self.base64Lines(Array(content.utf8))
        }
        func alternativeParts() {
            if let html {
                body.append("Content-Type: multipart/alternative; boundary=\"\(alternative)\"")
                body.append("")
                body.append("--" + alternative)
                textPart("text/plain", text)
                body.append("--" + alternative)
                textPart("text/html", html)
                body.append("--" + alternative + "--")
            } else {
                textPart("text/plain", text)
            }
        }
        if attachments.isEmpty {
            alternativeParts()
        } else {
            body.append("Content-Type: multipart/mixed; boundary=\"\(mixed)\"")
            body.append("")
            body.append("--" + mixed)
            alternativeParts()
            for attachment in attachments {
                body.append("--" + mixed)
                // An ASCII name as it is; another in RFC 2231 form (and, for the readers that
                // only know it, an encoded word as the content type's name).
                let (ascii, extended) = Self.fileNameParameters(attachment.fileName)
                if let extended {
                    body.append("Content-Type: \(attachment.contentType); name=\"\(Self.encodedWords(attachment.fileName))\"")
                    body.append("Content-Disposition: attachment; filename*=\(extended)")
                } else {
                    body.append("Content-Type: \(attachment.contentType); name=\"\(ascii)\"")
                    body.append("Content-Disposition: attachment; filename=\"\(ascii)\"")
                }
                body.append("Content-Transfer-Encoding: base64")
                body.append("")
                body += Self.base64Lines(attachment.data)
            }
            body.append("--" + mixed + "--")
        }
        return Array((lines + body).joined(separator: "\r\n").utf8) + [13, 10]
    }

    // MARK: Header encoding

    static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Sun, 06 Dec 2026 09:30:00 +0000`, in UTC and English whatever the machine's locale.
    static func date(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let time = seconds - days * 86_400
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let weekday = weekdays[((days % 7) + 7) % 7]
        return weekday + String(format: ", %02d ", day) + months[month - 1]
            + String(format: " %04d %02d:%02d:%02d +0000", year, time / 3600, time % 3600 / 60, time % 60)
    }

    /// A header line, folded at the commas between addresses when long.
    static func header(_ name: String, _ value: String) -> String {
        "\(name): " + value.replacingOccurrences(of: ", ", with: ",\r\n ")
    }

    /// `"Name" <address>`, the name as encoded words when it is not ASCII.
    static func address(_ address: Address) -> String {
        guard let name = address.name?.trimmingCharacters(in: .whitespaces), !name.isEmpty else { return "<\(address.email)>" }
        if name.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 32 }) {
            let quoted = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(quoted)\" <\(address.email)>"
        }
        return encodedWords(name) + " <\(address.email)>"
    }

    /// The text as it is when printable ASCII, else RFC 2047 encoded words (UTF-8, base64) of
    /// at most 75 characters each, cut between characters, on folded lines.
    static func encodedWords(_ text: String) -> String {
        let clean = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        if clean.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 32 }) && clean.count <= 900 { return clean }
        var words: [[UInt8]] = []
        var chunk: [UInt8] = []
        for character in clean {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 45 {
                words.append(chunk)
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?" + Data($0).base64EncodedString() + "?=" }.joined(separator: "\r\n ")
    }

    /// The file name with anything but printable ASCII replaced, and its RFC 2231 form when the
    /// name is not plain ASCII.
    static func fileNameParameters(_ name: String) -> (String, String?) {
        let ascii = String(name.unicodeScalars.map { $0.isASCII && $0.value >= 32 && $0 != "\"" && $0 != "\\" ? Character($0) : "_" })
        if ascii == name { return (ascii, nil) }
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        return (ascii, "utf-8''" + (name.addingPercentEncoding(withAllowedCharacters: allowed) ?? ascii))
    }

    static func base64Lines(_ data: [UInt8]) -> [String] {
        let text = Data(data).base64EncodedString()
        return stride(from: 0, to: text.count, by: 76).map { start in
            let from = text.index(text.startIndex, offsetBy: start)
            return String(text[from..<(text.index(from, offsetBy: 76, limitedBy: text.endIndex) ?? text.endIndex)])
        }
    }

    static func boundarySeed(_ messageID: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in messageID.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return String(hash, radix: 36)
    }
}
