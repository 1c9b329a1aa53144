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
    /// `words`: head the columns in the organisation's words (`headers=labels`) rather than the API's names.
    static func response(_ route: Route, _ request: APIRequest, definitions: [CustomFieldDefinition] = [],
                         words: HeaderWords? = nil) async throws -> APIResponse {
        guard request.method == .get, let listed = columns(of: route).map({ expanded($0, definitions: definitions) }) else {
            throw APIError.validation([FieldError("format", "unsupported", "only lists can be had as CSV")])
        }
        let columns = words.map { $0.labelled(listed, route: route) } ?? listed
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
        var name: String
        let path: [String]
        /// The `customFields` object of this record type, to be split into a column per field.
        var custom: CustomizedRecord?
        /// The organisation's field a column of `customFields` holds.
        var field: CustomFieldDefinition?
    }

    /// `columns` with each record type's `customFields` as one column per field of that type
    /// (retired ones too: their values stay in the records).
    static func expanded(_ columns: [ColumnSpec], definitions: [CustomFieldDefinition]) -> [ColumnSpec] {
        columns.flatMap { column -> [ColumnSpec] in
            guard let type = column.custom else { return [column] }
            return definitions.filter { $0.recordType == type }.map { ColumnSpec(name: "customFields.\($0.key)", path: ["customFields", $0.key], field: $0) }
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
    /// `labels`: head the columns in the organisation's words in that language, not the API's names.
    public static func export(path: String, query: [String: String], labels: Language? = nil, services: Services, caller: Caller,
                              write: (String) throws -> Void) async throws {
        let routes = API.routes(services, metrics: Metrics())
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        let definitions = try await services.customFields(by: caller)
        guard let (route, parameters) = routes.lazy.compactMap({ route in route.match(parts).map { (route, $0) } })
            .first(where: { $0.0.method == .get }),
              var columns = CSVExport.columns(of: route).map({ CSVExport.expanded($0, definitions: definitions) }) else {
            throw ServiceError.validation([FieldError("list", "unknown_list", "\(path) is not a list of the API")])
        }
        if let labels { columns = try await HeaderWords(services: services, language: labels).labelled(columns, route: route) }
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

/// Column headers in the organisation's words: a custom field's label, and a built-in field's
/// label where the organisation gave one (`fieldLabels`); the API's name for the rest, for a
/// column whose label another one already took, and, in a list that files also fill, for one an
/// import would read into another field (a "Region" field beside the address's region): every
/// header still tells one field, and the file imports back.
struct HeaderWords: Sendable {
    let settings: OrganisationSettings
    let language: Language

    /// The organisation's words as they are; none before it is set up.
    init(services: Services, language: Language) async throws {
        do {
            settings = try await services.settings()
        } catch ServiceError.conflict(let code, _, _) where code == "not_set_up" {
            settings = OrganisationSettings()
        }
        self.language = language
    }

    func labelled(_ columns: [CSVExport.ColumnSpec], route: Route) -> [CSVExport.ColumnSpec] {
        let type = CustomizedRecord.allCases.first { route.path.hasSuffix("/" + Self.plural($0)) }
        var used = Set(columns.map { $0.name.lowercased() })
        return columns.map { column in
            var labelled = column
            let label: String? = if let field = column.field {
                field.labels[language.rawValue] ?? field.labels["en"]
            } else if let type, column.path.count == 1 {
                settings.label(of: column.path[0], type, language)
            } else {
                nil
            }
            // A list that files also fill keeps a label only where an import reads it back into the same field.
            let field = column.field.map { "cf." + $0.key } ?? column.path.joined(separator: ".")
            let readsBack = type.flatMap(ImportKind.init(importing:)).map { kind in label.map { kind.reads($0, as: field, settings: settings) } ?? false } ?? true
            if let label, readsBack, used.insert(label.lowercased()).inserted { labelled.name = label }
            return labelled
        }
    }

    /// The last part of a record type's list path (`/api/v1/opportunities`).
    static func plural(_ type: CustomizedRecord) -> String {
        switch type {
        case .opportunity: "opportunities"
        case .activity: "activities"
        default: type.rawValue + "s"
        }
    }
}
