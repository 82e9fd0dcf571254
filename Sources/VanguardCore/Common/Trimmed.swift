import Foundation

extension String {
    /// The text without surrounding whitespace. Most cells and form fields have none, and Foundation's
    /// trimming copies every string through NSString, so a bulk import checks the two ends first.
    public func trimmed(_ set: CharacterSet = .whitespacesAndNewlines) -> String {
        guard let first = unicodeScalars.first, let last = unicodeScalars.last else { return self }
        if !first.properties.isWhitespace && !last.properties.isWhitespace { return self }
        return trimmingCharacters(in: set)
    }
}
