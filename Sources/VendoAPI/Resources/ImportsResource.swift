import Foundation
import Hummingbird
import VendoCore
import VendoServices

/// `/imports/{kind}`: a CSV or vCard file as the request body, checked and imported by the
/// same service as `vendo import`. The upload goes to disk as it arrives.
enum ImportsResource {
    static let uploadLimit = 2 << 30
    static let types = ["text/csv", "text/vcard", "text/x-vcard", "text/directory", "text/plain", "application/octet-stream"]

    static func routes(_ s: Services) -> [Route] {
        let flags = ["dryRun", "skipBadRows", "allowDuplicates"]
        return [
            Route(.get, "/api/v1/imports", id: "listImportKinds", "What can be imported, and the field names columns map to",
                  responses: responses([200: .ref("ImportKinds")])) { request in
                let caller = try request.user()
                // The organisation's own fields too, as `cf.<key>`.
                let custom = try await s.customFields(by: caller).filter { !$0.retired }
                return APIResponse(.ok, .object([("items", .array(ImportKind.allCases.map { kind in
                    let own = custom.filter { $0.recordType == kind.customizedAs }.map { "cf.\($0.key)" }
                    return .object([("kind", .string(kind.rawValue)), ("fields", .array((kind.fieldNames + own).map(JSON.string)))])
                }))]))
            },
            Route(.post, "/api/v1/imports/{kind}", id: "importFile",
                  "Import a CSV or vCard file as leads, accounts, contacts, products or price-list-items; a dry run changes nothing",
                  body: .string, bodyKind: .file(types: types, limit: uploadLimit),
                  responses: responses([200: .ref("ImportReport"), 422: .ref("Problem")]),
                  query: [
                      QueryParameter(name: "dryRun", schema: .boolean, description: "check every row and report; change nothing"),
                      QueryParameter(name: "skipBadRows", schema: .boolean,
                                     description: "import the good rows and report the bad ones (default: one bad row imports nothing)"),
                      QueryParameter(name: "allowDuplicates", schema: .boolean, description: "create rows that look like existing records"),
                      QueryParameter(name: "format", schema: .choice(ImportFormat.allCases.map(\.rawValue)),
                                     description: "csv or vcard (default: from the content type and the content)"),
                      QueryParameter(name: "mapping", schema: .string,
                                     description: "a JSON object: column header → field name (\"\" leaves the column out)"),
                      QueryParameter(name: "defaults", schema: .string,
                                     description: "a JSON object: field name → value for rows that leave it empty"),
                  ]) { request in
                let caller = try request.user()
                guard let kind = ImportKind(rawValue: request.parameters["kind"] ?? "") else { throw APIError.notFound }
                var options = ImportOptions()
                var errors: [FieldError] = []
                for (key, value) in request.query.sorted(by: { $0.key < $1.key }) {
                    switch key {
                    case _ where flags.contains(key):
                        guard let flag = ["true": true, "false": false][value] else {
                            errors.append(FieldError(key, "invalid_type", "must be true or false"))
                            continue
                        }
                        if key == "dryRun" { options.dryRun = flag } else if key == "skipBadRows" { options.skipBadRows = flag } else {
                            options.allowDuplicates = flag
                        }
                    case "mapping", "defaults":
                        guard let pairs = stringMap(value) else {
                            errors.append(FieldError(key, "invalid_type", "must be a JSON object of strings"))
                            continue
                        }
                        if key == "mapping" { options.mapping = pairs } else { options.defaults = pairs }
                    case "format":
                        if ImportFormat(rawValue: value) == nil { errors.append(FieldError(key, "invalid_choice", "must be csv or vcard")) }
                    default:
                        errors.append(FieldError(key, "unknown_parameter", "\(key) is not a parameter of imports"))
                    }
                }
                if !errors.isEmpty { throw APIError.validation(errors) }
                guard let path = request.bodyFile else {
                    throw APIError.validation([FieldError("file", "required", "send the file as the request body")])
                }
                let contentType = request.headers[.contentType]?.lowercased() ?? ""
                let format = request.query["format"].flatMap(ImportFormat.init(rawValue:))
                    ?? (contentType.contains("vcard") || contentType.contains("directory") ? .vcard : ImportFormat.guess(path: path))
                let report = try await s.importFile(kind, path: path, format: format, options: options, by: caller)
                if !report.committed && !report.dryRun {
                    let problem = Problem(status: .unprocessableContent, code: "import_rejected", title: "Bad rows",
                                          detail: report.interrupted
                                              ? "a row turned bad after the file was checked (the database changed meanwhile): "
                                                + "\(report.created) rows were imported before it, none after"
                                              : "\(report.badRows) rows are bad, so nothing was imported; fix them or send skipBadRows=true",
                                          extra: fields(report) + [("errors", .array(report.problems.map { problem in
                                              .object([("field", .string("line \(problem.line)" + (problem.field.map { ": \($0)" } ?? ""))),
                                                       ("code", .string(problem.code)), ("message", .string(problem.message))])
                                          }))])
                    return APIResponse(.unprocessableContent, problem.json, headers: [.contentType: "application/problem+json"])
                }
                return APIResponse(.ok, .object(fields(report)))
            },
        ]
    }

