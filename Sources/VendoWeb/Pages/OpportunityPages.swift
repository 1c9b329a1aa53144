import Foundation
import VendoCore
import VendoServices

struct OpportunityModel {
    struct Link { let href: String; let label: String }
    let t: [String: String]
    let csrf: String
    let id: String
    let version: Int
    let title: String
    let state: String
    let stateKey: String
    /// Nil when it says the same as the state.
    let status: String?
    let customer: Link
    let facts: [Fact]
    let processBar: ProcessBar?
    let lines: LinesModel
    let editAction: String?
    let editFields: [FormField]
    let editOpen: Bool
    let canQuote: Bool
    let canWin: Bool
    let estimatedRevenue: String
    let loseReasons: [Option]
    /// The organisation's lost reasons, given beside the status.
    let whyOptions: [Option]
    let competitors: [Option]
    let canReopen: Bool
    let quotes: [Link]
    let hasQuotes: Bool
    let problem: String?
    let log: RecordLog
    let activityTypes: [Option]
    let activityAction: String
    let activityOpen: Bool
}

extension Pages {
    var opportunityRoutes: [WebRoute] {
        [
            WebRoute(.get, "/opportunities/{id}") { web in .page(try await opportunityPage(web, problem: nil)) },
            WebRoute(.post, "/opportunities/{id}", updateOpportunity),
            WebRoute(.post, "/opportunities/{id}/checklist", opportunityChecklist),
            WebRoute(.post, "/opportunities/{id}/stage", moveStage),
            WebRoute(.post, "/opportunities/{id}/quote") { web in
                try await opportunityAction(web, form: "quote", flash: "flash_quoteGenerated") { id, session in
                    "/quotes/\(try await services.generateQuote(from: id, by: session.caller).id)"
                }
            },
            WebRoute(.post, "/opportunities/{id}/win") { web in
                try await opportunityAction(web, form: "win", flash: "flash_won") { id, session in
                    var revenue: Decimal?
                    if let raw = web.field("actualRevenue") {
                        guard let value = web.formats.parse(raw) else {
                            throw ServiceError.validation([FieldError("actualRevenue", "invalid_number", web.language.text("field_invalid_number"))])
                        }
                        revenue = value
                    }
                    let details = CloseDetails(description: web.field("description"), closeQuotes: web.field("closeQuotes") == "1")
                    _ = try await services.winOpportunity(id, actualRevenue: revenue, details: details,
                                                          ifVersion: web.version, by: session.caller)
                    return nil
                }
            },
            WebRoute(.post, "/opportunities/{id}/lose") { web in
                try await opportunityAction(web, form: "lose", flash: "flash_lost") { id, session in
                    guard let reason = web.field("reason").flatMap(OpportunityStatus.init(rawValue:)) else {
                        throw ServiceError.validation([FieldError("reason", "required", web.language.text("field_required"))])
                    }
                    let competitor = web.field("competitorId").flatMap(UUID.init(uuidString:)).map { ID<Competitor>($0) }
                    _ = try await services.loseOpportunity(id, as: reason, reason: web.field("why").map(LostReason.init), competitorId: competitor,
                                                           details: CloseDetails(description: web.field("description"),
                                                                                 closeQuotes: web.field("closeQuotes") == "1"),
                                                           ifVersion: web.version, by: session.caller)
                    return nil
                }
            },
            WebRoute(.post, "/opportunities/{id}/reopen") { web in
                try await opportunityAction(web, form: "reopen", flash: "flash_reopened") { id, session in
                    _ = try await services.reopenOpportunity(id, ifVersion: web.version, by: session.caller)
                    return nil
                }
            },
            WebRoute(.post, "/opportunities/{id}/activities") { web in
                try await addActivity(web, regarding: .opportunity, back: "/opportunities/\(try web.id() as ID<Opportunity>)") { problem in
                    try await opportunityPage(web, problem: problem)
                }
            },
        ] + lineRoutes(Opportunity.self, base: "/opportunities") { web, problem in try await opportunityPage(web, problem: problem) }
    }

    static let opportunityTextFields = ["customerNeed", "proposedSolution", "description"]

