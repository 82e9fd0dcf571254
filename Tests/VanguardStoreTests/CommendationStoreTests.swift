import Foundation
import SQLKit
import Testing
import VanguardCore
import VanguardTestSupport

@testable import VanguardStore

@Suite("评选表彰：名额、逐级推荐、公示与异议、表彰决定与撤销（SQLite 与 PostgreSQL）")
struct CommendationStoreTests {
    func kind(_ body: () async throws -> Void) async -> VanguardError.Kind? { await refusal(body) }

    static let decideBy = CalendarDay(year: 2026, month: 12, day: 20)!

    /// 甲 (a woman of 31) is determined excellent and rated satisfied by the village; 乙 only qualified.
    func members(_ v: Vanguard, _ c: SmallCity) async throws -> (a: MemberRecord, b: MemberRecord, secretary: Caller) {
        let secretary = caller(.branchSecretary, on: c.village1, name: "secretary")
        var young = sampleMember("M001", name: "甲")
        young.gender = .female
        young.birthDate = CalendarDay(year: 1995, month: 3, day: 8)!
        young.joinDate = CalendarDay(year: 2018, month: 7, day: 1)!
        let a = try await v.members.create(young, organizationID: c.village1.id, as: .system())
        let b = try await v.members.create(sampleMember("M002", name: "乙"), organizationID: c.village1.id, as: .system())
        let round = try await v.massEvaluation.open(organizationID: c.village1.id, title: "年终评议", as: secretary)
        let targets = round.targets.filter { $0.memberID != nil }
        for code in try await v.massEvaluation.issueCodes(roundID: round.id, count: 3, as: secretary) {
            try await v.massEvaluation.cast(code: code, answers: Dictionary(uniqueKeysWithValues: targets.map { ($0.id, .satisfied) }), remarks: [:])
        }
        _ = try await v.massEvaluation.close(roundID: round.id, as: secretary)
        _ = try await v.determinations.determine(organizationID: c.village1.id, memberID: a.id, year: 2026, grade: .excellent, reason: "带头发展产业", as: secretary)
        _ = try await v.determinations.determine(organizationID: c.village1.id, memberID: b.id, year: 2026, grade: .qualified, reason: "表现正常", as: secretary)
        return (a, b, secretary)
    }

    func figures(_ v: Vanguard, _ id: Int64) async throws -> StatFigures {
        try await v.backend.read { db in try await StatsRepository.figures(db, organizationID: id, year: 2026).subtree }
    }

