import SQLKit
import VanguardCore

/// 演示督查帮扶, calibrated to Lu'an [001]: of every 12,000 organizations 219 village and community
/// branches designated backward by their county (186 lifted by year end), and of every 114,000 members
/// 540 designated by their branch (about 400 progressed). Each backward branch is paired "X+1" with its
/// town committee and an organ's branch, with help records (visits, funds) and a ledger of three items;
/// each backward member with an excellent member of her branch. Lifted units have every item checked off
/// and an acceptance; the others have items open, awaiting check-off or overdue. Written as facts; the
/// demo's final rebuild makes the counters. The `secretary`'s branch is left as it is, for the visitor.
enum DemoSupport {
    static let problems = [
        ("班子成员分工不明确，议事规则不健全", "调整班子分工，建立“四议两公开”议事规则", "村党支部书记"),
        ("组织生活不正常，“三会一课”记录缺失", "按月召开支部党员大会，规范会议记录", "组织委员"),
        ("村集体经济无稳定收入", "发展光伏和土地流转项目，年内实现集体收入", "村委会主任"),
        ("群众反映的道路、饮水问题长期未解决", "争取项目资金，年内完成道路硬化和饮水改造", "村党支部书记"),
        ("党员发展后继乏人，年龄结构老化", "把返乡青年培养为入党积极分子", "组织委员"),
    ]
    static let memberProblems = [
        ("长期不参加组织生活", "按时参加“三会一课”，每季度向支部汇报思想"),
        ("先锋模范作用发挥不明显", "认领一项公开承诺并按期兑现"),
        ("不按时交纳党费", "补交党费，按月按时交纳"),
    ]

    static func day(_ today: CalendarDay, _ offset: Int) -> String { CalendarDay.fromDaysSince1970(today.daysSince1970 + offset).description }

