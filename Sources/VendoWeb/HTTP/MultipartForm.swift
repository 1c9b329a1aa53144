import Foundation

/// A file posted with a form.
public struct UploadedFile: Sendable, Equatable {
    public var filename: String
    public var contentType: String
    public var data: Data
}

/// `multipart/form-data` bodies (RFC 7578), for the forms that send files (the logo, card
/// photos): the text fields and the files, by name, in the order they came.
enum MultipartForm {
    struct Malformed: Error {}

    /// The boundary of a `multipart/form-data` content type, or nil.
    static func boundary(of contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingWhitespace() }
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                let value = pair[1].hasPrefix("\"") && pair[1].hasSuffix("\"") && pair[1].count >= 2 ? String(pair[1].dropFirst().dropLast()) : pair[1]
                return value.isEmpty || value.count > 70 ? nil : value
            }
        }
        return nil
    }

    static func parse(_ body: Data, boundary: String) throws -> (fields: [String: [String]], files: [String: [UploadedFile]]) {
        let delimiter = Data("--\(boundary)".utf8)
        let separator = Data("\r\n\r\n".utf8)
        var fields: [String: [String]] = [:]
        var files: [String: [UploadedFile]] = [:]
        guard var cursor = body.range(of: delimiter)?.upperBound else { throw Malformed() }
        while true {
            // After a delimiter: "--" ends the body, else CRLF and a part.
            if body[cursor...].starts(with: Data("--".utf8)) { break }
            guard body[cursor...].starts(with: Data("\r\n".utf8)) else { throw Malformed() }
            let partStart = cursor + 2
            guard let next = body.range(of: Data("\r\n".utf8) + delimiter, in: partStart..<body.endIndex) else { throw Malformed() }
            let part = body[partStart..<next.lowerBound]
            guard let split = part.range(of: separator) else { throw Malformed() }
            let headers = String(decoding: part[part.startIndex..<split.lowerBound], as: UTF8.self)
            let content = Data(part[split.upperBound...])
            var name: String?, filename: String?, type = "application/octet-stream"
            for line in headers.components(separatedBy: "\r\n") {
                let lower = line.lowercased()
                if lower.hasPrefix("content-disposition:") {
                    name = parameter("name", in: line)
                    filename = parameter("filename", in: line)
                } else if lower.hasPrefix("content-type:") {
                    type = line.dropFirst("content-type:".count).trimmingWhitespace().lowercased()
                }
            }
            if let name {
                if let filename {
                    if !filename.isEmpty || !content.isEmpty { files[name, default: []].append(UploadedFile(filename: filename, contentType: type, data: content)) }
                } else {
                    fields[name, default: []].append(String(decoding: content, as: UTF8.self))
                }
            }
            cursor = next.upperBound
        }
        return (fields, files)
    }

    /// `name="value"` in a Content-Disposition line.
    static func parameter(_ key: String, in line: String) -> String? {
        guard let range = line.range(of: "; \(key)=\"") ?? line.range(of: ";\(key)=\"") else { return nil }
        let rest = line[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }
}
