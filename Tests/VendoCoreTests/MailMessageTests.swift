import Foundation
import Testing
@testable import VendoCore

@Suite("Reading e-mail enquiries")
struct MailMessageTests {
    func parse(_ text: String) throws -> MailMessage { try MailMessage.parse(Array(text.utf8)) }

    @Test("a plain message gives the sender, the subject and the body")
    func plain() throws {
        let message = try parse("""
        From: "Camille Martin" <camille@dupont.example>\r
        To: sales@vendo.example\r
        Subject: Quote for 20
         laptops\r
        Message-ID: <1@dupont.example>\r
        \r
        Hello,\r
        we need 20 laptops.\r
        """)
        #expect(message.fromName == "Camille Martin" && message.fromAddress == "camille@dupont.example")
        #expect(message.subject == "Quote for 20 laptops")
        #expect(message.messageId == "<1@dupont.example>")
        #expect(message.text == "Hello,\nwe need 20 laptops.")
    }

    @Test("multipart/alternative: the plain part in quoted-printable Latin-1 wins over the HTML; encoded words are decoded")
    func alternative() throws {
        let message = try parse("""
        From: =?ISO-8859-1?Q?Fran=E7ois_Lef=E8vre?= <francois@example.fr>
        Subject: =?UTF-8?B?RGVtYW5kZSBkZSBkZXZpcw==?= =?UTF-8?Q?_=E2=82=AC?=
        MIME-Version: 1.0
        Content-Type: multipart/alternative; boundary="b1"

        This is a MIME message.
        --b1
        Content-Type: text/plain; charset=ISO-8859-1
        Content-Transfer-Encoding: quoted-printable

        Bonjour, je voudrais un devis pour 3 =E9crans =
        et un dock.
        --b1
        Content-Type: text/html; charset=UTF-8

        <p>Bonjour</p>
        --b1--
        """)
        #expect(message.fromName == "François Lefèvre")
        #expect(message.subject == "Demande de devis €")
        #expect(message.text == "Bonjour, je voudrais un devis pour 3 écrans et un dock.")
    }

    @Test("base64 Windows-1252 text, an HTML-only body, nested multiparts and attachments")
    func encodings() throws {
        let body = Data([0x50, 0x72, 0x69, 0x78, 0x20, 0x80, 0x20, 0x93, 0x6F, 0x6B, 0x94]).base64EncodedString()
        let mixed = try parse("""
        From: buyer@shop.example
        Subject: Price
        Content-Type: multipart/mixed; boundary=outer

        --outer
        Content-Type: multipart/alternative; boundary=inner

        --inner
        Content-Type: text/plain; charset=windows-1252
        Content-Transfer-Encoding: base64

        \(body)
        --inner--
        --outer
        Content-Type: application/pdf
        Content-Disposition: attachment; filename=specs.pdf
        Content-Transfer-Encoding: base64

        JVBERi0=
        --outer--
        """)
        #expect(mixed.fromName == nil && mixed.fromAddress == "buyer@shop.example")
        #expect(mixed.text == "Prix € “ok”")
        let html = try parse("""
        From: Jo <jo@example.com>
        Content-Type: text/html; charset=utf-8

        <html><head><style>p{}</style></head><body><p>Need &amp; want</p><p>5 docks</p></body></html>
        """)
        #expect(html.text == "Need & want\n\n5 docks")
    }

    @Test("broken messages are refused with a reason, never a crash")
    func broken() {
        #expect(throws: MailError.empty) { try parse("  \n") }
        #expect(throws: MailError.noHeaders) { try parse("just some text\nwith lines\n") }
        #expect(throws: MailError.noSender) { try parse("Subject: hi\n\nbody") }
        #expect(throws: MailError.noSender) { try parse("From: not an address\n\nbody") }
        #expect(throws: MailError.badMultipart("no boundary is given")) {
            try parse("From: a@b.example\nContent-Type: multipart/mixed\n\nbody")
        }
        #expect(throws: MailError.badMultipart("the boundary \"zz\" never occurs")) {
            try parse("From: a@b.example\nContent-Type: multipart/mixed; boundary=zz\n\nbody")
        }
        // Random bytes are refused too.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let bytes = (0..<Int.random(in: 0..<300, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = try? MailMessage.parse(bytes)
        }
    }
}
