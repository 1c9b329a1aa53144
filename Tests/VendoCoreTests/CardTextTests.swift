import Foundation
import Testing
@testable import VendoCore

/// The rules that turn a card's text into lead fields, each on its own, from text as OCR gives it.
@Suite("Business cards: reading the text")
struct CardTextTests {
    static func read(_ lines: String..., country: String = "FR") -> CardFields {
        CardText.read(lines.joined(separator: "\n"), defaultCountry: country).fields
    }

    @Test("a French card: accents, a name in capitals, a legal form, a French address, mobile and office phones")
    func frenchCard() {
        let fields = Self.read("Élodie LEFÈVRE", "Directrice commerciale", "Atelier Lumière SAS", "12 rue de la Paix", "75002 Paris",
                               "Tél. 01 42 68 53 00", "Port. 06 12 34 56 78", "elodie.lefevre@atelier-lumiere.fr", "www.atelier-lumiere.fr")
        #expect(fields.firstName == "Élodie" && fields.lastName == "Lefèvre")
        #expect(fields.jobTitle == "Directrice commerciale")
        #expect(fields.companyName == "Atelier Lumière SAS")
        #expect(fields.phone == "+33142685300" && fields.mobilePhone == "+33612345678")
        #expect(fields.email == "elodie.lefevre@atelier-lumiere.fr" && fields.website == "www.atelier-lumiere.fr")
        #expect(fields.address == Address(line1: "12 rue de la Paix", city: "Paris", postalCode: "75002", country: "FR"))
    }

    @Test("particles and initials stay in the name; capitals become the name's usual case")
    func names() {
        #expect(CardText.splitName("Marie de la Tour") == ("Marie", "de la Tour"))
        #expect(CardText.splitName("Hannah van der Berg") == ("Hannah", "van der Berg"))
        #expect(CardText.splitName("Ulrich von Hagen") == ("Ulrich", "von Hagen"))
        #expect(CardText.splitName("François DU PRÉ") == ("François", "du Pré"))
        #expect(CardText.splitName("DUPONT Jean-Pierre") == ("Jean-Pierre", "Dupont"))
        #expect(CardText.splitName("J. R. Smith") == ("J. R.", "Smith"))
        #expect(CardText.splitName("Emily O'CONNOR") == ("Emily", "O'Connor"))
        #expect(CardText.splitName("MARTIN Anne-Sophie") == ("Anne-Sophie", "Martin"))
        #expect(CardText.splitName("jean Dupont") == ("Jean", "Dupont"))
        #expect(CardText.looksLikeName("Jean Dupont") && !CardText.looksLikeName("12 rue de la Paix") && !CardText.looksLikeName("Paris"))
    }

    @Test("job titles come from title words in English and French")
    func titles() {
        #expect(Self.read("Jean Dupont", "Responsable des achats", "Acme SARL").jobTitle == "Responsable des achats")
        #expect(Self.read("Sarah Clarke", "Head of Procurement", "Kestrel Ltd").jobTitle == "Head of Procurement")
        #expect(Self.read("Anna Schmidt", "Geschäftsführerin", "Alpenwerk GmbH").jobTitle == "Geschäftsführerin")
        #expect(Self.read("Jean Dupont", "Acme SARL").jobTitle == nil)
    }

    @Test("the company: a legal form, else the line that spells the e-mail's domain")
    func companies() {
        for form in ["SAS", "SARL", "SA", "GmbH", "Ltd", "Inc.", "LLC", "PLC", "B.V."] {
            #expect(Self.read("Jean Dupont", "Verrerie Nord \(form)", "Directeur").companyName == "Verrerie Nord \(form)")
        }
        #expect(Self.read("Jean Dupont", "Directeur", "Kestrel Systems", "jean@kestrelsystems.fr").companyName == "Kestrel Systems")
        // A public mail provider says nothing about the company.
        #expect(Self.read("Jean Dupont", "Gmail Fans", "jean@gmail.com").companyName == nil)
    }

