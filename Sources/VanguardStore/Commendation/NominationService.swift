import SQLKit
import VanguardCore

/// A nomination as its page shows it: the record, its steps, objections (for the committee), the round,
/// and what the caller may do now.
public struct NominationDetail: Sendable {
    public var nomination: NominationRecord
    public var round: CommendationRoundRecord
    public var steps: [NominationStepRecord]
    public var objections: [ObjectionRecord]?
    /// Forward it to the next level (上报) — the holder's office, while it is not at the committee.
    public var mayForward: Bool
    /// Select it (遴选) — the committee's office, when it has reached the committee.
    public var mayShortlist: Bool
    /// Return it with the reason (退回) — the holder's office.
    public var mayReturn: Bool
    /// Revoke the title (撤销) — the committee's office, once commended.
    public var mayRevoke: Bool
    /// 事迹材料附件, for those who read the deeds in full (nil for the others).
    public var files: [EvidenceFileRecord]?
    /// Add files to the deeds — the nominator's or the holder's office, while it is under review.
    public var mayAttach: Bool
}

/// 逐级推荐: an organization nominates one of its own (itself, an organization or a member below it) with
/// the deeds, within the quota of the nearest quota holder at or above it; each holder above reviews it,
/// returns it with the reason or forwards it within its own quota; the committee selects (遴选). The
/// nominee's eligibility is read from the records, never typed in, at nomination and again at selection.
public struct NominationService: Sendable {
    let backend: any DatabaseBackend
    let time: any TimeSource
    static let what = Bilingual("该推荐对象", "Nomination")

    /// Whether the caller reads the nomination: public once on notice, else for private readers of the nominee's organization.
    static func mayRead(_ n: NominationRecord, _ caller: Caller) -> Bool {
        [.onNotice, .commended, .revoked].contains(n.state) || caller.allows(.readPrivate, at: n.organizationPath)
    }

    /// A nomination as a reader sees it: in full where she reads private data at the nominee's organization;
    /// elsewhere (a public one, on notice or after) only what the public notice shows — the short deeds, no evidence.
    static func shown(_ n: NominationRecord, to caller: Caller) -> NominationRecord {
        guard !caller.allows(.readPrivate, at: n.organizationPath) else { return n }
        var out = n
        out.deeds = n.summary
        out.facts = nil
        return out
    }

    /// A nomination for one of its commands: sight checked, its round held shared (a notice or a decision
    /// waits), then the nomination locked and read again — the state the command checks is the one it changes.
    static func locked(_ db: any SQLDatabase, id: Int64, _ caller: Caller) async throws -> (NominationRecord, CommendationRoundRecord) {
        let (seen, visibleRound) = try await visible(db, id: id, caller)
        let round = try await CommendationService.sharedRound(db, id: visibleRound.id)
        try await NominationRepository.lock(db, id: seen.id)
        return (try await NominationRepository.get(db, id: seen.id) ?? seen, round)
    }

    static func visible(_ db: any SQLDatabase, id: Int64, _ caller: Caller) async throws -> (NominationRecord, CommendationRoundRecord) {
        guard let n = try await NominationRepository.get(db, id: id), mayRead(n, caller), caller.canSee(n.organizationPath) else {
            throw VanguardError.notFound(what)
        }
        guard let round = try await CommendationRepository.get(db, id: n.roundID) else { throw VanguardError.notFound(what) }
        return (n, round)
    }

    /// The facts and the refusals of the round's conditions for a nominee.
    static func eligibility(
        _ db: any SQLDatabase, round: CommendationRoundRecord, title: String, organizationID: Int64, memberID: Int64?, today: CalendarDay
    ) async throws -> (facts: EligibilityFacts, refusals: [Bilingual]) {
        let rules = try await PointRepository.settings(db, year: round.year).pointRules
        let facts = try await NominationRepository.facts(db, organizationID: organizationID, memberID: memberID, year: round.year, today: today, rules: rules)
        return (facts, EligibilityRules.refusals(round.eligibility[title] ?? [], facts: facts, year: round.year, today: today))
    }

