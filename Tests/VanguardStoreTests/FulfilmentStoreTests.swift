import Foundation
import Testing
import VanguardCore
import VanguardTestSupport

@testable import VanguardStore

@Suite("践诺、提醒、台账与督促（SQLite 与 PostgreSQL）")
struct FulfilmentStoreTests {
    static let day: Int64 = 86_400_000
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + Array("走访照片".utf8)

    static func items(_ deadlines: [CalendarDay]) -> [CommitmentItemDraft] {
        deadlines.enumerated().map { i, d in
            CommitmentItemDraft(content: "第\(i + 1)件实事", responsibility: "本人", deadline: d, expectedResult: "群众满意")
        }
    }

    static let dec31 = CalendarDay(year: 2026, month: 12, day: 31)!
    static let nov25 = CalendarDay(year: 2026, month: 11, day: 25)!

    /// A member's commitment taken to 亮诺 by her branch secretary.
    func published(
        _ v: Vanguard, _ m: MemberRecord, _ deadlines: [CalendarDay], secretary: Caller, kind: CommitmentKind = .annual
    ) async throws
        -> CommitmentRecord
    {
        let c = try await v.commitments.createForMember(m.id, kind: kind, year: 2026, items: Self.items(deadlines), as: secretary)
        for a in [CommitmentAction.submit, .approve, .publish] { _ = try await v.commitments.act(c.id, a, as: secretary) }
        return try await v.commitments.get(c.id, as: secretary)
    }

