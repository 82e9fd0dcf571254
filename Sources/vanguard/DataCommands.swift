import ArgumentParser
import Foundation
import VanguardCore
import VanguardSheets
import VanguardStore

/// `vanguard import FILE --kind organizations|members`: the whole file is checked first; any bad
/// row prints every problem and writes nothing.
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "导入党组织或党员 / Import organizations or members from XLSX or CSV")
    @OptionGroup var store: StoreOptions
    @Option(help: "organizations or members") var kind: String
    @Argument(help: "The XLSX or CSV file") var file: String

    func run() async throws {
        guard let sheetKind = SheetKind(rawValue: kind) else { throw fail("--kind 须为 organizations 或 members / --kind must be organizations or members") }
        guard let data = FileManager.default.contents(atPath: file) else { throw fail("无法读取文件 / cannot read \(file)") }
        let vanguard = try await store.open()
        defer { Task { try? await vanguard.close() } }
        let report: ImportReport
        do {
            report = try await vanguard.spreadsheets.importFile(data, kind: sheetKind, as: .system("cli"))
        } catch let e as VanguardError {
            throw fail("\(e.message.zh) / \(e.message.en)")
        }
        if report.succeeded {
            print("已导入 \(report.created) 条 / imported \(report.created) rows")
        } else {
            for p in report.problems { print("第\(p.row)行 [\(p.column)] “\(p.value)”：\(p.reason.zh) / row \(p.row): \(p.reason.en)") }
            throw fail("未写入任何数据：共 \(report.problems.count) 处问题 / nothing written: \(report.problems.count) problems")
        }
    }
}

/// `vanguard export --kind members --organization ID --format xlsx --output FILE`
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "导出子树 / Export a subtree, its rectification ledger or a quarter's inspections")
    @OptionGroup var store: StoreOptions
    @Option(help: "organizations, members, rectifications (整改台账) or inspections (巡回检查, with --quarter)") var kind: String
    @Option(help: "The organization whose subtree is exported") var organization: Int64
    @Option(help: "xlsx or csv") var format: String = "xlsx"
    @Option(help: "For inspections: the quarter, e.g. 2026-Q4") var quarter: String?
    @Option(help: "Output file") var output: String

    func run() async throws {
        guard let sheetFormat = SheetFormat(rawValue: format) else { throw fail("--format 须为 xlsx 或 csv / bad --format") }
        let vanguard = try await store.open()
        let file: ExportFile
        switch kind {
        case "rectifications":
            file = try await vanguard.rectifications.export(
                organizationID: organization, filter: .all, confirming: false, format: sheetFormat, as: .system("cli"))
        case "inspections":
            guard let q = quarter.flatMap({ Quarter($0) }) else { throw fail("--quarter 须写作 2026-Q4 / --quarter like 2026-Q4") }
            file = try await vanguard.inspections.report(organizationID: organization, quarter: q, format: sheetFormat, as: .system("cli"))
        default:
            guard let sheetKind = SheetKind(rawValue: kind) else {
                throw fail("--kind 须为 organizations、members、rectifications 或 inspections / bad --kind")
            }
            file = try await vanguard.spreadsheets.export(kind: sheetKind, organizationID: organization, format: sheetFormat, as: .system("cli"))
        }
        try await vanguard.close()
        try file.move(to: URL(fileURLWithPath: output))
        print("已导出到 / exported to \(output) (\(file.bytes) bytes)")
    }
}

/// `vanguard verify`: recomputes every counter from the facts; exit 1 on any difference.
struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "核对统计计数 / Recompute counters and report differences")
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let vanguard = try await store.open()
        let differences = try await vanguard.verifier.differences()
        let audit = try await AuditChain.verify(vanguard.backend)
        try await vanguard.close()
        print(audit)
        if differences.isEmpty {
            print("统计计数全部一致 / all counters match the facts")
        } else {
            for d in differences { print(d) }
        }
        if !differences.isEmpty || !audit.isWhole {
            throw fail("发现 \(differences.count + (audit.isWhole ? 0 : 1)) 处不一致 / \(differences.count + (audit.isWhole ? 0 : 1)) differences")
        }
    }
}

/// `vanguard audit verify`: walks the audit log's hash chain and names the first edited, inserted or
/// deleted record; prints the head to keep elsewhere (exit 1 when broken).
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "审计日志 / The audit log", subcommands: [VerifyChain.self])

    struct VerifyChain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "verify", abstract: "核对审计日志的哈希链 / Check the audit log's hash chain")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let vanguard = try await store.open()
            let finding = try await AuditChain.verify(vanguard.backend)
            try await vanguard.close()
            print(finding)
            if !finding.isWhole { throw ExitCode(1) }
        }
    }
}

