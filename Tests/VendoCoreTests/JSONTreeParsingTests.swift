import Foundation
import Testing
@testable import VendoCore

@Suite("JSON parsing for record diffs")
struct JSONTreeParsingTests {
    /// What Foundation's decoder makes of the same text: the parser must agree with it.
    func decoded(_ text: String) throws -> JSONTree { try JSONDecoder().decode(JSONTree.self, from: Data(text.utf8)) }

    @Test("agrees with JSONDecoder on every kind of value", arguments: [
        #"{"a":1,"b":[true,false,null],"c":{"d":"e"},"f":[]}"#,
        #"  [ -12.50 , 0, 1e3, 3.14159265358979323846, 123456789012345678.99 ]  "#,
        #"{"text":"quote \" backslash \\ slash \/ tab \t newline \n return \r feed \f back \b"}"#,
        #"{"accents":"Société Générale — Zoë","escaped":"Soci\u00e9t\u00e9","emoji":"\ud83d\ude00 ok"}"#,
        #"{"":"empty key","nested":{"deeper":{"deepest":[{"x":"1"},{"x":"2"}]}}}"#,
        #""just a string""#,
        "{}",
    ])
    func agrees(text: String) throws {
        #expect(try JSONTree.parse(Data(text.utf8)) == (try decoded(text)))
    }

    @Test("a record's own JSON parses to what the decoder reads")
    func record() throws {
        var fields = LeadFields(topic: "Laptops \"14\" — 12 units", firstName: "Zoë", lastName: "Ngô", companyName: "Dupont & Fils")
        fields.email = "zoe@dupont.example"
        fields.budgetAmount = Decimal(string: "12345.67")
        let data = try JSONEncoder().encode(fields)
        #expect(try JSONTree.parse(data) == (try JSONDecoder().decode(JSONTree.self, from: data)))
    }

    @Test("refuses text that is not JSON, saying where", arguments: [
        (#"{"a":1"#, 6), (#"{"a" 1}"#, 5), (#"[1,]"#, 3), (#""open"#, 5), (#"{"a":tru}"#, 5), (#"[1] 2"#, 4),
        (#""\x""#, 3), (#""\ud83d""#, 7), ("", 0),
    ])
    func refuses(text: String, offset: Int) {
        #expect {
            try JSONTree.parse(Data(text.utf8))
        } throws: { error in
            (error as? JSONTreeError)?.offset == offset
        }
    }
}