    func opportunityPage(_ web: WebRequest, problem: FormProblem?) async throws -> String {
        let session = try web.user()
        let t = web.language
        let formats = web.formats
        let opportunity = try await services.get(Opportunity.self, try web.id(), by: session.caller)
        let history = try await services.history(of: Opportunity.self, opportunity.id, by: session.caller)
        let log = try await log(.opportunity, opportunity.id.uuid, history: history, web, problem: problem)
        let may = Self.mayChange(opportunity, session)
        let open = may && opportunity.state == .open
        var bar: ProcessBar?
        if let position = opportunity.process, let definition = try await process(position.processId) {
            bar = ProcessBar(process: definition, position: position, filled: StepFields.filled(opportunity.fields), forLead: false,
                             action: "/opportunities/\(opportunity.id)/checklist", csrf: session.csrfToken,
                             version: opportunity.info.version, editable: open, t)
        }
        let pricing = opportunity.pricing
        func money(_ value: Decimal) -> String { formats.money(value, pricing.currency, scale: pricing.currencyPrecision) }
        let fields = opportunity.fields
        var facts = [
            Fact(label: t.text("field_estimatedRevenue"), value: money(opportunity.estimatedRevenue)),
            Fact(label: t.text("field_probability"), value: fields.probability.map { formats.percent(Decimal($0)) } ?? "—"),
            Fact(label: t.text("field_estimatedCloseDate"), value: fields.estimatedCloseDate.map { formats.day($0) } ?? "—"),
            Fact(label: t.text("field_forecastCategory"), value: t.label("forecastCategory", fields.forecastCategory.rawValue)),
        ]
        if let revenue = opportunity.actualRevenue { facts.append(Fact(label: t.text("field_actualRevenue"), value: money(revenue))) }
        let lists = try await services.settings()
        if let reason = opportunity.reason { facts.append(Fact(label: t.text("reason"), value: lists.choiceLabel(.lostReason, reason.rawValue, t))) }
        for (name, value) in [("customerNeed", fields.customerNeed), ("proposedSolution", fields.proposedSolution), ("description", fields.description)] {
            if let value, !value.isEmpty { facts.append(Fact(label: t.label("field", name), value: value)) }
        }
        let custom = try await customFieldForm(.opportunity, session)
        facts += custom.facts(opportunity.customFields, t)
        let editing = problem?.form == "edit"
        var values = ["estimatedCloseDate": fields.estimatedCloseDate?.description ?? ""]
        for name in Self.opportunityTextFields {
            values[name] = [fields.customerNeed, fields.proposedSolution, fields.description][Self.opportunityTextFields.firstIndex(of: name) ?? 0] ?? ""
        }
        if editing { for name in Self.opportunityTextFields + ["estimatedCloseDate"] { values[name] = web.form[name]?.first ?? "" } }
        let editFields = Self.opportunityTextFields.map { name in
            FormField(name, t.label("field", name), value: values[name] ?? "", multiline: true, error: editing ? problem?.fields[name] : nil)
        } + [FormField("estimatedCloseDate", t.label("field", "estimatedCloseDate"), type: "date", value: values["estimatedCloseDate"] ?? "",
                       error: editing ? problem?.fields["estimatedCloseDate"] : nil)]
            + custom.editControls(opportunity.customFields, web, problem: problem)
        let quotes = try await services.list(Quote.self, ListQuery(filters: ["opportunityId": opportunity.id.description], limit: 50),
                                             by: session.caller).items
        let customer = try await customerName(fields.customer, session.caller)
        let model = OpportunityModel(
            t: t.strings, csrf: session.csrfToken, id: opportunity.id.description, version: opportunity.info.version,
            title: fields.name, state: t.label("state", opportunity.state.rawValue), stateKey: opportunity.state.rawValue,
            status: Self.status(t, state: opportunity.state.rawValue, status: opportunity.status.rawValue),
            customer: OpportunityModel.Link(href: customer.href, label: customer.name), facts: facts, processBar: bar,
            lines: LinesModel(pricing, editable: open, base: "/opportunities/\(opportunity.id)",
                              products: open ? try await sellableProducts(session.caller) : [], problem: problem,
                              typed: Self.typedLine(web), t, priceLists: open ? try await priceLists(session.caller) : [],
                              units: open ? try await units(session.caller) : []),
            editAction: open ? "/opportunities/\(opportunity.id)" : nil, editFields: editFields, editOpen: editing, canQuote: may && Opportunity.allows(.generateQuote, from: opportunity.state),
            canWin: may && Opportunity.allows(.win, from: opportunity.state), estimatedRevenue: formats.number(opportunity.estimatedRevenue),
            loseReasons: [OpportunityStatus.canceled, .outSold].map { Option(value: $0.rawValue, label: t.label("status", $0.rawValue), selected: false) },
            whyOptions: lists.options(.lostReason, t).map { Option(value: $0.0, label: $0.1, selected: false) },
            competitors: try await services.list(Competitor.self, ListQuery(sort: .createdAt, descending: false, limit: 200), by: session.caller)
                .items.map { Option(value: $0.id.description, label: $0.fields.name, selected: false) },
            canReopen: may && Opportunity.allows(.reopen, from: opportunity.state),
            quotes: quotes.map { quote in
                OpportunityModel.Link(href: "/quotes/\(quote.id)",
                                      label: "\(quote.number)\(quote.revisionNumber > 0 ? "-\(quote.revisionNumber)" : "") · \(t.label("state", quote.state.rawValue)) · \(ListSpecs.money(quote.pricing, t))")
            },
            hasQuotes: !quotes.isEmpty, problem: problem?.message, log: log, activityTypes: Self.activityTypes(t),
            activityAction: "/opportunities/\(opportunity.id)/activities", activityOpen: problem?.form == "activity")
        return views.page(.opportunity, model, title: fields.name, web, current: "/opportunities")
    }

