import Foundation
import VendoCore
import VendoServices

/// A fact of a record page: a label and its value.
struct Fact {
    let label: String
    let value: String
}

struct LeadModel {
    let t: [String: String]
    let csrf: String
    let id: String
    let version: Int
    let title: String
    let state: String
    let stateKey: String
    /// Nil when it says the same as the state.
    let status: String?
    let facts: [Fact]
    let processBar: ProcessBar?
    let editFields: [FormField]
    let editOpen: Bool
    let canQualify: Bool
    let priceLists: [Option]
    let duplicates: [String]
    let hasDuplicates: Bool
    let canDisqualify: Bool
    let reasons: [Option]
    /// The organisation's disqualify reasons, given beside the status.
    let whyOptions: [Option]
    let canReactivate: Bool
    let opportunityHref: String?
    /// The photo of the business card the lead was made from.
    let cardImage: String?
    let problem: String?
    let problemForm: String?
    let log: RecordLog
    let activityTypes: [Option]
    let activityAction: String
    let activityOpen: Bool
    /// Open leads that look like this one, each with a merge into this lead.
    let merge: MergeDialog?
    let editAction: String?
    /// Qualifying creates an account and a contact, or links existing ones that look like the lead.
    let accountChoices: [Option]
    let contactChoices: [Option]
}

struct NewLeadModel {
    let t: [String: String]
    let csrf: String
    let fields: [FormField]
    let problem: String?
}

extension Pages {
    var leadRoutes: [WebRoute] {
        [
            WebRoute(.get, "/leads/new", newLead),
            WebRoute(.post, "/leads", createLead),
            WebRoute(.get, "/leads/{id}") { web in .page(try await leadPage(web, problem: nil)) },
            WebRoute(.post, "/leads/{id}", updateLead),
            WebRoute(.post, "/leads/{id}/checklist", leadChecklist),
            WebRoute(.post, "/leads/{id}/qualify", qualifyLead),
            WebRoute(.post, "/leads/{id}/disqualify", disqualifyLead),
            WebRoute(.post, "/leads/{id}/reactivate", reactivateLead),
            WebRoute(.post, "/leads/{id}/merge", mergeLead),
            WebRoute(.post, "/leads/{id}/activities") { web in
                try await addActivity(web, regarding: .lead, back: "/leads/\(try web.id() as ID<Lead>)") { problem in
                    try await leadPage(web, problem: problem)
                }
            },
        ]
    }

    @Sendable func newLead(_ web: WebRequest) async throws -> WebResult {
        let session = try web.user()
        let custom = try await customFieldForm(.lead, session)
        let lists = try await services.settings()
        let model = NewLeadModel(t: web.language.strings, csrf: session.csrfToken,
                                 fields: LeadForm.controls([:], errors: [:], web.language, lists: lists)
                                    + custom.controls([:], errors: [:], web.language),
                                 problem: nil)
        return .page(views.page(.newLead, model, title: web.language.text("newLead"), web, current: "/leads"))
    }

    @Sendable func createLead(_ web: WebRequest) async throws -> WebResult {
        let session = try web.user()
        let t = web.language
        var fields = LeadFields(topic: "")
        let custom = try await customFieldForm(.lead, session)
        var errors = LeadForm.read(web, into: &fields).merging(custom.read(web, into: &fields.customFields)) { first, _ in first }
        var message = t.text("error_validation")
        if errors.isEmpty {
            do {
                let created = try await services.createLead(fields, by: session.caller)
                var flash = t.text("flash_leadCreated")
                if !created.possibleDuplicates.isEmpty {
                    flash += " " + t.text("flash_possibleDuplicates", created.possibleDuplicates.map(\.name).joined(separator: ", "))
                }
                return .redirect("/leads/\(created.lead.id)", flash: flash)
            } catch {
                errors = CustomFieldForm.errors(ErrorText.fields(of: error, t))
                message = ErrorText.message(for: error, t)
                guard ServiceError.from(error) is ServiceError else { throw error }
            }
        }
        let (typed, selected) = custom.typed(web)
        let model = NewLeadModel(t: t.strings, csrf: session.csrfToken,
                                 fields: LeadForm.controls(LeadForm.typed(web), errors: errors, t, lists: try await services.settings())
                                    + custom.controls(typed, selected: selected, errors: errors, t), problem: message)
        throw WebFailure.form(html: views.page(.newLead, model, title: t.text("newLead"), web, current: "/leads"))
    }