    @Test("German, British and US addresses, and the country from the card")
    func addresses() {
        #expect(Self.read("Anna Schmidt", "Alpenwerk GmbH", "Friedrichstraße 120", "10117 Berlin", "Deutschland").address
            == Address(line1: "Friedrichstraße 120", city: "Berlin", postalCode: "10117", country: "DE"))
        #expect(Self.read("Anna Schmidt", "Hauptstraße 5", "D-80331 München").address
            == Address(line1: "Hauptstraße 5", city: "München", postalCode: "80331", country: "DE"))
        #expect(Self.read("Sarah Clarke", "221 Baker Street", "London NW1 6XE", "United Kingdom").address
            == Address(line1: "221 Baker Street", city: "London", postalCode: "NW1 6XE", country: "GB"))
        #expect(Self.read("Tom Hill", "350 Fifth Avenue", "New York, NY 10118", "USA", country: "US").address
            == Address(line1: "350 Fifth Avenue", city: "New York", postalCode: "10118", region: "NY", country: "US"))
        #expect(Self.read("Jean Dupont", "12 rue de la Paix, 69002 Lyon").address
            == Address(line1: "12 rue de la Paix", city: "Lyon", postalCode: "69002", country: "FR"))
        #expect(Self.read("Jean Dupont", "BP 12", "69002 Lyon CEDEX 02").address?.city == "Lyon")
    }

    @Test("phones: the organisation's country for national numbers, +33 6 and 07 are mobiles, fax is left out")
    func phones() {
        #expect(PhoneNumber.international("06 12 34 56 78", defaultCountry: "FR") == "+33612345678")
        #expect(PhoneNumber.international("+33 (0)1 23 45 67 89", defaultCountry: "DE") == "+33123456789")
        #expect(PhoneNumber.international("0049 30 1234567", defaultCountry: "FR") == "+49301234567")
        #expect(PhoneNumber.international("(415) 555-0100", defaultCountry: "US") == "+14155550100")
        #expect(PhoneNumber.international("030 1234567", defaultCountry: "DE") == "+49301234567")
        #expect(PhoneNumber.international("12", defaultCountry: "FR") == nil)
        #expect(PhoneNumber.isMobile("+33612345678") && PhoneNumber.isMobile("+33712345678") && !PhoneNumber.isMobile("+33142685300"))
        let fields = Self.read("Jean Dupont", "T 04 78 12 34 56", "Fax 04 78 12 34 57", "07 61 22 33 44")
        #expect(fields.phone == "+33478123456" && fields.mobilePhone == "+33761223344")
        // OCR's O for 0 and l for 1 inside a number.
        #expect(Self.read("Jean Dupont", "Tél O6 l2 34 56 78").mobilePhone == "+33612345678")
        // Two columns read as one line: each field is taken out of it.
        let merged = Self.read("Jean Dupont", "Acme SAS Tél : +33 4 77 18 84 13", "8 boulevard Haussmann Port. : +33 6 01 75 68 20",
                               "31000 Toulouse Email : jean@acme.fr")
        #expect(merged.companyName == "Acme SAS" && merged.phone == "+33477188413" && merged.mobilePhone == "+33601756820")
        #expect(merged.address == Address(line1: "8 boulevard Haussmann", city: "Toulouse", postalCode: "31000", country: "FR"))
        #expect(merged.email == "jean@acme.fr")
    }

    @Test("OCR's slips in e-mails and websites are put right")
    func slips() {
        #expect(CardText.email(in: "jean.dupont©acme.fr") == "jean.dupont@acme.fr")
        #expect(CardText.email(in: "E jean.dupont @ acme,fr") == "jean.dupont@acme.fr")
        #expect(CardText.email(in: "Email : jean. dupont@acme.fr") == "jean.dupont@acme.fr")
        #expect(CardText.email(in: "jdupont@acme fr") == "jdupont@acme.fr")
        #expect(CardText.email(in: "jean,dupont@acme.fr") == "jean.dupont@acme.fr")
        #expect(Self.read("Cécile LEMAITRE", "Nautique Armor SAS", "vecile,lemaitre@nautiquearmor.fr").email == "cecile.lemaitre@nautiquearmor.fr")
        #expect(CardText.email(in: "no address here") == nil)
        #expect(CardText.websiteIn("www, acme, fr") == "www.acme.fr")
        #expect(CardText.websiteIn("W ww w.acme.fr") == "www.acme.fr")
        #expect(CardText.websiteIn("https://Acme.com/fr/") == "acme.com/fr")
        #expect(CardText.websiteIn("S.A.") == nil)
        // A letter of the local part misread is put right from the name, a domain from the website.
        let fields = Self.read("Jean Bérenger", "Verrerie du Rhône SAS", "iberenger@verreriedurhone.fr", "www.verreriedurhone.fr")
        #expect(fields.email == "jberenger@verreriedurhone.fr")
        let domain = Self.read("Hélène Rousseau", "Atelier Lumière SAS", "hrousseau@atelierlumiene.fr", "www.atelierlumiere.fr")
        #expect(domain.email == "hrousseau@atelierlumiere.fr")
        // Letters added or dropped are no slip: a real address that differs from the names stays.
        #expect(Self.read("Jean Dupont", "Acme SAS", "jeand@acme.fr").email == "jeand@acme.fr")
        #expect(Self.read("Paul Martin", "Acme Industries SAS", "paul@acmeindustrie.fr", "www.acmeindustrie.fr").email
            == "paul@acmeindustrie.fr")
        #expect(Self.read("Paul Martin", "Acme Industries SAS", "paul@acmeindustrie.fr").email == "paul@acmeindustrie.fr")
    }

    @Test("a vCard or a MeCard QR code wins over the text for the fields it carries")
    func codes() throws {
        let vcard = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Müller;Anna;;;\r\nORG:Alpenwerk GmbH\r\nTITLE:Einkauf\r\nEMAIL:anna@alpenwerk.de\r\n"
            + "TEL;TYPE=cell:+49 151 2345678\r\nTEL;TYPE=work:+49 30 1234567\r\nADR:;;Hauptstraße 5;Berlin;;10115;Germany\r\nEND:VCARD"
        let code = try #require(CardCode.reading(vcard, defaultCountry: "FR"))
        #expect(code.fields.lastName == "Müller" && code.fields.mobilePhone == "+491512345678" && code.fields.phone == "+49301234567")
        #expect(code.fields.address == Address(line1: "Hauptstraße 5", city: "Berlin", postalCode: "10115", country: "DE"))
        let text = CardText.read("Anna Mulier\nEinkauf\nAlpenwerk GmbH\nanna@alpenwerk.de", defaultCountry: "FR")
        let merged = text.overlaid(with: code)
        #expect(merged.fields.lastName == "Müller" && merged.fromQrCode && merged.confidence["lastName"] == 1)
        let mecard = try #require(CardCode.reading(#"MECARD:N:Dupont,Jean;ORG:Acme\; Fils SAS;TEL:0478123456;TEL:0612345678;EMAIL:jean@acme.fr;;"#,
                                                   defaultCountry: "FR"))
        #expect(mecard.fields.companyName == "Acme; Fils SAS" && mecard.fields.phone == "+33478123456")
        #expect(mecard.fields.mobilePhone == "+33612345678" && mecard.fields.firstName == "Jean")
        #expect(CardCode.reading("https://example.com", defaultCountry: "FR") == nil)
    }

    @Test("a photo of a page of text is read as a card's worth of lines")
    func pageOfText() {
        let page = (1...5000).map { "Line \($0) " + String(repeating: "word ", count: 100) }.joined(separator: "\n")
        let reading = CardText.read(page, defaultCountry: "FR")
        let lines = reading.text.split(separator: "\n")
        #expect(lines.count == CardText.maxLines && lines.allSatisfy { $0.count <= CardText.maxLineLength })
    }

    @Test("the photo's type is told by its first bytes")
    func imageTypes() {
        #expect(CardImageType(sniffing: [0xFF, 0xD8, 0xFF, 0xE0]) == .jpeg)
        #expect(CardImageType(sniffing: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]) == .png)
        #expect(CardImageType(sniffing: Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8)) == .webp)
        #expect(CardImageType(sniffing: Array("GIF89a".utf8)) == nil)
        #expect(CardImageType(sniffing: [UInt8]()) == nil)
    }

    @Test("the size a photo's header declares, so that a decompression bomb is refused before any tool opens it")
    func dimensions() {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
            + [0, 0, 0xEA, 0x60, 0, 0, 0xEA, 0x60, 8, 2, 0, 0, 0]
        #expect(CardImageType.dimensions(of: png)! == (60_000, 60_000))
        // JPEG: an APP0 segment, then SOF0 with 3000 × 4000.
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0, 0xFF, 0xC0, 0, 17, 8, 0x0F, 0xA0, 0x0B, 0xB8, 3, 0, 0, 0, 0, 0, 0, 0, 0]
        #expect(CardImageType.dimensions(of: jpeg)! == (3000, 4000))
        let vp8x: [UInt8] = Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WEBPVP8X".utf8) + [10, 0, 0, 0, 0, 0, 0, 0, 0x1F, 0x03, 0, 0x57, 0x02, 0]
        #expect(CardImageType.dimensions(of: vp8x)! == (800, 600))
        #expect(CardImageType.dimensions(of: [0xFF, 0xD8, 0xFF, 0xE0, 0, 2]) == nil)
    }
}
