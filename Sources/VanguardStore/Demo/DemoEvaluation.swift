import SQLKit
import VanguardCore

/// 演示评价: leaders' contact points, each with a closed round of mass evaluation whose satisfaction
/// is at least 90% as in Lu'an [001]; an open round on the `secretary`'s branch to try; leader comments
/// for most duties of the half year (some left due); and the 三级联创 scores of the county's towns. The
/// rounds go through the real services — hashed codes, batched ballots, results frozen at close.
enum DemoEvaluation {
    static let ballotsPerRound = 30

    static func write(_ vanguard: Vanguard) async throws {
        let today = vanguard.time.today()
        let period = HalfYear.containing(today)
        let now = vanguard.time.nowMillis()
        let system = Caller.system("demo")
        let (contacts, secretaryBranch) = try await vanguard.backend.write { db in
            let contacts = try await writeContacts(db, now: now)
            try await DemoContactVisits.write(db, today: today, now: now)
            try await DemoPoints.write(db, today: today, now: now)
            try await writeComments(db, period: period, now: now)
            let branch = try await db.raw(
                "SELECT g.organization_id FROM role_grants g JOIN users u ON u.id = g.user_id WHERE u.username = 'secretary' AND g.role = 'branch_secretary'"
            ).first(decodingColumn: "organization_id", as: Int64.self)
            return (contacts, branch)
        }
        // 联系点的群众评议, closed: at least 27 of 30 voters satisfied or basically satisfied with the organization.
        for (i, orgID) in contacts.enumerated() {
            let round = try await vanguard.massEvaluation.open(organizationID: orgID, title: "\(today.year)年联系点群众评议", as: system)
            let codes = try await vanguard.massEvaluation.issueCodes(roundID: round.id, count: ballotsPerRound, as: system)
            let organization = round.targets[0].id
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (n, code) in codes.enumerated() {
                    var answers: [Int64: EvaluationAnswer] = [organization: n < (i % 4) ? .dissatisfied : n % 5 == 0 ? .basicallySatisfied : .satisfied]
                    for (k, t) in round.targets.dropFirst().enumerated() {
                        answers[t.id] = (n + k) % 11 == 0 ? .basicallySatisfied : (n + k) % 29 == 0 ? .dissatisfied : .satisfied
                    }
                    let remarks: [Int64: String] = n % 10 == 3 ? [organization: remarkTexts[(n + i) % remarkTexts.count]] : [:]
                    group.addTask { try await vanguard.massEvaluation.cast(code: code, answers: answers, remarks: remarks) }
                }
                try await group.waitForAll()
            }
            _ = try await vanguard.massEvaluation.close(roundID: round.id, as: system)
        }
        // The secretary's branch: an open round with its codes still to be issued.
        if let branch = secretaryBranch {
            _ = try await vanguard.massEvaluation.open(organizationID: branch, title: "\(today.year)年冬训群众评议", as: system)
        }
        try await writeScores(vanguard, year: today.year, as: system)
        // 评选表彰 and 基石工程: facts after the determinations and scores they read as evidence.
        try await vanguard.backend.write { db in try await DemoCommendations.write(db, today: today, now: now) }
        // 通知公告 and their receipts.
        try await vanguard.backend.write { db in try await DemoAnnouncements.write(db, today: today, now: now) }
        // 进展情况报告: the last half-year's collected, this half-year's coming in.
        try await vanguard.backend.write { db in try await DemoWorkReports.write(db, today: today, now: now) }
        // 典型: the city's stories of its commended, on the public campaign page.
        try await vanguard.backend.write { db in try await DemoExemplars.write(db, now: now) }
        // 积分: every member's automatic events (on-time fulfilment, grades, satisfaction) and counters, from the facts written in bulk.
        try await vanguard.backend.write { db in try await WritePath.rebuild(db, now: now) }
    }

    static let remarkTexts = ["村务公开及时，办事方便", "希望多组织技能培训", "党员带头作用明显", "道路维修要加快", "服务热情周到"]

    /// 联系点: the `cadre` account becomes a leading cadre member of the first county with three
    /// contact points and a supervised town; forty more leading cadres keep two contact points each.
    static func writeContacts(_ db: any SQLDatabase, now: Int64) async throws -> [Int64] {
        let cadres = try await db.raw(
            "SELECT m.id FROM members m JOIN organizations o ON o.id = m.organization_id WHERE m.leading_cadre = \(bind: true) AND o.sector = 'organ' ORDER BY m.id LIMIT 41"
        ).all(decodingColumn: "id", as: Int64.self)
        let branches = try await db.raw(
            "SELECT id FROM organizations WHERE kind = 'branch' AND sector IN ('village', 'community') AND dissolved = \(bind: false) ORDER BY id"
        ).all(decodingColumn: "id", as: Int64.self)
        guard let first = cadres.first, branches.count >= 3 else { return [] }
        try await db.raw("UPDATE users SET member_id = \(bind: first) WHERE username = 'cadre'").run()
        var links: [(Int64, Int64, CommentRelation)] = (0..<3).map { (first, branches[$0 * 7 % branches.count], .contactPoint) }
        if let town = try await db.raw("SELECT id FROM organizations WHERE kind = 'grassroots_committee' AND sector = 'township' ORDER BY id LIMIT 1").first(
            decodingColumn: "id", as: Int64.self)
        {
            links.append((first, town, .supervisedUnit))
        }
        for (i, cadre) in cadres.dropFirst().enumerated() {
            for k in 0..<2 { links.append((cadre, branches[(i * 53 + k * 17 + 101) % branches.count], .contactPoint)) }
        }
        var seen = Set<String>()
        links = links.filter { seen.insert("\($0.0)-\($0.1)").inserted }
        var insert = db.insert(into: "leader_contacts").columns("member_id", "organization_id", "kind", "created_by", "created_at")
        for l in links { insert = insert.values(SQLBind(l.0), SQLBind(l.1), SQLBind(l.2.rawValue), SQLBind("demo"), SQLBind(now)) }
        try await insert.run()
        var contactPoints: [Int64] = []
        for l in links where l.2 == .contactPoint && !contactPoints.contains(l.1) { contactPoints.append(l.1) }
        return contactPoints
    }

    /// 领导点评 of the half year: two in three organizations by their superior's leadership, three in four
    /// members by their secretary (not in the `secretary`'s own branch, left for the visitor), and the
    /// leaders on every other contact point.
    static func writeComments(_ db: any SQLDatabase, period: HalfYear, now: Int64) async throws {
        let p = period.description
        let grade: SQLQueryString = "CASE WHEN x.id % 10 < 3 THEN 'excellent' WHEN x.id % 10 < 9 THEN 'qualified' ELSE 'basically_qualified' END"
        try await db.raw(
            """
            INSERT INTO leader_comments (duty_key, period, relation, organization_id, member_id, commenter_member_id, commenter, commenter_name, achievements, problems, direction, grade, at)
            SELECT \(bind: p + "|leadership|o") || CAST(x.id AS TEXT), \(bind: p), 'leadership', x.id, NULL, NULL, 'demo', sup.name || '班子',
              '承诺事项推进有力，群众反映较好', '个别事项进度偏慢，台账不够规范', '对照承诺逐项推进，年底前全部兑现',
            """ + " " + grade
                + """
                , \(bind: now) FROM organizations x JOIN organizations sup ON sup.id = x.parent_id WHERE x.dissolved = \(bind: false) AND x.id % 3 <> 0
                """
        ).run()
        try await db.raw(
            """
            INSERT INTO leader_comments (duty_key, period, relation, organization_id, member_id, commenter_member_id, commenter, commenter_name, achievements, problems, direction, grade, at)
            SELECT \(bind: p + "|branch_secretary|m") || CAST(x.id AS TEXT), \(bind: p), 'branch_secretary', x.organization_id, x.id, NULL, 'demo', '支部书记',
              '能够履行承诺，积极参加组织生活', '政治理论学习还需加强', '带头学习，发挥先锋模范作用',
            """ + " " + grade
                + """
                , \(bind: now) FROM members x JOIN organizations o ON o.id = x.organization_id
                WHERE o.kind = 'branch' AND x.secretary = \(bind: false) AND x.id % 4 <> 0
                  AND o.id NOT IN (SELECT g.organization_id FROM role_grants g JOIN users u ON u.id = g.user_id WHERE u.username = 'secretary')
                """
        ).run()
        try await db.raw(
            """
            INSERT INTO leader_comments (duty_key, period, relation, organization_id, member_id, commenter_member_id, commenter, commenter_name, achievements, problems, direction, grade, at)
            SELECT \(bind: p + "|contact_point|o") || CAST(lc.organization_id AS TEXT) || '|' || CAST(lc.member_id AS TEXT), \(bind: p), 'contact_point',
              lc.organization_id, NULL, lc.member_id, 'demo', m.name, '联系点各项工作扎实，群众满意度高', '集体经济增收渠道还不宽', '因地制宜发展特色产业', 'excellent', \(bind: now)
            FROM leader_contacts lc JOIN members m ON m.id = lc.member_id WHERE lc.kind = 'contact_point' AND lc.id % 2 = 0
            """
        ).run()
    }

    /// 三级联创 scores of the first county's towns: their self-check and the county's assessment.
    static func writeScores(_ vanguard: Vanguard, year: Int, as system: Caller) async throws {
        guard let template = try await vanguard.scoring.templates().first else { return }
        let towns = try await vanguard.backend.read { db in
            try await db.raw(
                """
                SELECT t.id FROM organizations t WHERE t.kind = 'grassroots_committee' AND t.parent_id =
                  (SELECT c.id FROM organizations c WHERE c.depth = 1 ORDER BY c.id LIMIT 1) AND t.dissolved = \(bind: false) ORDER BY t.id
                """
            ).all(decodingColumn: "id", as: Int64.self)
        }
        for (i, town) in towns.enumerated() {
            for (stage, fraction) in [(ScoringStage.selfCheck, 0.98 - Double(i % 5) * 0.02), (.assessment, 0.95 - Double(i % 7) * 0.03)] {
                let scores = Dictionary(uniqueKeysWithValues: template.criteria.leaves.map { ($0.code, ($0.maximum * fraction * 2).rounded() / 2) })
                _ = try await vanguard.scoring.score(
                    templateID: template.id, organizationID: town, year: year, stage: stage, scores: scores, comment: nil, as: system)
            }
        }
    }
}
