import Foundation
import Testing
import VanguardCore
import VanguardTestSupport

@testable import VanguardStore

@Suite("评分表（SQLite 与 PostgreSQL）")
struct ScoringStoreTests {
    /// Every leaf of the sheet at `fraction` of its maximum.
    func scores(_ t: ScoringTemplateRecord, _ fraction: Double) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: t.criteria.leaves.map { ($0.code, $0.maximum * fraction) })
    }

    @Test("三级联创评分：本组织自检自查，上级统一考核和综合评价（须写意见），总分、同级排名、星级和导出", arguments: TestDatabase.enabled)
    func threeStagesRankAndExport(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            let templates = try await v.scoring.templates()
            #expect(templates.map(\.criteria.title) == ["三级联创考核评分表", "先进单位创建评分表"])
            let sheet = templates[0]
            #expect(sheet.criteria.children.first { $0.title == "创先争优" }?.maximum == 20)
            let secretary = caller(.branchSecretary, on: c.village1)
            let town = caller(.committeeStaff, on: c.town)

            var own = scores(sheet, 0.95)
            own["1.1"] = 9
            await #expect(throws: VanguardError.self) {
                _ = try await v.scoring.score(
                    templateID: sheet.id, organizationID: c.village1.id, year: 2026, stage: .selfCheck, scores: own, comment: nil, as: secretary)
            }
            own.removeValue(forKey: "1.1")
            do {
                _ = try await v.scoring.score(
                    templateID: sheet.id, organizationID: c.village1.id, year: 2026, stage: .selfCheck, scores: own, comment: nil, as: secretary)
                Issue.record("an incomplete sheet was taken")
            } catch let e as VanguardError { #expect(e.field == "1.1" && e.message.zh.contains("公开承诺与践诺")) }
            let selfCheck = try await v.scoring.score(
                templateID: sheet.id, organizationID: c.village1.id, year: 2026, stage: .selfCheck, scores: scores(sheet, 0.95), comment: nil, as: secretary)
            #expect(selfCheck.entries[.selfCheck]?.total == 95 && selfCheck.final == 95)
            // The branch cannot assess itself; the town does, and the comprehensive evaluation needs a comment.
            await #expect(throws: VanguardError.self) {
                _ = try await v.scoring.score(
                    templateID: sheet.id, organizationID: c.village1.id, year: 2026, stage: .assessment, scores: scores(sheet, 1), comment: nil, as: secretary)
            }
            _ = try await v.scoring.score(
                templateID: sheet.id, organizationID: c.village1.id, year: 2026, stage: .assessment, scores: scores(sheet, 0.9), comment: nil, as: town)
            await #expect(throws: VanguardError.self) {
                _ = try await v.scoring.score(
                    templateID: sheet.id, organizationID: c.village1.id, year: 2026, stage: .comprehensive, scores: scores(sheet, 0.85), comment: " ", as: town)
            }
            let final = try await v.scoring.score(
                templateID: sheet.id, organizationID: c.village1.id, year: 2026, stage: .comprehensive, scores: scores(sheet, 0.85), comment: "台账规范，群众满意",
                as: town)
            #expect(final.final == 85 && final.entries.count == 3 && final.entries[.comprehensive]?.comment == "台账规范，群众满意")
            _ = try await v.scoring.score(
                templateID: sheet.id, organizationID: c.village2.id, year: 2026, stage: .assessment, scores: scores(sheet, 0.9), comment: nil, as: town)

            let ranking = try await v.scoring.ranking(templateID: sheet.id, parentID: c.town.id, year: 2026, as: town)
            #expect(ranking.map(\.name) == ["李庄村党支部", "桃花村党支部"] && ranking.map(\.rank) == [1, 2] && ranking.map(\.stars) == [4, 3])
            #expect(ranking[1].totals == [.selfCheck: 95, .assessment: 90, .comprehensive: 85])
            let csv = String(
                decoding: try await v.scoring.export(templateID: sheet.id, parentID: c.town.id, year: 2026, format: .csv, as: town).data(), as: UTF8.self)
            #expect(csv.contains("1,李庄村党支部,,90,,90,★★★★") && csv.contains("2,桃花村党支部,95,90,85,85,★★★"))

            // A template of its own: the children must add up to the parent.
            let office = caller(.campaignOffice, on: c.city)
            let bad = ScoringCriterion(code: "X", title: "社区评分表", maximum: 100, children: [.init(code: "X1", title: "服务", maximum: 60)])
            await #expect(throws: VanguardError.self) { _ = try await v.scoring.createTemplate(bad, as: office) }
            var good = bad
            good.children.append(.init(code: "X2", title: "治理", maximum: 40))
            await #expect(throws: VanguardError.self) { _ = try await v.scoring.createTemplate(good, as: town) }
            _ = try await v.scoring.createTemplate(good, as: office)
            #expect(try await v.scoring.templates().count == 3)
        }
    }
}
