import CZlib
import Foundation

/// The organisation's logo as a PDF image: a JPEG as it is (DCTDecode), a PNG decoded to its
/// samples (8-bit grey, RGB, palette, with or without alpha; not interlaced) with its alpha as
/// a soft mask, which PDF/A-3 allows. Other images (GIF, WebP) are left out of documents.
struct PDFImage {
    let width: Int
    let height: Int
    /// DeviceGray or DeviceRGB samples, or the JPEG file.
    let data: [UInt8]
    let components: Int
    let isJPEG: Bool
    let alpha: [UInt8]?

    /// The image of a `data:image/…;base64,…` URL, or nil when it cannot be drawn.
    init?(dataURL: String) {
        guard let comma = dataURL.firstIndex(of: ","), dataURL.hasPrefix("data:image/"),
              let bytes = Data(base64Encoded: String(dataURL[dataURL.index(after: comma)...])).map([UInt8].init) else { return nil }
        if bytes.starts(with: [0xFF, 0xD8]) {
            guard let (width, height, components) = Self.jpegSize(bytes) else { return nil }
            (self.width, self.height, self.components, data, isJPEG, alpha) = (width, height, components, bytes, true, nil)
        } else if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) {
            guard let image = Self.png(bytes) else { return nil }
            (width, height, components, data, alpha) = image
            isJPEG = false
        } else {
            return nil
        }
    }

    /// Width, height and colour components from a JPEG's start-of-frame marker.
    private static func jpegSize(_ bytes: [UInt8]) -> (Int, Int, Int)? {
        var index = 2
        while index + 9 < bytes.count {
            guard bytes[index] == 0xFF else { return nil }
            let marker = bytes[index + 1]
            let length = Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                let height = Int(bytes[index + 5]) << 8 | Int(bytes[index + 6])
                let width = Int(bytes[index + 7]) << 8 | Int(bytes[index + 8])
                let components = Int(bytes[index + 9])
                return width > 0 && height > 0 && [1, 3].contains(components) ? (width, height, components) : nil
            }
            index += 2 + length
        }
        return nil
    }

    private static func png(_ bytes: [UInt8]) -> (Int, Int, Int, [UInt8], [UInt8]?)? {
        var index = 8
        var width = 0, height = 0, depth = 0, colour = 0, interlace = 0
        var compressed: [UInt8] = [], palette: [UInt8] = [], transparency: [UInt8] = []
        while index + 8 <= bytes.count {
            let length = Int(bytes[index]) << 24 | Int(bytes[index + 1]) << 16 | Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            let type = String(decoding: bytes[index + 4..<index + 8], as: UTF8.self)
            let start = index + 8, end = start + length
            guard length >= 0, end + 4 <= bytes.count else { return nil }
            let chunk = bytes[start..<end]
            switch type {
            case "IHDR":
                guard length >= 13 else { return nil }
                width = Int(chunk[start]) << 24 | Int(chunk[start + 1]) << 16 | Int(chunk[start + 2]) << 8 | Int(chunk[start + 3])
                height = Int(chunk[start + 4]) << 24 | Int(chunk[start + 5]) << 16 | Int(chunk[start + 6]) << 8 | Int(chunk[start + 7])
                depth = Int(chunk[start + 8])
                colour = Int(chunk[start + 9])
                interlace = Int(chunk[start + 12])
            case "PLTE": palette = Array(chunk)
            case "tRNS": transparency = Array(chunk)
            case "IDAT": compressed += chunk
            default: break
            }
            index = end + 4
        }
        let channels = [0: 1, 2: 3, 3: 1, 4: 2, 6: 4][colour] ?? 0
        guard depth == 8, interlace == 0, channels > 0, width > 0, height > 0, width * height <= 4_000_000 else { return nil }
        let stride = width * channels
        var size = uLong((stride + 1) * height)
        var raw = [UInt8](repeating: 0, count: Int(size))
        let status = raw.withUnsafeMutableBufferPointer { out in
            compressed.withUnsafeBufferPointer { input in uncompress(out.baseAddress, &size, input.baseAddress, uLong(compressed.count)) }
        }
        guard status == Z_OK, Int(size) == raw.count else { return nil }
        // Undo the scanline filters (PNG §9): None, Sub, Up, Average, Paeth.
        var samples = [UInt8](repeating: 0, count: stride * height)
        for row in 0..<height {
            let filter = raw[row * (stride + 1)]
            for column in 0..<stride {
                let value = raw[row * (stride + 1) + 1 + column]
                let left = column >= channels ? Int(samples[row * stride + column - channels]) : 0
                let up = row > 0 ? Int(samples[(row - 1) * stride + column]) : 0
                let corner = row > 0 && column >= channels ? Int(samples[(row - 1) * stride + column - channels]) : 0
                let predicted: Int
                switch filter {
                case 0: predicted = 0
                case 1: predicted = left
                case 2: predicted = up
                case 3: predicted = (left + up) / 2
                case 4:
                    let p = left + up - corner
                    let (pa, pb, pc) = (abs(p - left), abs(p - up), abs(p - corner))
                    predicted = pa <= pb && pa <= pc ? left : pb <= pc ? up : corner
                default: return nil
                }
                samples[row * stride + column] = UInt8(truncatingIfNeeded: Int(value) + predicted)
            }
        }
        var colourSamples: [UInt8] = [], alpha: [UInt8] = []
        let pixels = width * height
        switch colour {
        case 0, 2:
            colourSamples = samples
        case 3:
            colourSamples.reserveCapacity(pixels * 3)
            for entry in samples {
                let at = Int(entry) * 3
                guard at + 2 < palette.count else { return nil }
                colourSamples += palette[at...at + 2]
                alpha.append(Int(entry) < transparency.count ? transparency[Int(entry)] : 255)
            }
        default:
            let colours = channels - 1
            colourSamples.reserveCapacity(pixels * colours)
            alpha.reserveCapacity(pixels)
            for pixel in 0..<pixels {
                colourSamples += samples[pixel * channels..<pixel * channels + colours]
                alpha.append(samples[pixel * channels + colours])
            }
        }
        let components = colour == 0 || colour == 4 ? 1 : 3
        let opaque = alpha.allSatisfy { $0 == 255 }
        return (width, height, components, colourSamples, opaque ? nil : alpha)
    }
}
