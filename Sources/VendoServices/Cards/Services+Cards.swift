import Foundation
import VendoCore
import VendoStore

/// A business card photographed and read, waiting to become a lead (or kept with the one it became).
public struct CardScan: Sendable {
    public var id: UUID
    public var reading: CardReading
    public var contentType: String
    public var createdAt: Date
    public var event: String?
    public var leadId: ID<Lead>?
    /// Open leads with the e-mail the card gives: the warning a hand-made lead gets.
    public var possibleDuplicates: [DuplicateMatch]

    init(_ stored: StoredCardScan, duplicates: [DuplicateMatch]) {
        id = stored.id
        reading = stored.reading
        contentType = stored.contentType
        createdAt = stored.createdAt
        event = stored.event
        leadId = stored.leadId
        possibleDuplicates = duplicates
    }
}

extension Services {
    public var cardTools: CardTools { server.cardTools }

    /// Reads the photo of a card (JPEG, PNG or WebP, told by its bytes) and keeps it until a lead
    /// is made of it. OCR runs before any transaction, at most one photo per core at a time.
    public func scanCard(_ image: [UInt8], event: String?, by caller: Caller) async throws -> CardScan {
        guard let type = CardImageType(sniffing: image) else {
            throw ServiceError.validation([FieldError("image", "unsupported_image", "the photo must be a JPEG, PNG or WebP image")])
        }
        guard image.count <= CardImageType.maxBytes else {
            throw ServiceError.validation([FieldError("image", "too_large", "the photo is larger than 10 MB")])
        }
        guard let size = CardImageType.dimensions(of: image) else {
            throw ServiceError.validation([FieldError("image", "unreadable_image", "the photo could not be read as an image")])
        }
        // Each side first: two 32-bit sides of a PNG header would overflow their product.
        guard (1...CardImageType.maxPixels).contains(size.width), (1...CardImageType.maxPixels).contains(size.height),
              size.width * size.height <= CardImageType.maxPixels else {
            throw ServiceError.validation([FieldError("image", "too_many_pixels",
                                                      "the photo is \(size.width) × \(size.height) pixels; at most 50 megapixels are read")])
        }
        var check = Validator()
        check.text(event, "event")
        do { try check.check() } catch { throw ServiceError.from(error) }
        guard cardTools.canRead else {
            throw ServiceError.toolMissing("Tesseract is not installed on the server; install it with: \(CardTools.installCommand)")
        }
        let country = try await readEach(as: caller) { tx in try await tx.settings()?.organisationAddress.countryCode } ?? "FR"
        let reading = try await readCard(image, type: type, country: country)
        let stored = StoredCardScan(id: ids.next(), userId: caller.userId, createdAt: now, contentType: type.rawValue,
                                    sha256: Self.sha256Hex(image),
                                    reading: reading, event: event?.isEmpty == true ? nil : event, leadId: nil)
        return try await write(as: caller) { tx in
            try await tx.insertCardScan(stored, image: image)
            return CardScan(stored, duplicates: try await openLeads(withEmail: reading.fields.email, in: tx))
        }
    }

    /// What Tesseract and zbar read on the photo; a QR code's contact wins over the text.
    func readCard(_ image: [UInt8], type: CardImageType, country: String) async throws -> CardReading {
        let tools = cardTools
        let reading = try await CPUWork.run { () -> CardReading? in
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("vendo-card-\(UUID()).\(type.fileExtension)").path
            guard FileManager.default.createFile(atPath: file, contents: Data(image), attributes: [.posixPermissions: 0o600]) else {
                return nil
            }
            defer { try? FileManager.default.removeItem(atPath: file) }
            guard let tesseract = tools.tesseract else { return nil }
            // French and English together, the organisation's first (French first reads accents on
            // capitals that English first drops: `Élodie`, not `Elodie`); English alone where the
            // French data is missing.
            let languages = ["FR", "BE", "CH", "LU", "MC"].contains(country) ? "fra+eng" : "eng+fra"
            var ocr = CardTools.run(tesseract, [file, "stdout", "-l", languages, "--psm", "6"], timeout: tools.timeout)
            if ocr?.status != 0 { ocr = CardTools.run(tesseract, [file, "stdout", "-l", "eng", "--psm", "6"], timeout: tools.timeout) }
            guard let ocr, ocr.status == 0 else { return nil }
            var reading = CardText.read(String(decoding: ocr.output, as: UTF8.self), defaultCountry: country)
            // zbarimg exits 4 when it finds no code. `-Sbinary` gives the code's bytes: UTF-8 when
            // they are, else the standard's own ISO 8859-1.
            if let zbarimg = tools.zbarimg,
               let scan = CardTools.run(zbarimg, ["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", "-Sbinary", file], timeout: tools.timeout),
               scan.status == 0 {
                let payload = String(data: scan.output, encoding: .utf8) ?? String(data: scan.output, encoding: .isoLatin1) ?? ""
                if let code = CardCode.reading(payload, defaultCountry: country) { reading = reading.overlaid(with: code) }
            }
            return reading
        }
        guard let reading else {
            throw ServiceError.validation([FieldError("image", "unreadable_image", "the photo could not be read as an image")])
        }
        return reading
    }

