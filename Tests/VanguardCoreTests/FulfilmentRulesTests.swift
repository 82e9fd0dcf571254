import Testing

@testable import VanguardCore

@Suite("践诺、轮次与督促规则")
struct FulfilmentRulesTests {
    let phases = [
        CampaignPhase(kind: .mobilization, startsOn: CalendarDay(year: 2026, month: 3, day: 1)!, endsOn: CalendarDay(year: 2026, month: 5, day: 31)!),
        CampaignPhase(kind: .rollout, startsOn: CalendarDay(year: 2026, month: 6, day: 1)!, endsOn: CalendarDay(year: 2027, month: 6, day: 30)!),
        CampaignPhase(kind: .deepening, startsOn: CalendarDay(year: 2027, month: 7, day: 1)!, endsOn: CalendarDay(year: 2028, month: 6, day: 30)!),
    ]

    func round(_ y: Int, _ m: Int, _ d: Int) -> Int {
        CommitmentRound.number(on: CalendarDay(year: y, month: m, day: d)!, startYear: 2026, endYear: 2028, phases: phases)
    }

    @Test("每个活动年度一轮承诺，深化提升阶段开启新一轮")
    func roundsPerYearAndDeepening() {
        #expect(round(2026, 1, 10) == 1)
        #expect(round(2026, 11, 21) == 1)
        #expect(round(2027, 1, 1) == 2)
        #expect(round(2027, 6, 30) == 2)
        #expect(round(2027, 7, 1) == 3)
        #expect(round(2028, 3, 1) == 4)
    }

    @Test("只有公开过的长期承诺才能结转，且只能结转到以后的轮次")
    func onlyLongTermCarriesForward() throws {
        try CommitmentRound.checkCarryForward(kind: .longTerm, state: .inProgress, fromRound: 1, toRound: 2)
        #expect(throws: VanguardError.self) { try CommitmentRound.checkCarryForward(kind: .annual, state: .inProgress, fromRound: 1, toRound: 2) }
        #expect(throws: VanguardError.self) { try CommitmentRound.checkCarryForward(kind: .longTerm, state: .draft, fromRound: 1, toRound: 2) }
        #expect(throws: VanguardError.self) { try CommitmentRound.checkCarryForward(kind: .longTerm, state: .published, fromRound: 2, toRound: 2) }
    }

    @Test("佐证材料按内容判断类型，超限、空文件、不支持的类型都指明是哪个文件")
    func evidenceTypesAndLimits() {
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]
        #expect(EvidencePolicy.type(of: jpeg, name: "photo.png") == .jpeg)
        #expect(EvidencePolicy.type(of: Array("%PDF-1.7".utf8), name: "x") == .pdf)
        #expect(EvidencePolicy.type(of: [0x4D, 0x5A, 0x90, 0], name: "virus.jpg") == nil)
        #expect(EvidencePolicy.type(of: [0x50, 0x4B, 0x03, 0x04], name: "a.zip") == nil)
        #expect(EvidencePolicy.type(of: [0x50, 0x4B, 0x03, 0x04], name: "总结.docx") == .officeDocument)
        #expect(EvidencePolicy.problems(text: "走访三户", files: []).isEmpty)
        #expect(EvidencePolicy.problems(text: "  ", files: []).count == 1)
        let big = [UInt8](repeating: 0xFF, count: EvidencePolicy.maximumFileBytes + 1)
        let problems = EvidencePolicy.problems(text: "", files: [("a.jpg", jpeg), ("b.exe", [0x4D, 0x5A]), ("c.jpg", big), ("d.txt", [])])
        #expect(problems.map(\.field) == ["files[1]", "files[2]", "files[3]"])
        #expect(problems[0].message.zh.contains("b.exe"))
    }

    @Test("公开后过了时限仍未兑现的事项使承诺逾期；一周内到期的提醒")
    func overdueAndDueSoon() {
        let today = CalendarDay(year: 2026, month: 11, day: 21)!
        let past = CalendarDay(year: 2026, month: 11, day: 20)!
        #expect(CommitmentDeadline.isOverdue(state: .inProgress, items: [(past, false)], today: today))
        #expect(!CommitmentDeadline.isOverdue(state: .inProgress, items: [(past, true)], today: today))
        #expect(!CommitmentDeadline.isOverdue(state: .approved, items: [(past, false)], today: today))
        #expect(!CommitmentDeadline.isOverdue(state: .published, items: [(today, false)], today: today))
        #expect(CommitmentDeadline.isDueSoon(deadline: CalendarDay(year: 2026, month: 11, day: 28)!, fulfilled: false, today: today))
        #expect(!CommitmentDeadline.isDueSoon(deadline: CalendarDay(year: 2026, month: 11, day: 29)!, fulfilled: false, today: today))
        #expect(!CommitmentDeadline.isDueSoon(deadline: past, fulfilled: false, today: today))
    }

    @Test("免于承诺须有支部同意；领导干部和书记不能免")
    func exemptionNeedsConsent() throws {
        var retired = MemberCategories()
        retired.retired = true
        try CommitmentExemption.check(retired, reason: .retired, consent: "2026年3月5日支部大会同意", note: nil)
        #expect(throws: VanguardError.self) { try CommitmentExemption.check(retired, reason: .retired, consent: " ", note: nil) }
        #expect(throws: VanguardError.self) { try CommitmentExemption.check(retired, reason: .elderly, consent: "同意", note: nil) }
        #expect(throws: VanguardError.self) { try CommitmentExemption.check(MemberCategories(), reason: .special, consent: "同意", note: nil) }
        try CommitmentExemption.check(MemberCategories(), reason: .special, consent: "同意", note: "长期卧病")
        var leader = retired
        leader.secretary = true
        #expect(throws: VanguardError.self) { try CommitmentExemption.check(leader, reason: .retired, consent: "同意", note: nil) }
    }

    @Test("整改要求须指明承诺并规定期限；检查须写明发现的情况")
    func rectificationNeedsDeadline() throws {
        let today = CalendarDay(year: 2026, month: 11, day: 21)!
        try CommitmentSupervision.check(kind: .check, findings: "抽查5名党员践诺情况", commitmentID: nil, deadline: nil, today: today)
        #expect(throws: VanguardError.self) { try CommitmentSupervision.check(kind: .check, findings: " ", commitmentID: nil, deadline: nil, today: today) }
        #expect(throws: VanguardError.self) {
            try CommitmentSupervision.check(kind: .rectification, findings: "内容空泛", commitmentID: 1, deadline: nil, today: today)
        }
        #expect(throws: VanguardError.self) {
            try CommitmentSupervision.check(kind: .rectification, findings: "内容空泛", commitmentID: nil, deadline: today, today: today)
        }
        try CommitmentSupervision.check(kind: .rectification, findings: "内容空泛", commitmentID: 1, deadline: today, today: today)
    }
}
