import Foundation
import Hummingbird
import VendoCore
import VendoServices

/// `/exports/journal`: the posted entries of a period for the accountant, as the French FEC or
/// as CSV. For admins.
enum JournalExportResource {
    static func routes(_ s: Services) -> [Route] {
        var route = Route(.get, "/api/v1/exports/journal", id: "exportJournal",
                          "The journal entries dated in a period, in the order of their numbers: format=fec, one fiscal year as the French FEC (to defaults to its last day), or format=csv",
                          responses: responses([200: .string], conflict: true),
                          query: [QueryParameter(name: "from", schema: .date, description: "first day (required)"),
                                  QueryParameter(name: "to", schema: .date, description: "last day (fec: default the fiscal year's last, csv: from)"),
                                  QueryParameter(name: "format", schema: .choice(JournalFile.Format.allCases.map(\.rawValue)),
                                                 description: "fec (default) or csv")]) { request in
            var errors: [FieldError] = []
            var from: Day?, to: Day?, format = JournalFile.Format.fec
            for (key, value) in request.query.sorted(by: { $0.key < $1.key }) {
                switch key {
                case "from", "to":
                    guard let day = Day(value) else {
                        errors.append(FieldError(key, "invalid_date", "\(key) must be a date YYYY-MM-DD"))
                        continue
                    }
                    if key == "from" { from = day } else { to = day }
                case "format":
                    guard let chosen = JournalFile.Format(rawValue: value) else {
                        errors.append(FieldError(key, "invalid_choice", "format is fec or csv"))
                        continue
                    }
                    format = chosen
                default:
                    errors.append(FieldError(key, "unknown_parameter", "\(key) is not a parameter of the journal export"))
                }
            }
            if from == nil && !errors.contains(where: { $0.field == "from" }) {
                errors.append(FieldError("from", "required", "from is the first day of the period"))
            }
            guard errors.isEmpty, let from else { throw APIError.validation(errors) }
            let file = try await s.journalExport(from: from, to: to, format: format, by: try request.user())
            return .file(file.bytes, type: file.contentType, fileName: file.name)
        }
        route.produces = "text/plain, text/csv"
        return [route]
    }

    /// The settings the entries are posted with: the chart of accounts, the auxiliary accounts
    /// of customers, the fiscal year.
    static let settingsFields: [FieldSpec<OrganisationSettings>] = [
        FieldSpec(name: "accounts", schema: Schema.map(.text(maxLength: 20)).nullable, required: false,
                  render: { settings in settings.accounts.map { .object($0.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }) } ?? .null },
                  apply: { reader, settings, _ in reader.read("accounts", into: &settings.accounts, readAccounts) }),
        .bool("receivablesPerCustomer", \.receivablesPerCustomer), .text("fiscalYearStart", \.fiscalYearStart, max: 5),
    ]

    /// The chart of accounts: key → account number; an empty object restores the usual ones.
    @Sendable static func readAccounts(_ json: JSON) -> Result<[String: String], FieldProblem> {
        guard case .object(let pairs) = json else {
            return .failure(FieldProblem(code: "invalid_type", message: "accounts is an object of account numbers by key"))
        }
        var accounts: [String: String] = [:]
        for (key, value) in pairs {
            guard let number = value.stringValue else {
                return .failure(FieldProblem(code: "invalid_type", message: "accounts.\(key) is an account number, as text"))
            }
            accounts[key] = number
        }
        return .success(accounts)
    }
}