    static func refuse(_ refusals: [Bilingual], _ name: String) -> VanguardError {
        VanguardError.conflict(
            "\(name)不符合表彰条件：" + refusals.map(\.zh).joined(separator: "；"), "\(name) is not eligible: " + refusals.map(\.en).joined(separator: "; "))
    }

    /// Takes a place at `holder` within its quota, or refuses.
    static func takePlace(_ db: any SQLDatabase, nomination: Int64, round: Int64, title: String, holder: OrganizationRecord) async throws {
        guard let quota = try await CommendationRepository.lockQuota(db, round: round, title: title, holder: holder.id) else {
            throw VanguardError.conflict("\(holder.name)没有该称号的名额", "\(holder.name) has no quota for this title")
        }
        let used = try await CommendationRepository.used(db, round: round, title: title, holder: holder.id)
        guard used < quota else { throw VanguardError.conflict("\(holder.name)的名额（\(quota)个）已满", "\(holder.name)'s quota of \(quota) is full") }
        try await CommendationRepository.addPlace(db, nomination: nomination, round: round, title: title, holder: holder.id)
    }

    /// 推荐: by `nominatorID`'s office, of an organization in its subtree (`memberID` nil) or of a member there.
    public func nominate(
        roundID: Int64, title: String, nominatorID: Int64, organizationID: Int64?, memberID: Int64?, deeds: String, summary: String, as caller: Caller
    ) async throws -> NominationRecord {
        let today = time.today()
        let now = time.nowMillis()
        let id = try await backend.write { db in
            let round = try await CommendationService.sharedRound(db, id: try await CommendationService.visibleRound(db, id: roundID, caller).id)
            let nominator = try await OrganizationRepository.visible(db, id: nominatorID, to: caller, what: OrganizationService.what)
            try caller.require(.manageMembers, at: nominator.path, what: OrganizationService.what)
            guard round.organizationPath.contains(nominator.path) else {
                throw VanguardError.invalid("推荐单位不在\(round.organizationName)范围内", "The nominator is outside the round", field: "nominatorId")
            }
            guard round.state == .nominating else { throw VanguardError.conflict("推荐已截止", "Nominations are closed") }
            guard let t = try await CommendationRepository.titles(db).first(where: { $0.code == title }) else {
                throw VanguardError.invalid("没有这个表彰称号：\(title.prefix(40))", "No such title", field: "title")
            }
            try NominationRules.checkDeeds(deeds: deeds, summary: summary)
            // The nominee: a member (her organization) or an organization, inside the nominator's subtree.
            let nominee: (org: OrganizationRecord, member: MemberRecord?, name: String)
            switch (t.subject, memberID) {
            case (.member, let m?):
                guard let member = try await MemberRepository.get(db, id: m), nominator.path.contains(member.organizationPath) else {
                    throw VanguardError.invalid("只能推荐本组织的党员", "Nominate a member of the nominating organization", field: "memberId")
                }
                nominee = (
                    try await OrganizationRepository.visible(db, id: member.organizationID, to: caller, what: OrganizationService.what), member,
                    member.draft.name
                )
            case (.organization, nil):
                let org = try await OrganizationRepository.visible(db, id: organizationID ?? nominator.id, to: caller, what: OrganizationService.what)
                guard nominator.path.contains(org.path) else {
                    throw VanguardError.invalid("只能推荐本组织或下级组织", "Nominate the organization itself or one below it", field: "organizationId")
                }
                nominee = (org, nil, org.name)
            case (.member, nil): throw VanguardError.invalid("“\(t.name)”须推荐党员个人", "This title is for a member", field: "memberId")
            case (.organization, _?): throw VanguardError.invalid("“\(t.name)”须推荐党组织", "This title is for an organization", field: "memberId")
            }
            if let barred = try await NominationRepository.barredUntil(db, organizationID: nominee.org.id, memberID: nominee.member?.id), barred >= today {
                throw VanguardError.conflict("\(nominee.name)因弄虚作假被撤销称号，\(barred)前不得推荐", "\(nominee.name) is barred until \(barred)")
            }
            let e = try await Self.eligibility(db, round: round, title: t.code, organizationID: nominee.org.id, memberID: nominee.member?.id, today: today)
            guard e.refusals.isEmpty else { throw Self.refuse(e.refusals, nominee.name) }
            let holders = try await CommendationRepository.holders(db, round: round.id, title: t.code)
            guard let first = NominationRules.chain(nominator: nominator.path, commending: round.organizationPath, holders: holders).first,
                let holder = try await OrganizationRepository.get(db, id: first)
            else { throw VanguardError.conflict("本次评选没有该称号的名额", "The round has no quota for this title") }
            // A member's points are read whole (her year's total): she is named before as well as after.
            let member: Set<Int64> = nominee.member.map { [$0.id] } ?? []
            return try await WritePath.changing(
                db, Changes(members: member), now: now,
                {
                    guard
                        let id = try await NominationRepository.insert(
                            db, round: round.id, title: t.code, organizationID: nominee.org.id, memberID: nominee.member?.id, nominatorID: nominator.id,
                            holderID: holder.id, deeds: deeds.trimmingCharacters(in: .whitespacesAndNewlines),
                            summary: summary.trimmingCharacters(in: .whitespacesAndNewlines), facts: e.facts, by: caller.username, now: now)
                    else { throw VanguardError.conflict("\(nominee.name)已在本次评选中被推荐", "\(nominee.name) is nominated in this round already") }
                    try await Self.takePlace(db, nomination: id, round: round.id, title: t.code, holder: holder)
                    try await NominationRepository.addStep(db, nomination: id, action: "nominate", at: nominator.id, note: nil, by: caller.username, now: now)
                    try await WritePath.record(
                        db,
                        .init(
                            at: now, actor: caller.username, action: "nomination.create", targetType: "nomination", targetID: id,
                            summary: "推荐\(nominee.name)为“\(t.name)”"))
                    return id
                }, also: { Changes(members: member, nominations: [$0]) })
        }
        return try await backend.read { db in try await NominationRepository.get(db, id: id)! }
    }

