import SQLKit
import VanguardCore

/// 公开承诺: drafting, reviewing, publishing and fulfilling commitments. Each command checks the
/// caller's scope and role (author or reviewer), applies the core rules, and writes the change,
/// its history event and an audit record in one transaction.
public struct CommitmentService: Sendable {
    let backend: any DatabaseBackend
    let time: any TimeSource
    static let what = Bilingual("该承诺", "Commitment")

    /// 党员定诺 at one of the member's places (their branch — the inflow organization for a floating
    /// member — or, for an in-service member, the residence organization). The place reviews it.
    public func createForMember(
        _ memberID: Int64, at placeID: Int64? = nil, kind: CommitmentKind, year: Int, items: [CommitmentItemDraft], as caller: Caller
    ) async throws -> CommitmentRecord {
        try Self.check(items, kind: kind, today: time.today())
        let now = time.nowMillis()
        let today = time.today()
        let id = try await backend.write { db in
            let round = try await CampaignRepository.round(db, on: today)
            guard let member = try await MemberRepository.get(db, id: memberID), caller.memberID == memberID || caller.canSee(member.organizationPath) else {
                throw VanguardError.notFound(MemberService.what)
            }
            guard caller.memberID == memberID || caller.allows(.manageMembers, at: member.organizationPath) else {
                throw VanguardError(.forbidden, .init("只有党员本人或其支部可以填写承诺", "Only the member or their branch may draft the commitment"))
            }
            let places = try CommitmentObligation.places(memberOrganizationID: member.organizationID, categories: member.draft.categories)
            let place = placeID ?? places[0]
            guard places.contains(place), let placeOrg = try await OrganizationRepository.get(db, id: place), !placeOrg.dissolved else {
                throw VanguardError.invalid("该党员不在此组织承诺", "The member does not commit in that organization", field: "organizationId")
            }
            // Checked before anything is written: a place the caller cannot see (a residence
            // community outside a secretary's scope) is refused, not written and then hidden.
            guard caller.memberID == memberID || caller.canSee(placeOrg.path) else { throw VanguardError.notFound(OrganizationService.what) }
            try CommitmentYear.check(
                year, today: today, campaignYears: try await CampaignRepository.all(db).map { $0.startYear...max($0.startYear, $0.endYear) })
            if kind != .immediate, try await CommitmentRepository.hasLive(db, memberID: memberID, organizationID: place, round: round, kind: kind) {
                throw VanguardError.conflict("该党员本轮在此组织已有\(kind.name.zh)", "The member already has a \(kind.name.en.lowercased()) commitment here this round")
            }
            let id = try await CommitmentRepository.insert(
                db, year: year, round: round, kind: kind, subject: .member(memberID), organizationID: place, reviewerOrganizationID: place,
                higherStandard: member.draft.categories.higherStandard, items: items, author: caller.username, now: now)
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "commitment.create", targetType: "commitment", targetID: id,
                    summary: "\(member.draft.name) \(year)年\(kind.name.zh)，\(items.count)项，于 \(placeOrg.name)"))
            return id
        }
        return try await get(id, as: caller)
    }

    /// 组织定诺: drafted by the organization's own officers; reviewed by its superior organization.
    public func createForOrganization(
        _ organizationID: Int64, kind: CommitmentKind, year: Int, items: [CommitmentItemDraft], as caller: Caller
    ) async throws -> CommitmentRecord {
        try Self.check(items, kind: kind, today: time.today())
        let now = time.nowMillis()
        let today = time.today()
        let id = try await backend.write { db in
            let round = try await CampaignRepository.round(db, on: today)
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            guard Self.mayAuthorForOrganization(org.path, caller) else {
                throw VanguardError(.forbidden, .init("您没有权限为该组织填写承诺", "You may not draft this organization's commitment"))
            }
            let reviewer = try CommitmentReview.reviewer(forOrganizationAt: org.path)
            try CommitmentYear.check(
                year, today: today, campaignYears: try await CampaignRepository.all(db).map { $0.startYear...max($0.startYear, $0.endYear) })
            if kind != .immediate, try await CommitmentRepository.hasLive(db, memberID: nil, organizationID: org.id, round: round, kind: kind) {
                throw VanguardError.conflict("该组织本轮已有\(kind.name.zh)", "The organization already has a \(kind.name.en.lowercased()) commitment this round")
            }
            let id = try await CommitmentRepository.insert(
                db, year: year, round: round, kind: kind, subject: .organization(org.id), organizationID: org.id, reviewerOrganizationID: reviewer,
                higherStandard: false, items: items, author: caller.username, now: now)
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "commitment.create", targetType: "commitment", targetID: id,
                    summary: "\(org.name) \(year)年\(kind.name.zh)，\(items.count)项"))
            return id
        }
        return try await get(id, as: caller)
    }

    /// A commitment the caller may see: in their scope, or their own.
    public func get(_ id: Int64, as caller: Caller) async throws -> CommitmentRecord {
        try await backend.read { db in try await Self.visible(db, id: id, caller) }
    }

    public func history(_ id: Int64, as caller: Caller) async throws -> [CommitmentEvent] {
        try await backend.read { db in
            _ = try await Self.visible(db, id: id, caller)
            return try await CommitmentRepository.events(db, commitmentID: id)
        }
    }

    /// Revises the items of a draft or returned commitment (the author only).
    public func updateItems(_ id: Int64, items: [CommitmentItemDraft], expectedVersion: Int64, as caller: Caller) async throws -> CommitmentRecord {
        let now = time.nowMillis()
        try await backend.write { db in
            let c = try await Self.visible(db, id: id, caller)
            try Self.check(items, kind: c.kind, today: time.today())
            let policy = try await Self.policy(db, c, caller)
            guard policy.isAuthor else { throw VanguardError(.forbidden, .init("只有承诺人可以修改承诺", "Only the author may revise the commitment")) }
            guard policy.mayRevise else {
                throw VanguardError.conflict("承诺当前为“\(c.state.name.zh)”，不能修改", "A commitment that is \(c.state.name.en.lowercased()) cannot be revised")
            }
            try await CommitmentRepository.replaceItems(db, id: id, items: items, expectedVersion: expectedVersion, now: now)
            try await WritePath.record(
                db, .init(at: now, actor: caller.username, action: "commitment.revise", targetType: "commitment", targetID: id, summary: "修改为\(items.count)项"))
        }
        return try await get(id, as: caller)
    }

    /// One step of 审诺→亮诺→践诺→评诺: the reviewer returns, approves, publishes, marks overdue and
    /// evaluates; the author submits, starts, fulfils and withdraws.
    public func act(
        _ id: Int64, _ action: CommitmentAction, note: String? = nil, expectedVersion: Int64? = nil, as caller: Caller
    ) async throws -> CommitmentRecord {
        let now = time.nowMillis()
        let today = time.today()
        try await backend.write { db in
            let c = try await Self.visible(db, id: id, caller)
            let policy = try await Self.policy(db, c, caller)
            if action.byReviewer {
                guard policy.holdsReview else {
                    throw VanguardError(
                        .forbidden, .init("只有\(c.memberName == nil ? "上级组织" : "所在支部")可以\(action.name.zh)", "Only the reviewer may \(action.rawValue)"))
                }
                try CommitmentReview.checkNotOwn(reviewerMemberID: caller.memberID, subject: c.subject)
            } else if !policy.isAuthor {
                throw VanguardError(.forbidden, .init("只有承诺人可以\(action.name.zh)", "Only the author may \(action.rawValue)"))
            }
            let trimmed = note?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
            // Overdue is a fact about deadlines, not a reviewer's opinion: only after one has passed.
            if action == .markOverdue,
                !CommitmentDeadline.isOverdue(state: c.state, items: c.items.map { ($0.draft.deadline, $0.fulfilled) }, today: today)
            {
                throw VanguardError.conflict("没有已过期限而未兑现的事项，不能标记逾期", "No item is past its deadline unfulfilled: it cannot be marked overdue")
            }
            let next = try CommitmentTransition.apply(action, to: c.state, note: trimmed)
            try await CommitmentRepository.transition(
                db, id: id, from: c.state, to: next, action: action, expectedVersion: expectedVersion ?? c.version, actor: caller.username, note: trimmed,
                now: now)
            if next == .fulfilled { try await ProgressRepository.fulfil(db, commitmentID: id, itemPosition: nil, on: today, now: now) }
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "commitment.\(action.rawValue)", targetType: "commitment", targetID: id,
                    summary: "\(c.state.name.zh) → \(next.name.zh)" + (trimmed.map { "：\($0)" } ?? ""), tells: [.step(c, action, note: trimmed)]))
        }
        return try await get(id, as: caller)
    }

    /// 网上晒诺: an organization's public board, for anyone (`caller` left out). A dissolved or unknown
    /// organization is 404; so is one outside the scope of a `caller` given (the printed letters).
    public func board(
        organizationID: Int64, as caller: Caller = .system("public")
    ) async throws -> (organization: OrganizationRecord, commitments: [CommitmentRecord]) {
        try await backend.read { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            return (org, try await CommitmentRepository.board(db, organizationID: org.id))
        }
    }

    /// What the caller may do on this commitment now (the page's buttons; the commands enforce the same).
    static func policy(_ db: any SQLDatabase, _ c: CommitmentRecord, _ caller: Caller) async throws -> CommitmentPolicy {
        let reviewer = try await OrganizationRepository.get(db, id: c.reviewerOrganizationID)
        let own: Bool = if case .member(let m) = c.subject { m == caller.memberID } else { false }
        return CommitmentPolicy(
            state: c.state, kind: c.kind, isAuthor: mayAuthor(c, caller), holdsReview: reviewer.map { caller.allows(.reviewCommitments, at: $0.path) } ?? false,
            isOwn: own)
    }

    /// 承诺详情: everything the commitment page shows, in one read — the commitment, its history, the
    /// progress reports, the rectification demands, and what the caller may do.
    public func detail(_ id: Int64, as caller: Caller) async throws -> CommitmentDetail {
        try await backend.read { db in
            let c = try await Self.visible(db, id: id, caller)
            return CommitmentDetail(
                commitment: c, events: try await CommitmentRepository.events(db, commitmentID: id),
                progress: try await ProgressRepository.list(db, commitmentID: id),
                rectifications: try await SupervisionRepository.ofCommitment(db, commitmentID: id).filter { $0.kind == .rectification },
                policy: try await Self.policy(db, c, caller))
        }
    }

    /// The caller's own commitments (a member's account).
    /// 审诺台: what an organization in the caller's scope reviews this year, submitted ones first.
    public func forReview(
        organizationID: Int64, year: Int, as caller: Caller
    ) async throws -> (organization: OrganizationRecord, commitments: [CommitmentRecord]) {
        try await backend.read { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            return (org, try await CommitmentRepository.forReview(db, organizationID: org.id, year: year))
        }
    }

    /// Where a member may commit (their places), for the draft form.
    public func places(ofMember memberID: Int64) async throws -> [OrganizationRecord] {
        try await backend.read { db in
            guard let m = try await MemberRepository.get(db, id: memberID) else { throw VanguardError.notFound(MemberService.what) }
            return try await Self.places(db, of: m)
        }
    }

    /// The focus areas suggested to a member at a place: by the place's sector and her category (a
    /// school's faculty and students have lists of their own), falling back to the sector's member list.
    public func focusAreas(forMember memberID: Int64, at place: OrganizationRecord) async throws -> [String] {
        try await backend.read { db in try await Self.focusAreas(db, for: try await MemberRepository.get(db, id: memberID), at: place) }
    }

    /// 我的承诺: the caller's own commitments, and what her drafting form offers — the places she
    /// commits at and the focus areas of the first — in one read.
    public func mine(as caller: Caller) async throws -> MyCommitments {
        guard let memberID = caller.memberID else { return MyCommitments(commitments: [], places: [], focusAreas: []) }
        return try await backend.read { db in
            let commitments = try await CommitmentRepository.ofMember(db, memberID: memberID)
            guard let m = try await MemberRepository.get(db, id: memberID) else { return MyCommitments(commitments: commitments, places: [], focusAreas: []) }
            // A member whose categories name no place yet (a member without a post and no post assigned)
            // still sees her commitments; she is told what is missing when she drafts.
            var places: [OrganizationRecord] = []
            do { places = try await Self.places(db, of: m) } catch let e as VanguardError where e.kind == .invalid {}
            var focus: [String] = []
            if let first = places.first { focus = try await Self.focusAreas(db, for: m, at: first) }
            return MyCommitments(commitments: commitments, places: places, focusAreas: focus)
        }
    }

    static func places(_ db: any SQLDatabase, of m: MemberRecord) async throws -> [OrganizationRecord] {
        var out: [OrganizationRecord] = []
        for id in try CommitmentObligation.places(memberOrganizationID: m.organizationID, categories: m.draft.categories) {
            if let o = try await OrganizationRepository.get(db, id: id) { out.append(o) }
        }
        return out
    }

    static func focusAreas(_ db: any SQLDatabase, for m: MemberRecord?, at place: OrganizationRecord) async throws -> [String] {
        let c = m?.draft.categories
        let audience: FocusAudience = c?.student == true ? .student : c?.faculty == true ? .faculty : .member
        let areas = try await FocusAreaRepository.focusAreas(db, sector: place.sector, audience: audience.rawValue)
        return areas.isEmpty && audience != .member ? try await FocusAreaRepository.focusAreas(db, sector: place.sector, audience: "member") : areas
    }

    /// The focus areas suggested for an organization's sector and a member's category (data, not code).
    public func focusAreas(sector: Sector, audience: String) async throws -> [String] {
        try await backend.read { db in try await FocusAreaRepository.focusAreas(db, sector: sector, audience: audience) }
    }

    static func check(_ items: [CommitmentItemDraft], kind: CommitmentKind, today: CalendarDay) throws {
        if let first = CommitmentContent.problems(in: items, kind: kind, today: today).first { throw first }
    }

    static func visible(_ db: any SQLDatabase, id: Int64, _ caller: Caller) async throws -> CommitmentRecord {
        guard let c = try await CommitmentRepository.get(db, id: id) else { throw VanguardError.notFound(what) }
        if case .member(let m) = c.subject, m == caller.memberID { return c }
        guard caller.canSee(c.organizationPath) else { throw VanguardError.notFound(what) }
        return c
    }

    public static func mayAuthorForOrganization(_ path: TreePath, _ caller: Caller) -> Bool {
        caller.allows(.manageOrganizations, at: path) || caller.allows(.manageMembers, at: path)
    }

    /// The member themself, or those who manage the place (recording an oral commitment on the
    /// member's behalf); for an organization, its own officers.
    static func mayAuthor(_ c: CommitmentRecord, _ caller: Caller) -> Bool {
        switch c.subject {
        case .member(let id): caller.memberID == id || caller.allows(.manageMembers, at: c.organizationPath)
        case .organization: mayAuthorForOrganization(c.organizationPath, caller)
        }
    }
}

/// What the commitment page shows (see `CommitmentService.detail`).
public struct CommitmentDetail: Sendable {
    public var commitment: CommitmentRecord
    public var events: [CommitmentEvent]
    public var progress: [ProgressRecord]
    public var rectifications: [SupervisionRecord]
    public var policy: CommitmentPolicy
}

/// What the caller's own commitments page shows.
public struct MyCommitments: Sendable {
    public let commitments: [CommitmentRecord]
    /// Where she may commit (her organization, and where she lives or works as a guest), in order.
    public let places: [OrganizationRecord]
    /// Focus areas suggested at the first place.
    public let focusAreas: [String]
}
