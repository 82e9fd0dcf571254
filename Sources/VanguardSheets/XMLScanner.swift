import VanguardCore

/// What a SpreadsheetML part says, one event at a time.
protocol XMLEventHandler {
    /// An element opened. `name` is its local name (`x:row` → `row`); attributes keep their prefix.
    mutating func start(_ name: String, _ attributes: [(name: String, value: String)]) throws
    /// An element closed (a self-closing element closes right after it opens).
    mutating func end(_ name: String) throws
    /// Whether the handler wants the text at this point: text nobody wants is never stored.
    var wantsText: Bool { get }
    /// Decoded text (entities resolved), possibly in several pieces.
    mutating func text(_ bytes: ArraySlice<UInt8>) throws
}

/// A push XML scanner for the parts of an XLSX file: it is fed the bytes as they inflate, keeps only
/// the tag it is reading and the text its handler asked for, and refuses DTDs (OOXML has none, and
/// entity declarations are how XML bombs work). Memory is bounded by the longest tag and cell, not
/// by the part; every count is checked, so hostile bytes end in an error, never a trap.
struct XMLScanner<Handler: XMLEventHandler> {
    var handler: Handler
    let maxTagBytes: Int
    let maxTextBytes: Int

    private enum State { case text, tag, comment, cdata }
    private var state = State.text
    private var tag: [UInt8] = []
    private var quote: UInt8 = 0
    private var text: [UInt8] = []
    private var tail: (UInt8, UInt8) = (0, 0)

    init(handler: Handler, maxTagBytes: Int = 64 * 1024, maxTextBytes: Int) {
        self.handler = handler
        self.maxTagBytes = maxTagBytes
        self.maxTextBytes = maxTextBytes
    }

    static var malformed: VanguardError {
        VanguardError(.unsupportedMediaType, .init("文件不是有效的 XLSX 电子表格（XML 格式错误）", "The file is not a valid XLSX spreadsheet (malformed XML)"), field: "file")
    }

