import Testing

@testable import VanguardCore

@Suite("评议规则")
struct EvaluationRulesTests {
    @Test("满意率 =（满意 + 基本满意）/ 有效票，计入哪些答案可配置；无票时没有满意率")
    func satisfactionRate() {
        let counts: [EvaluationAnswer: Int] = [.satisfied: 80, .basicallySatisfied: 12, .dissatisfied: 8]
        #expect(SatisfactionRate().rate(counts) == 0.92)
        #expect(SatisfactionRate(counted: [.satisfied]).rate(counts) == 0.8)
        #expect(SatisfactionRate().rate([:]) == nil)
    }

    @Test("评议码12位、60位随机性，打印分组，输入时大小写、空格、易混字母都能识别")
    func ballotCodes() {
        var rng = SystemRandomNumberGenerator()
        let codes = (0..<1000).map { _ in BallotCode.make(using: &rng) }
        #expect(Set(codes).count == 1000 && codes.allSatisfy { $0.count == 12 && BallotCode.normalize($0) == $0 })
        #expect(BallotCode.bitsOfRandomness >= 50 && BallotCode.alphabet.count == 32)
        #expect(BallotCode.printable("7KQ2M9XD4TNB") == "7KQ2-M9XD-4TNB")
        #expect(BallotCode.normalize(" 7kq2-m9xd-4tnb ") == "7KQ2M9XD4TNB")
        #expect(BallotCode.normalize("OIL2M9XD4TNB") == "0112M9XD4TNB")
        #expect(BallotCode.normalize("7KQ2-M9XD") == nil && BallotCode.normalize("7KQ2M9XD4TN!") == nil)
    }

    @Test("组织认定：按权重和分数线给出建议等次，缺项按其余权重折算；改变建议须写理由")
    func determination() throws {
        let p = DeterminationPolicy()
        try p.check()
        #expect(p.propose(comment: .excellent, fulfilmentRate: 0.95, satisfactionRate: 0.92)?.grade == .excellent)
        #expect(p.propose(comment: .qualified, fulfilmentRate: 0.8, satisfactionRate: 0.85)?.grade == .qualified)
        #expect(p.propose(comment: nil, fulfilmentRate: 0.5, satisfactionRate: nil)?.grade == .unqualified)
        #expect(p.propose(comment: nil, fulfilmentRate: 0.95, satisfactionRate: nil)?.score == 95)
        #expect(p.propose(comment: nil, fulfilmentRate: nil, satisfactionRate: nil) == nil)
        // No commitment items due: no grade from the comment and satisfaction alone (issue 11).
        #expect(p.propose(comment: .excellent, fulfilmentRate: nil, satisfactionRate: 1) == nil)
        #expect(DeterminationPolicy.missing(comment: .excellent, fulfilmentRate: nil, satisfactionRate: 1).count == 1)
        #expect(throws: VanguardError.self) { try DeterminationPolicy(commentWeight: 0.5, fulfilmentWeight: 0.5, satisfactionWeight: 0.5).check() }
        #expect(throws: VanguardError.self) { try DeterminationPolicy(excellentFrom: 70, qualifiedFrom: 80).check() }
        try DeterminationPolicy.checkOverride(proposed: .qualified, decided: .qualified, reason: nil)
        #expect(throws: VanguardError.self) { try DeterminationPolicy.checkOverride(proposed: .qualified, decided: .excellent, reason: " ") }
    }

    @Test("领导点评每半年一次：半年内为待点评，过了宽限期为逾期")
    func commentProgress() {
        let h2 = HalfYear.containing(CalendarDay(year: 2026, month: 11, day: 21)!)
        #expect(h2.description == "2026-H2" && h2.lastDay == CalendarDay(year: 2026, month: 12, day: 31)!)
        let h1 = HalfYear(year: 2026, half: 1)!
        #expect(CommentProgress.of(done: false, period: h1, today: CalendarDay(year: 2026, month: 7, day: 10)!) == .due)
        #expect(CommentProgress.of(done: false, period: h1, today: CalendarDay(year: 2026, month: 7, day: 16)!) == .late)
        #expect(CommentProgress.of(done: true, period: h1, today: CalendarDay(year: 2026, month: 11, day: 1)!) == .done)
        #expect(HalfYear(year: 2026, half: 3) == nil && h1 < h2)
    }

    @Test("积分按规则和年度上限计算，规则修改后重算与从头计算一致；按分数线评星")
    func pointsAndStars() {
        let d = { (m: Int, day: Int) in CalendarDay(year: 2026, month: m, day: day)! }
        let events = [
            PointEvent(event: "fulfilled_on_time", day: d(3, 1)), PointEvent(event: "fulfilled_on_time", day: d(5, 1)),
            PointEvent(event: "fulfilled_on_time", day: d(6, 1)), PointEvent(event: "absent", day: d(4, 1)),
            PointEvent(event: "absent", day: d(7, 1)), PointEvent(event: "volunteer", day: d(8, 1), manualPoints: 3),
        ]
        let rules = [PointRule(event: "fulfilled_on_time", points: 5, yearlyCap: 12), PointRule(event: "absent", points: -2, yearlyCap: 3)]
        #expect(PointLedger.apply(events, rules: rules) == [5, 5, 2, -2, -1, 3])
        #expect(PointLedger.total(events, rules: rules, year: 2026) == 12)
        let changed = [PointRule(event: "fulfilled_on_time", points: 4, yearlyCap: nil), PointRule(event: "absent", points: -2, yearlyCap: 3)]
        #expect(PointLedger.total(events, rules: changed, year: 2026) == PointLedger.total(events.reversed(), rules: changed, year: 2026))
        #expect(PointLedger.total(events, rules: changed, year: 2026) == 12 - 3 + 3)
        #expect(StarLevel.stars(for: 92, thresholds: [95, 60, 70, 80, 90]) == 4 && StarLevel.stars(for: 10, thresholds: [60]) == 0)
    }

