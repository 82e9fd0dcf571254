import Testing
import VanguardCore
import VanguardTestSupport

@testable import VanguardStore

@Suite("党员（SQLite 与 PostgreSQL）")
struct MemberStoreTests {
    @Test("组织关系转接留下记录并移动计数", arguments: TestDatabase.enabled)
    func transferKeepsHistory(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            // given
            let c = try await SmallCity.make(v)
            let m = try await v.members.create(sampleMember("M1"), organizationID: c.village1.id, as: .system())
            // when
            let moved = try await v.members.transfer(m.id, to: c.community.id, reason: "搬迁", as: .system("clerk"))
            // then
            #expect(moved.organizationID == c.community.id)
            let history = try await v.members.transfers(of: m.id, as: .system())
            #expect(history.count == 1)
            #expect(history[0].fromOrganizationName == "桃花村党支部")
            #expect(history[0].reason == "搬迁")
            #expect(try await v.organizations.get(c.district.id, as: .system()).counters.subtreeMembers == 0)
            #expect(try await v.organizations.get(c.otherDistrict.id, as: .system()).counters.subtreeMembers == 1)
            #expect(try await v.verifier.differences().isEmpty)
        }
    }

    @Test("党员编号不能重复", arguments: TestDatabase.enabled)
    func memberNumberIsUnique(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            _ = try await v.members.create(sampleMember("M1"), organizationID: c.village1.id, as: .system())
            do {
                _ = try await v.members.create(sampleMember("M1", name: "李四"), organizationID: c.village2.id, as: .system())
                Issue.record("duplicate member number accepted")
            } catch let e as VanguardError {
                #expect(e.kind == .conflict)
            }
            #expect(try await v.organizations.get(c.city.id, as: .system()).counters.subtreeMembers == 1)
        }
    }

    @Test("党员只能编入基层党组织", arguments: TestDatabase.enabled)
    func membersBelongToGrassroots(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            await #expect(throws: VanguardError.self) { _ = try await v.members.create(sampleMember("M1"), organizationID: c.district.id, as: .system()) }
        }
    }

    @Test("支部书记只能管理本支部党员，其他支部的党员查不到", arguments: TestDatabase.enabled)
    func secretaryScope(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            let own = try await v.members.create(sampleMember("M1"), organizationID: c.village1.id, as: .system())
            let other = try await v.members.create(sampleMember("M2"), organizationID: c.village2.id, as: .system())
            let secretary = caller(.branchSecretary, on: c.village1)
            #expect(try await v.members.get(own.id, as: secretary).draft.name == "张三")
            await #expect(throws: VanguardError.notFound(.init("该党员", "Member"))) { _ = try await v.members.get(other.id, as: secretary) }
            #expect(try await v.members.search("张三", as: secretary).map(\.id) == [own.id])
            await #expect(throws: VanguardError.self) { _ = try await v.members.transfer(own.id, to: c.village2.id, reason: nil, as: secretary) }
            let member = caller(.member, on: c.village1)
            await #expect(throws: VanguardError.self) {
                _ = try await v.members.update(own.id, draft: sampleMember("M1", name: "改名"), expectedVersion: own.version, as: member)
            }
        }
    }

    @Test("修改党员信息后版本号递增，旧版本的修改被拒绝", arguments: TestDatabase.enabled)
    func memberVersioning(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            let m = try await v.members.create(sampleMember("M1"), organizationID: c.village1.id, as: .system())
            var draft = m.draft
            draft.categories.withoutPost = true
            draft.categories.assignedPost = "环境卫生监督岗"
            let updated = try await v.members.update(m.id, draft: draft, expectedVersion: m.version, as: .system())
            #expect(updated.version == m.version + 1)
            #expect(updated.draft.categories.assignedPost == "环境卫生监督岗")
            await #expect(throws: VanguardError.self) { _ = try await v.members.update(m.id, draft: draft, expectedVersion: m.version, as: .system()) }
        }
    }

    @Test("登录：密码错误与用户不存在给出相同的提示", arguments: TestDatabase.enabled)
    func authentication(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            _ = try await v.accounts.createUser(
                username: "sec", displayName: "书记", password: "Correct-horse-1", grants: [(.branchSecretary, c.village1.id)], as: .system())
            var messages: [Bilingual] = []
            for (u, p) in [("sec", "wrong-password"), ("nobody", "Correct-horse-1")] {
                do { _ = try await v.accounts.authenticate(username: u, password: p) } catch let e as VanguardError { messages.append(e.message) }
            }
            #expect(messages.count == 2 && messages[0] == messages[1])
            let user = try await v.accounts.authenticate(username: "sec", password: "Correct-horse-1")
            let session = try await v.accounts.openSession(userID: user.id, kind: "web")
            let found = try #require(try await v.accounts.caller(forSecret: session.secret, kind: "web"))
            #expect(found.caller.scope.canSee(c.village1.path))
            #expect(!found.caller.scope.canSee(c.village2.path))
            #expect(try await v.accounts.caller(forSecret: session.secret, kind: "api") == nil)
            try await v.accounts.closeSession(secret: session.secret)
            #expect(try await v.accounts.caller(forSecret: session.secret, kind: "web") == nil)
        }
    }
}
