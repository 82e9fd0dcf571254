/// An error a user can act on: what kind of failure it is, and a message in both languages.
///
/// Every layer throws this for bad input and missing things, so HTTP, CLI and import reports all
/// say the same clear sentence instead of a 500.
public struct VanguardError: Error, Sendable, Equatable {
    public enum Kind: String, Sendable {
        case invalid, notFound, conflict, unauthorized, forbidden, tooManyRequests, payloadTooLarge,
            unsupportedMediaType
    }

    public var kind: Kind
    public var message: Bilingual
    /// The field, column or parameter the message is about, when there is one.
    public var field: String?

    public init(_ kind: Kind, _ message: Bilingual, field: String? = nil) {
        self.kind = kind
        self.message = message
        self.field = field
    }

    public static func invalid(_ zh: String, _ en: String, field: String? = nil) -> Self {
        .init(.invalid, .init(zh, en), field: field)
    }

    public static func notFound(_ what: Bilingual) -> Self {
        .init(.notFound, .init("未找到\(what.zh)", "\(what.en) not found"))
    }

    public static func conflict(_ zh: String, _ en: String) -> Self {
        .init(.conflict, .init(zh, en))
    }

    /// A text with U+0000: it has no place in a name or a text, and PostgreSQL refuses it (SQLite
    /// would keep it), so the request checks and the PostgreSQL backend both answer with this.
    public static let nulCharacter = invalid("文本不能含有空字符（U+0000）", "Text may not contain a NUL character (U+0000)")
}