    /// 上报: the holder's office forwards it to the next holder above, within that holder's quota.
    public func forward(_ id: Int64, as caller: Caller) async throws {
        let now = time.nowMillis()
        try await backend.write { db in
            let (n, round) = try await Self.locked(db, id: id, caller)
            guard let holder = try await OrganizationRepository.get(db, id: n.holderID) else { throw VanguardError.notFound(Self.what) }
            try CommendationService.requireManage(caller, at: holder.path)
            guard n.state == .pending, round.state == .nominating else { throw VanguardError.conflict("该推荐不在待审核状态", "The nomination is not pending") }
            guard holder.id != round.organizationID else { throw VanguardError.conflict("已报至\(round.organizationName)，由其遴选", "It has reached the committee") }
            let holders = try await CommendationRepository.holders(db, round: round.id, title: n.title)
            guard let nominator = try await OrganizationRepository.get(db, id: n.nominatorID) else { throw VanguardError.notFound(Self.what) }
            // The next holder above the current one (the committee at the latest).
            let chain = NominationRules.chain(nominator: nominator.path, commending: round.organizationPath, holders: holders)
            guard let nextID = chain.first(where: { h in holder.path.ancestorIDs.contains(h) }), let next = try await OrganizationRepository.get(db, id: nextID)
            else {
                throw VanguardError.conflict("没有上一级可报", "No level above")
            }
            try await Self.takePlace(db, nomination: n.id, round: round.id, title: n.title, holder: next)
            guard try await NominationRepository.move(db, id: n.id, from: .pending, to: .pending, holder: next.id) else {
                throw VanguardError.conflict("该推荐不在待审核状态", "The nomination is not pending")
            }
            try await NominationRepository.addStep(db, nomination: n.id, action: "forward", at: holder.id, note: nil, by: caller.username, now: now)
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "nomination.forward", targetType: "nomination", targetID: n.id,
                    summary: "\(holder.name)将\(n.nomineeName)报至\(next.name)"))
        }
    }

    /// 退回: the holder's office (the committee's, once selected) returns it with the reason; its places are free again.
    public func returnNomination(_ id: Int64, reason: String, as caller: Caller) async throws {
        let now = time.nowMillis()
        try await backend.write { db in
            let (n, round) = try await Self.locked(db, id: id, caller)
            guard let holder = try await OrganizationRepository.get(db, id: n.holderID) else { throw VanguardError.notFound(Self.what) }
            try CommendationService.requireManage(caller, at: holder.path)
            try NominationRules.checkReason(reason)
            guard [.pending, .shortlisted].contains(n.state), round.state == .nominating else {
                throw VanguardError.conflict("只能退回待审核或拟表彰的推荐", "Only a pending or shortlisted nomination is returned")
            }
            let text = reason.trimmingCharacters(in: .whitespacesAndNewlines)
            let done = try await WritePath.changing(db, Changes(nominations: [n.id]), now: now) {
                try await NominationRepository.move(db, id: n.id, from: n.state, to: .returned, reason: text)
            }
            guard done else { throw VanguardError.conflict("该推荐已处理", "The nomination was handled meanwhile") }
            try await NominationRepository.addStep(db, nomination: n.id, action: "return", at: holder.id, note: text, by: caller.username, now: now)
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "nomination.return", targetType: "nomination", targetID: n.id,
                    summary: "退回\(n.nomineeName)的推荐：\(text.prefix(100))"))
        }
    }

    /// 遴选: the committee's office selects a nomination that reached it, its eligibility read again.
    public func shortlist(_ id: Int64, as caller: Caller) async throws {
        let today = time.today()
        let now = time.nowMillis()
        try await backend.write { db in
            let (n, round) = try await Self.locked(db, id: id, caller)
            try CommendationService.requireManage(caller, at: round.organizationPath)
            guard n.state == .pending, n.holderID == round.organizationID, round.state == .nominating else {
                throw VanguardError.conflict("只能遴选已报至\(round.organizationName)的推荐", "Only a nomination that reached the committee is selected")
            }
            let e = try await Self.eligibility(db, round: round, title: n.title, organizationID: n.organizationID, memberID: n.memberID, today: today)
            guard e.refusals.isEmpty else { throw Self.refuse(e.refusals, n.nomineeName) }
            let done = try await WritePath.changing(db, Changes(nominations: [n.id]), now: now) {
                try await NominationRepository.move(db, id: n.id, from: .pending, to: .shortlisted)
            }
            guard done else { throw VanguardError.conflict("该推荐已处理", "The nomination was handled meanwhile") }
            try await NominationRepository.addStep(
                db, nomination: n.id, action: "shortlist", at: round.organizationID, note: nil, by: caller.username, now: now)
            try await WritePath.record(
                db,
                .init(at: now, actor: caller.username, action: "nomination.shortlist", targetType: "nomination", targetID: n.id, summary: "遴选\(n.nomineeName)"))
        }
    }

    public func detail(_ id: Int64, as caller: Caller) async throws -> NominationDetail {
        try await backend.read { db in
            let (n, round) = try await Self.visible(db, id: id, caller)
            let holderPath = try await OrganizationRepository.get(db, id: n.holderID)?.path ?? round.organizationPath
            let managesHolder = caller.allows(.manageOrganizations, at: holderPath)
            let manages = caller.allows(.manageOrganizations, at: round.organizationPath)
            let open = round.state == .nominating
            return NominationDetail(
                nomination: Self.shown(n, to: caller), round: round, steps: try await NominationRepository.steps(db, nomination: n.id),
                objections: manages ? try await NominationRepository.objections(db, round: round.id).filter { $0.nominationID == n.id } : nil,
                mayForward: open && n.state == .pending && managesHolder && n.holderID != round.organizationID,
                mayShortlist: open && n.state == .pending && manages && n.holderID == round.organizationID,
                mayReturn: open && managesHolder && (n.state == .pending || (n.state == .shortlisted && manages)),
                mayRevoke: manages && n.state == .commended,
                files: caller.allows(.readPrivate, at: n.organizationPath) ? try await NominationRepository.files(db, nominationID: n.id) : nil,
                mayAttach: Self.mayAttach(
                    n, round: round, holder: holderPath, nominator: try await OrganizationRepository.get(db, id: n.nominatorID)?.path, caller))
        }
    }

}
