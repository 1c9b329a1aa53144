import Foundation
import Testing
import VendoCore
import VendoServices
import VendoTestSupport

/// Photos of generated business cards (scripts/card-samples: 48 cards over four layouts, English
/// and French, rotated, blurred, JPEG 60–90, a third with a QR code) read by the real Tesseract
/// and zbar; each field's share read right must reach the thresholds. The line the
/// suite prints is what scripts/test shows.
@Suite("Business cards: accuracy on generated photos", .serialized)
struct CardScanAccuracyTests {
    static let thresholds: [(field: String, share: Double)] = [
        ("email", 0.95), ("phone", 0.95), ("name", 0.85), ("company", 0.85), ("title", 0.75), ("address", 0.75),
        ("website", 0.85),
    ]

    static func same(_ read: String?, _ expected: String?) -> Bool {
        func key(_ text: String?) -> String {
            (text ?? "").lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        return key(read) == key(expected)
    }

    /// Which fields of `card` were read right (the person's name is right when both parts are;
    /// the address when its line, postcode, city and country are; phones when both are).
    static func marks(_ reading: CardReading, _ card: CardSamples.Card) -> [String: Bool] {
        let fields = reading.fields
        let expected = card.fields
        let address = fields.address ?? Address()
        return [
            "email": same(fields.email, expected.email),
            "phone": fields.phone == expected.phone && fields.mobilePhone == expected.mobilePhone,
            "name": same(fields.firstName, expected.firstName) && same(fields.lastName, expected.lastName),
            "company": same(fields.companyName, expected.companyName),
            "title": same(fields.jobTitle, expected.jobTitle),
            "address": same(address.line1, expected.address.line1) && same(address.postalCode, expected.address.postalCode)
                && same(address.city, expected.address.city) && address.country == expected.address.country,
            "website": same(fields.website, expected.website),
        ]
    }

    @Test("each field's share read right reaches its threshold")
    func accuracy() async throws {
        let samples = try CardSamples.make(count: 48)
        defer { samples.remove() }
        #expect(samples.cards.count == 48)
        #expect(samples.cards.filter(\.qr).count >= 10)
        #expect(Set(samples.cards.map(\.language)) == ["en", "fr"])
        let world = try await TestWorld.make()
        var right: [String: Int] = [:]
        var misses: [String] = []
        for card in samples.cards {
            let scan = try await world.services.scanCard(try samples.image(card), event: nil, by: world.admin)
            for (field, ok) in Self.marks(scan.reading, card) {
                if ok { right[field, default: 0] += 1 } else { misses.append("\(card.file) \(field)") }
                if !ok, ProcessInfo.processInfo.environment["VENDO_CARD_DEBUG"] != nil {
                    print("MISS \(card.file) \(field): read \(scan.reading.fields) expected \(card.fields)\n---\n\(scan.reading.text)\n---")
                }
            }
        }
        let total = Double(samples.cards.count)
        let summary = Self.thresholds.map { "\($0.field) \(Int((Double(right[$0.field] ?? 0) / total * 100).rounded()))%" }
        print("card accuracy (\(samples.cards.count) cards): " + summary.joined(separator: ", "))
        if !misses.isEmpty { print("card misses: " + misses.sorted().joined(separator: "; ")) }
        for (field, share) in Self.thresholds {
            #expect(Double(right[field] ?? 0) / total >= share, "\(field): \(right[field] ?? 0) of \(samples.cards.count) right")
        }
    }
}
