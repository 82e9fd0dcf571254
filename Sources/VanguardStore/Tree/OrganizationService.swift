import SQLKit
import VanguardCore

/// Commands and queries on the organization tree: each command checks the caller's scope, applies
/// the core rules, writes in one transaction and appends an audit record in the same transaction.
public struct OrganizationService: Sendable {
    let backend: any DatabaseBackend
    let time: any TimeSource
    static let what = Bilingual("该组织", "Organization")

    /// An organization the caller can see, or `notFound`.
    public func get(_ id: Int64, as caller: Caller) async throws -> OrganizationRecord {
        try await backend.read { db in try await OrganizationRepository.visible(db, id: id, to: caller, what: Self.what) }
    }

    public func ancestors(of org: OrganizationRecord, as caller: Caller) async throws -> [OrganizationRecord] {
        try await backend.read { db in try await OrganizationRepository.ancestors(db, of: org.path) }.filter { caller.canSee($0.path) }
    }

    public func children(of id: Int64, as caller: Caller, limit: Int = 500, offset: Int = 0) async throws -> [OrganizationRecord] {
        try await backend.read { db in
            let org = try await OrganizationRepository.visible(db, id: id, to: caller, what: Self.what)
            return try await OrganizationRepository.children(db, of: org.id, limit: limit, offset: offset)
        }
    }

    /// The top of what the caller sees: the roots for the system, their grants' organizations otherwise.
    public func scopeRoots(as caller: Caller) async throws -> [OrganizationRecord] {
        try await backend.read { db in try await Self.scopeRoots(db, caller) }
    }

    static func scopeRoots(_ db: any SQLDatabase, _ caller: Caller) async throws -> [OrganizationRecord] {
        if caller.isSystem { return try await OrganizationRepository.roots(db) }
        var out: [OrganizationRecord] = []
        for grant in caller.scope.roots where !out.contains(where: { $0.id == grant.organizationID }) {
            if let org = try await OrganizationRepository.get(db, id: grant.organizationID) { out.append(org) }
        }
        return out
    }

    public func search(_ text: String, as caller: Caller, limit: Int = 50) async throws -> [OrganizationRecord] {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty else { return [] }
        let within = caller.readableRoots
        return try await backend.read { db in try await OrganizationRepository.search(db, text: t, within: within, limit: limit) }
    }

    /// The organization a clerk names by its code or its full name (a form field, not an internal id);
    /// "not found" when no organization in scope has that code, or no single one has that name.
    public func find(codeOrName text: String, as caller: Caller) async throws -> OrganizationRecord {
        let t = String(text.trimmingCharacters(in: .whitespaces).prefix(200))
        let byCode = try await backend.read { db in try await OrganizationRepository.get(db, code: t) }
        if let org = byCode, !org.dissolved, caller.canSee(org.path) { return org }
        let named = try await search(t, as: caller, limit: 20).filter { $0.name == t }
        guard named.count == 1 else {
            throw VanguardError.invalid(
                named.isEmpty ? "没有代码或全称为“\(t)”的组织" : "全称为“\(t)”的组织不止一个，请填写组织代码",
                named.isEmpty ? "No organization has the code or full name '\(t)'" : "Several organizations are named '\(t)'; enter the code",
                field: "organization")
        }
        return named[0]
    }

