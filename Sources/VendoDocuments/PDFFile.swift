import CZlib
import Foundation
import VendoCore

/// The objects of one PDF file and their cross-reference table. Objects are numbered when
/// reserved and written in any order; `finish` adds the table and trailer.
struct PDFFile {
    private(set) var bytes: [UInt8] = []
    private var offsets: [Int?] = []

    init() {
        // A binary comment after the header, as PDF/A asks, so that transfers keep it binary.
        append("%PDF-1.7\n%\u{E2}\u{E3}\u{CF}\u{D3}\n")
    }

    mutating func reserve() -> Int {
        offsets.append(nil)
        return offsets.count
    }

    mutating func object(_ number: Int, _ body: String) {
        offsets[number - 1] = bytes.count
        append("\(number) 0 obj\n\(body)\nendobj\n")
    }

    /// A stream object; `compressed` deflates it (PDF/A keeps metadata streams plain).
    mutating func stream(_ number: Int, dictionary: String = "", data: [UInt8], compressed: Bool = true) {
        stream(number, dictionary: dictionary, payload: compressed ? Self.deflate(data) : data, deflated: compressed)
    }

    /// A stream object whose data is already deflated (the fonts and the colour profile, the
    /// same in every document and deflated once).
    mutating func stream(_ number: Int, dictionary: String = "", deflated payload: [UInt8]) {
        stream(number, dictionary: dictionary, payload: payload, deflated: true)
    }

    private mutating func stream(_ number: Int, dictionary: String, payload: [UInt8], deflated: Bool) {
        offsets[number - 1] = bytes.count
        let filter = deflated ? " /Filter /FlateDecode" : ""
        append("\(number) 0 obj\n<<\(dictionary)\(filter) /Length \(payload.count)>>\nstream\n")
        bytes += payload
        append("\nendstream\nendobj\n")
    }

    /// Closes the file: the cross-reference table and a trailer naming `root`, with an ID
    /// derived from the content so that the same document always makes the same bytes.
    mutating func finish(root: Int, metadataID: [UInt8]) -> [UInt8] {
        let table = bytes.count
        append("xref\n0 \(offsets.count + 1)\n0000000000 65535 f \n")
        for offset in offsets {
            append(String(format: "%010d 00000 n \n", offset ?? 0))
        }
        let id = metadataID.map { String(format: "%02X", $0) }.joined()
        append("trailer\n<</Size \(offsets.count + 1) /Root \(root) 0 R /ID [<\(id)> <\(id)>]>>\nstartxref\n\(table)\n%%EOF\n")
        return bytes
    }

    private mutating func append(_ text: String) {
        // Headers and dictionaries are ASCII but for the header's binary comment, written as Latin-1 bytes.
        bytes += text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
    }

    /// zlib's deflate at its best compression; the input on failure, which cannot happen with
    /// a buffer of compressBound's size.
    static func deflate(_ data: [UInt8]) -> [UInt8] {
        var size = compressBound(uLong(data.count))
        var output = [UInt8](repeating: 0, count: Int(size))
        let status = output.withUnsafeMutableBufferPointer { out in
            data.withUnsafeBufferPointer { input in
                compress2(out.baseAddress, &size, input.baseAddress, uLong(data.count), Z_BEST_COMPRESSION)
            }
        }
        guard status == Z_OK else { return data }
        return Array(output.prefix(Int(size)))
    }

    /// A text string for a dictionary: UTF-16BE with its byte order mark, in hex.
    static func textString(_ text: String) -> String {
        "<FEFF" + text.utf16.map { String(format: "%04X", $0) }.joined() + ">"
    }

    /// A day as PDF writes a date: `D:20261206000000Z`.
    static func date(_ day: Day) -> String {
        String(format: "D:%04d%02d%02d000000Z", day.year, day.month, day.day)
    }
}
