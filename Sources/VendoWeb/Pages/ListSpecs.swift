import Foundation
import VendoCore
import VendoServices

/// The columns of each list page.
enum ListSpecs {
    static func money(_ pricing: Pricing, _ t: Language) -> String {
        Formats(t).money(pricing.totals.totalAmount, pricing.currency, scale: pricing.currencyPrecision)
    }

    static func day(_ day: Day?, _ t: Language) -> String { day.map { Formats(t).day($0) } ?? "" }

    static func created(_ info: RecordInfo, _ t: Language) -> String { Formats(t).day(Day(info.createdAt)) }

    static let leads = ListSpec<Lead>(
        path: "/leads", titleKey: "nav_leads", emptyKey: "empty_leads", states: LeadState.allCases.map(\.rawValue),
        columns: [
            Column(header: "field_topic") { lead, _ in lead.fields.topic },
            Column(header: "field_name") { lead, _ in lead.fullName },
            Column(header: "field_companyName") { lead, _ in lead.fields.companyName ?? "" },
            Column(header: "field_source", list: .leadSource) { $0.fields.source?.rawValue },
            Column(header: "field_state") { lead, t in t.label("state", lead.state.rawValue) },
            Column(header: "field_createdAt") { lead, t in created(lead.info, t) },
        ],
        link: { "/leads/\($0.id)" }, newHref: "/leads/new", textFilters: ["event"], scanHref: "/leads/scan")

    static let accounts = ListSpec<Account>(
        path: "/accounts", titleKey: "nav_accounts", emptyKey: "empty_accounts", states: [],
        columns: [
            Column(header: "field_name") { account, _ in account.fields.name },
            Column(header: "field_email") { account, _ in account.fields.email ?? "" },
            Column(header: "field_phone") { account, _ in account.fields.phone ?? "" },
            Column(header: "field_createdAt") { account, t in created(account.info, t) },
        ],
        link: { "/accounts/\($0.id)" }, newHref: nil)

    static let contacts = ListSpec<Contact>(
        path: "/contacts", titleKey: "nav_contacts", emptyKey: "empty_contacts", states: [],
        columns: [
            Column(header: "field_name") { contact, _ in contact.fullName },
            Column(header: "field_jobTitle") { contact, _ in contact.fields.jobTitle ?? "" },
            Column(header: "field_email") { contact, _ in contact.fields.email ?? "" },
            Column(header: "field_createdAt") { contact, t in created(contact.info, t) },
        ],
        link: { "/contacts/\($0.id)" }, newHref: nil)

    static let opportunities = ListSpec<Opportunity>(
        path: "/opportunities", titleKey: "nav_opportunities", emptyKey: "empty_opportunities",
        states: OpportunityState.allCases.map(\.rawValue),
        columns: [
            Column(header: "field_name") { opportunity, _ in opportunity.fields.name },
            Column(header: "field_estimatedRevenue") { opportunity, t in
                Formats(t).money(opportunity.estimatedRevenue, opportunity.pricing.currency, scale: opportunity.pricing.currencyPrecision)
            },
            Column(header: "field_probability") { opportunity, t in opportunity.fields.probability.map { Formats(t).percent(Decimal($0)) } ?? "" },
            Column(header: "field_estimatedCloseDate") { opportunity, t in day(opportunity.fields.estimatedCloseDate, t) },
            Column(header: "field_state") { opportunity, t in t.label("state", opportunity.state.rawValue) },
        ],
        link: { "/opportunities/\($0.id)" }, newHref: nil)

    static let quotes = ListSpec<Quote>(
        path: "/quotes", titleKey: "nav_quotes", emptyKey: "empty_quotes", states: QuoteState.allCases.map(\.rawValue),
        columns: [
            Column(header: "field_number") { quote, _ in quote.revisionNumber > 0 ? "\(quote.number)-\(quote.revisionNumber)" : quote.number },
            Column(header: "field_name") { quote, _ in quote.fields.name },
            Column(header: "field_totalAmount") { quote, t in money(quote.pricing, t) },
            Column(header: "field_state") { quote, t in t.label("state", quote.state.rawValue) },
            Column(header: "field_createdAt") { quote, t in created(quote.info, t) },
        ],
        link: { "/quotes/\($0.id)" }, newHref: nil)