    @Test("践诺：报告进展并附佐证，逐项兑现，全部兑现后承诺即已兑现", arguments: TestDatabase.enabled)
    func progressWithEvidenceFulfilsItemByItem(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            let m = try await v.members.create(sampleMember("M1", name: "刘芳"), organizationID: c.village1.id, as: .system())
            let me = memberCaller(m, on: c.village1)
            let secretary = caller(.branchSecretary, on: c.village1)
            let p = try await published(v, m, [Self.dec31, Self.dec31], secretary: secretary)

            let first = try await v.fulfilment.report(
                p.id, itemPosition: 1, text: "已走访三户", fulfils: true, files: [EvidenceUpload(name: "走访.jpg", bytes: Self.jpeg)], as: me)
            #expect(first.state == .inProgress && first.items[0].fulfilled && !first.items[1].fulfilled)
            let last = try await v.fulfilment.report(
                p.id, itemPosition: 2, text: "第二件也办完了", fulfils: true, files: [EvidenceUpload(name: "again.jpg", bytes: Self.jpeg)], as: me)
            #expect(last.state == .fulfilled && last.items.allSatisfy(\.fulfilled))

            let reports = try await v.fulfilment.progress(p.id, as: secretary)
            #expect(reports.map(\.itemPosition) == [1, 2] && reports.allSatisfy(\.fulfils))
            let file = try #require(reports[0].files.first)
            #expect(file.contentType == "image/jpeg" && file.size == Int64(Self.jpeg.count))
            #expect(file.sha256.count == 64 && reports[1].files[0].sha256 == file.sha256)
            let stored = try await v.fulfilment.evidence(file.id, as: secretary)
            #expect(stored.bytes == Self.jpeg)
            let blobs = try await v.backend.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM evidence_blobs").first(decodingColumn: "n", as: Int.self)
            }
            #expect(blobs == 1)
            let history = try await v.commitments.history(p.id, as: me).map(\.action)
            #expect(history.suffix(2) == ["start", "fulfil"])
        }
    }

    @Test("佐证材料不合规时整份进展被拒收，什么也不写入", arguments: TestDatabase.enabled)
    func badEvidenceIsRefusedWhole(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            let m = try await v.members.create(sampleMember("M1"), organizationID: c.village1.id, as: .system())
            let secretary = caller(.branchSecretary, on: c.village1)
            let p = try await published(v, m, [Self.dec31], secretary: secretary)
            do {
                _ = try await v.fulfilment.report(
                    p.id, itemPosition: 1, text: "完成", fulfils: true,
                    files: [EvidenceUpload(name: "ok.jpg", bytes: Self.jpeg), EvidenceUpload(name: "run.exe", bytes: [0x4D, 0x5A, 0x90])],
                    as: memberCaller(m, on: c.village1))
                Issue.record("an executable was accepted as evidence")
            } catch let e as VanguardError {
                #expect(e.kind == .invalid && e.field == "files[1]")
            }
            #expect(try await v.fulfilment.progress(p.id, as: secretary).isEmpty)
            let after = try await v.commitments.get(p.id, as: secretary)
            #expect(after.state == .published && !after.items[0].fulfilled)
            let blobs = try await v.backend.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM evidence_blobs").first(decodingColumn: "n", as: Int.self)
            }
            #expect(blobs == 0)
        }
    }

    @Test("过了时限仍未兑现的承诺被标记逾期，本人收到提醒和短信；一周内到期的只提醒一次", arguments: TestDatabase.enabled)
    func overdueIsMarkedAndReminded(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            let a = try await v.members.create(sampleMember("A1", name: "甲"), organizationID: c.village1.id, as: .system())
            let b = try await v.members.create(sampleMember("B1", name: "乙"), organizationID: c.village1.id, as: .system())
            let secretary = caller(.branchSecretary, on: c.village1)
            let late = try await published(v, a, [Self.nov25], secretary: secretary)
            let soon = try await published(v, b, [Self.dec31, CalendarDay(year: 2026, month: 12, day: 2)!], secretary: secretary)

            // Four days on, the 25 November deadline has passed; 2 December is within a week.
            let later = Vanguard(backend: v.backend, time: FixedTime(millis: TestDatabase.fixedTime.millis + 5 * Self.day))
            #expect(try await later.reminders.sweep() == .init(markedOverdue: 1, reminded: 1))
            #expect(try await later.reminders.sweep() == .init(markedOverdue: 0, reminded: 0))
            #expect(try await v.commitments.get(late.id, as: secretary).state == .overdue)
            #expect(try await v.commitments.get(soon.id, as: secretary).state == .published)
            let history = try await v.commitments.history(late.id, as: secretary)
            #expect(history.last?.action == "mark_overdue" && history.last?.actor == "system")

            let inbox = try await later.reminders.inbox(as: memberCaller(a, on: c.village1))
            #expect(inbox.first?.kind == "overdue" && inbox.first?.commitmentID == late.id)
            #expect(try await later.reminders.inbox(as: memberCaller(b, on: c.village1)).first?.kind == "due_soon")
            let outbox = try await later.reminders.outbox()
            #expect(outbox.contains { $0.channel == "sms" && $0.address == "13800138000" && $0.body.contains("逾期") })

            // The branch urges every overdue commitment it reviews at once.
            #expect(try await later.reminders.urgeOverdue(organizationID: c.village1.id, note: "请本周内兑现", as: secretary) == 1)
            #expect(try await later.reminders.inbox(as: memberCaller(a, on: c.village1)).first?.text == "督促：请本周内兑现")
            await #expect(throws: VanguardError.self) {
                _ = try await later.reminders.urgeOverdue(organizationID: c.village1.id, note: "越权", as: memberCaller(b, on: c.village1))
            }
            // An overdue commitment can still be fulfilled.
            let done = try await later.fulfilment.report(late.id, itemPosition: 1, text: "迟到但完成", fulfils: true, files: [], as: memberCaller(a, on: c.village1))
            #expect(done.state == .fulfilled)
        }
    }

    @Test("退回、提交、督促都进入相应的站内提醒", arguments: TestDatabase.enabled)
    func transitionsReachTheInbox(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            let m = try await v.members.create(sampleMember("M1"), organizationID: c.village1.id, as: .system())
            let me = memberCaller(m, on: c.village1)
            let secretary = caller(.branchSecretary, on: c.village1)
            let d = try await v.commitments.createForMember(m.id, kind: .annual, year: 2026, items: Self.items([Self.dec31]), as: me)
            _ = try await v.commitments.act(d.id, .submit, as: me)
            #expect(try await v.reminders.inbox(as: secretary).first?.kind == "submitted")
            _ = try await v.commitments.act(d.id, .return, note: "标准偏低", as: secretary)
            let mine = try await v.reminders.inbox(as: me)
            #expect(mine.first?.kind == "returned" && mine.first?.text.contains("标准偏低") == true && mine.first?.read == false)
            try await v.reminders.markAllRead(as: me)
            #expect(try await v.reminders.inbox(as: me).allSatisfy(\.read))
            await #expect(throws: VanguardError.self) { try await v.reminders.urge(d.id, note: "抓紧", as: secretary) }
            let p = try await published(
                v, try await v.members.create(sampleMember("M2"), organizationID: c.village1.id, as: .system()), [Self.dec31], secretary: secretary)
            await #expect(throws: VanguardError.self) { try await v.reminders.urge(p.id, note: "抓紧", as: me) }
            try await v.reminders.urge(p.id, note: "请按时兑现", as: secretary)
        }
    }

    @Test("免于承诺须有支部同意；全覆盖按下级组织汇总应承诺、已承诺、免于承诺和未承诺", arguments: TestDatabase.enabled)
    func coverageRollsUpWithExemptions(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            let secretary = caller(.branchSecretary, on: c.village1)
            var old = sampleMember("R1", name: "老党员")
            old.categories.retired = true
            let retired = try await v.members.create(old, organizationID: c.village1.id, as: .system())
            let a = try await v.members.create(sampleMember("A1", name: "甲"), organizationID: c.village1.id, as: .system())
            _ = try await v.members.create(sampleMember("B1", name: "乙"), organizationID: c.village1.id, as: .system())
            _ = try await v.members.create(sampleMember("C1", name: "丙"), organizationID: c.village2.id, as: .system())
            await #expect(throws: VanguardError.self) {
                try await v.branches.exempt(memberID: retired.id, year: 2026, reason: .retired, consent: "", note: nil, as: secretary)
            }
            await #expect(throws: VanguardError.self) {
                try await v.branches.exempt(memberID: a.id, year: 2026, reason: .retired, consent: "支部大会同意", note: nil, as: secretary)
            }
            try await v.branches.exempt(memberID: retired.id, year: 2026, reason: .retired, consent: "2026-03-05 支部大会同意", note: nil, as: secretary)
            // An oral commitment the secretary records on the member's behalf counts once submitted.
            let oral = try await v.commitments.createForMember(a.id, kind: .annual, year: 2026, items: Self.items([Self.dec31]), as: secretary)
            _ = try await v.commitments.act(oral.id, .submit, as: secretary)
            _ = try await v.branches.recordMeeting(
                organizationID: c.village1.id, year: 2026, heldOn: CalendarDay(year: 2026, month: 3, day: 5)!, attendees: 3, topic: "党员公开承诺", as: secretary)

            let town = try await v.branches.coverage(organizationID: c.town.id, year: 2026, as: .system())
            let v1 = try #require(town.children.first { $0.organizationID == c.village1.id })
            let v2 = try #require(town.children.first { $0.organizationID == c.village2.id })
            #expect((v1.members, v1.exempted, v1.committed, v1.missing) == (3, 1, 1, 1))
            #expect((v2.members, v2.committed, v2.missing) == (1, 0, 1))
            let district = try await v.branches.coverage(organizationID: c.district.id, year: 2026, as: .system())
            #expect(district.children.map(\.missing) == [2] && district.children[0].members == 4)
            // the branch's coverage page: who still owes one, who is exempt, the meeting, in one read
            let sheet = try await v.branches.coverageSheet(organizationID: c.village1.id, year: 2026, as: secretary)
            #expect(sheet.missing.map(\.name) == ["乙"] && sheet.exemptions.map(\.memberName) == ["老党员"] && sheet.meetings.first?.attendees == 3)
            #expect((sheet.own.members, sheet.own.committed) == (v1.members, v1.committed))
        }
    }

    @Test("承诺台账按状态、类型、主体和逾期筛选，导出每项一行", arguments: TestDatabase.enabled)
    func ledgerFiltersAndExports(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            let secretary = caller(.branchSecretary, on: c.village1)
            let a = try await v.members.create(sampleMember("A1", name: "甲"), organizationID: c.village1.id, as: .system())
            let b = try await v.members.create(sampleMember("B1", name: "乙"), organizationID: c.village1.id, as: .system())
            let pa = try await published(v, a, [Self.nov25, Self.dec31], secretary: secretary)
            _ = try await v.commitments.createForMember(b.id, kind: .immediate, year: 2026, items: Self.items([Self.dec31]), as: secretary)
            _ = try await v.commitments.createForOrganization(c.village1.id, kind: .annual, year: 2026, items: Self.items([Self.dec31]), as: secretary)

            let all = try await v.ledger.page(organizationID: c.town.id, filter: .init(year: 2026), as: .system())
            #expect(all.total == 3 && all.rows.first?.memberName == nil)
            #expect(try await v.ledger.page(organizationID: c.town.id, filter: .init(year: 2026, subject: "member"), as: .system()).total == 2)
            #expect(try await v.ledger.page(organizationID: c.town.id, filter: .init(year: 2026, kind: .immediate), as: .system()).total == 1)
            #expect(try await v.ledger.page(organizationID: c.town.id, filter: .init(year: 2026, state: .published), as: .system()).rows.map(\.id) == [pa.id])
            #expect(try await v.ledger.page(organizationID: c.village2.id, filter: .init(year: 2026), as: .system()).total == 0)
            let later = Vanguard(backend: v.backend, time: FixedTime(millis: TestDatabase.fixedTime.millis + 5 * Self.day))
            #expect(
                try await later.ledger.page(organizationID: c.town.id, filter: .init(year: 2026, overdueOnly: true), as: .system()).rows.map(\.id) == [pa.id])

            let csv = try await later.ledger.export(organizationID: c.town.id, filter: .init(year: 2026), format: .csv, as: secretary.withScope(of: c.town))
            let rows = try SheetFile.rows(from: try csv.data())
            #expect(rows.count == 1 + 4 && rows[0] == LedgerService.exportColumns)
            #expect(rows.contains { $0[4] == "甲" && $0[9] == "第1件实事" && $0.last == "是" })
            let xlsx = try await v.ledger.export(organizationID: c.town.id, filter: .init(year: 2026), format: .xlsx, as: .system())
            // the spreadsheet has a title row (the organization, the year, the date of compilation) above the header
            #expect(xlsx.fileName == "桃花镇2026年承诺台账.xlsx")
            let sheet = try SheetFile.rows(from: try xlsx.data())
            #expect(sheet.count == 6 && sheet[0].first?.hasPrefix("中共桃花镇委员会 2026年承诺台账（编制日期：") == true && sheet[1] == LedgerService.exportColumns)
            await #expect(throws: VanguardError.self) {
                _ = try await v.ledger.export(organizationID: c.town.id, filter: .init(year: 2026), format: .csv, as: caller(.member, on: c.town))
            }
        }
    }

    @Test("跟踪检查、整改要求与回头看：整改要求送达承诺人，承诺人答复后销号", arguments: TestDatabase.enabled)
    func supervisionAndRectification(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            let secretary = caller(.branchSecretary, on: c.village1)
            let staff = caller(.committeeStaff, on: c.district)
            let org = try await v.commitments.createForOrganization(c.village1.id, kind: .annual, year: 2026, items: Self.items([Self.dec31]), as: secretary)
            for (a, who) in [(CommitmentAction.submit, secretary), (.approve, staff), (.publish, staff)] { _ = try await v.commitments.act(org.id, a, as: who) }
            let today = CalendarDay(year: 2026, month: 11, day: 21)!
            _ = try await v.supervision.record(
                organizationID: c.town.id, kind: .check, heldOn: today, findings: "抽查两个村的践诺台账", urged: "按月更新进展", commitmentID: nil, deadline: nil, as: staff)
            let demand = try await v.supervision.record(
                organizationID: c.town.id, kind: .rectification, heldOn: today, findings: "承诺内容空泛，难以考核", urged: nil, commitmentID: org.id,
                deadline: Self.dec31, as: staff)
            #expect(demand.organizationID == c.village1.id && demand.deadline == Self.dec31)
            await #expect(throws: VanguardError.self) {
                _ = try await v.supervision.record(
                    organizationID: c.village1.id, kind: .rectification, heldOn: today, findings: "自己要求自己", urged: nil, commitmentID: org.id,
                    deadline: Self.dec31,
                    as: secretary)
            }
            #expect(try await v.reminders.inbox(as: secretary).contains { $0.kind == "rectification" })
            // The demand is also on the one ledger: an item of the village, checked off by its reviewer; told once, not twice.
            #expect(try await v.reminders.inbox(as: secretary).filter { $0.kind.hasPrefix("rectification") }.count == 1)
            let ledger = try await v.rectifications.ledger(organizationID: c.district.id, filter: .all, confirming: false, as: staff)
            let item = try #require(ledger.items.first { $0.source == .commitment })
            #expect(ledger.total == 1 && item.sourceID == demand.id && item.organizationID == c.village1.id && item.state == .open)
            #expect(item.confirmerID == org.reviewerOrganizationID && item.deadline == Self.dec31 && item.problem == "承诺内容空泛，难以考核")
            let answered = try await v.supervision.resolve(demand.id, response: "已细化为可量化的三项", as: secretary)
            #expect(answered.resolvedOn == today)
            // The answer asks for check-off; the reviewer checks it off, and the counters follow.
            let detail = try await v.rectifications.detail(item.id, as: staff)
            #expect(detail.item.state == .reported && detail.commitmentID == org.id && detail.inspectionPlanID == nil)
            #expect(await refusal { _ = try await v.rectifications.act(item.id, .checkOff, text: "", as: secretary) } == .forbidden)
            _ = try await v.rectifications.act(item.id, .checkOff, text: "复核属实", as: caller(.committeeStaff, on: c.district, name: "复核人"))
            let figures = try await v.backend.read { db in try await StatsRepository.figures(db, organizationID: c.city.id, year: 2026) }.subtree
            #expect(figures.value(StatMetric.rectifications(.checkedOff)) == 1)
            #expect(try await v.verifier.differences().isEmpty)
            await #expect(throws: VanguardError.self) { _ = try await v.supervision.resolve(demand.id, response: "再答一次", as: secretary) }
            _ = try await v.supervision.record(
                organizationID: c.town.id, kind: .lookBack, heldOn: today, findings: "回头看：全镇承诺兑现率95%", urged: nil, commitmentID: nil, deadline: nil, as: staff)
            let records = try await v.supervision.list(organizationID: c.district.id, as: staff)
            #expect(Set(records.map(\.kind)) == [.check, .rectification, .lookBack])
            #expect(try await v.supervision.list(organizationID: c.village1.id, as: secretary).map(\.kind) == [.rectification])
        }
    }

    @Test("深化提升阶段开启新一轮，长期承诺可按申请结转到新一轮", arguments: TestDatabase.enabled)
    func longTermCarriesForwardIntoTheNextRound(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            _ = try await v.campaigns.create(
                name: "创先争优", theme: "创先争优", subTheme: nil, startYear: 2026, endYear: 2028, planDueOn: nil,
                phases: [
                    CampaignPhase(
                        kind: .mobilization, startsOn: CalendarDay(year: 2026, month: 3, day: 1)!, endsOn: CalendarDay(year: 2026, month: 5, day: 31)!),
                    CampaignPhase(kind: .rollout, startsOn: CalendarDay(year: 2026, month: 6, day: 1)!, endsOn: CalendarDay(year: 2026, month: 12, day: 20)!),
                    CampaignPhase(
                        kind: .deepening, startsOn: CalendarDay(year: 2026, month: 12, day: 21)!, endsOn: CalendarDay(year: 2027, month: 6, day: 30)!),
                ], carriers: [], as: .system())
            let m = try await v.members.create(sampleMember("M1"), organizationID: c.village1.id, as: .system())
            let secretary = caller(.branchSecretary, on: c.village1)
            let long = try await published(v, m, [Self.dec31], secretary: secretary, kind: .longTerm)
            #expect(long.round == 1)
            await #expect(throws: VanguardError.self) { _ = try await v.commitments.carryForward(long.id, as: secretary) }

            let deepening = Vanguard(backend: v.backend, time: FixedTime(millis: TestDatabase.fixedTime.millis + 30 * Self.day))
            let carried = try await deepening.commitments.carryForward(long.id, as: secretary)
            #expect(carried.round == 2 && carried.carriedFrom == long.id && carried.state == .submitted && carried.kind == .longTerm)
            #expect(carried.items.map(\.draft.content) == long.items.map(\.draft.content))
            await #expect(throws: VanguardError.self) { _ = try await deepening.commitments.carryForward(long.id, as: secretary) }
            // A new round means a new annual commitment may be made.
            _ = try await published(v, m, [Self.dec31], secretary: secretary)
            let annual2 = try await deepening.commitments.createForMember(
                m.id, kind: .annual, year: 2026, items: Self.items([CalendarDay(year: 2027, month: 6, day: 30)!]), as: secretary)
            #expect(annual2.round == 2)
        }
    }
}

