import Testing

@testable import VanguardCore

@Suite("组织树规则")
struct TreeRulesTests {
    @Test("物化路径记录全部上级组织")
    func pathHoldsAncestors() throws {
        let path = try #require(TreePath("/1/17/245/"))
        #expect(path.ancestorIDs == [1, 17])
        #expect(path.depth == 2)
        #expect(path.id == 245)
        #expect(path.appending(9).description == "/1/17/245/9/")
        #expect(TreePath("1/2/") == nil)
        #expect(TreePath("/1/x/") == nil)
        #expect(TreePath("//") == nil)
    }

    @Test("下级组织在上级组织的子树内，兄弟组织不在")
    func subtreeContainment() throws {
        let district = TreePath(ids: [1, 17])
        #expect(district.contains(TreePath(ids: [1, 17, 245])))
        #expect(district.contains(district))
        #expect(!district.contains(TreePath(ids: [1, 18])))
        // A prefix of the digits is not a prefix of the path: /1/1/ does not contain /1/17/.
        #expect(!TreePath(ids: [1, 1]).contains(TreePath(ids: [1, 17])))
    }

    @Test("不能把组织移到它自身或其下级组织之下")
    func moveUnderOwnDescendantIsRefused() {
        let moving = TreePath(ids: [1, 17])
        #expect(throws: VanguardError.self) {
            try SubtreeMove.check(
                moving: moving, kind: .localCommittee, subtreeHeight: 2, newParent: TreePath(ids: [1, 17, 245]), newParentKind: .grassrootsCommittee)
        }
        #expect(throws: VanguardError.self) {
            try SubtreeMove.check(moving: moving, kind: .localCommittee, subtreeHeight: 2, newParent: moving, newParentKind: .localCommittee)
        }
        #expect(throws: Never.self) {
            try SubtreeMove.check(moving: moving, kind: .localCommittee, subtreeHeight: 2, newParent: TreePath(ids: [1, 18]), newParentKind: .localCommittee)
        }
    }

    @Test("调整隶属关系后子树的路径随之改写")
    func moveRewritesPaths() {
        let moved = SubtreeMove.rewrite(TreePath(ids: [1, 17, 245, 300]), moving: TreePath(ids: [1, 17, 245]), newParent: TreePath(ids: [1, 18]))
        #expect(moved.description == "/1/18/245/300/")
    }

    @Test("党支部下不能再设组织，党总支下只能设党支部")
    func kindContainment() {
        #expect(!KindContainment.allows(parent: .branch, child: .branch))
        #expect(KindContainment.allows(parent: .generalBranch, child: .branch))
        #expect(!KindContainment.allows(parent: .generalBranch, child: .generalBranch))
        #expect(KindContainment.allows(parent: .grassrootsCommittee, child: .generalBranch))
        #expect(!KindContainment.allows(parent: .workingCommittee, child: .localCommittee))
        #expect(KindContainment.allows(parent: .localCommittee, child: .workingCommittee))
    }

    @Test("组织层级不超过八级")
    func depthLimit() {
        #expect(throws: Never.self) { try TreeDepthLimit.check(depth: 7) }
        #expect(throws: VanguardError.self) { try TreeDepthLimit.check(depth: 8) }
    }

    @Test("组织名称不能为空或过长")
    func organizationName() throws {
        #expect(try OrganizationName.validate("  桃花村党支部 ") == "桃花村党支部")
        #expect(throws: VanguardError.self) { try OrganizationName.validate("   ") }
        #expect(throws: VanguardError.self) { try OrganizationName.validate(String(repeating: "党", count: 101)) }
        #expect(throws: VanguardError.self) { try OrganizationName.validate("坏\u{7}名字") }
    }

    @Test("表格中的中文类别和领域可以识别")
    func chineseNamesParse() {
        #expect(OrganizationKind(text: "党支部") == .branch)
        #expect(OrganizationKind(text: "党总支") == .generalBranch)
        #expect(OrganizationKind(text: "支委会") == nil)
        #expect(Sector(text: "非公有制经济组织") == .nonPublic)
        #expect(Sector(text: "village") == .village)
    }
}
