import Foundation
import VendoCore
import VendoStore

/// How a lead is qualified: which records to create, or which existing ones to link.
public struct QualifyOptions: Sendable, Equatable {
    public var createAccount: Bool
    public var createContact: Bool
    public var createOpportunity: Bool
    public var existingAccountId: ID<Account>?
    public var existingContactId: ID<Contact>?
    /// The opportunity's currency; defaults to the lead's, then the base currency.
    public var currency: String?
    public var priceListId: ID<PriceList>?
    /// Create the records even though similar accounts or contacts exist.
    public var allowDuplicates: Bool

    public init(createAccount: Bool = true, createContact: Bool = true, createOpportunity: Bool = true,
                existingAccountId: ID<Account>? = nil, existingContactId: ID<Contact>? = nil, currency: String? = nil,
                priceListId: ID<PriceList>? = nil, allowDuplicates: Bool = false) {
        self.createAccount = createAccount
        self.createContact = createContact
        self.createOpportunity = createOpportunity
        self.existingAccountId = existingAccountId
        self.existingContactId = existingContactId
        self.currency = currency
        self.priceListId = priceListId
        self.allowDuplicates = allowDuplicates
    }
}

public struct QualifyResult: Sendable {
    public var lead: Lead
    public var account: Account?
    public var contact: Contact?
    public var opportunity: Opportunity?
}

extension Services {
    /// Qualifies an open lead: creates (or links) the account, contact and opportunity from its
    /// fields, all in one transaction, and marks the lead qualified.
    public func qualifyLead(_ id: ID<Lead>, _ options: QualifyOptions, ifVersion: Int?, by caller: Caller) async throws -> QualifyResult {
        try await write(as: caller) { tx in
            let before = try await load(Lead.self, id, in: tx)
            try checkVersion(before, ifVersion)
            try before.ensure(.qualify)
            let fields = before.fields
            try checkQualifyOptions(options, lead: fields)
            if !options.allowDuplicates { try await checkDuplicates(options, lead: fields, in: tx) }

            var account: Account?
            if options.createAccount {
                var accountFields = AccountFields(name: fields.companyName ?? "", website: fields.website, phone: fields.phone,
                                                  address: fields.address)
                accountFields.email = fields.email
                accountFields.customFields = try await carried(before.customFields, from: .lead, to: .account, in: tx)
                account = try Account(id: newID(), info: newInfo(caller), fields: accountFields, originatingLeadId: id)
            } else if let existing = options.existingAccountId {
                account = try await reference(Account.self, existing, field: "existingAccountId", in: tx)
            }
            var contact: Contact?
            if options.createContact {
                var contactFields = ContactFields(firstName: fields.firstName, lastName: fields.lastName ?? "", email: fields.email,
                                                  accountId: account?.id)
                contactFields.phone = fields.phone
                contactFields.mobilePhone = fields.mobilePhone
                contactFields.jobTitle = fields.jobTitle
                contactFields.address = fields.address
                contactFields.customFields = try await carried(before.customFields, from: .lead, to: .contact, in: tx)
                contact = try Contact(id: newID(), info: newInfo(caller), fields: contactFields, originatingLeadId: id)
            } else if let existing = options.existingContactId {
                contact = try await reference(Contact.self, existing, field: "existingContactId", in: tx)
            }
            var opportunity: Opportunity?
            if options.createOpportunity {
                var made = try await makeOpportunity(from: before, account: account, contact: contact, options: options, by: caller, in: tx)
                try await continueProcess(of: before, on: &made, in: tx)
                opportunity = made
            }
            if options.createAccount, let made = account { account = try await insert(made, by: caller, in: tx, action: "createFromLead") }
            if options.createContact, let made = contact { contact = try await insert(made, by: caller, in: tx, action: "createFromLead") }
            if let made = opportunity { opportunity = try await insert(made, by: caller, in: tx, action: "createFromLead") }
            var lead = before
            try lead.qualify(producing: opportunity?.id)
            lead = try await save(lead, from: before, by: caller, action: "qualify", in: tx)
            return QualifyResult(lead: lead, account: account, contact: contact, opportunity: opportunity)
        }
    }

