import Foundation
import VendoCore
import VendoStore

/// The aged balance of receivables, with the customers' names.
public struct ReceivablesReport: Sendable, Equatable {
    public var aged: AgedReceivables
    public var names: [UUID: String]
    public var money: ReportMoney
}

/// What a customer owes in one currency.
public struct CustomerBalance: Sendable, Equatable {
    public var currency: String
    public var precision: Int
    public var amount: Decimal
}

/// An invoice past its due date with a balance left.
public struct OverdueInvoice: Sendable, Equatable {
    public var invoice: Invoice
    public var daysLate: Int
    /// On the day asked, in the invoice's currency.
    public var balance: Decimal
    public var customerName: String
}

extension Services {
    /// What customers owe on `day` (default today), by customer and currency and by how late,
    /// over the invoices the caller may see (narrowed by owner or team).
    public func agedReceivables(on day: Day? = nil, _ filter: ReportFilter = ReportFilter(), by caller: Caller) async throws -> ReceivablesReport {
        try await read(as: caller) { tx in
            let (scope, money) = try await reportScope(filter, by: caller, in: tx)
            let day = day ?? today
            let invoices = try await tx.issuedInvoices(through: day, owners: scope.owners)
            let names = try await customerNames(invoices.map(\.customer), in: tx)
            let aged = AgedReceivables(invoices, on: day) { a, b in
                let (left, right) = (names[a.id] ?? "", names[b.id] ?? "")
                return left == right ? a.id.uuidString < b.id.uuidString : left.localizedStandardCompare(right) == .orderedAscending
            }
            return ReceivablesReport(aged: aged, names: names, money: money)
        }
    }

    /// The invoices past due on `day` (default today) with a balance left, the latest first.
    public func overdueInvoices(on day: Day? = nil, _ filter: ReportFilter = ReportFilter(), by caller: Caller) async throws -> [OverdueInvoice] {
        try await read(as: caller) { tx in
            let (scope, _) = try await reportScope(filter, by: caller, in: tx)
            let day = day ?? today
            let invoices = try await tx.issuedInvoices(through: day, owners: scope.owners)
            var overdue: [OverdueInvoice] = []
            for invoice in invoices where invoice.isOverdue(on: day) {
                overdue.append(OverdueInvoice(invoice: invoice, daysLate: invoice.daysPastDue(on: day) ?? 0, balance: invoice.balance(on: day) ?? 0,
                                              customerName: ""))
            }
            let names = try await customerNames(overdue.map(\.invoice.customer), in: tx)
            for index in overdue.indices { overdue[index].customerName = names[overdue[index].invoice.customer.id] ?? "" }
            return overdue.sorted { ($0.daysLate, $1.invoice.number ?? "") > ($1.daysLate, $0.invoice.number ?? "") }
        }
    }

    /// What one customer owes today on the invoices the caller may see, per currency (negative:
    /// owed to them), by currency code; currencies with nothing left are not listed.
    public func customerBalance(_ customer: Customer, by caller: Caller) async throws -> [CustomerBalance] {
        try await read(as: caller) { tx in
            let owners = AccessPolicy.visibleOwners(caller.principal, kind: .owned)
            var balances: [String: CustomerBalance] = [:]
            for invoice in try await tx.issuedInvoices(through: today, owners: owners, customerId: customer.id) {
                let currency = invoice.pricing.currency
                balances[currency, default: CustomerBalance(currency: currency, precision: invoice.pricing.currencyPrecision, amount: 0)]
                    .amount += invoice.balance(on: today) ?? 0
            }
            return balances.values.filter { $0.amount != 0 }.sorted { $0.currency < $1.currency }
        }
    }

    /// Names of accounts and contacts, read as data: a report names the customers of the
    /// invoices it may show, whoever owns them.
    func customerNames(_ customers: [Customer], in tx: Transaction) async throws -> [UUID: String] {
        var names: [UUID: String] = [:]
        for customer in customers where names[customer.id] == nil {
            switch customer {
            case .account(let id): names[customer.id] = try await tx.find(Account.self, id)?.fields.name
            case .contact(let id): names[customer.id] = try await tx.find(Contact.self, id)?.fullName
            }
        }
        return names
    }
}