    static func stringMap(_ text: String) -> [String: String]? {
        guard case .object(let pairs)? = try? JSON.parse(Data(text.utf8)) else { return nil }
        var map: [String: String] = [:]
        for (key, value) in pairs {
            guard case .string(let string) = value else { return nil }
            map[key] = string
        }
        return map
    }

    static func fields(_ report: ImportReport) -> [(String, JSON)] {
        [
            ("kind", .string(report.kind.rawValue)), ("format", .string(report.format.rawValue)),
            ("dryRun", .bool(report.dryRun)), ("committed", .bool(report.committed)),
            ("interrupted", .bool(report.interrupted)), ("rows", .int(report.rows)), ("created", .int(report.created)), ("skipped", .int(report.skipped)),
            ("badRows", .int(report.badRows)), ("problemCount", .int(report.problemCount)), ("duplicateCount", .int(report.duplicateCount)),
            ("mapping", .object(report.mapping.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("ignoredColumns", .array(report.ignoredColumns.map(JSON.string))), ("topicsMade", .int(report.topicsMade)),
            ("problems", .array(report.problems.map { problem in
                .object([("line", .int(problem.line)), ("field", problem.field.map(JSON.string) ?? .null),
                         ("code", .string(problem.code)), ("message", .string(problem.message))])
            })),
            ("duplicates", .array(report.duplicates.map { duplicate in
                .object([("line", .int(duplicate.line)), ("created", .bool(duplicate.created)),
                         ("matches", .array(duplicate.matches.map(LeadsResource.duplicate)))])
            })),
        ]
    }

    static let schemas: [(String, Schema)] = [
        ("ImportKinds", .object([("items", .array(.object([("kind", .string), ("fields", .array(.string))])))], required: ["items"])),
        ("ImportReport", .object([
            ("kind", .string), ("format", .string), ("dryRun", .boolean), ("committed", .boolean), ("interrupted", .boolean), ("rows", .integer),
            ("created", .integer), ("skipped", .integer), ("badRows", .integer), ("problemCount", .integer),
            ("duplicateCount", .integer), ("mapping", .map(.string)), ("ignoredColumns", .array(.string)), ("topicsMade", .integer),
            ("problems", .array(.object([("line", .integer), ("field", Schema.string.nullable), ("code", .string), ("message", .string)]))),
            ("duplicates", .array(.object([("line", .integer), ("created", .boolean), ("matches", .array(.ref("Duplicate")))]))),
        ], required: ["kind", "committed", "rows", "created"])),
    ]
}
