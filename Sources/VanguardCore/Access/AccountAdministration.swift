/// 账号管理: who may administer which account. An account belongs to the offices whose subtrees hold
/// every one of its grants, so no office reaches an account that also works elsewhere; an account
/// without grants belongs to the operator alone. Nobody administers their own account here (a slip
/// would lock the office out, and raising one's own rights needs a second person).
public enum AccountAdministration {
    /// Whether `scope` (the caller's) may administer an account holding `grants`.
    public static func mayAdminister(_ grants: [RoleGrant], by scope: AccessScope) -> Bool {
        !grants.isEmpty && grants.allSatisfy { scope.allows(.manageAccounts, at: $0.organizationPath) }
    }

    /// The reason an administrator may not make this change, or nil when it is allowed.
    public static func problem(changing account: Int64, by caller: Int64?) -> VanguardError? {
        account == caller ? VanguardError(.forbidden, .init("不能在这里修改自己的账号", "You cannot administer your own account here")) : nil
    }

    /// A grant may be given on an organization inside the administrator's own manageable subtree.
    public static func mayGrant(at path: TreePath, by scope: AccessScope) -> Bool {
        scope.allows(.manageAccounts, at: path)
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
