/// 账号与审计: accounts, sessions, passwords, account administration and the audit record.
enum AccountsCapability: StoreCapability {
    static let migrations: [any Migration] = [M011AccountSecurity(), M013Sessions(), M014PasswordExpiry()]
}

extension Vanguard {
    public var accounts: AccountService { .init(backend: backend, time: time, passwordMaxAgeDays: passwordMaxAgeDays) }
    public var accountAdmin: AccountAdminService { .init(backend: backend, time: time) }
    public var audit: AuditService { .init(backend: backend, time: time) }
}
