import Foundation
import VendoCore

/// Puts drawn pages together as a PDF/A-3b file: both faces embedded (Type 0 fonts with
/// ToUnicode maps, so that the text can be searched and copied), XMP metadata naming the
/// PDF/A part and conformance, an sRGB output intent, and an optional associated file (the
/// Factur-X XML) with its relationship and the Factur-X XMP extension.
struct PDFAssembler {
    struct Attachment {
        var name: String
        var mimeType: String
        var data: [UInt8]
        var description: String
        var relationship: String
        /// Factur-X's XMP properties: document type, file name, version, conformance level.
        var facturXLevel: String?
    }

    var title: String
    var author: String
    var language: Language
    var date: Day
    var attachment: Attachment?
    var logo: PDFImage?

    func assemble(_ pages: [PDFCanvas]) -> [UInt8] {
        var file = PDFFile()
        let catalog = file.reserve(), pageTree = file.reserve()
        let metadata = file.reserve(), profile = file.reserve()
        var fontObjects: [PDFCanvas.Face: Int] = [:]
        var used: [PDFCanvas.Face: [UInt16: String]] = [:]
        for page in pages {
            for (face, glyphs) in page.glyphs { used[face, default: [:]].merge(glyphs) { first, _ in first } }
        }
        for face in PDFCanvas.Face.allCases where used[face] != nil {
            fontObjects[face] = font(face, glyphs: used[face] ?? [:], in: &file)
        }
        let fonts = fontObjects.sorted { $0.key.rawValue < $1.key.rawValue }
            .map { "/\($0.key.resource) \($0.value) 0 R" }.joined(separator: " ")
        var image: Int?
        if let logo, pages.contains(where: \.drawsLogo) { image = self.image(logo, in: &file) }
        var kids: [Int] = []
        for page in pages {
            let content = file.reserve(), object = file.reserve()
            file.stream(content, data: Array(page.operators.utf8))
            let images = page.drawsLogo ? image.map { " /XObject <</Im1 \($0) 0 R>>" } ?? "" : ""
            file.object(object, "<</Type /Page /Parent \(pageTree) 0 R /MediaBox [0 0 \(PDFCanvas.width) \(PDFCanvas.height)] "
                + "/Resources <</Font <<\(fonts)>>\(images)>> /Contents \(content) 0 R>>")
            kids.append(object)
        }
        file.object(pageTree, "<</Type /Pages /Count \(kids.count) /Kids [\(kids.map { "\($0) 0 R" }.joined(separator: " "))]>>")

        let xmp = Array(self.xmp().utf8)
        file.stream(metadata, dictionary: " /Type /Metadata /Subtype /XML", data: xmp, compressed: false)
        file.stream(profile, dictionary: " /N 3", deflated: Self.deflatedProfile)

        var extra = ""
        if let attachment {
            let stream = file.reserve(), spec = file.reserve()
            let mime = attachment.mimeType.replacingOccurrences(of: "/", with: "#2F")
            file.stream(stream, dictionary: " /Type /EmbeddedFile /Subtype /\(mime) /Params <</Size \(attachment.data.count) "
                + "/ModDate (\(PDFFile.date(date)))>>", data: attachment.data)
            let name = PDFFile.textString(attachment.name)
            file.object(spec, "<</Type /Filespec /F \(name) /UF \(name) /Desc \(PDFFile.textString(attachment.description)) "
                + "/AFRelationship /\(attachment.relationship) /EF <</F \(stream) 0 R /UF \(stream) 0 R>>>>")
            extra = " /Names <</EmbeddedFiles <</Names [\(name) \(spec) 0 R]>>>> /AF [\(spec) 0 R] /PageMode /UseAttachments"
        }
        file.object(catalog, "<</Type /Catalog /Pages \(pageTree) 0 R /Metadata \(metadata) 0 R /Lang \(PDFFile.textString(language.rawValue)) "
            + "/OutputIntents [<</Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier (sRGB IEC61966-2.1) "
            + "/Info (sRGB IEC61966-2.1) /DestOutputProfile \(profile) 0 R>>]\(extra)>>")
        let id = Self.fingerprint(pages.map(\.operators).joined() + title)
        return file.finish(root: catalog, metadataID: id)
    }

