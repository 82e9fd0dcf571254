/// 照片元数据: what a phone writes into a photo besides the picture — EXIF (with the GPS position and the
/// device), XMP, comments, PNG text chunks — removed before a photo is published to anyone. The picture's
/// own bytes are kept as they are; a file that is not a well-formed JPEG or PNG comes back unchanged (the
/// upload rules refuse it before).
public enum PhotoMetadata {
    public static func strip(_ bytes: [UInt8]) -> [UInt8] {
        if bytes.starts(with: [0xFF, 0xD8]) { return stripJPEG(bytes) ?? bytes }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return stripPNG(bytes) ?? bytes }
        return bytes
    }

    /// Drops the APP1–APP15 and COM segments before the image data (APP0, JFIF, stays).
    static func stripJPEG(_ b: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = [0xFF, 0xD8]
        var i = 2
        while i + 4 <= b.count {
            guard b[i] == 0xFF else { return nil }
            let marker = b[i + 1]
            if marker == 0xDA {  // start of scan: the rest is the picture
                out += b[i...]
                return out
            }
            let length = Int(b[i + 2]) << 8 | Int(b[i + 3])
            guard length >= 2, i + 2 + length <= b.count else { return nil }
            if !((0xE1...0xEF).contains(marker) || marker == 0xFE) { out += b[i..<(i + 2 + length)] }
            i += 2 + length
        }
        return nil
    }

    /// Drops the text and EXIF chunks (tEXt, zTXt, iTXt, eXIf, tIME).
    static func stripPNG(_ b: [UInt8]) -> [UInt8]? {
        let dropped: Set<String> = ["tEXt", "zTXt", "iTXt", "eXIf", "tIME"]
        var out = Array(b[0..<8])
        var i = 8
        while i + 12 <= b.count {
            let length = Int(b[i]) << 24 | Int(b[i + 1]) << 16 | Int(b[i + 2]) << 8 | Int(b[i + 3])
            guard length >= 0, length <= b.count - i - 12 else { return nil }
            let type = String(decoding: b[(i + 4)..<(i + 8)], as: UTF8.self)
            let end = i + 12 + length
            if !dropped.contains(type) { out += b[i..<end] }
            i = end
            if type == "IEND" { return out }
        }
        return nil
    }
}
