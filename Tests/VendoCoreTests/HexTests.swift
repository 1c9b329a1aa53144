import Testing
import VendoCore

@Suite("Hexadecimal text of bytes")
struct HexTests {
    @Test("two lowercase digits a byte, leading zeros kept")
    func digits() {
        #expect(Hex.lowercase([UInt8]()) == "")
        #expect(Hex.lowercase([0x00, 0x0f, 0x10, 0xa5, 0xff]) == "000f10a5ff")
        #expect(Hex.lowercase(0...255) == (0...255).map { String(format: "%02x", $0) }.joined())
    }
}
