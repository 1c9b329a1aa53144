import Testing
@testable import VendoServer

@Suite("Server: the access log line")
struct AccessLogTests {
    @Test("durations in milliseconds with two decimals, rounded half up", arguments: [
        (Int64(0), Int64(0), "0.00"),
        (0, 3_955_000_000_000_000, "3.96"),
        (0, 3_954_999_999_999_999, "3.95"),
        (0, 50_000_000_000_000, "0.05"),
        (0, 999_996_000_000_000_000, "1000.00"),
        (2, 7_000_000_000_000_000, "2007.00"),
        (61, 123_456_789_000_000_000, "61123.46"),
    ])
    func milliseconds(seconds: Int64, attoseconds: Int64, text: String) {
        #expect(AccessLogMiddleware.milliseconds(seconds: seconds, attoseconds: attoseconds) == text)
    }
}