/// `vanguard user create|password|unlock`: accounts from the console.
struct User: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "管理用户 / Manage users", subcommands: [Create.self, Grant.self, Disable.self, Password.self, Unlock.self])

    struct Unlock: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "解除登录限制 / Clear an account's failed logins")
        @OptionGroup var store: StoreOptions
        @Argument var username: String

        func run() async throws {
            let vanguard = try await store.open()
            do {
                try await vanguard.accounts.unlock(username: username, as: .system("cli"))
                print("已解除登录限制 / unlocked \(username)")
            } catch let e as VanguardError {
                try await vanguard.close()
                throw fail("\(e.message.zh) / \(e.message.en)")
            }
            try await vanguard.close()
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "新建用户 / Create a user with one role on one organization")
        @OptionGroup var store: StoreOptions
        @Argument var username: String
        @Option var displayName: String?
        @Option(help: "campaign_office, committee_staff, branch_secretary, member, leading_cadre, inspector") var role: String
        @Option(help: "Organization id the role is granted on") var organization: Int64
        @Option var password: String

        func run() async throws {
            guard let r = Role(rawValue: role) else { throw fail("未知角色 / unknown role \(role)") }
            let vanguard = try await store.open()
            do {
                let id = try await vanguard.accounts.createUser(
                    username: username, displayName: displayName ?? username, password: password, grants: [(r, organization)], as: .system("cli"))
                print("已新建用户 / created user \(username) (#\(id))")
            } catch let e as VanguardError {
                try await vanguard.close()
                throw fail("\(e.message.zh) / \(e.message.en)")
            }
            try await vanguard.close()
        }
    }

    /// 授权 / 撤销授权 / 停用 / 启用 from the console: the same rules and audit as the office's pages.
    struct Grant: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "授权 / Grant a role on an organization")
        @OptionGroup var store: StoreOptions
        @Argument var username: String
        @Option(help: "campaign_office, committee_staff, branch_secretary, member, leading_cadre, inspector") var role: String
        @Option(help: "Organization id the role is granted on") var organization: Int64
        @Flag(help: "Take the grant away instead") var revoke = false

        func run() async throws {
            guard let r = Role(rawValue: role) else { throw fail("未知角色 / unknown role \(role)") }
            try await store.administer(username) { admin, id in
                _ =
                    revoke
                    ? try await admin.revoke(id, role: r, organizationID: organization, as: .system("cli"))
                    : try await admin.grant(id, role: r, organizationID: organization, as: .system("cli"))
                print(revoke ? "已撤销授权 / revoked" : "已授权 / granted")
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "停用账号（结束全部会话）/ Disable an account, ending its sessions and tokens")
        @OptionGroup var store: StoreOptions
        @Argument var username: String
        @Flag(help: "Enable it again instead") var enable = false

        func run() async throws {
            try await store.administer(username) { admin, id in
                _ = try await admin.setActive(id, enable, as: .system("cli"))
                print(enable ? "已启用 / enabled \(username)" : "已停用 / disabled \(username)")
            }
        }
    }

    struct Password: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "重置密码 / Reset a password")
        @OptionGroup var store: StoreOptions
        @Argument var username: String
        @Option var password: String

        func run() async throws {
            let vanguard = try await store.open()
            do {
                try await vanguard.accounts.setPassword(username: username, password: password, as: .system("cli"))
                print("已重置密码 / password reset for \(username)")
            } catch let e as VanguardError {
                try await vanguard.close()
                throw fail("\(e.message.zh) / \(e.message.en)")
            }
            try await vanguard.close()
        }
    }
}

/// `vanguard remind`: marks overdue commitments and rectification items and writes deadline reminders
/// now (the server also does this every hour); `--outbox` lists the SMS a gateway would send next.
struct Remind: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "标记逾期并发送到期提醒 / Mark overdue commitments and remind of deadlines")
    @OptionGroup var store: StoreOptions
    @Flag(help: "Also list the pending outbox messages") var outbox = false

    func run() async throws {
        let vanguard = try await store.open()
        defer { Task { try? await vanguard.close() } }
        let r = try await vanguard.reminders.sweep()
        print("标记逾期 \(r.markedOverdue) 件，到期提醒 \(r.reminded) 条 / marked \(r.markedOverdue) overdue, \(r.reminded) reminders")
        let items = try await vanguard.rectifications.sweep()
        print("整改事项逾期 \(items.markedOverdue) 项，到期提醒 \(items.reminded) 条 / rectification items: \(items.markedOverdue) overdue, \(items.reminded) reminders")
        let visits = try await vanguard.visits.remind()
        print("联系点调研提醒 \(visits) 条 / \(visits) contact-point visit reminders")
        let rounds = try await vanguard.commendations.remind()
        print("表彰日期提醒 \(rounds) 条 / \(rounds) commendation reminders")
        let reports = try await vanguard.workReports.remind()
        print("报告报送提醒 \(reports) 条 / \(reports) report reminders")
        if outbox {
            for m in try await vanguard.reminders.outbox(limit: 1000) { print("\(m.channel)\t\(m.address)\t\(m.body)") }
        }
    }
}
