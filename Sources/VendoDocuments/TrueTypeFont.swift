import Foundation

/// What a PDF needs from a TrueType font: its glyph for each character, the glyphs' advance
/// widths and the metrics of its font descriptor. Reads the `head`, `hhea`, `hmtx`, `maxp`,
/// `cmap` (formats 4 and 12), `OS/2` and `post` tables; the file itself is embedded whole.
struct TrueTypeFont: Sendable {
    let data: [UInt8]
    let postScriptName: String
    let unitsPerEm: Int
    let ascent: Int
    let descent: Int
    let capHeight: Int
    let boundingBox: (Int, Int, Int, Int)
    let italicAngle: Double
    let isBold: Bool
    private let advances: [UInt16]
    private let glyphs: [UInt32: UInt16]

    enum Failure: Error { case malformed(String) }

    init(data: [UInt8], postScriptName: String) throws {
        self.data = data
        self.postScriptName = postScriptName
        var tables: [String: Int] = [:]
        let count = Int(try Self.u16(data, 4))
        for index in 0..<count {
            let record = 12 + index * 16
            guard record + 16 <= data.count else { throw Failure.malformed("table directory") }
            let tag = String(decoding: data[record..<record + 4], as: UTF8.self)
            tables[tag] = Int(try Self.u32(data, record + 8))
        }
        func table(_ tag: String) throws -> Int {
            guard let offset = tables[tag] else { throw Failure.malformed("no \(tag) table") }
            return offset
        }
        let head = try table("head")
        unitsPerEm = Int(try Self.u16(data, head + 18))
        boundingBox = (Int(try Self.i16(data, head + 36)), Int(try Self.i16(data, head + 38)),
                       Int(try Self.i16(data, head + 40)), Int(try Self.i16(data, head + 42)))
        isBold = try Self.u16(data, head + 44) & 1 != 0
        let hhea = try table("hhea")
        ascent = Int(try Self.i16(data, hhea + 4))
        descent = Int(try Self.i16(data, hhea + 6))
        let metricsCount = Int(try Self.u16(data, hhea + 34))
        let glyphCount = Int(try Self.u16(data, try table("maxp") + 4))
        let hmtx = try table("hmtx")
        var advances: [UInt16] = []
        advances.reserveCapacity(glyphCount)
        for glyph in 0..<glyphCount {
            advances.append(try Self.u16(data, hmtx + 4 * min(glyph, metricsCount - 1)))
        }
        self.advances = advances
        if let os2 = tables["OS/2"], try Self.u16(data, os2) >= 2 {
            capHeight = Int(try Self.i16(data, os2 + 88))
        } else {
            capHeight = ascent
        }
        if let post = tables["post"] {
            italicAngle = Double(try Self.i16(data, post + 4)) + Double(try Self.u16(data, post + 6)) / 65536
        } else {
            italicAngle = 0
        }
        glyphs = try Self.characterMap(data, at: try table("cmap"))
    }

    /// The glyph of `scalar`, or 0 (.notdef) when the font has none.
    func glyph(_ scalar: Unicode.Scalar) -> UInt16 { glyphs[scalar.value] ?? 0 }

    /// The advance of `glyph` in thousandths of the font size, as PDF widths are given.
    func width(of glyph: UInt16) -> Int {
        let advance = Int(advances[Int(glyph) < advances.count ? Int(glyph) : 0])
        return (advance * 1000 + unitsPerEm / 2) / unitsPerEm
    }

    /// The width of `text` at `size` points.
    func width(of text: String, size: Double) -> Double {
        let thousandths = text.unicodeScalars.reduce(0) { $0 + width(of: glyph($1)) }
        return Double(thousandths) * size / 1000
    }

    func scaled(_ value: Int) -> Int { (value * 1000) / unitsPerEm }

    private static func characterMap(_ data: [UInt8], at cmap: Int) throws -> [UInt32: UInt16] {
        let count = Int(try u16(data, cmap + 2))
        var best: (format: Int, offset: Int)?
        for index in 0..<count {
            let record = cmap + 4 + index * 8
            let platform = try u16(data, record), encoding = try u16(data, record + 2)
            let offset = cmap + Int(try u32(data, record + 4))
            let format = Int(try u16(data, offset))
            let unicode = platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10))
            if unicode, format == 12 || (format == 4 && best == nil) { best = (format, offset) }
        }
        guard let best else { throw Failure.malformed("no Unicode cmap") }
        var map: [UInt32: UInt16] = [:]
        if best.format == 12 {
            let groups = Int(try u32(data, best.offset + 12))
            for index in 0..<groups {
                let group = best.offset + 16 + index * 12
                let start = try u32(data, group), end = try u32(data, group + 4), first = try u32(data, group + 8)
                guard end >= start, end - start < 0x11_0000 else { continue }
                for code in start...end { map[code] = UInt16(truncatingIfNeeded: first + code - start) }
            }
            return map
        }
        let segments = Int(try u16(data, best.offset + 6)) / 2
        let ends = best.offset + 14, starts = ends + segments * 2 + 2
        let deltas = starts + segments * 2, rangeOffsets = deltas + segments * 2
        for segment in 0..<segments {
            let end = try u16(data, ends + segment * 2), start = try u16(data, starts + segment * 2)
            let delta = try u16(data, deltas + segment * 2)
            let rangeOffset = Int(try u16(data, rangeOffsets + segment * 2))
            guard start <= end, start != 0xFFFF else { continue }
            for code in start...end {
                var glyph: UInt16
                if rangeOffset == 0 {
                    glyph = code &+ delta
                } else {
                    let at = rangeOffsets + segment * 2 + rangeOffset + Int(code - start) * 2
                    glyph = try u16(data, at)
                    if glyph != 0 { glyph = glyph &+ delta }
                }
                if glyph != 0 { map[UInt32(code)] = glyph }
            }
        }
        return map
    }

    private static func u16(_ data: [UInt8], _ at: Int) throws -> UInt16 {
        guard at >= 0, at + 2 <= data.count else { throw Failure.malformed("read past the end") }
        return UInt16(data[at]) << 8 | UInt16(data[at + 1])
    }

    private static func i16(_ data: [UInt8], _ at: Int) throws -> Int16 { Int16(bitPattern: try u16(data, at)) }

    private static func u32(_ data: [UInt8], _ at: Int) throws -> UInt32 {
        UInt32(try u16(data, at)) << 16 | UInt32(try u16(data, at + 2))
    }
}

extension TrueTypeFont {
    /// The two faces every document uses, read once.
    static let regular: TrueTypeFont = embedded(EmbeddedData.regularFont, name: "DejaVuSans")
    static let bold: TrueTypeFont = embedded(EmbeddedData.boldFont, name: "DejaVuSans-Bold")

    private static func embedded(_ base64: String, name: String) -> TrueTypeFont {
        // The data is part of the binary and checked by the tests: failing here is a build defect.
        guard let bytes = Data(base64Encoded: base64), let font = try? TrueTypeFont(data: [UInt8](bytes), postScriptName: name) else {
            fatalError("the embedded font \(name) cannot be read")
        }
        return font
    }
}
