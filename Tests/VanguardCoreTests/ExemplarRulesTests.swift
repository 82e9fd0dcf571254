import Testing

@testable import VanguardCore

@Suite("典型宣传的规则：照片、元数据")
struct ExemplarRulesTests {
    /// SOI, APP0 (JFIF), APP1 (EXIF with a GPS tag's bytes), COM, DQT, SOS and the picture, EOI.
    static let jpeg: [UInt8] =
        [0xFF, 0xD8]
        + [0xFF, 0xE0, 0x00, 0x07] + Array("JFIF\0".utf8)
        + [0xFF, 0xE1, 0x00, 0x0C] + Array("Exif\0\0GPS!".utf8)
        + [0xFF, 0xFE, 0x00, 0x06] + Array("张".utf8) + [0x20]
        + [0xFF, 0xDB, 0x00, 0x04, 0x01, 0x02]
        + [0xFF, 0xDA, 0x00, 0x04, 0x09, 0x09, 0x55, 0x66, 0xFF, 0xD9]

    @Test("发布的照片去掉EXIF（含定位）和注释，保留图像本身；PNG去掉文字块；不是照片的原样返回")
    func metadataIsStripped() {
        let out = PhotoMetadata.strip(Self.jpeg)
        #expect(!String(decoding: out, as: UTF8.self).contains("GPS") && !out.contains(0xE1) && !out.contains(0xFE))
        #expect(String(decoding: out, as: UTF8.self).contains("JFIF") && out.suffix(10) == Self.jpeg.suffix(10))
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            [0, 0, 0, UInt8(data.count)] + Array(type.utf8) + data + [0, 0, 0, 0]
        }
        let png =
            [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", Array(repeating: 1, count: 13)) + chunk("tEXt", Array("Author\0张三".utf8))
            + chunk("IDAT", [7, 7]) + chunk("IEND", [])
        let stripped = PhotoMetadata.strip(png)
        #expect(!String(decoding: stripped, as: UTF8.self).contains("Author") && stripped.count == png.count - 12 - Array("Author\0张三".utf8).count)
        let truncated = Array(Self.jpeg.prefix(9))
        #expect(PhotoMetadata.strip(truncated) == truncated)
        #expect(PhotoMetadata.strip(Array("%PDF-1.4".utf8)) == Array("%PDF-1.4".utf8))
    }

    @Test("不是照片的文件按名字指出；空标题、过长的事迹被拒")
    func photosOnly() {
        let problems = ExemplarRules.problems(title: "", story: "事迹", photos: [("合影.pdf", Array("%PDF-1.4".utf8)), ("a.png", ExemplarRulesTests.jpeg)])
        #expect(problems.map(\.field) == ["title", "files[0]"])
        #expect(problems[1].message.zh.contains("合影.pdf"))
        #expect(ExemplarRules.problems(title: "标题", story: String(repeating: "字", count: 3001), photos: []).map(\.field) == ["story"])
    }
}
