import Foundation
import VendoCore
import VendoServices

struct CardScanModel {
    struct Pending {
        let href: String
        let image: String
        let label: String
    }
    let t: [String: String]
    let csrf: String
    let event: String
    let canRead: Bool
    /// The install command, when a tool is missing.
    let install: String?
    let readsCodes: Bool
    let pending: [Pending]
    let hasPending: Bool
    let created: Option?
    let problem: String?
}

struct CardReviewModel {
    let t: [String: String]
    let csrf: String
    let id: String
    let image: String
    let position: String
    let fields: [FormField]
    let unsure: [String]
    let hasUnsure: Bool
    let duplicates: [Option]
    let hasDuplicates: Bool
    let fromQrCode: Bool
    let text: String
    let problem: String?
}

/// Business cards photographed at a trade show: "Scan a card" takes one photo from the phone's
/// camera or a pile of them, then each card is shown beside what was read, to correct and
/// confirm; the lead keeps the photo.
extension Pages {
    /// Photos of a batch together: phone photos are 2 to 5 MB.
    static let cardUploadLimit = 64 << 20

    var cardScanRoutes: [WebRoute] {
        [
            WebRoute(.get, "/leads/scan") { web in .page(try await scanPage(web, problem: nil)) },
            WebRoute(.post, "/leads/scan", formLimit: Self.cardUploadLimit, uploadCards),
            WebRoute(.get, "/leads/scan/{id}") { web in
                let scan = try await services.cardScan(try scanId(web), by: try web.user().caller)
                // A card already made into a lead shows the lead (the back button after confirming).
                if let lead = scan.leadId { return .redirect("/leads/\(lead)") }
                return .page(try await reviewPage(web, scan, problem: nil))
            },
            WebRoute(.post, "/leads/scan/{id}", confirmCard),
            WebRoute(.post, "/leads/scan/{id}/discard", discardCard),
            WebRoute(.get, "/leads/scan/{id}/image") { web in
                let image = try await services.cardScanImage(try scanId(web), by: try web.user().caller)
                return .image(image.bytes, contentType: image.contentType)
            },
            WebRoute(.get, "/leads/{id}/card-image") { web in
                let image = try await services.leadCardImage(try web.id(), by: try web.user().caller)
                return .image(image.bytes, contentType: image.contentType)
            },
        ]
    }

    private func scanId(_ web: WebRequest) throws -> UUID {
        guard let id = web.parameters["id"].flatMap(UUID.init(uuidString:)) else { throw WebFailure.notFound }
        return id
    }

    func scanPage(_ web: WebRequest, problem: String?) async throws -> String {
        let session = try web.user()
        let t = web.language
        let tools = services.cardTools
        let pending = try await services.pendingCardScans(by: session.caller)
        var created: Option?
        if let id = web.query["created"].flatMap(UUID.init(uuidString:)),
           let lead = try? await services.get(Lead.self, ID<Lead>(id), by: session.caller) {
            created = Option(value: "/leads/\(lead.id)", label: lead.fullName.isEmpty ? lead.fields.topic : lead.fullName, selected: false)
        }
        let lastEvent = try await services.lastCardEvent(by: session.caller)
        let event = web.field("event") ?? lastEvent ?? ""
        let model = CardScanModel(
            t: t.strings, csrf: session.csrfToken, event: event, canRead: tools.canRead,
            install: tools.complete ? nil : CardTools.installCommand, readsCodes: tools.zbarimg != nil,
            pending: pending.map { scan in
                let fields = scan.reading.fields
                let name = [fields.firstName, fields.lastName, fields.companyName].compactMap { $0 }.joined(separator: " · ")
                let id = scan.id.uuidString.lowercased()
                return CardScanModel.Pending(href: "/leads/scan/\(id)", image: "/leads/scan/\(id)/image",
                                             label: name.isEmpty ? t.text("scan_unread") : name)
            },
            hasPending: !pending.isEmpty, created: created, problem: problem)
        return views.page(.cardScan, model, title: t.text("scan_title"), web, current: "/leads")
    }

    /// Reads the photos posted one after the other, so that the pile keeps the order they were
    /// chosen in, and opens the first card to confirm.
    @Sendable func uploadCards(_ web: WebRequest) async throws -> WebResult {
        let session = try web.user()
        let t = web.language
        let photos = (web.uploads["photos"] ?? []).filter { !$0.data.isEmpty }
        guard !photos.isEmpty else {
            throw WebFailure.form(html: try await scanPage(web, problem: t.text("scan_noPhoto")))
        }
        let event = web.field("event")
        var problems: [String] = []
        var read = 0
        for photo in photos {
            do {
                _ = try await services.scanCard([UInt8](photo.data), event: event, by: session.caller)
                read += 1
            } catch let error as ServiceError {
                if case .toolMissing = error { throw error }
                problems.append("\(photo.filename): \(ErrorText.message(for: error, t))")
            }
        }
        try await services.setEventOfPendingScans(event, by: session.caller)
        var flash = t.text("scan_read", String(read))
        // The flash travels in a cookie: a few files are named, the rest counted.
        if !problems.isEmpty { flash += " " + problems.prefix(5).joined(separator: " ") }
        if problems.count > 5 { flash += " " + t.text("scan_moreProblems", String(problems.count - 5)) }
        guard read > 0 else { throw WebFailure.form(html: try await scanPage(web, problem: flash)) }
        let next = try await services.pendingCardScans(by: session.caller).first
        return .redirect(next.map { "/leads/scan/\($0.id.uuidString.lowercased())" } ?? "/leads/scan", flash: flash)
    }

