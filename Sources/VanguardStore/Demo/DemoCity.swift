import SQLKit
import VanguardCore

/// 演示城市: generates the demo city into an empty database in one transaction.
public struct DemoCity: Sendable {
    public struct Account: Sendable, Hashable {
        public var username: String
        public var role: Role
        public var organizationName: String
    }

    public struct Summary: Sendable {
        public var organizations: Int
        public var members: Int
        public var accounts: [Account]
    }

    /// The demo accounts, one per role; `admin` first.
    public static let accountNames = ["admin", "office", "staff", "secretary", "member", "cadre", "inspector"]

    public let seed: UInt64
    public let memberTarget: Int
    /// The small city: two counties of a few units each, for checking pages at a small scale.
    public let small: Bool

    public init(seed: UInt64 = 2010, memberTarget: Int = 114_000, small: Bool = false) {
        self.seed = seed
        self.memberTarget = memberTarget
        self.small = small
    }

    /// Whether the database already holds organizations (then `demo` reuses it).
    public static func isPopulated(_ vanguard: Vanguard) async throws -> Bool {
        try await vanguard.backend.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM organizations").first(decodingColumn: "n", as: Int.self) ?? 0
        } > 0
    }

    /// Writes the city and the demo accounts (all with `password`).
    public func generate(into vanguard: Vanguard, password: String) async throws -> Summary {
        let today = vanguard.time.today()
        let now = vanguard.time.nowMillis()
        let plan = DemoCityPlan(seed: seed, small: small)
        let members = DemoMembers.make(plan: plan, total: memberTarget, seed: seed, today: today)
        let passwordHash = AccountService.hashPassword(password)
        let accounts = try await vanguard.backend.write { db in
            try await Self.writeOrganizations(db, plan: plan, now: now)
            try await Self.writeMembers(db, members, now: now)
            try await OrganizationRepository.rebuildCounters(db)
            if db.engine == .postgres {
                for table in ["organizations", "members", "systems"] {
                    try await db.exec("SELECT setval(pg_get_serial_sequence('\(table)', 'id'), (SELECT MAX(id) FROM \(table)))")
                }
            }
            try await Self.writeCampaign(db, today: today, now: now)
            let accounts = try await Self.writeAccounts(db, plan: plan, members: members, passwordHash: passwordHash, now: now)
            try await DemoInspections.write(db, passwordHash: passwordHash, today: today, now: now)
            try await DemoCommitments.write(db, year: today.year, now: now)
            try await DemoSupport.write(db, today: today, now: now)
            // No counters yet: `DemoEvaluation` ends by rebuilding every projection from all the facts.
            return accounts
        }
        try await DemoEvaluation.write(vanguard)
        return Summary(organizations: plan.orgs.count, members: members.count, accounts: accounts)
    }

    static func writeOrganizations(_ db: any SQLDatabase, plan: DemoCityPlan, now: Int64) async throws {
        for (i, name) in DemoNames.systems.enumerated() {
            try await db.insert(into: "systems").columns("id", "name").values(SQLBind(i + 1), SQLBind(name)).run()
        }
        for chunk in plan.orgs.chunked(500) {
            var insert = db.insert(into: "organizations").columns(
                "id", "parent_id", "code", "name", "kind", "sector", "path", "depth", "created_at", "updated_at")
            for o in chunk {
                insert = insert.values(
                    SQLBind(o.id), SQLBind(o.parentID), SQLBind(o.code), SQLBind(o.name), SQLBind(o.kind.rawValue),
                    SQLBind(o.sector.rawValue), SQLBind(o.path.description), SQLBind(o.path.depth), SQLBind(now), SQLBind(now))
            }
            try await insert.run()
        }
        let withSystem = plan.orgs.filter { $0.system != nil }
        for chunk in withSystem.chunked(800) {
            var insert = db.insert(into: "organization_systems").columns("organization_id", "system_id")
            for o in chunk { insert = insert.values(SQLBind(o.id), SQLBind(o.system! + 1)) }
            try await insert.run()
        }
    }

    static func writeMembers(_ db: any SQLDatabase, _ members: [DemoMembers.Member], now: Int64) async throws {
        let columns = ["id", "organization_id"] + MemberRepository.writeColumns + ["created_at", "updated_at"]
        for chunk in members.chunked(400) {
            var insert = db.insert(into: "members").columns(columns)
            for m in chunk {
                insert = insert.values([SQLBind(m.id), SQLBind(m.organizationID)] + MemberRepository.values(m.draft) + [SQLBind(now), SQLBind(now)])
            }
            try await insert.run()
        }
    }

    static func writeCampaign(_ db: any SQLDatabase, today: CalendarDay, now: Int64) async throws {
        let y = today.year
        let phases = [
            CampaignPhase(kind: .mobilization, startsOn: .init(year: y, month: 3, day: 1)!, endsOn: .init(year: y, month: 5, day: 31)!),
            CampaignPhase(kind: .rollout, startsOn: .init(year: y, month: 6, day: 1)!, endsOn: .init(year: y + 1, month: 6, day: 30)!),
            CampaignPhase(kind: .deepening, startsOn: .init(year: y + 1, month: 7, day: 1)!, endsOn: .init(year: y + 2, month: 6, day: 30)!),
            CampaignPhase(kind: .consolidation, startsOn: .init(year: y + 2, month: 7, day: 1)!, endsOn: .init(year: y + 2, month: 10, day: 31)!),
        ]
        _ = try await CampaignRepository.insert(
            db, name: "\(y)—\(y + 2)年创先争优活动", theme: "创先争优走前头，跨越崛起作表率", subTheme: "推动科学发展、促进社会和谐、服务人民群众、加强基层组织",
            startYear: y, endYear: y + 2, planDueOn: .init(year: y, month: 8, day: 25), phases: phases,
            carriers: ["党员公开承诺", "领导点评", "X：各系统自主设计的特色载体"], now: now)
    }

    static func writeAccounts(
        _ db: any SQLDatabase, plan: DemoCityPlan, members: [DemoMembers.Member], passwordHash: String, now: Int64
    ) async throws -> [Account] {
        let city = plan.orgs[0]
        let county = plan.orgs.first { $0.depth == 1 }!
        let villageBranch = plan.orgs.first { $0.kind == .branch && $0.sector == .village }!
        let branchMembers = members.filter { $0.organizationID == villageBranch.id }
        // The demo's member commits in her own branch (not a floating or in-service member, who commit
        // elsewhere): the random draws depend on today's date, so she is picked, not taken by position.
        let plain = branchMembers.dropFirst().first { !$0.draft.categories.floating && !$0.draft.categories.inService } ?? branchMembers[1]
        let specs: [(String, String, Role, DemoCityPlan.Org, Int64?)] = [
            ("admin", "系统管理员", .campaignOffice, city, nil),
            ("office", "领导小组办公室", .campaignOffice, city, nil),
            ("staff", county.name + "组织部", .committeeStaff, county, nil),
            ("secretary", branchMembers[0].draft.name, .branchSecretary, villageBranch, branchMembers[0].id),
            ("member", plain.draft.name, .member, villageBranch, plain.id),
            ("cadre", "县级领导干部", .leadingCadre, county, nil),
            ("inspector", "巡回检查组", .inspector, city, nil),
        ]
        var out: [Account] = []
        for (username, display, role, org, memberID) in specs {
            let id = try await AccountRepository.insertUser(
                db, username: username, displayName: display, passwordHash: passwordHash, memberID: memberID, now: now)
            try await AccountRepository.grant(db, userID: id, role: role, organizationID: org.id)
            if role == .branchSecretary || role == .member {
                // The secretary and the member are members of the branch too.
                if role == .branchSecretary { try await AccountRepository.grant(db, userID: id, role: .member, organizationID: org.id) }
            }
            out.append(Account(username: username, role: role, organizationName: org.name))
        }
        try await WritePath.record(
            db,
            .init(
                at: now, actor: "demo", action: "demo.generate", targetType: "organization", targetID: city.id,
                summary: "生成演示城市：\(plan.orgs.count) 个党组织，\(members.count) 名党员"))
        return out
    }
}

extension DemoCityPlan.Org {
    var depth: Int { path.depth }
}