    /// The lead page; with `problem`, the refused form is open again with its messages (422).
    func leadPage(_ web: WebRequest, problem: FormProblem?) async throws -> String {
        let session = try web.user()
        let t = web.language
        let lead = try await services.get(Lead.self, try web.id(), by: session.caller)
        let history = try await services.history(of: Lead.self, lead.id, by: session.caller)
        let log = try await log(.lead, lead.id.uuid, history: history, web, problem: problem)
        let may = Self.mayChange(lead, session)
        var bar: ProcessBar?
        if let position = lead.process, let definition = try await process(position.processId) {
            bar = ProcessBar(process: definition, position: position, filled: StepFields.filled(lead.fields), forLead: true,
                             action: "/leads/\(lead.id)/checklist", csrf: session.csrfToken, version: lead.info.version,
                             editable: may && Lead.allows(.update, from: lead.state), t)
        }
        let values = LeadForm.values(lead.fields, t)
        let lists = try await services.settings()
        var facts = LeadForm.names.compactMap { name -> Fact? in
            guard let value = values[name], !value.isEmpty else { return nil }
            let shown: String
            switch name {
            case "source": shown = lists.choiceLabel(.leadSource, value, t)
            case "rating": shown = lists.choiceLabel(.rating, value, t)
            case "industry": shown = lists.choiceLabel(.industry, value, t)
            case "purchaseTimeframe", "purchaseProcess": shown = t.label(name, value)
            case "decisionMaker": shown = t.text(value)
            case "estimatedCloseDate": shown = lead.fields.estimatedCloseDate.map { web.formats.day($0) } ?? value
            default: shown = value
            }
            return Fact(label: t.label("field", name), value: shown)
        }
        if let reason = lead.reason { facts.append(Fact(label: t.text("reason"), value: lists.choiceLabel(.disqualifyReason, reason.rawValue, t))) }
        let custom = try await customFieldForm(.lead, session)
        let priceLists = try await services.list(PriceList.self, ListQuery(sort: .createdAt, descending: false, limit: 100), by: session.caller).items
        let duplicates = problem?.fields["duplicates"].map { [$0] } ?? []
        let matches = may && lead.state == .open ? try await services.duplicates(ofLead: lead.id, by: session.caller) : []
        func choices(_ type: String, create: String, none: String) -> [Option] {
            [Option(value: "new", label: t.text(create), selected: true)]
                + matches.filter { $0.recordType == type }.map { match in
                    Option(value: match.id.uuidString.lowercased(), label: t.text("qualify_link", match.name), selected: false)
                }
                + [Option(value: "none", label: t.text(none), selected: false)]
        }
        let editing = problem?.form == "edit"
        let model = LeadModel(
            t: t.strings, csrf: session.csrfToken, id: lead.id.description, version: lead.info.version,
            title: lead.fullName.isEmpty ? lead.fields.topic : lead.fullName, state: t.label("state", lead.state.rawValue),
            stateKey: lead.state.rawValue, status: Self.status(t, state: lead.state.rawValue, status: lead.status.rawValue),
            facts: [Fact(label: t.text("field_topic"), value: lead.fields.topic)] + facts.dropFirst() + custom.facts(lead.customFields, t),
            processBar: bar,
            editFields: LeadForm.controls(editing ? LeadForm.typed(web) : values, errors: editing ? problem?.fields ?? [:] : [:], t,
                                          lists: lists)
                + custom.editControls(lead.customFields, web, problem: problem),
            editOpen: editing, canQualify: may && Lead.allows(.qualify, from: lead.state),
            priceLists: priceLists.enumerated().map { index, list in
                Option(value: list.id.description, label: "\(list.fields.name) (\(list.fields.currency))", selected: index == 0)
            },
            duplicates: duplicates, hasDuplicates: !duplicates.isEmpty,
            canDisqualify: may && Lead.allows(.disqualify, from: lead.state),
            reasons: (Lead.statuses[.disqualified] ?? []).map { Option(value: $0.rawValue, label: t.label("status", $0.rawValue), selected: false) },
            whyOptions: lists.options(.disqualifyReason, t).map { Option(value: $0.0, label: $0.1, selected: false) },
            canReactivate: may && Lead.allows(.reactivate, from: lead.state),
            opportunityHref: lead.qualifyingOpportunityId.map { "/opportunities/\($0)" },
            cardImage: lead.cardScanId.map { _ in "/leads/\(lead.id)/card-image" },
            problem: problem?.message, problemForm: problem?.form, log: log,
            activityTypes: Self.activityTypes(t), activityAction: "/leads/\(lead.id)/activities",
            activityOpen: problem?.form == "activity",
            merge: Lead.allows(.merge, from: lead.state)
                ? MergeDialog(matches, type: Lead.recordType, base: "/leads", action: "/leads/\(lead.id)/merge", lead: true, t) : nil,
            editAction: may && Lead.allows(.update, from: lead.state) ? "/leads/\(lead.id)" : nil,
            accountChoices: choices(Account.recordType, create: "qualify_newAccount", none: "qualify_noAccount"),
            contactChoices: choices(Contact.recordType, create: "qualify_newContact", none: "qualify_noContact"))
        return views.page(.lead, model, title: model.title, web, current: "/leads")
    }

