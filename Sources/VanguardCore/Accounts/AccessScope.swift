/// One grant: a role on an organization (whose path is known), covering its subtree.
public struct RoleGrant: Sendable, Hashable {
    public var role: Role
    public var organizationID: Int64
    public var organizationPath: TreePath

    public init(role: Role, organizationID: Int64, organizationPath: TreePath) {
        self.role = role
        self.organizationID = organizationID
        self.organizationPath = organizationPath
    }
}

/// 权限范围: what a user may see and do. A thing outside every grant's subtree does not exist for
/// the user (404, not 403), so scope never leaks which organizations exist elsewhere.
public struct AccessScope: Sendable, Hashable {
    public let grants: [RoleGrant]

    public init(grants: [RoleGrant]) { self.grants = grants }

    /// Whether any grant with `permission` covers `path`.
    public func allows(_ permission: Permission, at path: TreePath) -> Bool {
        grants.contains { $0.role.permissions.contains(permission) && $0.organizationPath.contains(path) }
    }

    /// Whether a grant with `permission` on an organization above `path` (not on `path` itself) covers it:
    /// where the level above acts on a unit (上级审批、评价), the unit does not act on itself.
    public func allowsAbove(_ permission: Permission, at path: TreePath) -> Bool {
        grants.contains { $0.role.permissions.contains(permission) && $0.organizationPath.contains(path) && $0.organizationPath != path }
    }

    /// Whether the user may see `path` at all.
    public func canSee(_ path: TreePath) -> Bool { allows(.read, at: path) }

    /// The top organizations of the user's scope: grants not already covered by another grant.
    public var roots: [RoleGrant] {
        grants.filter { g in
            !grants.contains { other in
                other.organizationPath != g.organizationPath && other.organizationPath.contains(g.organizationPath)
            }
        }
    }

    /// Throws `notFound` when the path is out of sight, `forbidden` when it is seen but not writable.
    public func require(_ permission: Permission, at path: TreePath, what: Bilingual) throws {
        guard canSee(path) else { throw VanguardError.notFound(what) }
        guard allows(permission, at: path) else {
            throw VanguardError(.forbidden, .init("您没有权限进行此操作", "You are not allowed to do this"))
        }
    }
}