    static func write(_ db: any SQLDatabase, today: CalendarDay, now: Int64) async throws {
        var rng = SeededRandom(seed: 2026_1203)
        let keep =
            try await db.raw(
                "SELECT g.organization_id FROM role_grants g JOIN users u ON u.id = g.user_id WHERE u.username = 'secretary' AND g.role = 'branch_secretary'"
            ).first(decodingColumn: "organization_id", as: Int64.self) ?? 0
        let orgCount = try await db.raw("SELECT COUNT(*) AS n FROM organizations").first(decodingColumn: "n", as: Int.self) ?? 0
        let memberCount = try await db.raw("SELECT COUNT(*) AS n FROM members").first(decodingColumn: "n", as: Int.self) ?? 0
        let branches = try await db.raw(
            """
            SELECT id, parent_id, path FROM organizations WHERE kind = 'branch' AND sector IN ('village', 'community') AND dissolved = \(bind: false)
            AND id <> \(bind: keep) ORDER BY id
            """
        ).all().map { (id: try $0.int64("id"), parent: try $0.int64("parent_id"), path: TreePath(try $0.string("path"))!) }
        let organs = try await db.raw("SELECT id FROM organizations WHERE kind = 'branch' AND sector = 'organ' ORDER BY id").all(
            decodingColumn: "id", as: Int64.self)
        guard !branches.isEmpty, !organs.isEmpty else { return }
        let orgTarget = min(branches.count / 3, max(4, Int((Double(orgCount) * 219 / 12_000).rounded())))
        let orgLifted = Int((Double(orgTarget) * 186 / 219).rounded())
        let chosen = (0..<orgTarget).map { branches[$0 * branches.count / orgTarget] }
        var stillOpen = 0
        for (i, b) in chosen.enumerated() {
            let county = b.path.ids.count > 1 ? b.path.ids[1] : b.path.ids[0]
            let lifted = !spread(i, of: orgTarget, picking: orgTarget - orgLifted)
            if !lifted { stillOpen += 1 }
            let designated = day(today, -rng.int(200...300))
            let reasons = [["weak_leadership"], ["disorganized", "difficult_village"], ["weak_economy"], ["difficult_village", "poor_service"]][i % 4]
            let id = try await db.insert(into: "backward_designations")
                .columns(
                    "kind", "organization_id", "designated_by", "year", "reasons", "note", "state", "designated_on", "lifted_on", "acceptance", "created_by",
                    "at"
                )
                .values(
                    SQLBind("organization"), SQLBind(b.id), SQLBind(county), SQLBind(Int(designated.prefix(4))!), SQLBind(reasons.joined(separator: ",")),
                    SQLBind("经县委组织部调研，列为后进党组织，限期整顿转化"), SQLBind(lifted ? "lifted" : "designated"), SQLBind(designated),
                    SQLBind(lifted ? day(today, -rng.int(5...25)) : nil), SQLBind(lifted ? "整改事项全部销号，班子团结有力，群众满意，验收合格" : nil),
                    SQLBind("demo"), SQLBind(now)
                ).returning("id").first(decodingColumn: "id", as: Int64.self)!
            // 抓书记: the county reviews the branch's secretary — held accountable while the branch is still backward.
            try await db.insert(into: "secretary_reviews").columns("organization_id", "year", "kind", "rating", "text", "measure", "recorded_by", "at")
                .values(
                    SQLBind(b.id), SQLBind(today.year), SQLBind(lifted ? "performance" : "accountability"), SQLBind(lifted ? "fair" : nil),
                    SQLBind(lifted ? "整顿转化期间履职尽责，班子面貌明显改善" : "班子软弱涣散，整改进度滞后"), SQLBind(lifted ? "" : "约谈提醒，限期整改"), SQLBind("demo"),
                    SQLBind(now)
                ).run()
            let pairing = try await db.insert(into: "pairings")
                .columns("kind", "designation_id", "organization_id", "paired_by", "state", "started_on", "created_by", "at")
                .values(
                    SQLBind("joint"), SQLBind(id), SQLBind(b.id), SQLBind(county), SQLBind("active"), SQLBind(designated), SQLBind("demo"), SQLBind(now)
                ).returning("id").first(decodingColumn: "id", as: Int64.self)!
            try await db.insert(into: "pairing_helpers").columns("pairing_id", "organization_id", "added_on")
                .values(SQLBind(pairing), SQLBind(b.parent), SQLBind(designated))
                .values(SQLBind(pairing), SQLBind(organs[(i * 7) % organs.count]), SQLBind(designated)).run()
            try await db.insert(into: "help_records").columns("pairing_id", "kind", "held_on", "content", "amount", "recorded_by", "at")
                .values(
                    SQLBind(pairing), SQLBind("visit"), SQLBind(day(today, -rng.int(100...190))), SQLBind("结对单位走访调研，帮助理清发展思路"), SQLBind(Int?.none),
                    SQLBind("demo"), SQLBind(now)
                )
                .values(
                    SQLBind(pairing), SQLBind("funds"), SQLBind(day(today, -rng.int(40...99))), SQLBind("帮扶资金用于村级活动场所修缮"), SQLBind(rng.int(2...10) * 10_000),
                    SQLBind("demo"), SQLBind(now)
                )
                .run()
            for k in 0..<3 {
                let p = problems[(i + k) % problems.count]
                // Lifted: all checked off. Being rectified: one checked off, one awaiting check-off, one open (every third overdue).
                let state = lifted || k == 0 ? "checked_off" : (k == 1 ? "reported" : "open")
                let overdue = !lifted && k == 2 && stillOpen % 3 == 1
                let deadline = overdue ? day(today, -rng.int(5...40)) : (state == "checked_off" ? day(today, -rng.int(30...60)) : day(today, rng.int(20...90)))
                try await item(
                    db, designation: id, organization: b.id, member: nil, confirmer: county, problem: p.0, measure: p.1, responsible: p.2, deadline: deadline,
                    state: state, overdue: overdue, opened: designated, today: today, now: now, rng: &rng)
            }
        }
        // 后进党员: designated by their branch, each helped by an excellent member of the same branch.
        let memberTarget = max(6, Int((Double(memberCount) * 540 / 114_000).rounded()))
        let progressed = Int((Double(memberTarget) * 400 / 540).rounded())
        let candidates = try await db.raw(
            """
            SELECT m.id, m.organization_id FROM members m JOIN organizations o ON o.id = m.organization_id
            WHERE o.kind = 'branch' AND o.id <> \(bind: keep) AND m.secretary = \(bind: false) AND m.leading_cadre = \(bind: false) AND m.status = 'full'
            AND m.id % 97 = 13 ORDER BY m.id
            """
        ).all().map { (id: try $0.int64("id"), org: try $0.int64("organization_id")) }
        var done = 0
        for c in candidates where done < memberTarget {
            guard
                let helper = try await db.raw(
                    "SELECT id FROM members WHERE organization_id = \(bind: c.org) AND id <> \(bind: c.id) AND status = 'full' AND id % 97 <> 13 ORDER BY id LIMIT 1"
                ).first(decodingColumn: "id", as: Int64.self)
            else { continue }
            let lifted = !spread(done, of: memberTarget, picking: memberTarget - progressed)
            let designated = day(today, -rng.int(150...280))
            let id = try await db.insert(into: "backward_designations")
                .columns(
                    "kind", "organization_id", "member_id", "designated_by", "year", "reasons", "note", "state", "designated_on", "lifted_on", "acceptance",
                    "created_by", "at"
                )
                .values(
                    SQLBind("member"), SQLBind(c.org), SQLBind(c.id), SQLBind(c.org), SQLBind(Int(designated.prefix(4))!),
                    SQLBind(["weak_role", "lax_discipline", "weak_ideals", "poor_conduct"][done % 4]), SQLBind("支部委员会研究，列为后进党员，明确帮扶人"),
                    SQLBind(lifted ? "lifted" : "designated"), SQLBind(designated), SQLBind(lifted ? day(today, -rng.int(3...30)) : nil),
                    SQLBind(lifted ? "按时参加组织生活，承诺事项已兑现，取得明显进步" : nil), SQLBind("demo"), SQLBind(now)
                ).returning("id").first(decodingColumn: "id", as: Int64.self)!
            let pairing = try await db.insert(into: "pairings")
                .columns("kind", "designation_id", "organization_id", "member_id", "paired_by", "state", "started_on", "created_by", "at")
                .values(
                    SQLBind("helping"), SQLBind(id), SQLBind(c.org), SQLBind(c.id), SQLBind(c.org), SQLBind("active"), SQLBind(designated), SQLBind("demo"),
                    SQLBind(now)
                ).returning("id").first(decodingColumn: "id", as: Int64.self)!
            try await db.insert(into: "pairing_helpers").columns("pairing_id", "member_id", "added_on")
                .values(SQLBind(pairing), SQLBind(helper), SQLBind(designated)).run()
            let p = memberProblems[done % memberProblems.count]
            let state = lifted ? "checked_off" : (done % 2 == 0 ? "open" : "reported")
            try await item(
                db, designation: id, organization: c.org, member: c.id, confirmer: c.org, problem: p.0, measure: p.1, responsible: "本人及帮扶党员",
                deadline: lifted ? day(today, -rng.int(20...50)) : day(today, rng.int(15...60)), state: state, overdue: false, opened: designated,
                today: today, now: now, rng: &rng)
            done += 1
        }
    }

