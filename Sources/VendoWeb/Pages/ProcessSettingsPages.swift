import Foundation
import VendoCore
import VendoServices

/// Settings: the sales process's required steps and probabilities, web capture forms with the
/// snippet to paste, and imports of pasted CSV.
extension Pages {
    var processSettingsRoutes: [WebRoute] {
        [
            WebRoute(.get, "/settings/process") { web in try await processPage(web, problem: nil) },
            WebRoute(.post, "/settings/process", saveProcess),
            WebRoute(.post, "/settings/process/steps", addStep),
            WebRoute(.post, "/settings/process/steps/{key}/delete", removeStep),
            WebRoute(.post, "/settings/process/stages", addStage),
            WebRoute(.post, "/settings/process/stages/{key}/delete", removeStage),
            WebRoute(.get, "/settings/capture-forms") { web in try await captureFormsPage(web, problem: nil) },
            WebRoute(.post, "/settings/capture-forms", createCaptureForm),
            WebRoute(.get, "/settings/import") { web in try await importPage(web, problem: nil, report: nil) },
            WebRoute(.post, "/settings/import", runImport),
        ]
    }

    func defaultProcess() async throws -> SalesProcess {
        let processes = try await services.processes()
        guard let process = processes.first(where: \.isDefault) ?? processes.first else { throw WebFailure.notFound }
        return process
    }

    func processPage(_ web: WebRequest, problem: FormProblem?) async throws -> WebResult {
        let session = try admin(web)
        let t = web.language
        let process = try await defaultProcess()
        func label(_ labels: [String: String], _ key: String) -> String { labels[t.rawValue] ?? labels["en"] ?? key }
        var rows: [SettingsModel.Row] = []
        var fields: [FormField] = []
        let yesNo = [("1", t.text("yes")), ("0", t.text("no"))]
        for stage in process.stages {
            let name = label(stage.labels, stage.key)
            fields.append(FormField("label_en_\(stage.key)", t.text("process_labelEn", name), value: stage.labels["en"] ?? ""))
            fields.append(FormField("label_fr_\(stage.key)", t.text("process_labelFr", name), value: stage.labels["fr"] ?? ""))
            fields.append(FormField("probability_\(stage.key)", t.text("process_probability", name), value: stage.probability.map(String.init) ?? ""))
            for step in stage.steps {
                rows.append(SettingsModel.row([name, label(step.labels, step.key), step.field.map { t.label("field", $0) } ?? t.text("process_checklist"),
                                               t.text(step.required ? "yes" : "no")], [
                    SettingsModel.RowAction(action: "/settings/process/steps/\(step.key)/delete", label: t.text("remove"), style: "link danger",
                                            confirm: t.text("confirmRemoveStep"), idPrefix: "step-\(step.key)"),
                ]))
                fields.append(FormField("required_\(step.key)", "\(name) › \(label(step.labels, step.key))",
                                        value: step.required ? "1" : "0", choices: yesNo))
            }
        }
        let typed = { (form: String, name: String) in problem?.form == form ? web.field(name) ?? "" : "" }
        let stageChoices = process.stages.map { ($0.key, label($0.labels, $0.key)) }
        let fieldChoices = [("", t.text("process_checklist"))] + StepFields.opportunity.sorted().map { ($0, t.label("field", $0)) }
        let form = SettingsModel.Form(action: "/settings/process", submit: t.text("save"), fields: fields, open: problem?.form == "process")
        let stepForm = SettingsModel.Form(action: "/settings/process/steps", submit: t.text("process_addStep"), fields: [
            Self.field("stage", t.text("field_stage"), problem, form: "step", value: typed("step", "stage"), choices: stageChoices),
            Self.field("key", t.text("process_key"), problem, form: "step", value: typed("step", "key"), required: true),
            Self.field("labelEn", t.text("process_nameEn"), problem, form: "step", value: typed("step", "labelEn"), required: true),
            Self.field("labelFr", t.text("process_nameFr"), problem, form: "step", value: typed("step", "labelFr")),
            Self.field("field", t.text("process_kind"), problem, form: "step", value: typed("step", "field"), choices: fieldChoices),
            Self.field("required", t.text("required"), problem, form: "step", value: typed("step", "required").isEmpty ? "0" : typed("step", "required"),
                       choices: yesNo),
        ], open: problem?.form == "step")
        let stageRows = process.stages.enumerated().map { index, stage in
            SettingsModel.row([String(index + 1), label(stage.labels, stage.key), stage.key, stage.probability.map { "\($0) %" } ?? ""], [
                SettingsModel.RowAction(action: "/settings/process/stages/\(stage.key)/delete", label: t.text("remove"), style: "link danger",
                                        confirm: t.text("confirmRemoveStage"), idPrefix: "stage-\(stage.key)"),
            ])
        }
        let stageForm = SettingsModel.Form(action: "/settings/process/stages", submit: t.text("process_addStage"), fields: [
            Self.field("after", t.text("process_after"), problem, form: "stage", value: typed("stage", "after"), choices: stageChoices),
            Self.field("key", t.text("process_key"), problem, form: "stage", value: typed("stage", "key"), required: true),
            Self.field("labelEn", t.text("process_nameEn"), problem, form: "stage", value: typed("stage", "labelEn"), required: true),
            Self.field("labelFr", t.text("process_nameFr"), problem, form: "stage", value: typed("stage", "labelFr")),
            Self.field("probability", t.text("field_probability"), problem, form: "stage", value: typed("stage", "probability")),
        ], open: problem?.form == "stage")
        let sections = [
            SettingsModel.section(process.name, intro: t.text("process_intro"),
                                  headers: [t.text("field_stage"), t.text("process_step"), t.text("process_kind"), t.text("required"), t.text("actions")],
                                  rows: rows, empty: "", form: form),
            SettingsModel.section(t.text("process_steps"), headers: [], rows: [], empty: t.text("process_stepsIntro"), form: stepForm),
            SettingsModel.section(t.text("process_stages"), intro: t.text("process_stagesIntro"),
                                  headers: ["#", t.text("field_name"), t.text("process_key"), t.text("field_probability"), t.text("actions")],
                                  rows: stageRows, empty: "", form: stageForm),
        ]
        return settingsPage(web, session, page: "/settings/process", sections: sections, problem: problem)
    }

