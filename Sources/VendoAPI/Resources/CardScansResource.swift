import Foundation
import Hummingbird
import VendoCore
import VendoServices

/// `/card-scans`: the photo of a business card as the request body, read into proposed lead
/// fields; `POST /leads` with `cardScanId` makes the lead and keeps the photo with it.
enum CardScansResource {
    static let types = ["image/jpeg", "image/png", "image/webp", "application/octet-stream"]

    static func routes(_ s: Services) -> [Route] {
        [
            Route(.post, "/api/v1/card-scans", id: "scanCard",
                  "Read a photo of a business card (JPEG, PNG or WebP, at most 10 MB, told by its bytes: 422 unsupported_image "
                      + "otherwise) into proposed lead fields; a vCard or MeCard QR code wins over the text. "
                      + "503 ocr_unavailable when Tesseract is not installed",
                  body: .string, bodyKind: .file(types: types, limit: CardImageType.maxBytes),
                  responses: responses([201: .ref("CardScan"), 413: .ref("Problem"), 415: .ref("Problem"), 503: .ref("Problem")]),
                  query: [QueryParameter(name: "event", schema: .text(maxLength: 200),
                                         description: "the trade show the card comes from, proposed as the lead's event")]) { request in
                let caller = try request.user()
                for key in request.query.keys where key != "event" {
                    throw APIError.validation([FieldError(key, "unknown_parameter", "\(key) is not a parameter of card scans")])
                }
                guard let path = request.bodyFile else {
                    throw APIError.validation([FieldError("image", "required", "send the photo as the request body")])
                }
                // A body sent as an image that is not one is a 422 `unsupported_image` (the bytes
                // decide); a Content-Type the route does not take is the 415.
                let image = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
                let event = request.query["event"].flatMap { $0.isEmpty ? nil : $0 }
                let scan = try await s.scanCard(image, event: event, by: caller)
                return APIResponse(.created, render(scan), headers: [.location: "/api/v1/card-scans/\(scan.id.uuidString.lowercased())"])
            },
            Route(.get, "/api/v1/card-scans/{id}", id: "getCardScan", "A card scan: what was read, and the lead made of it",
                  responses: responses([200: .ref("CardScan")])) { request in
                let scan = try await s.cardScan(try uuid(request), by: try request.user())
                return APIResponse(.ok, render(scan))
            },
            Route(.delete, "/api/v1/card-scans/{id}", id: "discardCardScan", "Throw away a scan no lead was made of",
                  responses: responses([204: nil], conflict: true)) { request in
                try await s.discardCardScan(try uuid(request), by: try request.user())
                return APIResponse(.noContent, nil)
            },
            imageRoute("/api/v1/card-scans/{id}/image", id: "cardScanImage", "The photo of a scanned card") { request in
                try await s.cardScanImage(try uuid(request), by: try request.user())
            },
            imageRoute("/api/v1/leads/{id}/card-image", id: "leadCardImage", "The photo of the business card a lead was made from") { request in
                try await s.leadCardImage(try request.id(), by: try request.user())
            },
        ]
    }

    private static func imageRoute(_ path: String, id: String, _ summary: String,
                                   _ load: @escaping @Sendable (APIRequest) async throws -> (contentType: String, bytes: [UInt8])) -> Route {
        var route = Route(.get, path, id: id, summary, responses: responses([200: .string])) { request in
            let image = try await load(request)
            var response = APIResponse.file(image.bytes, type: image.contentType,
                                            fileName: "card.\(CardImageType(rawValue: image.contentType)?.fileExtension ?? "jpg")")
            response.headers[.contentDisposition] = "inline"
            return response
        }
        route.produces = "image/jpeg"
        return route
    }

    private static func uuid(_ request: APIRequest) throws -> UUID {
        guard let id = request.parameters["id"].flatMap(UUID.init(uuidString:)) else { throw APIError.notFound }
        return id
    }

    static func render(_ scan: CardScan) -> JSON {
        let fields = scan.reading.fields
        var pairs: [(String, JSON)] = CardFields.names.map { ($0, JSON.string(fields[$0])) }
        pairs.append(("address", fields.address.map(AddressJSON.render) ?? .null))
        return .object([
            ("id", .string(scan.id.uuidString.lowercased())),
            ("fields", .object(pairs)),
            ("confidence", .object(scan.reading.confidence.sorted { $0.key < $1.key }.map { ($0.key, JSON.number(Decimal(string: String(format: "%.2f", $0.value)) ?? 0)) })),
            ("text", .string(scan.reading.text)),
            ("fromQrCode", .bool(scan.reading.fromQrCode)),
            ("event", .string(scan.event)),
            ("leadId", .id(scan.leadId)),
            ("createdAt", .date(scan.createdAt)),
            ("imageUrl", .string("/api/v1/card-scans/\(scan.id.uuidString.lowercased())/image")),
            ("possibleDuplicates", .array(scan.possibleDuplicates.map(LeadsResource.duplicate))),
        ])
    }

    static let schemas: [(String, Schema)] = [
        ("CardScan", .object([
            ("id", .uuid),
            ("fields", .object(CardFields.names.map { ($0, Schema.string.nullable) } + [("address", Schema.ref("Address").nullable)])),
            ("confidence", .map(Schema(json: .object([("type", .string("number")), ("minimum", .number(0)), ("maximum", .number(1))])))),
            ("text", .string), ("fromQrCode", .boolean), ("event", Schema.string.nullable), ("leadId", Schema.uuid.nullable),
            ("createdAt", .dateTime), ("imageUrl", .string), ("possibleDuplicates", .array(.ref("Duplicate"))),
        ], required: ["id", "fields", "confidence", "text", "fromQrCode"])),
    ]
}
