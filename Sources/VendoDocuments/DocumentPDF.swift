import Foundation
import VendoCore

/// Lays a quote, order confirmation, invoice or credit note out on A4 pages and writes it as
/// PDF/A-3b; an issued invoice or credit note carries its Factur-X XML (EN 16931 profile).
public enum DocumentPDF {
    public static func render(_ document: SalesDocument) -> [UInt8] {
        var layout = DocumentLayout(document)
        let pages = layout.pages()
        let title = layout.title + (document.number.map { " " + $0 } ?? "")
        var assembler = PDFAssembler(title: title, author: document.seller.name, language: document.language, date: document.date)
        assembler.logo = layout.logo
        if !document.isDraft, document.kind == .invoice || document.kind == .creditNote {
            assembler.attachment = PDFAssembler.Attachment(
                name: FacturX.fileName, mimeType: "text/xml", data: Array(FacturX.xml(document).utf8),
                description: "Factur-X invoice", relationship: "Data", facturXLevel: "EN 16931")
        }
        return assembler.assemble(pages)
    }
}

/// The page layout: a header with both parties and the document's facts, the lines table
/// (its header repeated on every page), totals, the tax breakdown, payment details and legal
/// wording, and a footer with the seller's identity and the page number.
struct DocumentLayout {
    let document: SalesDocument
    let formats: Formats
    private var pagesDone: [PDFCanvas] = []
    private var page = PDFCanvas()
    private var y = 0.0

    static let margin = 42.0
    static let right = PDFCanvas.width - margin
    static let footerTop = PDFCanvas.height - 56
    static let bodySize = 8.5

    /// The organisation's logo, when it is an image a PDF can draw.
    let logo: PDFImage?

    init(_ document: SalesDocument) {
        self.document = document
        formats = Formats(document.language)
        logo = document.logo.flatMap(PDFImage.init(dataURL:))
    }

    private func word(_ key: Wording.Key) -> String { Wording.text(key, document.language) }

    var title: String {
        switch document.kind {
        case .quote: return document.kindName ?? word(.quote)
        case .order: return document.kindName ?? word(.order)
        case .invoice: return word(.invoice)
        case .creditNote: return word(.creditNote)
        }
    }

    private func money(_ value: Decimal) -> String { formats.money(value, document.currency, scale: document.precision) }

    /// The columns of the lines table: their right edges (the first is left-aligned).
    private struct Column { let key: Wording.Key; let right: Double }
    private static let columns: [Column] = [
        Column(key: .item, right: 262), Column(key: .quantity, right: 292), Column(key: .unit, right: 332),
        Column(key: .unitPrice, right: 394), Column(key: .discount, right: 442), Column(key: .taxRate, right: 484),
        Column(key: .amount, right: right),
    ]

    mutating func pages() -> [PDFCanvas] {
        header()
        table()
        totals()
        taxBreakdown()
        payment()
        legal()
        pagesDone.append(page)
        var finished: [PDFCanvas] = []
        for (index, var canvas) in pagesDone.enumerated() {
            footer(&canvas, number: index + 1, of: pagesDone.count)
            finished.append(canvas)
        }
        return finished
    }

    // MARK: Header

    private mutating func header() {
        let seller = document.seller
        let left = Self.margin
        y = Self.drawLogo(logo, on: &page)
        page.text(seller.name, x: left, y: y, size: 14, face: .bold)
        y += 14
        for line in addressLines(seller.address) + [seller.email, seller.phone].compactMap({ $0 }) {
            page.text(line, x: left, y: y, size: 8, gray: 0.3)
            y += 10.5
        }
        if let vat = seller.vatNumber {
            page.text("\(word(.vatNumber)) \(vat)", x: left, y: y, size: 8, gray: 0.3)
            y += 10.5
        }
        let sellerBottom = y
        var right = 52.0
        page.text(title, x: Self.right, y: right, size: 18, face: .bold, alignRight: true)
        right += 16
        if let number = document.number {
            let revision = document.revision.map { " (\(word(.revision)) \($0))" } ?? ""
            page.text(number + revision, x: Self.right, y: right, size: 11, face: .bold, alignRight: true)
        } else {
            page.text(word(.draft), x: Self.right, y: right, size: 11, face: .bold, gray: 0.45, alignRight: true)
        }
        right += 16
        for (label, value) in facts() {
            page.text(label, x: 380, y: right, size: Self.bodySize, gray: 0.35)
            page.text(value, x: Self.right, y: right, size: Self.bodySize, alignRight: true)
            right += 11.5
        }
        y = max(sellerBottom, right) + 14
        parties()
    }

