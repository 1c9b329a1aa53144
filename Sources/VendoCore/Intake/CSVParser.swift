import Foundation

/// One record of a CSV file: its fields and the line it starts on (1-based, as an editor shows
/// it), so that a bad row can be named.
public struct CSVRecord: Sendable, Equatable {
    public var line: Int
    public var fields: [String]

    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}

public enum CSVError: Error, Equatable, CustomStringConvertible {
    /// A quoted field still open at the end of the file.
    case unterminatedQuote(line: Int)
    case fieldTooLong(line: Int, limit: Int)
    /// A record (with its quoted line breaks) longer than the limit: a line that never ends.
    case recordTooLong(line: Int, limit: Int)
    case tooManyFields(line: Int, limit: Int)

    public var description: String {
        switch self {
        case .unterminatedQuote(let line): return "line \(line): a quoted field is never closed"
        case .fieldTooLong(let line, let limit): return "line \(line): a field is longer than \(limit) bytes"
        case .recordTooLong(let line, let limit): return "line \(line): a row is longer than \(limit) bytes or never ends"
        case .tooManyFields(let line, let limit): return "line \(line): a row has more than \(limit) fields"
        }
    }
}

/// A CSV reader fed in chunks, so that a file of any size is read with the memory of one record.
/// It follows RFC 4180 (quoted fields with commas, doubled quotes and line breaks; CRLF or LF),
/// skips a UTF-8 byte-order mark, and takes the separator from the header line: a semicolon
/// when the first line has more semicolons than commas outside quotes (Excel in most of Europe).
/// Text that is not valid UTF-8 is read as Windows-1252, what such spreadsheets save.
public struct CSVParser: Sendable {
    private var separator: UInt8?
    private var guess = SeparatorGuess()
    private var pending: [UInt8] = []
    private var field: [UInt8] = []
    private var fields: [String] = []
    private var inQuotes = false
    /// The quote just seen inside a quoted field: either its end or the first of a doubled pair.
    private var quoteSeen = false
    private var atStart = true
    private var line = 1
    private var recordLine = 1
    private var recordBytes = 0
    /// Every byte looked at, counted each time it is: what makes the parser linear shows here.
    public private(set) var bytesExamined = 0
    private let maxFieldBytes: Int
    private let maxRecordBytes: Int
    private let maxFields: Int

    /// Every limit bounds the memory a hostile file can take: a field, a row (the first line too,
    /// while the separator is not known) and the number of fields in a row.
    public init(separator: Character? = nil, maxFieldBytes: Int = 1 << 20, maxRecordBytes: Int = 4 << 20, maxFields: Int = 2000) {
        self.separator = separator?.asciiValue
        self.maxFieldBytes = maxFieldBytes
        self.maxRecordBytes = maxRecordBytes
        self.maxFields = maxFields
    }

    /// The separator in use, once the first line has been seen.
    public var separatorInUse: Character? { separator.map { Character(UnicodeScalar($0)) } }

    /// Reads more bytes and returns the records they complete.
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws(CSVError) -> [CSVRecord] {
        if separator == nil {
            pending.append(contentsOf: bytes)
            let scannedBefore = guess.scanned
            defer { bytesExamined += guess.scanned - scannedBefore }
            guard let guessed = guess.read(pending, final: false) else {
                if pending.count > maxRecordBytes { throw .recordTooLong(line: 1, limit: maxRecordBytes) }
                return []
            }
            separator = guessed
            let buffered = pending
            pending = []
            return try consume(buffered)
        }
        return try consume(bytes)
    }

    /// Ends the input and returns the last record, if the file does not end with a line break.
    public mutating func finish() throws(CSVError) -> [CSVRecord] {
        var records: [CSVRecord] = []
        if separator == nil {
            separator = guess.read(pending, final: true) ?? UInt8(ascii: ",")
            let buffered = pending
            pending = []
            records = try consume(buffered)
        }
        if inQuotes && !quoteSeen { throw .unterminatedQuote(line: recordLine) }
        if !field.isEmpty || !fields.isEmpty || quoteSeen {
            try endField()
            records.append(endRecord())
        }
        return records.filter { !Self.isBlank($0) }
    }

