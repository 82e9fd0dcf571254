import VanguardCore

/// 会话: a web session or an API token of an account, as its owner sees it in the list.
public struct SessionRecord: Sendable, Hashable {
    /// The first 16 hex digits of the token's hash: enough to name it, useless to present it.
    public var id: String
    public var kind: String
    public var label: String?
    public var address: String?
    public var createdAt: Int64
    public var expiresAt: Int64
    /// Whether this is the session or token the request came with.
    public var current: Bool
}

/// 账号 as the office administers it: the account, its grants and whether it may log in.
public struct AccountSummary: Sendable, Hashable {
    public var id: Int64
    public var username: String
    public var displayName: String
    public var memberID: Int64?
    public var active: Bool
    public var grants: [AccountGrant]
    /// Live sessions and tokens.
    public var sessions: Int
}

public struct AccountGrant: Sendable, Hashable {
    public var role: Role
    public var organizationID: Int64
    public var organizationName: String
    public var organizationPath: TreePath
}

/// A user account.
public struct UserRecord: Sendable, Hashable {
    public var id: Int64
    public var username: String
    public var displayName: String
    public var passwordHash: String
    public var memberID: Int64?
    public var active: Bool
}