    /// 新建党组织 under a parent in the caller's scope.
    public func create(
        parentID: Int64?, code: String?, name rawName: String, kind: OrganizationKind, sector: Sector,
        systems: [String] = [], as caller: Caller
    ) async throws -> OrganizationRecord {
        let name = try OrganizationName.validate(rawName)
        let now = time.nowMillis()
        let id = try await backend.write { db in
            var parent: OrganizationRecord?
            if let parentID {
                let p = try await OrganizationRepository.visible(db, id: parentID, to: caller, what: .init("上级组织", "Parent organization"))
                try caller.require(.manageOrganizations, at: p.path, what: Self.what)
                try KindContainment.check(parent: p.kind, child: kind)
                try TreeDepthLimit.check(depth: p.depth + 1)
                parent = p
            } else if !caller.isSystem {
                throw VanguardError(.forbidden, .init("只有系统管理员可以新建顶级组织", "Only the operator can create a top-level organization"))
            }
            let code = try Self.validCode(code ?? "", generatedFrom: now)
            if try await OrganizationRepository.get(db, code: code) != nil {
                throw VanguardError.conflict("组织编码“\(code)”已存在", "Organization code '\(code)' already exists")
            }
            let id = try await OrganizationRepository.insert(db, parent: parent, code: code, name: name, kind: kind, sector: sector, now: now)
            if !systems.isEmpty { try await OrganizationRepository.setSystems(db, organizationID: id, names: systems) }
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "organization.create", targetType: "organization", targetID: id,
                    summary: "新建 \(name)（\(kind.name.zh)，\(sector.name.zh)）于 \(parent?.name ?? "顶级")"))
            return id
        }
        return try await get(id, as: caller)
    }

    /// A code as given (trimmed, checked), or one made up when the clerk left it empty.
    static func validCode(_ raw: String, generatedFrom now: Int64) throws -> String {
        let code = raw.trimmingCharacters(in: .whitespaces)
        if code.isEmpty { return "G" + String(now, radix: 36).uppercased() + String(Int.random(in: 100...999)) }
        guard code.count <= 32, code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw VanguardError.invalid("组织编码须为1到32位字母、数字、“-”或“_”", "The code must be 1–32 letters, digits, '-' or '_'", field: "code")
        }
        return code
    }

    /// 更名 / 变更领域, guarded by the version the clerk saw.
    public func update(
        _ id: Int64, name rawName: String, sector: Sector, systems: [String]?, expectedVersion: Int64, as caller: Caller
    ) async throws -> OrganizationRecord {
        let name = try OrganizationName.validate(rawName)
        let now = time.nowMillis()
        try await backend.write { db in
            let org = try await OrganizationRepository.visible(db, id: id, to: caller, what: Self.what)
            try caller.require(.manageOrganizations, at: org.path, what: Self.what)
            // What is counted by its sector (commendations by sector) follows.
            try await WritePath.changing(db, Changes(organizations: [id]), now: now) {
                try await OrganizationRepository.update(db, id: id, name: name, sector: sector, expectedVersion: expectedVersion, now: now)
            }
            if let systems { try await OrganizationRepository.setSystems(db, organizationID: id, names: systems) }
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "organization.update", targetType: "organization", targetID: id,
                    summary: "名称 \(org.name) → \(name)；领域 \(org.sector.name.zh) → \(sector.name.zh)"))
        }
        return try await get(id, as: caller)
    }

    /// 调整隶属关系: moves the organization and its subtree under a new parent, in one transaction.
    public func move(_ id: Int64, under newParentID: Int64, expectedVersion: Int64? = nil, as caller: Caller) async throws -> OrganizationRecord {
        let now = time.nowMillis()
        try await backend.write { db in
            var org = try await OrganizationRepository.visible(db, id: id, to: caller, what: Self.what)
            let parent = try await OrganizationRepository.visible(db, id: newParentID, to: caller, what: .init("目标上级组织", "Target parent organization"))
            try caller.require(.manageOrganizations, at: org.path, what: Self.what)
            try caller.require(.manageOrganizations, at: parent.path, what: Self.what)
            if let expectedVersion, expectedVersion != org.version { throw OrganizationRepository.staleVersion }
            if let expectedVersion { org.version = expectedVersion }
            let height = try await OrganizationRepository.subtreeHeight(db, of: org.path)
            try SubtreeMove.check(moving: org.path, kind: org.kind, subtreeHeight: height, newParent: parent.path, newParentKind: parent.kind)
            try await OrganizationRepository.move(db, org: org, under: parent, now: now)
            try await StatsRepository.moveSubtree(db, rootID: org.id, oldAncestors: org.path.ancestorIDs, newAncestors: parent.path.ids)
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "organization.move", targetType: "organization", targetID: id,
                    summary: "\(org.name) 由 \(org.parentID.map(String.init) ?? "-") 调整至 \(parent.name)（\(parent.id)）"))
        }
        return try await get(id, as: caller)
    }

    /// 撤销党组织: only when it has no active sub-organizations; its members go to `transferMembersTo`
    /// first, and without such a target an organization with members is refused.
    public func dissolve(_ id: Int64, transferMembersTo targetID: Int64?, as caller: Caller) async throws {
        let now = time.nowMillis()
        try await backend.write { db in
            let org = try await OrganizationRepository.visible(db, id: id, to: caller, what: Self.what)
            try caller.require(.manageOrganizations, at: org.path, what: Self.what)
            guard org.counters.subtreeOrganizations == 1 else {
                throw VanguardError.conflict("该组织下还有下级组织，须先撤销或调整它们", "The organization still has sub-organizations; dissolve or move them first")
            }
            if org.counters.ownMembers > 0 {
                guard let targetID else {
                    throw VanguardError.conflict(
                        "该组织还有\(org.counters.ownMembers)名党员，须先转出", "The organization still has \(org.counters.ownMembers) members; transfer them first")
                }
                guard let target = try await OrganizationRepository.get(db, id: targetID), !target.dissolved, caller.canSee(target.path), target.id != org.id
                else {
                    throw VanguardError.notFound(.init("接收组织", "Receiving organization"))
                }
                try caller.require(.manageMembers, at: target.path, what: Self.what)
                guard target.kind.holdsMembers else {
                    throw VanguardError.invalid(
                        "\(target.kind.name.zh)不能直接接收党员", "A \(target.kind.name.en.lowercased()) cannot hold members directly", field: "transferMembersTo")
                }
                _ = try await MemberRepository.transferAll(db, from: org, to: target, reason: "组织撤销", actor: caller.username, now: now)
            }
            guard let fresh = try await OrganizationRepository.get(db, id: id) else { throw VanguardError.notFound(Self.what) }
            // What hangs on the organization's standing follows (a report it still owed is no longer due).
            try await WritePath.changing(db, Changes(organizations: [id]), now: now) {
                try await OrganizationRepository.dissolve(db, org: fresh, now: now)
            }
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "organization.dissolve", targetType: "organization", targetID: id,
                    summary: "撤销 \(org.name)" + (targetID.map { "，党员转至 \($0)" } ?? "")))
        }
    }
}