    @Test("评分表：下级指标合计等于上级满分，得分不超过满分")
    func scoringSheet() throws {
        let sheet = ScoringCriterion(
            code: "T", title: "三级联创", maximum: 100,
            children: [
                ScoringCriterion(
                    code: "A", title: "创先争优", maximum: 20,
                    children: [.init(code: "A1", title: "公开承诺", maximum: 10), .init(code: "A2", title: "领导点评", maximum: 10)]),
                ScoringCriterion(code: "B", title: "其他", maximum: 80),
            ])
        try ScoringSheet.check(sheet)
        #expect(try ScoringSheet.total(sheet, scores: ["A1": 9, "A2": 8.5, "B": 70]) == 87.5)
        #expect(throws: VanguardError.self) { try ScoringSheet.total(sheet, scores: ["A1": 11]) }
        #expect(throws: VanguardError.self) { try ScoringSheet.total(sheet, scores: ["A": 5]) }
        var bad = sheet
        bad.children[1].maximum = 70
        #expect(throws: VanguardError.self) { try ScoringSheet.check(bad) }
    }

    @Test("点评关系：书记点评本支部其他党员，联系点和分管单位先于班子职责，班子点评下级组织，别人都不能点评")
    func commentRelation() {
        let who = Commenter(memberID: 7, secretaryOf: [10], leadershipOf: [1], contactPoints: [20], supervisedUnits: [30])
        #expect(LeaderCommentRule.relation(of: who, to: .member(id: 8, branchID: 10)) == .branchSecretary)
        #expect(LeaderCommentRule.relation(of: who, to: .member(id: 7, branchID: 10)) == nil)
        #expect(LeaderCommentRule.relation(of: who, to: .member(id: 8, branchID: 11)) == nil)
        #expect(LeaderCommentRule.relation(of: who, to: .organization(id: 20, parentID: 1)) == .contactPoint)
        #expect(LeaderCommentRule.relation(of: who, to: .organization(id: 30, parentID: 5)) == .supervisedUnit)
        #expect(LeaderCommentRule.relation(of: who, to: .organization(id: 40, parentID: 1)) == .leadership)
        #expect(LeaderCommentRule.relation(of: who, to: .organization(id: 1, parentID: nil)) == nil)
        #expect(HalfYear("2026-H2") == HalfYear(year: 2026, half: 2) && HalfYear("2026-H3") == nil && HalfYear("H2") == nil)
        #expect(HalfYear(year: 2026, half: 1)!.previous == HalfYear(year: 2025, half: 2))
    }

    @Test("评分表提纲：每行“编号 名称 分值”，编号的点表示层级，出错时指出第几行")
    func scoringOutline() throws {
        let sheet = try ScoringOutline.parse(title: "社区评分表", maximum: 100, text: "1 服务群众 60\n1.1 办事效率 30\n1.2 群众满意 30\n\n2 社区治理 40\n")
        #expect(sheet.children.map(\.title) == ["服务群众", "社区治理"] && sheet.leaves.map(\.code) == ["1.1", "1.2", "2"])
        #expect(ScoringOutline.lines(sheet) == ["1 服务群众 60", "1.1 办事效率 30", "1.2 群众满意 30", "2 社区治理 40"])
        for (text, line) in [("1 服务 60\n1.1 效率\n2 治理 40", "第2行"), ("1 服务 60\n3.1 效率 60\n2 治理 40", "第2行"), ("1 服务 60\n1 治理 40", "第2行")] {
            do {
                _ = try ScoringOutline.parse(title: "表", maximum: 100, text: text)
                Issue.record("outline accepted: \(text)")
            } catch let e as VanguardError { #expect(e.message.zh.contains(line)) }
        }
        #expect(throws: VanguardError.self) { try ScoringOutline.parse(title: "表", maximum: 100, text: "1 服务 60\n2 治理 30") }
    }

    @Test("中文数字：万、亿与百分比；统计数字：作出、兑现、兑现率、满意率、逐月兑现")
    func chineseNumbersAndFigures() {
        #expect(ChineseNumber.format(5260) == "5260" && ChineseNumber.format(526_000) == "52.6万" && ChineseNumber.format(120_000_000) == "1.2亿")
        #expect(ChineseNumber.format(526_000, english: true) == "526,000" && ChineseNumber.percent(0.9254) == "92.5%" && ChineseNumber.percent(nil) == "—")
        // Tables show the exact figure grouped by thousands (en_US_POSIX once left it ungrouped on Linux).
        #expect(ChineseNumber.exact(11_785) == "11,785" && ChineseNumber.exact(50_000) == "50,000" && ChineseNumber.exact(999) == "999")
        let f = StatFigures([
            "member.c.fulfilled": 3, "member.c.in_progress": 1, "member.c.draft": 5, "member.items": 10, "member.items_fulfilled": 8,
            "member.fulfilled.m03": 2, "member.fulfilled.m11": 6, "ballots.satisfied": 9, "ballots.dissatisfied": 1,
        ])
        #expect(f.made("member") == 4 && f.fulfilled("member") == 3 && f.fulfilmentRate("member") == 0.8 && f.fulfilmentRate("organization") == nil)
        #expect(f.satisfactionRate == 0.9 && f.fulfilledByMonth("member") == [0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 6, 0])
    }
}
