import Testing

@testable import VanguardCore

@Suite("承诺规则")
struct CommitmentRulesTests {
    let today = CalendarDay(year: 2026, month: 11, day: 21)!

    func item(deadline: CalendarDay? = nil) -> CommitmentItemDraft {
        CommitmentItemDraft(
            content: "帮助三户困难群众增收", responsibility: "本人", deadline: deadline ?? CalendarDay(year: 2026, month: 12, day: 31)!, expectedResult: "户均增收2000元")
    }

    @Test("定诺→审诺→亮诺→践诺→评诺，退回后可修改再提交")
    func fiveSteps() throws {
        var s = CommitmentState.draft
        for action in [CommitmentAction.submit, .return, .submit, .approve, .publish, .start, .fulfil, .evaluate] {
            s = try CommitmentTransition.apply(action, to: s, note: action == .return ? "标准过低" : nil)
        }
        #expect(s == .evaluated)
    }

    @Test("不合规的流转给出冲突和原因")
    func invalidTransitions() {
        #expect(throws: VanguardError.self) { try CommitmentTransition.apply(.publish, to: .submitted, note: nil) }
        #expect(throws: VanguardError.self) { try CommitmentTransition.apply(.approve, to: .draft, note: nil) }
        #expect(throws: VanguardError.self) { try CommitmentTransition.apply(.withdraw, to: .published, note: nil) }
        do {
            _ = try CommitmentTransition.apply(.start, to: .draft, note: nil)
        } catch let e as VanguardError {
            #expect(e.kind == .conflict && e.message.zh.contains("草稿"))
        } catch { Issue.record("\(error)") }
    }

    @Test("退回时须写明理由：既不过高要求，又不降格以求")
    func returnNeedsReason() {
        #expect(throws: VanguardError.self) { try CommitmentTransition.apply(.return, to: .submitted, note: "  ") }
        #expect(throws: Never.self) { try CommitmentTransition.apply(.return, to: .submitted, note: "时限不明确") }
    }

    @Test("只有公开后的承诺出现在公开栏")
    func onlyPublishedIsPublic() {
        #expect(CommitmentState.allCases.filter(\.isPublic) == [.published, .inProgress, .fulfilled, .overdue, .evaluated])
    }

    @Test("至少一项承诺事项，每项写明内容、责任、时限和结果")
    func content() {
        #expect(CommitmentContent.problems(in: [], kind: .annual, today: today).count == 1)
        #expect(CommitmentContent.problems(in: [item()], kind: .annual, today: today).isEmpty)
        var bad = item(deadline: CalendarDay(year: 2026, month: 1, day: 1)!)
        bad.responsibility = ""
        #expect(
            CommitmentContent.problems(in: [item(), bad], kind: .annual, today: today).compactMap(\.field) == ["items[1].responsibility", "items[1].deadline"])
        #expect(!CommitmentContent.problems(in: [item(deadline: CalendarDay(year: 2027, month: 6, day: 1)!)], kind: .immediate, today: today).isEmpty)
    }

    @Test("组织的承诺由上级组织审核，党员的承诺由所在支部审核，不能审核自己的承诺")
    func reviewer() throws {
        #expect(try CommitmentReview.reviewer(forOrganizationAt: TreePath(ids: [1, 17, 245])) == 17)
        #expect(throws: VanguardError.self) { try CommitmentReview.reviewer(forOrganizationAt: TreePath(ids: [1])) }
        #expect(throws: VanguardError.self) { try CommitmentReview.checkNotOwn(reviewerMemberID: 9, subject: .member(9)) }
        #expect(throws: Never.self) { try CommitmentReview.checkNotOwn(reviewerMemberID: 9, subject: .member(10)) }
    }

    @Test("领导干部必须高标准承诺，离退休党员经支部同意可免于承诺")
    func obligation() {
        var c = MemberCategories()
        #expect(CommitmentObligation.of(c, exempted: true) == .required(higherStandard: false))
        c.retired = true
        #expect(CommitmentObligation.of(c, exempted: false) == .voluntary)
        #expect(CommitmentObligation.of(c, exempted: true) == .exempted)
        c.leadingCadre = true
        #expect(CommitmentObligation.of(c, exempted: true) == .required(higherStandard: true))
    }

    @Test("流动党员在流入地承诺，在职党员还要在居住地承诺，无职党员须先设岗")
    func places() throws {
        var c = MemberCategories()
        c.floating = true
        c.inflowOrganizationID = 50
        c.inService = true
        c.residenceOrganizationID = 60
        #expect(try CommitmentObligation.places(memberOrganizationID: 10, categories: c) == [50, 60])
        var noPost = MemberCategories()
        noPost.withoutPost = true
        #expect(throws: VanguardError.self) { try CommitmentObligation.places(memberOrganizationID: 10, categories: noPost) }
        noPost.assignedPost = "环境卫生监督岗"
        #expect(try CommitmentObligation.places(memberOrganizationID: 10, categories: noPost) == [10])
    }

    @Test("日期换算前后一致")
    func dayArithmetic() {
        for d in [CalendarDay(year: 1970, month: 1, day: 1)!, CalendarDay(year: 2000, month: 2, day: 29)!, today] {
            #expect(CalendarDay.fromDaysSince1970(d.daysSince1970) == d)
        }
        #expect(today.daysUntil(CalendarDay(year: 2026, month: 12, day: 31)!) == 40)
    }
}

@Suite("承诺上的权限")
struct CommitmentPolicyTests {
    @Test("承诺人提交、撤回、践诺；审核人退回、通过、公开；谁也不审核自己的承诺；督促只对公开未兑现的")
    func whoMayDoWhat() {
        let author = CommitmentPolicy(state: .draft, kind: .annual, isAuthor: true, holdsReview: false, isOwn: true)
        #expect(Set(author.actions) == [.submit, .withdraw] && author.mayRevise && !author.mayReport && !author.mayUrge)
        let submitted = CommitmentPolicy(state: .submitted, kind: .annual, isAuthor: false, holdsReview: true, isOwn: false)
        #expect(Set(submitted.actions) == [.return, .approve] && submitted.isReviewer && !submitted.mayRevise)
        let ownReview = CommitmentPolicy(state: .submitted, kind: .annual, isAuthor: true, holdsReview: true, isOwn: true)
        #expect(!ownReview.isReviewer && !ownReview.may(.approve) && ownReview.may(.withdraw))
        let published = CommitmentPolicy(state: .published, kind: .longTerm, isAuthor: true, holdsReview: true, isOwn: false)
        #expect(published.mayReport && published.mayUrge && published.mayCarryForward && !published.may(.evaluate))
        let fulfilled = CommitmentPolicy(state: .fulfilled, kind: .annual, isAuthor: true, holdsReview: true, isOwn: false)
        #expect(!fulfilled.mayUrge && !fulfilled.mayReport && !fulfilled.mayCarryForward)
        let stranger = CommitmentPolicy(state: .published, kind: .annual, isAuthor: false, holdsReview: false, isOwn: false)
        #expect(stranger.actions.isEmpty && !stranger.mayReport && !stranger.mayUrge && !stranger.mayAnswerRectification)
    }
}
