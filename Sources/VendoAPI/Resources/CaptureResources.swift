import Foundation
import Hummingbird
import VendoCore
import VendoServices

/// `/capture-forms` (admins) and the public `POST /capture/{formKey}` web-to-lead endpoint.
enum CaptureFormsResource {
    static let fieldSchema = Schema.object([("name", .text(maxLength: 100)), ("target", .string), ("required", .boolean)],
                                           required: ["name", "target"])

    static let fields: [FieldSpec<CaptureFormFields>] = [
        .text("key", \.key, max: 64), .text("name", \.name),
        FieldSpec(name: "fields", schema: .array(.ref("CaptureField")), required: true,
                  render: { .array($0.fields.map { .object([("name", .string($0.name)), ("target", .string($0.target)),
                                                             ("required", .bool($0.required))]) }) },
                  apply: { reader, root, creating in reader.read("fields", into: &root.fields, required: creating, captureFields) }),
        .choice("source", \.source), .text("topic", \.topic, required: false), .id("ownerId", \.ownerId), .id("teamId", \.teamId),
        .text("thankYouURL", \.thankYouURL, max: 2000),
        FieldSpec(name: "allowedOrigins", schema: .array(.string), required: false,
                  render: { .array($0.allowedOrigins.map(JSON.string)) },
                  apply: { reader, root, _ in reader.read("allowedOrigins", into: &root.allowedOrigins, strings) }),
        .text("honeypot", \.honeypot, max: 100, required: false), .bool("active", \.active),
    ]

    static func captureFields(_ json: JSON) -> Result<[CaptureField], FieldProblem> {
        guard let items = json.arrayValue else { return .failure(FieldProblem(code: "invalid_type", message: "must be an array of fields")) }
        var out: [CaptureField] = []
        for item in items {
            var field = CaptureField(name: "", target: "")
            var reader = FieldReader(item)
            reader.read("name", into: &field.name, required: true, Convert.string)
            reader.read("target", into: &field.target, required: true, Convert.string)
            reader.read("required", into: &field.required, Convert.bool)
            reader.finish()
            if let error = reader.errors.first {
                return .failure(FieldProblem(code: error.code, message: "each field is {name, target, required}: \(error.field): \(error.message)"))
            }
            out.append(field)
        }
        return .success(out)
    }

    static func strings(_ json: JSON) -> Result<[String], FieldProblem> {
        guard let items = json.arrayValue else { return .failure(FieldProblem(code: "invalid_type", message: "must be an array of strings")) }
        let strings = items.compactMap(\.stringValue)
        guard strings.count == items.count else { return .failure(FieldProblem(code: "invalid_type", message: "must be an array of strings")) }
        return .success(strings)
    }

    /// The form's absolute endpoint on the server's public address: a snippet pasted on the
    /// company's own site posts to another origin, where a relative path would not reach Vendo.
    static func endpoint(_ form: CaptureForm, publicURL: String) -> String {
        "\(publicURL)/capture/\(form.fields.key.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? form.fields.key)"
    }

    static let noPublicURL = "the server's public address is not set (settings publicUrl, or vendo serve --public-url): "
        + "a snippet on another site needs it to reach Vendo"

    static func extra(_ form: CaptureForm, publicURL: String?) -> [(String, JSON)] {
        guard let publicURL else { return [("endpoint", .null), ("snippet", .null), ("snippetUnavailable", .string(noPublicURL))] }
        let url = endpoint(form, publicURL: publicURL)
        return [("endpoint", .string(url)), ("snippet", .string(form.snippet(endpoint: url))), ("snippetUnavailable", .null)]
    }

    static let extraSchema: [(String, Schema)] = [("endpoint", Schema.string.nullable), ("snippet", Schema.string.nullable),
                                                  ("snippetUnavailable", Schema.string.nullable)]

    static let schemas = [("CaptureField", fieldSchema)]
        + crudSchemas("CaptureForm", fields, extra: extraSchema, required: ["key", "name", "fields"])

