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
}
