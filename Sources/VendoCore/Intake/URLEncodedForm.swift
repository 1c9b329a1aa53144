import Foundation

/// `application/x-www-form-urlencoded` text (HTML forms, query strings): `a=1&b=x+y`.
public enum URLEncodedForm {
    /// Name → every value posted under it, in order; nil when an escape is broken or the text is not UTF-8.
    public static func decode(_ data: Data) -> [String: [String]]? {
        guard let text = String(data: data, encoding: .utf8) else { return nil }
        var values: [String: [String]] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            }
            guard let name = parts[0], let value = parts.count > 1 ? parts[1] : "" else { return nil }
            if name.isEmpty { continue }
            values[name, default: []].append(value)
        }
        return values
    }

    /// `value` escaped for a query string, a form or a cookie.
    public static func escape(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