    /// The lead's process goes on with the opportunity at its next stage, once the lead's
    /// required steps are done. A lead without a process hands over to the default one.
    private func continueProcess(of lead: Lead, on opportunity: inout Opportunity, in tx: Transaction) async throws {
        if let position = lead.process, let process = try await tx.find(SalesProcess.self, position.processId) {
            try process.checkQualification(position, filled: StepFields.filled(lead.fields))
            opportunity.enter(process.afterQualification(of: position), of: process)
        } else if let process = try await tx.defaultProcess() {
            opportunity.enter(process.entry(forLead: false), of: process)
        }
    }

    private func checkQualifyOptions(_ options: QualifyOptions, lead: LeadFields) throws {
        var check = Validator()
        if options.createAccount && options.existingAccountId != nil {
            check.add("existingAccountId", "not_allowed", "either create an account or link an existing one")
        }
        if options.createContact && options.existingContactId != nil {
            check.add("existingContactId", "not_allowed", "either create a contact or link an existing one")
        }
        if options.createAccount && (lead.companyName ?? "").trimmingWhitespace().isEmpty {
            check.add("createAccount", "no_company", "the lead has no company name to create an account from")
        }
        if options.createContact && (lead.lastName ?? "").trimmingWhitespace().isEmpty {
            check.add("createContact", "no_last_name", "the lead has no last name to create a contact from")
        }
        let hasCustomer = options.createAccount || options.existingAccountId != nil
            || options.createContact || options.existingContactId != nil
        if options.createOpportunity && !hasCustomer {
            check.add("createOpportunity", "no_customer", "an opportunity needs an account or a contact as its customer")
        }
        try check.check()
    }

    /// Blocks qualification when the account or contact to create looks like an existing one.
    private func checkDuplicates(_ options: QualifyOptions, lead: LeadFields, in tx: Transaction) async throws {
        var matches: [DuplicateMatch] = []
        if options.createAccount { matches += try await accountDuplicates(name: lead.companyName, website: lead.website, in: tx) }
        if options.createContact { matches += try await contactDuplicates(email: lead.email, in: tx) }
        if !matches.isEmpty { throw ServiceError.duplicatesFound(matches) }
    }

    private func makeOpportunity(from lead: Lead, account: Account?, contact: Contact?, options: QualifyOptions, by caller: Caller,
                             in tx: Transaction) async throws -> Opportunity {
        let fields = lead.fields
        let customer: Customer
        if let account { customer = .account(account.id) } else if let contact { customer = .contact(contact.id) } else {
            throw ServiceError.invalid("createOpportunity", "no_customer", "an opportunity needs an account or a contact")
        }
        var opportunityFields = OpportunityFields(name: fields.topic, customer: customer, contactId: contact?.id,
                                                  estimatedCloseDate: fields.estimatedCloseDate)
        if let value = fields.estimatedValue {
            opportunityFields.revenueMode = .userProvided
            opportunityFields.estimatedRevenue = value
        }
        opportunityFields.rating = fields.rating
        opportunityFields.budgetAmount = fields.budgetAmount
        opportunityFields.budgetStatus = fields.budgetStatus
        opportunityFields.purchaseTimeframe = fields.purchaseTimeframe
        opportunityFields.purchaseProcess = fields.purchaseProcess
        opportunityFields.decisionMaker = fields.decisionMaker
        opportunityFields.customerNeed = fields.customerNeed
        opportunityFields.description = fields.description
        opportunityFields.customFields = try await carried(lead.customFields, from: .lead, to: .opportunity, in: tx)
        let pricing = try await newPricing(currency: options.currency ?? fields.currency, priceList: options.priceListId, in: tx)
        return try Opportunity(id: newID(), info: newInfo(caller), fields: opportunityFields, pricing: pricing, originatingLeadId: lead.id)
    }
}
