import Foundation
import VendoCore
import VendoServices

/// One column of a list: its header and the cell of a record.
struct Column<R>: Sendable {
    let header: String
    let cell: @Sendable (R, Language) -> String
    /// The list a column's values come from, shown by the organisation's labels.
    let list: ChoiceListName?

    init(header: String, cell: @escaping @Sendable (R, Language) -> String) {
        self.header = header
        self.cell = cell
        list = nil
    }

    init(header: String, list: ChoiceListName, _ value: @escaping @Sendable (R) -> String?) {
        self.header = header
        cell = { record, _ in value(record) ?? "" }
        self.list = list
    }

    func text(_ record: R, _ t: Language, _ settings: OrganisationSettings) -> String {
        let text = cell(record, t)
        guard let list, !text.isEmpty else { return text }
        return settings.choiceLabel(list, text, t)
    }
}

/// What a list page shows of one kind of record.
struct ListSpec<R: Persisted>: Sendable {
    let path: String
    let titleKey: String
    let emptyKey: String
    let states: [String]
    let columns: [Column<R>]
    /// The first column links to this page of the record.
    let link: @Sendable (R) -> String
    let newHref: String?
    /// Filters typed as text (`event` on leads), each an indexed filter of the API.
    var textFilters: [String] = []
    /// "Scan a card", on the leads.
    var scanHref: String?
}

struct ListModel {
    struct Option { let value: String; let label: String; let selected: Bool }
    struct TextFilter { let name: String; let label: String; let value: String }
    struct Row { let href: String; let first: String; let cells: [String] }
    let t: [String: String]
    let title: String
    let path: String
    let headers: [String]
    let rows: [Row]
    let q: String
    let states: [Option]
    let sorts: [Option]
    let mine: Bool
    let next: String?
    let first: String?
    let csv: String
    let empty: String
    let newHref: String?
    var scanHref: String?
    var textFilters: [TextFilter] = []
    /// The organisation's fields as filters, and the saved views.
    var views = ListViewsModel()
    var csrf = ""
    // Mustache sees stored properties only.
    var hasStates = false
    var hasRows = false
}

extension Pages {
    var listRoutes: [WebRoute] {
        [
            list(ListSpecs.leads), list(ListSpecs.accounts), list(ListSpecs.contacts), list(ListSpecs.opportunities),
            list(ListSpecs.quotes), list(ListSpecs.orders), list(ListSpecs.invoices), list(ListSpecs.products),
            list(ListSpecs.activities), list(ListSpecs.priceLists),
        ] + viewRoutes
    }

    func list<R: Persisted>(_ spec: ListSpec<R>) -> WebRoute {
        WebRoute(.get, spec.path) { request in
            let user = try request.user()
            let t = request.language
            // A saved view gives the parameters the request leaves out.
            let (fields, savedViews) = try await listFields(R.self, path: spec.path, viewId: request.query["view"], user)
            var web = request
            web.query = ListFields.parameters(request.query, view: fields.view?.view)
            var query = ListQuery(limit: 25)
            query.search = web.query["q"].flatMap { $0.trimmingWhitespace().isEmpty ? nil : $0 }
            if let state = web.query["state"], spec.states.contains(state) { query.filters["state"] = state }
            for name in spec.textFilters {
                if let value = web.query[name]?.trimmingWhitespace(), !value.isEmpty { query.filters[name] = value }
            }
            let mine = web.query["mine"] == "1"
            if mine { query.filters["ownerId"] = user.user.id.description }
            let sort = web.query["sort"] ?? "-createdAt"
            if let field = SortField(rawValue: sort.hasPrefix("-") ? String(sort.dropFirst()) : sort) {
                query.sort = field
                query.descending = sort.hasPrefix("-")
            }
            fields.apply(web.query, to: &query)
            query.cursor = web.query["cursor"]
            let page = try await services.list(R.self, query, by: user.caller)
            var kept: [(String, String)] = []
            if let q = query.search { kept.append(("q", q)) }
            if let state = query.filters["state"] { kept.append(("state", state)) }
            for name in spec.textFilters { if let value = query.filters[name] { kept.append((name, value)) } }
            if mine { kept.append(("mine", "1")) }
            kept.append(("sort", sort))
            for (name, value) in web.query.sorted(by: { $0.key < $1.key }) where name.hasPrefix("cf.") && !value.isEmpty {
                kept.append((name, value))
            }
            if let view = fields.view { kept.append(("view", view.view.id.uuidString.lowercased())) }
            func href(_ base: String, _ extra: [(String, String)]) -> String {
                base + "?" + (kept + extra).map { "\($0.0)=\(URLEncodedForm.escape($0.1))" }.joined(separator: "&")
            }
            var csvQuery = kept.filter { $0.0 != "mine" && $0.0 != "view" }
            if mine { csvQuery.append(("ownerId", user.user.id.description)) }
            let settings = try await services.settings()
            let rows = page.items.map { record in
                ListModel.Row(href: spec.link(record), first: spec.columns[0].text(record, t, settings),
                              cells: spec.columns.dropFirst().map { $0.text(record, t, settings) } + fields.cells(record, t))
            }
            var model = ListModel(
                t: t.strings, title: fields.view?.view.name ?? t.text(spec.titleKey), path: spec.path,
                headers: spec.columns.map { t.text($0.header) } + fields.columns.map { $0.label(t) }, rows: rows,
                q: query.search ?? "",
                states: [ListModel.Option(value: "", label: t.text("list_allStates"), selected: query.filters["state"] == nil)]
                    + spec.states.map { ListModel.Option(value: $0, label: t.label("state", $0), selected: query.filters["state"] == $0) },
                sorts: [("-createdAt", "sort_newest"), ("createdAt", "sort_oldest"), ("-modifiedAt", "sort_modified")].map {
                    ListModel.Option(value: $0.0, label: t.text($0.1), selected: sort == $0.0)
                } + fields.sorts(sort, t),
                mine: mine, next: page.nextCursor.map { href(spec.path, [("cursor", $0)]) },
                first: query.cursor == nil ? nil : href(spec.path, []),
                csv: "/api/v1" + spec.path + "?" + (csvQuery + [("format", "csv"), ("headers", "labels"), ("headerLanguage", t.rawValue)]).map { "\($0.0)=\(URLEncodedForm.escape($0.1))" }.joined(separator: "&"),
                empty: t.text(query.search == nil && query.filters.isEmpty && query.custom.isEmpty ? spec.emptyKey : "list_noMatch"),
                newHref: spec.newHref)
            model.scanHref = spec.scanHref
            model.textFilters = spec.textFilters.map {
                ListModel.TextFilter(name: $0, label: t.text("field_\($0)"), value: query.filters[$0] ?? "")
            }
            model.csrf = user.csrfToken
            model.views = try await listViewsModel(fields, views: savedViews, path: spec.path, parameters: web.query, user, t)
            model.hasStates = model.states.count > 1
            model.hasRows = !rows.isEmpty
            return .page(views.page(.list, model, title: model.title, web, current: spec.path))
        }
    }
}
