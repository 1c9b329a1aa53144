import Foundation

public enum MailError: Error, Equatable, CustomStringConvertible {
    case empty
    case noHeaders
    case noSender
    case badMultipart(String)
    case tooLarge(limit: Int)

    public var description: String {
        switch self {
        case .empty: return "the message is empty"
        case .noHeaders: return "the message has no header section (is it an e-mail?)"
        case .noSender: return "the message has no From address"
        case .badMultipart(let why): return "the multipart body is broken: \(why)"
        case .tooLarge(let limit): return "the message is larger than \(limit) bytes"
        }
    }
}

/// An e-mail as a mail server delivers it (RFC 5322 with MIME), reduced to what a lead or an
/// activity needs: the sender, the subject, and the text of the body.
public struct MailMessage: Sendable, Equatable {
    public var fromName: String?
    public var fromAddress: String
    public var subject: String
    public var messageId: String?
    public var date: String?
    /// The text/plain part, or the text of the HTML part when there is no plain one.
    public var text: String

    public static let maxSize = 25 << 20

    public static func parse(_ bytes: [UInt8]) throws(MailError) -> MailMessage {
        guard bytes.contains(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) else { throw .empty }
        guard bytes.count <= maxSize else { throw .tooLarge(limit: maxSize) }
        let entity = MIMEEntity(bytes)
        // An mbox delivery starts with a `From ` envelope line; it is not a header.
        guard !entity.headers.isEmpty else { throw .noHeaders }
        guard let from = entity.header("from").flatMap(Self.address) else { throw .noSender }
        let subject = entity.header("subject").map(EncodedWords.decode) ?? ""
        var text = try entity.bodyText(depth: 0) ?? ""
        text = text.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        return MailMessage(fromName: from.name, fromAddress: from.address, subject: subject.trimmingWhitespace(),
                           messageId: entity.header("message-id"), date: entity.header("date"), text: text)
    }

    /// `"Name" <a@b>`, `Name <a@b>`, `a@b (Name)` or `a@b`.
    static func address(_ header: String) -> (name: String?, address: String)? {
        let decoded = EncodedWords.decode(header).trimmingWhitespace()
        var name: String?
        var address: String
        if let open = decoded.lastIndex(of: "<"), let close = decoded[open...].firstIndex(of: ">") {
            address = String(decoded[decoded.index(after: open)..<close])
            name = String(decoded[..<open])
        } else if let open = decoded.firstIndex(of: "("), let close = decoded.lastIndex(of: ")"), open < close {
            address = String(decoded[..<open])
            name = String(decoded[decoded.index(after: open)..<close])
        } else {
            address = decoded
        }
        address = address.trimmingWhitespace()
        name = name?.trimmingCharacters(in: CharacterSet(charactersIn: "\" ").union(.whitespaces))
        let parts = address.split(separator: "@")
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !address.contains(where: \.isWhitespace) else { return nil }
        return (name?.isEmpty == false ? name : nil, address)
    }
}

/// A MIME entity: headers and body bytes, parts of a multipart read on demand.
struct MIMEEntity {
    var headers: [(String, String)] = []
    var body: ArraySlice<UInt8>

    init(_ bytes: some Collection<UInt8>) {
        var lines: [(String, String)] = []
        let all = Array(bytes)
        var index = 0
        // Skip an mbox envelope line.
        if all.starts(with: Array("From ".utf8)), let end = all.firstIndex(of: 0x0A) { index = end + 1 }
        var bodyStart = all.count
        while index < all.count {
            let lineStart = index
            let end = all[index...].firstIndex(of: 0x0A) ?? all.count
            var line = all[index..<end]
            if line.last == 0x0D { line = line.dropLast() }
            index = end + 1
            if line.isEmpty {
                bodyStart = min(index, all.count)
                break
            }
            let text = CSVParser.decode(Array(line))
            if let first = text.first, first == " " || first == "\t" {
                if !lines.isEmpty { lines[lines.count - 1].1 += " " + text.trimmingWhitespace() }
                continue
            }
            guard let colon = text.firstIndex(of: ":"), !text[..<colon].contains(" ") else {
                // A line that is no header ends a header section that lacks its blank line.
                bodyStart = lineStart
                break
            }
            lines.append((text[..<colon].lowercased(), text[text.index(after: colon)...].trimmingWhitespace()))
        }
        headers = lines
        body = all[min(bodyStart, all.count)...]
    }

    func header(_ name: String) -> String? { headers.first { $0.0 == name }?.1 }