    /// Replaces the default process with `change` applied to its stages; refusals are the form's.
    func changeProcess(_ web: WebRequest, form: String,
                       _ change: @escaping @Sendable (inout [ProcessStage]) throws -> Void) async throws -> WebResult {
        try await settingsAction(web, form: form, back: "/settings/process", flash: "flash_saved",
                                 page: { web, problem in try await processPage(web, problem: problem) }) { session in
            let process = try await defaultProcess()
            var stages = process.stages
            try change(&stages)
            _ = try await services.replaceProcess(process.id, name: process.name, isDefault: true, stages: stages, ifVersion: nil, by: session.caller)
        }
    }

    static func labels(_ web: WebRequest) -> [String: String] {
        var labels: [String: String] = [:]
        if let english = web.field("labelEn") { labels["en"] = english }
        if let french = web.field("labelFr") { labels["fr"] = french }
        return labels
    }

    @Sendable func addStep(_ web: WebRequest) async throws -> WebResult {
        try await changeProcess(web, form: "step") { stages in
            guard let index = stages.firstIndex(where: { $0.key == web.field("stage") }) else {
                throw ServiceError.validation([FieldError("stage", "required", web.language.text("field_required"))])
            }
            stages[index].steps.append(ProcessStep(key: web.field("key") ?? "", labels: Self.labels(web), field: web.field("field"),
                                                   required: web.field("required") == "1"))
        }
    }

    @Sendable func removeStep(_ web: WebRequest) async throws -> WebResult {
        try await changeProcess(web, form: "process") { stages in
            let key = web.parameters["key"] ?? ""
            for index in stages.indices { stages[index].steps.removeAll { $0.key == key } }
        }
    }

    @Sendable func addStage(_ web: WebRequest) async throws -> WebResult {
        try await changeProcess(web, form: "stage") { stages in
            let position = stages.firstIndex { $0.key == web.field("after") }.map { $0 + 1 } ?? stages.count
            var probability: Int?
            if let raw = web.field("probability") {
                guard let value = Int(raw) else {
                    throw ServiceError.validation([FieldError("probability", "invalid_number", web.language.text("field_invalid_number"))])
                }
                probability = value
            }
            stages.insert(ProcessStage(key: web.field("key") ?? "", labels: Self.labels(web), probability: probability), at: position)
        }
    }

    @Sendable func removeStage(_ web: WebRequest) async throws -> WebResult {
        try await changeProcess(web, form: "process") { stages in
            let key = web.parameters["key"] ?? ""
            stages.removeAll { $0.key == key }
        }
    }

