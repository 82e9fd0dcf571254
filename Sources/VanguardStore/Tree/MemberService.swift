import SQLKit
import VanguardCore

/// Commands and queries on members, checked against the caller's scope and audited.
public struct MemberService: Sendable {
    let backend: any DatabaseBackend
    let time: any TimeSource
    static let what = Bilingual("该党员", "Member")

    public func get(_ id: Int64, as caller: Caller) async throws -> MemberRecord {
        guard let m = try await backend.read({ db in try await MemberRepository.get(db, id: id) }), caller.canSee(m.organizationPath) else {
            throw VanguardError.notFound(Self.what)
        }
        return m
    }

    public func list(organizationID: Int64, as caller: Caller, limit: Int = 100, offset: Int = 0) async throws -> [MemberRecord] {
        try await backend.read { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            return try await MemberRepository.list(db, organizationID: org.id, limit: limit, offset: offset)
        }
    }

    public func search(_ text: String, as caller: Caller, limit: Int = 50) async throws -> [MemberRecord] {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty else { return [] }
        let within = caller.readableRoots
        return try await backend.read { db in try await MemberRepository.search(db, text: t, within: within, limit: limit) }
    }

    public func transfers(of id: Int64, as caller: Caller) async throws -> [TransferRecord] {
        let m = try await get(id, as: caller)
        return try await backend.read { db in try await MemberRepository.transfers(db, memberID: m.id) }
    }

    /// Whether the caller may see this member's full phone number.
    /// The member numbered `memberNo` if the caller may see her (a picker's value), else nil.
    public func find(memberNo: String, as caller: Caller) async throws -> MemberRecord? {
        let no = String(memberNo.trimmingCharacters(in: .whitespaces).prefix(64))
        return try await backend.read { db in try await MemberRepository.get(db, memberNo: no) }.flatMap { caller.canSee($0.organizationPath) ? $0 : nil }
    }

    public func mayReadPrivate(_ m: MemberRecord, as caller: Caller) -> Bool { caller.allows(.readPrivate, at: m.organizationPath) }

    /// Checks an organization that a member's category refers to (residence, inflow, outflow) exists.
    static func checkReferences(_ db: any SQLDatabase, _ d: MemberDraft) async throws {
        let refs: [(Int64?, String, String)] = [
            (d.categories.residenceOrganizationID, "residenceOrganizationId", "居住地党组织"),
            (d.categories.inflowOrganizationID, "inflowOrganizationId", "流入地党组织"),
            (d.categories.outflowOrganizationID, "outflowOrganizationId", "流出地党组织"),
        ]
        for case (let id?, let field, let zh) in refs {
            guard let o = try await OrganizationRepository.get(db, id: id), !o.dissolved else {
                throw VanguardError.invalid("\(zh)不存在", "The \(field) does not exist", field: field)
            }
        }
    }

    static func requireHolder(_ org: OrganizationRecord) throws {
        guard org.kind.holdsMembers else {
            throw VanguardError.invalid(
                "党员须编入基层党组织，\(org.kind.name.zh)不能直接管理党员", "Members belong to grassroots organizations, not to a \(org.kind.name.en.lowercased())",
                field: "organizationId")
        }
    }

    public func create(_ draft: MemberDraft, organizationID: Int64, as caller: Caller) async throws -> MemberRecord {
        let d = try MemberValidation.validated(draft, today: time.today())
        let now = time.nowMillis()
        let id = try await backend.write { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            try caller.require(.manageMembers, at: org.path, what: OrganizationService.what)
            try Self.requireHolder(org)
            try await Self.checkReferences(db, d)
            if try await MemberRepository.get(db, memberNo: d.memberNo) != nil {
                throw VanguardError.conflict("党员编号“\(d.memberNo)”已存在", "Member number '\(d.memberNo)' already exists")
            }
            let id = try await MemberRepository.insert(db, draft: d, in: org, now: now)
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "member.create", targetType: "member", targetID: id,
                    summary: "新增党员 \(d.name)（\(d.memberNo)）于 \(org.name)"))
            return id
        }
        return try await get(id, as: caller)
    }

    public func update(_ id: Int64, draft: MemberDraft, expectedVersion: Int64, as caller: Caller) async throws -> MemberRecord {
        let d = try MemberValidation.validated(draft, today: time.today())
        let now = time.nowMillis()
        try await backend.write { db in
            guard let m = try await MemberRepository.get(db, id: id), caller.canSee(m.organizationPath) else { throw VanguardError.notFound(Self.what) }
            try caller.require(.manageMembers, at: m.organizationPath, what: Self.what)
            try await Self.checkReferences(db, d)
            if d.memberNo != m.draft.memberNo, try await MemberRepository.get(db, memberNo: d.memberNo) != nil {
                throw VanguardError.conflict("党员编号“\(d.memberNo)”已存在", "Member number '\(d.memberNo)' already exists")
            }
            // What is counted from her record (a commended member's sex and age in 第十二表) follows.
            try await WritePath.changing(db, .members([id]), now: now) {
                try await MemberRepository.update(db, id: id, draft: d, expectedVersion: expectedVersion, now: now)
            }
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "member.update", targetType: "member", targetID: id,
                    summary: "修改党员信息 \(m.draft.name) → \(d.name)"))
        }
        return try await get(id, as: caller)
    }

    /// 组织关系转接: the caller must manage members both where the member is and where they go.
    public func transfer(_ id: Int64, to targetID: Int64, reason: String?, expectedVersion: Int64? = nil, as caller: Caller) async throws -> MemberRecord {
        let now = time.nowMillis()
        try await backend.write { db in
            guard var m = try await MemberRepository.get(db, id: id), caller.canSee(m.organizationPath) else { throw VanguardError.notFound(Self.what) }
            let target = try await OrganizationRepository.visible(db, id: targetID, to: caller, what: .init("接收组织", "Receiving organization"))
            guard let from = try await OrganizationRepository.get(db, id: m.organizationID) else { throw VanguardError.notFound(OrganizationService.what) }
            try caller.require(.manageMembers, at: m.organizationPath, what: Self.what)
            try caller.require(.manageMembers, at: target.path, what: OrganizationService.what)
            try Self.requireHolder(target)
            guard target.id != from.id else {
                throw VanguardError.invalid("党员已在该组织", "The member already belongs to that organization", field: "organizationId")
            }
            if let expectedVersion {
                guard expectedVersion == m.version else { throw OrganizationRepository.staleVersion }
                m.version = expectedVersion
            }
            let why = reason?.trimmingCharacters(in: .whitespaces).nilIfEmpty
            try await MemberRepository.transfer(db, member: m, from: from, to: target, reason: why, actor: caller.username, now: now)
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "member.transfer", targetType: "member", targetID: id,
                    summary: "\(m.draft.name) 由 \(from.name) 转至 \(target.name)" + (why.map { "：\($0)" } ?? "")))
        }
        return try await get(id, as: caller)
    }
}