    /// `text/plain; charset="utf-8"` → ("text/plain", ["charset": "utf-8"]).
    var contentType: (type: String, parameters: [String: String]) {
        guard let value = header("content-type") else { return ("text/plain", [:]) }
        let pieces = value.split(separator: ";").map { $0.trimmingWhitespace() }
        var parameters: [String: String] = [:]
        for piece in pieces.dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            parameters[pair[0].lowercased().trimmingWhitespace()] =
                pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        }
        return ((pieces.first ?? "text/plain").lowercased(), parameters)
    }

    /// The body's bytes with its transfer encoding undone.
    var decodedBody: [UInt8] {
        switch header("content-transfer-encoding")?.lowercased() {
        case "quoted-printable": return QuotedPrintable.decode(CSVParser.decode(Array(body)))
        case "base64": return Array(Data(base64Encoded: Data(body), options: .ignoreUnknownCharacters) ?? Data())
        default: return Array(body)
        }
    }

    /// The best text of the entity: its plain text, else its HTML as text; nil for attachments.
    func bodyText(depth: Int) throws(MailError) -> String? {
        let (type, parameters) = contentType
        if type.hasPrefix("multipart/") {
            guard depth < 10 else { throw .badMultipart("parts nested more than ten deep") }
            guard let boundary = parameters["boundary"], !boundary.isEmpty else { throw .badMultipart("no boundary is given") }
            let parts = try Self.split(body, boundary: boundary)
            var html: String?
            for part in parts {
                let entity = MIMEEntity(part)
                if entity.header("content-disposition")?.lowercased().hasPrefix("attachment") == true { continue }
                let partType = entity.contentType.type
                guard let text = try entity.bodyText(depth: depth + 1) else { continue }
                if partType == "text/html" { html = html ?? text } else if !text.isEmpty { return text }
            }
            return html
        }
        guard type.hasPrefix("text/") || header("content-type") == nil else { return nil }
        let text = Charset.decode(decodedBody, charset: parameters["charset"])
        return type == "text/html" ? HTMLText.plain(text) : text
    }

    /// The parts between `--boundary` lines, up to `--boundary--`.
    static func split(_ body: ArraySlice<UInt8>, boundary: String) throws(MailError) -> [ArraySlice<UInt8>] {
        let marker = Array("--\(boundary)".utf8)
        var parts: [ArraySlice<UInt8>] = []
        var partStart: Int?
        var index = body.startIndex
        var closed = false
        while index < body.endIndex {
            let end = body[index...].firstIndex(of: 0x0A) ?? body.endIndex
            var line = body[index..<end]
            if line.last == 0x0D { line = line.dropLast() }
            if line.starts(with: marker) {
                let rest = line.dropFirst(marker.count)
                if let start = partStart { parts.append(body[start..<max(start, index - 1)]) }
                if rest.starts(with: [0x2D, 0x2D]) {
                    closed = true
                    break
                }
                partStart = min(end + 1, body.endIndex)
            }
            index = end + 1
        }
        if !closed, let start = partStart, start < body.endIndex { parts.append(body[start...]) }
        guard !parts.isEmpty else { throw .badMultipart("the boundary \"\(boundary)\" never occurs") }
        return parts
    }
}

/// The readable text of an HTML body: tags dropped, block ends as line breaks, entities decoded.
enum HTMLText {
    static func plain(_ html: String) -> String {
        var out = ""
        var tag = ""
        var inTag = false
        var skipping = false
        for character in html {
            if inTag {
                if character == ">" {
                    inTag = false
                    let name = tag.lowercased().split(whereSeparator: { $0 == " " || $0 == "\n" }).first.map(String.init) ?? ""
                    if ["script", "style", "head"].contains(name) { skipping = true }
                    if ["/script", "/style", "/head"].contains(name) { skipping = false }
                    let bare = name.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
                    if ["br", "p", "div", "tr", "li", "h1", "h2", "h3"].contains(bare) { out += "\n" }
                    tag = ""
                } else {
                    tag.append(character)
                }
            } else if character == "<" {
                inTag = true
            } else if !skipping {
                out.append(character)
            }
        }
        let entities = ["&nbsp;": " ", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#39;": "'", "&apos;": "'", "&amp;": "&"]
        for (entity, text) in entities { out = out.replacingOccurrences(of: entity, with: text) }
        return out.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingWhitespace() }
            .joined(separator: "\n")
            .replacingOccurrences(of: "\n\n\n", with: "\n\n")
    }
}
