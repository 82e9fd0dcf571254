import SQLKit
import VanguardCore

/// A backward unit's page: the designation, its pairing with helpers, its 帮扶整改台账 (items and help
/// records) and what the caller may do.
public struct BackwardDetail: Sendable {
    public var designation: BackwardDesignationRecord
    public var reasons: [BackwardReason]
    public var pairing: PairingRecord?
    public var items: [RectificationItemRecord]
    public var help: [HelpRecord]
    public var satisfaction: Double?
    public var policy: BackwardPolicy
}

/// 后进帮扶 list: an organization and the designations its subtree made or holds that the caller may see.
public struct BackwardBoard: Sendable {
    public var organization: OrganizationRecord
    public var designations: [BackwardDesignationRecord]
    public var reasons: [BackwardReason]
    /// Whether the caller may designate here (organizations, members).
    public var mayDesignate: (organizations: Bool, members: Bool)
}

/// The unit a designation is about.
public enum BackwardUnit: Sendable, Hashable {
    case organization(Int64)
    case member(Int64)
}

/// 后进党组织、后进党员的认定、结对帮扶与验收: a committee designates a unit below it (not public), pairs it
/// with helpers that are not backward themselves ("1+1", "X+1"), keeps its ledger, and lifts it once every
/// item is checked off and accepted (不改貌不脱钩: the pairing ends only after that).
public struct BackwardService: Sendable {
    let backend: any DatabaseBackend
    let time: any TimeSource
    static let what = Bilingual("该后进认定", "Backward designation")

    /// The permission that designates and manages a kind: organizations are the committees' business,
    /// members their organization's.
    static func permission(_ kind: BackwardKind) -> Permission { kind == .organization ? .manageOrganizations : .manageMembers }

    public func reasons() async throws -> [BackwardReason] {
        try await backend.read { db in try await BackwardRepository.reasons(db) }
    }

