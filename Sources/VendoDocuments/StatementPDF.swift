import Foundation
import VendoCore

/// A customer's statement of account over a period: the balance brought forward, every
/// invoice, credit note, payment, reversal, refund and write-off of the period, and the
/// balance at its end (SALES-PROCESS.md §12).
public struct Statement: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        public enum Kind: String, Sendable, CaseIterable { case invoice, creditNote, payment, reversal, refund, writeOff }
        public var date: Day
        public var kind: Kind
        /// The document's number, and the payment's reference when it has one.
        public var reference: String
        /// What the customer owes more (invoices, reversals, refunds) or less (credits, payments).
        public var amount: Decimal

        public init(date: Day, kind: Kind, reference: String, amount: Decimal) {
            self.date = date
            self.kind = kind
            self.reference = reference
            self.amount = amount
        }
    }

    public var language: Language
    public var seller: InvoiceParty
    public var customer: InvoiceParty
    public var currency: String
    public var precision: Int
    public var from: Day
    public var to: Day
    public var opening: Decimal
    public var items: [Item]
    public var logo: String?
    public var closing: Decimal { opening + items.reduce(0) { $0 + $1.amount } }

    public init(language: Language, seller: InvoiceParty, customer: InvoiceParty, currency: String, precision: Int, from: Day, to: Day,
                opening: Decimal, items: [Item]) {
        self.language = language
        self.seller = seller
        self.customer = customer
        self.currency = currency
        self.precision = precision
        self.from = from
        self.to = to
        self.opening = opening
        self.items = items
    }

    func word(_ english: String, _ french: String) -> String { language == .fr ? french : english }

    var title: String { word("Statement of account", "Relevé de compte") }

    func label(_ kind: Item.Kind) -> String {
        switch kind {
        case .invoice: word("Invoice", "Facture")
        case .creditNote: word("Credit note", "Avoir")
        case .payment: word("Payment", "Règlement")
        case .reversal: word("Payment reversed", "Règlement rejeté")
        case .refund: word("Refund", "Remboursement")
        case .writeOff: word("Written off", "Passé en perte")
        }
    }
}

public enum StatementPDF {
    public static func render(_ statement: Statement) -> [UInt8] {
        var layout = StatementLayout(statement)
        let pages = layout.pages()
        var assembler = PDFAssembler(title: statement.title + " " + statement.customer.name, author: statement.seller.name,
                                     language: statement.language, date: statement.to)
        assembler.logo = layout.logo
        return assembler.assemble(pages)
    }
}

/// The statement on A4 pages: the seller, the customer and the period, then a table with a
/// running balance (its header repeated on every page), and the page numbers.
struct StatementLayout {
    let statement: Statement
    let formats: Formats
    let logo: PDFImage?
    private var done: [PDFCanvas] = []
    private var page = PDFCanvas()
    private var y = 0.0

    static let margin = DocumentLayout.margin
    static let right = DocumentLayout.right
    static let columns: [(String, String, Double)] = [("Date", "Date", margin + 4), ("Document", "Pièce", 112), ("Debit", "Débit", 400),
                                                      ("Credit", "Crédit", 470), ("Balance", "Solde", right - 4)]

    init(_ statement: Statement) {
        self.statement = statement
        formats = Formats(statement.language)
        logo = statement.logo.flatMap(PDFImage.init(dataURL:))
    }

    private func money(_ value: Decimal) -> String { formats.number(value, scale: statement.precision) }

    mutating func pages() -> [PDFCanvas] {
        header()
        tableHeader()
        var balance = statement.opening
        row(formats.day(statement.from), statement.word("Balance brought forward", "Solde reporté"), nil, balance, bold: true)
        for item in statement.items {
            balance += item.amount
            row(formats.day(item.date), statement.label(item.kind) + " " + item.reference, item.amount, balance, bold: false)
        }
        y += 4
        row(formats.day(statement.to), statement.word("Balance at the end of the period", "Solde en fin de période") + " (\(statement.currency))",
            nil, statement.closing, bold: true)
        done.append(page)
        return done.enumerated().map { index, canvas in
            var canvas = canvas
            let top = PDFCanvas.height - 40
            canvas.rule(from: (Self.margin, top - 10), to: (Self.right, top - 10), width: 0.4, gray: 0.75)
            canvas.text(statement.seller.name, x: Self.margin, y: top, size: 7, gray: 0.4)
            canvas.text("\(statement.word("Page", "Page")) \(index + 1) / \(done.count)", x: Self.right, y: top, size: 7.5, gray: 0.3,
                        alignRight: true)
            return canvas
        }
    }

    private mutating func header() {
        y = DocumentLayout.drawLogo(logo, on: &page)
        page.text(statement.seller.name, x: Self.margin, y: y, size: 14, face: .bold)
        page.text(statement.title, x: Self.right, y: 52, size: 18, face: .bold, alignRight: true)
        let period = statement.word("From \(formats.day(statement.from)) to \(formats.day(statement.to))",
                                    "Du \(formats.day(statement.from)) au \(formats.day(statement.to))")
        page.text(period, x: Self.right, y: 70, size: 9, alignRight: true)
        y = max(y + 30, 100)
        page.text(statement.customer.name, x: 330, y: y, size: 10, face: .bold)
        y += 13
        for line in DocumentLayout.addressLines(statement.customer.address, language: statement.language) {
            page.text(line, x: 330, y: y, size: 8.5)
            y += 11
        }
        y += 20
    }

    private mutating func tableHeader() {
        page.box(x: Self.margin, y: y, width: Self.right - Self.margin, height: 16, gray: 0.92)
        for (index, column) in Self.columns.enumerated() {
            let text = statement.language == .fr ? column.1 : column.0
            page.text(text, x: column.2, y: y + 11, size: 7.5, face: .bold, alignRight: index >= 2)
        }
        y += 27
    }

    private mutating func row(_ date: String, _ text: String, _ amount: Decimal?, _ balance: Decimal, bold: Bool) {
        if y + 14 > DocumentLayout.footerTop {
            done.append(page)
            page = PDFCanvas()
            y = 52
            page.text(statement.title + " · " + statement.customer.name, x: Self.margin, y: y, size: 9, face: .bold, gray: 0.35)
            y += 16
            tableHeader()
        }
        let face: PDFCanvas.Face = bold ? .bold : .regular
        page.text(date, x: Self.columns[0].2, y: y, size: DocumentLayout.bodySize, face: face)
        page.text(PDFCanvas.wrap(text, width: 230, size: DocumentLayout.bodySize, face: face).first ?? "", x: Self.columns[1].2, y: y,
                  size: DocumentLayout.bodySize, face: face)
        if let amount {
            let column = amount >= 0 ? Self.columns[2] : Self.columns[3]
            page.text(money(abs(amount)), x: column.2, y: y, size: DocumentLayout.bodySize, alignRight: true)
        }
        page.text(money(balance), x: Self.columns[4].2, y: y, size: DocumentLayout.bodySize, face: face, alignRight: true)
        y += 6
        page.rule(from: (Self.margin, y), to: (Self.right, y), width: 0.3, gray: 0.85)
        y += 11
    }
}
