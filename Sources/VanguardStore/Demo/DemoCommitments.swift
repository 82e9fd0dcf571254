import SQLKit
import VanguardCore

/// 演示承诺: the demo year's commitments calibrated to Lu'an [DOMAIN §2 Scale]: every organization
/// below the city commits 2–3 items (≈33,000, ≈93% fulfilled); members commit 4–5 items each
/// (≈526,000, ≈93% fulfilled), in every state, with history, progress text, exemptions, branch meetings
/// and supervision checks. Written with INSERT … SELECT so the database does the bulk work on both
/// engines; each row's state and texts follow from its id, so the city is the same every time.
enum DemoCommitments {
    /// Member commitments by `id * 7919 % 1000` and organization ones by `id * 104729 % 1000`.
    static let memberStates: [(below: Int, state: CommitmentState)] = [
        (900, .fulfilled), (935, .inProgress), (950, .overdue), (960, .published), (970, .approved), (980, .submitted), (987, .returned),
        (995, .draft), (1000, .withdrawn),
    ]
    static let organizationStates: [(below: Int, state: CommitmentState)] = [
        (920, .fulfilled), (950, .inProgress), (960, .overdue), (970, .published), (978, .approved), (988, .submitted), (992, .returned),
        (997, .draft), (1000, .withdrawn),
    ]

    static let memberTexts: [(String, String, String)] = [
        ("帮扶两户困难群众发展庭院经济", "本人牵头，联系村委会", "两户年增收三千元以上"),
        ("每月参加一次社区志愿服务", "本人", "全年志愿服务不少于12次"),
        ("带头学习新技术并传授给身边群众", "本人", "带动5户群众掌握新技术"),
        ("调解邻里矛盾纠纷", "本人配合调解委员会", "所联系片区矛盾不上交"),
        ("岗位上提出一项合理化建议并推动落实", "本人", "建议被采纳并见到实效"),
        ("结对帮扶一名留守儿童", "本人", "每月走访一次，学习成绩稳步提高"),
        ("带头节能降耗", "本人所在岗位", "岗位能耗下降5%"),
        ("宣传党的政策，每季度入户宣讲", "本人", "联系户政策知晓率达到100%"),
        ("提高服务质量，做到零投诉", "本人", "服务对象满意率95%以上"),
        ("参与环境整治，清理卫生死角", "本人", "责任区环境整洁"),
    ]
    static let organizationTexts: [(String, String, String)] = [
        ("建成党员活动阵地并规范使用", "支部书记负责", "阵地达到“三有一化”标准"),
        ("发展壮大集体经济", "班子成员分工负责", "集体经济收入增长10%"),
        ("为群众办好十件实事", "班子集体负责", "十件实事全部兑现并公示"),
        ("建立党员联系服务群众制度", "支部委员", "每名党员联系5户以上群众"),
        ("开展“党员先锋岗”创建活动", "支部书记", "创建先锋岗不少于3个"),
        ("规范“三会一课”", "组织委员", "全年按时召开，记录完整"),
        ("推行服务承诺制和限时办结制", "单位负责人", "群众办事一次办好"),
    ]