    mutating func feed<Bytes: Sequence<UInt8>>(_ bytes: Bytes) throws {
        for b in bytes {
            switch state {
            case .text:
                if b == UInt8(ascii: "<") {
                    try flushText()
                    state = .tag
                    tag.removeAll(keepingCapacity: true)
                    quote = 0
                } else if handler.wantsText {
                    guard text.count < maxTextBytes else { throw textTooLong }
                    text.append(b)
                }
            case .tag:
                if quote != 0 {
                    if b == quote { quote = 0 }
                } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                    quote = b
                } else if b == UInt8(ascii: ">") {
                    state = .text
                    try finishTag()
                    continue
                }
                guard tag.count < maxTagBytes else { throw Self.malformed }
                tag.append(b)
                if tag.count == 3, tag == Self.commentOpen {
                    state = .comment
                    tail = (0, 0)
                } else if tag.count == 8, tag == Self.cdataOpen {
                    state = .cdata
                    tail = (0, 0)
                } else if tag.count == 2, tag[0] == UInt8(ascii: "!"), tag[1] != UInt8(ascii: "-"), tag[1] != UInt8(ascii: "[") {
                    throw Self.malformed  // <!DOCTYPE …> and friends
                }
            case .comment:
                if b == UInt8(ascii: ">"), tail == (UInt8(ascii: "-"), UInt8(ascii: "-")) { state = .text } else { tail = (tail.1, b) }
            case .cdata:
                if b == UInt8(ascii: ">"), tail == (UInt8(ascii: "]"), UInt8(ascii: "]")) {
                    if handler.wantsText, text.count >= 2 { text.removeLast(2) }  // the "]]" kept before we knew
                    state = .text
                    try flushRaw()
                } else {
                    tail = (tail.1, b)
                    if handler.wantsText {
                        guard text.count < maxTextBytes else { throw textTooLong }
                        text.append(b)
                    }
                }
            }
        }
    }

    /// The end of the part: anything still open is an error.
    mutating func finish() throws {
        guard state == .text else { throw Self.malformed }
        try flushText()
    }

    private var textTooLong: VanguardError {
        VanguardError(.payloadTooLarge, .init("单元格内容过长（最多32767个字）", "A cell holds more than 32,767 characters"), field: "file")
    }

    private static var commentOpen: [UInt8] { [0x21, 0x2D, 0x2D] }  // !--
    private static var cdataOpen: [UInt8] { Array("![CDATA[".utf8) }

    private mutating func flushRaw() throws {
        guard !text.isEmpty else { return }
        guard !text.contains(0) else { throw Self.malformed }  // XML has no U+0000, raw or as &#0;
        try handler.text(text[...])
        text.removeAll(keepingCapacity: true)
    }

    private mutating func flushText() throws {
        guard !text.isEmpty else { return }
        guard text.contains(UInt8(ascii: "&")) else { return try flushRaw() }
        guard !text.contains(0) else { throw Self.malformed }
        let decoded = try Self.decodeEntities(text[...])
        text.removeAll(keepingCapacity: true)
        try handler.text(decoded[...])
    }

    private mutating func finishTag() throws {
        guard let first = tag.first else { throw Self.malformed }
        if first == UInt8(ascii: "?") { return }  // <?xml …?>
        if first == UInt8(ascii: "/") {
            let name = Self.localName(tag.dropFirst().prefix { !Self.isSpace($0) })
            guard !name.isEmpty else { throw Self.malformed }
            return try handler.end(name)
        }
        var body = tag[...]
        let selfClosing = body.last == UInt8(ascii: "/")
        if selfClosing { body = body.dropLast() }
        let rawName = body.prefix { !Self.isSpace($0) }
        guard !rawName.isEmpty else { throw Self.malformed }
        let name = Self.localName(rawName)
        let attributes = try Self.attributes(body.dropFirst(rawName.count))
        try handler.start(name, attributes)
        if selfClosing { try handler.end(name) }
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    static func localName(_ bytes: ArraySlice<UInt8>) -> String {
        let local = bytes.lastIndex(of: UInt8(ascii: ":")).map { bytes[(bytes.index(after: $0))...] } ?? bytes
        return String(decoding: local, as: UTF8.self)
    }

    /// ` r="A1" t='s'` → [("r", "A1"), ("t", "s")]
    static func attributes(_ bytes: ArraySlice<UInt8>) throws -> [(name: String, value: String)] {
        var result: [(name: String, value: String)] = []
        var i = bytes.startIndex
        while i < bytes.endIndex {
            while i < bytes.endIndex, isSpace(bytes[i]) { i += 1 }
            guard i < bytes.endIndex else { break }
            let nameStart = i
            while i < bytes.endIndex, bytes[i] != UInt8(ascii: "="), !isSpace(bytes[i]) { i += 1 }
            let name = String(decoding: bytes[nameStart..<i], as: UTF8.self)
            while i < bytes.endIndex, isSpace(bytes[i]) { i += 1 }
            guard i < bytes.endIndex, bytes[i] == UInt8(ascii: "=") else { throw malformed }
            i += 1
            while i < bytes.endIndex, isSpace(bytes[i]) { i += 1 }
            guard i < bytes.endIndex, bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") else { throw malformed }
            let q = bytes[i]
            i += 1
            let valueStart = i
            while i < bytes.endIndex, bytes[i] != q { i += 1 }
            guard i < bytes.endIndex, !name.isEmpty else { throw malformed }
            let raw = bytes[valueStart..<i]
            let value = raw.contains(UInt8(ascii: "&")) ? try decodeEntities(raw) : Array(raw)
            result.append((name, String(decoding: value, as: UTF8.self)))
            i += 1
        }
        return result
    }

    /// The five predefined entities and character references; nothing else exists without a DTD.
    static func decodeEntities(_ bytes: ArraySlice<UInt8>) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            guard b == UInt8(ascii: "&") else {
                out.append(b)
                i += 1
                continue
            }
            guard let semicolon = bytes[i...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else { throw malformed }
            let entity = bytes[(i + 1)..<semicolon]
            switch String(decoding: entity, as: UTF8.self) {
            case "lt": out.append(UInt8(ascii: "<"))
            case "gt": out.append(UInt8(ascii: ">"))
            case "amp": out.append(UInt8(ascii: "&"))
            case "quot": out.append(UInt8(ascii: "\""))
            case "apos": out.append(UInt8(ascii: "'"))
            case let reference where reference.hasPrefix("#"):
                let hex = reference.hasPrefix("#x") || reference.hasPrefix("#X")
                let digits = reference.dropFirst(hex ? 2 : 1)
                // At most 8 digits: no overflow, and anything above U+10FFFF is refused below.
                guard !digits.isEmpty, digits.count <= 8, let code = UInt32(digits, radix: hex ? 16 : 10), code != 0, let scalar = Unicode.Scalar(code) else {
                    throw malformed
                }
                out.append(contentsOf: String(Character(scalar)).utf8)
            default: throw malformed
            }
            i = semicolon + 1
        }
        return out
    }
}