    /// One card: its photo beside the fields read from it, to correct and confirm.
    func reviewPage(_ web: WebRequest, _ scan: CardScan, problem: FormProblem?) async throws -> String {
        let session = try web.user()
        let t = web.language
        let pending = try await services.pendingCardScans(by: session.caller)
        let position = (pending.firstIndex { $0.id == scan.id } ?? 0) + 1
        let lastEvent = try await services.lastCardEvent(by: session.caller)
        var values: [String: String]
        if problem != nil {
            values = Dictionary(Self.cardFieldNames.map { ($0, web.form[$0]?.first ?? "") }, uniquingKeysWith: { first, _ in first })
        } else {
            let proposed = scan.reading.fields.lead(event: scan.event ?? lastEvent)
            values = LeadForm.values(proposed, t)
            let address = proposed.address ?? Address()
            values["address.line1"] = address.line1 ?? ""
            values["address.postalCode"] = address.postalCode ?? ""
            values["address.city"] = address.city ?? ""
            values["address.country"] = address.country ?? ""
        }
        let errors = problem?.fields ?? [:]
        let controls = Self.cardFieldNames.map { name -> FormField in
            let value = values[name] ?? ""
            switch name {
            case "email": return FormField(name, t.label("field", name), type: "email", value: value, error: errors[name])
            case "phone", "mobilePhone": return FormField(name, t.label("field", name), type: "tel", value: value, error: errors[name])
            case "topic", "event": return FormField(name, t.label("field", name), value: value, required: name == "topic", error: errors[name])
            default:
                let key = name.hasPrefix("address.") ? String(name.dropFirst("address.".count)) : name
                return FormField(name, t.label("field", key), value: value, error: errors[name])
            }
        }
        let unsure = scan.reading.confidence.filter { $0.value < 0.7 }.keys.sorted()
            .map { t.label("field", $0 == "address" ? "line1" : $0) }
        let model = CardReviewModel(
            t: t.strings, csrf: session.csrfToken, id: scan.id.uuidString.lowercased(),
            image: "/leads/scan/\(scan.id.uuidString.lowercased())/image",
            position: t.text("scan_position", String(position), String(max(pending.count, position))), fields: controls,
            unsure: unsure, hasUnsure: !unsure.isEmpty,
            duplicates: scan.possibleDuplicates.map { Option(value: "/leads/\($0.id.uuidString.lowercased())", label: $0.name, selected: false) },
            hasDuplicates: !scan.possibleDuplicates.isEmpty, fromQrCode: scan.reading.fromQrCode, text: scan.reading.text,
            problem: problem?.message)
        return views.page(.cardReview, model, title: t.text("scan_review"), web, current: "/leads", bodyClass: "card-review")
    }

    static let cardFieldNames = ["topic", "firstName", "lastName", "jobTitle", "companyName", "email", "phone", "mobilePhone", "website",
                                 "address.line1", "address.postalCode", "address.city", "address.country", "event"]

    /// Makes the lead, with source "Trade show" and the photo; then the next card of the pile.
    @Sendable func confirmCard(_ web: WebRequest) async throws -> WebResult {
        let session = try web.user()
        let t = web.language
        let id = try scanId(web)
        var fields = LeadFields(topic: web.field("topic") ?? "")
        for name in ["firstName", "lastName", "jobTitle", "companyName", "email", "phone", "mobilePhone", "website", "event"] {
            let value = web.field(name)
            switch name {
            case "firstName": fields.firstName = value
            case "lastName": fields.lastName = value
            case "jobTitle": fields.jobTitle = value
            case "companyName": fields.companyName = value
            case "email": fields.email = value
            case "phone": fields.phone = value
            case "mobilePhone": fields.mobilePhone = value
            case "website": fields.website = value
            default: fields.event = value
            }
        }
        let address = Address(line1: web.field("address.line1"), city: web.field("address.city"), postalCode: web.field("address.postalCode"),
                              country: web.field("address.country"))
        fields.address = address.isEmpty ? nil : address
        // Cards come from trade shows, unless the organisation retired that source.
        let tradeShow = try await services.settings().choices(.leadSource).first { $0.value == LeadSource.tradeShow.rawValue }
        fields.source = tradeShow?.retired == false ? .tradeShow : nil
        do {
            if fields.topic.isEmpty { throw ServiceError.validation([FieldError("topic", "required", "a topic is required")]) }
            let created = try await services.createLead(fields, cardScanId: id, by: session.caller)
            try await services.setEventOfPendingScans(fields.event, by: session.caller)
            var flash = t.text("flash_leadCreated")
            if !created.possibleDuplicates.isEmpty {
                flash += " " + t.text("flash_possibleDuplicates", created.possibleDuplicates.map(\.name).joined(separator: ", "))
            }
            let next = try await services.pendingCardScans(by: session.caller).first
            return .redirect(next.map { "/leads/scan/\($0.id.uuidString.lowercased())" } ?? "/leads/scan?created=\(created.lead.id)", flash: flash)
        } catch {
            guard ServiceError.from(error) is ServiceError, !Self.isAccessError(error) else { throw error }
            let scan = try await services.cardScan(id, by: session.caller)
            throw WebFailure.form(html: try await reviewPage(web, scan, problem: FormProblem(error, form: "card", t)))
        }
    }

    @Sendable func discardCard(_ web: WebRequest) async throws -> WebResult {
        let session = try web.user()
        try await services.discardCardScan(try scanId(web), by: session.caller)
        let next = try await services.pendingCardScans(by: session.caller).first
        return .redirect(next.map { "/leads/scan/\($0.id.uuidString.lowercased())" } ?? "/leads/scan",
                         flash: web.language.text("scan_discarded"))
    }
}
