import Foundation
import VendoCore
import VendoServices

/// Settings → Accounting: the chart of accounts entries are posted to, the fiscal year, and the
/// journal for the accountant (the FEC or CSV).
extension Pages {
    var accountingSettingsRoutes: [WebRoute] {
        [
            WebRoute(.get, "/settings/accounting") { web in try await accountingPage(web, problem: nil) },
            WebRoute(.post, "/settings/accounting", saveAccounting),
            WebRoute(.post, "/settings/accounting/export", exportJournal),
        ]
    }

    static let accountKeys = ["receivable", "sales", "vat", "bank", "writeOffLoss", "writeOffGain"]

    func accountingPage(_ web: WebRequest, problem: FormProblem?) async throws -> WebResult {
        let session = try admin(web)
        let t = web.language
        let settings = try await services.settings()
        let refused = problem?.form == "accounts"
        func typed(_ name: String, _ current: String) -> String { refused ? web.field(name) ?? "" : current }
        let accounts = settings.accounts ?? [:]
        let perRate = accounts.filter { $0.key.contains(".") }.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: "\n")
        var fields = Self.accountKeys.map { key in
            Self.field("account-\(key)", t.text("accounting_\(key)"), problem, form: "accounts",
                       value: typed("account-\(key)", accounts[key] ?? ChartOfAccounts.defaults[key] ?? ""))
        }
        fields += [
            Self.field("perRate", t.text("accounting_perRate"), problem, form: "accounts", value: typed("perRate", perRate), multiline: true),
            Self.field("receivablesPerCustomer", t.text("accounting_perCustomer"), problem, form: "accounts",
                       value: typed("receivablesPerCustomer", settings.receivablesPerCustomer == false ? "0" : "1"),
                       choices: [("1", t.text("yes")), ("0", t.text("no"))]),
            Self.field("fiscalYearStart", t.text("accounting_fiscalYearStart"), problem, form: "accounts",
                       value: typed("fiscalYearStart", settings.fiscalYearStart ?? "01-01")),
        ]
        let chart = SettingsModel.section(t.text("accounting_chart"), intro: t.text("accounting_chartIntro"), headers: [], rows: [], empty: "",
                                          form: .init(action: "/settings/accounting", submit: t.text("save"), fields: fields, open: true))
        let calendar = FiscalCalendar(settings.fiscalYearStart)
        let year = calendar.start(of: Day(services.now))
        let exportRefused = problem?.form == "export"
        let export = SettingsModel.section(
            t.text("accounting_export"), intro: t.text("accounting_exportIntro"), headers: [], rows: [], empty: "",
            form: .init(action: "/settings/accounting/export", submit: t.text("accounting_download"), fields: [
                Self.field("from", t.text("from"), problem, form: "export",
                           value: exportRefused ? web.field("from") ?? "" : year.description, type: "date", required: true),
                Self.field("to", t.text("to"), problem, form: "export",
                           value: exportRefused ? web.field("to") ?? "" : calendar.end(ofYearStarting: year).description, type: "date"),
                Self.field("format", t.text("accounting_format"), problem, form: "export", value: exportRefused ? web.field("format") ?? "fec" : "fec",
                           choices: [("fec", t.text("accounting_fec")), ("csv", "CSV")]),
            ], open: true))
        return settingsPage(web, session, page: "/settings/accounting", sections: [chart, export], problem: problem)
    }

    @Sendable func saveAccounting(_ web: WebRequest) async throws -> WebResult {
        try await settingsAction(web, form: "accounts", back: "/settings/accounting", flash: "flash_saved",
                                 page: { web, problem in try await accountingPage(web, problem: problem) }) { session in
            var accounts: [String: String] = [:]
            for key in Self.accountKeys {
                if let number = web.field("account-\(key)"), number != ChartOfAccounts.defaults[key] { accounts[key] = number }
            }
            for line in (web.field("perRate") ?? "").split(whereSeparator: \.isNewline) {
                let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2 else {
                    throw ServiceError.validation([FieldError("perRate", "invalid_line", web.language.text("accounting_perRateHelp"))])
                }
                accounts[parts[0]] = parts[1]
            }
            let perCustomer = web.field("receivablesPerCustomer") != "0"
            let start = web.field("fiscalYearStart")
            let chosen = accounts
            _ = try await services.updateSettings(ifVersion: nil, by: session.caller) { settings in
                settings.accounts = chosen.isEmpty ? nil : chosen
                settings.receivablesPerCustomer = perCustomer
                settings.fiscalYearStart = start == "01-01" ? nil : start
            }
        }
    }

    @Sendable func exportJournal(_ web: WebRequest) async throws -> WebResult {
        let session = try admin(web)
        do {
            guard let from = try Self.day(web, "from") else {
                throw ServiceError.validation([FieldError("from", "required", web.language.text("field_required"))])
            }
            let format = JournalFile.Format(rawValue: web.field("format") ?? "fec") ?? .fec
            let file = try await services.journalExport(from: from, to: try Self.day(web, "to"), format: format, by: session.caller)
            return .download(file.bytes, contentType: file.contentType, name: file.name)
        } catch {
            guard ServiceError.from(error) is ServiceError, !Self.isAccessError(error) else { throw error }
            let result = try await accountingPage(web, problem: await problem(error, form: "export", web.language))
            if case .page(let html, _) = result { throw WebFailure.form(html: html) }
            return result
        }
    }
}
