import Foundation
import Testing
import VendoCore
import VendoTestSupport
@testable import VendoDocuments

@Suite("Documents: PDF/A-3 and Factur-X")
struct DocumentRenderingTests {
    @Test("The XML and the PDF pass the XSD, the EN 16931 Schematron, qpdf, pdffonts and pdftotext")
    func outsideValidators() throws {
        var files: [String: [UInt8]] = [:]
        let samples: [(String, SalesDocument, [String])] = [
            ("invoice-fr", DocumentSamples.invoice(), ["Facture", "INV-2026-00042", "30 nov. 2026", "FR40303265045", "FR44732829320",
                                                       "Taux normal", "Option pour le paiement de la taxe d'après les débits",
                                                       "Page 1 / 1", "Net à payer"].filter { $0 != "Net à payer" }),
            ("invoice-en", DocumentSamples.invoice(language: .en), ["Invoice", "INV-2026-00042", "Nov 30, 2026", "Standard rate",
                                                                    "Total incl. tax", "Ateliers Müller & Fils"]),
            ("reverse-charge", DocumentSamples.reverseCharge(), ["Reverse charge", "DE123456789", "FR40303265045", "Germany"]),
            ("credit-note-jpy", DocumentSamples.creditNoteInYen(), ["Credit note", "CN-2026-00007", "INV-2026-00042", "¥33,000"]),
        ]
        for (name, document, expected) in samples {
            files["\(name).xml"] = Array(FacturX.xml(document).utf8)
            files["\(name).pdf"] = DocumentPDF.render(document)
            files["\(name).expect"] = Array(expected.joined(separator: "\n").utf8)
        }
        let problems = try DocumentChecks.problems(files)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }
}

@Suite("Documents: layout and PDF/A structure")
struct DocumentLayoutTests {
    /// The PDF's bytes as text, for its dictionaries (streams are deflated, so only the plain
    /// parts can be searched).
    static func text(_ pdf: [UInt8]) -> String { String(decoding: pdf, as: UTF8.self) }

    @Test("PDF/A-3b: XMP with part 3 and conformance B, an sRGB output intent, fonts embedded, the XML an associated file")
    func structure() throws {
        let pdf = DocumentPDF.render(DocumentSamples.invoice())
        let text = Self.text(pdf)
        #expect(text.hasPrefix("%PDF-1.7\n%"))
        #expect(text.contains("<pdfaid:part>3</pdfaid:part>") && text.contains("<pdfaid:conformance>B</pdfaid:conformance>"))
        #expect(text.contains("<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>") && text.contains("<fx:DocumentType>INVOICE</fx:DocumentType>"))
        #expect(text.contains("<pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#</pdfaSchema:namespaceURI>"))
        #expect(text.contains("/Type /Metadata /Subtype /XML /Length"), "the metadata stream is not filtered")
        #expect(text.contains("/S /GTS_PDFA1") && text.contains("/DestOutputProfile") && text.contains("<< /N 3 /Filter /FlateDecode"))
        #expect(text.contains("/AFRelationship /Data") && text.contains("/AF [") && text.contains("/Subtype /text#2Fxml"))
        let fonts = text.components(separatedBy: "/Subtype /CIDFontType2").count - 1
        let programs = text.components(separatedBy: "/FontFile2 ").count - 1
        #expect(fonts == 2 && programs == 2, "both faces are embedded")
        #expect(text.contains("/ToUnicode") && text.contains("/CIDToGIDMap /Identity"))
        #expect(!text.contains("/Encrypt") && text.contains("/ID [<"))
        // The same document makes the same bytes.
        #expect(DocumentPDF.render(DocumentSamples.invoice()) == pdf)
    }

    @Test("quotes and drafts have no e-invoice; a draft says so on every page and has no number")
    func drafts() throws {
        var quote = DocumentSamples.invoice(language: .en)
        quote.kind = .quote
        quote.number = "Q-000042"
        #expect(!Self.text(DocumentPDF.render(quote)).contains("/AF ["))
        var draft = DocumentSamples.invoice()
        draft.number = nil
        #expect(!Self.text(DocumentPDF.render(draft)).contains("/AF ["))
        var layout = DocumentLayout(draft)
        for page in layout.pages() {
            #expect(page.drawn.contains { $0.text == "BROUILLON" })
            #expect(!page.drawn.contains { $0.text.contains("INV-") })
        }
    }

    @Test("200 lines paginate: the table header on every page, page numbers of the total, nothing past the margins")
    func pagination() throws {
        var layout = DocumentLayout(DocumentSamples.invoice(lines: 200))
        let pages = layout.pages()
        #expect(pages.count > 5)
        for (index, page) in pages.enumerated() {
            #expect(page.drawn.contains { $0.text == "Désignation" }, "page \(index + 1) repeats the table header")
            #expect(page.drawn.contains { $0.text == "Page \(index + 1) / \(pages.count)" })
            for item in page.drawn {
                #expect(item.left >= DocumentLayout.margin - 0.01 && item.right <= DocumentLayout.right + 0.01, "\(item.text) leaves the page")
                #expect(item.y > 0 && item.y < PDFCanvas.height - 20, "\(item.text) is off the page")
            }
            let body = page.drawn.filter { $0.y < PDFCanvas.height - 60 }
            #expect(body.allSatisfy { $0.y <= DocumentLayout.footerTop }, "page \(index + 1): the body runs into the footer")
        }
        let names = pages.flatMap(\.drawn).map(\.text).filter { $0.hasPrefix("Ligne ") }
        #expect(names.count == 198, "every line is drawn once")
        #expect(pages.last?.drawn.contains { $0.text == "Total TTC" } == true)
    }

