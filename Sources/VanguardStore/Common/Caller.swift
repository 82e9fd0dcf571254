import Foundation
import VanguardCore

/// Who is acting: a logged-in user with their scope, or the system itself (CLI, demo generator).
public struct Caller: Sendable {
    public var userID: Int64?
    public var username: String
    public var displayName: String
    public var scope: AccessScope
    /// The member this account belongs to, if any (a member drafts their own commitments).
    public var memberID: Int64?
    /// The operator at the console: every organization is in scope.
    public var isSystem: Bool
    /// 口令已过期: the session may only change the password (and log out).
    public var mustChangePassword = false

    public init(userID: Int64?, username: String, displayName: String, scope: AccessScope, memberID: Int64? = nil, isSystem: Bool = false) {
        self.userID = userID
        self.memberID = memberID
        self.username = username
        self.displayName = displayName
        self.scope = scope
        self.isSystem = isSystem
    }

    public static func system(_ name: String = "system") -> Caller {
        Caller(userID: nil, username: name, displayName: name, scope: AccessScope(grants: []), isSystem: true)
    }

    public func canSee(_ path: TreePath) -> Bool { isSystem || scope.canSee(path) }

    public func allows(_ permission: Permission, at path: TreePath) -> Bool { isSystem || scope.allows(permission, at: path) }

    /// `notFound` outside the scope, `forbidden` where the caller sees but may not act.
    public func require(_ permission: Permission, at path: TreePath, what: Bilingual) throws {
        if isSystem { return }
        try scope.require(permission, at: path, what: what)
    }

    /// The subtrees the caller may read, or nil for everything.
    public var readableRoots: [TreePath]? {
        isSystem ? nil : scope.roots.filter { $0.role.permissions.contains(.read) }.map(\.organizationPath)
    }
}

/// The time, passed into every command so rules and tests never read the clock themselves.
public protocol TimeSource: Sendable {
    /// Milliseconds since 1970 (UTC).
    func nowMillis() -> Int64
}

extension TimeSource {
    /// Today in China Standard Time (UTC+8), where every user of the campaign lives.
    public func today() -> CalendarDay {
        let seconds = nowMillis() / 1000 + 8 * 3600
        let days = Int(seconds / 86400)
        return CalendarDay.fromDaysSince1970(days)
    }
}

public struct SystemTime: TimeSource {
    public init() {}
    public func nowMillis() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}

public struct FixedTime: TimeSource {
    public let millis: Int64
    public init(millis: Int64) { self.millis = millis }
    public func nowMillis() -> Int64 { millis }
}
