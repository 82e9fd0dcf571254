import Foundation
import SQLKit
import VanguardCore

/// 演示评选表彰, calibrated to Lu'an [001]: at last 七一 the city and each county commended 150
/// collectives and 350 individuals in all (a third at city level), each nominee determined excellent for
/// the year, nominated by its committee, selected, on notice for seven days and commended; the award fund
/// (迎驾集团党委 1.8 M, the city 0.4 M, the counties 0.6 M) paid them 5,000 yuan on average (some a study
/// tour or training), each award proposed by the office and approved by its finance officer; one county
/// title was revoked for fraud and its award reclaimed. A second county has a year-end round on public
/// notice with an objection still being verified. The `secretary`'s branch is left for the visitor.
/// Facts only; the demo's final rebuild makes the counters and points.
enum DemoCommendations {
    static let deeds = [
        "带领群众发展特色产业，村集体经济收入连续三年增长，群众满意率高。", "坚持每月走访困难群众，帮助解决实际问题二十余件。",
        "在防汛抢险中冲锋在前，组织党员突击队连续奋战七昼夜。", "创新“党建+网格”服务模式，社区矛盾纠纷就地化解率明显提高。",
        "扎根基层党务工作十余年，建立规范的组织生活台账。",
    ]

    struct Nominee { let org: Int64; let member: Int64?; let title: String }