    func opportunityAction(_ web: WebRequest, form: String, flash: String,
                           _ action: @escaping @Sendable (ID<Opportunity>, WebSession) async throws -> String?) async throws -> WebResult {
        let session = try web.user()
        let id: ID<Opportunity> = try web.id()
        let back = web.field("back").map(Self.safeNext)
        do {
            let target = try await action(id, session)
            return .redirect(target ?? back ?? "/opportunities/\(id)", flash: web.language.text(flash))
        } catch let failure as WebFailure {
            throw failure
        } catch {
            guard ServiceError.from(error) is ServiceError, !Self.isAccessError(error) else { throw error }
            let problem = await self.problem(error, form: form, web.language)
            if back == "/pipeline" {
                throw WebFailure.form(html: try await boardPage(web, problem: problem, card: id))
            }
            throw WebFailure.form(html: try await opportunityPage(web, problem: problem))
        }
    }

    @Sendable func updateOpportunity(_ web: WebRequest) async throws -> WebResult {
        try await opportunityAction(web, form: "edit", flash: "flash_saved") { id, session in
            var closeDate: Day?
            if let raw = web.field("estimatedCloseDate") {
                guard let day = Day(raw) else {
                    throw ServiceError.validation([FieldError("estimatedCloseDate", "invalid_date", web.language.text("field_invalid_date"))])
                }
                closeDate = day
            }
            let day = closeDate
            let need = web.field("customerNeed"), solution = web.field("proposedSolution"), description = web.field("description")
            let custom = try await customFieldForm(.opportunity, session)
            let formValues = try custom.readForEdit(web)
            _ = try await services.updateOpportunity(id, ifVersion: web.version, by: session.caller) { fields in
                fields.customerNeed = need
                fields.proposedSolution = solution
                fields.description = description
                fields.estimatedCloseDate = day
                fields.customFields = custom.merged(formValues, into: fields.customFields)
            }
            return nil
        }
    }

    @Sendable func opportunityChecklist(_ web: WebRequest) async throws -> WebResult {
        try await opportunityAction(web, form: "process", flash: "flash_saved") { id, session in
            let opportunity = try await services.get(Opportunity.self, id, by: session.caller)
            guard let position = opportunity.process, let definition = try await process(position.processId) else { return nil }
            let current = max(1, definition.index(of: position.stage) ?? 1)
            let ticked = Set(web.fields("step"))
            var checklist: [String: Bool] = [:]
            for step in definition.stages[current].steps where step.field == nil { checklist[step.key] = ticked.contains(step.key) }
            _ = try await services.updateOpportunity(id, ifVersion: web.version, by: session.caller, process: ProcessEdit(checklist: checklist)) { _ in }
            return nil
        }
    }

    @Sendable func moveStage(_ web: WebRequest) async throws -> WebResult {
        try await opportunityAction(web, form: "process", flash: "flash_stageMoved") { id, session in
            _ = try await services.moveStage(id, to: web.field("stage") ?? "", ifVersion: web.version, by: session.caller)
            return nil
        }
    }
}