    private func facts() -> [(String, String)] {
        var facts: [(String, String)] = []
        let dateLabel = document.kind == .invoice || document.kind == .creditNote ? word(.issueDate) : word(.date)
        facts.append((dateLabel, formats.day(document.date)))
        if let until = document.validUntil { facts.append((word(.validUntil), formats.day(until))) }
        if let due = document.dueDate { facts.append((word(.dueDate), formats.day(due))) }
        if let delivered = document.deliveryDate { facts.append((word(.deliveryDate), formats.day(delivered))) }
        if let period = document.servicePeriod {
            facts.append((word(.servicePeriod), "\(formats.day(period.from)) – \(formats.day(period.to))"))
        }
        if let order = document.purchaseOrderReference { facts.append((word(.purchaseOrder), order)) }
        if let reference = document.buyerReference { facts.append((word(.buyerReference), reference)) }
        if let reference = document.reference { facts.append((word(.reference), reference)) }
        if let credited = document.credited { facts.append((word(.credits), credited.number)) }
        return facts
    }

    private mutating func parties() {
        let buyer = document.buyer
        var blocks: [(String, [String])] = []
        var billing = [buyer.name] + addressLines(buyer.address)
        if let vat = buyer.vatNumber { billing.append("\(word(.vatNumber)) \(vat)") }
        if let registration = buyer.registrationNumber { billing.append("\(word(.registration)) \(registration)") }
        blocks.append((word(.billTo), billing))
        if let delivery = document.deliveryAddress {
            blocks.append((word(.deliverTo), [buyer.name] + addressLines(delivery)))
        }
        let top = y
        var bottom = y
        for (index, block) in blocks.enumerated() {
            let x = index == 0 ? 300.0 : 300.0 + 150
            var row = top
            page.text(block.0, x: x, y: row, size: 7.5, gray: 0.4)
            row += 12
            for (number, line) in block.1.enumerated() {
                for piece in PDFCanvas.wrap(line, width: 140, size: 9, face: number == 0 ? .bold : .regular) {
                    page.text(piece, x: x, y: row, size: 9, face: number == 0 ? .bold : .regular)
                    row += 11.5
                }
            }
            bottom = max(bottom, row)
        }
        if let title = document.title, !title.isEmpty {
            var row = top
            for piece in PDFCanvas.wrap(title, width: 230, size: 10, face: .bold) {
                page.text(piece, x: Self.margin, y: row + 8, size: 10, face: .bold)
                row += 13
            }
            bottom = max(bottom, row + 8)
        }
        y = bottom + 16
    }

    private func addressLines(_ address: Address?) -> [String] { Self.addressLines(address, language: document.language) }

    /// An address as printed, one line each, the country named in `language`.
    static func addressLines(_ address: Address?, language: Language) -> [String] {
        guard let address, !address.isEmpty else { return [] }
        let city = [address.postalCode, address.city].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        let country = address.countryCode.map { Country.name($0, language: language.rawValue) } ?? address.country
        return [address.line1, address.line2, city, address.region, country].compactMap { $0 }.filter { !$0.isEmpty }
    }

    /// Draws the organisation's logo at the top left, at most 150 × 50 points, its proportions
    /// kept; returns where the seller's name goes under it.
    static func drawLogo(_ logo: PDFImage?, on page: inout PDFCanvas) -> Double {
        guard let logo else { return 52 }
        let scale = min(150 / Double(logo.width), 50 / Double(logo.height))
        let (width, height) = (Double(logo.width) * scale, Double(logo.height) * scale)
        page.logo(x: margin, y: 36, width: width, height: height)
        return 36 + height + 18
    }

    // MARK: Lines

    private mutating func tableHeader() {
        page.box(x: Self.margin, y: y, width: Self.right - Self.margin, height: 16, gray: 0.92)
        for (index, column) in Self.columns.enumerated() {
            let text = word(column.key)
            if index == 0 {
                page.text(text, x: Self.margin + 4, y: y + 11, size: 7.5, face: .bold)
            } else {
                page.text(text, x: column.right - (index == Self.columns.count - 1 ? 4 : 0), y: y + 11, size: 7.5, face: .bold,
                          alignRight: true)
            }
        }
        y += 27
    }

    private mutating func newPage(repeatHeader: Bool) {
        pagesDone.append(page)
        page = PDFCanvas()
        y = 52
        page.text(title + (document.number.map { " " + $0 } ?? ""), x: Self.margin, y: y, size: 9, face: .bold, gray: 0.35)
        y += 16
        if repeatHeader { tableHeader() }
    }

    /// Starts a new page when `height` more points do not fit above the footer.
    private mutating func ensure(_ height: Double, repeatHeader: Bool = false) {
        if y + height > Self.footerTop { newPage(repeatHeader: repeatHeader) }
    }

