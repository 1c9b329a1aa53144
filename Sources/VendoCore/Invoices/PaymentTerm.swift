import Foundation

/// When an invoice is due: so many days after its issue date, or after the end of that month.
public struct PaymentTerm: Codable, Sendable, Equatable {
    /// The term's name, kept on the documents that take it ("30 days end of month").
    public var label: String
    public var days: Int
    /// The days count from the end of the issue date's month.
    public var endOfMonth: Bool
    /// As printed in each language (`en`, `fr`); `label` where a language has none. Terms
    /// stored before they existed have none.
    public var labels: [String: String]?
    /// No longer offered nor the default; documents that name it keep it, and it still dates them.
    public var retired: Bool?

    public init(label: String, days: Int, endOfMonth: Bool = false, labels: [String: String]? = nil, retired: Bool = false) {
        self.label = label
        self.days = days
        self.endOfMonth = endOfMonth
        self.labels = labels
        self.retired = retired ? true : nil
    }

    public var isRetired: Bool { retired == true }

    /// As a document in `language` prints it.
    public func label(in language: Language) -> String {
        labels?[language.rawValue].flatMap { $0.isEmpty ? nil : $0 } ?? label
    }

    /// `text` names this term: its name or one of its printed labels, without regard to case.
    public func isNamed(_ text: String) -> Bool {
        let folded = text.trimmingWhitespace().lowercased()
        return label.lowercased() == folded || (labels ?? [:]).values.contains { $0.lowercased() == folded }
    }

    /// The due date of an invoice issued on `issued`.
    public func dueDate(issued: Day) -> Day {
        var start = issued
        if endOfMonth { start = issued.lastOfMonth }
        return start.adding(days: days)
    }
}

extension PaymentTerm {
    /// The printed labels: in known languages, 1 to 100 characters, and none that is another
    /// term's name or label (a typed label must tell one term).
    static func labelProblems(_ terms: [PaymentTerm]) -> [FieldError] {
        var check = Validator()
        let languages = Set(Language.allCases.map(\.rawValue))
        for (index, term) in terms.enumerated() {
            for (language, text) in (term.labels ?? [:]).sorted(by: { $0.key < $1.key }) {
                let at = "paymentTerms[\(index)].labels.\(language)"
                if !languages.contains(language) {
                    check.add(at, "unknown_language", "labels are in en or fr")
                } else if text.trimmingWhitespace().isEmpty || text.count > 100 {
                    check.add(at, "required", "a printed label has 1 to 100 characters")
                } else if let other = terms.indices.first(where: { $0 != index && terms[$0].isNamed(text) }) {
                    check.add(at, "duplicate", "\(text) already names the payment term \(terms[other].label)")
                }
            }
        }
        return check.errors
    }
}

extension OrganisationSettings {
    /// The terms a form offers, in order: the active ones, and `current` even when retired.
    public func offeredPaymentTerms(keeping current: String? = nil) -> [PaymentTerm] {
        (paymentTerms ?? []).filter { !$0.isRetired || (current.map($0.isNamed) ?? false) }
    }

    /// The term a new invoice takes when none is typed: the first active one.
    public var defaultPaymentTerm: PaymentTerm? { (paymentTerms ?? []).first { !$0.isRetired } }

    /// The term `text` names (a retired one too: a document that names it keeps it).
    public func paymentTerm(named text: String) -> PaymentTerm? {
        (paymentTerms ?? []).first { $0.label == text } ?? (paymentTerms ?? []).first { $0.isNamed(text) }
    }

    /// Terms as a document in `language` prints them: the term's label in that language when
    /// `text` names one of the organisation's, else `text` as typed.
    public func printedPaymentTerms(_ text: String?, _ language: Language) -> String? {
        guard let text else { return nil }
        return paymentTerm(named: text)?.label(in: language) ?? text
    }
}