    static func write(_ db: any SQLDatabase, today: CalendarDay, now: Int64) async throws {
        let decidedYear = today.month >= 7 ? today.year : today.year - 1
        guard let decided = CalendarDay(year: decidedYear, month: 6, day: 28) else { return }
        let keep =
            try await db.raw(
                "SELECT g.organization_id FROM role_grants g JOIN users u ON u.id = g.user_id WHERE u.username = 'secretary' AND g.role = 'branch_secretary'"
            ).first(decodingColumn: "organization_id", as: Int64.self) ?? 0
        let city = try await db.raw("SELECT id FROM organizations WHERE depth = 0 ORDER BY id LIMIT 1").first(decodingColumn: "id", as: Int64.self) ?? 0
        let counties = try await db.raw("SELECT id FROM organizations WHERE depth = 1 AND kind = 'local_committee' ORDER BY id").all(
            decodingColumn: "id", as: Int64.self)
        guard city > 0, counties.count >= 2 else { return }
        let branches = try await db.raw(
            """
            SELECT o.id, o.path FROM organizations o WHERE o.kind = 'branch' AND o.dissolved = \(bind: false) AND o.id <> \(bind: keep) AND NOT EXISTS
            (SELECT 1 FROM backward_designations d WHERE d.organization_id = o.id AND d.state = 'designated') ORDER BY o.id
            """
        ).all().map { (id: try $0.int64("id"), county: TreePath(try $0.string("path"))?.ids.dropFirst().first ?? 0) }
        var memberOf: [Int64: Int64] = [:]  // a member (the branch's first who is not backward) per branch
        for row in try await db.raw(
            """
            SELECT MIN(m.id) AS id, m.organization_id FROM members m WHERE NOT EXISTS (SELECT 1 FROM backward_designations d WHERE d.member_id = m.id)
            GROUP BY m.organization_id
            """
        ).all() { memberOf[try row.int64("organization_id")] = try row.int64("id") }
        let scale = max(0.02, min(1, Double(branches.count) / 9000))  // the full city has ≈9,000 branches; the small one a few hundred
        let n = { (full: Int) in max(1, Int((Double(full) * scale).rounded())) }
        // Last 七一: the city's round (a third) and each county's (the rest), 150 collectives and 350 individuals at full scale.
        var cursor = 0
        func take(_ count: Int, county: Int64?, title: String, member: Bool) -> [Nominee] {
            var out: [Nominee] = []
            var tried = 0
            while out.count < count, tried < branches.count {
                let b = branches[(cursor * 7919) % branches.count]
                cursor += 1
                tried += 1
                guard county == nil || b.county == county else { continue }
                if member {
                    if let m = memberOf[b.id] { out.append(Nominee(org: b.id, member: m, title: title)) }
                } else {
                    out.append(Nominee(org: b.id, member: nil, title: title))
                }
            }
            return out
        }
        var rounds: [(committee: Int64, level: CommendationLevel, nominees: [Nominee])] = []
        rounds.append(
            (
                city, .city,
                take(n(30), county: nil, title: "advanced_organization", member: false) + take(n(20), county: nil, title: "advanced_unit", member: false)
                    + take(n(70), county: nil, title: "excellent_member", member: true) + take(n(30), county: nil, title: "excellent_worker", member: true)
            ))
        for (c, county) in counties.enumerated() {
            // The counties' part split evenly, the first ones taking what does not divide.
            let share = { (full: Int) in max(1, n(full) / counties.count + (c < n(full) % counties.count ? 1 : 0)) }
            rounds.append(
                (
                    county, .county,
                    take(share(100), county: county, title: "advanced_organization", member: false)
                        + take(share(180), county: county, title: "excellent_member", member: true)
                        + take(share(70), county: county, title: "excellent_worker", member: true)
                ))
        }
        let rules = [
            EligibilityRule(.determination, EvaluationGrade.excellent.score), .init(.notBackward), .init(.noOverdueRectification), .init(.noRevokedTitle, 3),
        ]
        let pointRules = try await PointRepository.settings(db, year: decidedYear - 1).pointRules
        var commended: [(id: Int64, committee: Int64)] = []
        for (r, round) in rounds.enumerated() {
            let notice = CalendarDay.fromDaysSince1970(decided.daysSince1970 - 10)
            let id = try await insertRound(
                db, committee: round.committee, year: decidedYear - 1, level: round.level, name: "\(decidedYear - 1)年度创先争优先进集体和个人评选表彰",
                state: "decided", decideBy: decided, notice: (notice, CalendarDay.fromDaysSince1970(notice.daysSince1970 + 6)), decided: decided,
                number: "\(round.level == .city ? "市委" : "县委")〔\(decidedYear)〕\(20 + r)号", rules: rules, now: now)
            var quotas: [String: Int] = [:]
            for x in round.nominees { quotas[x.title, default: 0] += 1 }
            for (title, q) in quotas { try await insertQuota(db, round: id, title: title, holder: round.committee, quota: q) }
            for (i, x) in round.nominees.enumerated() {
                try await determineExcellent(db, x, year: decidedYear - 1, now: now)
                let facts = try await NominationRepository.facts(
                    db, organizationID: x.org, memberID: x.member, year: decidedYear - 1, today: decided, rules: pointRules)
                let nid = try await insertNomination(
                    db, round: id, x, holder: round.committee, state: "commended", deeds: deeds[(i + r) % deeds.count], facts: facts, commended: decided,
                    now: now)
                commended.append((nid, round.committee))
            }
        }
        try await fund(db, city: city, counties: counties, commended: commended, year: decidedYear, decided: decided, today: today, now: now)
        // One county title obtained by fraud: revoked with the criticism, barred three years, the award reclaimed.
        if let fraud = commended.last(where: { $0.committee == counties[0] }) {
            let on = CalendarDay.fromDaysSince1970(today.daysSince1970 - 40)
            let reason = "经查，事迹材料中带富增收数据弄虚作假，撤销荣誉称号并通报批评"
            try await db.raw(
                """
                UPDATE nominations SET state = 'revoked', revoked_on = \(bind: on.description), reason = \(bind: reason),
                barred_until = \(bind: (CalendarDay(year: on.year + 3, month: on.month, day: min(on.day, 28)) ?? on).description) WHERE id = \(bind: fraud.id)
                """
            ).run()
            _ = try await AwardFundService.reclaim(db, nomination: fraud.id, reason: reason, on: on, by: "demo-office", now: now)
        }
        // A second county's year-end round on notice: three nominees, an objection being verified, one dismissed.
        let county = counties[1]
        let open = take(3, county: county, title: "excellent_worker", member: true)
        let from = CalendarDay.fromDaysSince1970(today.daysSince1970 - 2)
        let round = try await insertRound(
            db, committee: county, year: today.year, level: .county, name: "\(today.year)年度优秀党务工作者评选表彰", state: "notice",
            decideBy: CalendarDay.fromDaysSince1970(today.daysSince1970 + 20), notice: (from, CalendarDay.fromDaysSince1970(from.daysSince1970 + 6)),
            decided: nil, number: nil, rules: [.init(.notBackward), .init(.noOverdueRectification), .init(.noRevokedTitle, 3)], now: now)
        try await insertQuota(db, round: round, title: "excellent_worker", holder: county, quota: 5)
        for (i, x) in open.enumerated() {
            let facts = try await NominationRepository.facts(db, organizationID: x.org, memberID: x.member, year: today.year, today: today, rules: pointRules)
            let nid = try await insertNomination(
                db, round: round, x, holder: county, state: "on_notice", deeds: deeds[4 - i % 2], facts: facts, commended: nil, now: now)
            if i == 0 {
                _ = try await NominationRepository.insertObjection(
                    db, nomination: nid, content: "反映其所在支部组织生活记录存在补记情况，请核实。", name: nil, contact: nil, client: "demo", now: now)
                let dismissed = try await NominationRepository.insertObjection(
                    db, nomination: nid, content: "反映其工作作风简单，群众有意见。", name: "张某", contact: "13900000000", client: "demo", now: now)
                _ = try await NominationRepository.verify(db, id: dismissed, outcome: .dismissed, text: "经走访支部党员和群众，反映问题不属实", by: "demo-county", now: now)
            }
        }
    }
}

