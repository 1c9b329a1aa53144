import Foundation
import VendoCore
import VendoServices

/// A refusal in the reader's language: known codes have their own text, the rest keep the
/// services' English message.
enum ErrorText {
    static func message(for error: any Error, _ t: Language) -> String {
        guard let error = ServiceError.from(error) as? ServiceError else { return t.text("error_internal") }
        switch error {
        case .validation(let fields):
            // Refusals of an action (issuing an incomplete invoice) say each reason.
            if fields.allSatisfy({ $0.code.hasSuffix("_for_issue") || ["reason_required", "not_subject_alone", "category_ambiguous"].contains($0.code) }) {
                return fields.map { field($0, t) }.joined(separator: " ")
            }
            return fields.count == 1 ? field(fields[0], t) : t.text("error_validation")
        case .invalidTransition(let record, let state, _, let action):
            return t.text("error_transition", t.label("verb", action), t.label("record", record).lowercased(), t.label("state", state).lowercased())
        case .staleVersion:
            return t.text("error_stale")
        case .duplicatesFound(let matches):
            return t.text("error_duplicates", matches.map(\.name).joined(separator: ", "))
        case .conflict("mail_failed", let message, _):
            return t.text("conflict_mail_failed", message.components(separatedBy: ": ").dropFirst().joined(separator: ": "))
        case .conflict(let code, let message, _):
            let key = "conflict_\(code)"
            return t.strings[key] ?? message
        case .forbidden: return t.text("error_forbidden")
        case .notFound: return t.text("error_notFound")
        case .unauthenticated: return t.text("error_signIn")
        case .tooManyAttempts(let wait), .rateLimited(let wait): return t.text("error_tooMany", String(wait))
        case .unavailable: return t.text("error_unavailable")
        case .toolMissing: return t.text("scan_toolMissing", CardTools.installCommand)
        }
    }

    /// One field's message: by its code when we have a text for it.
    static func field(_ error: FieldError, _ t: Language) -> String {
        if error.code == "required_for_issue", let text = t.strings["issue_" + error.field.replacingOccurrences(of: ".", with: "_")] { return text }
        return t.strings["field_\(error.code)"] ?? error.message
    }

    /// Field name → message, for the messages next to the controls.
    static func fields(of error: any Error, _ t: Language) -> [String: String] {
        guard case .validation(let fields)? = ServiceError.from(error) as? ServiceError else { return [:] }
        var out: [String: String] = [:]
        for item in fields where out[item.field] == nil { out[item.field] = field(item, t) }
        return out
    }
}