    /// The font programs and the colour profile, deflated once for every document: deflating
    /// them took most of a small document's rendering time.
    static let deflatedRegular = PDFFile.deflate(TrueTypeFont.regular.data)
    static let deflatedBold = PDFFile.deflate(TrueTypeFont.bold.data)
    static let deflatedProfile = PDFFile.deflate([UInt8](Data(base64Encoded: EmbeddedData.sRGBProfile) ?? Data()))

    /// 16 bytes that follow from the content (two FNV-1a hashes), for the trailer's ID.
    static func fingerprint(_ text: String) -> [UInt8] {
        var first: UInt64 = 0xcbf2_9ce4_8422_2325, second: UInt64 = 0x6c62_272e_07bb_0142
        for byte in text.utf8 {
            first = (first ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            second = (second ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 &+ 1
        }
        return (0..<8).map { UInt8(truncatingIfNeeded: first >> (8 * $0)) } + (0..<8).map { UInt8(truncatingIfNeeded: second >> (8 * $0)) }
    }

    /// The logo as an image XObject, its alpha as a soft mask.
    private func image(_ image: PDFImage, in file: inout PDFFile) -> Int {
        let object = file.reserve()
        let space = image.components == 1 ? "/DeviceGray" : "/DeviceRGB"
        var mask = ""
        if let alpha = image.alpha {
            let soft = file.reserve()
            file.stream(soft, dictionary: " /Type /XObject /Subtype /Image /Width \(image.width) /Height \(image.height) "
                + "/ColorSpace /DeviceGray /BitsPerComponent 8", data: alpha)
            mask = " /SMask \(soft) 0 R"
        }
        let head = " /Type /XObject /Subtype /Image /Width \(image.width) /Height \(image.height) /ColorSpace \(space) "
            + "/BitsPerComponent 8\(mask)"
        if image.isJPEG {
            file.stream(object, dictionary: head + " /Filter /DCTDecode", data: image.data, compressed: false)
        } else {
            file.stream(object, dictionary: head, data: image.data)
        }
        return object
    }

    /// A Type 0 font over the face's embedded TrueType program, with the widths and the
    /// ToUnicode entries of the glyphs the document uses.
    private func font(_ face: PDFCanvas.Face, glyphs: [UInt16: String], in file: inout PDFFile) -> Int {
        let font = face.font
        let type0 = file.reserve(), cid = file.reserve(), descriptor = file.reserve(), program = file.reserve(), toUnicode = file.reserve()
        file.stream(program, dictionary: " /Length1 \(font.data.count)", deflated: face == .bold ? Self.deflatedBold : Self.deflatedRegular)
        let box = font.boundingBox
        file.object(descriptor, "<</Type /FontDescriptor /FontName /\(font.postScriptName) /Flags 32 "
            + "/FontBBox [\(font.scaled(box.0)) \(font.scaled(box.1)) \(font.scaled(box.2)) \(font.scaled(box.3))] "
            + "/ItalicAngle \(Int(font.italicAngle)) /Ascent \(font.scaled(font.ascent)) /Descent \(font.scaled(font.descent)) "
            + "/CapHeight \(font.scaled(font.capHeight)) /StemV \(font.isBold ? 120 : 80) /FontFile2 \(program) 0 R>>")
        let sorted = glyphs.keys.sorted()
        let widths = sorted.map { "\($0) [\(font.width(of: $0))]" }.joined(separator: " ")
        file.object(cid, "<</Type /Font /Subtype /CIDFontType2 /BaseFont /\(font.postScriptName) "
            + "/CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>> /FontDescriptor \(descriptor) 0 R "
            + "/DW \(font.width(of: 0)) /W [\(widths)] /CIDToGIDMap /Identity>>")
        var cmap = """
            /CIDInit /ProcSet findresource begin
            12 dict begin
            begincmap
            /CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def
            /CMapName /Adobe-Identity-UCS def
            /CMapType 2 def
            1 begincodespacerange
            <0000> <FFFF>
            endcodespacerange

            """
        for chunk in stride(from: 0, to: sorted.count, by: 100) {
            let part = sorted[chunk..<min(chunk + 100, sorted.count)]
            cmap += "\(part.count) beginbfchar\n"
            for glyph in part {
                let text = (glyphs[glyph] ?? "").utf16.map { String(format: "%04X", $0) }.joined()
                cmap += String(format: "<%04X> <", glyph) + text + ">\n"
            }
            cmap += "endbfchar\n"
        }
        cmap += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
        file.stream(toUnicode, data: Array(cmap.utf8))
        file.object(type0, "<</Type /Font /Subtype /Type0 /BaseFont /\(font.postScriptName) /Encoding /Identity-H "
            + "/DescendantFonts [\(cid) 0 R] /ToUnicode \(toUnicode) 0 R>>")
        return type0
    }

    /// The XMP packet: PDF/A identification, title, dates, producer, and the Factur-X
    /// properties with the extension schema that PDF/A requires for them.
    private func xmp() -> String {
        let stamp = String(format: "%04d-%02d-%02dT00:00:00Z", date.year, date.month, date.day)
        var rdf = """
            <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
              <pdfaid:part>3</pdfaid:part>
              <pdfaid:conformance>B</pdfaid:conformance>
            </rdf:Description>
            <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
              <dc:format>application/pdf</dc:format>
              <dc:title><rdf:Alt><rdf:li xml:lang="x-default">\(XMLWriter.escape(title))</rdf:li></rdf:Alt></dc:title>
              <dc:creator><rdf:Seq><rdf:li>\(XMLWriter.escape(author))</rdf:li></rdf:Seq></dc:creator>
              <dc:language><rdf:Bag><rdf:li>\(language.rawValue)</rdf:li></rdf:Bag></dc:language>
            </rdf:Description>
            <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
              <xmp:CreateDate>\(stamp)</xmp:CreateDate>
              <xmp:ModifyDate>\(stamp)</xmp:ModifyDate>
              <xmp:CreatorTool>Vendo</xmp:CreatorTool>
            </rdf:Description>
            <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
              <pdf:Producer>Vendo</pdf:Producer>
            </rdf:Description>

            """
        if let level = attachment?.facturXLevel, let name = attachment?.name {
            rdf += """
                <rdf:Description rdf:about="" xmlns:fx="urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#">
                  <fx:DocumentType>INVOICE</fx:DocumentType>
                  <fx:DocumentFileName>\(name)</fx:DocumentFileName>
                  <fx:Version>1.0</fx:Version>
                  <fx:ConformanceLevel>\(level)</fx:ConformanceLevel>
                </rdf:Description>
                <rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
                    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
                  <pdfaExtension:schemas>
                    <rdf:Bag>
                      <rdf:li rdf:parseType="Resource">
                        <pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>
                        <pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#</pdfaSchema:namespaceURI>
                        <pdfaSchema:prefix>fx</pdfaSchema:prefix>
                        <pdfaSchema:property>
                          <rdf:Seq>
                \(Self.property("DocumentFileName", "The name of the embedded XML invoice file"))
                \(Self.property("DocumentType", "INVOICE"))
                \(Self.property("Version", "The version of the Factur-X XML schema"))
                \(Self.property("ConformanceLevel", "The conformance level of the embedded Factur-X data"))
                          </rdf:Seq>
                        </pdfaSchema:property>
                      </rdf:li>
                    </rdf:Bag>
                  </pdfaExtension:schemas>
                </rdf:Description>

                """
        }
        return "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
            + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
            + rdf + "</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>"
    }

    private static func property(_ name: String, _ description: String) -> String {
        """
                    <rdf:li rdf:parseType="Resource">
                      <pdfaProperty:name>\(name)</pdfaProperty:name>
                      <pdfaProperty:valueType>Text</pdfaProperty:valueType>
                      <pdfaProperty:category>external</pdfaProperty:category>
                      <pdfaProperty:description>\(description)</pdfaProperty:description>
                    </rdf:li>
        """
    }
}
