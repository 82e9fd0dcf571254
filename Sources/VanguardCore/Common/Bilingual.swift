/// A message in both working languages: Chinese for the clerk, English beside it.
public struct Bilingual: Sendable, Equatable, Hashable, Codable {
    public var zh: String
    public var en: String

    public init(_ zh: String, _ en: String) {
        self.zh = zh
        self.en = en
    }

    /// The text in the language the reader asked for (`zh` unless English was asked for).
    public func text(english: Bool) -> String { english ? en : zh }
}
