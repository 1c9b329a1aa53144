import Foundation
import VendoCore
import VendoServices

/// A choice of a select.
struct Option {
    let value: String
    let label: String
    let selected: Bool
}

/// One control of a form, with the value typed and its message when refused.
struct FormField {
    let name: String
    let label: String
    var type = "text"
    var value = ""
    var required = false
    var multiline = false
    var choices: [Option] = []
    var hasChoices = false
    /// A select of several values (team members).
    var multiple = false
    var error: String?
    /// Values a text input proposes while leaving any other text free (a `datalist`).
    var suggestions: [String] = [] { didSet { hasSuggestions = !suggestions.isEmpty } }
    /// Stored, as templates read only stored properties.
    private(set) var hasSuggestions = false

    init(_ name: String, _ label: String, type: String = "text", value: String = "", required: Bool = false, multiline: Bool = false,
         choices: [(String, String)] = [], error: String? = nil) {
        self.name = name
        self.label = label
        self.type = type
        self.value = value
        self.required = required
        self.multiline = multiline
        self.choices = choices.map { Option(value: $0.0, label: $0.1, selected: $0.0 == value) }
        hasChoices = !choices.isEmpty
        self.error = error
    }

    /// A select of several values, `selected` chosen.
    init(_ name: String, _ label: String, several choices: [(String, String)], selected: Set<String>) {
        self.name = name
        self.label = label
        self.choices = choices.map { Option(value: $0.0, label: $0.1, selected: selected.contains($0.0)) }
        hasChoices = true
        multiple = true
    }
}

/// A refused form: the message at the top and the messages next to the fields.
struct FormProblem: Sendable {
    var message: String
    var fields: [String: String] = [:]
    /// Which form of the page was refused (`qualify`, `line`…), so the page opens it again.
    var form: String

    init(_ error: any Error, form: String, _ t: Language) {
        message = ErrorText.message(for: error, t)
        fields = ErrorText.fields(of: error, t)
        self.form = form
    }

    init(message: String, fields: [String: String], form: String) {
        self.message = message
        self.fields = fields
        self.form = form
    }
}

/// The process bar: the stages, where the record is, the active stage's steps, and the moves.
struct ProcessBar {
    struct Stage { let key: String; let label: String; let done: Bool; let current: Bool; let position: Int }
    struct Step { let key: String; let label: String; let done: Bool; let required: Bool; let checkable: Bool }
    let action: String
    let stageAction: String
    let csrf: String
    let version: Int
    let stages: [Stage]
    let currentLabel: String
    let steps: [Step]
    let hasSteps: Bool
    let next: Stage?
    let canMove: Bool
    let editable: Bool
    let moveTargets: [Option]

    /// `position` of `process`; `filled` are the record's filled fields; `editable` when the record may change.
    init(process: SalesProcess, position: ProcessPosition, filled: Set<String>, forLead: Bool, action: String, csrf: String,
         version: Int, editable: Bool, _ t: Language) {
        func label(_ labels: [String: String], _ key: String) -> String { labels[t.rawValue] ?? labels["en"] ?? key }
        let currentIndex = forLead ? 0 : max(1, process.index(of: position.stage) ?? 1)
        stages = process.stages.enumerated().map { index, stage in
            Stage(key: stage.key, label: label(stage.labels, stage.key), done: index < currentIndex, current: index == currentIndex,
                  position: index + 1)
        }
        let stage = process.stages[currentIndex]
        currentLabel = label(stage.labels, stage.key)
        steps = stage.steps.map { step in
            let done = step.field.map { filled.contains($0) } ?? (position.checklist[step.key] == true)
            return Step(key: step.key, label: label(step.labels, step.key), done: done, required: step.required,
                        checkable: step.field == nil && editable)
        }
        hasSteps = !steps.isEmpty
        self.action = action
        stageAction = action.replacingOccurrences(of: "/checklist", with: "/stage")
        self.csrf = csrf
        self.version = version
        self.editable = editable
        canMove = editable && !forLead
        next = canMove && currentIndex + 1 < stages.count ? stages[currentIndex + 1] : nil
        moveTargets = canMove ? stages.dropFirst().map { Option(value: $0.key, label: $0.label, selected: $0.current) } : []
    }
}

/// The records that look like a record, each with a merge into it.
struct MergeDialog {
    struct Similar { let href: String; let name: String; let matchedOn: String; let duplicateId: String }
    let action: String
    let title: String
    let intro: String
    let button: String
    let confirm: String
    let similar: [Similar]

    /// The matches of `type` among `matches`, or nil when there are none.
    init?(_ matches: [DuplicateMatch], type: String, base: String, action: String, lead: Bool, _ t: Language) {
        similar = matches.filter { $0.recordType == type }.map { match in
            let id = match.id.uuidString.lowercased()
            return Similar(href: "\(base)/\(id)", name: match.name, matchedOn: t.label("field", match.matchedOn), duplicateId: id)
        }
        if similar.isEmpty { return nil }
        self.action = action
        title = t.text(lead ? "similarLeads" : "similarRecords")
        intro = t.text(lead ? "mergeIntro" : "mergeRecordIntro")
        button = t.text(lead ? "mergeHere" : "mergeHereRecord")
        confirm = t.text(lead ? "confirmMerge" : "confirmMergeRecord")
    }
}

