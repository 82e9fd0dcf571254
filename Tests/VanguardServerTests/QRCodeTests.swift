import Testing

@testable import VanguardServer

@Suite("二维码")
struct QRCodeTests {
    @Test("里德-所罗门纠错码与标准附录的例子一致（1-M，“01234567”）")
    func reedSolomonKnownAnswer() {
        let data: [UInt8] = [0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11]
        let ecc = QRCode.reedSolomonRemainder(data, QRCode.reedSolomonDivisor(10))
        #expect(ecc == [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55])
    }

    @Test("短链接选最小的版本，定位图形和格式信息（纠错等级M）正确")
    func structureOfAShortLink() throws {
        let qr = try #require(QRCode("http://127.0.0.1:18080/b/6"))
        #expect(qr.size == 25)  // version 2
        // finder pattern: dark ring, light ring, dark 3×3 core
        #expect((0..<7).allSatisfy { qr.modules[0][$0] && qr.modules[6][$0] && qr.modules[$0][0] && qr.modules[$0][6] })
        #expect((1..<6).allSatisfy { !qr.modules[1][$0] } && qr.modules[3][3])
        // the first copy of the format bits, unmasked, is level M (00) with a mask and a valid BCH remainder
        var bits = 0
        for (i, (x, y)) in [(8, 0), (8, 1), (8, 2), (8, 3), (8, 4), (8, 5), (8, 7), (8, 8), (7, 8), (5, 8), (4, 8), (3, 8), (2, 8), (1, 8), (0, 8)].enumerated()
        where qr.modules[y][x] {
            bits |= 1 << i
        }
        let format = bits ^ 0x5412
        #expect(format >> 13 == 0)
        var rem = format >> 10
        for _ in 0..<10 { rem = (rem << 1) ^ ((rem >> 9) * 0x537) }
        #expect((format >> 10) << 10 | rem == format)
        #expect(qr.svg().hasPrefix("<svg") && qr.svg().contains("M4,4h1v1h-1z"))
        #expect(QRCode(String(repeating: "x", count: 300)) == nil)
        #expect(QRCode(String(repeating: "长", count: 60))?.size == 53)  // 180 bytes: version 9
        #expect(QRCode(String(repeating: "长", count: 61))?.size == 57)  // 183 bytes: version 10
    }
}
