/// 践诺佐证: what a progress report may carry. A file's type is decided by its first bytes, not by
/// the name it was uploaded with, and a report with one bad file is refused whole.
public enum EvidencePolicy {
    /// Photos from a phone and the usual office documents; 10 MB each (a phone photo is 2–6 MB).
    public static let maximumFileBytes = 10 * 1024 * 1024
    public static let maximumFiles = 6
    /// One report, all files together (what one upload request may carry).
    public static let maximumTotalBytes = 20 * 1024 * 1024
    public static let maximumTextLength = 2000

    public enum FileType: String, Sendable, CaseIterable {
        case jpeg, png, pdf, officeDocument = "office", text

        public var contentType: String {
            switch self {
            case .jpeg: "image/jpeg"
            case .png: "image/png"
            case .pdf: "application/pdf"
            case .officeDocument: "application/zip"
            case .text: "text/plain; charset=utf-8"
            }
        }

        public var isImage: Bool { self == .jpeg || self == .png }
    }

    /// The type of a file from its bytes and name, or nil when it is not one we keep.
    public static func type(of bytes: [UInt8], name: String) -> FileType? {
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if bytes.starts(with: Array("%PDF-".utf8)) { return .pdf }
        let lower = name.lowercased()
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]), [".docx", ".xlsx", ".pptx"].contains(where: lower.hasSuffix) { return .officeDocument }
        if lower.hasSuffix(".txt"), String(validating: bytes, as: UTF8.self) != nil { return .text }
        return nil
    }

    /// Every problem with a report: its text and each file (named by its position and name).
    public static func problems(text: String, files: [(name: String, bytes: [UInt8])]) -> [VanguardError] {
        var out: [VanguardError] = []
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty && files.isEmpty {
            out.append(.invalid("请填写进展情况或上传佐证材料", "Write what was done or attach evidence", field: "text"))
        }
        if trimmed.count > maximumTextLength {
            out.append(.invalid("进展情况不超过\(maximumTextLength)字", "At most \(maximumTextLength) characters", field: "text"))
        }
        if files.count > maximumFiles {
            out.append(.invalid("一次最多上传\(maximumFiles)个文件", "At most \(maximumFiles) files at once", field: "files"))
        }
        if files.reduce(0, { $0 + $1.bytes.count }) > maximumTotalBytes {
            out.append(.invalid("一次上传的文件合计不能超过20MB", "All files together may not exceed 20 MB", field: "files"))
        }
        for (i, f) in files.enumerated() {
            let label = "第\(i + 1)个文件“\(f.name)”"
            if f.bytes.isEmpty {
                out.append(.invalid("\(label)是空文件", "File \(i + 1) '\(f.name)' is empty", field: "files[\(i)]"))
            } else if f.bytes.count > maximumFileBytes {
                out.append(.invalid("\(label)超过10MB", "File \(i + 1) '\(f.name)' is larger than 10 MB", field: "files[\(i)]"))
            } else if type(of: f.bytes, name: f.name) == nil {
                out.append(
                    .invalid(
                        "\(label)类型不支持（可上传JPEG/PNG照片、PDF、Word/Excel/PPT文档、文本）", "File \(i + 1) '\(f.name)' is not a photo, PDF, office document or text",
                        field: "files[\(i)]"))
            }
        }
        return out
    }
}
