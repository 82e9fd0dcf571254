import Foundation
import Testing
import VanguardCore
import VanguardTestSupport

@testable import VanguardStore

@Suite("进展情况报告与工作总结：布置、填写报送、退回与通过、逾期与提醒、统计（SQLite 与 PostgreSQL）")
struct WorkReportStoreTests {
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 9, count: 64)
    static let due = CalendarDay(year: 2026, month: 11, day: 25)!

    func tally(_ v: Vanguard, _ org: OrganizationRecord, _ period: ReportPeriod = .secondHalf) async throws -> [Int] {
        let f = try await v.backend.read { db in try await StatsRepository.figures(db, organizationID: org.id, year: 2026).subtree }
        return [StatMetric.reportsDue(period), StatMetric.reportsReceived(period), StatMetric.reportsAccepted(period), StatMetric.reportsLate(period)]
            .map { f.value($0) }
    }

    @Test("市委布置下半年进展情况报告（逐级报送）：每个下级组织一份；支部书记填写、附件、报送，统计数据自动带入；镇党委退回须说明理由，改后再报、通过；应报已报已通过随之变化，核对无差异", arguments: TestDatabase.enabled)
    func levelByLevelReportSubmittedReturnedAccepted(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            let office = caller(.campaignOffice, on: c.city, name: "office")
            let town = caller(.committeeStaff, on: c.town, name: "town")
            let district = caller(.committeeStaff, on: c.district, name: "district")
            let secretary = caller(.branchSecretary, on: c.village1, name: "secretary")
            let other = caller(.branchSecretary, on: c.village2, name: "other")
            let m = try await v.members.create(sampleMember("M001", name: "甲"), organizationID: c.village1.id, as: .system())
            let member = memberCaller(m, on: c.village1)

            let call = try await v.workReports.issue(
                organizationID: c.city.id, year: 2026, period: .secondHalf, audience: .subtree, due: Self.due, requirements: "请如实填写", as: office)
            #expect(call.reports == 6)
            #expect(try await tally(v, c.city) == [6, 0, 0, 0])
            // The same period again, from the city or below it, would ask the same organizations twice.
            #expect(
                await refusal {
                    _ = try await v.workReports.issue(
                        organizationID: c.district.id, year: 2026, period: .secondHalf, audience: .children, due: Self.due, requirements: nil, as: district)
                } == .conflict)

            var desk = try await v.workReports.desk(organizationID: c.village1.id, year: 2026, period: .secondHalf, as: secretary)
            let report = try #require(desk.own.first)
            #expect(desk.own.count == 1 && report.state == .due && desk.mayWrite && desk.review == nil && !desk.mayIssue)
            #expect(try await v.workbench.workbench(as: secretary).scopes.first?.reportsToWrite == 1)

            // A draft may be half-written; a submission needs every part; one bad file refuses the whole.
            try await v.workReports.write(report.id, done: "开展承诺践诺", problems: "", plans: "", files: [], submit: false, as: secretary)
            #expect(
                await refusal { try await v.workReports.write(report.id, done: "开展承诺践诺", problems: "", plans: "", files: [], submit: true, as: secretary) }
                    == .invalid)
            #expect(
                await refusal {
                    try await v.workReports.write(
                        report.id, done: "a", problems: "b", plans: "c", files: [EvidenceUpload(name: "x.exe", bytes: Array("MZ..".utf8))], submit: true,
                        as: secretary)
                } == .invalid)
            #expect(try await v.workReports.detail(report.id, as: secretary).report.state == .due)
            // Those who do not write for the branch: its member does not see it, the other branch neither, the town reads but does not write.
            #expect(await refusal { _ = try await v.workReports.detail(report.id, as: member) } == .notFound)
            #expect(await refusal { _ = try await v.workReports.detail(report.id, as: other) } == .notFound)
            #expect(
                await refusal { try await v.workReports.write(report.id, done: "a", problems: "b", plans: "c", files: [], submit: true, as: town) }
                    == .forbidden)

            try await v.workReports.write(
                report.id, done: "全体党员公开承诺", problems: "个别承诺不够具体", plans: "年底前逐项兑现", files: [EvidenceUpload(name: "照片.png", bytes: Self.png)],
                submit: true, as: secretary)
            var detail = try await v.workReports.detail(report.id, as: town)
            #expect(detail.report.state == .submitted && detail.mayReview && !detail.mayWrite && detail.report.figures?.members == 1)
            #expect(detail.report.firstSubmittedOn == CalendarDay(year: 2026, month: 11, day: 21) && !detail.report.late)
            #expect(try await v.workReports.file(try #require(detail.files.first).id, as: town).bytes == Self.png)
            #expect(try await tally(v, c.city) == [6, 1, 0, 0])
            #expect(try await v.workbench.workbench(as: secretary).scopes.first?.reportsToWrite == 0)
            #expect(try await v.workbench.workbench(as: town).scopes.first?.reportsToReview == 1)
            #expect(try await v.reminders.inbox(as: town).contains { $0.kind == "report_submitted" && $0.text.contains("桃花村党支部") })
            #expect(
                await refusal { try await v.workReports.write(report.id, done: "改", problems: "b", plans: "c", files: [], submit: false, as: secretary) }
                    == .conflict)

            // Only the superior reviews, and a return needs its reason.
            #expect(await refusal { try await v.workReports.review(report.id, accept: true, reason: nil, as: secretary) } == .forbidden)
            #expect(await refusal { try await v.workReports.review(report.id, accept: false, reason: "  ", as: town) } == .invalid)
            try await v.workReports.review(report.id, accept: false, reason: "请补充承诺兑现的具体数字", as: town)
            #expect(try await tally(v, c.city) == [6, 0, 0, 0])
            #expect(try await v.reminders.inbox(as: secretary).contains { $0.kind == "report_returned" && $0.text.contains("具体数字") })
            detail = try await v.workReports.detail(report.id, as: secretary)
            #expect(detail.report.state == .returned && detail.report.reason == "请补充承诺兑现的具体数字" && detail.mayWrite)

            try await v.workReports.write(
                report.id, done: "全体党员公开承诺，兑现率90%", problems: "个别承诺不够具体", plans: "年底前逐项兑现", files: [], submit: true, as: secretary)
            try await v.workReports.review(report.id, accept: true, reason: nil, as: town)
            #expect(await refusal { try await v.workReports.review(report.id, accept: true, reason: nil, as: town) } == .conflict)
            #expect(try await tally(v, c.city) == [6, 1, 1, 0])
            #expect(try await tally(v, c.town) == [3, 1, 1, 0])

            desk = try await v.workReports.desk(organizationID: c.town.id, year: 2026, period: .secondHalf, as: town)
            let review = try #require(desk.review)
            let t = review.total
            #expect(t.due == 2 && t.received == 1 && t.accepted == 1 && t.late == 0)
            #expect(
                Dictionary(uniqueKeysWithValues: review.rows.map { ($0.organization.id, $0.report?.state) }) == [c.village1.id: .accepted, c.village2.id: .due])
            // The town writes its own report to the district, and reviews those of its villages.
            #expect(desk.own.first?.state == .due && desk.mayWrite && review.mayReview)
            #expect(try await v.workReports.desk(organizationID: c.city.id, year: 2026, period: .secondHalf, as: office).issued.map(\.id) == [call.id])
            #expect(
                await refusal { _ = try await v.workReports.desk(organizationID: c.village1.id, year: 2026, period: .secondHalf, as: member) } == .forbidden)

            let differences = try await v.verifier.differences()
            #expect(differences.isEmpty, "\(differences)")
        }
    }

    @Test("到期前提醒一次、逾期后再提醒一次；逾期报送计为逾期；直属下级的布置不妨碍区委向全部下级布置；撤销的组织不再应报；同一期次同时布置只成一份", arguments: TestDatabase.enabled)
    func remindersLatenessDissolutionAndConcurrentCalls(_ database: TestDatabase) async throws {
        let time = SettableTime(millis: TestDatabase.fixedTime.millis)
        try await database.withVanguard(time: time) { v in
            let c = try await SmallCity.make(v)
            let office = caller(.campaignOffice, on: c.city, name: "office")
            let district = caller(.committeeStaff, on: c.district, name: "district")
            _ = try await v.workReports.issue(
                organizationID: c.city.id, year: 2026, period: .secondHalf, audience: .children, due: Self.due, requirements: nil, as: office)
            #expect(try await v.workReports.remind() == 2)
            #expect(try await v.workReports.remind() == 0)
            #expect(try await v.reminders.inbox(as: district).contains { $0.kind == "report_due" && $0.text.contains("2026-11-25") })

            time.advance(days: 5)
            #expect(try await v.workReports.remind() == 2)
            #expect(try await v.workReports.remind() == 0)
            let own = try #require(try await v.workReports.desk(organizationID: c.district.id, year: 2026, period: .secondHalf, as: district).own.first)
            try await v.workReports.write(own.id, done: "做了", problems: "不足", plans: "打算", files: [], submit: true, as: district)
            #expect(try await v.workReports.detail(own.id, as: district).report.late)
            #expect(try await tally(v, c.city) == [2, 1, 0, 1])

            // The city asked the level below only: the district may ask its whole subtree for the same period.
            let below = try await v.workReports.issue(
                organizationID: c.district.id, year: 2026, period: .secondHalf, audience: .subtree, due: CalendarDay(year: 2026, month: 12, day: 20)!,
                requirements: nil, as: district)
            #expect(below.reports == 3)
            #expect(try await tally(v, c.city) == [5, 1, 0, 1])
            // A branch moved elsewhere still reports to the town it was asked for, not to its new superior.
            let moved = try #require(try await v.workReports.desk(organizationID: c.village2.id, year: 2026, period: .secondHalf, as: office).own.first)
            _ = try await v.organizations.move(c.village2.id, under: c.community.id, as: office)
            let community = caller(.committeeStaff, on: c.community, name: "community")
            #expect(try await v.workReports.detail(moved.id, as: community).report.superiorID == c.town.id)
            try await v.workReports.write(moved.id, done: "做了", problems: "不足", plans: "打算", files: [], submit: true, as: .system())
            #expect(await refusal { try await v.workReports.review(moved.id, accept: true, reason: nil, as: community) } == .forbidden)
            // The town it goes to still opens and reviews it, though the branch is out of its subtree now.
            let town = caller(.committeeStaff, on: c.town, name: "town")
            #expect(try await v.workReports.detail(moved.id, as: town).mayReview)
            #expect(try await v.workbench.workbench(as: town).scopes.first?.reportsToReview == 1)
            try await v.workReports.review(moved.id, accept: false, reason: "请补充", as: town)
            try await v.organizations.dissolve(c.village2.id, transferMembersTo: nil, as: office)
            #expect(try await tally(v, c.city) == [4, 1, 0, 1])
            #expect(
                await refusal { try await v.workReports.write(moved.id, done: "a", problems: "b", plans: "c", files: [], submit: true, as: .system()) }
                    == .conflict)

            // Two calls for one period at once: one is made, the other refused.
            async let a = refusal {
                _ = try await v.workReports.issue(
                    organizationID: c.city.id, year: 2026, period: .annual, audience: .subtree, due: CalendarDay(year: 2026, month: 12, day: 31)!,
                    requirements: nil, as: office)
            }
            async let b = refusal {
                _ = try await v.workReports.issue(
                    organizationID: c.district.id, year: 2026, period: .annual, audience: .children, due: CalendarDay(year: 2026, month: 12, day: 31)!,
                    requirements: nil, as: district)
            }
            let outcomes = await [a, b]
            #expect(outcomes.filter { $0 == nil }.count == 1 && outcomes.contains(.conflict))

            let differences = try await v.verifier.differences()
            #expect(differences.isEmpty, "\(differences)")
        }
    }

    @Test("布置的边界：年份、截止日期、要求字数、无下级的支部、党员；报告的字数与附件数量", arguments: TestDatabase.enabled)
    func boundsOfCallsAndReports(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            let office = caller(.campaignOffice, on: c.city, name: "office")
            func issue(
                _ year: Int, _ due: CalendarDay, _ text: String? = nil, on org: OrganizationRecord? = nil, as who: Caller? = nil
            ) async -> VanguardError.Kind? {
                await refusal {
                    _ = try await v.workReports.issue(
                        organizationID: (org ?? c.city).id, year: year, period: .annual, audience: .subtree, due: due, requirements: text, as: who ?? office)
                }
            }
            #expect(await issue(2020, CalendarDay(year: 2020, month: 7, day: 10)!) == .invalid)
            #expect(await issue(2026, CalendarDay(year: 2026, month: 11, day: 20)!) == .invalid)  // yesterday
            #expect(await issue(2026, CalendarDay(year: 2028, month: 1, day: 10)!) == .invalid)
            #expect(await issue(2026, CalendarDay(year: 2027, month: 1, day: 20)!, String(repeating: "要", count: 2001)) == .invalid)
            #expect(await issue(2026, CalendarDay(year: 2027, month: 1, day: 20)!, on: c.village1, as: caller(.branchSecretary, on: c.village1)) == .invalid)
            #expect(await issue(2026, CalendarDay(year: 2027, month: 1, day: 20)!, as: caller(.member, on: c.city)) == .forbidden)
            #expect(try await v.workReports.desk(organizationID: c.city.id, year: 2026, period: .annual, as: office).issued.isEmpty)

            _ = try await v.workReports.issue(
                organizationID: c.city.id, year: 2026, period: .annual, audience: .children, due: CalendarDay(year: 2027, month: 1, day: 20)!,
                requirements: nil, as: office)
            let district = caller(.committeeStaff, on: c.district, name: "district")
            let r = try #require(try await v.workReports.desk(organizationID: c.district.id, year: 2026, period: .annual, as: district).own.first)
            #expect(
                await refusal {
                    try await v.workReports.write(
                        r.id, done: String(repeating: "字", count: 5001), problems: "", plans: "", files: [], submit: false, as: district)
                } == .invalid)
            let files = (0..<13).map { EvidenceUpload(name: "p\($0).png", bytes: Self.png) }
            #expect(
                await refusal { try await v.workReports.write(r.id, done: "a", problems: "", plans: "", files: files, submit: false, as: district) } == .invalid
            )
            try await v.workReports.write(r.id, done: "a", problems: "", plans: "", files: Array(files.prefix(6)), submit: false, as: district)
            try await v.workReports.write(r.id, done: "a", problems: "", plans: "", files: Array(files.prefix(6)), submit: false, as: district)
            #expect(
                await refusal { try await v.workReports.write(r.id, done: "a", problems: "", plans: "", files: [files[0]], submit: false, as: district) }
                    == .invalid)
            #expect(try await v.workReports.detail(r.id, as: district).files.count == 12)
        }
    }
}
