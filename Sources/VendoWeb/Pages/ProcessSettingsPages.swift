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
            fields.append(FormField("probability_\(stage.key)", t.text("process_probability", label(stage.labels, stage.key)),
                                    value: stage.probability.map(String.init) ?? ""))
            for step in stage.steps {
                rows.append(SettingsModel.row([label(stage.labels, stage.key), label(step.labels, step.key),
                                               step.field.map { t.label("field", $0) } ?? t.text("process_checklist"),
                                               t.text(step.required ? "yes" : "no")]))
                fields.append(FormField("required_\(step.key)", "\(label(stage.labels, stage.key)) › \(label(step.labels, step.key))",
                                        value: step.required ? "1" : "0", choices: yesNo))
            }
        }
        let form = SettingsModel.Form(action: "/settings/process", submit: t.text("save"), fields: fields, open: problem != nil)
        let section = SettingsModel.section(process.name, intro: t.text("process_intro"),
                                            headers: [t.text("field_stage"), t.text("process_step"), t.text("process_kind"), t.text("required")],
                                            rows: rows, empty: "", form: form)
        return settingsPage(web, session, page: "/settings/process", sections: [section], problem: problem)
    }

    @Sendable func saveProcess(_ web: WebRequest) async throws -> WebResult {
        try await settingsAction(web, form: "process", back: "/settings/process", flash: "flash_saved",
                                 page: { web, problem in try await processPage(web, problem: problem) }) { session in
            let process = try await defaultProcess()
            var stages = process.stages
            var errors: [FieldError] = []
            for stageIndex in stages.indices {
                let key = "probability_\(stages[stageIndex].key)"
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
        let rows = forms.map { form in
            SettingsModel.row([form.fields.name, form.fields.key, t.label("leadSource", form.fields.source.rawValue), "/capture/\(form.fields.key)",
                               t.text(form.fields.active ? "user_active" : "user_inactive")],
                              code: form.snippet(endpoint: "/capture/\(form.fields.key)"))
        }
        let targets = Self.captureTargets.map { ($0, t.label("field", $0)) }
        let typed = problem?.form == "capture"
        let create = SettingsModel.Form(action: "/settings/capture-forms", submit: t.text("capture_add"), fields: [
            Self.field("name", t.text("field_name"), problem, form: "capture", value: typed ? web.field("name") ?? "" : "", required: true),
            Self.field("key", t.text("capture_key"), problem, form: "capture", value: typed ? web.field("key") ?? "" : "", required: true),
            Self.field("topic", t.text("field_topic"), problem, form: "capture", value: typed ? web.field("topic") ?? "" : t.text("capture_defaultTopic")),
            Self.field("source", t.text("field_source"), problem, form: "capture", value: typed ? web.field("source") ?? "web" : "web",
                       choices: LeadSource.allCases.map { ($0.rawValue, t.label("leadSource", $0.rawValue)) }),
            FormField("fields", t.text("capture_fields"), several: targets, selected: typed ? Set(web.fields("fields")) : ["firstName", "lastName", "email", "companyName", "description"]),
            FormField("required", t.text("capture_required"), several: targets, selected: typed ? Set(web.fields("required")) : ["email"]),
        ], open: typed)
        let section = SettingsModel.section(t.text("settings_capture"), intro: t.text("capture_intro"),
                                            headers: [t.text("field_name"), t.text("capture_key"), t.text("field_source"), t.text("capture_endpoint"),
                                                      t.text("user_state")],
                                            rows: rows, empty: t.text("capture_empty"), form: create)
        return settingsPage(web, session, page: "/settings/capture-forms", sections: [section], problem: problem)
    }

    @Sendable func createCaptureForm(_ web: WebRequest) async throws -> WebResult {
        try await settingsAction(web, form: "capture", back: "/settings/capture-forms", flash: "flash_saved",
                                 page: { web, problem in try await captureFormsPage(web, problem: problem) }) { session in
            let required = Set(web.fields("required"))
            let fields = web.fields("fields").filter(Self.captureTargets.contains).map { CaptureField(name: $0, target: $0, required: required.contains($0)) }
            let source = web.field("source").flatMap(LeadSource.init(rawValue:)) ?? .web
            _ = try await services.createCaptureForm(CaptureFormFields(key: web.field("key") ?? "", name: web.field("name") ?? "", fields: fields,
                                                                       source: source, topic: web.field("topic") ?? ""), by: session.caller)
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
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vendo-web-import-\(UUID().uuidString).csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
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
