import Foundation
import Hummingbird
import OpenAPIRuntime
import VanguardStore

/// 下载: a file leaves as an attachment named in Chinese (RFC 5987 `filename*`, with an ASCII
/// fallback for old clients), streamed from disk in chunks. An export's temporary file is opened and
/// removed at once, so nothing is left behind whether or not the client takes it to the end.
enum Download {
    /// An uploaded file kept in the database (evidence, a notice's attachment): images open in the page,
    /// anything else downloads under its own name; never sniffed into another type.
    static func stored(_ file: EvidenceFileRecord, _ bytes: [UInt8], name: String? = nil) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = file.contentType
        let encoded = (name ?? file.name).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "file"
        headers[.contentDisposition] = (file.contentType.hasPrefix("image/") ? "inline" : "attachment") + "; filename*=UTF-8''\(encoded)"
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static let chunk = 256 * 1024

    /// `attachment; filename="export.xlsx"; filename*=UTF-8''%E5%85%AD…`
    static func disposition(_ name: String) -> String {
        let ext = name.split(separator: ".").last.map(String.init) ?? "bin"
        let plain = name.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" && $0 != ";" }
        let encoded = name.addingPercentEncoding(withAllowedCharacters: attrChar) ?? "export." + ext
        return "attachment; filename=\"\(plain ? name : "export." + ext)\"; filename*=UTF-8''\(encoded)"
    }

    /// RFC 5987 attr-char: what may stand unencoded in `filename*`.
    static let attrChar = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$&+-.^_`|~")

    /// A finished export, streamed.
    static func response(_ file: ExportFile) throws -> Response {
        let handle = try FileHandle(forReadingFrom: file.url)
        try? FileManager.default.removeItem(at: file.url)  // the open handle keeps the bytes until it closes
        var headers = HTTPFields()
        headers[.contentType] = file.format.contentType
        headers[.contentDisposition] = disposition(file.fileName)
        headers[.cacheControl] = "no-store"
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody(contentLength: file.bytes) { writer in
                defer { try? handle.close() }
                while let data = try handle.read(upToCount: chunk), !data.isEmpty {
                    try await writer.write(ByteBuffer(data: data))
                }
                try await writer.finish(nil)
            })
    }

    /// A small file made in memory (a template).
    static func response(_ data: Data, name: String, format: SheetFormat) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = format.contentType
        headers[.contentDisposition] = disposition(name)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(data: data)))
    }

    /// A finished export as the JSON API's body, streamed the same way.
    static func body(_ file: ExportFile) throws -> HTTPBody {
        let handle = try FileHandle(forReadingFrom: file.url)
        try? FileManager.default.removeItem(at: file.url)
        let chunks = AsyncThrowingStream<ArraySlice<UInt8>, any Error> { continuation in
            let task = Task {
                defer { try? handle.close() }
                do {
                    while let data = try handle.read(upToCount: chunk), !data.isEmpty { continuation.yield(ArraySlice(data)) }
                    continuation.finish()
                } catch { continuation.finish(throwing: error) }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
        return HTTPBody(chunks, length: .known(Int64(file.bytes)), iterationBehavior: .single)
    }
}
