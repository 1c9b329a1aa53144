import Foundation

/// `trimmingCharacters(in: .whitespaces)` without Foundation's detour on Linux, which copies
/// every string into an `NSString` and back: that cost 8.7 % of a lead import's samples, most of
/// it on text with nothing to trim. The same characters are trimmed: Unicode's space separators
/// (general category Zs), the tab, and the zero-width space, which Foundation's table still
/// counts from when Unicode did.
extension String {
    public func trimmingWhitespace() -> String {
        self[...].trimming(while: \.isHorizontalWhitespace)
    }
}

extension Substring {
    public func trimmingWhitespace() -> String {
        trimming(while: \.isHorizontalWhitespace)
    }

    /// The text without the scalars around it for which `trimmed` holds; the same string,
    /// uncopied, when there are none.
    public func trimming(while trimmed: (Unicode.Scalar) -> Bool) -> String {
        let scalars = unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, trimmed(scalars[start]) { start = scalars.index(after: start) }
        while start < end {
            let last = scalars.index(before: end)
            guard trimmed(scalars[last]) else { break }
            end = last
        }
        if start == scalars.startIndex && end == scalars.endIndex { return String(self) }
        return String(scalars[start..<end])
    }
}

extension Unicode.Scalar {
    /// What `CharacterSet.whitespaces` holds.
    var isHorizontalWhitespace: Bool {
        switch value {
        case 0x09, 0x20, 0x200B: true
        case 0..<0x80: false
        default: properties.generalCategory == .spaceSeparator
        }
    }
}