    /// Whether the `i`th of `n` is one of `k` picked evenly among them (so the open ones are spread over the counties).
    static func spread(_ i: Int, of n: Int, picking k: Int) -> Bool { (i + 1) * k / n != i * k / n }

    /// One ledger item and its history: a request and a check-off, or just a request.
    static func item(
        _ db: any SQLDatabase, designation: Int64, organization: Int64, member: Int64?, confirmer: Int64, problem: String, measure: String,
        responsible: String, deadline: String, state: String, overdue: Bool, opened: String, today: CalendarDay, now: Int64, rng: inout SeededRandom
    ) async throws {
        let checkedOff = state == "checked_off" ? day(today, -rng.int(1...30)) : nil
        let id = try await db.insert(into: "rectification_items")
            .columns(
                "source", "source_id", "organization_id", "member_id", "confirmer_id", "problem", "measure", "responsible", "deadline", "state", "overdue",
                "opened_on", "checked_off_on", "created_by", "at"
            )
            .values(
                SQLBind("backward"), SQLBind(designation), SQLBind(organization), SQLBind(member), SQLBind(confirmer), SQLBind(problem), SQLBind(measure),
                SQLBind(responsible), SQLBind(deadline), SQLBind(state), SQLBind(overdue), SQLBind(opened), SQLBind(checkedOff), SQLBind("demo"), SQLBind(now)
            ).returning("id").first(decodingColumn: "id", as: Int64.self)!
        guard state != "open" else { return }
        let asked = checkedOff.map { d in CalendarDay(parsing: d).map { day($0, -3) } ?? d } ?? day(today, -rng.int(1...10))
        var entries = db.insert(into: "rectification_entries").columns("item_id", "action", "text", "actor", "on_day", "at")
            .values(SQLBind(id), SQLBind("request"), SQLBind("已按整改措施完成，佐证材料已归档"), SQLBind("demo"), SQLBind(asked), SQLBind(now))
        if let checkedOff {
            entries = entries.values(SQLBind(id), SQLBind("check_off"), SQLBind(""), SQLBind("demo-check"), SQLBind(checkedOff), SQLBind(now))
        }
        try await entries.run()
    }
}