    static func resource(_ s: Services) -> CrudResource<CaptureForm, CaptureFormFields> {
        CrudResource(path: "capture-forms", name: "CaptureForm", fields: fields,
                     blank: CaptureFormFields(key: "", name: "", fields: []), filters: [], fieldsOf: { $0.fields },
                     extra: { form, url in extra(form, publicURL: url) }, needsPublicURL: true,
                     extraSchema: extraSchema, required: ["key", "name", "fields"],
                     create: { try await s.createCaptureForm($0, by: $1) },
                     update: { id, version, caller, fields in try await s.updateCaptureForm(id, ifVersion: version, by: caller) { $0 = fields } },
                     delete: { try await s.deleteCaptureForm($0, ifVersion: $1, by: $2) })
    }
}

enum CaptureResource {
    static let bodyLimit = 16 << 10

    static func routes(_ s: Services) -> [Route] {
        [
            Route(.post, "/capture/{formKey}", id: "captureLead",
                  "Web-to-lead: a plain HTML form or JSON creates a lead; 303 to the form's thank-you page, or 201",
                  isPublic: true, body: .map(.text(maxLength: 4000)), bodyKind: .form(limit: bodyLimit),
                  responses: [201: .ref("CaptureReceipt"), 303: nil, 400: .ref("Problem"), 403: .ref("Problem"), 404: .ref("Problem"),
                              413: .ref("Problem"), 415: .ref("Problem"), 422: .ref("Problem"), 429: .ref("Problem")]) { request in
                let values = try formValues(request)
                let origin = request.headers[.origin]
                let result = try await s.capture(formKey: request.parameters["formKey"] ?? "", values: values,
                                                 address: request.clientAddress, origin: origin)
                var headers = corsHeaders(result.form, origin: origin)
                let isForm = request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true
                if isForm, let thanks = result.form.fields.thankYouURL {
                    headers[.location] = thanks
                    return APIResponse(.seeOther, nil, headers: headers)
                }
                return APIResponse(.created, .object([("status", .string("received"))]), headers: headers)
            },
            Route(.options, "/capture/{formKey}", id: "capturePreflight", "CORS preflight for the form's allowed origins",
                  isPublic: true, responses: [204: nil, 404: .ref("Problem")]) { request in
                let form = try await s.captureFormForPreflight(key: request.parameters["formKey"] ?? "")
                var headers = corsHeaders(form, origin: request.headers[.origin])
                if headers[.accessControlAllowOrigin] != nil {
                    headers[.accessControlAllowMethods] = "POST"
                    headers[.accessControlAllowHeaders] = "Content-Type"
                    headers[.accessControlMaxAge] = "3600"
                }
                return APIResponse(.noContent, nil, headers: headers)
            },
        ]
    }

    /// CORS headers for an allowed origin only; other origins get none and their browser blocks the page.
    static func corsHeaders(_ form: CaptureForm, origin: String?) -> HTTPFields {
        guard let origin, form.lists(origin: origin) else { return [:] }
        return [.accessControlAllowOrigin: origin, .vary: "Origin"]
    }

    /// The posted inputs: a URL-encoded form or a JSON object of strings (numbers and booleans
    /// are taken as their text).
    static func formValues(_ request: APIRequest) throws -> [String: String] {
        let type = request.headers[.contentType]?.split(separator: ";").first?.trimmingWhitespace().lowercased()
        if type == "application/x-www-form-urlencoded" {
            guard let form = URLEncodedForm.decode(request.body) else {
                throw APIError.malformed("the form is not UTF-8 text, or its encoding is broken")
            }
            // A repeated input (checkboxes) keeps every value.
            return form.mapValues { $0.joined(separator: ", ") }
        }
        guard case .object(let pairs) = try request.json() else { throw APIError.malformed("the body must be a JSON object") }
        var values: [String: String] = [:]
        for (key, value) in pairs {
            switch value {
            case .string(let text): values[key] = text
            case .number(let number): values[key] = number.description
            case .bool(let flag): values[key] = flag ? "true" : "false"
            case .null: continue
            default: throw APIError.validation([FieldError(key, "invalid_type", "must be a string")])
            }
        }
        return values
    }

    static let schemas: [(String, Schema)] = [("CaptureReceipt", .object([("status", .string)], required: ["status"]))]
}