    /// 认定: `organizationID` designates the unit (a strict descendant organization, or a member in its subtree).
    public func designate(
        _ unit: BackwardUnit?, by organizationID: Int64, reasons: [String], note: String, threshold: Double?, as caller: Caller
    ) async throws -> BackwardDesignationRecord {
        let today = time.today()
        let now = time.nowMillis()
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        var seen = Set<String>()
        let reasons = reasons.filter { seen.insert($0).inserted }
        let id = try await backend.write { db in
            let by = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            // Who may, before what was sent: the designating side's right first (either kind's), then the body.
            guard caller.allows(.manageOrganizations, at: by.path) || caller.allows(.manageMembers, at: by.path) else {
                throw VanguardError(.forbidden, .init("无权认定后进", "You may not designate here"))
            }
            guard note.count <= BackwardRules.noteLimit else {
                throw VanguardError.invalid("说明不能超过\(BackwardRules.noteLimit)字", "The note is too long", field: "note")
            }
            if let threshold, !(threshold > 0 && threshold <= 1) {
                throw VanguardError.invalid("满意率要求须在0到100%之间", "The threshold must be between 0 and 100%", field: "threshold")
            }
            let kind: BackwardKind
            var new: BackwardRepository.NewDesignation
            switch unit {
            case nil:
                throw VanguardError.invalid("请指明后进党组织或后进党员", "Name the organization or member", field: "organizationId")
            case .organization(let id)?:
                kind = .organization
                let target = try await OrganizationRepository.visible(db, id: id, to: caller, what: OrganizationService.what)
                guard by.path.contains(target.path), target.id != by.id, !target.dissolved else {
                    throw VanguardError.invalid("只能认定本组织下级的党组织", "Only an organization below the designating one", field: "organization")
                }
                new = .init(kind: kind, organizationID: target.id, memberID: nil, designatedBy: by.id, year: today.year, reasons: reasons, note: note)
            case .member(let id)?:
                kind = .member
                guard let m = try await MemberRepository.get(db, id: id), caller.canSee(m.organizationPath), by.path.contains(m.organizationPath) else {
                    throw VanguardError.invalid("只能认定本组织及下级的党员", "Only a member of the designating organization's subtree", field: "member")
                }
                new = .init(kind: kind, organizationID: m.organizationID, memberID: m.id, designatedBy: by.id, year: today.year, reasons: reasons, note: note)
            }
            new.threshold = threshold
            try caller.require(Self.permission(kind), at: by.path, what: Self.what)
            guard reasons.count <= 20 else { throw VanguardError.invalid("认定原因过多", "Too many reasons", field: "reasons") }
            try BackwardRules.checkReasons(reasons, kind: kind, known: try await BackwardRepository.reasons(db))
            let created = try await WritePath.changing(db, Changes(), now: now) {
                try await BackwardRepository.insert(db, new, on: today, by: caller.username, now: now)
            } also: { id in
                Changes(designations: Set([id].compactMap { $0 }))
            }
            guard let created else { throw VanguardError.conflict("该对象已被认定为后进，正在整顿转化", "Already designated and being rectified") }
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "backward.designate", targetType: "backward", targetID: created,
                    summary: "认定\(kind.name.zh)（\(reasons.joined(separator: "、"))）"))
            return created
        }
        return try await detail(id, as: caller).designation
    }

    /// Loads a designation the caller may see, with the caller's policy on it.
    static func visible(_ db: any SQLDatabase, id: Int64, _ caller: Caller) async throws -> (BackwardDesignationRecord, BackwardPolicy) {
        guard let d = try await BackwardRepository.get(db, id: id) else { throw VanguardError.notFound(what) }
        let policy = try await self.policy(db, d, caller)
        let designatedMember = caller.memberID != nil && caller.memberID == d.memberID
        guard
            policy.manages || policy.helps || caller.allows(.readPrivate, at: d.designatedByPath) || caller.allows(.readPrivate, at: d.organizationPath)
                || designatedMember
        else { throw VanguardError.notFound(what) }
        return (d, policy)
    }

    static func policy(_ db: any SQLDatabase, _ d: BackwardDesignationRecord, _ caller: Caller) async throws -> BackwardPolicy {
        let manages = caller.allows(permission(d.kind), at: d.designatedByPath)
        let helpers = try await PairingRepository.helperPaths(db, designation: d.id)
        let helps =
            helpers.paths.contains { caller.allows(.readPrivate, at: $0) } || (caller.memberID.map { helpers.members.contains($0) } ?? false)
        return BackwardPolicy(manages: manages, helps: helps)
    }

    /// 结对: adds a helper (an organization for an organization, a member for a member), pairing the unit on the first.
    public func pair(_ id: Int64, helper: BackwardUnit?, as caller: Caller) async throws {
        let today = time.today()
        let now = time.nowMillis()
        try await backend.write { db in
            try await BackwardRepository.lock(db, id: id)
            let (d, policy) = try await Self.visible(db, id: id, caller)
            guard policy.manages else { throw VanguardError(.forbidden, .init("只有认定组织可以安排结对", "Only the designating organization pairs")) }
            guard d.state == .designated else { throw VanguardError.conflict("已验收摘帽，无需再结对", "Already lifted") }
            guard let helper else { throw VanguardError.invalid("请指明一个帮扶党组织或帮扶党员", "Name one helping organization or member", field: "organizationId") }
            let existing = try await PairingRepository.of(db, designation: d.id)
            var helperOrg: Int64?
            var helperMember: Int64?
            let helperName: String
            switch (helper, d.kind) {
            case (.organization(let oid), .organization):
                guard let o = try await OrganizationRepository.get(db, id: oid), caller.canSee(o.path), !o.dissolved else {
                    throw VanguardError.invalid("找不到该帮扶党组织", "No such helping organization", field: "helper")
                }
                try PairingRules.checkHelper(
                    isTarget: o.id == d.organizationID, isBackward: try await BackwardRepository.isDesignated(db, organizationID: o.id),
                    alreadyHelping: existing?.helpers.contains { $0.organizationID == o.id } ?? false, helpers: existing?.helpers.count ?? 0)
                helperOrg = o.id
                helperName = o.name
            case (.member(let mid), .member):
                guard let m = try await MemberRepository.get(db, id: mid), caller.canSee(m.organizationPath) else {
                    throw VanguardError.invalid("找不到该帮扶党员", "No such helping member", field: "helper")
                }
                try PairingRules.checkHelper(
                    isTarget: m.id == d.memberID, isBackward: try await BackwardRepository.isDesignated(db, memberID: m.id),
                    alreadyHelping: existing?.helpers.contains { $0.memberID == m.id } ?? false, helpers: existing?.helpers.count ?? 0)
                helperMember = m.id
                helperName = m.draft.name
            default:
                throw VanguardError.invalid(
                    d.kind == .organization ? "后进党组织须与党组织结对共建" : "后进党员须与党员结对帮扶",
                    d.kind == .organization ? "An organization is paired with organizations" : "A member is paired with members", field: "helper")
            }
            try await WritePath.changing(db, Changes(designations: [d.id]), now: now) {
                let pairing: Int64
                if let existing {
                    guard existing.active else { throw VanguardError.conflict("结对已解除", "The pairing has ended") }
                    pairing = existing.id
                } else {
                    pairing = try await PairingRepository.insert(
                        db, kind: d.kind.pairing, designationID: d.id, organizationID: d.organizationID, memberID: d.memberID, pairedBy: d.designatedByID,
                        on: today, by: caller.username, now: now)
                }
                try await PairingRepository.addHelper(db, pairing: pairing, organizationID: helperOrg, memberID: helperMember, on: today)
            }
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "backward.pair", targetType: "backward", targetID: d.id,
                    summary: "\(d.kind.pairing.name.zh)：\(helperName)", tells: helperOrg.map { [.paired(organizationID: $0, unit: d.unitName)] } ?? []))
        }
    }

    /// 帮扶记录: a visit, funds or a project, recorded by the designating organization or a helper.
    public func help(_ id: Int64, kind: HelpKind, heldOn: CalendarDay, content: String, amount: Int?, as caller: Caller) async throws {
        let today = time.today()
        let now = time.nowMillis()
        try await backend.write { db in
            try await BackwardRepository.lock(db, id: id)
            let (d, policy) = try await Self.visible(db, id: id, caller)
            guard policy.mayRecordHelp else { throw VanguardError(.forbidden, .init("只有认定组织或帮扶方可以记录帮扶", "Only the pairing records help")) }
            guard let p = try await PairingRepository.of(db, designation: d.id) else { throw VanguardError.conflict("尚未结对", "Not paired yet") }
            let text = try await PairingHelp.record(
                db, pairing: p, kind: kind, heldOn: heldOn, content: content, amount: amount, by: caller.username, today: today, now: now)
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "backward.help", targetType: "backward", targetID: d.id,
                    summary: "\(kind.name.zh)：\(text.prefix(100))"))
        }
    }

    /// 列入台账: a rectification item on the unit's ledger, checked off by the designating organization.
    public func addItem(
        _ id: Int64, problem: String, measure: String, responsible: String, deadline: CalendarDay, as caller: Caller
    ) async throws -> Int64 {
        return try await backend.write { db in
            try await BackwardRepository.lock(db, id: id)
            let (d, policy) = try await Self.visible(db, id: id, caller)
            guard policy.mayOpenItems else { throw VanguardError(.forbidden, .init("只有认定组织或帮扶方可以列入整改事项", "Only the pairing opens items")) }
            try RectificationRules.checkNew(problem: problem, measure: measure, responsible: responsible, deadline: deadline, today: time.today())
            guard d.state == .designated else { throw VanguardError.conflict("已验收摘帽，台账已关闭", "Already lifted: the ledger is closed") }
            return try await RectificationService.open(
                db,
                .init(
                    source: .backward, sourceID: d.id, organizationID: d.organizationID, memberID: d.memberID, confirmerID: d.designatedByID,
                    problem: problem, measure: measure, responsible: responsible, deadline: deadline), caller: caller, time: time)
        }
    }

    /// 验收摘帽 / 转化: every item checked off, the acceptance written, the satisfaction reached if required.
    public func lift(_ id: Int64, acceptance: String, as caller: Caller) async throws {
        let today = time.today()
        let now = time.nowMillis()
        let text = acceptance.trimmingCharacters(in: .whitespacesAndNewlines)
        try await backend.write { db in
            try await BackwardRepository.lock(db, id: id)
            let (d, policy) = try await Self.visible(db, id: id, caller)
            guard policy.manages else { throw VanguardError(.forbidden, .init("只有认定组织可以验收", "Only the designating organization accepts")) }
            guard text.count <= BackwardRules.noteLimit else { throw VanguardError.invalid("验收意见过长", "The acceptance is too long", field: "acceptance") }
            guard d.state == .designated else { throw VanguardError.conflict("已验收", "Already lifted") }
            let satisfaction =
                d.threshold == nil ? nil : try await BackwardRepository.latestSatisfaction(db, organizationID: d.organizationID, memberID: d.memberID)
            if let refusal = BackwardRules.liftRefusal(
                items: try await RectificationRepository.states(db, source: .backward, id: d.id), acceptance: text, threshold: d.threshold,
                satisfaction: satisfaction)
            {
                throw refusal
            }
            let lifted = try await WritePath.changing(db, Changes(designations: [d.id]), now: now) {
                try await BackwardRepository.lift(db, id: d.id, acceptance: text, on: today)
            }
            guard lifted else { throw VanguardError.conflict("已验收", "Already lifted") }
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "backward.lift", targetType: "backward", targetID: d.id,
                    summary: "\(BackwardState.lifted.name(d.kind).zh)：\(text.prefix(100))"))
        }
    }

    /// 脱钩: ends the pairing — refused while the unit is still designated (不改貌不脱钩).
    public func endPairing(_ id: Int64, note: String, as caller: Caller) async throws {
        let today = time.today()
        let now = time.nowMillis()
        try await backend.write { db in
            try await BackwardRepository.lock(db, id: id)
            let (d, policy) = try await Self.visible(db, id: id, caller)
            guard policy.manages else { throw VanguardError(.forbidden, .init("只有认定组织可以解除结对", "Only the designating organization ends a pairing")) }
            guard let p = try await PairingRepository.of(db, designation: d.id), p.active else {
                throw VanguardError.conflict("没有进行中的结对", "No running pairing")
            }
            try PairingRules.checkEnd(unit: d.state)
            guard try await PairingRepository.end(db, id: p.id, note: note.trimmingCharacters(in: .whitespacesAndNewlines), on: today) else {
                throw VanguardError.conflict("结对已解除", "The pairing has ended")
            }
            try await WritePath.record(
                db, .init(at: now, actor: caller.username, action: "backward.unpair", targetType: "backward", targetID: d.id, summary: "解除结对（脱钩）"))
        }
    }

    /// 后进帮扶详情: one read.
    public func detail(_ id: Int64, as caller: Caller) async throws -> BackwardDetail {
        try await backend.read { db in
            let (d, policy) = try await Self.visible(db, id: id, caller)
            let pairing = try await PairingRepository.of(db, designation: d.id)
            let help = if let pairing { try await PairingRepository.help(db, pairing: pairing.id) } else { [HelpRecord]() }
            return BackwardDetail(
                designation: d, reasons: try await BackwardRepository.reasons(db), pairing: pairing,
                items: try await RectificationRepository.of(db, source: .backward, id: d.id),
                help: help,
                satisfaction: try await BackwardRepository.latestSatisfaction(db, organizationID: d.organizationID, memberID: d.memberID), policy: policy)
        }
    }

    /// 后进帮扶: the designations made in or about the organization's subtree, and those the caller helps with.
    public func board(organizationID: Int64, kind: BackwardKind?, state: BackwardState?, as caller: Caller, limit: Int = 500) async throws -> BackwardBoard {
        try await backend.read { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            var list: [BackwardDesignationRecord] = []
            if caller.allows(.readPrivate, at: org.path) {
                list = try await BackwardRepository.under(db, path: org.path, kind: kind, state: state, limit: limit)
            }
            // Every grant that reads private data (a broader grant of another role must not hide it).
            let roots = caller.isSystem ? [] : caller.scope.grants.filter { $0.role.permissions.contains(.readPrivate) }.map(\.organizationPath)
            for d in try await BackwardRepository.helpedBy(db, paths: roots, memberID: caller.memberID, limit: limit)
            where !list.contains(where: { $0.id == d.id }) && (kind == nil || d.kind == kind) && (state == nil || d.state == state) {
                list.append(d)
            }
            if let m = caller.memberID {
                for d in try await BackwardRepository.of(db, memberID: m) where !list.contains(where: { $0.id == d.id }) { list.append(d) }
            }
            return BackwardBoard(
                organization: org, designations: list.sorted { $0.id > $1.id }, reasons: try await BackwardRepository.reasons(db),
                mayDesignate: (caller.allows(.manageOrganizations, at: org.path), caller.allows(.manageMembers, at: org.path)))
        }
    }
}