extension DemoCommendations {
    static func insertRound(
        _ db: any SQLDatabase, committee: Int64, year: Int, level: CommendationLevel, name: String, state: String, decideBy: CalendarDay,
        notice: (CalendarDay, CalendarDay), decided: CalendarDay?, number: String?, rules: [EligibilityRule], now: Int64
    ) async throws -> Int64 {
        let titles = CommendationTitle.defaults.map(\.code)
        let json = String(decoding: try JSONEncoder().encode(Dictionary(uniqueKeysWithValues: titles.map { ($0, rules) })), as: UTF8.self)
        return try await db.insert(into: "commendation_rounds")
            .columns(
                "organization_id", "year", "level", "name", "state", "decide_by", "notice_days", "notice_from", "notice_until", "decided_on", "decision_number",
                "eligibility", "created_by", "at"
            )
            .values(
                SQLBind(committee), SQLBind(year), SQLBind(level.rawValue), SQLBind(name), SQLBind(state), SQLBind(decideBy.description), SQLBind(7),
                SQLBind(notice.0.description), SQLBind(notice.1.description), SQLBind(decided?.description), SQLBind(number), SQLBind(json),
                SQLBind("demo-office"),
                SQLBind(now)
            )
            .returning("id").first(decodingColumn: "id", as: Int64.self) ?? 0
    }

    static func insertQuota(_ db: any SQLDatabase, round: Int64, title: String, holder: Int64, quota: Int) async throws {
        try await db.insert(into: "commendation_quotas").columns("round_id", "title", "organization_id", "parent_id", "quota")
            .values(SQLBind(round), SQLBind(title), SQLBind(holder), SQLBind(Int64?.none), SQLBind(quota)).run()
    }

    /// 组织认定优秀 for the year, unless the nominee has a determination already.
    static func determineExcellent(_ db: any SQLDatabase, _ x: Nominee, year: Int, now: Int64) async throws {
        guard try await DeterminationRepository.decided(db, organizationID: x.org, memberID: x.member, year: year) == nil else { return }
        try await db.insert(into: "determinations").columns("year", "organization_id", "member_id", "grade", "reason", "decided_by", "at")
            .values(
                SQLBind(year), SQLBind(x.org), SQLBind(x.member), SQLBind(EvaluationGrade.excellent.rawValue), SQLBind("年度考核优秀"), SQLBind("demo"), SQLBind(now)
            )
            .run()
    }