    /// The status label, unless it repeats the state's (`Won · Won`).
    static func status(_ t: Language, state: String, status: String) -> String? {
        let label = t.label("status", status)
        return label == t.label("state", state) ? nil : label
    }

    static func activityTypes(_ t: Language) -> [Option] {
        [ActivityType.note, .task, .phoneCall, .email, .appointment].map {
            Option(value: $0.rawValue, label: t.label("activityType", $0.rawValue), selected: false)
        }
    }

    /// Runs a lead action; a refusal shows the lead page again with the message (422).
    func leadAction(_ web: WebRequest, form: String, flash: String,
                    _ action: @escaping @Sendable (ID<Lead>, WebSession) async throws -> String?) async throws -> WebResult {
        let session = try web.user()
        let id: ID<Lead> = try web.id()
        do {
            let target = try await action(id, session)
            return .redirect(target ?? "/leads/\(id)", flash: web.language.text(flash))
        } catch let failure as WebFailure {
            throw failure
        } catch {
            guard ServiceError.from(error) is ServiceError, !Self.isAccessError(error) else { throw error }
            var problem = await self.problem(error, form: form, web.language)
            if case .duplicatesFound(let matches)? = ServiceError.from(error) as? ServiceError {
                problem.fields["duplicates"] = matches.map { "\($0.name) (\(web.language.label("record", $0.recordType)))" }.joined(separator: ", ")
            }
            throw WebFailure.form(html: try await leadPage(web, problem: problem))
        }
    }

    /// Not found and forbidden are answered as such, not as a refused form.
    static func isAccessError(_ error: any Error) -> Bool {
        switch ServiceError.from(error) as? ServiceError {
        case .notFound?, .forbidden?, .unavailable?: return true
        default: return false
        }
    }

    @Sendable func updateLead(_ web: WebRequest) async throws -> WebResult {
        try await leadAction(web, form: "edit", flash: "flash_saved") { id, session in
            var fields = LeadFields(topic: "")
            let custom = try await customFieldForm(.lead, session)
            var typedCustom: CustomValues?
            let errors = LeadForm.read(web, into: &fields).merging(custom.read(web, into: &typedCustom)) { first, _ in first }
            // The messages are already the reader's: a code with no text of its own keeps them.
            if !errors.isEmpty { throw ServiceError.validation(errors.map { FieldError($0.key, "typed", $0.value) }) }
            let read = fields, formValues = typedCustom
            _ = try await services.updateLead(id, ifVersion: web.version, by: session.caller) { current in
                let keep = current
                current = read
                current.address = keep.address
                current.currency = keep.currency
                // The form shows the active custom fields only: the others keep their values.
                current.customFields = custom.merged(formValues, into: keep.customFields)
            }
            return nil
        }
    }

