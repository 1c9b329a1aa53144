import Foundation
import VendoCore
import VendoStore

/// What a public form post did. The poster is told only that it was received.
public struct CaptureResult: Sendable {
    public var form: CaptureForm
    /// Nil when the honeypot was filled: the post is accepted and dropped.
    public var lead: Lead?
    public var possibleDuplicates: [DuplicateMatch]
}

/// How often one address may post to one form.
public enum CaptureRules {
    public static let window: TimeInterval = 600
    public static let postsPerWindow = 10
}

extension Services {
    public func createCaptureForm(_ fields: CaptureFormFields, by caller: Caller) async throws -> CaptureForm {
        try ensureAdmin(caller, CaptureForm.recordType, "create")
        return try await write(as: caller) { tx in
            let form = try CaptureForm(id: newID(), info: newInfo(caller), fields: fields)
            try await checkCaptureForm(fields, id: nil, in: tx)
            try await insert(form, by: caller, in: tx)
            return form
        }
    }

    public func updateCaptureForm(_ id: ID<CaptureForm>, ifVersion: Int?, by caller: Caller,
                                  _ edit: @escaping @Sendable (inout CaptureFormFields) -> Void) async throws -> CaptureForm {
        try ensureAdmin(caller, CaptureForm.recordType, "update")
        return try await write(as: caller) { tx in
            try await change(CaptureForm.self, id, ifVersion: ifVersion, by: caller, action: "update", in: tx) { form in
                var fields = form.fields
                edit(&fields)
                try form.update(fields)
                try await checkCaptureForm(fields, id: id, in: tx)
            }
        }
    }

    public func deleteCaptureForm(_ id: ID<CaptureForm>, ifVersion: Int?, by caller: Caller) async throws {
        try ensureAdmin(caller, CaptureForm.recordType, "delete")
        try await write(as: caller) { tx in
            try await remove(try await load(CaptureForm.self, id, in: tx), ifVersion: ifVersion, by: caller, in: tx)
        }
    }

    /// The rules that need the database or the lead fields: a free key, known targets, a lead
    /// that can be valid, an active owner.
    private func checkCaptureForm(_ fields: CaptureFormFields, id: ID<CaptureForm>?, in tx: Transaction) async throws {
        var errors: [FieldError] = []
        // A visitor does not choose the lead's status.
        let custom = (try await tx.settings()?.customFields(of: .lead) ?? []).filter { !$0.retired }
        let targets = ImportKind.leads.fieldNames.filter { $0 != "status" } + custom.map { ImportCustomFields.prefix + $0.key }
        for (index, field) in fields.fields.enumerated() where !targets.contains(field.target) {
            errors.append(FieldError("fields[\(index)].target", "unknown_field",
                                     "leads have no field \(field.target) (their own fields are cf.<key>, active ones)"))
        }
        if !fields.fields.contains(where: { ["lastName", "companyName", "fullName"].contains($0.target) }) {
            errors.append(FieldError("fields", "no_name",
                                     "a lead needs a last name or a company name: map an input to lastName, fullName or companyName"))
        }
        if let owner = fields.ownerId {
            if try await tx.find(User.self, owner)?.active != true {
                errors.append(FieldError("ownerId", "unknown_user", "no active user has this id"))
            }
        }
        if let team = fields.teamId, try await tx.find(Team.self, team) == nil {
            errors.append(FieldError("teamId", "unknown_team", "no team has this id"))
        }
        if !errors.isEmpty { throw ServiceError.validation(errors) }
        if let other = try await tx.captureForm(key: fields.key), other.id != id {
            throw ServiceError.conflict(code: "already_exists", message: "another form has the key \(fields.key)", related: [other.id.description])
        }
    }