/// 演示联系点与调研, calibrated to Lu'an [001] ("联系点3000多个"): every leading cadre keeps contact points
/// until there are about 3,000 for 12,000 organizations, and each point was visited once in each past
/// quarter of the year (a few missed) and, in two of three cases, already this quarter; one visit in
/// thirty found a problem that became a rectification item for the point's superior to check off.
enum DemoContactVisits {
    static let examined = ["村级活动场所和便民服务", "党员公开承诺践诺情况", "集体经济发展项目", "“三会一课”和主题党日", "信访矛盾化解"]
    static let guidance = ["把承诺事项细化到月，按期兑现", "规范党务公开栏，及时更新", "因地制宜发展特色种植", "建立矛盾排查台账", "发挥党员中心户作用"]

    static func write(_ db: any SQLDatabase, today: CalendarDay, now: Int64) async throws {
        var rng = SeededRandom(seed: 3000)
        let orgCount = try await db.raw("SELECT COUNT(*) AS n FROM organizations").first(decodingColumn: "n", as: Int.self) ?? 0
        let target = Int((Double(orgCount) * 3000 / 12_000).rounded())
        let allLeaders = try await db.raw("SELECT id FROM members WHERE leading_cadre = \(bind: true) ORDER BY id").all(decodingColumn: "id", as: Int64.self)
        let branches = try await db.raw(
            "SELECT id FROM organizations WHERE kind = 'branch' AND dissolved = \(bind: false) ORDER BY id"
        ).all(decodingColumn: "id", as: Int64.self)
        guard !allLeaders.isEmpty, !branches.isEmpty else { return }
        var existing = Set(
            try await db.raw("SELECT member_id, organization_id FROM leader_contacts").all().map {
                "\(try $0.int64("member_id"))-\(try $0.int64("organization_id"))"
            })
        let have = try await db.raw("SELECT COUNT(*) AS n FROM leader_contacts WHERE kind = 'contact_point'").first(decodingColumn: "n", as: Int.self) ?? 0
        // Leaders who keep points already (the `cadre` account's among them) keep just those.
        let keeping = Set(try await db.raw("SELECT DISTINCT member_id FROM leader_contacts").all(decodingColumn: "member_id", as: Int64.self))
        let leaders = allLeaders.filter { !keeping.contains($0) }
        let perLeader = max(1, min(4, (target - have + leaders.count - 1) / max(1, leaders.count)))
        var links: [(Int64, Int64)] = []
        for (i, leader) in leaders.enumerated() where have + links.count < target {
            for k in 0..<perLeader where have + links.count < target {
                let org = branches[(i * 131 + k * 977 + 7) % branches.count]
                if existing.insert("\(leader)-\(org)").inserted { links.append((leader, org)) }
            }
        }
        for chunk in links.chunked(500) {
            var insert = db.insert(into: "leader_contacts").columns("member_id", "organization_id", "kind", "created_by", "created_at")
            for l in chunk { insert = insert.values(SQLBind(l.0), SQLBind(l.1), SQLBind(CommentRelation.contactPoint.rawValue), SQLBind("demo"), SQLBind(now)) }
            try await insert.run()
        }
        // Visits of every contact point, quarter by quarter up to today.
        let points = try await db.raw(
            "SELECT lc.member_id, lc.organization_id, o.parent_id FROM leader_contacts lc JOIN organizations o ON o.id = lc.organization_id WHERE lc.kind = 'contact_point' ORDER BY lc.id"
        ).all().map { (leader: try $0.int64("member_id"), org: try $0.int64("organization_id"), parent: try $0.optionalInt64("parent_id")) }
        let current = Quarter.containing(today)
        var rows: [[any SQLExpression]] = []
        var problems: [(org: Int64, parent: Int64, on: CalendarDay)] = []
        for (i, p) in points.enumerated() {
            for q in 1...current.quarter {
                let quarter = Quarter(year: today.year, quarter: q)!
                let visited = q == current.quarter ? rng.chance(0.67) : rng.chance(0.95)
                guard visited else { continue }
                let last = min(quarter.lastDay, today)
                let on = CalendarDay.fromDaysSince1970(rng.int(quarter.firstDay.daysSince1970...last.daysSince1970))
                let found = (i + q) % 30 == 0
                rows.append([
                    SQLBind(p.leader), SQLBind(p.org), SQLBind(on.description), SQLBind("乡镇党委书记、驻村工作队"), SQLBind(examined[(i + q) % examined.count]),
                    SQLBind(found ? "村级活动场所年久失修" : ""), SQLBind(guidance[(i * 3 + q) % guidance.count]), SQLBind(found ? "" : "现场协调解决群众反映的问题"),
                    SQLBind("demo"), SQLBind(now),
                ])
                if found, let parent = p.parent { problems.append((p.org, parent, on)) }
            }
        }
        for chunk in rows.chunked(500) {
            var insert = db.insert(into: "contact_visits").columns(
                "member_id", "organization_id", "visited_on", "participants", "examined", "problems", "guidance", "solved", "recorded_by", "at")
            for r in chunk { insert = insert.values(r) }
            try await insert.run()
        }
        for (k, p) in problems.enumerated() {
            let visit =
                try await db.raw(
                    "SELECT id FROM contact_visits WHERE organization_id = \(bind: p.org) AND visited_on = \(bind: p.on.description) ORDER BY id LIMIT 1"
                ).first(decodingColumn: "id", as: Int64.self) ?? 0
            let done = k % 3 != 2
            let deadline = CalendarDay.fromDaysSince1970(p.on.daysSince1970 + 60)
            try await db.insert(into: "rectification_items")
                .columns(
                    "source", "source_id", "organization_id", "confirmer_id", "problem", "measure", "responsible", "deadline", "state", "overdue",
                    "opened_on", "checked_off_on", "created_by", "at"
                )
                .values(
                    SQLBind("visit"), SQLBind(visit), SQLBind(p.org), SQLBind(p.parent), SQLBind("村级活动场所年久失修"), SQLBind("争取资金修缮活动场所"),
                    SQLBind("村党支部书记"), SQLBind(deadline.description), SQLBind(done ? "checked_off" : "open"), SQLBind(!done && deadline < today),
                    SQLBind(p.on.description), SQLBind(done ? min(today, CalendarDay.fromDaysSince1970(p.on.daysSince1970 + 40)).description : nil),
                    SQLBind("demo"), SQLBind(now)
                ).run()
        }
    }
}