    /// A nomination by the nominee's committee, with its place, its steps, and (commended) the day.
    static func insertNomination(
        _ db: any SQLDatabase, round: Int64, _ x: Nominee, holder: Int64, state: String, deeds: String, facts: EligibilityFacts, commended: CalendarDay?,
        now: Int64
    ) async throws -> Int64 {
        let json = String(decoding: try JSONEncoder().encode(facts), as: UTF8.self)
        let id =
            try await db.insert(into: "nominations")
            .columns(
                "round_id", "title", "organization_id", "member_id", "nominator_id", "holder_id", "state", "deeds", "summary", "facts", "commended_on",
                "created_by", "at"
            )
            .values(
                SQLBind(round), SQLBind(x.title), SQLBind(x.org), SQLBind(x.member), SQLBind(x.org), SQLBind(holder), SQLBind(state), SQLBind(deeds),
                SQLBind(String(deeds.prefix(while: { $0 != "，" }))), SQLBind(json), SQLBind(commended?.description), SQLBind("demo-branch"), SQLBind(now)
            )
            .returning("id").first(decodingColumn: "id", as: Int64.self) ?? 0
        try await CommendationRepository.addPlace(db, nomination: id, round: round, title: x.title, holder: holder)
        let actions = ["nominate", "shortlist", "notice"] + (commended == nil ? [] : ["commend"])
        for action in actions {
            try await NominationRepository.addStep(
                db, nomination: id, action: action, at: action == "nominate" ? x.org : holder, note: nil,
                by: action == "nominate" ? "demo-branch" : "demo-office",
                now: now)
        }
        return id
    }

    /// 基石工程 of the year: the sponsor's 1.8 M and the city's 0.4 M in the city's fund, 0.6 M across the
    /// counties'; every commended unit or person awarded 3,000–7,000 yuan (5,000 on average; one in eight a
    /// study tour or training instead of cash), county awards from the county's fund while it lasts.
    static func fund(
        _ db: any SQLDatabase, city: Int64, counties: [Int64], commended: [(id: Int64, committee: Int64)], year: Int, decided: CalendarDay,
        today: CalendarDay, now: Int64
    ) async throws {
        let received = CalendarDay(year: year, month: 3, day: 15) ?? decided
        func source(_ org: Int64, _ kind: FundSourceKind, _ name: String, _ amount: Int) async throws -> Int64 {
            let id = try await FundRepository.insertSource(db, organizationID: org, year: year, kind: kind, name: name, by: "demo-office", now: now) ?? 0
            _ = try await FundRepository.insertEntry(
                db, source: id, kind: .income, amount: amount, nomination: nil, award: nil, note: "年度资金到账", day: received, state: .approved, by: "demo-office",
                now: now)
            return id
        }
        let sponsor = try await source(city, .sponsor, "迎驾集团党委资助", 1_800_000)
        let cityShare = try await source(city, .city, "市委组织部配套", 400_000)
        var countySource: [Int64: (id: Int64, left: Int)] = [:]
        for (i, c) in counties.enumerated() {
            let amount = 600_000 / counties.count + (i == 0 ? 600_000 % counties.count : 0)
            countySource[c] = (try await source(c, .county, "县（区）委组织部配套", amount), amount)
        }
        var left = (sponsor: 1_800_000, city: 400_000)
        for (i, n) in commended.enumerated() {
            let amount = [3000, 4000, 5000, 6000, 7000][i % 5]
            let award: AwardKind = i % 8 == 3 ? (i % 16 == 3 ? .studyTour : .training) : .cash
            var from: Int64
            if n.committee != city, let c = countySource[n.committee], c.left >= amount {
                from = c.id
                countySource[n.committee]?.left -= amount
            } else if left.sponsor >= amount {
                from = sponsor
                left.sponsor -= amount
            } else if left.city >= amount {
                from = cityShare
                left.city -= amount
            } else {
                continue
            }
            let id = try await FundRepository.insertEntry(
                db, source: from, kind: .payment, amount: amount, nomination: n.id, award: award, note: "七一表彰奖励", day: decided, state: .pending,
                by: "demo-office", now: now)
            _ = try await FundRepository.decide(db, id: id, approve: true, by: "demo-finance")
        }
    }
}
