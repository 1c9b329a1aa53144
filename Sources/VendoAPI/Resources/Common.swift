import Foundation
import Hummingbird
import VendoCore
import VendoServices

/// The fields every record has.
func meta<R: Record>(_ record: R) -> [(String, JSON)] {
    [("id", .string(record.id.description)), ("createdAt", .date(record.info.createdAt)),
     ("modifiedAt", .date(record.info.modifiedAt)), ("createdBy", .id(record.info.createdBy)),
     ("ownerId", .id(record.info.ownerId)), ("version", .int(record.info.version))]
}

let metaSchema: [(String, Schema)] = [
    ("id", .uuid), ("createdAt", .dateTime), ("modifiedAt", .dateTime), ("createdBy", .uuid), ("ownerId", .uuid), ("version", .integer),
]

let readOnlyMetaKeys = ["id", "createdAt", "modifiedAt", "createdBy", "ownerId", "version"]

func lifecycle<R: LifecycleRecord>(_ record: R) -> [(String, JSON)] {
    [("state", .string(record.state.rawValue)), ("status", .string(record.status.rawValue))]
}

/// Reads the list parameters of API.md: limit 1–200, cursor, sort, q, createdAfter, filters.
func listQuery(_ request: APIRequest, filters allowed: [String]) throws -> ListQuery {
    var query = ListQuery()
    var errors: [FieldError] = []
    for (key, value) in request.query {
        switch key {
        case "limit":
            if let limit = Int(value), (1...200).contains(limit) { query.limit = limit } else {
                errors.append(FieldError("limit", "out_of_range", "limit must be a whole number from 1 to 200"))
            }
        case "cursor": query.cursor = value
        case "q": query.search = value
        case "sort":
            let descending = value.hasPrefix("-")
            let name = descending ? String(value.dropFirst()) : value
            if let field = SortField(rawValue: name) {
                query.sort = field
                query.descending = descending
            } else if name.hasPrefix("cf."), name.count > 3 {
                // A custom field's value; the services check the key against the list's fields.
                query.customSortKey = String(name.dropFirst(3))
                query.descending = descending
            } else {
                errors.append(FieldError("sort", "invalid_choice", "sort is createdAt, modifiedAt or cf.<key>, with - before for descending"))
            }
        case "createdAfter":
            if let date = RFC3339.parse(value) { query.createdAfter = date } else {
                errors.append(FieldError("createdAfter", "invalid_date", "createdAfter must be an RFC 3339 date-time"))
            }
        case let key where key.hasPrefix("cf."):
            // A custom field's value; the services check the key against the list's fields.
            query.custom[String(key.dropFirst(3))] = value
        default:
            if allowed.contains(key) || ["state", "status", "ownerId"].contains(key) {
                query.filters[key] = value
            } else {
                errors.append(FieldError(key, "unknown_parameter", "\(key) is not a parameter of this list"))
            }
        }
    }
    if !errors.isEmpty { throw APIError.validation(errors) }
    return query
}

func listParameters(_ filters: [String]) -> [QueryParameter] {
    [QueryParameter(name: "limit", schema: Schema(json: .object([("type", .string("integer")), ("minimum", .int(1)), ("maximum", .int(200))])),
                    description: "page size, 1 to 200 (default 50)"),
     QueryParameter(name: "cursor", schema: .string, description: "the nextCursor of the previous page"),
     QueryParameter(name: "sort", schema: Schema(json: .object([("type", .string("string")),
                                                                 ("pattern", .string("^-?(createdAt|modifiedAt|cf\\.[a-z][A-Za-z0-9]{0,39})$"))])),
                    description: "order: createdAt, modifiedAt or cf.<key>; - before for descending"),
     QueryParameter(name: "q", schema: .string, description: "search in the main text fields"),
     QueryParameter(name: "createdAfter", schema: .dateTime, description: "only records created after this instant")]
        + (["state", "status", "ownerId"] + filters).map { QueryParameter(name: $0, schema: .string, description: "filter") }
}

func page<R>(_ page: Page<R>, _ render: (R) -> JSON) -> APIResponse {
    APIResponse(.ok, .object([("items", .array(page.items.map(render))), ("nextCursor", .string(page.nextCursor))]))
}

func pageSchema(_ name: String) -> Schema {
    .object([("items", .array(.ref(name))), ("nextCursor", Schema.string.nullable)], required: ["items", "nextCursor"])
}

/// The responses every authenticated operation may give besides its own.
let problemResponses: [Int: Schema?] = [400: .ref("Problem"), 401: .ref("Problem"), 403: .ref("Problem"), 404: .ref("Problem"),
                                        422: .ref("Problem")]

func responses(_ own: [Int: Schema?], conflict: Bool = false, precondition: Bool = false) -> [Int: Schema?] {
    var all = problemResponses.merging(own) { $1 }
    if conflict { all[409] = .ref("Problem") }
    if precondition { all[412] = .ref("Problem") }
    return all
}

/// An array of `{<idKey>: uuid, <amountKey>: decimal}` objects (order lines to invoice, invoice
/// lines to credit, invoices a payment settles), each made into a `T`.
func readIdAmounts<R, T>(_ json: JSON, id idKey: String, amount amountKey: String,
                         _ make: (ID<R>, Decimal) -> T) -> Result<[T], FieldProblem> {
    guard case .array(let items) = json else {
        return .failure(FieldProblem(code: "invalid_type", message: "must be an array of {\(idKey), \(amountKey)}"))
    }
    var out: [T] = []
    for item in items {
        var id = ID<R>(UUID())
        var amount: Decimal = 0
        var nested = FieldReader(item)
        nested.read(idKey, into: &id, required: true, Convert.id)
        nested.read(amountKey, into: &amount, required: true, Convert.decimal)
        nested.finish()
        if let first = nested.errors.first {
            return .failure(FieldProblem(code: first.code, message: "\(first.field): \(first.message)"))
        }
        out.append(make(id, amount))
    }
    return .success(out)
}