/// 演示巡回检查, as in Lu'an [001] ("12名领导同志，4个巡回检查组，每季度…一次"): four groups of three
/// accounts (the `inspector` account leads the first) tour the counties and city units, each a quarter's
/// share in turn; past quarters are inspected with their findings mostly rectified (some overdue); this
/// quarter a third of the units are inspected, the rest still to do.
enum DemoInspections {
    static let findings = ["承诺事项公开规范，践诺台账较完整", "个别支部群众评议开展不及时", "组织生活记录不够规范", "整改措施落实到位，群众反映较好"]
    static let problems = [("部分支部践诺记录不全", "补齐践诺台账，逐项对照销号"), ("群众评议未按期开展", "本季度内组织开展群众评议"), ("“三会一课”记录不规范", "统一记录格式，书记逐月审签")]

    static func write(_ db: any SQLDatabase, passwordHash: String, today: CalendarDay, now: Int64) async throws {
        var rng = SeededRandom(seed: 412)
        guard
            let city = try await db.raw("SELECT id FROM organizations WHERE parent_id IS NULL ORDER BY id LIMIT 1").first(decodingColumn: "id", as: Int64.self),
            let lead = try await AccountRepository.user(db, username: "inspector")
        else { return }
        let units = try await db.raw("SELECT id FROM organizations WHERE parent_id = \(bind: city) AND dissolved = \(bind: false) ORDER BY id").all(
            decodingColumn: "id", as: Int64.self)
        var groups: [Int64] = []
        for g in 0..<4 {
            let group = try await InspectionRepository.insertGroup(db, organizationID: city, name: "第\(["一", "二", "三", "四"][g])巡回检查组", by: "demo", now: now)
            for k in 0..<3 {
                let user: Int64
                if g == 0 && k == 0 {
                    user = lead.id
                } else {
                    let n = g * 3 + k + 1
                    user = try await AccountRepository.insertUser(
                        db, username: "inspector\(n)", displayName: "巡回检查组成员\(n)", passwordHash: passwordHash, memberID: nil, now: now)
                    try await AccountRepository.grant(db, userID: user, role: .inspector, organizationID: city)
                }
                try await InspectionRepository.addMember(db, group: group, userID: user)
            }
            groups.append(group)
        }
        let checks = try await InspectionRepository.checks(db)
        let current = Quarter.containing(today)
        for q in 1...current.quarter {
            let quarter = Quarter(year: today.year, quarter: q)!
            for (i, unit) in units.enumerated() {
                let group = groups[(i + q) % groups.count]
                _ = try await InspectionRepository.insertPlan(db, group: group, quarter: quarter, organizationID: unit)
                guard q < current.quarter || i % 3 == 0,
                    let plan = try await InspectionRepository.plans(db, groupIDs: [group], quarter: quarter).first(where: { $0.organizationID == unit })
                else { continue }
                let day = CalendarDay.fromDaysSince1970(rng.int(quarter.firstDay.daysSince1970...min(quarter.lastDay, today).daysSince1970))
                var results = Dictionary(uniqueKeysWithValues: checks.map { ($0.code, InspectionResult.pass) })
                if i % 3 == 1 { results[checks[(i + q) % checks.count].code] = .partly }
                let score = rng.int(78...97)
                guard
                    let inspection = try await InspectionRepository.insertInspection(
                        db, plan: plan.id, inspectedOn: day, results: results, findings: findings[(i + q) % findings.count], score: score, by: "inspector",
                        now: now)
                else { continue }
                guard score < 92 else { continue }
                let p = problems[(i + q) % problems.count]
                let deadline = CalendarDay.fromDaysSince1970(day.daysSince1970 + 45)
                let done = q < current.quarter && (i + q) % 4 != 0
                try await db.insert(into: "rectification_items")
                    .columns(
                        "source", "source_id", "organization_id", "confirmer_id", "problem", "measure", "responsible", "deadline", "state", "overdue",
                        "opened_on", "checked_off_on", "created_by", "at"
                    )
                    .values(
                        SQLBind("inspection"), SQLBind(inspection), SQLBind(unit), SQLBind(city), SQLBind(p.0), SQLBind(p.1), SQLBind("组织部门负责人"),
                        SQLBind(deadline.description), SQLBind(done ? "checked_off" : "open"), SQLBind(!done && deadline < today), SQLBind(day.description),
                        SQLBind(done ? min(today, CalendarDay.fromDaysSince1970(day.daysSince1970 + 30)).description : nil), SQLBind("demo"), SQLBind(now)
                    ).run()
            }
        }
    }
}