    private mutating func consume(_ bytes: some Sequence<UInt8>) throws(CSVError) -> [CSVRecord] {
        guard let separator else { return [] }
        var records: [CSVRecord] = []
        for byte in bytes {
            if atStart {
                // The byte-order mark is three bytes; hold them until it is clear they are one.
                pending.append(byte)
                let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
                if pending.count <= 3 && Array(bom.prefix(pending.count)) == pending {
                    if pending.count == 3 { pending = []; atStart = false }
                    continue
                }
                atStart = false
                let held = pending
                pending = []
                for held in held { try step(held, separator, &records) }
                continue
            }
            try step(byte, separator, &records)
        }
        return records.filter { !Self.isBlank($0) }
    }

    private mutating func step(_ byte: UInt8, _ separator: UInt8, _ records: inout [CSVRecord]) throws(CSVError) {
        let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        if byte == newline { line += 1 }
        bytesExamined += 1
        recordBytes += 1
        if recordBytes > maxRecordBytes { throw .recordTooLong(line: recordLine, limit: maxRecordBytes) }
        if inQuotes {
            if quoteSeen {
                quoteSeen = false
                if byte == quote {
                    try append(quote)
                    return
                }
                inQuotes = false
                // The quoted part is over; what follows is handled as outside quotes.
            } else if byte == quote {
                quoteSeen = true
                return
            } else {
                try append(byte)
                return
            }
        }
        switch byte {
        case quote where field.isEmpty:
            inQuotes = true
        case separator:
            try endField()
        case newline:
            try endField()
            records.append(endRecord())
        case carriageReturn:
            break
        default:
            try append(byte)
        }
    }

    private mutating func append(_ byte: UInt8) throws(CSVError) {
        guard field.count < maxFieldBytes else { throw .fieldTooLong(line: recordLine, limit: maxFieldBytes) }
        field.append(byte)
    }

    private mutating func endField() throws(CSVError) {
        guard fields.count < maxFields else { throw .tooManyFields(line: recordLine, limit: maxFields) }
        fields.append(Self.decode(field))
        field.removeAll(keepingCapacity: true)
    }

    private mutating func endRecord() -> CSVRecord {
        let record = CSVRecord(line: recordLine, fields: fields)
        fields = []
        recordLine = line
        recordBytes = 0
        return record
    }

    private static func isBlank(_ record: CSVRecord) -> Bool {
        record.fields.allSatisfy { $0.trimmingWhitespace().isEmpty }
    }

    /// UTF-8, or Windows-1252 for bytes that are not.
    public static func decode(_ bytes: [UInt8]) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return String(bytes.map { Windows1252.character($0) })
    }

    /// Counts the separators of the first line as its bytes arrive; each byte is looked at once.
    private struct SeparatorGuess: Sendable {
        var commas = 0, semicolons = 0, tabs = 0, quoted = false
        var scanned = 0

        /// The separator of the first line of `bytes` (the bytes held so far, of which the first
        /// `scanned` were counted before), once the line is complete or the input has ended.
        mutating func read(_ bytes: [UInt8], final: Bool) -> UInt8? {
            while scanned < bytes.count {
                let byte = bytes[scanned]
                scanned += 1
                switch byte {
                case UInt8(ascii: "\""): quoted.toggle()
                case UInt8(ascii: ","): if !quoted { commas += 1 }
                case UInt8(ascii: ";"): if !quoted { semicolons += 1 }
                case UInt8(ascii: "\t"): if !quoted { tabs += 1 }
                case UInt8(ascii: "\n"): if !quoted { return pick() }
                default: break
                }
            }
            return final ? pick() : nil
        }

        private func pick() -> UInt8 {
            if tabs > commas && tabs > semicolons { return UInt8(ascii: "\t") }
            return semicolons > commas ? UInt8(ascii: ";") : UInt8(ascii: ",")
        }
    }
}

/// The Windows-1252 code page: Latin-1 plus typographic characters in 0x80–0x9F.
public enum Windows1252 {
    private static let high: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    public static func character(_ byte: UInt8) -> Character {
        let code = (0x80...0x9F).contains(byte) ? UInt32(high[Int(byte) - 0x80]) : UInt32(byte)
        return Character(UnicodeScalar(code) ?? "\u{FFFD}")
    }

    public static func decode(_ bytes: some Sequence<UInt8>) -> String { String(bytes.map(character)) }
}
