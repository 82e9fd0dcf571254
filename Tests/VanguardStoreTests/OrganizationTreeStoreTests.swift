import SQLKit
import Testing
import VanguardCore
import VanguardTestSupport

@testable import VanguardStore

@Suite("组织树（SQLite 与 PostgreSQL）")
struct OrganizationTreeStoreTests {
    @Test("迁移只执行一次，再次执行无待办", arguments: TestDatabase.enabled)
    func migrationsAreIdempotent(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let again = try await MigrationRunner(backend: v.backend).migrate(now: 0)
            #expect(again.isEmpty)
            #expect(try await MigrationRunner(backend: v.backend).appliedVersions() == Set(allMigrations.map(\.version)))
        }
    }

    @Test("新建组织后子树计数沿上级路径更新", arguments: TestDatabase.enabled)
    func countersFollowTheTree(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            // given
            let c = try await SmallCity.make(v)
            // then
            let city = try await v.organizations.get(c.city.id, as: .system())
            #expect(city.counters.subtreeOrganizations == 7)
            #expect(try await v.organizations.get(c.district.id, as: .system()).counters.subtreeOrganizations == 4)
            #expect(c.village1.path == TreePath(ids: [c.city.id, c.district.id, c.town.id, c.village1.id]))
            #expect(try await v.organizations.get(c.town.id, as: .system()).systems == ["农村工作系统"])
            #expect(try await v.verifier.differences().isEmpty)
        }
    }

    @Test("调整隶属关系在一个事务中改写整棵子树的路径和计数", arguments: TestDatabase.enabled)
    func moveSubtree(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            // given
            let c = try await SmallCity.make(v)
            _ = try await v.members.create(sampleMember("M1"), organizationID: c.village1.id, as: .system())
            _ = try await v.members.create(sampleMember("M2"), organizationID: c.village2.id, as: .system())
            // when: the town moves from the east district to the west one
            let moved = try await v.organizations.move(c.town.id, under: c.otherDistrict.id, as: .system())
            // then
            #expect(moved.path == TreePath(ids: [c.city.id, c.otherDistrict.id, c.town.id]))
            let village = try await v.organizations.get(c.village1.id, as: .system())
            #expect(village.path == TreePath(ids: [c.city.id, c.otherDistrict.id, c.town.id, c.village1.id]))
            #expect(try await v.organizations.get(c.district.id, as: .system()).counters == .init(subtreeOrganizations: 1, subtreeMembers: 0, ownMembers: 0))
            #expect(try await v.organizations.get(c.otherDistrict.id, as: .system()).counters.subtreeMembers == 2)
            #expect(try await v.verifier.differences().isEmpty)
        }
    }

    @Test("把组织移到其下级组织之下被拒绝，数据不变", arguments: TestDatabase.enabled)
    func moveIntoOwnSubtreeIsRefused(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            await #expect(throws: VanguardError.self) {
                _ = try await v.organizations.move(c.district.id, under: c.town.id, as: .system())
            }
            #expect(try await v.organizations.get(c.district.id, as: .system()).path == c.district.path)
            #expect(try await v.verifier.differences().isEmpty)
        }
    }

    @Test("两人同时修改同一组织，后提交者得到冲突", arguments: TestDatabase.enabled)
    func staleVersionConflicts(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            _ = try await v.organizations.update(
                c.village1.id, name: "桃花村第一党支部", sector: .village, systems: nil, expectedVersion: c.village1.version, as: .system())
            do {
                _ = try await v.organizations.update(
                    c.village1.id, name: "桃花村党支部（旧）", sector: .village, systems: nil, expectedVersion: c.village1.version, as: .system())
                Issue.record("the second update must conflict")
            } catch let e as VanguardError {
                #expect(e.kind == .conflict)
            }
            #expect(try await v.organizations.get(c.village1.id, as: .system()).name == "桃花村第一党支部")
        }
    }

    @Test("有党员的组织须先转出党员才能撤销", arguments: TestDatabase.enabled)
    func dissolveNeedsEmptyOrganization(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            let m = try await v.members.create(sampleMember("M1"), organizationID: c.village2.id, as: .system())
            await #expect(throws: VanguardError.self) { try await v.organizations.dissolve(c.village2.id, transferMembersTo: nil, as: .system()) }
            await #expect(throws: VanguardError.self) { try await v.organizations.dissolve(c.town.id, transferMembersTo: c.village1.id, as: .system()) }
            try await v.organizations.dissolve(c.village2.id, transferMembersTo: c.village1.id, as: .system())
            await #expect(throws: VanguardError.self) { _ = try await v.organizations.get(c.village2.id, as: .system()) }
            #expect(try await v.members.get(m.id, as: .system()).organizationID == c.village1.id)
            #expect(try await v.organizations.get(c.city.id, as: .system()).counters.subtreeOrganizations == 6)
            #expect(try await v.verifier.differences().isEmpty)
        }
    }

    @Test("党支部下不能新建下级组织", arguments: TestDatabase.enabled)
    func noChildrenUnderBranch(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            await #expect(throws: VanguardError.self) {
                _ = try await v.organizations.create(parentID: c.village1.id, code: "X", name: "小组", kind: .branch, sector: .village, as: .system())
            }
            await #expect(throws: VanguardError.self) {
                _ = try await v.organizations.create(parentID: c.town.id, code: "V1", name: "重复编码", kind: .branch, sector: .village, as: .system())
            }
        }
    }

    @Test("每次变更都在同一事务中写入审计记录", arguments: TestDatabase.enabled)
    func auditTrail(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            _ = try await v.organizations.move(c.village2.id, under: c.community.id, as: .system("clerk"))
            let entries = try await v.backend.read { db in try await AuditRepository.entries(db, targetType: "organization", targetID: c.village2.id) }
            #expect(entries.map(\.action) == ["organization.create", "organization.move"])
            #expect(entries.last?.actor == "clerk")
        }
    }

    @Test("范围外的组织查不到，搜索也不出现", arguments: TestDatabase.enabled)
    func scopeHidesOtherSubtrees(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            let secretary = caller(.branchSecretary, on: c.village1)
            await #expect(throws: VanguardError.notFound(.init("该组织", "Organization"))) { _ = try await v.organizations.get(c.village2.id, as: secretary) }
            #expect(try await v.organizations.search("村", as: secretary).map(\.id) == [c.village1.id])
            #expect(try await v.organizations.search("村", as: .system()).count == 2)
            let staff = caller(.committeeStaff, on: c.district)
            await #expect(throws: VanguardError.self) { _ = try await v.organizations.move(c.town.id, under: c.otherDistrict.id, as: staff) }
            #expect(try await v.organizations.get(c.town.id, as: .system()).path == c.town.path)
        }
    }
}
