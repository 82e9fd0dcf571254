import Testing
import VanguardCore
import VanguardTestSupport

@testable import VanguardStore

@Suite("演示城市")
struct DemoCityStoreTests {
    @Test("演示城市按六安的规模生成，计数与事实一致", arguments: TestDatabase.enabled)
    func demoCityAtLuanScale(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let summary = try await DemoCity(seed: 2010).generate(into: v, password: "demo-password")
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
            // every role has a demo account that logs in
            for name in DemoCity.accountNames { _ = try await v.accounts.authenticate(username: name, password: "demo-password") }
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