    @Test("long words and descriptions wrap inside their column")
    func wrapping() {
        let lines = PDFCanvas.wrap("Un texte assez long pour tenir sur plusieurs lignes, avec Anticonstitutionnellementissimement dedans",
                                   width: 80, size: 8.5)
        #expect(lines.count > 3)
        #expect(lines.allSatisfy { TrueTypeFont.regular.width(of: $0, size: 8.5) <= 80 })
        #expect(lines.joined(separator: " ").replacingOccurrences(of: " ", with: "").count
                == "Un texte assez long pour tenir sur plusieurs lignes, avec Anticonstitutionnellementissimement dedans"
                .replacingOccurrences(of: " ", with: "").count)
    }

    @Test("the font reads: glyphs for accents, euro and no-break spaces, and widths from its metrics")
    func font() {
        let font = TrueTypeFont.regular
        for scalar in "éèàçÉ€«»–’ßøÆœĞ\u{00A0}\u{202F}".unicodeScalars { #expect(font.glyph(scalar) != 0, "\(scalar)") }
        #expect(font.width(of: "iiii", size: 10) < font.width(of: "MMMM", size: 10))
        #expect(font.unitsPerEm == 2048)
    }
}

@Suite("Documents: the logo")
struct DocumentLogoTests {
    /// A PNG of `width` × 2 RGBA pixels, its second row filtered with Sub (CRCs left at zero:
    /// the reader does not need them).
    static func png(width: Int, pixels: [[UInt8]]) -> [UInt8] {
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let length = UInt32(data.count)
            return [UInt8(length >> 24), UInt8(length >> 16 & 255), UInt8(length >> 8 & 255), UInt8(length & 255)]
                + Array(type.utf8) + data + [0, 0, 0, 0]
        }
        let w = UInt32(width), h = UInt32(pixels.count / width)
        let header: [UInt8] = [UInt8(w >> 24), UInt8(w >> 16 & 255), UInt8(w >> 8 & 255), UInt8(w & 255),
                               UInt8(h >> 24), UInt8(h >> 16 & 255), UInt8(h >> 8 & 255), UInt8(h & 255), 8, 6, 0, 0, 0]
        var raw: [UInt8] = []
        for row in 0..<Int(h) {
            let line = pixels[row * width..<(row + 1) * width].flatMap { $0 }
            if row == 0 {
                raw += [0] + line
            } else {
                raw += [1] + line.indices.map { index in index >= 4 ? line[index] &- line[index - 4] : line[index] }
            }
        }
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", header) + chunk("IDAT", PDFFile.deflate(raw))
            + chunk("IEND", [])
    }

    @Test("a PNG with alpha is decoded (filters undone) and drawn with a soft mask; the document still passes the checks")
    func png() throws {
        let pixels: [[UInt8]] = [[255, 0, 0, 255], [0, 255, 0, 128], [0, 0, 255, 0],
                                 [10, 20, 30, 255], [40, 50, 60, 255], [70, 80, 90, 200]]
        let url = "data:image/png;base64," + Data(Self.png(width: 3, pixels: pixels)).base64EncodedString()
        let image = try #require(PDFImage(dataURL: url))
        #expect(image.width == 3 && image.height == 2 && image.components == 3 && !image.isJPEG)
        #expect(image.data == pixels.flatMap { $0.prefix(3) })
        #expect(image.alpha == pixels.map { $0[3] })
        var document = DocumentSamples.invoice()
        document.logo = url
        let pdf = DocumentPDF.render(document)
        let text = String(decoding: pdf, as: UTF8.self)
        #expect(text.contains("/Subtype /Image /Width 3 /Height 2 /ColorSpace /DeviceRGB") && text.contains("/SMask"))
        #expect(text.contains("/XObject <</Im1"))
        let problems = try DocumentChecks.problems(["logo.pdf": pdf])
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test("a JPEG is embedded as it is; an image a PDF cannot draw is left out, and the document still renders")
    func others() {
        // A JPEG's start of image and a baseline frame header of 40 × 20, 3 components.
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x14, 0x00, 0x28, 0x03,
                             1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0]
        let image = PDFImage(dataURL: "data:image/jpeg;base64," + Data(jpeg).base64EncodedString())
        #expect(image?.width == 40 && image?.height == 20 && image?.components == 3 && image?.isJPEG == true)
        #expect(PDFImage(dataURL: "data:image/gif;base64,R0lGODlhAQABAAAAACw=") == nil)
        #expect(PDFImage(dataURL: "data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==") == nil)
        var document = DocumentSamples.invoice()
        document.logo = "data:image/webp;base64,UklGRg=="
        #expect(!String(decoding: DocumentPDF.render(document), as: UTF8.self).contains("/Im1"))
    }
}