    static func write(_ db: any SQLDatabase, year: Int, now: Int64) async throws {
        try await db.create(table: "demo_texts").column("n", type: .int).column("audience", type: .text).column("content", type: .text)
            .column("responsibility", type: .text).column("result", type: .text).run()
        for (audience, texts) in [("member", memberTexts), ("organization", organizationTexts)] {
            var insert = db.insert(into: "demo_texts").columns("n", "audience", "content", "responsibility", "result")
            for (i, t) in texts.enumerated() { insert = insert.values(SQLBind(i), SQLBind(audience), SQLBind(t.0), SQLBind(t.1), SQLBind(t.2)) }
            try await insert.run()
        }
        try await db.create(table: "demo_positions").column("n", type: .int).run()
        try await db.insert(into: "demo_positions").columns("n").values(SQLBind(1)).values(SQLBind(2)).values(SQLBind(3)).values(SQLBind(4)).values(
            SQLBind(5)
        ).run()

        // 免于承诺: one in ten retired or elderly members, with the branch's consent.
        try await db.raw(
            """
            INSERT INTO commitment_exemptions (member_id, year, reason, consent, recorded_by, at)
            SELECT id, \(bind: year), CASE WHEN retired THEN 'retired' ELSE 'elderly' END, \(bind: "\(year)年3月支部党员大会同意"), 'demo', \(bind: now)
            FROM members WHERE (retired OR elderly) AND NOT leading_cadre AND NOT secretary AND id % 10 = 0
            """
        ).run()

        // Members: all but the exempted, the demo accounts' own (left for the walkthrough) and ~1.5% not committed yet.
        try await db.raw(
            """
            INSERT INTO commitments (year, round, kind, subject_type, organization_id, member_id, reviewer_organization_id, state, higher_standard,
              return_reason, author, version, created_at, updated_at, published_at)
            SELECT \(bind: year), 1, 'annual', 'member', p.place, p.id, p.place, \(stateCase("p.id * 7919 % 1000", memberStates)),
              p.leading_cadre OR p.secretary, NULL, 'demo', 1, \(bind: now), \(bind: now), NULL
            FROM (SELECT m.*, CASE WHEN m.floating AND m.inflow_organization_id IS NOT NULL THEN m.inflow_organization_id ELSE m.organization_id END AS place
                  FROM members m) p
            WHERE p.id % 1000 NOT IN (3, 17, 29, 41, 53, 67, 79, 97, 101, 113, 127, 139, 151, 163, 179)
              AND NOT EXISTS (SELECT 1 FROM commitment_exemptions e WHERE e.member_id = p.id)
              AND NOT EXISTS (SELECT 1 FROM users u WHERE u.member_id = p.id)
            """
        ).run()
        // Organizations below the city, except the demo secretary's branch (left for the walkthrough).
        try await db.raw(
            """
            INSERT INTO commitments (year, round, kind, subject_type, organization_id, member_id, reviewer_organization_id, state, higher_standard,
              return_reason, author, version, created_at, updated_at, published_at)
            SELECT \(bind: year), 1, 'annual', 'organization', o.id, NULL, o.parent_id, \(stateCase("o.id * 104729 % 1000", organizationStates)),
              FALSE, NULL, 'demo', 1, \(bind: now), \(bind: now), NULL
            FROM organizations o WHERE o.parent_id IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM role_grants g WHERE g.organization_id = o.id AND g.role = 'branch_secretary')
            """
        ).run()
        try await db.raw(
            """
            UPDATE commitments SET return_reason = '预期结果不够具体，请量化后再提交' WHERE state = 'returned'
            """
        ).run()
        try await db.raw(
            """
            UPDATE commitments SET published_at = \(bind: now) WHERE state IN ('published', 'in_progress', 'fulfilled', 'overdue')
            """
        ).run()

        let itemCount =
            "CASE WHEN c.member_id IS NULL THEN 2 + CASE WHEN c.id % 5 <> 0 THEN 1 ELSE 0 END ELSE 4 + CASE WHEN c.id % 4 <> 0 THEN 1 ELSE 0 END END"
        let fulfilled = """
            (c.state = 'fulfilled' OR (c.state IN ('in_progress', 'overdue') AND p.n <= CASE WHEN c.member_id IS NULL THEN 1 WHEN c.state = 'overdue' THEN 2 ELSE 3 END))
            """
        try await db.raw(
            """
            INSERT INTO commitment_items (commitment_id, position, content, responsibility, deadline, expected_result, focus_area, fulfilled, fulfilled_on)
            SELECT c.id, p.n, t.content, t.responsibility,
              CASE WHEN c.state = 'overdue' AND NOT \(unsafeRaw: fulfilled) THEN '\(unsafeRaw: String(year))-10-31'
                   WHEN \(unsafeRaw: fulfilled) THEN '\(unsafeRaw: String(year))-' || CASE (c.id + p.n) % 3 WHEN 0 THEN '09-30' WHEN 1 THEN '10-31' ELSE '12-31' END
                   ELSE '\(unsafeRaw: String(year))-12-31' END,
              t.result, NULL, \(unsafeRaw: fulfilled),
              CASE WHEN \(unsafeRaw: fulfilled) THEN '\(unsafeRaw: String(year))-' || CASE (c.id + p.n) % 3 WHEN 0 THEN '06-30' WHEN 1 THEN '08-31' ELSE '10-20' END END
            FROM commitments c JOIN demo_positions p ON p.n <= \(unsafeRaw: itemCount)
            JOIN demo_texts t ON t.audience = c.subject_type
              AND t.n = (c.id * 7 + p.n * 3) % CASE WHEN c.member_id IS NULL THEN \(unsafeRaw: String(organizationTexts.count)) ELSE \(unsafeRaw: String(memberTexts.count)) END
            """
        ).run()

        // History: the steps each commitment took to reach its state.
        let reached: [(String, String?, String, [CommitmentState])] = [
            ("create", nil, "draft", CommitmentState.allCases),
            ("submit", "draft", "submitted", [.submitted, .returned, .approved, .published, .inProgress, .fulfilled, .overdue]),
            ("return", "submitted", "returned", [.returned]),
            ("approve", "submitted", "approved", [.approved, .published, .inProgress, .fulfilled, .overdue]),
            ("publish", "approved", "published", [.published, .inProgress, .fulfilled, .overdue]),
            ("start", "published", "in_progress", [.inProgress, .fulfilled, .overdue]),
            ("mark_overdue", "in_progress", "overdue", [.overdue]),
            ("fulfil", "in_progress", "fulfilled", [.fulfilled]),
            ("withdraw", "draft", "withdrawn", [.withdrawn]),
        ]
        for (step, (action, from, to, states)) in reached.enumerated() {
            let list = SQLList(states.map { SQLBind($0.rawValue) })
            let actor = ["approve", "publish", "return", "mark_overdue"].contains(action) ? "审核组织" : "demo"
            try await db.raw(
                """
                INSERT INTO commitment_events (commitment_id, action, from_state, to_state, actor, note, at)
                SELECT id, \(bind: action), \(bind: from), \(bind: to), \(bind: actor),
                  CASE WHEN \(bind: action) = 'return' THEN return_reason END, \(bind: now - Int64(reached.count - step) * 86_400_000)
                FROM commitments WHERE state IN (\(list))
                """
            ).run()
        }
        // 践诺进展: what was done, as text, for every commitment with a fulfilled item.
        try await db.raw(
            """
            INSERT INTO commitment_progress (commitment_id, item_position, text, fulfils, actor, at)
            SELECT i.commitment_id, i.position, '已按期完成：' || i.expected_result, TRUE, 'demo', \(bind: now)
            FROM commitment_items i WHERE i.fulfilled AND i.position = 1
            """
        ).run()
        // 党支部大会 in every branch, and a supervision check and a look-back by every county.
        try await db.raw(
            """
            INSERT INTO branch_meetings (organization_id, year, held_on, attendees, topic, recorded_by, at)
            SELECT o.id, \(bind: year), '\(unsafeRaw: String(year))-03-15', CASE WHEN c.own_members > 0 THEN c.own_members ELSE 1 END,
              '党员逐人公开承诺，支部大会审议通过', 'demo', \(bind: now)
            FROM organizations o JOIN organization_counters c ON c.organization_id = o.id WHERE o.kind = 'branch'
              AND NOT EXISTS (SELECT 1 FROM role_grants g WHERE g.organization_id = o.id AND g.role = 'branch_secretary')
            """
        ).run()
        for (kind, day, findings) in [
            ("check", "06-20", "抽查各乡镇承诺台账，个别支部进展记录不及时"), ("look_back", "10-25", "回头看：全县承诺兑现率较高，个别承诺内容空泛"),
        ] {
            try await db.raw(
                """
                INSERT INTO supervision_records (organization_id, kind, held_on, findings, urged, recorded_by, at)
                SELECT id, \(bind: kind), '\(unsafeRaw: String(year))-\(unsafeRaw: day)', \(bind: findings), '按月更新践诺进展，及时上传佐证', 'demo', \(bind: now)
                FROM organizations WHERE depth = 1
                """
            ).run()
        }
        try await db.drop(table: "demo_texts").run()
        try await db.drop(table: "demo_positions").run()
    }

    static func stateCase(_ hash: String, _ table: [(below: Int, state: CommitmentState)]) -> SQLQueryString {
        "CASE " + table.map { "WHEN \($0.below > 999 ? "1 = 1" : "\(hash) < \($0.below)") THEN '\($0.state.rawValue)'" }.joined(separator: " ") + " END"
    }
}
