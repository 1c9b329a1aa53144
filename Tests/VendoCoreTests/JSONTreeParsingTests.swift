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

@Suite("JSON trees from values in memory")
struct JSONTreeEncodingTests {
    enum Shape: Codable, Equatable {
        case none
        case circle(radius: Double)
        case labelled(String, sizes: [Int])
    }

    enum Colour: String, Codable { case red, blue }

    struct Sample: Encodable {
        var text = "Zoë \"quoted\" \\ back"
        var flag = true
        var integers: [Int] = [0, -1, Int.max]
        var unsigned: UInt64 = .max
        var small: Int8 = -128
        var money = Decimal(string: "12345.678") ?? 0
        var tiny = Decimal(string: "0.0001") ?? 0
        var ratio = 0.1
        var whole = 2.0
        var large = 1e21
        var float: Float = 0.25
        var when = Date(timeIntervalSince1970: 1_796_000_000.25)
        var link = URL(string: "https://vendo.example/a?b=c%20d")
        var bytes = Data([0, 1, 2, 250])
        var id = UUID()
        var absent: String?
        var present: Int? = 3
        var colours: [Colour] = [.red, .blue]
        var shapes: [Shape] = [.none, .circle(radius: 1.5), .labelled("x", sizes: [1, 2])]
        var byName: [String: Decimal] = ["a": 1, "b": Decimal(string: "-2.5") ?? 0]
        var byNumber: [Int: String] = [1: "one", 20: "twenty"]
        var nested: [[String?]] = [["a", nil], []]
        var empty: [String: Int] = [:]

        enum CodingKeys: String, CodingKey {
            case text, flag, integers, unsigned, small, money, tiny, ratio, whole, large, float, when, link, bytes, id
            case absent, present, colours, shapes, byName, byNumber, nested, empty, explicitNull
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(text, forKey: .text)
            try container.encode(flag, forKey: .flag)
            try container.encode(integers, forKey: .integers)
            try container.encode(unsigned, forKey: .unsigned)
            try container.encode(small, forKey: .small)
            try container.encode(money, forKey: .money)
            try container.encode(tiny, forKey: .tiny)
            try container.encode(ratio, forKey: .ratio)
            try container.encode(whole, forKey: .whole)
            try container.encode(large, forKey: .large)
            try container.encode(float, forKey: .float)
            try container.encode(when, forKey: .when)
            try container.encodeIfPresent(link, forKey: .link)
            try container.encode(bytes, forKey: .bytes)
            try container.encode(id, forKey: .id)
            try container.encodeIfPresent(absent, forKey: .absent)
            try container.encodeIfPresent(present, forKey: .present)
            try container.encode(colours, forKey: .colours)
            try container.encode(shapes, forKey: .shapes)
            try container.encode(byName, forKey: .byName)
            try container.encode(byNumber, forKey: .byNumber)
            try container.encode(nested, forKey: .nested)
            try container.encode(empty, forKey: .empty)
            try container.encodeNil(forKey: .explicitNull)
        }
    }

    func written<T: Encodable>(_ value: T) throws -> JSONTree {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return try JSONTree.parse(encoder.encode(value))
    }

    @Test("builds the tree JSONEncoder writes, for every kind of value")
    func agrees() throws {
        let sample = Sample()
        #expect(try JSONTree.encoding(sample) == (try written(sample)))
        #expect(try JSONTree.encoding([sample, sample]) == (try written([sample, sample])))
        #expect(try JSONTree.encoding("alone") == .string("alone"))
    }

    @Test("a record's diff is unchanged: dates as ISO 8601, decimals exact")
    func record() throws {
        var fields = LeadFields(topic: "Laptops", firstName: "Zoë", lastName: "Ngô", companyName: "Dupont & Fils")
        fields.budgetAmount = Decimal(string: "12345.67")
        #expect(try JSONTree.encoding(fields) == (try written(fields)))
        #expect(RecordDiff.flatten(fields)["budgetAmount"] == "12345.67")
    }

    @Test("refuses a number JSON cannot hold")
    func refuses() {
        #expect(throws: EncodingError.self) { try JSONTree.encoding([Double.nan]) }
    }
}
