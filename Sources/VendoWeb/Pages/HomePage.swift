import Foundation
import VendoCore
import VendoServices

struct HomeModel {
    struct Item { let href: String; let label: String; let detail: String }
    struct Stage { let label: String; let count: Int; let total: String }
    let t: [String: String]
    let name: String
    /// The salesperson's own records, or (managers, administrators) everything they may see.
    let mine: Bool
    let leads: [Item]
    let hasLeads: Bool
    let stages: [Stage]
    let chart: String
    let tasks: [Item]
    let hasTasks: Bool
    let quotes: [Item]
    let hasQuotes: Bool
}

extension Pages {
    /// What a salesperson opens the day with: their open leads, their pipeline, their tasks, the quotes awaiting an answer.
    @Sendable func home(_ web: WebRequest) async throws -> WebResult {
        let session = try web.user()
        let t = web.language
        let formats = web.formats
        let caller = session.caller
        // A salesperson's home is their own work; a manager's or an administrator's, all they may see.
        let mine = session.user.role == .salesperson
        let owner: [String: String] = mine ? ["ownerId": session.user.id.description] : [:]
        let leads = try await services.list(Lead.self, ListQuery(filters: owner.merging(["state": "open"]) { a, _ in a }, limit: 8), by: caller).items
        let pipeline = try await services.pipelineReport(ReportFilter(ownerId: mine ? session.user.id : nil), by: caller)
        let money = pipeline.money
        let stages = pipeline.stages.filter { $0.count > 0 }.map { stage in
            HomeModel.Stage(label: stage.labels[t.rawValue] ?? stage.labels["en"] ?? stage.stage ?? t.text("report_noStage"), count: stage.count,
                            total: formats.money(stage.total, money.currency, scale: money.precision))
        }
        let bars = stages.map { Chart.Bar(label: $0.label, value: Double($0.count), text: String($0.count)) }
        let tasks = try await services.list(Activity.self, ListQuery(filters: owner.merging(["state": "open", "type": "task"]) { a, _ in a }, limit: 8),
                                            by: caller).items
        let quotes = try await services.list(Quote.self, ListQuery(filters: owner.merging(["state": "active"]) { a, _ in a }, limit: 8), by: caller).items
        let model = HomeModel(
            t: t.strings, name: session.user.name, mine: mine,
            leads: leads.map { HomeModel.Item(href: "/leads/\($0.id)", label: $0.fields.topic, detail: $0.fullName) }, hasLeads: !leads.isEmpty,
            stages: stages, chart: bars.isEmpty ? "" : Chart.horizontal(bars, title: t.text("myOpportunities"), funnel: true, width: 360),
            tasks: tasks.map { task in
                HomeModel.Item(href: ListSpecs.activities.link(task), label: task.fields.subject,
                               detail: task.fields.dueAt.map { formats.dateTime($0) } ?? "")
            },
            hasTasks: !tasks.isEmpty,
            quotes: quotes.map { HomeModel.Item(href: "/quotes/\($0.id)", label: "\(Self.documentNumber($0)) · \($0.fields.name)",
                                                detail: ListSpecs.money($0.pricing, t)) },
            hasQuotes: !quotes.isEmpty)
        return .page(views.page(.home, model, title: t.text("nav_home"), web, current: "/"))
    }
}