/// The timeline and the history of a record, ready to show.
struct RecordLog {
    struct Entry { let at: String; let kind: String; let text: String; let detail: String? }
    struct Change { let at: String; let who: String; let action: String; let field: String; let old: String; let new: String }
    let timeline: [Entry]
    let hasTimeline: Bool
    let history: [Change]
    let hasHistory: Bool
    /// The organisation's fields of activities, in the form that adds one.
    var activityFields: [FormField] = [] { didSet { hasActivityFields = !activityFields.isEmpty } }
    private(set) var hasActivityFields = false

    init(timeline items: [TimelineItem], history entries: [HistoryEntry], users: [ID<User>: String], custom: CustomFieldForm, _ t: Language) {
        let formats = Formats(t)
        timeline = items.map { item in
            switch item.content {
            case .activity(let activity):
                // Its state, then the organisation's fields it holds.
                let facts = custom.facts(activity.customFields, t).map { "\($0.label)\(t.text("colon"))\($0.value)" }
                return Entry(at: formats.dateTime(item.at), kind: t.label("activityType", activity.type.rawValue),
                             text: activity.fields.subject, detail: ([t.label("state", activity.state.rawValue)] + facts).joined(separator: " · "))
            case .close(let record):
                return Entry(at: formats.dateTime(item.at), kind: t.text("timeline_closed"),
                             text: t.label("status", record.status), detail: record.description)
            case .change(let entry) where entry.field == "message":
                let value = entry.newValue ?? ""
                func rest(_ prefix: String) -> String { String(value.dropFirst(prefix.count)) }
                let text = value.hasPrefix("queued: ") ? t.text("message_queued", rest("queued: "))
                    : value == "sent" ? t.text("message_sent")
                    : value.hasPrefix("failed: ") ? t.text("message_failed", rest("failed: "))
                    : value.hasPrefix("retrying: ") ? t.text("message_retrying", rest("retrying: ")) : value
                return Entry(at: formats.dateTime(item.at), kind: t.text("timeline_message"), text: text, detail: nil)
            case .change(let entry):
                let text = entry.field.map { field in
                    "\(t.label("field", field))\(t.text("colon"))\(entry.oldValue.map { t.label(field, $0) } ?? "—") → \(entry.newValue.map { t.label(field, $0) } ?? "—")"
                } ?? t.label("action", entry.action)
                return Entry(at: formats.dateTime(item.at), kind: t.label("record", item.recordType), text: text, detail: nil)
            }
        }
        hasTimeline = !timeline.isEmpty
        history = entries.reversed().map { entry in
            Change(at: formats.dateTime(entry.at), who: users[entry.userId] ?? "—", action: t.label("action", entry.action),
                   field: entry.field.map { $0.hasPrefix("lines[") ? t.text("history_line") : t.label("field", $0) } ?? "", old: entry.oldValue ?? "", new: entry.newValue ?? "")
        }
        hasHistory = !history.isEmpty
    }
}

extension Pages {
    /// Whether the signed-in user may change `record` (a teammate's record can be seen, not changed):
    /// pages offer only the actions that both the state and the access rules allow.
    static func mayChange<R: Record>(_ record: R, _ session: WebSession) -> Bool {
        AccessPolicy.allows(session.caller.principal, .update, ownerId: record.info.ownerId, kind: R.accessKind)
    }

    /// The names of the users, for the history.
    func userNames(_ caller: Caller) async throws -> [ID<User>: String] {
        let users = try await services.list(User.self, ListQuery(limit: 200), by: caller)
        return Dictionary(users.items.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    /// The record's timeline and history, and the custom controls of its activity form (with
    /// what was typed and its messages when that form was refused).
    func log(_ type: RegardingType, _ id: UUID, history: [HistoryEntry], _ web: WebRequest, problem: FormProblem?) async throws -> RecordLog {
        let session = try web.user(), t = web.language
        let timeline = try await services.timeline(of: type, id, limit: 50, by: session.caller)
        // The users are read once, for the history and for the activities' user fields.
        let users = try await userNames(session.caller)
        let custom = try await customFieldForm(.activity, session, users: users)
        var log = RecordLog(timeline: timeline.items, history: history, users: users, custom: custom, t)
        if problem?.form == "activity" {
            let (typed, selected) = custom.typed(web)
            log.activityFields = custom.controls(typed, selected: selected, errors: CustomFieldForm.errors(problem?.fields ?? [:]), t)
        } else {
            log.activityFields = custom.controls([:], errors: [:], t)
        }
        return log
    }

    func process(_ id: ID<SalesProcess>) async throws -> SalesProcess? {
        try await services.processes().first { $0.id == id }
    }
}

extension Pages {
    /// A refusal as a problem of `form`; missing process steps are named in the reader's language.
    func problem(_ error: any Error, form: String, _ t: Language) async -> FormProblem {
        var problem = FormProblem(error, form: form, t)
        if case .conflict("required_steps_missing", _, let keys)? = ServiceError.from(error) as? ServiceError {
            let steps = ((try? await services.processes()) ?? []).flatMap { $0.stages.flatMap(\.steps) }
            let labels = keys.map { key in
                steps.first { $0.key == key }.map { $0.labels[t.rawValue] ?? $0.labels["en"] ?? key } ?? key
            }
            problem.message = t.text("error_stepsMissing", labels.joined(separator: ", "))
        }
        return problem
    }
}