    @Test("支部推荐党员，区委审核上报，市委遴选、公示；群众匿名提出异议（限频），核实后作出表彰决定；不符合条件的被拒并说明理由；称号计入积分和统计，弄虚作假撤销后积分统计回退且限期不得再推荐", arguments: TestDatabase.enabled)
    func memberNominatedLevelByLevelCommendedAndRevoked(_ database: TestDatabase) async throws {
        let clock = SettableTime(millis: TestDatabase.fixedTime.millis)
        try await database.withVanguard(time: clock) { v in
            let c = try await SmallCity.make(v)
            let (a, b, secretary) = try await members(v, c)
            let city = caller(.campaignOffice, on: c.city, name: "city")
            let district = caller(.committeeStaff, on: c.district, name: "district")
            #expect(
                await kind {
                    _ = try await v.commendations.open(
                        organizationID: c.village1.id, year: 2026, level: .county, name: "表彰", decideBy: Self.decideBy, noticeDays: 5, as: .system())
                } == .invalid)  // a branch does not commend
            #expect(
                await kind {
                    _ = try await v.commendations.open(
                        organizationID: c.city.id, year: 2026, level: .city, name: "表彰", decideBy: Self.decideBy, noticeDays: 5, as: district)
                } == .notFound)
            #expect(
                await kind {
                    _ = try await v.commendations.open(
                        organizationID: c.city.id, year: 2026, level: .city, name: "表彰", decideBy: Self.decideBy, noticeDays: 2, as: city)
                } == .invalid)
            #expect(
                await kind {
                    _ = try await v.commendations.open(
                        organizationID: c.district.id, year: 2026, level: .national, name: "表彰", decideBy: Self.decideBy, noticeDays: 5, as: district)
                } == .invalid)  // a county commends at city level at most: no national counts from below
            let round = try await v.commendations.open(
                organizationID: c.city.id, year: 2026, level: .city, name: "2026年度创先争优表彰", decideBy: Self.decideBy, noticeDays: 5, as: city)
            for bad in [EligibilityRule(.satisfaction, .nan), EligibilityRule(.scoring, .infinity)] {
                #expect(
                    await kind { try await v.commendations.setEligibility(roundID: round.id, title: "excellent_member", rules: [bad], as: city) } == .invalid)
            }
            #expect(round.eligibility["excellent_member"]?.map(\.kind) == EligibilityRule.defaults(for: CommendationTitle.defaults[1]).map(\.kind))

            // Quotas: the city's total first, then the district's share, which the district may not raise itself.
            #expect(
                await kind {
                    try await v.commendations.setQuota(roundID: round.id, title: "excellent_member", organizationID: c.district.id, quota: 1, as: city)
                }
                    == .conflict)
            try await v.commendations.setQuota(roundID: round.id, title: "excellent_member", organizationID: c.city.id, quota: 2, as: city)
            #expect(
                await kind {
                    try await v.commendations.setQuota(roundID: round.id, title: "excellent_member", organizationID: c.district.id, quota: 3, as: city)
                }
                    == .conflict)
            try await v.commendations.setQuota(roundID: round.id, title: "excellent_member", organizationID: c.district.id, quota: 1, as: city)
            #expect(
                await kind {
                    try await v.commendations.setQuota(roundID: round.id, title: "excellent_member", organizationID: c.district.id, quota: 2, as: district)
                }
                    == .forbidden)
            #expect(
                await kind { try await v.commendations.setQuota(roundID: round.id, title: "excellent_member", organizationID: c.city.id, quota: 0, as: city) }
                    == .conflict)  // below what is split

            // 乙 is refused with the reason read from the records; 甲 is nominated by her branch.
            do {
                _ = try await v.nominations.nominate(
                    roundID: round.id, title: "excellent_member", nominatorID: c.village1.id, organizationID: nil, memberID: b.id, deeds: "带头致富",
                    summary: "带头致富", as: secretary)
                Issue.record("乙 was nominated though determined qualified")
            } catch let e as VanguardError {
                #expect(e.kind == .conflict && e.message.zh.contains("乙不符合表彰条件") && e.message.zh.contains("组织认定为合格"))
            }
            #expect(
                await kind {
                    _ = try await v.nominations.nominate(
                        roundID: round.id, title: "advanced_organization", nominatorID: c.village1.id, organizationID: nil, memberID: a.id, deeds: "x",
                        summary: "x", as: secretary)
                } == .invalid)  // a collective's title for a person
            #expect(
                await kind {
                    _ = try await v.nominations.nominate(
                        roundID: round.id, title: "excellent_member", nominatorID: c.village1.id, organizationID: nil, memberID: a.id, deeds: "带头", summary: "",
                        as: secretary)
                } == .invalid)
            #expect(
                await kind {
                    _ = try await v.nominations.nominate(
                        roundID: round.id, title: "excellent_member", nominatorID: c.village1.id, organizationID: nil, memberID: a.id, deeds: "带头",
                        summary: "带头", as: caller(.member, on: c.village1))
                } == .forbidden)
            let n = try await v.nominations.nominate(
                roundID: round.id, title: "excellent_member", nominatorID: c.village1.id, organizationID: nil, memberID: a.id,
                deeds: "十年如一日照顾孤寡老人，带领村民发展茶叶产业。", summary: "带领村民发展茶叶产业", as: secretary)
            #expect(n.state == .pending && n.holderID == c.district.id && n.facts?.grade == .excellent && n.facts?.satisfaction == 1)
            // 事迹材料附件: the branch adds a photo beside the deeds (a bad file refuses the whole upload); the district reads it.
            let photo: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 5, count: 40)
            #expect(
                await kind {
                    try await v.nominations.attach(
                        n.id, files: [EvidenceUpload(name: "茶园.png", bytes: photo), EvidenceUpload(name: "x.exe", bytes: Array("MZ".utf8))], as: secretary)
                } == .invalid)
            try await v.nominations.attach(n.id, files: [EvidenceUpload(name: "茶园.png", bytes: photo)], as: secretary)
            #expect(
                await kind { try await v.nominations.attach(n.id, files: [EvidenceUpload(name: "a.png", bytes: photo)], as: caller(.member, on: c.village1)) }
                    == .notFound)
            let deedFile = try #require(try await v.nominations.detail(n.id, as: district).files?.first)
            #expect(try await v.nominations.file(deedFile.id, as: district).bytes == photo && deedFile.name == "茶园.png")
            // A summary of one letter and a pile of combining marks is not "short".
            #expect(
                await kind {
                    _ = try await v.nominations.nominate(
                        roundID: round.id, title: "excellent_worker", nominatorID: c.village1.id, organizationID: nil, memberID: b.id, deeds: "带头",
                        summary: "带" + String(repeating: "\u{0301}", count: 5000), as: secretary)
                } == .invalid)
            #expect(
                await kind {
                    _ = try await v.nominations.nominate(
                        roundID: round.id, title: "excellent_worker", nominatorID: c.village1.id, organizationID: nil, memberID: a.id, deeds: "再报",
                        summary: "再报", as: secretary)
                } == .conflict)  // one live nomination of a person per round
            // Private before the notice: the village's members and the other district do not see it.
            #expect(await kind { _ = try await v.nominations.detail(n.id, as: caller(.member, on: c.village1)) } == .notFound)
            #expect(try await v.commendations.desk(roundID: round.id, as: caller(.committeeStaff, on: c.otherDistrict)).nominations.isEmpty)
            #expect(try await figures(v, c.city.id).value(StatMetric.nominated) == 1)

            // The branch cannot forward past the district; the district forwards to the city, which selects.
            #expect(await kind { try await v.nominations.forward(n.id, as: secretary) } == .forbidden)
            #expect(try await v.nominations.detail(n.id, as: district).mayForward)
            // The district's workbench: one nomination waiting at its level; the branch has no commendation to-dos.
            #expect(try await v.workbench.workbench(as: district).scopes.first?.commendationTodos == 1)
            #expect(try await v.commendations.rounds(organizationID: c.district.id, todos: true, as: district).todos?.nominations.map(\.id) == [n.id])
            #expect(try await v.workbench.workbench(as: secretary).scopes.first?.commendationTodos == nil)
            try await v.nominations.forward(n.id, as: district)
            #expect(try await v.workbench.workbench(as: district).scopes.first?.commendationTodos == 0)
            #expect(await kind { try await v.nominations.forward(n.id, as: district) } == .forbidden)  // now at the city
            #expect(await kind { try await v.nominations.shortlist(n.id, as: district) } == .forbidden)
            try await v.nominations.shortlist(n.id, as: city)
            #expect(await kind { _ = try await v.publicNotices.notice(roundID: round.id) } == .notFound)  // not public yet

            // 公示: public without login, short deeds only.
            try await v.commendations.publish(roundID: round.id, as: city)
            // On notice the nomination is public, its files are not.
            #expect(try await v.nominations.detail(n.id, as: caller(.member, on: c.city)).files == nil)
            #expect(await kind { _ = try await v.nominations.file(deedFile.id, as: caller(.member, on: c.village1)) } == .notFound)
            #expect(try await v.nominations.detail(n.id, as: city).mayAttach == false)
            let notice = try await v.publicNotices.notice(roundID: round.id)
            #expect(notice.open && notice.entries.map(\.nomineeName) == ["甲"] && notice.entries[0].summary == "带领村民发展茶叶产业")
            #expect(try await v.publicNotices.board().map(\.id) == [round.id])
            #expect(try await figures(v, c.city.id).value(StatMetric.onNotice) == 1)
            #expect(await kind { _ = try await v.publicNotices.lodge(nominationID: n.id, content: "短", name: nil, contact: nil, client: "k1") } == .invalid)
            let objection = try await v.publicNotices.lodge(
                nominationID: n.id, content: "反映其茶叶合作社账目不清", name: nil, contact: nil, client: "k1")
            for _ in 0..<PublicNoticeService.objectionsPerDay {
                _ = try await v.publicNotices.lodge(nominationID: n.id, content: "同一来源重复反映的问题", name: "张某", contact: nil, client: "k2")
            }
            #expect(
                await kind { _ = try await v.publicNotices.lodge(nominationID: n.id, content: "同一来源重复反映的问题", name: nil, contact: nil, client: "k2") }
                    == .tooManyRequests)
            let desk = try await v.commendations.desk(roundID: round.id, as: city)
            #expect(desk.objections?.count == PublicNoticeService.objectionsPerDay + 1 && desk.objections?.first?.id == objection)
            #expect(try await v.commendations.desk(roundID: round.id, as: district).objections == nil)
            // The city's office has every open objection to verify on its list.
            let todos = try #require(try await v.commendations.rounds(organizationID: c.city.id, todos: true, as: city).todos)
            #expect(todos.objections.count == PublicNoticeService.objectionsPerDay + 1 && todos.objections.allSatisfy { $0.roundID == round.id })
            #expect(try await v.workbench.workbench(as: city).scopes.first?.commendationTodos == todos.total && todos.total > 0)

            // No decision during the notice, nor while an objection is open.
            #expect(await kind { try await v.commendations.decide(roundID: round.id, number: "市委〔2026〕1号", as: city) } == .conflict)
            clock.advance(days: 5)
            #expect(
                await kind { _ = try await v.publicNotices.lodge(nominationID: n.id, content: "期满后反映的问题", name: nil, contact: nil, client: "k3") } == .conflict)
            #expect(await kind { try await v.commendations.decide(roundID: round.id, number: "市委〔2026〕1号", as: city) } == .conflict)
            #expect(
                await kind { try await v.publicNotices.verify(objectionID: objection, outcome: .dismissed, text: "经查账目清楚", as: district) } == .forbidden)
            for x in try #require(desk.objections) {
                try await v.publicNotices.verify(objectionID: x.id, outcome: .dismissed, text: "经查合作社账目清楚，反映不属实", as: city)
            }
            #expect(await kind { try await v.publicNotices.verify(objectionID: objection, outcome: .upheld, text: "再核", as: city) } == .conflict)
            let pointsBefore = try await figures(v, c.city.id).value(StatMetric.memberPoints)
            try await v.commendations.decide(roundID: round.id, number: "市委〔2026〕1号", as: city)
            let commended = try await v.nominations.detail(n.id, as: caller(.member, on: c.village1))  // public now, without the evidence
            #expect(commended.nomination.facts == nil && commended.nomination.deeds == "带领村民发展茶叶产业")
            #expect(try await v.nominations.detail(n.id, as: secretary).nomination.facts != nil)
            #expect(
                commended.nomination.state == .commended
                    && commended.steps.map(\.action) == [
                        "nominate", "forward", "shortlist", "notice", "verify", "verify", "verify", "verify", "verify", "verify", "commend",
                    ])
            #expect(try await figures(v, c.city.id).commended(title: "excellent_member") == 1)
            #expect(try await figures(v, c.village1.id).value(StatMetric.commended(title: "excellent_member", level: .city)) == 1)
            #expect(try await figures(v, c.city.id).value(StatMetric.memberPoints) == pointsBefore + 20)
            #expect(try await figures(v, c.city.id).value(StatMetric.commendedInSector(.village)) == 1)
            // 典型候选: the city's office is offered her for a story, until it writes one.
            let offered = try await v.exemplars.desk(organizationID: c.city.id, as: city).candidates
            #expect(offered.contains { $0.source == .commendation && $0.memberNo == "M001" && $0.organizationCode == "V1" && $0.note.contains("优秀共产党员") })
            _ = try await v.exemplars.create(
                organizationID: c.city.id, subjectCode: nil, memberNo: "M001", source: .commendation, title: "茶乡带头人", story: "带领村民发展茶叶产业。",
                photos: [], as: city)
            #expect(try await v.exemplars.desk(organizationID: c.city.id, as: city).candidates.allSatisfy { $0.memberNo != "M001" })
            #expect(try await v.exemplars.desk(organizationID: c.city.id, as: caller(.committeeStaff, on: c.city)).candidates.isEmpty)
            // 第十二表: a city-level excellent member, a woman of 31.
            let table = try await v.commendations.table(organizationID: c.city.id, year: 2026, as: caller(.member, on: c.city))
            let column = try #require(table.header.firstIndex(of: "优秀共产党员（名）"))
            let cityRow = try #require(table.rows.first { $0.first == .text("市级表彰") })
            #expect(Array(cityRow[column...(column + 2)]) == [.count(1), .count(1), .count(1)])
            #expect(table.rows.first?.first == .text("合计") && table.rows.first?[column] == .count(1) && table.rows.count == 5)
            // Her record corrected (born in 1985, not 1995): the table follows, and the village's sector changed too.
            let record = try await v.members.get(a.id, as: secretary)
            var older = record.draft
            older.birthDate = CalendarDay(year: 1985, month: 3, day: 8)!
            _ = try await v.members.update(a.id, draft: older, expectedVersion: record.version, as: secretary)
            #expect(try await figures(v, c.city.id).value(StatMetric.commendedYoung(title: "excellent_member", level: .city)) == 0)
            #expect(try await figures(v, c.city.id).value(StatMetric.commendedWomen(title: "excellent_member", level: .city)) == 1)
            let village = try await v.organizations.get(c.village1.id, as: city)
            _ = try await v.organizations.update(
                c.village1.id, name: village.name, sector: .community, systems: nil, expectedVersion: village.version, as: city)
            #expect(try await figures(v, c.city.id).value(StatMetric.commendedInSector(.village)) == 0)
            #expect(try await figures(v, c.city.id).value(StatMetric.commendedInSector(.community)) == 1)
            let file = try await v.commendations.tableFile(organizationID: c.city.id, year: 2026, format: .csv, as: city)
            #expect(file.fileName.contains("第十二表") && file.rows == 5)
            try? FileManager.default.removeItem(at: file.url)
            #expect(try await v.members.profile(a.id, as: secretary).titles.map(\.state) == [.commended])
            let differences = try await v.verifier.differences()
            #expect(differences.isEmpty, "\(differences)")

            // 工作滑坡: the committee criticizes her with a deadline — an item of her own, checked off by the city.
            #expect(
                await kind {
                    _ = try await v.commendations.criticize(
                        nominationID: n.id, problem: "组织生活记录不全", measure: "补齐记录", responsible: "甲", deadline: Self.decideBy, as: district)
                } == .forbidden)
            let item = try await v.commendations.criticize(
                nominationID: n.id, problem: "合作社季度账目未按时公开", measure: "按季公开账目并接受群众监督", responsible: "甲", deadline: Self.decideBy,
                as: city)
            let criticized = try await v.rectifications.detail(item, as: secretary).item
            #expect(criticized.source == .commendation && criticized.sourceID == n.id && criticized.memberID == a.id && criticized.state == .open)
            #expect(try await v.nominations.detail(n.id, as: city).steps.last?.action == "criticize")
            // 弄虚作假: revoked with the criticism public, points and counters reversed, and barred.
            #expect(await kind { try await v.commendations.revoke(nominationID: n.id, reason: "", barYears: 3, as: city) } == .invalid)
            #expect(await kind { try await v.commendations.revoke(nominationID: n.id, reason: "事迹材料造假", barYears: 3, as: district) } == .forbidden)
            try await v.commendations.revoke(nominationID: n.id, reason: "经查事迹材料中产业数据造假", barYears: 3, as: city)
            #expect(try await figures(v, c.city.id).commended(title: nil) == 0)
            #expect(try await figures(v, c.city.id).value(StatMetric.revoked) == 1)
            #expect(try await figures(v, c.city.id).value(StatMetric.memberPoints) == pointsBefore)
            #expect(try await v.publicNotices.notice(roundID: round.id).entries.first?.revocation == "经查事迹材料中产业数据造假")
            let after = try await v.verifier.differences()
            #expect(after.isEmpty, "\(after)")
            let next = try await v.commendations.open(
                organizationID: c.district.id, year: 2026, level: .county, name: "东区表彰", decideBy: CalendarDay(year: 2026, month: 12, day: 30)!,
                noticeDays: 5, as: district)
            try await v.commendations.setQuota(roundID: next.id, title: "excellent_member", organizationID: c.district.id, quota: 5, as: district)
            do {
                _ = try await v.nominations.nominate(
                    roundID: next.id, title: "excellent_member", nominatorID: c.village1.id, organizationID: nil, memberID: a.id, deeds: "重新申报",
                    summary: "重新申报", as: secretary)
                Issue.record("a member whose title was revoked was nominated again")
            } catch let e as VanguardError { #expect(e.kind == .conflict && e.message.zh.contains("不得推荐")) }
        }
    }

    @Test("名额用满后不能再推荐或上报，两个支部同时推荐只占一个名额；退回后名额释放；异议属实的不予表彰", arguments: TestDatabase.enabled)
    func quotasHoldUnderConcurrentNominations(_ database: TestDatabase) async throws {
        let clock = SettableTime(millis: TestDatabase.fixedTime.millis)
        try await database.withVanguard(time: clock) { v in
            let c = try await SmallCity.make(v)
            let city = caller(.campaignOffice, on: c.city, name: "city")
            let district = caller(.committeeStaff, on: c.district, name: "district")
            let round = try await v.commendations.open(
                organizationID: c.city.id, year: 2026, level: .city, name: "2026年度表彰", decideBy: Self.decideBy, noticeDays: 5, as: city)
            // Conditions are data: this round asks only that a unit is not backward.
            try await v.commendations.setEligibility(roundID: round.id, title: "advanced_organization", rules: [.init(.notBackward)], as: city)
            #expect(
                await kind {
                    try await v.commendations.setEligibility(
                        roundID: round.id, title: "advanced_organization", rules: [.init(.satisfaction, 2)], as: city)
                } == .invalid)
            try await v.commendations.setQuota(roundID: round.id, title: "advanced_organization", organizationID: c.city.id, quota: 2, as: city)
            try await v.commendations.setQuota(roundID: round.id, title: "advanced_organization", organizationID: c.district.id, quota: 1, as: city)
            // The two villages' branches nominate themselves at once: the district's one place goes to one of them.
            let results = await withTaskGroup(of: Int64?.self) { group in
                for village in [c.village1, c.village2] {
                    group.addTask {
                        try? await v.nominations.nominate(
                            roundID: round.id, title: "advanced_organization", nominatorID: village.id, organizationID: nil, memberID: nil,
                            deeds: "村集体经济收入翻番", summary: "村集体经济收入翻番", as: caller(.branchSecretary, on: village)
                        ).id
                    }
                }
                return await group.reduce(into: [Int64?]()) { $0.append($1) }
            }
            let won = try #require(results.compactMap { $0 }.first)
            #expect(results.compactMap { $0 }.count == 1)
            #expect(try await v.commendations.desk(roundID: round.id, as: city).quotas.first { $0.organizationID == c.district.id }?.used == 1)
            // Returned: the place is free for the other village.
            #expect(await kind { try await v.nominations.returnNomination(won, reason: " ", as: district) } == .invalid)
            try await v.nominations.returnNomination(won, reason: "事迹材料不够具体，请补充数据", as: district)
            let other = try await v.nominations.nominate(
                roundID: round.id, title: "advanced_organization", nominatorID: c.town.id, organizationID: c.village2.id, memberID: nil,
                deeds: "建成村级光伏电站", summary: "建成村级光伏电站", as: caller(.committeeStaff, on: c.town))
            #expect(other.holderID == c.district.id)
            // The community in the other district takes the city's own place directly; then the city is full.
            let community = try await v.nominations.nominate(
                roundID: round.id, title: "advanced_organization", nominatorID: c.otherDistrict.id, organizationID: c.community.id, memberID: nil,
                deeds: "社区网格化服务", summary: "社区网格化服务", as: caller(.committeeStaff, on: c.otherDistrict))
            #expect(community.holderID == c.city.id)
            try await v.nominations.forward(other.id, as: district)
            #expect(try await v.commendations.desk(roundID: round.id, as: city).quotas.first { $0.organizationID == c.city.id }?.used == 2)
            #expect(
                await kind {
                    _ = try await v.nominations.nominate(
                        roundID: round.id, title: "advanced_organization", nominatorID: c.city.id, organizationID: c.otherDistrict.id, memberID: nil,
                        deeds: "全区争先", summary: "全区争先", as: city)
                } == .conflict)  // the city's quota of 2 is full
            try await v.nominations.shortlist(other.id, as: city)
            try await v.nominations.shortlist(community.id, as: city)
            try await v.commendations.publish(roundID: round.id, as: city)
            let objection = try await v.publicNotices.lodge(
                nominationID: community.id, content: "社区服务台账为突击补写", name: "王某", contact: "13900000000", client: "k")
            #expect(try await v.publicNotices.notice(roundID: round.id).entries.allSatisfy { !$0.summary.contains("139") })
            try await v.publicNotices.verify(objectionID: objection, outcome: .upheld, text: "经核实台账为补写，取消推荐", as: city)
            clock.advance(days: 6)
            try await v.commendations.decide(roundID: round.id, number: "市委〔2026〕2号", as: city)
            let notice = try await v.publicNotices.notice(roundID: round.id)
            #expect(notice.entries.map(\.nomineeName) == ["李庄村党支部"] && notice.entries[0].state == .commended)
            #expect(try await figures(v, c.city.id).commended(title: "advanced_organization") == 1)
            #expect(try await figures(v, c.city.id).value(StatMetric.nominated) == 2)  // the returned one is not counted
            let differences = try await v.verifier.differences()
            #expect(differences.isEmpty, "\(differences)")
        }
    }

    @Test("基石工程：资金来源到账后才能奖励，提出人不能自批，两笔同时审批不会超出余额；撤销称号时追回奖励，统计随之变化", arguments: TestDatabase.enabled)
    func awardFundPaysWithinBalanceAndReclaims(_ database: TestDatabase) async throws {
        let clock = SettableTime(millis: TestDatabase.fixedTime.millis)
        try await database.withVanguard(time: clock) { v in
            let c = try await SmallCity.make(v)
            let city = caller(.campaignOffice, on: c.city, name: "city")
            let cashier = caller(.committeeStaff, on: c.city, name: "cashier")
            let round = try await v.commendations.open(
                organizationID: c.city.id, year: 2026, level: .city, name: "2026年度表彰", decideBy: Self.decideBy, noticeDays: 5, as: city)
            try await v.commendations.setEligibility(roundID: round.id, title: "advanced_organization", rules: [], as: city)
            try await v.commendations.setQuota(roundID: round.id, title: "advanced_organization", organizationID: c.city.id, quota: 5, as: city)
            var ids: [Int64] = []
            for village in [c.village1, c.village2] {
                let n = try await v.nominations.nominate(
                    roundID: round.id, title: "advanced_organization", nominatorID: c.city.id, organizationID: village.id, memberID: nil, deeds: "集体经济翻番",
                    summary: "集体经济翻番", as: city)
                try await v.nominations.shortlist(n.id, as: city)
                ids.append(n.id)
            }
            try await v.commendations.publish(roundID: round.id, as: city)
            clock.advance(days: 5)
            try await v.commendations.decide(roundID: round.id, number: "市委〔2026〕3号", as: city)
            let nominations = ids

            let sponsor = try await v.awardFund.addSource(organizationID: c.city.id, year: 2026, kind: .sponsor, name: "迎驾集团党委", as: city)
            #expect(
                await kind { _ = try await v.awardFund.addSource(organizationID: c.city.id, year: 2026, kind: .sponsor, name: "迎驾集团党委", as: city) } == .conflict
            )
            #expect(
                await kind {
                    _ = try await v.awardFund.addSource(
                        organizationID: c.city.id, year: 2026, kind: .city, name: "市级", as: caller(.branchSecretary, on: c.village1))
                }
                    == .notFound)
            #expect(
                await kind { _ = try await v.awardFund.proposePayment(sourceID: sponsor, nominationID: ids[0], award: .cash, amount: 5000, note: "", as: city) }
                    == .conflict)  // nothing received yet
            _ = try await v.awardFund.receive(sourceID: sponsor, amount: 8000, on: CalendarDay(year: 2026, month: 11, day: 1)!, note: "年度资助", as: city)
            #expect(
                await kind {
                    _ = try await v.awardFund.receive(sourceID: sponsor, amount: 0, on: CalendarDay(year: 2026, month: 11, day: 1)!, note: "", as: city)
                } == .invalid)
            let first = try await v.awardFund.proposePayment(sourceID: sponsor, nominationID: ids[0], award: .cash, amount: 5000, note: "奖金", as: city)
            #expect(
                await kind { _ = try await v.awardFund.proposePayment(sourceID: sponsor, nominationID: ids[1], award: .cash, amount: 5000, note: "", as: city) }
                    == .conflict)  // 8,000 less 5,000 pending
            #expect(await kind { try await v.awardFund.decide(entryID: first, approve: true, as: city) } == .forbidden)
            try await v.awardFund.decide(entryID: first, approve: true, as: cashier)
            #expect(await kind { try await v.awardFund.decide(entryID: first, approve: true, as: cashier) } == .conflict)
            // Two proposals of 3,000 against the 3,000 left, approved at once: one is paid, the other refused.
            let a = try await v.awardFund.proposePayment(sourceID: sponsor, nominationID: ids[1], award: .training, amount: 3000, note: "培训", as: city)
            try await v.backend.write { db in  // a second clerk's proposal that slipped in before the first was counted (as an older server could)
                _ = try await FundRepository.insertEntry(
                    db, source: sponsor, kind: .payment, amount: 3000, nomination: nominations[1], award: .cash, note: "",
                    day: CalendarDay(year: 2026, month: 11, day: 21)!,
                    state: .pending, by: "city", now: 0)
            }
            let pending = try await v.awardFund.ledger(organizationID: c.city.id, year: 2026, as: city).entries.filter { $0.state == .pending }.map(\.id)
            #expect(pending.count == 2 && pending.contains(a))
            let approved = await withTaskGroup(of: Bool.self) { group in
                for id in pending { group.addTask { (try? await v.awardFund.decide(entryID: id, approve: true, as: cashier)) != nil } }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(approved.filter { $0 }.count == 1)
            let ledger = try await v.awardFund.ledger(organizationID: c.city.id, year: 2026, as: city)
            #expect(ledger.sources.map(\.balance) == [0] && ledger.sources[0].paid == 8000 && ledger.awardable.count == 2)
            func figures() async throws -> StatFigures {
                try await v.backend.read { db in try await StatsRepository.figures(db, organizationID: c.city.id, year: 2026).subtree }
            }
            let paid = try await figures()
            #expect(paid.value(StatMetric.fund(.payment)) == 8000 && paid.value(StatMetric.fund(.income)) == 8000)
            // Revoked for fraud: the 5,000 comes back to the sponsor's balance, and an award still awaiting approval is never paid.
            for id in pending { try? await v.awardFund.decide(entryID: id, approve: false, as: cashier) }  // the one refused for want of money
            _ = try await v.awardFund.receive(sourceID: sponsor, amount: 1, on: CalendarDay(year: 2026, month: 11, day: 2)!, note: "", as: city)
            let late = try await v.awardFund.proposePayment(sourceID: sponsor, nominationID: ids[0], award: .cash, amount: 1, note: "", as: city)
            try await v.commendations.revoke(nominationID: ids[0], reason: "虚报集体经济收入", barYears: 3, as: city)
            #expect(await kind { try await v.awardFund.decide(entryID: late, approve: true, as: cashier) } == .conflict)
            let after = try await v.awardFund.ledger(organizationID: c.city.id, year: 2026, as: city)
            #expect(
                after.sources[0].balance == 5001 && after.sources[0].pending == 0 && after.entries.last?.kind == .reclaim
                    && after.awardable.map(\.id) == [ids[1]])
            let reclaimed = try await figures()
            #expect(reclaimed.value(StatMetric.fund(.reclaim)) == 5000 && reclaimed.value(StatMetric.fund(.income)) == 8001)
            let differences = try await v.verifier.differences()
            #expect(differences.isEmpty, "\(differences)")
        }
    }

    @Test("七一前作出表彰决定：表彰日期前两周提醒评选单位一次，过期未决定再提醒一次，重复扫描不重复提醒", arguments: TestDatabase.enabled)
    func decisionDateIsReminded(_ database: TestDatabase) async throws {
        let time = SettableTime(millis: TestDatabase.fixedTime.millis)
        try await database.withVanguard(time: time) { v in
            let c = try await SmallCity.make(v)
            let city = caller(.campaignOffice, on: c.city, name: "city")
            _ = try await v.commendations.open(
                organizationID: c.city.id, year: 2026, level: .city, name: "2026年市级表彰", decideBy: CalendarDay(year: 2026, month: 11, day: 30)!,
                noticeDays: 5, as: city)
            _ = try await v.commendations.open(
                organizationID: c.district.id, year: 2026, level: .county, name: "东区表彰", decideBy: CalendarDay(year: 2027, month: 6, day: 28)!,
                noticeDays: 5, as: .system())
            #expect(try await v.commendations.remind() == 1)
            #expect(try await v.commendations.remind() == 0)
            #expect(try await v.reminders.inbox(as: city).contains { $0.kind == "commendation_due" && $0.text.contains("2026-11-30") })
            time.advance(days: 12)
            #expect(try await v.commendations.remind() == 1)
            #expect(try await v.commendations.remind() == 0)
            #expect(try await v.reminders.inbox(as: city).contains { $0.kind == "commendation_overdue" })
        }
    }
}