    /// A scan, for the user who made it or an admin.
    public func cardScan(_ id: UUID, by caller: Caller) async throws -> CardScan {
        try await read(as: caller) { tx in
            let stored = try await visibleScan(id, by: caller, in: tx)
            let duplicates = stored.leadId == nil ? try await openLeads(withEmail: stored.reading.fields.email, in: tx) : []
            return CardScan(stored, duplicates: duplicates)
        }
    }

    /// The caller's scans that are not leads yet, oldest first: the pile of cards after a show.
    public func pendingCardScans(by caller: Caller) async throws -> [CardScan] {
        try await read(as: caller) { tx in
            try await tx.pendingCardScans(of: caller.userId, limit: 500).map { CardScan($0, duplicates: []) }
        }
    }

    /// The event the caller last scanned cards at: the next card's default.
    public func lastCardEvent(by caller: Caller) async throws -> String? {
        try await readEach(as: caller) { tx in try await tx.lastCardEvent(of: caller.userId) }
    }

    public func cardScanImage(_ id: UUID, by caller: Caller) async throws -> (contentType: String, bytes: [UInt8]) {
        try await read(as: caller) { tx in
            _ = try await visibleScan(id, by: caller, in: tx)
            guard let image = try await tx.cardImage(id) else { throw ServiceError.notFound(recordType: "cardScan", id: id.uuidString.lowercased()) }
            return image
        }
    }

    /// The photo of the card a lead was made from, for whoever may see the lead.
    public func leadCardImage(_ id: ID<Lead>, by caller: Caller) async throws -> (contentType: String, bytes: [UInt8]) {
        try await read(as: caller) { tx in
            let lead = try await load(Lead.self, id, in: tx)
            guard let scan = lead.cardScanId, let image = try await tx.cardImage(scan) else {
                throw ServiceError.notFound(recordType: "cardImage", id: id.description)
            }
            return image
        }
    }

    /// Throws away a scan nobody made a lead of (a blurred photo, a card scanned twice).
    public func discardCardScan(_ id: UUID, by caller: Caller) async throws {
        try await write(as: caller) { tx in
            let stored = try await visibleScan(id, by: caller, in: tx)
            if stored.leadId != nil {
                throw ServiceError.conflict(code: "card_scan_used", message: "this card is a lead already; delete the lead instead",
                                            related: [stored.leadId?.description ?? ""])
            }
            try await tx.deleteCardScan(id)
        }
    }

    /// Sets the event of the caller's waiting scans that have none (typed on the first card of a pile).
    public func setEventOfPendingScans(_ event: String?, by caller: Caller) async throws {
        guard let event, !event.isEmpty, event.count <= 200 else { return }
        try await write(as: caller) { tx in
            for scan in try await tx.pendingCardScans(of: caller.userId, limit: 500) where scan.event == nil {
                try await tx.setCardScanEvent(scan.id, event: event)
            }
        }
    }

    /// Ties the scan to the lead being made from it, in the lead's transaction.
    func attachCard(_ id: UUID, to lead: ID<Lead>, event: String?, by caller: Caller, in tx: Transaction) async throws {
        let stored = try await visibleScan(id, by: caller, in: tx, field: "cardScanId")
        guard stored.leadId == nil, try await tx.attachCardScan(id, to: lead, event: event) else {
            throw ServiceError.conflict(code: "card_scan_used", message: "a lead was already made from this card",
                                        related: [stored.leadId?.description ?? ""])
        }
    }

    private func visibleScan(_ id: UUID, by caller: Caller, in tx: Transaction, field: String? = nil) async throws -> StoredCardScan {
        guard let stored = try await tx.cardScan(id), stored.userId == caller.userId || caller.principal.role == .admin else {
            if let field { throw ServiceError.invalid(field, "not_found", "no card scan of yours with this id") }
            throw ServiceError.notFound(recordType: "cardScan", id: id.uuidString.lowercased())
        }
        return stored
    }
}
