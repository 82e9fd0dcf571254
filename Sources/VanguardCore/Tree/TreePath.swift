/// The materialized path of an organization, e.g. `/1/17/245/`: its ancestors' ids and its own.
///
/// Subtree queries are a prefix match on it; ancestors are read off it without a query.
public struct TreePath: Sendable, Hashable, CustomStringConvertible {
    public let ids: [Int64]

    public init(ids: [Int64]) { self.ids = ids }

    public init?(_ text: String) {
        guard text.hasPrefix("/"), text.hasSuffix("/") else { return nil }
        let parts = text.split(separator: "/")
        var ids: [Int64] = []
        for p in parts {
            guard let id = Int64(p), id > 0 else { return nil }
            ids.append(id)
        }
        guard !ids.isEmpty else { return nil }
        self.ids = ids
    }

    public var description: String { "/" + ids.map(String.init).joined(separator: "/") + "/" }
    /// 0 for a root organization.
    public var depth: Int { ids.count - 1 }
    public var id: Int64 { ids[ids.count - 1] }
    /// The ancestors, root first, without the organization itself.
    public var ancestorIDs: [Int64] { Array(ids.dropLast()) }

    public func appending(_ id: Int64) -> TreePath { TreePath(ids: ids + [id]) }

    /// True when `other` is this organization or lies in its subtree.
    public func contains(_ other: TreePath) -> Bool {
        other.ids.count >= ids.count && Array(other.ids.prefix(ids.count)) == ids
    }
}
