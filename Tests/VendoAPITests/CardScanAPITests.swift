import Foundation
import Testing
@testable import VendoAPI
import VendoCore
import VendoServices
import VendoTestSupport

/// `POST /card-scans` with real photos (scripts/card-samples), read by the real Tesseract and
/// zbar, and the lead made of a scan keeping its photo.
@Suite("API: business card scans", .serialized)
struct CardScanAPITests {
    static let v1 = "/api/v1"

    @Test("a photo becomes proposed fields, then a lead that keeps the photo")
    func scanToLead() async throws {
        let samples = try CardSamples.make(count: 2, seed: 7)
        defer { samples.remove() }
        try await withAPI { api, _ in
            let card = samples.cards[1]
            let bytes = try samples.image(card)
            // The type is told by the bytes: a JPEG sent as application/octet-stream is read.
            let scan = try await api.upload("\(Self.v1)/card-scans?event=Salon%20Batimat", bytes, type: "application/octet-stream")
            #expect(scan.status == .created, "\(scan.text)")
            #expect(scan.headers[.location] == "\(Self.v1)/card-scans/\(scan.string("id") ?? "")")
            #expect(scan["fields"]?["email"]?.stringValue == card.fields.email)
            #expect(scan["fields"]?["address"]?["postalCode"]?.stringValue == card.fields.address.postalCode)
            #expect(scan["confidence"]?["email"] != nil)
            #expect(scan["fromQrCode"]?.boolValue == card.qr)
            #expect(scan.string("event") == "Salon Batimat")
            #expect((scan.string("text") ?? "").isEmpty == false)
            let id = scan.string("id") ?? ""
            let image = try await api.get("\(Self.v1)/card-scans/\(id)/image")
            #expect(image.status == .ok && image.headers[.contentType] == "image/jpeg")

            let body = #"{"topic":"Batimat","lastName":"Card","email":"\#(card.fields.email)","source":"tradeShow","event":"Salon Batimat","cardScanId":"\#(id)"}"#
            let lead = try await api.post("\(Self.v1)/leads", body)
            #expect(lead.status == .created, "\(lead.text)")
            let leadId = lead.string("id") ?? ""
            #expect(lead.string("cardImage") == "\(Self.v1)/leads/\(leadId)/card-image")
            #expect(lead.string("event") == "Salon Batimat")
            let kept = try await api.send(.get, "\(Self.v1)/leads/\(leadId)/card-image")
            #expect(kept.status == .ok && kept.headers[.contentLength].flatMap(Int.init) == bytes.count)
            #expect(try await api.get("\(Self.v1)/card-scans/\(id)")["leadId"]?.stringValue == leadId)

            // One scan makes one lead; it cannot be thrown away once it is one.
            let again = try await api.post("\(Self.v1)/leads", #"{"topic":"Twice","lastName":"Card","cardScanId":"\#(id)"}"#)
            #expect(again.status == .conflict && again.code == "card_scan_used")
            #expect(try await api.delete("\(Self.v1)/card-scans/\(id)").code == "card_scan_used")

            // The event is a list filter.
            let listed = try await api.get("\(Self.v1)/leads?event=Salon%20Batimat")
            #expect(listed["items"]?.arrayValue?.map { $0["id"]?.stringValue } == [leadId])
            #expect(try await api.get("\(Self.v1)/leads?event=Other")["items"]?.arrayValue?.isEmpty == true)

            // Deleting the lead deletes its photo.
            #expect(try await api.delete("\(Self.v1)/leads/\(leadId)").status == .noContent)
            #expect(try await api.get("\(Self.v1)/card-scans/\(id)").status == .notFound)
        }
    }

    @Test("what is not a JPEG, PNG or WebP photo is refused (422 by its bytes, 415 by its type), and so is a photo over 10 MB")
    func badPhotos() async throws {
        try await withAPI { api, _ in
            let gif = Array("GIF89a".utf8) + [UInt8](repeating: 0, count: 64)
            // Sent as a JPEG, but its bytes say GIF: the bytes decide.
            let refused = try await api.upload("\(Self.v1)/card-scans", gif, type: "image/jpeg")
            #expect(refused.status == .unprocessableContent && refused.text.contains("unsupported_image"), "\(refused.text)")
            let text = try await api.upload("\(Self.v1)/card-scans", Array("hello".utf8), type: "text/plain")
            #expect(text.status == .unsupportedMediaType)
            let big = [0xFF, 0xD8, 0xFF] + [UInt8](repeating: 0, count: CardImageType.maxBytes)
            #expect(try await api.upload("\(Self.v1)/card-scans", big, type: "image/jpeg").status == .contentTooLarge)
            // A file with a JPEG's first bytes that is not an image is a 422, not a crash.
            let fake = [0xFF, 0xD8, 0xFF] + [UInt8](repeating: 7, count: 500)
            let unreadable = try await api.upload("\(Self.v1)/card-scans", fake, type: "image/jpeg")
            #expect(unreadable.status == .unprocessableContent, "\(unreadable.text)")
            // A small PNG that claims 60 000 × 60 000 pixels is refused before Tesseract opens it.
            let bomb: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
                + [0, 0, 0xEA, 0x60, 0, 0, 0xEA, 0x60, 8, 2, 0, 0, 0] + [UInt8](repeating: 0, count: 100)
            let refusedBomb = try await api.upload("\(Self.v1)/card-scans", bomb, type: "image/png")
            #expect(refusedBomb.status == .unprocessableContent && refusedBomb.text.contains("too_many_pixels"), "\(refusedBomb.text)")
            // Sides of 2^32 - 1 pixels: their product does not fit in 64 bits.
            let huge: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
                + [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 8, 2, 0, 0, 0]
            #expect(try await api.upload("\(Self.v1)/card-scans", huge, type: "image/png").status == .unprocessableContent)
            let unknown = try await api.upload("\(Self.v1)/card-scans?colour=red", gif, type: "image/jpeg")
            #expect(unknown.status == .unprocessableContent)
            #expect(try await api.get("\(Self.v1)/card-scans/\(UUID().uuidString)").status == .notFound)
        }
    }

    @Test("without Tesseract the answer is a 503 that says what to install; leads still work")
    func withoutTools() async throws {
        var server = ServerSettings()
        server.cardTools = .none
        let samples = try CardSamples.make(count: 1)
        defer { samples.remove() }
        try await withAPI(server: server) { api, _ in
            let reply = try await api.upload("\(Self.v1)/card-scans", try samples.image(samples.cards[0]), type: "image/jpeg")
            #expect(reply.status == .serviceUnavailable && reply.code == "ocr_unavailable")
            #expect(reply.string("install") == CardTools.installCommand)
            #expect(try await api.post("\(Self.v1)/leads", #"{"topic":"By hand","lastName":"Typed"}"#).status == .created)
        }
    }
}