    @Sendable func leadChecklist(_ web: WebRequest) async throws -> WebResult {
        try await leadAction(web, form: "process", flash: "flash_saved") { id, session in
            let lead = try await services.get(Lead.self, id, by: session.caller)
            var checklist: [String: Bool] = [:]
            let ticked = Set(web.fields("step"))
            if let position = lead.process, let definition = try await process(position.processId) {
                for key in definition.checklistKeys where definition.stages[0].steps.contains(where: { $0.key == key }) {
                    checklist[key] = ticked.contains(key)
                }
            }
            let edit = ProcessEdit(checklist: checklist)
            _ = try await services.updateLead(id, ifVersion: web.version, by: session.caller, process: edit) { _ in }
            return nil
        }
    }

    @Sendable func qualifyLead(_ web: WebRequest) async throws -> WebResult {
        try await leadAction(web, form: "qualify", flash: "flash_qualified") { id, session in
            // `account`/`contact`: "new", an existing record's id, or "none" (the older checkboxes are still read).
            let account = web.field("account") ?? (web.field("createAccount") == "1" ? "new" : "none")
            let contact = web.field("contact") ?? (web.field("createContact") == "1" ? "new" : "none")
            var options = QualifyOptions(createAccount: account == "new", createContact: contact == "new",
                                         createOpportunity: web.field("createOpportunity") == "1",
                                         allowDuplicates: web.field("allowDuplicates") == "1")
            options.existingAccountId = UUID(uuidString: account).map { ID($0) }
            options.existingContactId = UUID(uuidString: contact).map { ID($0) }
            options.priceListId = web.field("priceListId").flatMap(UUID.init(uuidString:)).map { ID($0) }
            let result = try await services.qualifyLead(id, options, ifVersion: web.version, by: session.caller)
            return result.opportunity.map { "/opportunities/\($0.id)" }
        }
    }

    @Sendable func disqualifyLead(_ web: WebRequest) async throws -> WebResult {
        try await leadAction(web, form: "disqualify", flash: "flash_disqualified") { id, session in
            guard let reason = web.field("reason").flatMap(LeadStatus.init(rawValue:)) else {
                throw ServiceError.validation([FieldError("reason", "required", "choose a reason")])
            }
            _ = try await services.disqualifyLead(id, as: reason, reason: web.field("why").map(DisqualifyReason.init),
                                                  ifVersion: web.version, by: session.caller)
            return nil
        }
    }

    /// Merges a duplicate into this lead: the duplicate's activities move here and it is closed.
    @Sendable func mergeLead(_ web: WebRequest) async throws -> WebResult {
        try await leadAction(web, form: "merge", flash: "flash_merged") { id, session in
            guard let other = web.field("duplicateId").flatMap(UUID.init(uuidString:)) else { throw WebFailure.notFound }
            _ = try await services.mergeLeads(id, duplicate: ID(other), ifVersion: web.version, by: session.caller)
            return nil
        }
    }

    @Sendable func reactivateLead(_ web: WebRequest) async throws -> WebResult {
        try await leadAction(web, form: "reactivate", flash: "flash_reactivated") { id, session in
            _ = try await services.reactivateLead(id, ifVersion: web.version, by: session.caller)
            return nil
        }
    }

    /// Adds a note, task, call, e-mail or appointment to a record's timeline.
    func addActivity(_ web: WebRequest, regarding type: RegardingType, back: String,
                     page: @escaping @Sendable (FormProblem) async throws -> String) async throws -> WebResult {
        let session = try web.user()
        let t = web.language
        let id: UUID = (try web.id() as ID<Lead>).uuid
        do {
            guard let kind = web.field("type").flatMap(ActivityType.init(rawValue:)) else {
                throw ServiceError.validation([FieldError("type", "required", "choose a type")])
            }
            var fields = ActivityFields(subject: web.field("subject") ?? "")
            fields.body = web.field("body")
            // The organisation's fields of activities: what cannot be read is named beside its control.
            let custom = try await customFieldForm(.activity, session)
            fields.customFields = try custom.readForEdit(web)
            if let due = web.field("dueDate") {
                guard let day = Day(due) else { throw ServiceError.validation([FieldError("dueDate", "invalid_date", "a date")]) }
                fields.dueAt = day.start
            }
            _ = try await services.createActivity(kind, regarding: type, id, fields: fields, by: session.caller)
            return .redirect(back, flash: t.text("flash_activityAdded"))
        } catch {
            guard ServiceError.from(error) is ServiceError, !Self.isAccessError(error) else { throw error }
            throw WebFailure.form(html: try await page(FormProblem(error, form: "activity", t)))
        }
    }
}
