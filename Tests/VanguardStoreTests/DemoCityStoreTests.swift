import Testing
import VanguardCore
import VanguardTestSupport

@testable import VanguardStore

@Suite("演示城市")
struct DemoCityStoreTests {
    @Test("演示城市按六安的规模生成，计数与事实一致", arguments: TestDatabase.enabled)
    func demoCityAtLuanScale(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let summary = try await DemoCity(seed: 2010).generate(into: v, password: "Demo-key-2026")
            #expect((11_000...13_000).contains(summary.organizations))
            #expect((105_000...125_000).contains(summary.members))
            let stats = try await v.backend.read { db in
                try await db.raw(
                    """
                    SELECT COUNT(*) AS n, SUM(CASE WHEN retired THEN 1 ELSE 0 END) AS retired,
                      SUM(CASE WHEN floating THEN 1 ELSE 0 END) AS floating,
                      SUM(CASE WHEN in_service AND residence_organization_id IS NOT NULL THEN 1 ELSE 0 END) AS in_service,
                      SUM(CASE WHEN leading_cadre THEN 1 ELSE 0 END) AS cadres FROM members
                    """
                ).first()!
            }
            let n = Double(try stats.decode(column: "n", as: Int.self))
            let retired = Double(try stats.decode(column: "retired", as: Int.self)) / n
            #expect((0.17...0.25).contains(retired), "retired share \(retired)")
            #expect(try stats.decode(column: "floating", as: Int.self) > 1000)
            #expect(try stats.decode(column: "in_service", as: Int.self) > 5000)
            #expect(try stats.decode(column: "cadres", as: Int.self) > 300)
            let city = try await v.organizations.get(1, as: .system())
            #expect(city.counters.subtreeOrganizations == summary.organizations && city.counters.subtreeMembers == summary.members)
            #expect(try await v.organizations.children(of: 1, as: .system()).filter { $0.kind == .localCommittee }.count == 7)
            #expect(try await v.verifier.differences().isEmpty)
            // Every demo member was an adult on joining, so each can be saved unchanged (issue 11).
            let minors = try await v.backend.read { db in
                try await db.raw("SELECT birth_date, join_date FROM members").all().filter { row in
                    guard let birth = CalendarDay(parsing: try row.string("birth_date")), let join = CalendarDay(parsing: try row.string("join_date")) else {
                        return true
                    }
                    return birth.years(until: join) < 18
                }.count
            }
            #expect(minors == 0)
            #expect(try await AuditChain.verify(v.backend).isWhole)
            // commitments calibrated to Lu'an: ≈33,000 organization items (≈31,000 fulfilled), ≈526,000 member items (≈489,000 fulfilled)
            let items = try await v.backend.read { db in
                try await db.raw(
                    """
                    SELECT c.subject_type AS subject, COUNT(*) AS n, SUM(CASE WHEN i.fulfilled THEN 1 ELSE 0 END) AS done
                    FROM commitment_items i JOIN commitments c ON c.id = i.commitment_id GROUP BY c.subject_type
                    """
                ).all().map {
                    (try $0.decode(column: "subject", as: String.self), try $0.decode(column: "n", as: Int.self), try $0.decode(column: "done", as: Int.self))
                }
            }
            let org = try #require(items.first { $0.0 == "organization" })
            let mem = try #require(items.first { $0.0 == "member" })
            #expect((30_000...36_000).contains(org.1) && (28_000...33_000).contains(org.2), "organization items \(org)")
            #expect((500_000...550_000).contains(mem.1) && (465_000...510_000).contains(mem.2), "member items \(mem)")
            let states = try await v.backend.read { db in
                try await db.raw("SELECT DISTINCT state FROM commitments").all(decodingColumn: "state", as: String.self)
            }
            #expect(Set(states) == Set(CommitmentState.allCases.filter { $0 != .evaluated }.map(\.rawValue)))
            let overdue = try await v.ledger.page(organizationID: 1, filter: .init(year: 2026, overdueOnly: true), limit: 1, as: .system())
            #expect(overdue.total > 1000)
            // 群众评议 at the leaders' contact points, closed, each organization at least 90% satisfied; one open round to try
            let rounds = try await v.backend.read { db in
                try await db.raw(
                    """
                    SELECT r.state, COUNT(DISTINCT r.id) AS n, MIN(res.rate) AS low FROM evaluation_rounds r JOIN evaluation_targets t ON t.round_id = r.id
                    LEFT JOIN evaluation_results res ON res.target_id = t.id WHERE t.member_id IS NULL GROUP BY r.state
                    """
                ).all().map {
                    (try $0.decode(column: "state", as: String.self), try $0.decode(column: "n", as: Int.self), try $0.decode(column: "low", as: Double?.self))
                }
            }
            let closed = try #require(rounds.first { $0.0 == "closed" })
            #expect(closed.1 >= 80 && (closed.2 ?? 0) >= 0.9, "closed rounds \(closed)")
            #expect(rounds.first { $0.0 == "open" }?.1 == 1)
            // 领导点评: the cadre account is a leading cadre with contact points, and the office sees comments due and done
            let user = try await v.accounts.authenticate(username: "cadre", password: "Demo-key-2026")
            let session = try await v.accounts.openSession(userID: user.id, kind: "api")
            let cadre = try #require(try await v.accounts.caller(forSecret: session.secret, kind: "api")?.caller)
            let duties = try await v.leaderComments.duties(period: HalfYear.containing(v.time.today()), as: cadre)
            #expect(duties.filter { $0.relation == .contactPoint }.count == 3 && duties.contains { $0.relation == .supervisedUnit })
            let progress = try await v.leaderComments.progress(organizationID: 1, period: HalfYear.containing(v.time.today()), as: .system())
            let members = try #require(progress.rows.first { $0.relation == .branchSecretary })
            #expect(members.done > members.expected / 2 && members.done < members.expected)
            // 督查帮扶 as in Lu'an [001]: 219 backward organizations per 12,000 (186 lifted), 540 backward members per 114,000
            // (about 400 progressed), 3,000 contact points visited quarter by quarter, some due this quarter
            let f = try await v.backend.read { db in try await StatsRepository.figures(db, organizationID: 1, year: 2026) }.subtree
            let orgs = Double(summary.organizations)
            let designated = f.value(StatMetric.backwardDesignated(.organization))
            #expect(abs(Double(designated) - orgs * 219 / 12_000) <= 1 && f.value(StatMetric.backwardPaired(.organization)) == designated)
            #expect(abs(Double(f.value(StatMetric.backwardLifted(.organization))) - Double(designated) * 186 / 219) <= 1)
            let backwardMembers = f.value(StatMetric.backwardDesignated(.member))
            #expect(abs(Double(backwardMembers) - Double(summary.members) * 540 / 114_000) <= 1)
            #expect(abs(Double(f.value(StatMetric.backwardLifted(.member))) - Double(backwardMembers) * 400 / 540) <= 1)
            #expect(f.value(StatMetric.rectificationsOverdue) > 0 && f.value(StatMetric.rectifications(.reported)) > 0)
            let coverage = try await v.visits.coverage(organizationID: 1, as: .system())
            #expect(abs(Double(coverage.points) - orgs * 3000 / 12_000) <= 2 && coverage.unvisitedCount > 0 && coverage.unvisitedCount < coverage.points / 2)
            // 示范点 among them (one in ten named, a few still proposed) and 城乡结对 of villages with city organizations, some X+1, some ended.
            let named = try await v.demonstrations.board(organizationID: 1, state: .approved, as: .system(), limit: 1)
            let proposed = try await v.demonstrations.board(organizationID: 1, state: .proposed, as: .system(), limit: 1)
            #expect(named.total * 20 >= coverage.points && named.total * 10 <= coverage.points && proposed.total > 0)
            let pairings = try await v.urbanRural.board(organizationID: 1, as: .system()).pairings
            let ended = try await v.backend.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM pairings WHERE kind = 'urban_rural' AND state = 'ended'").first(decodingColumn: "n", as: Int.self)
                    ?? 0
            }
            #expect(pairings.count > 10 && pairings.contains { $0.helpers.count == 2 } && ended > 0)
            #expect(pairings.allSatisfy { $0.kind == .urbanRural && !$0.helpers.isEmpty })
            // Last 七一's commendations as in Lu'an: 150 collectives and 350 individuals (one since revoked), 5,000
            // yuan on average from a fund of 2.8 M; a county's round on notice with an objection being verified.
            let honours = try await v.backend.read { db in try await StatsRepository.figures(db, organizationID: 1, year: 2025).subtree }
            let collectives = honours.commended(title: "advanced_organization") + honours.commended(title: "advanced_unit")
            let individuals = honours.commended(title: "excellent_member") + honours.commended(title: "excellent_worker")
            #expect(collectives == 150 && individuals + honours.value(StatMetric.revoked) == 350 && honours.value(StatMetric.revoked) == 1)
            let fund = try await v.backend.read { db in try await StatsRepository.figures(db, organizationID: 1, year: 2026).subtree }
            #expect(fund.value(StatMetric.fund(.income)) == 2_800_000 && fund.value(StatMetric.fund(.reclaim)) > 0)
            #expect(abs(fund.value(StatMetric.fund(.payment)) - 500 * 5000) <= 5000)
            let notices = try await v.publicNotices.board()
            let open = try #require(notices.first { $0.state == .notice })
            #expect(try await v.publicNotices.notice(roundID: open.id).entries.count == 3)
            #expect(try await v.commendations.desk(roundID: open.id, as: .system()).openObjections == 1)
            // 通知公告: the city's three to its subtree, signed by nearly all, a third by most, the newest by a quarter.
            let sent = try #require(try await v.announcements.box(organizationID: 1, as: .system()).sent)
            #expect(sent.count == 3)
            let share = sent.map { Double($0.signed) / (orgs - 1) }
            #expect(share[0] > 0.15 && share[0] < 0.35 && share[1] > 0.6 && share[1] < 0.8 && share[2] > 0.9)
            // 典型: a dozen stories of the commended, ten on the public page with a photo each.
            let exemplars = try await v.exemplars.desk(organizationID: 1, as: .system())
            let board = try await v.exemplars.board()
            #expect(exemplars.exemplars.count == 12 && board.exemplars.count == 10 && board.exemplars.allSatisfy { board.photos[$0.id]?.count == 1 })
            #expect(board.campaign?.commendedLastYear == 499 && board.campaign?.organizations == Int(orgs))
            let first = try #require(try await v.announcements.detail(sent[2].announcement.id, as: .system()).tally)
            #expect(first.recipients == Int(orgs) - 1 && first.unsigned.count == min(AnnouncementService.tallyLimit, first.recipients - first.signed))
            // every role has a demo account that logs in
            for name in DemoCity.accountNames { _ = try await v.accounts.authenticate(username: name, password: "Demo-key-2026") }
            // after the bulk load, ordinary inserts still get fresh ids
            let created = try await v.organizations.create(parentID: 1, code: "NEW", name: "新设工委", kind: .workingCommittee, sector: .organ, as: .system())
            #expect(created.id == Int64(summary.organizations + 1))
        }
    }

    @Test("同一种子生成同一座城市")
    func deterministic() {
        let a = DemoCityPlan(seed: 7).orgs.map(\.name)
        let b = DemoCityPlan(seed: 7).orgs.map(\.name)
        #expect(a == b)
        #expect(a != DemoCityPlan(seed: 8).orgs.map(\.name))
    }
}
