import ArgumentParser
import Foundation
import VendoCore
import VendoDocuments

/// Prepares the documents' HTTP loads: the organisation's legal identity, a customer, and two
/// 20-line invoices, one issued (its kept PDF is served) and one draft (rendered each time).
struct DocumentsSetupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "documents-setup",
                                                    abstract: "Make a 20-line issued invoice and a 20-line draft for the PDF loads.")

    @Option var host = "127.0.0.1"
    @Option var port: Int
    @Option var token: String

    func run() async throws {
        let session = HTTPSession(host: host, port: port, token: token)
        defer { Task { await session.close() } }
        let (status, body, _) = try await session.send(.patch, "/api/v1/settings", json: [
            "legalName": "Bench SAS", "registrationNumber": "303265045", "vatNumber": "FR40303265045",
            "organisationAddress": ["line1": "1 rue du Banc", "city": "Lyon", "postalCode": "69002", "country": "FR"],
            "paymentTerms": [["label": "30 days", "days": 30]], "iban": "FR7630006000011234567890189",
            "latePaymentText": "Late payment: three times the legal interest rate and a fixed 40 € recovery indemnity.",
        ])
        guard status == 200 else { throw HTTPSession.Failure(description: "settings answered \(status): \(body)") }
        let account = try await session.id(.post, "/api/v1/accounts", json: [
            "name": "Bench Customer SA", "registrationNumber": "732829320", "vatNumber": "FR44732829320",
            "address": ["line1": "3 quai Saint-Antoine", "city": "Lyon", "postalCode": "69002", "country": "FR"],
        ])
        var ids: [String] = []
        for name in ["Issued", "Draft"] {
            let invoice = try await session.id(.post, "/api/v1/invoices", json: ["name": "\(name) invoice", "customerId": account,
                                                                               "customerType": "account"])
            for index in 1...20 {
                _ = try await session.id(.post, "/api/v1/invoices/\(invoice)/lines", json: [
                    "writeInName": "Service line \(index)", "quantity": "\(index % 5 + 1)", "pricePerUnit": "\(100 + index).50",
                    "taxRate": index % 4 == 0 ? "5.5" : "20", "description": "Work done for the line \(index), as agreed in the order.",
                ])
            }
            ids.append(invoice)
        }
        _ = try await session.id(.post, "/api/v1/invoices/\(ids[0])/issue")
        try emit(["issued": ids[0], "draft": ids[1]])
    }
}

/// Renders a 200-line invoice with its Factur-X XML in process: the time a server spends on
/// the largest documents, outside any transaction.
struct RenderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "render", abstract: "Time to render an invoice of N lines as Factur-X PDF.")

    @Option var lines = 200
    @Option var repeats = 20

    func run() async throws {
        var document = SalesDocument(
            kind: .invoice, number: "INV-2026-00001", language: .fr, date: Day(year: 2026, month: 12, day: 6) ?? Day(Date()),
            currency: "EUR", precision: 2, accountingCurrency: "EUR",
            seller: .init(name: "Bench SAS", registrationNumber: "303265045", vatNumber: "FR40303265045",
                          address: Address(line1: "1 rue du Banc", city: "Lyon", postalCode: "69002", country: "FR")),
            buyer: .init(name: "Bench Customer SA", registrationNumber: "732829320", vatNumber: "FR44732829320",
                         address: Address(line1: "3 quai Saint-Antoine", city: "Lyon", postalCode: "69002", country: "FR")),
            lines: [], totals: .init(lines: 0, documentDiscount: 0, freight: 0, freightTax: 0, tax: 0, total: 0))
        for index in 1...lines {
            let net = Decimal(index % 5 + 1) * 100
            document.lines.append(.init(name: "Service line \(index)", description: "Work done for the line \(index), as agreed.",
                                        quantity: Decimal(index % 5 + 1), pricePerUnit: 100, netAmount: net, taxAmount: net / 5,
                                        tax: .init(rate: 20, category: .S)))
        }
        let net = document.lines.reduce(Decimal(0)) { $0 + $1.netAmount }
        document.totals = .init(lines: net, documentDiscount: 0, freight: 0, freightTax: 0, tax: net / 5, total: net * 6 / 5)
        document.dueDate = Day(year: 2027, month: 1, day: 5)
        var samples = Samples()
        var bytes = 0
        for _ in 0..<repeats {
            let watch = Stopwatch()
            bytes = DocumentPDF.render(document).count
            samples.add(watch.seconds)
        }
        try emit(["lines": lines, "bytes": bytes, "render": samples.summary])
    }
}
