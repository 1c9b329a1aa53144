import Foundation
import VendoCore
import VendoServices

struct BoardModel {
    struct Card {
        let id: String
        let name: String
        let revenue: String
        let probability: String
        let closeDate: String
        let version: Int
        let stage: String
        let targets: [Option]
        let problem: String?
        /// The user may move it (their own, or any for managers of its team and administrators).
        let movable: Bool
    }
    struct Column {
        let key: String
        let label: String
        let count: Int
        let total: String
        let weighted: String
        let cards: [Card]
        let hasCards: Bool
    }
    let t: [String: String]
    /// The board's name, or the open view's.
    let title: String
    let csrf: String
    let columns: [Column]
    let mine: Bool
    let truncated: Bool
    /// The board's filters of the organisation's fields and its saved views.
    let path = "/pipeline"
    let views: ListViewsModel
    /// Where a card's move comes back to: this board, filtered as it is.
    let back: String
}

extension Pages {
    static let boardLimit = 200

    var boardRoutes: [WebRoute] {
        [WebRoute(.get, "/pipeline") { web in .page(try await boardPage(web, problem: nil, card: nil)) }]
    }

    /// The pipeline board: open opportunities as cards in the columns of the default process. A card
    /// moves by drag and drop (script) or with its own stage menu and button (keyboard, no script).
    func boardPage(_ web: WebRequest, problem: FormProblem?, card failed: ID<Opportunity>?) async throws -> String {
        let session = try web.user()
        let t = web.language
        let formats = web.formats
        let (fields, saved) = try await listFields(Opportunity.self, path: "/pipeline", viewId: web.query["view"], session)
        let parameters = ListFields.parameters(web.query, view: fields.view?.view)
        let mine = parameters["mine"] == "1" || web.field("mine") == "1"
        let processes = try await services.processes()
        guard let process = processes.first(where: \.isDefault) ?? processes.first else {
            throw WebFailure.notFound
        }
        var query = ListQuery(filters: ["state": OpportunityState.open.rawValue], limit: Self.boardLimit)
        if mine { query.filters["ownerId"] = session.user.id.description }
        fields.apply(parameters.filter { $0.key.hasPrefix("cf.") }, to: &query)
        var filter = ReportFilter(ownerId: mine ? session.user.id : nil)
        filter.custom = query.custom
        let report = try await services.pipelineReport(filter, processId: process.id, by: session.caller)
        let page = try await services.list(Opportunity.self, query, by: session.caller)
        func label(_ labels: [String: String], _ key: String) -> String { labels[t.rawValue] ?? labels["en"] ?? key }
        let stages = Array(process.stages.dropFirst())
        let targets = stages.map { ($0.key, label($0.labels, $0.key)) }
        var cards: [String: [BoardModel.Card]] = [:]
        for opportunity in page.items {
            guard let position = opportunity.process, position.processId == process.id,
                  let index = process.index(of: position.stage) else { continue }
            let key = process.stages[max(1, index)].key
            let pricing = opportunity.pricing
            cards[key, default: []].append(BoardModel.Card(
                id: opportunity.id.description, name: opportunity.fields.name,
                revenue: formats.money(opportunity.estimatedRevenue, pricing.currency, scale: pricing.currencyPrecision),
                probability: opportunity.fields.probability.map { formats.percent(Decimal($0)) } ?? "",
                closeDate: opportunity.fields.estimatedCloseDate.map { formats.day($0) } ?? "", version: opportunity.info.version, stage: key,
                targets: targets.map { Option(value: $0.0, label: $0.1, selected: $0.0 == key) },
                problem: opportunity.id == failed ? problem?.message : nil, movable: Self.mayChange(opportunity, session)))
        }
        let money = report.money
        let columns = stages.map { stage in
            let row = report.stages.first { $0.stage == stage.key }
            let stageCards = cards[stage.key] ?? []
            return BoardModel.Column(key: stage.key, label: label(stage.labels, stage.key), count: row?.count ?? 0,
                                     total: formats.money(row?.total ?? 0, money.currency, scale: money.precision),
                                     weighted: formats.money(row?.weighted ?? 0, money.currency, scale: money.precision),
                                     cards: stageCards, hasCards: !stageCards.isEmpty)
        }
        var viewsModel = try await listViewsModel(fields, views: saved, path: "/pipeline", parameters: parameters, session, t)
        // A board has no columns to choose.
        viewsModel.columns = []
        viewsModel.hasColumns = false
        let kept = web.query.filter { ($0.key == "view" || $0.key == "mine" || $0.key.hasPrefix("cf.")) && !$0.value.isEmpty }
            .sorted { $0.key < $1.key }.map { "\(URLEncodedForm.escape($0.key))=\(URLEncodedForm.escape($0.value))" }
        let back = "/pipeline" + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
        let title = fields.view?.view.name ?? t.text("nav_pipeline")
        let model = BoardModel(t: t.strings, title: title, csrf: session.csrfToken, columns: columns, mine: mine, truncated: page.nextCursor != nil,
                               views: viewsModel, back: back)
        return views.page(.board, model, title: title, web, current: "/pipeline", bodyClass: "wide")
    }
}
