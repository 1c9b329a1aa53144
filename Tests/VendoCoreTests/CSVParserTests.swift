import Foundation
import Testing
@testable import VendoCore

@Suite("Reading CSV files")
struct CSVParserTests {
    /// Parses `text` fed in chunks of `chunk` bytes, so that every split point is exercised.
    func parse(_ bytes: [UInt8], chunk: Int = 7) throws -> [CSVRecord] {
        var parser = CSVParser()
        var records: [CSVRecord] = []
        var index = 0
        while index < bytes.count {
            records += try parser.feed(bytes[index..<min(index + chunk, bytes.count)])
            index += chunk
        }
        return records + (try parser.finish())
    }

    func parse(_ text: String, chunk: Int = 7) throws -> [CSVRecord] { try parse(Array(text.utf8), chunk: chunk) }

    @Test("quoted fields keep commas, doubled quotes and line breaks; lines are numbered as in an editor")
    func quoting() throws {
        let text = "name,notes,city\r\n\"Dupont, SA\",\"said \"\"hi\"\"\nthen left\",Lyon\r\nPlain,,Paris\n"
        for chunk in [1, 2, 5, 64] {
            let records = try parse(text, chunk: chunk)
            #expect(records.map(\.fields) == [["name", "notes", "city"], ["Dupont, SA", "said \"hi\"\nthen left", "Lyon"],
                                              ["Plain", "", "Paris"]])
            #expect(records.map(\.line) == [1, 2, 4])
        }
    }

    @Test("a semicolon file is recognised from its header, and a UTF-8 byte-order mark is skipped")
    func semicolonsAndBOM() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("Nom;Société;Montant\nÉlise;Café, Bar;1 234,56\n".utf8)
        for chunk in [1, 2, 3, 100] {
            let records = try parse(bytes, chunk: chunk)
            #expect(records.map(\.fields) == [["Nom", "Société", "Montant"], ["Élise", "Café, Bar", "1 234,56"]])
        }
    }

    @Test("text that is not UTF-8 is read as Windows-1252")
    func windows1252() throws {
        let bytes: [UInt8] = Array("name,amount\n".utf8) + [0x43, 0x61, 0x66, 0xE9, 0x2C, 0x80, 0x35, 0x0A]
        #expect(try parse(bytes).map(\.fields) == [["name", "amount"], ["Café", "€5"]])
    }

    @Test("blank lines are skipped, a last line without a break is read, an unclosed quote is an error with its line")
    func endings() throws {
        #expect(try parse("a,b\n\n1,2\n,\n3,4").map(\.fields) == [["a", "b"], ["1", "2"], ["3", "4"]])
        #expect(throws: CSVError.unterminatedQuote(line: 2)) { try parse("a,b\n\"open,2\n3,4\n") }
        #expect(try parse("").isEmpty)
    }
}

@Suite("Reading vCards")
struct VCardTests {
    @Test("vCard 3.0 and 4.0 fill the lead's names, company, e-mail, phones and address")
    func versions() {
        let text = """
        BEGIN:VCARD\r
        VERSION:3.0\r
        N:Martin;Camille;;;\r
        FN:Camille Martin\r
        ORG:Atelier Dupont;Ventes\r
        TITLE:Acheteuse\r
        EMAIL;TYPE=INTERNET,WORK:camille@dupont.example\r
        TEL;TYPE=CELL:+33 6 12 34 56 78\r
        TEL;TYPE=WORK,VOICE:+33 4 72 00 00 00\r
        ADR;TYPE=WORK:;;12 rue de la Paix;Lyon;;69002;France\r
        NOTE:Met at the fair\\, stand 4\\nwants a demo\r
        END:VCARD\r
        BEGIN:VCARD
        VERSION:4.0
        FN:Jo Smith
        EMAIL;PREF=1:jo@smith.example
        URL:https://smith.example
        TEL;VALUE=uri;TYPE="voice,work":tel:+1-555-0100
        END:VCARD
        """
        let cards = VCard.parse(text)
        #expect(cards.count == 2)
        #expect(cards[0].line == 1 && cards[1].line == 13)
        #expect(cards[0].values["lastName"] == "Martin" && cards[0].values["firstName"] == "Camille")
        #expect(cards[0].values["companyName"] == "Atelier Dupont" && cards[0].values["jobTitle"] == "Acheteuse")
        #expect(cards[0].values["mobilePhone"] == "+33 6 12 34 56 78" && cards[0].values["phone"] == "+33 4 72 00 00 00")
        #expect(cards[0].values["address.line1"] == "12 rue de la Paix" && cards[0].values["address.postalCode"] == "69002")
        #expect(cards[0].values["address.country"] == "France" && cards[0].values["address.city"] == "Lyon")
        #expect(cards[0].values["description"] == "Met at the fair, stand 4\nwants a demo")
        #expect(cards[1].values["firstName"] == "Jo" && cards[1].values["lastName"] == "Smith")
        #expect(cards[1].values["email"] == "jo@smith.example" && cards[1].values["website"] == "https://smith.example")
        #expect(cards[1].values["phone"] == "tel:+1-555-0100")
    }

    @Test("vCard 2.1 quoted-printable Latin-1 values and folded lines are decoded")
    func version21() {
        let text = """
        BEGIN:VCARD
        VERSION:2.1
        N;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Lef=E8vre;Fran=E7=
        ois
        ORG:Soci
         été Générale
        TEL;CELL:0612345678
        END:VCARD
        """
        let card = VCard.parse(text)[0]
        #expect(card.values["lastName"] == "Lefèvre" && card.values["firstName"] == "François")
        #expect(card.values["companyName"] == "Société Générale")
        #expect(card.values["mobilePhone"] == "0612345678")
    }

    @Test("text outside a card, and a card never ended, give nothing")
    func broken() {
        #expect(VCard.parse("hello\nEMAIL:x@y.example\n").isEmpty)
        #expect(VCard.parse("BEGIN:VCARD\nFN:Half\n").isEmpty)
    }
}