    private mutating func table() {
        ensure(60)
        tableHeader()
        let nameWidth = Self.columns[0].right - Self.margin - 8
        for line in document.lines {
            let name = (line.productNumber.map { "\($0) · " } ?? "") + line.name
            let nameLines = PDFCanvas.wrap(name, width: nameWidth, size: Self.bodySize, face: .bold)
            let description = line.description.map { PDFCanvas.wrap($0, width: nameWidth, size: 7.5) } ?? []
            let rows = nameLines.map { ($0, PDFCanvas.Face.bold, Self.bodySize, 0.0) }
                + description.map { ($0, PDFCanvas.Face.regular, 7.5, 0.35) }
            // The first line of a row never stays alone at the foot of a page.
            ensure(Double(min(rows.count, 2)) * 10.5 + 4, repeatHeader: true)
            let cells: [String] = [
                formats.quantity(line.quantity), line.unitName ?? "", formats.number(line.pricePerUnit - line.volumeDiscountPerUnit,
                                                                                      scale: max(document.precision, scale(of: line.pricePerUnit))),
                line.discount == 0 ? "" : formats.number(line.discount, scale: document.precision),
                taxText(line.tax),
                formats.number(line.netAmount, scale: document.precision),
            ]
            for (offset, cell) in cells.enumerated() {
                let column = Self.columns[offset + 1]
                let width = offset == 1 ? 36.0 : 60
                let text = PDFCanvas.wrap(cell, width: width, size: Self.bodySize).first ?? ""
                page.text(text, x: column.right - (offset == cells.count - 1 ? 4 : 0), y: y, size: Self.bodySize, alignRight: true)
            }
            for (index, row) in rows.enumerated() {
                if index > 0 {
                    y += row.2 + 2.5
                    ensure(row.2 + 2.5, repeatHeader: true)
                }
                page.text(row.0, x: Self.margin + 4, y: y, size: row.2, face: row.1, gray: row.3)
            }
            y += 6
            page.rule(from: (Self.margin, y), to: (Self.right, y), width: 0.3, gray: 0.8)
            y += 11
        }
    }

    private func scale(of value: Decimal) -> Int {
        for scale in 0...6 where value.rounded(scale: scale) == value { return scale }
        return 6
    }

    private func taxText(_ tax: SalesDocument.Tax) -> String {
        guard let rate = tax.rate else { return "" }
        if let category = tax.category, category != .S { return category == .O ? category.rawValue : "\(formats.percent(rate)) \(category.rawValue)" }
        return formats.percent(rate)
    }

    // MARK: Totals, taxes, payment, legal wording

    private mutating func totals() {
        let totals = document.totals
        var rows: [(String, String, Bool)] = [(word(.subtotal), money(totals.lines), false)]
        if totals.documentDiscount != 0 { rows.append((word(.documentDiscount), money(-totals.documentDiscount), false)) }
        if totals.freight != 0 { rows.append((word(.freight), money(totals.freight), false)) }
        rows.append((word(.taxableAmount), money(totals.lines - totals.documentDiscount + totals.freight), false))
        rows.append((word(.tax), money(totals.tax), false))
        rows.append((word(.total), money(totals.total), true))
        if let accounting = totals.taxInAccountingCurrency, document.accountingCurrency != document.currency {
            rows.append(("\(word(.accountingTax)) \(document.accountingCurrency)", formats.money(accounting, document.accountingCurrency), false))
        }
        if totals.paid != 0 {
            rows.append((word(.paid), money(totals.paid), false))
            rows.append((word(.amountDue), money(totals.due), true))
        }
        ensure(Double(rows.count) * 14 + 8)
        y += 4
        for row in rows {
            if row.2 { page.box(x: 330, y: y - 10, width: Self.right - 330, height: 15, gray: 0.92) }
            page.text(row.0, x: 336, y: y, size: row.2 ? 9.5 : Self.bodySize, face: row.2 ? .bold : .regular)
            page.text(row.1, x: Self.right - 4, y: y, size: row.2 ? 9.5 : Self.bodySize, face: row.2 ? .bold : .regular, alignRight: true)
            y += 15
        }
        y += 10
    }

