import Foundation

/// The image formats a card photo may come in, told by their first bytes, not by what the
/// sender says they are.
public enum CardImageType: String, Sendable, CaseIterable {
    case jpeg = "image/jpeg", png = "image/png", webp = "image/webp"

    public static let maxBytes = 10 << 20

    public init?(sniffing bytes: some Collection<UInt8>) {
        let head = Array(bytes.prefix(12))
        if head.starts(with: [0xFF, 0xD8, 0xFF]) {
            self = .jpeg
        } else if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            self = .png
        } else if head.count == 12, head[0..<4] == [0x52, 0x49, 0x46, 0x46], head[8..<12] == [0x57, 0x45, 0x42, 0x50] {
            self = .webp
        } else {
            return nil
        }
    }

    /// The most pixels a photo may have: a 48-megapixel phone camera's full size. A small file
    /// that claims more (a decompression bomb) is refused before any tool opens it.
    public static let maxPixels = 50_000_000

    /// The width and height the image's header declares, or nil when the header cannot be read.
    public static func dimensions(of bytes: [UInt8]) -> (width: Int, height: Int)? {
        func big(_ at: Int, _ count: Int) -> Int? {
            guard at >= 0, at + count <= bytes.count else { return nil }
            return bytes[at..<(at + count)].reduce(0) { $0 << 8 | Int($1) }
        }
        func little(_ at: Int, _ count: Int) -> Int? {
            guard at >= 0, at + count <= bytes.count else { return nil }
            return bytes[at..<(at + count)].reversed().reduce(0) { $0 << 8 | Int($1) }
        }
        switch CardImageType(sniffing: bytes) {
        case .png?:
            guard let width = big(16, 4), let height = big(20, 4) else { return nil }
            return (width, height)
        case .jpeg?:
            // The first start-of-frame marker (SOF0…SOF15 but DHT, JPG and DAC) holds the size.
            var index = 2
            while index + 9 < bytes.count {
                guard bytes[index] == 0xFF else { return nil }
                let marker = bytes[index + 1]
                if marker == 0xFF { index += 1; continue }
                if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                    guard let height = big(index + 5, 2), let width = big(index + 7, 2) else { return nil }
                    return (width, height)
                }
                guard let length = big(index + 2, 2), length >= 2 else { return nil }
                index += 2 + length
            }
            return nil
        case .webp?:
            switch String(decoding: bytes[12..<min(16, bytes.count)], as: UTF8.self) {
            case "VP8 ":
                guard let width = little(26, 2), let height = little(28, 2) else { return nil }
                return (width & 0x3FFF, height & 0x3FFF)
            case "VP8L":
                guard let bits = little(21, 4) else { return nil }
                return ((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
            case "VP8X":
                guard let width = little(24, 3), let height = little(27, 3) else { return nil }
                return (width + 1, height + 1)
            default:
                return nil
            }
        case nil:
            return nil
        }
    }

    public var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .png: "png"
        case .webp: "webp"
        }
    }
}
