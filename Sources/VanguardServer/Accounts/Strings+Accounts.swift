/// UI text of accounts and trust: logins and sessions, passwords, account administration, the audit log.
extension Strings {
    static let accounts: [String: (zh: String, en: String)] = [
        "mySessions": ("我的登录", "My sessions"),
        "sessionsHint": (
            "这里列出您的账号当前有效的网页登录和接口令牌。不认识的，请结束它并修改密码。", "Your account's live web sessions and API tokens. End any you do not recognize and change your password."
        ),
        "sessionKind": ("类型", "Kind"),
        "sessionKindWeb": ("网页", "Web"),
        "sessionKindAPI": ("接口令牌", "API token"),
        "sessionLabel": ("名称", "Name"),
        "sessionAddress": ("登录地址", "From"),
        "sessionCreated": ("开始时间", "Started"),
        "sessionExpires": ("到期时间", "Expires"),
        "sessionCurrent": ("本次登录", "This session"),
        "sessionEnd": ("结束", "End"),
        "sessionEnded": ("已结束该登录。", "The session was ended."),
        "accounts": ("账号管理", "Accounts"),
        "auditLog": ("审计日志", "Audit log"),
        "auditHint": (
            "每条记录都与上一条以哈希相连，任何改动都能被审计校验命令查出；记录至少保存180天。导出本身也记入日志。校验命令：",
            "Each record is chained to the one before by a hash, so the verify command finds any change; records are kept at least 180 days. Exports are recorded too. The command:"
        ),
        "auditActor": ("操作人", "Actor"),
        "auditAction": ("操作（前缀）", "Action (prefix)"),
        "auditTarget": ("对象类型", "Target type"),
        "auditFrom": ("自", "From"),
        "auditTo": ("至", "To"),
        "auditTime": ("时间", "Time"),
        "auditSummary": ("内容", "Summary"),
        "auditExport": ("导出", "Export"),
        "auditOlder": ("更早的记录", "Older records"),
        "accountsHint": (
            "本单位范围内的账号：授权、停用、重置密码、解除登录限制。每项操作都记入审计日志。", "Accounts in your organizations: grant, disable, reset passwords, unlock. Every change is audited."
        ),
        "displayName": ("姓名", "Name"),
        "grants": ("授权", "Grants"),
        "accountState": ("状态", "State"),
        "accountActive": ("正常", "Active"),
        "accountDisabled": ("已停用", "Disabled"),
        "liveSessions": ("有效登录", "Live sessions"),
        "newAccount": ("新建账号", "New account"),
        "initialPassword": ("初始密码", "Initial password"),
        "role": ("角色", "Role"),
        "organizationCodeOrName": ("组织代码或全称", "Organization code or full name"),
        "memberNoOptional": ("党员编号（党员本人的账号填写）", "Member number (for a member's own account)"),
        "create": ("新建", "Create"),
        "addGrant": ("授权", "Grant"),
        "revokeGrant": ("撤销", "Revoke"),
        "disableAccount": ("停用账号", "Disable account"),
        "enableAccount": ("启用账号", "Enable account"),
        "resetPassword": ("重置密码", "Reset password"),
        "unlockAccount": ("解除登录限制", "Unlock"),
        "accountSaved": ("已保存，并记入审计日志。", "Saved and audited."),
        "searchAccounts": ("查找账号", "Find accounts"),
        "changePassword": ("修改密码", "Change password"),
        "passwordExpired": ("您的密码已超过规定的使用期限，请先修改密码，然后才能继续使用。", "Your password has passed its maximum age: change it to go on."),
        "currentPassword": ("当前密码", "Current password"),
        "newPassword": ("新密码", "New password"),
        "repeatPassword": ("再次输入新密码", "New password again"),
        "passwordChanged": ("密码已修改，其他设备上的登录已退出。", "Password changed; your other sessions were logged out."),
        "passwordsDiffer": ("两次输入的新密码不一致", "The two new passwords differ"),
        "passwordRules": (
            "至少8位，包含大写字母、小写字母、数字、符号中的至少三类；不能包含用户名，不能是常见密码或最近5次用过的密码。",
            "At least 8 characters with three of: upper case, lower case, digits, symbols; not containing the username, not a common password, not one of your last five."
        ),
    ]
}