    @Sendable func saveProcess(_ web: WebRequest) async throws -> WebResult {
        try await settingsAction(web, form: "process", back: "/settings/process", flash: "flash_saved",
                                 page: { web, problem in try await processPage(web, problem: problem) }) { session in
            let process = try await defaultProcess()
            var stages = process.stages
            var errors: [FieldError] = []
            for stageIndex in stages.indices {
                let stageKey = stages[stageIndex].key
                for language in SalesProcess.languages {
                    if let label = web.field("label_\(language)_\(stageKey)") { stages[stageIndex].labels[language] = label }
                }
                let key = "probability_\(stageKey)"
                if let raw = web.field(key) {
                    if let probability = Int(raw) { stages[stageIndex].probability = probability } else {
                        errors.append(FieldError(key, "invalid_number", web.language.text("field_invalid_number")))
                    }
                } else {
                    stages[stageIndex].probability = nil
                }
                for stepIndex in stages[stageIndex].steps.indices {
                    if let value = web.field("required_\(stages[stageIndex].steps[stepIndex].key)") {
                        stages[stageIndex].steps[stepIndex].required = value == "1"
                    }
                }
            }
            if !errors.isEmpty { throw ServiceError.validation(errors) }
            _ = try await services.replaceProcess(process.id, name: process.name, isDefault: true, stages: stages, ifVersion: nil, by: session.caller)
        }
    }

    // MARK: Capture forms

    static let captureTargets = ["firstName", "lastName", "companyName", "jobTitle", "email", "phone", "website", "description"]

    func captureFormsPage(_ web: WebRequest, problem: FormProblem?) async throws -> WebResult {
        let session = try admin(web)
        let t = web.language
        let forms = try await services.list(CaptureForm.self, ListQuery(sort: .createdAt, descending: false, limit: 200), by: session.caller).items
        // A snippet pasted on the company's site posts to another origin: only an absolute address reaches Vendo.
        let base = try await services.publicURL()
        let lists = try await services.settings()
        let rows = forms.map { form in
            let endpoint = base.map { "\($0)/capture/\(form.fields.key.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? form.fields.key)" }
            return SettingsModel.row([form.fields.name, form.fields.key, lists.choiceLabel(.leadSource, form.fields.source.rawValue, t), endpoint ?? "—",
                                      t.text(form.fields.active ? "user_active" : "user_inactive")],
                                     code: endpoint.map { form.snippet(endpoint: $0) })
        }
        // The lead's own fields may be filled by a form too.
        let custom = try await customFieldForm(.lead, session)
        let targets = Self.captureTargets.map { ($0, t.label("field", $0)) } + custom.definitions.map { ("cf." + $0.key, $0.label(t)) }
        let typed = problem?.form == "capture"
        let create = SettingsModel.Form(action: "/settings/capture-forms", submit: t.text("capture_add"), fields: [
            Self.field("name", t.text("field_name"), problem, form: "capture", value: typed ? web.field("name") ?? "" : "", required: true),
            Self.field("key", t.text("capture_key"), problem, form: "capture", value: typed ? web.field("key") ?? "" : "", required: true),
            Self.field("topic", t.text("field_topic"), problem, form: "capture", value: typed ? web.field("topic") ?? "" : t.text("capture_defaultTopic")),
            Self.field("source", t.text("field_source"), problem, form: "capture", value: typed ? web.field("source") ?? "web" : "web",
                       choices: lists.options(.leadSource, t)),
            FormField("fields", t.text("capture_fields"), several: targets, selected: typed ? Set(web.fields("fields")) : ["firstName", "lastName", "email", "companyName", "description"]),
            FormField("required", t.text("capture_required"), several: targets, selected: typed ? Set(web.fields("required")) : ["email"]),
            Self.field("thankYouURL", t.text("capture_thankYou"), problem, form: "capture", value: typed ? web.field("thankYouURL") ?? "" : "", type: "url"),
            Self.field("allowedOrigins", t.text("capture_origins"), problem, form: "capture", value: typed ? web.field("allowedOrigins") ?? "" : ""),
        ], open: typed)
        let section = SettingsModel.section(t.text("settings_capture"), intro: t.text("capture_intro"),
                                            headers: [t.text("field_name"), t.text("capture_key"), t.text("field_source"), t.text("capture_endpoint"),
                                                      t.text("user_state")],
                                            rows: rows, empty: t.text("capture_empty"), form: create)
        return settingsPage(web, session, page: "/settings/capture-forms", sections: [section], problem: problem,
                            notice: base == nil ? t.text("capture_noPublicURL") : nil)
    }

