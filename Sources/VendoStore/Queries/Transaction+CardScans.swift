import Foundation
import SQLKit
import VendoCore

/// A photo of a business card and what was read from it, waiting to become a lead (`leadId`
/// nil) or kept with the lead it became.
public struct StoredCardScan: Sendable, Equatable {
    public var id: UUID
    public var userId: ID<User>
    public var createdAt: Date
    public var contentType: String
    public var sha256: String
    public var reading: CardReading
    public var event: String?
    public var leadId: ID<Lead>?

    public init(id: UUID, userId: ID<User>, createdAt: Date, contentType: String, sha256: String, reading: CardReading,
                event: String?, leadId: ID<Lead>?) {
        self.id = id
        self.userId = userId
        self.createdAt = createdAt
        self.contentType = contentType
        self.sha256 = sha256
        self.reading = reading
        self.event = event
        self.leadId = leadId
    }
}

extension Transaction {
    public func insertCardScan(_ scan: StoredCardScan, image: [UInt8]) async throws {
        let reading = String(decoding: try JSONEncoder().encode(scan.reading), as: UTF8.self)
        try await run("""
            INSERT INTO card_scans (id, user_id, created_at, content_type, sha256, image, reading, event, lead_id)
            VALUES (\(bind: scan.id.uuidString.lowercased()), \(bind: scan.userId.description), \(bind: Self.timestamp(scan.createdAt)),
                    \(bind: scan.contentType), \(bind: scan.sha256), \(bind: Data(image).base64EncodedString()), \(bind: reading),
                    \(bind: scan.event), \(bind: scan.leadId?.description))
            """)
    }

    private static let scanColumns: SQLQueryString = "id, user_id, created_at, content_type, sha256, reading, event, lead_id"

    public func cardScan(_ id: UUID) async throws -> StoredCardScan? {
        try await rows("SELECT \(Self.scanColumns) FROM card_scans WHERE id = \(bind: id.uuidString.lowercased())").first.map(Self.cardScan)
    }

    public func cardScan(ofLead lead: ID<Lead>) async throws -> StoredCardScan? {
        try await rows("SELECT \(Self.scanColumns) FROM card_scans WHERE lead_id = \(bind: lead.description)").first.map(Self.cardScan)
    }

    /// A user's scans that are not leads yet, oldest first (the order they were photographed).
    public func pendingCardScans(of user: ID<User>, limit: Int) async throws -> [StoredCardScan] {
        try await rows("""
            SELECT \(Self.scanColumns) FROM card_scans WHERE user_id = \(bind: user.description) AND lead_id IS NULL
            ORDER BY created_at, id LIMIT \(literal: limit)
            """).map(Self.cardScan)
    }

    /// The event of the user's latest scan that named one: the next card's default.
    public func lastCardEvent(of user: ID<User>) async throws -> String? {
        try await rows("""
            SELECT event FROM card_scans WHERE user_id = \(bind: user.description) AND event IS NOT NULL
            ORDER BY created_at DESC, id DESC LIMIT 1
            """).first?.decode(column: "event", as: String?.self)
    }

    public func cardImage(_ id: UUID) async throws -> (contentType: String, bytes: [UInt8])? {
        guard let row = try await rows("SELECT content_type, image FROM card_scans WHERE id = \(bind: id.uuidString.lowercased())").first
        else { return nil }
        let image = try row.decode(column: "image", as: String.self)
        return (try row.decode(column: "content_type", as: String.self), [UInt8](Data(base64Encoded: image) ?? Data()))
    }

    /// Ties a waiting scan to the lead made from it; false when it was taken meanwhile.
    public func attachCardScan(_ id: UUID, to lead: ID<Lead>, event: String?) async throws -> Bool {
        !(try await rows("""
            UPDATE card_scans SET lead_id = \(bind: lead.description), event = \(bind: event)
            WHERE id = \(bind: id.uuidString.lowercased()) AND lead_id IS NULL RETURNING id
            """)).isEmpty
    }

    public func setCardScanEvent(_ id: UUID, event: String?) async throws {
        try await run("UPDATE card_scans SET event = \(bind: event) WHERE id = \(bind: id.uuidString.lowercased())")
    }

    public func deleteCardScan(_ id: UUID) async throws {
        try await run("DELETE FROM card_scans WHERE id = \(bind: id.uuidString.lowercased())")
    }

    private static func cardScan(_ row: any SQLRow) throws -> StoredCardScan {
        let reading = try JSONDecoder().decode(CardReading.self, from: Data(try row.decode(column: "reading", as: String.self).utf8))
        let lead = try row.decode(column: "lead_id", as: String?.self).flatMap(UUID.init(uuidString:)).map { ID<Lead>($0) }
        let user = try row.decode(column: "user_id", as: String.self)
        return StoredCardScan(
            id: UUID(uuidString: try row.decode(column: "id", as: String.self)) ?? UUID(),
            userId: ID(UUID(uuidString: user) ?? UUID()), createdAt: date(try row.decode(column: "created_at", as: Int64.self)) ?? Date(),
            contentType: try row.decode(column: "content_type", as: String.self), sha256: try row.decode(column: "sha256", as: String.self),
            reading: reading, event: try row.decode(column: "event", as: String?.self), leadId: lead)
    }
}
