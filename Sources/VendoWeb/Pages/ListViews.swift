import Foundation
import VendoCore
import VendoServices

/// What a list page offers beyond its built-in filters: filters, orders and columns of the
/// organisation's fields, and saved views (personal or shared with a team).
struct ListViewsModel {
    struct Filter { let name: String; let id: String; let label: String; let options: [ListModel.Option] }
    struct View { let name: String; let href: String; let current: Bool; let team: String?; let delete: String; let teamId: String }
    struct Hidden { let name: String; let value: String }
    struct Column { let key: String; let label: String; let checked: Bool }
    var filters: [Filter] = []
    var views: [View] = []
    var hidden: [Hidden] = []
    var teams: [ListModel.Option] = []
    var columns: [Column] = []
    /// The list is one a view may be saved of.
    var canSave = false
    // Mustache sees stored properties only.
    var hasViews = false
    var hasColumns = false
}

/// The organisation's fields of a list's record type, as a list page uses them.
struct ListFields {
    let form: CustomFieldForm?
    let view: Services.ViewEntry?

    /// The parameters of the request, with the view's under those not given.
    static func parameters(_ query: [String: String], view: SavedView?) -> [String: String] {
        var out = view?.query ?? [:]
        for (key, value) in query where key != "view" { out[key] = value }
        return out
    }

    /// `cf.<key>` filters and a `cf.<key>` sort of the parameters, into `query`.
    func apply(_ parameters: [String: String], to query: inout ListQuery) {
        guard let form else { return }
        for definition in form.definitions {
            if let value = parameters["cf.\(definition.key)"], !value.isEmpty { query.custom[definition.key] = value }
        }
        if let sort = parameters["sort"] {
            let key = sort.hasPrefix("-cf.") ? String(sort.dropFirst(4)) : sort.hasPrefix("cf.") ? String(sort.dropFirst(3)) : nil
            if let key, form.definitions.contains(where: { $0.key == key }) {
                query.customSortKey = key
                query.descending = sort.hasPrefix("-")
            }
        }
    }

    /// The fields a list filters by: choices and yes/no.
    func filters(_ parameters: [String: String], _ t: Language) -> [ListViewsModel.Filter] {
        (form?.definitions ?? []).filter { $0.type == .choice || $0.type == .yesNo }.map { definition in
            let name = "cf.\(definition.key)"
            let chosen = parameters[name] ?? ""
            let values: [(String, String)] = definition.type == .yesNo ? [("true", t.text("yes")), ("false", t.text("no"))]
                : (definition.choices ?? []).filter { !$0.retired }.map { ($0.value, $0.labels[t.rawValue] ?? $0.value) }
            return ListViewsModel.Filter(name: name, id: "filter-cf-\(definition.key)", label: definition.label(t),
                                         options: [ListModel.Option(value: "", label: t.text("list_any"), selected: chosen.isEmpty)]
                                            + values.map { ListModel.Option(value: $0.0, label: $0.1, selected: chosen == $0.0) })
        }
    }

    /// Orders by each field that holds one value, both ways.
    func sorts(_ current: String, _ t: Language) -> [ListModel.Option] {
        (form?.definitions ?? []).filter { $0.type != .multipleChoice }.flatMap { definition in
            [("cf.\(definition.key)", t.text("sort_ascending", definition.label(t))),
             ("-cf.\(definition.key)", t.text("sort_descending", definition.label(t)))]
                .map { ListModel.Option(value: $0.0, label: $0.1, selected: current == $0.0) }
        }
    }

    /// The extra columns of the view: their headers, and each record's cells.
    var columns: [CustomFieldDefinition] {
        guard let form, let view else { return [] }
        return view.view.columns.compactMap { key in form.definitions.first { $0.key == key } }
    }

    func cells<R>(_ record: R, _ t: Language) -> [String] {
        guard let form, let custom = (record as? any CustomizableRecord)?.customFields else { return columns.map { _ in "" } }
        return columns.map { definition in
            form.facts(custom.filter { $0.key == definition.key }, t).first?.value ?? ""
        }
    }
}