    private mutating func taxBreakdown() {
        let breakdowns = FacturX.breakdowns(document).filter { $0.tax.rate != nil }
        guard !breakdowns.isEmpty else { return }
        ensure(Double(breakdowns.count + 1) * 13 + 14)
        page.text(word(.taxBreakdown), x: Self.margin, y: y, size: 9, face: .bold)
        y += 13
        page.text(word(.category), x: Self.margin, y: y, size: 7.5, gray: 0.4)
        page.text(word(.base), x: 440, y: y, size: 7.5, gray: 0.4, alignRight: true)
        page.text(word(.tax), x: Self.right - 4, y: y, size: 7.5, gray: 0.4, alignRight: true)
        y += 12
        for breakdown in breakdowns {
            let category = breakdown.tax.category ?? .S
            let label = "\(category.rawValue) · \(Wording.category(category, document.language))"
                + (category == .O ? "" : " · \(formats.percent(breakdown.tax.rate ?? 0))")
            for (index, piece) in PDFCanvas.wrap(label, width: 300, size: Self.bodySize).enumerated() {
                if index > 0 { y += 11 }
                page.text(piece, x: Self.margin, y: y, size: Self.bodySize)
            }
            page.text(money(breakdown.base), x: 440, y: y, size: Self.bodySize, alignRight: true)
            page.text(money(breakdown.amount), x: Self.right - 4, y: y, size: Self.bodySize, alignRight: true)
            y += 13
        }
        y += 8
    }

    private mutating func paragraph(_ text: String, size: Double = 8, face: PDFCanvas.Face = .regular, gray: Double = 0.15) {
        for piece in PDFCanvas.wrap(text, width: Self.right - Self.margin, size: size, face: face) {
            ensure(size + 3)
            page.text(piece, x: Self.margin, y: y, size: size, face: face, gray: gray)
            y += size + 3
        }
    }

    private mutating func payment() {
        guard document.kind != .quote || document.paymentTerms != nil else { return }
        var lines: [String] = []
        if let terms = document.paymentTerms { lines.append("\(word(.paymentTerms)): \(terms)") }
        if let due = document.dueDate, document.kind == .invoice { lines.append("\(word(.dueDate)): \(formats.day(due))") }
        if let iban = document.iban, document.kind == .invoice {
            var bank = "\(word(.bankTransfer)) · \(word(.iban)) \(Self.groupedIBAN(iban))"
            if let bic = document.bic { bank += " · \(word(.bic)) \(bic)" }
            if let holder = document.accountHolder { bank += " · \(word(.accountHolder)) \(holder)" }
            lines.append(bank)
        }
        guard !lines.isEmpty else { return }
        ensure(30)
        for line in lines { paragraph(line, size: Self.bodySize) }
        y += 6
    }

    private mutating func legal() {
        var texts: [String] = []
        for breakdown in FacturX.breakdowns(document) {
            guard let category = breakdown.tax.category, category.needsExemptionReason else { continue }
            let wording = Wording.category(category, document.language)
            // A reason that already names the exemption is printed alone.
            let reason = breakdown.tax.exemptionReason.map { reason in
                reason.lowercased().hasPrefix(wording.lowercased().prefix(14)) ? reason : "\(wording) — \(reason)"
            } ?? wording
            if !texts.contains(reason) { texts.append(reason) }
        }
        if let supply = document.supplyType { texts.append("\(word(.supplyType)): \(Wording.supplyType(supply, document.language))") }
        if document.vatOnDebits { texts.append(word(.vatOnDebits)) }
        if document.kind == .invoice || document.kind == .creditNote, let late = document.latePaymentText, !late.isEmpty {
            texts.append(late)
        }
        if let mentions = document.legalMentions, !mentions.isEmpty { texts.append(mentions) }
        if let description = document.description, !description.isEmpty { texts.insert(description, at: 0) }
        for text in texts {
            paragraph(text, size: 7.5, gray: 0.25)
            y += 3
        }
    }

    private func footer(_ canvas: inout PDFCanvas, number: Int, of count: Int) {
        let top = PDFCanvas.height - 40
        canvas.rule(from: (Self.margin, top - 10), to: (Self.right, top - 10), width: 0.4, gray: 0.75)
        if let identity = Wording.legalIdentity(document.seller, document.language, currency: document.accountingCurrency) {
            let line = PDFCanvas.wrap(identity, width: 420, size: 7).first ?? ""
            canvas.text(line, x: Self.margin, y: top, size: 7, gray: 0.4)
        }
        canvas.text("\(word(.page)) \(number) / \(count)", x: Self.right, y: top, size: 7.5, gray: 0.3, alignRight: true)
        if document.isDraft {
            canvas.text(word(.draft), x: Self.margin, y: top + 14, size: 7.5, face: .bold, gray: 0.45)
        }
    }

    static func groupedIBAN(_ iban: String) -> String {
        stride(from: 0, to: iban.count, by: 4).map { start -> String in
            let from = iban.index(iban.startIndex, offsetBy: start)
            let to = iban.index(from, offsetBy: min(4, iban.count - start))
            return String(iban[from..<to])
        }.joined(separator: " ")
    }
}