@Suite("承诺重点领域是数据（SQLite 与 PostgreSQL）")
struct FocusAreaStoreTests {
    @Test("领导小组办公室增删重点领域，定诺表单随之变化；其他人不能改", arguments: TestDatabase.enabled)
    func focusAreasAreEditableData(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            let office = caller(.campaignOffice, on: c.city)
            try await v.focusAreas.add(sector: .village, audience: .member, text: "带头发展特色种养", as: office)
            #expect(try await v.commitments.focusAreas(sector: .village, audience: "member").last == "带头发展特色种养")
            await #expect(throws: VanguardError.self) { try await v.focusAreas.add(sector: .village, audience: .member, text: "带头发展特色种养", as: office) }
            await #expect(throws: VanguardError.self) {
                try await v.focusAreas.add(sector: .village, audience: .member, text: "由书记添加", as: caller(.branchSecretary, on: c.village1))
            }
            let added = try #require(try await v.focusAreas.all().first { $0.text == "带头发展特色种养" })
            try await v.focusAreas.remove(added.id, as: office)
            #expect(!(try await v.commitments.focusAreas(sector: .village, audience: "member").contains("带头发展特色种养")))
        }
    }
}

extension Caller {
    /// The same person with a branch secretary's role on another organization.
    func withScope(of org: OrganizationRecord) -> Caller {
        var c = self
        c.scope = AccessScope(grants: [RoleGrant(role: .branchSecretary, organizationID: org.id, organizationPath: org.path)])
        return c
    }
}
