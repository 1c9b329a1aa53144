import Foundation
import Hummingbird
import VendoCore
import VendoServices

/// Any list of the API as CSV (`?format=csv`): the same route, filters and access rules, page
/// after page (keyset), written to the client as each page is read, so that memory stays flat.
/// Columns come from the list's documented record schema: nested objects (addresses) become
/// `address.city`-style columns, arrays one cell of JSON.
enum CSVExport {
    static let pageSize = "200"

    /// `definitions`: the organisation's fields, each a column of its own (`customFields.region`).
    static func response(_ route: Route, _ request: APIRequest, definitions: [CustomFieldDefinition] = []) async throws -> APIResponse {
        guard request.method == .get, let columns = columns(of: route).map({ expanded($0, definitions: definitions) }) else {
            throw APIError.validation([FieldError("format", "unsupported", "only lists can be had as CSV")])
        }
        // An export has every page; a limit sent anyway must still be a valid one.
        if let limit = request.query["limit"], !(Int(limit).map { (1...200).contains($0) } ?? false) {
            throw APIError.validation([FieldError("limit", "out_of_range", "limit must be a whole number from 1 to 200")])
        }
        var first = request
        first.query["limit"] = pageSize
        first.query["cursor"] = request.query["cursor"]
        // The first page is read before answering, so that a bad filter is still a clean 4xx.
        let page = try await route.handler(first)
        let items = page.body?["items"]?.arrayValue ?? []
        let after = page.body?["nextCursor"]?.stringValue
        let template = first
        let body = ResponseBody { writer in
            var next = after
            var buffer = ByteBuffer()
            buffer.writeString(line(columns.map(\.name)))
            buffer.writeString(items.map { row($0, columns) }.joined())
            try await writer.write(buffer)
            while let cursor = next {
                var request = template
                request.query["cursor"] = cursor
                let page = try await route.handler(request)
                var chunk = ByteBuffer()
                chunk.writeString((page.body?["items"]?.arrayValue ?? []).map { row($0, columns) }.joined())
                try await writer.write(chunk)
                next = page.body?["nextCursor"]?.stringValue
            }
            try await writer.finish(nil)
        }
        let name = route.path.split(separator: "/").filter { !$0.hasPrefix("{") }.last.map(String.init) ?? "export"
        return APIResponse(.ok, nil, headers: [.contentType: "text/csv; charset=utf-8",
                                               .contentDisposition: "attachment; filename=\"\(name).csv\""], stream: body)
    }

    struct ColumnSpec {
        let name: String
        let path: [String]
        /// The `customFields` object of this record type, to be split into a column per field.
        var custom: CustomizedRecord?
    }

    /// `columns` with each record type's `customFields` as one column per field of that type
    /// (retired ones too: their values stay in the records).
    static func expanded(_ columns: [ColumnSpec], definitions: [CustomFieldDefinition]) -> [ColumnSpec] {
        columns.flatMap { column -> [ColumnSpec] in
            guard let type = column.custom else { return [column] }
            return definitions.filter { $0.recordType == type }.map { ColumnSpec(name: "customFields.\($0.key)", path: ["customFields", $0.key]) }
        }
    }

    /// The columns of a list route's records, from the OpenAPI schemas; nil for a route that is no list.
    static func columns(of route: Route) -> [ColumnSpec]? {
        guard let page = route.responses[200] ?? nil, let items = page.json["properties"]?["items"]?["items"],
              let record = resolve(items) else { return nil }
        return flatten(record, prefix: [])
    }

    private static let components: [String: JSON] = Dictionary(API.schemas.map { ($0.0, $0.1.json) }, uniquingKeysWith: { first, _ in first })

    private static func resolve(_ schema: JSON) -> JSON? {
        if let reference = schema["$ref"]?.stringValue {
            return components[String(reference.split(separator: "/").last ?? "")].flatMap(resolve)
        }
        if let options = schema["anyOf"]?.arrayValue {
            return options.lazy.compactMap(resolve).first { $0["type"]?.stringValue != "null" }
        }
        return schema
    }

    private static func flatten(_ schema: JSON, prefix: [String]) -> [ColumnSpec] {
        guard case .object(let properties)? = schema["properties"] else { return [] }
        var columns: [ColumnSpec] = []
        for (name, property) in properties {
            let path = prefix + [name]
            if let reference = property["$ref"]?.stringValue,
               let type = CustomizedRecord.allCases.first(where: { reference.hasSuffix("/" + CustomFieldsResource.componentName($0)) }) {
                columns.append(ColumnSpec(name: path.joined(separator: "."), path: path, custom: type))
            } else if let resolved = resolve(property), resolved["properties"] != nil, prefix.count < 2 {
                columns += flatten(resolved, prefix: path)
            } else {
                columns.append(ColumnSpec(name: path.joined(separator: "."), path: path))
            }
        }
        return columns
    }

    static func row(_ item: JSON, _ columns: [ColumnSpec]) -> String {
        line(columns.map { column in
            var value: JSON? = item
            for key in column.path { value = value?[key] }
            return text(value)
        })
    }

    private static func text(_ value: JSON?) -> String {
        switch value {
        case .none, .null?: return ""
        case .string(let text)?: return text
        case .bool(let flag)?: return flag ? "true" : "false"
        case .number(let number)?: return number.description
        case .array(let items)? where items.allSatisfy({ $0.stringValue != nil }): return items.compactMap(\.stringValue).joined(separator: "; ")
        case let other?: return other.text
        }
    }

    /// One CSV line (`CSVText`, shared with the accountant's journal).
    static func line(_ cells: [String]) -> String { CSVText.line(cells) }
}

/// The CSV export for the command line: the API's list route for `path`, run in process as
/// `caller`, its lines handed to `write` page by page.
public enum CSVExporter {
    public static func export(path: String, query: [String: String], services: Services, caller: Caller,
                              write: (String) throws -> Void) async throws {
        let routes = API.routes(services, metrics: Metrics())
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        let definitions = try await services.customFields(by: caller)
        guard let (route, parameters) = routes.lazy.compactMap({ route in route.match(parts).map { (route, $0) } })
            .first(where: { $0.0.method == .get }),
              let columns = CSVExport.columns(of: route).map({ CSVExport.expanded($0, definitions: definitions) }) else {
            throw ServiceError.validation([FieldError("list", "unknown_list", "\(path) is not a list of the API")])
        }
        var request = APIRequest(method: .get, parameters: parameters, query: query, headers: [:], body: Data(), caller: caller)
        request.query["limit"] = CSVExport.pageSize
        var wroteHeader = false
        while true {
            let page: APIResponse
            do {
                page = try await route.handler(request)
            } catch APIError.validation(let errors) {
                throw ServiceError.validation(errors)
            } catch let error as APIError {
                // The command line speaks of the problem as the API would.
                let problem = Problem.from(error)
                throw ServiceError.validation([FieldError("list", problem.code, problem.detail)])
            }
            // The header goes out once the first page is read, so that a refused export writes nothing.
            if !wroteHeader {
                try write(CSVExport.line(columns.map(\.name)))
                wroteHeader = true
            }
            for item in page.body?["items"]?.arrayValue ?? [] { try write(CSVExport.row(item, columns)) }
            guard let next = page.body?["nextCursor"]?.stringValue else { return }
            request.query["cursor"] = next
        }
    }
}