    static let orders = ListSpec<Order>(
        path: "/orders", titleKey: "nav_orders", emptyKey: "empty_orders", states: OrderState.allCases.map(\.rawValue),
        columns: [
            Column(header: "field_number") { order, _ in order.number },
            Column(header: "field_name") { order, _ in order.fields.name },
            Column(header: "field_totalAmount") { order, t in money(order.pricing, t) },
            Column(header: "field_state") { order, t in t.label("state", order.state.rawValue) },
            Column(header: "field_createdAt") { order, t in created(order.info, t) },
        ],
        link: { "/orders/\($0.id)" }, newHref: nil)

    static let invoices = ListSpec<Invoice>(
        path: "/invoices", titleKey: "nav_invoices", emptyKey: "empty_invoices", states: InvoiceState.allCases.map(\.rawValue),
        columns: [
            Column(header: "field_number") { invoice, t in invoice.number ?? t.text("invoice_draftNumber") },
            Column(header: "field_name") { invoice, _ in invoice.fields.name },
            Column(header: "field_totalAmount") { invoice, t in money(invoice.pricing, t) },
            Column(header: "field_amountDue") { invoice, t in
                Formats(t).money(invoice.amountDue, invoice.pricing.currency, scale: invoice.pricing.currencyPrecision)
            },
            Column(header: "field_state") { invoice, t in t.label("state", invoice.state.rawValue) },
        ],
        link: { "/invoices/\($0.id)" }, newHref: nil)

    static let products = ListSpec<Product>(
        path: "/products", titleKey: "nav_products", emptyKey: "empty_products", states: ProductState.allCases.map(\.rawValue),
        columns: [
            Column(header: "field_name") { product, _ in product.fields.name },
            Column(header: "field_number") { product, _ in product.fields.number },
            Column(header: "field_listPrice") { product, t in product.fields.listPrice.map { Formats(t).number($0) } ?? "" },
            Column(header: "field_state") { product, t in t.label("state", product.state.rawValue) },
        ],
        link: { "/products/\($0.id)" }, newHref: nil)

    static let priceLists = ListSpec<PriceList>(
        path: "/price-lists", titleKey: "nav_priceLists", emptyKey: "priceLists_empty", states: [],
        columns: [
            Column(header: "field_name") { list, _ in list.fields.name },
            Column(header: "currency_code") { list, _ in list.fields.currency },
            Column(header: "priceList_valid") { list, t in
                [list.fields.validFrom.map { Formats(t).day($0) } ?? "", list.fields.validTo.map { Formats(t).day($0) } ?? ""]
                    .joined(separator: " – ").trimmingCharacters(in: CharacterSet(charactersIn: " –"))
            },
            Column(header: "field_state") { list, t in t.label("activeState", list.fields.state.rawValue) },
        ],
        link: { "/price-lists/\($0.id)" }, newHref: nil)

    static let activities = ListSpec<Activity>(
        path: "/activities", titleKey: "nav_activities", emptyKey: "empty_activities", states: ActivityState.allCases.map(\.rawValue),
        columns: [
            Column(header: "field_subject") { activity, _ in activity.fields.subject },
            Column(header: "field_type") { activity, t in t.label("activityType", activity.type.rawValue) },
            Column(header: "field_dueAt") { activity, t in activity.fields.dueAt.map { Formats(t).dateTime($0) } ?? "" },
            Column(header: "field_state") { activity, t in t.label("state", activity.state.rawValue) },
        ],
        link: { activity in
            switch activity.regardingType {
            case .lead: return "/leads/\(activity.regardingId.uuidString.lowercased())"
            case .opportunity: return "/opportunities/\(activity.regardingId.uuidString.lowercased())"
            default: return "/\(activity.regardingType.rawValue)s/\(activity.regardingId.uuidString.lowercased())"
            }
        }, newHref: nil)
}
