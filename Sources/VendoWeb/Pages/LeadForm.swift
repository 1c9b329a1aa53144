import Foundation
import VendoCore

/// The fields of a lead as a form: shown, read back, and refused field by field.
enum LeadForm {
    static let names = ["topic", "firstName", "lastName", "companyName", "jobTitle", "email", "phone", "mobilePhone", "website", "industry",
                        "annualRevenue", "numberOfEmployees", "source",
                        "event", "rating",
                        "budgetAmount", "purchaseTimeframe", "purchaseProcess", "decisionMaker", "customerNeed", "estimatedValue",
                        "estimatedCloseDate", "description"]

    /// The form's values for `fields` (or what was typed, when given).
    static func values(_ fields: LeadFields?, _ t: Language) -> [String: String] {
        guard let fields else { return [:] }
        let formats = Formats(t)
        var out: [String: String] = [
            "topic": fields.topic, "firstName": fields.firstName ?? "", "lastName": fields.lastName ?? "",
            "companyName": fields.companyName ?? "", "jobTitle": fields.jobTitle ?? "", "email": fields.email ?? "",
            "phone": fields.phone ?? "", "mobilePhone": fields.mobilePhone ?? "", "website": fields.website ?? "",
            "source": fields.source?.rawValue ?? "", "event": fields.event ?? "",
            "rating": fields.rating?.rawValue ?? "", "purchaseTimeframe": fields.purchaseTimeframe?.rawValue ?? "",
            "purchaseProcess": fields.purchaseProcess?.rawValue ?? "", "customerNeed": fields.customerNeed ?? "",
            "description": fields.description ?? "", "estimatedCloseDate": fields.estimatedCloseDate?.description ?? "",
        ]
        out["budgetAmount"] = fields.budgetAmount.map { formats.number($0) } ?? ""
        out["estimatedValue"] = fields.estimatedValue.map { formats.number($0) } ?? ""
        out["industry"] = fields.industry?.rawValue ?? ""
        out["annualRevenue"] = fields.annualRevenue.map { formats.number($0) } ?? ""
        out["numberOfEmployees"] = fields.numberOfEmployees.map { formats.number(Decimal($0), scale: 0) } ?? ""
        out["decisionMaker"] = fields.decisionMaker.map { $0 ? "yes" : "no" } ?? ""
        return out
    }

    static func controls(_ values: [String: String], errors: [String: String], _ t: Language,
                         lists settings: OrganisationSettings) -> [FormField] {
        func choices<E: RawRepresentable & CaseIterable>(_ type: E.Type, _ group: String) -> [(String, String)] where E.RawValue == String {
            E.allCases.map { ($0.rawValue, t.label(group, $0.rawValue)) }
        }
        return names.map { name in
            let label = t.label("field", name)
            let value = values[name] ?? ""
            let error = errors[name]
            switch name {
            case "source":
                return FormField(name, label, value: value, choices: settings.options(.leadSource, t, keeping: value), error: error)
            case "rating": return FormField(name, label, value: value, choices: settings.options(.rating, t, keeping: value), error: error)
            case "industry":
                return FormField(name, label, value: value, choices: settings.options(.industry, t, keeping: value), error: error)
            case "purchaseTimeframe":
                return FormField(name, label, value: value, choices: choices(PurchaseTimeframe.self, "purchaseTimeframe"), error: error)
            case "purchaseProcess":
                return FormField(name, label, value: value, choices: choices(PurchaseProcess.self, "purchaseProcess"), error: error)
            case "decisionMaker": return FormField(name, label, value: value, choices: [("yes", t.text("yes")), ("no", t.text("no"))], error: error)
            case "customerNeed", "description": return FormField(name, label, value: value, multiline: true, error: error)
            case "email": return FormField(name, label, type: "email", value: value, error: error)
            case "phone", "mobilePhone": return FormField(name, label, type: "tel", value: value, error: error)
            case "estimatedCloseDate": return FormField(name, label, type: "date", value: value, error: error)
            case "budgetAmount", "estimatedValue", "annualRevenue", "numberOfEmployees":
                return FormField(name, label, value: value, error: error)
            default: return FormField(name, label, value: value, required: name == "topic", error: error)
            }
        }
    }

    /// The lead's fields from the posted form, or the messages of the values that cannot be read.
    static func read(_ web: WebRequest, into fields: inout LeadFields) -> [String: String] {
        let t = web.language
        var errors: [String: String] = [:]
        func text(_ name: String) -> String? { web.field(name) }
        func choice<E: RawRepresentable>(_ name: String, _ type: E.Type) -> E? where E.RawValue == String {
            guard let raw = text(name) else { return nil }
            guard let value = E(rawValue: raw) else { errors[name] = t.text("field_invalid_choice"); return nil }
            return value
        }
        func amount(_ name: String) -> Decimal? {
            guard let raw = text(name) else { return nil }
            guard let value = web.formats.parse(raw) else { errors[name] = t.text("field_invalid_number"); return nil }
            return value
        }
        fields.topic = text("topic") ?? ""
        fields.firstName = text("firstName")
        fields.lastName = text("lastName")
        fields.companyName = text("companyName")
        fields.jobTitle = text("jobTitle")
        fields.email = text("email")
        fields.phone = text("phone")
        fields.mobilePhone = text("mobilePhone")
        fields.website = text("website")
        fields.event = text("event")
        fields.source = choice("source", LeadSource.self)
        fields.rating = choice("rating", Rating.self)
        fields.purchaseTimeframe = choice("purchaseTimeframe", PurchaseTimeframe.self)
        fields.purchaseProcess = choice("purchaseProcess", PurchaseProcess.self)
        fields.decisionMaker = text("decisionMaker").map { $0 == "yes" }
        fields.customerNeed = text("customerNeed")
        fields.description = text("description")
        fields.budgetAmount = amount("budgetAmount")
        fields.estimatedValue = amount("estimatedValue")
        fields.industry = choice("industry", Industry.self)
        fields.annualRevenue = amount("annualRevenue")
        if let count = amount("numberOfEmployees") {
            if count == count.rounded(scale: 0), count.magnitude <= Decimal(LeadFields.employeeRange.upperBound) {
                fields.numberOfEmployees = NSDecimalNumber(decimal: count).intValue
            } else {
                errors["numberOfEmployees"] = t.text("field_invalid_whole")
            }
        } else {
            fields.numberOfEmployees = nil
        }
        if let raw = text("estimatedCloseDate") {
            if let day = Day(raw) { fields.estimatedCloseDate = day } else { errors["estimatedCloseDate"] = t.text("field_invalid_date") }
        } else {
            fields.estimatedCloseDate = nil
        }
        if fields.topic.isEmpty { errors["topic"] = t.text("field_required") }
        return errors
    }

    /// What was typed, to show again with the messages.
    static func typed(_ web: WebRequest) -> [String: String] {
        Dictionary(names.map { ($0, web.form[$0]?.first ?? "") }, uniquingKeysWith: { first, _ in first })
    }
}
