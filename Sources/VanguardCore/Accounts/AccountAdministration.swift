/// 账号管理: who may administer which account. An account belongs to the offices whose subtrees hold
/// every one of its grants, so no office reaches an account that also works elsewhere; an account
/// without grants belongs to the operator alone. Nobody administers their own account here (a slip
/// would lock the office out, and raising one's own rights needs a second person).
public enum AccountAdministration {
    /// Whether `scope` (the caller's) may administer an account holding `grants`. An office account is
    /// administered only from above (a strict ancestor's office): peers cannot disable or reset each other.
    public static func mayAdminister(_ grants: [RoleGrant], by scope: AccessScope) -> Bool {
        !grants.isEmpty && grants.allSatisfy { mayGrant($0.role, at: $0.organizationPath, by: scope) }
    }

    /// Whether `scope` may give `role` on the organization at `path`: inside its own subtree, and the
    /// office role only strictly below its own office (三员分立: an office cannot make a second office
    /// of its own level to act on itself).
    public static func mayGrant(_ role: Role, at path: TreePath, by scope: AccessScope) -> Bool {
        guard role.permissions.contains(.manageAccounts) else { return scope.allows(.manageAccounts, at: path) }
        return scope.grants.contains { g in
            g.role.permissions.contains(.manageAccounts) && g.organizationPath != path && g.organizationPath.contains(path)
        }
    }

    /// The reason an administrator may not make this change, or nil when it is allowed.
    public static func problem(changing account: Int64, by caller: Int64?) -> VanguardError? {
        account == caller ? VanguardError(.forbidden, .init("不能在这里修改自己的账号", "You cannot administer your own account here")) : nil
    }

    /// An account keeps at least one grant: to take the last away, disable the account instead.
    public static func problem(revokingFrom grants: [RoleGrant], _ role: Role, at organizationID: Int64) -> VanguardError? {
        guard grants.contains(where: { $0.role == role && $0.organizationID == organizationID }) else {
            return VanguardError.notFound(.init("该授权", "Grant"))
        }
        return grants.count == 1
            ? VanguardError.conflict("这是该账号唯一的授权；如不再使用，请停用账号", "This is the account's only grant; disable the account instead")
            : nil
    }
}
