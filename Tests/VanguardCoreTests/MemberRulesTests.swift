import Testing

@testable import VanguardCore

@Suite("党员信息规则")
struct MemberRulesTests {
    let today = CalendarDay(year: 2026, month: 11, day: 21)!

    func draft() -> MemberDraft {
        MemberDraft(
            memberNo: "M001", name: "李四", gender: .female, birthDate: CalendarDay(year: 1990, month: 1, day: 1)!,
            joinDate: CalendarDay(year: 2012, month: 7, day: 1)!, phone: "13912345678")
    }

    @Test("合格的党员信息没有问题")
    func validDraft() {
        #expect(MemberValidation.problems(in: draft(), today: today).isEmpty)
    }

    @Test("入党时须年满十八岁")
    func joinAtEighteen() {
        var d = draft()
        d.joinDate = CalendarDay(year: 2007, month: 12, day: 31)!
        #expect(MemberValidation.problems(in: d, today: today).map(\.field) == ["joinDate"])
    }

    @Test("在职党员须有居住地党组织，流动党员须有流入地党组织")
    func categoryReferences() {
        var d = draft()
        d.categories.inService = true
        d.categories.floating = true
        let fields = Set(MemberValidation.problems(in: d, today: today).compactMap(\.field))
        #expect(fields == ["residenceOrganizationId", "inflowOrganizationId"])
    }

    @Test("一次列出全部问题，而不只是第一个")
    func allProblemsAtOnce() {
        var d = draft()
        d.memberNo = "编号 1"
        d.name = ""
        d.phone = "12ab"
        d.birthDate = CalendarDay(year: 2030, month: 1, day: 1)!
        #expect(MemberValidation.problems(in: d, today: today).count >= 4)
    }

    @Test("列表中的手机号码一律隐去中间四位")
    func phoneMasking() {
        #expect(PhoneMask.mask("13812345678") == "138****5678")
        #expect(PhoneMask.mask(nil) == "")
        #expect(PhoneMask.mask("12345") == "*****")
    }

    @Test("领导干部和书记的承诺标准更高，离退休和年老体弱党员自愿承诺")
    func categoryConsequences() {
        var c = MemberCategories()
        #expect(!c.higherStandard && !c.voluntary)
        c.secretary = true
        c.elderly = true
        #expect(c.higherStandard && c.voluntary)
    }

    @Test("日期可写作 2010-07-01、2010/7/1 或 2010年7月1日")
    func dateFormats() {
        let expected = CalendarDay(year: 2010, month: 7, day: 1)
        #expect(CalendarDay(parsing: "2010-07-01") == expected)
        #expect(CalendarDay(parsing: "2010/7/1") == expected)
        #expect(CalendarDay(parsing: "2010年7月1日") == expected)
        #expect(CalendarDay(parsing: "2010-02-30") == nil)
        #expect(CalendarDay(parsing: "七月一日") == nil)
        #expect(CalendarDay(year: 1980, month: 5, day: 4)!.years(until: CalendarDay(year: 1998, month: 5, day: 3)!) == 17)
    }
}
