import Foundation
import VendoCore

public enum ImportFormat: String, Sendable, CaseIterable {
    case csv, vcard

    /// vCard when the name ends in .vcf/.vcard or the text starts with BEGIN:VCARD; else CSV.
    public static func guess(path: String) -> ImportFormat {
        let lower = path.lowercased()
        if lower.hasSuffix(".vcf") || lower.hasSuffix(".vcard") { return .vcard }
        guard let handle = FileHandle(forReadingAtPath: path) else { return .csv }
        defer { try? handle.close() }
        let start = (try? handle.read(upToCount: 64)) ?? Data()
        let text = CSVParser.decode(Array(start)).trimmingCharacters(in: .whitespacesAndNewlines.union(["\u{FEFF}"]))
        return text.uppercased().hasPrefix("BEGIN:VCARD") ? .vcard : .csv
    }
}

/// One record of an imported file: field name → the cell's text, and where it is in the file.
struct ImportRow: Sendable {
    var line: Int
    var values: [String: String]
}

/// Reads an import file a chunk at a time and hands out its rows with their fields named, so a
/// file of any size costs the memory of one chunk.
struct ImportReader {
    private(set) var columns: ImportColumns
    private(set) var headers: [String]
    private let handle: FileHandle
    private let format: ImportFormat
    private let kind: ImportKind
    private var parser = CSVParser()
    private var ready: [CSVRecord] = []
    private var readyIndex = 0
    private var cards: [ImportRow] = []
    private var cardText: [UInt8] = []
    /// Where in `cardText` the search for the next END:VCARD goes on, and the end of the last
    /// complete card found so far.
    private var cardScan = 0
    /// Bytes looked at while searching for the ends of cards, each time one is.
    private(set) var cardBytesExamined = 0
    private var cardCut = 0
    private var cardLine = 1
    private var ended = false
    private(set) var bytesRead = 0
    let totalBytes: Int

    static let chunkSize = 1 << 16

    init(path: String, format: ImportFormat, kind: ImportKind, mapping: [String: String], custom: [CustomFieldDefinition] = []) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ServiceError.invalid("file", "unreadable", "cannot read \(path)")
        }
        self.handle = handle
        self.format = format
        self.kind = kind
        totalBytes = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
        switch format {
        case .csv:
            headers = []
            columns = ImportColumns(fields: [], ignored: [])
            guard let header = try nextRecord() else {
                try? handle.close()
                throw ServiceError.invalid("file", "empty", "the file has no header line")
            }
            let names = header.fields.map { $0.trimmingWhitespace() }
            headers = names
            do {
                columns = try kind.resolve(headers: names, mapping: mapping, custom: custom)
            } catch {
                try? handle.close()
                throw error
            }
        case .vcard:
            guard kind == .leads || kind == .contacts else {
                try? handle.close()
                throw ServiceError.invalid("format", "unsupported", "vCards import as leads or contacts, not \(kind.rawValue)")
            }
            headers = VCardFields.names
            columns = ImportColumns(fields: VCardFields.names.map { kind == .contacts && $0 == "companyName" ? "account" : $0 },
                                    ignored: [])
        }
    }

    func close() { try? handle.close() }

    /// Up to `count` rows; fewer only at the end of the file.
    mutating func next(_ count: Int) throws -> [ImportRow] {
        var rows: [ImportRow] = []
        while rows.count < count, let row = try next() { rows.append(row) }
        return rows
    }

    mutating func next() throws -> ImportRow? {
        switch format {
        case .csv:
            guard let record = try nextRecord() else { return nil }
            return ImportRow(line: record.line, values: columns.values(of: record.fields))
        case .vcard:
            while cards.isEmpty {
                guard try readCards() else { return nil }
            }
            return cards.removeFirst()
        }
    }

    private mutating func nextRecord() throws -> CSVRecord? {
        while readyIndex >= ready.count {
            ready = []
            readyIndex = 0
            if ended { return nil }
            let chunk = try handle.read(upToCount: Self.chunkSize) ?? Data()
            bytesRead += chunk.count
            do {
                if chunk.isEmpty {
                    ended = true
                    ready = try parser.finish()
                } else {
                    ready = try parser.feed(chunk)
                }
            } catch {
                throw ServiceError.invalid("file", "malformed_csv", error.description)
            }
        }
        defer { readyIndex += 1 }
        return ready[readyIndex]
    }

    /// Reads on to the end of the next card (or of the file); false once nothing is left. Only
    /// the bytes that arrived since the last call are searched for `END:VCARD`, so a file costs
    /// time in proportion to its size whatever its cards look like; a card may not grow past
    /// `maxCardBytes`.
    private mutating func readCards() throws -> Bool {
        if ended { return false }
        let chunk = try handle.read(upToCount: Self.chunkSize) ?? Data()
        bytesRead += chunk.count
        if chunk.isEmpty { ended = true }
        cardText.append(contentsOf: chunk)
        if let end = Self.cardEnd(in: cardText, from: &cardScan, examined: &cardBytesExamined) { cardCut = end }
        let cut = ended ? cardText.count : cardCut
        guard cut > 0 else {
            if cardText.count > Self.maxCardBytes {
                throw ServiceError.invalid("file", "card_too_long",
                                           "line \(cardLine): a vCard is longer than \(Self.maxCardBytes / 1024) KB or never ends (no END:VCARD)")
            }
            return !ended || !cards.isEmpty
        }
        let piece = CSVParser.decode(Array(cardText[..<cut]))
        for card in VCard.parse(piece) {
            var values = card.values
            if kind == .contacts, let company = values.removeValue(forKey: "companyName") { values["account"] = company }
            cards.append(ImportRow(line: cardLine + card.line - 1, values: values))
        }
        cardLine += cardText[..<cut].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        cardText.removeFirst(cut)
        cardScan = max(0, cardScan - cut)
        cardCut = 0
        return true
    }

    /// A card is at most this long: what an address book writes with a photo in it.
    static let maxCardBytes = 1 << 20

    /// The end of the line of the last `END:VCARD` in `bytes` after `scan`, which moves on to
    /// where the next search must start (a marker cut by the chunk's end is looked at again).
    private static func cardEnd(in bytes: [UInt8], from scan: inout Int, examined: inout Int) -> Int? {
        let marker = Array("END:VCARD".utf8)
        var found: Int?
        var index = scan
        while index + marker.count <= bytes.count {
            examined += 1
            if bytes[index] | 0x20 == marker[0] | 0x20,
               bytes[index..<(index + marker.count)].elementsEqual(marker, by: { $0 | 0x20 == $1 | 0x20 }) {
                let newline = bytes[(index + marker.count)...].firstIndex(of: 0x0A)
                examined += (newline ?? bytes.count) - index
                guard let newline else { break }
                found = newline + 1
                index = newline + 1
            } else {
                index += 1
            }
        }
        scan = index
        return found
    }
}

/// The lead fields a vCard fills (see `VCard`).
enum VCardFields {
    static let names = ["firstName", "lastName", "companyName", "jobTitle", "email", "phone", "mobilePhone", "website",
                        "description", "address.line1", "address.line2", "address.city", "address.region",
                        "address.postalCode", "address.country"]
}