extension Pages {
    var viewRoutes: [WebRoute] {
        [
            WebRoute(.post, "/views") { web in
                let session = try web.user()
                let path = web.field("path") ?? ""
                var query: [String: String] = [:]
                for (key, values) in web.form where key.hasPrefix("q_") { if let value = values.last, !value.isEmpty { query[String(key.dropFirst(2))] = value } }
                let view = SavedView(name: web.field("name") ?? "", path: path, query: query, columns: web.fields("columns"))
                let team = web.field("team").flatMap(UUID.init(uuidString:)).map { ID<Team>($0) }
                do {
                    let saved = try await services.saveView(view, team: team, by: session.caller)
                    return .redirect("\(saved.path)?view=\(saved.id.uuidString.lowercased())", flash: web.language.text("flash_viewSaved"))
                } catch {
                    guard ServiceError.from(error) is ServiceError, SavedView.paths.contains(path) else { throw error }
                    return .redirect(path, flash: ErrorText.message(for: error, web.language))
                }
            },
            WebRoute(.post, "/views/{id}/delete") { web in
                let session = try web.user()
                guard let id = web.parameters["id"].flatMap(UUID.init(uuidString:)) else { throw WebFailure.notFound }
                let team = web.field("team").flatMap(UUID.init(uuidString:)).map { ID<Team>($0) }
                try await services.deleteView(id, team: team, by: session.caller)
                let path = web.field("path").flatMap { SavedView.paths.contains($0) ? $0 : nil } ?? "/"
                return .redirect(path, flash: web.language.text("flash_viewDeleted"))
            },
        ]
    }

    /// The organisation's fields and the saved views of the list of `R` at `path`.
    func listFields<R>(_ type: R.Type, path: String, viewId: String?, _ session: WebSession) async throws
        -> (ListFields, [Services.ViewEntry]) {
        let customized = (R.self as? any CustomizableRecord.Type)?.customizedAs
        var form: CustomFieldForm?
        if let customized { form = try await customFieldForm(customized, session) }
        let views = SavedView.paths.contains(path) ? try await services.savedViews(for: path, by: session.caller) : []
        let view = viewId.flatMap { id in views.first { $0.view.id.uuidString.lowercased() == id.lowercased() } }
        return (ListFields(form: form, view: view), views)
    }

    /// The views bar and the form that saves the list as it is.
    func listViewsModel(_ fields: ListFields, views: [Services.ViewEntry], path: String, parameters: [String: String],
                        _ session: WebSession, _ t: Language) async throws -> ListViewsModel {
        var model = ListViewsModel()
        model.filters = fields.filters(parameters, t)
        guard SavedView.paths.contains(path) else { return model }
        model.canSave = true
        model.views = views.map { entry in
            let id = entry.view.id.uuidString.lowercased()
            return ListViewsModel.View(name: entry.view.name, href: "\(path)?view=\(id)", current: fields.view?.view.id == entry.view.id,
                                       team: entry.teamName, delete: "/views/\(id)/delete", teamId: entry.team?.description ?? "")
        }
        model.hidden = parameters.filter { $0.key != "cursor" && !$0.value.isEmpty }.sorted { $0.key < $1.key }
            .map { ListViewsModel.Hidden(name: "q_" + $0.key, value: $0.value) }
        model.teams = [ListModel.Option(value: "", label: t.text("view_personal"), selected: true)]
            + (try await services.sharingTeams(by: session.caller)).map {
                ListModel.Option(value: $0.id.description, label: t.text("view_sharedWith", $0.fields.name), selected: false)
            }
        let chosen = Set(fields.view?.view.columns ?? [])
        model.columns = (fields.form?.definitions ?? []).map { ListViewsModel.Column(key: $0.key, label: $0.label(t), checked: chosen.contains($0.key)) }
        model.hasViews = !model.views.isEmpty
        model.hasColumns = !model.columns.isEmpty
        return model
    }
}