    /// A post to a public form: counted against the address's limit, then checked and turned
    /// into an open lead owned by the form's owner. Possible duplicates are flagged, never
    /// refused: a lead from a public form is never lost.
    public func capture(formKey: String, values: [String: String], address: String, origin: String?) async throws -> CaptureResult {
        let form = try await read { tx in
            guard let form = try await tx.captureForm(key: formKey), form.fields.active else {
                throw ServiceError.notFound(recordType: "form", id: formKey)
            }
            return form
        }
        guard form.accepts(origin: origin) else {
            throw ServiceError.forbidden(recordType: "form", operation: "post from \(origin ?? "this origin") to")
        }
        // Counted in a transaction of its own, so that refused posts count too.
        try await countEvent(key: "capture:\(form.id):\(address)")
        if let trap = values[form.fields.honeypot], !trap.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return CaptureResult(form: form, lead: nil, possibleDuplicates: [])
        }
        let owner = try await read { tx in
            let id = try await receiver(of: form, in: tx)
            return Caller(principal: Principal(userId: id, role: try await tx.find(User.self, id)?.role ?? .salesperson,
                                               teammates: try await tx.teammates(of: id)))
        }
        let custom = ImportCustomFields(definitions: (try await settings().customFields(of: .lead)).filter { !$0.retired })
        let fields = try leadFields(of: form, values, custom: custom)
        return try await write(as: owner) { tx in
            let lead = try await newLead(fields, process: try await processForNewRecord(nil, in: tx), by: owner, in: tx)
            let duplicates = try await openLeads(withEmail: fields.email, in: tx)
            try await insert(lead, by: owner, in: tx)
            try await notify(lead.info.ownerId, .capturedLead, about: Lead.recordType, lead.id.uuid,
                             title: [lead.fields.topic, lead.fields.companyName].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " — "),
                             by: nil, in: tx)
            return CaptureResult(form: form, lead: lead, possibleDuplicates: duplicates)
        }
    }

    /// Who gets a form's next lead: its owner, or the member of its team with the fewest open
    /// leads; the form's creator when the team has no active member left (a lead is never lost).
    private func receiver(of form: CaptureForm, in tx: Transaction) async throws -> ID<User> {
        if let owner = form.fields.ownerId { return owner }
        guard let teamId = form.fields.teamId, let team = try await tx.find(Team.self, teamId) else { return form.info.ownerId }
        var members: [ID<User>] = []
        for id in team.fields.memberIds where try await tx.find(User.self, id)?.active == true { members.append(id) }
        let counts = try await tx.openLeadCounts(of: members)
        return members.min { (counts[$0] ?? 0, $0.description) < (counts[$1] ?? 0, $1.description) } ?? form.info.ownerId
    }

    /// Throws `rateLimited` when `key` has used up its `limit` of events in the window
    /// (`CaptureRules.window`); records this event otherwise. Public posts, quote answers and
    /// reset requests count here, in a transaction of their own.
    func countEvent(key: String, limit: Int = CaptureRules.postsPerWindow) async throws {
        let now = clock.now()
        try await writeAside { tx in
            try await tx.pruneRateEvents(before: now.addingTimeInterval(-CaptureRules.window))
            let recent = try await tx.rateEvents(key: key, since: now.addingTimeInterval(-CaptureRules.window))
            if recent.count >= limit, let oldest = recent.first {
                let wait = max(1, Int(oldest.addingTimeInterval(CaptureRules.window).timeIntervalSince(now).rounded(.up)))
                throw ServiceError.rateLimited(retryAfter: wait)
            }
            try await tx.recordRateEvent(key: key, at: now)
        }
    }

    /// The lead a post describes; errors name the form's inputs, as the poster knows them.
    /// `custom`: the lead's active fields, which inputs may fill (`cf.<key>` targets), read as an
    /// import reads its cells.
    private func leadFields(of form: CaptureForm, _ values: [String: String], custom: ImportCustomFields) throws -> LeadFields {
        var targetValues: [String: String] = ["topic": form.fields.topic, "source": form.fields.source.rawValue]
        var errors: [FieldError] = []
        for field in form.fields.fields {
            let text = values[field.name]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            if text.isEmpty {
                if field.required { errors.append(FieldError(field.name, "required", "\(field.name) is required")) }
                continue
            }
            targetValues[field.target] = text
        }
        let inputName = { (target: String) in form.fields.fields.first { $0.target == target }?.name ?? target }
        var draft = LeadDraft()
        errors += ImportField.apply(ImportTables.lead, targetValues, to: &draft).map { FieldError(inputName($0.field), $0.code, $0.message) }
        draft.splitFullName()
        let (customValues, customErrors) = custom.values(targetValues)
        errors += customErrors.map { FieldError(inputName($0.field), $0.code, $0.message) }
        draft.fields.customFields = customValues
        let fields = draft.fields
        if errors.isEmpty {
            do {
                try fields.validate()
            } catch {
                if case .validation(let found) = error {
                    errors += found.map { problem in
                        // "last name or company name": say so with the form's own inputs.
                        guard problem.field == "lastName" else { return FieldError(inputName(problem.field), problem.code, problem.message) }
                        let names = form.fields.fields.filter { ["lastName", "companyName", "fullName"].contains($0.target) }.map(\.name)
                        return FieldError(names.first ?? "lastName", "required", "fill in \(names.joined(separator: " or "))")
                    }
                }
            }
        }
        if !errors.isEmpty { throw ServiceError.validation(errors) }
        return fields
    }
}

extension Services {
    /// An active form by its key, for a browser's CORS preflight (public).
    public func captureFormForPreflight(key: String) async throws -> CaptureForm {
        try await read { tx in
            guard let form = try await tx.captureForm(key: key), form.fields.active else {
                throw ServiceError.notFound(recordType: "form", id: key)
            }
            return form
        }
    }
}
