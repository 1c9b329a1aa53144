import Foundation

/// The organisation's labels for built-in fields (`fieldLabels` in the settings, SALES-PROCESS.md
/// §13): record type → field (its API name) → language code → label. The API keeps the field's
/// name; the pages of that record type show the label.
public typealias FieldLabels = [String: [String: [String: String]]]

/// The built-in fields an organisation may relabel, by record type: those its pages label.
public enum BuiltInFields {
    public static func names(of type: CustomizedRecord) -> [String] {
        switch type {
        case .lead:
            ["topic", "firstName", "lastName", "jobTitle", "companyName", "email", "phone", "mobilePhone", "website", "source",
             "industry", "rating", "numberOfEmployees", "annualRevenue", "estimatedValue", "estimatedCloseDate", "budgetAmount",
             "purchaseTimeframe", "purchaseProcess", "decisionMaker", "customerNeed", "proposedSolution", "description"]
        case .account:
            ["name", "email", "phone", "website", "industry", "numberOfEmployees", "annualRevenue", "vatNumber", "registrationNumber",
             "buyerReference", "language", "description"]
        case .contact:
            ["firstName", "lastName", "jobTitle", "email", "phone", "mobilePhone", "billingEmail", "description"]
        case .opportunity:
            ["name", "estimatedRevenue", "actualRevenue", "estimatedCloseDate", "probability", "forecastCategory", "budgetAmount",
             "purchaseTimeframe", "purchaseProcess", "decisionMaker", "customerNeed", "proposedSolution", "currency", "description"]
        case .quote:
            ["name", "validUntil", "requestedDeliveryDate", "paymentTerms", "currency", "totalAmount", "description"]
        case .order:
            ["name", "requestedDeliveryDate", "purchaseOrderReference", "paymentTerms", "currency", "totalAmount", "description"]
        case .invoice:
            ["name", "dueDate", "deliveryDate", "paymentTerms", "purchaseOrderReference", "buyerReference", "currency", "totalAmount",
             "amountDue", "description"]
        case .product:
            ["name", "number", "listPrice", "description"]
        case .activity:
            ["subject", "body", "dueAt"]
        }
    }
}

extension OrganisationSettings {
    /// The organisation's label of the built-in field `field` of `type` in `language`, if any.
    public func label(of field: String, _ type: CustomizedRecord, _ language: Language) -> String? {
        fieldLabels?[type.rawValue]?[field]?[language.rawValue]
    }

    /// The rules of the labels: known record types, fields and languages, each label 1 to 60
    /// characters.
    func fieldLabelProblems() -> [FieldError] {
        var check = Validator()
        for (type, fields) in fieldLabels ?? [:] {
            guard let record = CustomizedRecord(rawValue: type) else {
                check.add("fieldLabels.\(type)", "unknown_record_type",
                          "the record types are " + CustomizedRecord.allCases.map(\.rawValue).joined(separator: ", "))
                continue
            }
            let known = BuiltInFields.names(of: record)
            for (field, labels) in fields {
                guard known.contains(field) else {
                    check.add("fieldLabels.\(type).\(field)", "unknown_field", "the fields of \(type) that take a label are "
                              + known.joined(separator: ", "))
                    continue
                }
                for (code, label) in labels {
                    guard Language(rawValue: code) != nil else {
                        check.add("fieldLabels.\(type).\(field).\(code)", "unknown_language", "labels are in en and fr")
                        continue
                    }
                    check.require(label, "fieldLabels.\(type).\(field).\(code)", maxLength: 60)
                }
            }
        }
        return check.errors
    }
}
