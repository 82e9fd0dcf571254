import Foundation
import Hummingbird
import MultipartKit
import VanguardCore
import VanguardStore

/// A file field's raw bytes and the name it was uploaded with. MultipartKit asks
/// `MultipartPartConvertible` before `Decodable`, so the part's body arrives untouched (ByteBuffer's
/// own Decodable would expect base64).
struct UploadedFile: Decodable, MultipartPartConvertible {
    let bytes: ByteBuffer
    let filename: String
    var multipart: MultipartPart? { nil }

    init?(multipart: MultipartPart) {
        bytes = multipart.body
        filename = Self.filename(multipart.headers.first(name: "Content-Disposition") ?? "")
    }

    init(from decoder: any Decoder) throws {
        throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "file fields are read as multipart parts"))
    }

    /// `form-data; name="files[]"; filename="走访.jpg"` → `走访.jpg` (browsers send the name as raw UTF-8).
    static func filename(_ disposition: String) -> String {
        guard let r = disposition.range(of: "filename=\"") else { return "" }
        let rest = disposition[r.upperBound...]
        return String(rest.prefix { $0 != "\"" })
    }

    /// An empty part: the browser sends one when no file was chosen.
    var isEmpty: Bool { bytes.readableBytes == 0 && filename.isEmpty }

    /// The files a form's file field carried, as the store takes them (the browser's empty part left out).
    static func uploads(_ files: [UploadedFile]?) -> [EvidenceUpload] {
        (files ?? []).filter { !$0.isEmpty }.map { EvidenceUpload(name: $0.filename, bytes: Array(buffer: $0.bytes)) }
    }
}

enum MultipartForm {
    /// Decodes a multipart/form-data request body into `T`, with a clear error for anything else.
    static func read<T: Decodable>(_ type: T.Type, _ request: Request, context: AppRequestContext, limitText: Bilingual) async throws -> T {
        guard let boundary = boundary(request.headers[.contentType]) else {
            throw VanguardError(.unsupportedMediaType, .init("请通过页面上的表单上传文件", "Upload the file with the form on the page"))
        }
        let body: ByteBuffer
        // The CSRF middleware's refusal comes out of the body as it is read; past the limit is its size.
        do { body = try await request.body.collect(upTo: context.maxUploadSize) } catch {
            throw RequestLimits.readFailure(error, tooLarge: VanguardError(.payloadTooLarge, limitText))
        }
        // A text field (a part without a file name) with U+0000 is refused as in every other body.
        if textHasNul(body, boundary: boundary) { throw VanguardError.nulCharacter }
        do {
            return try FormDataDecoder().decode(T.self, from: body, boundary: boundary)
        } catch {
            throw VanguardError.invalid("上传的表单不完整，请检查后重试", "The form is incomplete (\(error)); check it and try again", field: "file")
        }
    }

    /// Whether a text part (no file name, no type but text) carries a 0 byte, or a part's headers a NUL
    /// (a file name). A body that does not parse is left to the decoder.
    static func textHasNul(_ body: ByteBuffer, boundary: String) -> Bool {
        let parser = MultipartParser(boundary: boundary)
        var isFile = false
        var found = false
        parser.onHeader = { name, value in
            if value.unicodeScalars.contains("\u{0}") { found = true }
            if name.lowercased() == "content-disposition", value.contains("filename") { isFile = true }
            if name.lowercased() == "content-type", !value.lowercased().hasPrefix("text/") { isFile = true }
        }
        parser.onBody = { chunk in if !isFile, chunk.readableBytesView.contains(0) { found = true } }
        parser.onPartComplete = { isFile = false }
        do { try parser.execute(body) } catch { return false }
        return found
    }

    /// The boundary of a `multipart/form-data` content type, unquoted; nil for any other type.
    static func boundary(_ contentType: String?) -> String? {
        guard let contentType else { return nil }
        let parameters = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parameters.first?.lowercased() == "multipart/form-data" else { return nil }
        for p in parameters.dropFirst() {
            let pair = p.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            let boundary = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            // RFC 2046: 1 to 70 characters.
            return (1...70).contains(boundary.count) ? boundary : nil
        }
        return nil
    }
}