    @Sendable func createCaptureForm(_ web: WebRequest) async throws -> WebResult {
        try await settingsAction(web, form: "capture", back: "/settings/capture-forms", flash: "flash_saved",
                                 page: { web, problem in try await captureFormsPage(web, problem: problem) }) { session in
            let required = Set(web.fields("required"))
            // An input is named after its target: `cf.region` posts as `cf_region`, a plain HTML name.
            let fields = web.fields("fields").filter { Self.captureTargets.contains($0) || $0.hasPrefix("cf.") }.map {
                CaptureField(name: $0.replacingOccurrences(of: ".", with: "_"), target: $0, required: required.contains($0))
            }
            let source = web.field("source").flatMap(LeadSource.init(rawValue:)) ?? .web
            var form = CaptureFormFields(key: web.field("key") ?? "", name: web.field("name") ?? "", fields: fields, source: source,
                                         topic: web.field("topic") ?? "")
            form.thankYouURL = web.field("thankYouURL")
            form.allowedOrigins = (web.field("allowedOrigins") ?? "").split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\n" })
                .map(String.init).filter { !$0.isEmpty }
            _ = try await services.createCaptureForm(form, by: session.caller)
        }
    }

    // MARK: Import

    func importPage(_ web: WebRequest, problem: FormProblem?, report: ImportReport?) async throws -> WebResult {
        let session = try admin(web)
        let t = web.language
        let typed = problem != nil || report != nil
        let form = SettingsModel.Form(action: "/settings/import", submit: t.text("import_run"), fields: [
            FormField("kind", t.text("import_kind"), value: typed ? web.field("kind") ?? "leads" : "leads",
                      choices: ImportKind.allCases.map { ($0.rawValue, t.label("importKind", $0.rawValue)) }),
            Self.field("csv", t.text("import_csv"), problem, form: "import", value: typed ? web.form["csv"]?.first ?? "" : "", multiline: true),
            FormField("options", t.text("import_options"), several: [("dryRun", t.text("import_dryRun")), ("skipBadRows", t.text("import_skipBadRows")),
                                                                     ("allowDuplicates", t.text("import_allowDuplicates"))],
                      selected: typed ? Set(web.fields("options")) : ["dryRun"]),
        ], open: true)
        var sections = [SettingsModel.section(t.text("settings_import"), intro: t.text("import_intro"), headers: [], rows: [], empty: "", form: form)]
        if let report {
            var rows = [SettingsModel.row([t.text("import_rows"), String(report.rows)]),
                        SettingsModel.row([t.text(report.dryRun ? "import_wouldCreate" : "import_created"), String(report.created)]),
                        SettingsModel.row([t.text("import_badRows"), String(report.badRows)]),
                        SettingsModel.row([t.text("import_duplicates"), String(report.duplicateCount)])]
            if report.interrupted { rows.insert(SettingsModel.row([t.text("import_interrupted"), String(report.created)]), at: 1) }
            if report.topicsMade > 0 { rows.append(SettingsModel.row([t.text("import_topicsMade"), String(report.topicsMade)])) }
            if !report.ignoredColumns.isEmpty {
                rows.append(SettingsModel.row([t.text("import_ignoredColumns"), report.ignoredColumns.joined(separator: ", ")]))
            }
            rows += report.problems.prefix(50).map { SettingsModel.row([t.text("import_line", String($0.line)), "\($0.field ?? "") \($0.message)"]) }
            rows += report.duplicates.prefix(50).map { duplicate in
                SettingsModel.row([t.text("import_line", String(duplicate.line)), duplicate.matches.map(\.name).joined(separator: ", ")])
            }
            sections.insert(SettingsModel.section(t.text("import_report"), headers: [t.text("field"), t.text("org_value")], rows: rows, empty: "",
                                                  form: nil), at: 0)
        }
        return settingsPage(web, session, page: "/settings/import", sections: sections, problem: problem)
    }

    @Sendable func runImport(_ web: WebRequest) async throws -> WebResult {
        let session = try admin(web)
        let t = web.language
        guard let kind = web.field("kind").flatMap(ImportKind.init(rawValue:)) else { throw WebFailure.notFound }
        guard let text = web.form["csv"]?.first, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return try await importPage(web, problem: FormProblem(message: t.text("error_validation"), fields: ["csv": t.text("field_required")],
                                                                   form: "import"), report: nil)
        }
        let options = Set(web.fields("options"))
        let path = try spool.newFile(suffix: ".csv", contents: Data(text.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let report = try await services.importFile(kind, path: path, format: .csv,
                                                       options: ImportOptions(dryRun: options.contains("dryRun"), skipBadRows: options.contains("skipBadRows"),
                                                                              allowDuplicates: options.contains("allowDuplicates")),
                                                       by: session.caller)
            return try await importPage(web, problem: nil, report: report)
        } catch {
            guard ServiceError.from(error) is ServiceError, !Self.isAccessError(error) else { throw error }
            if case .page(let html, _) = try await importPage(web, problem: await problem(error, form: "import", t), report: nil) {
                throw WebFailure.form(html: html)
            }
            throw error
        }
    }
}
