import Foundation
import VendoCore
import VendoServices

enum AccountsResource {
    static let fields: [FieldSpec<AccountFields>] = [
        .text("name", \.name), .text("website", \.website), .text("email", \.email, max: 254), .text("phone", \.phone),
        .address("address", \.address), .text("description", \.description, max: 10000),
        .text("vatNumber", \.vatNumber, max: 30), .text("registrationNumber", \.registrationNumber, max: 50),
        .address("billingAddress", \.billingAddress), .address("shippingAddress", \.shippingAddress),
        FieldSpec(name: "language", schema: Schema.choice(AccountFields.documentLanguages).nullable, required: false,
                  render: { $0.language.map(JSON.string) ?? .null },
                  apply: { reader, fields, _ in reader.read("language", into: &fields.language, Convert.string) }),
        .text("buyerReference", \.buyerReference, max: 100),
        .customFields(\.customFields, of: .account),
    ]

    static func resource(_ s: Services) -> CrudResource<Account, AccountFields> {
        CrudResource(path: "accounts", name: "Account", fields: fields, blank: AccountFields(name: ""),
                     filters: ["originatingLeadId", "domain"], fieldsOf: { $0.fields },
                     extra: { record, _ in [("originatingLeadId", .id(record.originatingLeadId)), ("dunningHold", DunningResource.hold(record.dunningHold))] },
                     extraSchema: [("originatingLeadId", Schema.uuid.nullable), ("dunningHold", holdSchema)], required: ["name"],
                     create: { try await s.createAccount($0, by: $1) },
                     update: { id, version, caller, fields in try await s.updateAccount(id, ifVersion: version, by: caller) { $0 = fields } },
                     delete: { try await s.deleteAccount($0, ifVersion: $1, by: $2) })
    }

    static let schemas = crudSchemas("Account", fields, extra: [("originatingLeadId", Schema.uuid.nullable), ("dunningHold", holdSchema)],
                                     required: ["name"])
    static let holdSchema = Schema.ref("DunningHold").nullable

    static func render(_ account: Account) -> JSON {
        .object(meta(account) + fields.render(account.fields) + [("originatingLeadId", .id(account.originatingLeadId)),
                                                                  ("dunningHold", DunningResource.hold(account.dunningHold))])
    }
}

enum ContactsResource {
    static let fields: [FieldSpec<ContactFields>] = [
        .text("firstName", \.firstName), .text("lastName", \.lastName), .text("email", \.email, max: 254),
        .text("phone", \.phone), .text("mobilePhone", \.mobilePhone), .text("jobTitle", \.jobTitle),
        .id("accountId", \.accountId), .address("address", \.address), .text("description", \.description, max: 10000),
        .text("billingEmail", \.billingEmail, max: 254),
        .customFields(\.customFields, of: .contact),
    ]

    static func resource(_ s: Services) -> CrudResource<Contact, ContactFields> {
        CrudResource(path: "contacts", name: "Contact", fields: fields, blank: ContactFields(lastName: ""),
                     filters: ["accountId", "email", "originatingLeadId"], fieldsOf: { $0.fields },
                     extra: { record, _ in [("fullName", .string(record.fullName)), ("originatingLeadId", .id(record.originatingLeadId)),
                                               ("dunningHold", DunningResource.hold(record.dunningHold))] },
                     extraSchema: [("fullName", .string), ("originatingLeadId", Schema.uuid.nullable), ("dunningHold", AccountsResource.holdSchema)],
                     required: ["lastName"],
                     create: { try await s.createContact($0, by: $1) },
                     update: { id, version, caller, fields in try await s.updateContact(id, ifVersion: version, by: caller) { $0 = fields } },
                     delete: { try await s.deleteContact($0, ifVersion: $1, by: $2) })
    }

    static let schemas = crudSchemas("Contact", fields, extra: [("fullName", .string), ("originatingLeadId", Schema.uuid.nullable),
                                                               ("dunningHold", AccountsResource.holdSchema)],
                                     required: ["lastName"])

    static func render(_ contact: Contact) -> JSON {
        .object(meta(contact) + fields.render(contact.fields)
                + [("fullName", .string(contact.fullName)), ("originatingLeadId", .id(contact.originatingLeadId)),
                   ("dunningHold", DunningResource.hold(contact.dunningHold))])
    }
}

enum CompetitorsResource {
    static let schemas = crudSchemas("Competitor", fields, extra: [], required: ["name"])

    static let fields: [FieldSpec<CompetitorFields>] = [
        .text("name", \.name), .text("website", \.website), .text("strengths", \.strengths, max: 4000),
        .text("weaknesses", \.weaknesses, max: 4000),
    ]

    static func resource(_ s: Services) -> CrudResource<Competitor, CompetitorFields> {
        CrudResource(path: "competitors", name: "Competitor", fields: fields, blank: CompetitorFields(name: ""),
                     filters: [], fieldsOf: { $0.fields }, extra: { _, _ in [] }, extraSchema: [], required: ["name"],
                     create: { try await s.createCompetitor($0, by: $1) },
                     update: { id, version, caller, fields in try await s.updateCompetitor(id, ifVersion: version, by: caller) { $0 = fields } },
                     delete: { try await s.deleteCompetitor($0, ifVersion: $1, by: $2) })
    }
}
