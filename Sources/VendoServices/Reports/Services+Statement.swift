import Foundation
import VendoCore
import VendoDocuments
import VendoStore

extension Services {
    /// The items of a customer's statement in one currency, from the invoices the caller may
    /// see: each invoice on its issue day, and its credits, payments, reversals, refunds and
    /// write-offs on theirs (an invoice canceled whole is credited on the day it was).
    func statementItems(_ invoices: [Invoice], currency: String, in tx: Transaction) async throws -> [Statement.Item] {
        var items: [Statement.Item] = []
        for invoice in invoices where invoice.kind == .invoice && invoice.pricing.currency == currency {
            guard let number = invoice.number, let issued = invoice.issueDate else { continue }
            items.append(Statement.Item(date: issued, kind: .invoice, reference: number, amount: invoice.pricing.totals.totalAmount))
            if invoice.status == .canceled, let day = invoice.canceledOn {
                var reference = number
                if let id = invoice.creditNoteId, let note = try await tx.find(Invoice.self, id), let noteNumber = note.number {
                    reference = "\(noteNumber) (\(number))"
                }
                items.append(Statement.Item(date: day, kind: .creditNote, reference: reference,
                                            amount: -invoice.pricing.totals.totalAmount))
            }
            for credit in invoice.credits {
                items.append(Statement.Item(date: credit.date, kind: .creditNote, reference: "\(credit.number) (\(number))", amount: -credit.amount))
            }
            for payment in invoice.payments {
                let reference = number + (payment.reference.map { " · \($0)" } ?? "")
                items.append(Statement.Item(date: payment.date, kind: .payment, reference: reference, amount: -payment.amount))
                if let reversal = payment.reversal {
                    items.append(Statement.Item(date: reversal.date, kind: .reversal, reference: reference, amount: payment.amount))
                }
            }
            for refund in invoice.refunds {
                items.append(Statement.Item(date: refund.date, kind: .refund, reference: number, amount: refund.amount))
            }
            for writeOff in invoice.writeOffs {
                items.append(Statement.Item(date: writeOff.date, kind: .writeOff, reference: number, amount: -writeOff.amount))
            }
        }
        return items.enumerated().sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }.map(\.element)
    }

    /// A customer's statement of account as a PDF, in their document language: the balance
    /// brought forward on `from` (default: the start of the year of `to`), the items of the
    /// period, and the balance on `to` (default today). `currency` defaults to the base one.
    public func statement(of customer: Customer, from: Day? = nil, to: Day? = nil, currency: String? = nil,
                          by caller: Caller) async throws -> RenderedDocument {
        let (statement, name) = try await read(as: caller) { tx -> (Statement, String) in
            let name: String
            let address: Address?
            switch customer {
            case .account(let id):
                let account = try await load(Account.self, id, in: tx)
                (name, address) = (account.fields.name, account.fields.invoiceAddress)
            case .contact(let id):
                let contact = try await load(Contact.self, id, in: tx)
                (name, address) = (contact.fullName, contact.fields.address)
            }
            let settings = try await settings(in: tx)
            let to = to ?? today
            let from = from ?? (Day(year: to.year, month: 1, day: 1) ?? to)
            if to < from { throw ServiceError.invalid("to", "before_from", "the period ends after it starts") }
            let currency = currency ?? settings.baseCurrency
            guard let precision = try await tx.currency(currency)?.precision else {
                throw ServiceError.invalid("currency", "unknown_currency", "no currency \(currency)")
            }
            let owners = AccessPolicy.visibleOwners(caller.principal, kind: .owned)
            let all = try await statementItems(try await tx.issuedInvoices(through: to, owners: owners, customerId: customer.id),
                                               currency: currency, in: tx).filter { $0.date <= to }
            let opening = all.filter { $0.date < from }.reduce(Decimal(0)) { $0 + $1.amount }
            var statement = Statement(language: try await documentLanguage(of: customer, settings: settings, in: tx),
                                      seller: InvoiceParty(seller: settings), customer: InvoiceParty(name: name, address: address),
                                      currency: currency, precision: precision, from: from, to: to, opening: opening,
                                      items: all.filter { $0.date >= from })
            statement.logo = settings.logo
            return (statement, name)
        }
        // Drawn off the cooperative threads, as the other documents are.
        let safe = name.filter { $0.isLetter || $0.isNumber }.prefix(40)
        return RenderedDocument(fileName: "statement-\(safe.isEmpty ? "customer" : String(safe))-\(statement.to).pdf",
                                bytes: try await CPUWork.run { StatementPDF.render(statement) })
    }
}
