import SQLKit
import VanguardCore

/// A round as its page shows it to a caller: the quotas, the nominations she may read, the objections
/// (for the committee), and what she may do.
public struct CommendationDesk: Sendable {
    public var round: CommendationRoundRecord
    public var titles: [CommendationTitle]
    public var quotas: [QuotaRecord]
    /// Those on notice, commended or revoked (public), and the others where she reads private data.
    public var nominations: [NominationRecord]
    /// For the committee only (the objector's name and contact are hers to read).
    public var objections: [ObjectionRecord]?
    /// Whether she runs the round (the commending committee's office).
    public var manages: Bool
    /// The organizations she may nominate for (her grants under the round where she manages members).
    public var nominators: [OrganizationRecord]
    /// Objections not yet verified.
    public var openObjections: Int
    /// Whether she may give or split quotas (an office under the round; the service checks the level).
    public var maySplit: Bool
}

/// The rounds an organization takes part in (its committees' and those below it), and whether the caller
/// may open one there.
public struct CommendationList: Sendable {
    public var organization: OrganizationRecord
    public var rounds: [CommendationRoundRecord]
    public var mayOpen: Bool
    /// 待办 (asked for, and only for the organization's office).
    public var todos: CommendationTodos?
}

/// 评选表彰: the commending committee opens a round for a year with its titles' conditions, gives quotas
/// per title and splits them among the units below (a unit may split its own further), puts the shortlist
/// on public notice, verifies objections, makes the decision, and revokes a title obtained by fraud.
/// Nominating and reviewing level by level is `NominationService`.
public struct CommendationService: Sendable {
    let backend: any DatabaseBackend
    let time: any TimeSource
    static let what = Bilingual("该评选表彰", "Commendation round")

    public func titles() async throws -> [CommendationTitle] {
        try await backend.read { db in try await CommendationRepository.titles(db) }
    }

    /// Whether the caller takes part in a round: she sees its committee, or an organization under it (a
    /// branch nominates to a committee it cannot see).
    static func takesPart(_ caller: Caller, in path: TreePath) -> Bool {
        caller.canSee(path) || (caller.readableRoots ?? []).contains { path.contains($0) }
    }

    /// The round, for a caller who takes part in it (404 otherwise).
    static func visibleRound(_ db: any SQLDatabase, id: Int64, _ caller: Caller) async throws -> CommendationRoundRecord {
        guard let r = try await CommendationRepository.get(db, id: id), takesPart(caller, in: r.organizationPath) else { throw VanguardError.notFound(what) }
        return r
    }

    /// The round for its own command: sight (and, `managed`, the right to run it) checked, then its row
    /// locked and read again, so the state the command checks is the state it changes.
    static func lockedRound(_ db: any SQLDatabase, id: Int64, _ caller: Caller, managed: Bool) async throws -> CommendationRoundRecord {
        let round = managed ? try await managedRound(db, id: id, caller) : try await visibleRound(db, id: id, caller)
        try await CommendationRepository.lock(db, id: round.id)
        return try await CommendationRepository.get(db, id: round.id) ?? round
    }

    /// The round for a nomination command: held shared while it runs, read again under the hold.
    static func sharedRound(_ db: any SQLDatabase, id: Int64) async throws -> CommendationRoundRecord {
        try await CommendationRepository.share(db, id: id)
        guard let round = try await CommendationRepository.get(db, id: id) else { throw VanguardError.notFound(what) }
        return round
    }

    /// Those who take part but do not run this level are refused (403), not told it is missing.
    static func requireManage(_ caller: Caller, at path: TreePath) throws {
        guard caller.allows(.manageOrganizations, at: path) else {
            throw VanguardError(.forbidden, .init("没有在这一级办理评选表彰的权限", "You may not act for this level"))
        }
    }

    /// The round, for its committee's office: 404 out of sight, 403 for others.
    static func managedRound(_ db: any SQLDatabase, id: Int64, _ caller: Caller) async throws -> CommendationRoundRecord {
        let r = try await visibleRound(db, id: id, caller)
        try CommendationService.requireManage(caller, at: r.organizationPath)
        return r
    }

    /// 开展评选: a committee (not a branch) opens the year's round; each title gets the default conditions.
    public func open(
        organizationID: Int64, year: Int, level: CommendationLevel, name: String, decideBy: CalendarDay, noticeDays: Int, as caller: Caller
    ) async throws -> CommendationRoundRecord {
        let now = time.nowMillis()
        let id = try await backend.write { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            try CommendationService.requireManage(caller, at: org.path)
            try CommendingCommittee.check(level: level, kind: org.kind, depth: org.depth)
            try CommendationRules.checkRound(name: name, year: year, noticeDays: noticeDays, decideBy: decideBy, today: time.today())
            let titles = try await CommendationRepository.titles(db)
            let rules = Dictionary(uniqueKeysWithValues: titles.map { ($0.code, EligibilityRule.defaults(for: $0)) })
            let text = name.trimmingCharacters(in: .whitespacesAndNewlines)
            guard
                let id = try await CommendationRepository.insertRound(
                    db, organizationID: org.id, year: year, level: level, name: text, decideBy: decideBy, noticeDays: noticeDays, eligibility: rules,
                    by: caller.username, now: now)
            else { throw VanguardError.conflict("\(org.name)已开展\(year)年度评选表彰", "\(org.name) has a round for \(year) already") }
            try await WritePath.record(
                db, .init(at: now, actor: caller.username, action: "commendation.open", targetType: "commendation", targetID: id, summary: "开展评选表彰：\(text)"))
            return id
        }
        return try await backend.read { db in try await CommendationRepository.get(db, id: id)! }
    }

    /// 名额: the committee's total for a title (`organizationID` the committee's), or a unit's share split by
    /// the holder above it, who must manage that holder. A share never exceeds what its holder has, never
    /// falls below what is split under it or the places already taken at it.
    public func setQuota(roundID: Int64, title: String, organizationID: Int64, quota: Int, as caller: Caller) async throws {
        let now = time.nowMillis()
        try await backend.write { db in
            let round = try await Self.lockedRound(db, id: roundID, caller, managed: false)
            guard round.state == .nominating else { throw VanguardError.conflict("评选已进入公示，名额不能再调整", "The round is past nominating") }
            guard try await CommendationRepository.titles(db).contains(where: { $0.code == title }) else {
                throw VanguardError.invalid("没有这个表彰称号：\(title.prefix(40))", "No such title", field: "title")
            }
            let unit = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            guard round.organizationPath.contains(unit.path) else {
                throw VanguardError.invalid("只能给本级和下级组织分配名额", "Quotas go to the committee and units below it", field: "organizationId")
            }
            var parent: OrganizationRecord?
            if unit.id != round.organizationID {
                let quotas = try await CommendationRepository.quotas(db, round: round.id).filter { $0.title == title }
                guard quotas.contains(where: { $0.organizationID == round.organizationID }) else {
                    throw VanguardError.conflict("请先确定本级总名额", "Set the committee's total first")
                }
                let holders = Set(quotas.map(\.organizationID))
                guard let above = unit.path.ancestorIDs.reversed().first(where: { holders.contains($0) }) else { throw VanguardError.notFound(Self.what) }
                // A share goes in between a holder and the shares it split already only when they are its own.
                let siblings = quotas.filter { $0.organizationID != unit.id && unit.path.ancestorIDs.contains($0.parentID ?? 0) }
                let found = try await OrganizationRepository.byIDs(db, siblings.map(\.organizationID))  // one lookup, not one per share
                for q in siblings {
                    if let o = found[q.organizationID], unit.path.contains(o.path) {
                        throw VanguardError.conflict("\(o.name)已由上级分配名额，请先调整", "\(o.name) below has a share from above already")
                    }
                }
                parent = try await OrganizationRepository.get(db, id: above)
            }
            try CommendationService.requireManage(caller, at: parent?.path ?? round.organizationPath)
            // The parent's row, then the unit's own: nominations taking a place there wait, and see the new quota.
            if let parent { _ = try await CommendationRepository.lockQuota(db, round: round.id, title: title, holder: parent.id) }
            _ = try await CommendationRepository.lockQuota(db, round: round.id, title: title, holder: unit.id)
            let below = try await CommendationRepository.splitBelow(db, round: round.id, title: title, holder: unit.id)
            let used = try await CommendationRepository.used(db, round: round.id, title: title, holder: unit.id)
            var parentRoom: Int?
            if let parent, let p = try await CommendationRepository.quota(db, round: round.id, title: title, holder: parent.id) {
                let mine = try await CommendationRepository.quota(db, round: round.id, title: title, holder: unit.id)?.quota ?? 0
                parentRoom = p.quota - (try await CommendationRepository.splitBelow(db, round: round.id, title: title, holder: parent.id) - mine)
            }
            try CommendationRules.checkQuota(quota, splitBelow: max(below, used), parentQuota: parentRoom)
            try await CommendationRepository.setQuota(db, round: round.id, title: title, holder: unit.id, parent: parent?.id, quota: quota)
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "commendation.quota", targetType: "commendation", targetID: round.id,
                    summary: "\(unit.name) \(title) 名额\(quota)"))
        }
    }

    /// 表彰条件: the conditions a title's nominees must meet in this round (data), set while nominating.
    public func setEligibility(roundID: Int64, title: String, rules: [EligibilityRule], as caller: Caller) async throws {
        let now = time.nowMillis()
        try await backend.write { db in
            let round = try await Self.lockedRound(db, id: roundID, caller, managed: true)
            guard round.state == .nominating else { throw VanguardError.conflict("评选已进入公示，条件不能再调整", "The round is past nominating") }
            guard try await CommendationRepository.titles(db).contains(where: { $0.code == title }) else {
                throw VanguardError.invalid("没有这个表彰称号：\(title.prefix(40))", "No such title", field: "title")
            }
            let rules = try EligibilityRules.normalized(rules)
            var all = round.eligibility
            all[title] = rules
            try await CommendationRepository.setEligibility(db, id: round.id, all)
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "commendation.eligibility", targetType: "commendation", targetID: round.id,
                    summary: "\(title) 表彰条件：" + rules.map(\.kind.name.zh).joined(separator: "、")))
        }
    }

    /// 公示: the shortlist goes on public notice from today for the round's notice days.
    public func publish(roundID: Int64, as caller: Caller) async throws {
        let today = time.today()
        let now = time.nowMillis()
        try await backend.write { db in
            let round = try await Self.lockedRound(db, id: roundID, caller, managed: true)
            let shortlisted = try await NominationRepository.ids(db, round: round.id, state: .shortlisted)
            try CommendationRules.checkPublish(state: round.state, shortlisted: shortlisted.count)
            let until = CalendarDay.fromDaysSince1970(today.daysSince1970 + round.noticeDays - 1)
            guard try await CommendationRepository.publish(db, id: round.id, from: today, until: until) else {
                throw VanguardError.conflict("已经公示", "Already on notice")
            }
            try await WritePath.changing(db, Changes(nominations: Set(shortlisted)), now: now) {
                _ = try await NominationRepository.moveAll(db, ids: shortlisted, from: .shortlisted, to: .onNotice)
            }
            for id in shortlisted {
                try await NominationRepository.addStep(db, nomination: id, action: "notice", at: round.organizationID, note: nil, by: caller.username, now: now)
            }
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "commendation.notice", targetType: "commendation", targetID: round.id,
                    summary: "公示拟表彰对象\(shortlisted.count)个（至\(until)）"))
        }
    }

    /// 表彰决定: after the notice, every objection verified; those on notice are commended.
    public func decide(roundID: Int64, number: String, as caller: Caller) async throws {
        let today = time.today()
        let now = time.nowMillis()
        try await backend.write { db in
            let round = try await Self.lockedRound(db, id: roundID, caller, managed: true)
            try CommendationRules.checkDecision(
                state: round.state, noticeUntil: round.noticeUntil, today: today,
                openObjections: try await NominationRepository.openObjections(db, round: round.id),
                number: number)
            let text = number.trimmingCharacters(in: .whitespacesAndNewlines)
            guard try await CommendationRepository.decide(db, id: round.id, on: today, number: text) else {
                throw VanguardError.conflict("已经决定", "Already decided")
            }
            let onNotice = try await NominationRepository.ids(db, round: round.id, state: .onNotice)
            try await WritePath.changing(db, Changes(nominations: Set(onNotice)), now: now) {
                _ = try await NominationRepository.moveAll(db, ids: onNotice, from: .onNotice, to: .commended, commendedOn: today)
            }
            for id in onNotice {
                try await NominationRepository.addStep(
                    db, nomination: id, action: "commend", at: round.organizationID, note: text, by: caller.username, now: now)
            }
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "commendation.decide", targetType: "commendation", targetID: round.id,
                    summary: "表彰决定\(text)：表彰\(onNotice.count)个"))
        }
    }

    /// 撤销荣誉称号: a title obtained by fraud (弄虚作假) is revoked with a public notice of criticism, its
    /// points and counters reversed, and a new nomination barred for `barYears` years.
    public func revoke(nominationID: Int64, reason: String, barYears: Int, as caller: Caller) async throws {
        let today = time.today()
        let now = time.nowMillis()
        try await backend.write { db in
            try await NominationRepository.lock(db, id: nominationID)
            guard let n = try await NominationRepository.get(db, id: nominationID) else { throw VanguardError.notFound(NominationService.what) }
            let round = try await Self.managedRound(db, id: n.roundID, caller)
            try NominationRules.checkReason(reason)
            guard (1...10).contains(barYears) else { throw VanguardError.invalid("限制推荐年限为1到10年", "Bar for 1 to 10 years", field: "barYears") }
            guard n.state == .commended else { throw VanguardError.conflict("只能撤销已表彰的称号", "Only a title given can be revoked") }
            let until = CalendarDay(year: today.year + barYears, month: today.month, day: min(today.day, 28)) ?? today
            let text = reason.trimmingCharacters(in: .whitespacesAndNewlines)
            // The title goes, and with it the awards paid from the fund (追回), in one change.
            var reclaimed: [Int64] = []
            let done = try await WritePath.changing(
                db, Changes(nominations: [n.id]), now: now,
                {
                    guard try await NominationRepository.revoke(db, id: n.id, on: today, reason: text, barredUntil: until) else { return false }
                    reclaimed = try await AwardFundService.reclaim(db, nomination: n.id, reason: text, on: today, by: caller.username, now: now)
                    return true
                }, also: { _ in Changes(nominations: [n.id], fundEntries: Set(reclaimed)) })
            guard done else { throw VanguardError.conflict("只能撤销已表彰的称号", "Only a title given can be revoked") }
            try await NominationRepository.addStep(db, nomination: n.id, action: "revoke", at: round.organizationID, note: text, by: caller.username, now: now)
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "commendation.revoke", targetType: "nomination", targetID: n.id,
                    summary: "撤销\(n.nomineeName)“\(n.titleName)”称号并通报批评"))
        }
    }

    /// 批评并限期整改 [003 §四(三)]: a commended unit or person that slides gets a rectification item from the
    /// committee, checked off by it; the title stands meanwhile (fraud is `revoke`).
    public func criticize(
        nominationID: Int64, problem: String, measure: String, responsible: String, deadline: CalendarDay, as caller: Caller
    ) async throws -> Int64 {
        let now = time.nowMillis()
        return try await backend.write { db in
            try await NominationRepository.lock(db, id: nominationID)
            guard let n = try await NominationRepository.get(db, id: nominationID) else { throw VanguardError.notFound(NominationService.what) }
            let round = try await Self.managedRound(db, id: n.roundID, caller)
            guard n.state == .commended else { throw VanguardError.conflict("只能对已表彰的集体和个人提出批评整改", "Only a commended unit or person is criticized") }
            for (field, text, limit) in [("problem", problem, 1000), ("measure", measure, 1000), ("responsible", responsible, 100)]
            where !CommendationText.fits(text, limit: limit) {
                throw VanguardError.invalid("内容过长（不超过\(limit)字）", "\(field): at most \(limit) characters", field: field)
            }
            try RectificationRules.checkNew(problem: problem, measure: measure, responsible: responsible, deadline: deadline, today: time.today())
            let item = try await RectificationService.open(
                db,
                .init(
                    source: .commendation, sourceID: n.id, organizationID: n.organizationID, memberID: n.memberID, confirmerID: round.organizationID,
                    problem: problem, measure: measure, responsible: responsible, deadline: deadline), caller: caller, time: time)
            // The problem lives on the item, seen by those the item is for; the step (public with the title) only says it happened.
            try await NominationRepository.addStep(
                db, nomination: n.id, action: "criticize", at: round.organizationID, note: nil, by: caller.username, now: now)
            return item
        }
    }

    /// The round's page for a caller who sees its committee.
    public func desk(roundID: Int64, as caller: Caller) async throws -> CommendationDesk {
        try await backend.read { db in
            let round = try await Self.visibleRound(db, id: roundID, caller)
            let manages = caller.allows(.manageOrganizations, at: round.organizationPath)
            let all = try await NominationRepository.of(db, round: round.id)
            var nominators: [OrganizationRecord] = []
            let grants =
                caller.isSystem
                ? [round.organizationID]
                : caller.scope.grants.filter {
                    $0.role.permissions.contains(.manageMembers)
                        && (round.organizationPath.contains($0.organizationPath) || $0.organizationPath.contains(round.organizationPath))
                }.map { round.organizationPath.contains($0.organizationPath) ? $0.organizationID : round.organizationID }
            for id in Set(grants).sorted() { if let o = try await OrganizationRepository.get(db, id: id), !o.dissolved { nominators.append(o) } }
            let objections = manages ? try await NominationRepository.objections(db, round: round.id) : nil
            return CommendationDesk(
                round: round, titles: try await CommendationRepository.titles(db), quotas: try await CommendationRepository.quotas(db, round: round.id),
                nominations: all.filter { NominationService.mayRead($0, caller) }.map { NominationService.shown($0, to: caller) }, objections: objections,
                manages: manages,
                nominators: round.state == .nominating ? nominators : [], openObjections: objections?.filter { $0.outcome == nil }.count ?? 0,
                maySplit: caller.isSystem
                    || caller.scope.grants.contains {
                        $0.role.permissions.contains(.manageOrganizations)
                            && (round.organizationPath.contains($0.organizationPath) || $0.organizationPath.contains(round.organizationPath))
                    })
        }
    }

    /// The rounds of an organization's committees (its own and those above it) and of those below it.
    public func rounds(organizationID: Int64, todos: Bool = false, as caller: Caller) async throws -> CommendationList {
        try await backend.read { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            let above = try await CommendationRepository.of(db, organizations: org.path.ancestorIDs)
            return CommendationList(
                organization: org,
                rounds: (above + (try await CommendationRepository.under(db, path: org.path))).filter { Self.takesPart(caller, in: $0.organizationPath) },
                mayOpen: caller.allows(.manageOrganizations, at: org.path) && CommendingCommittee.kinds.contains(org.kind),
                todos: todos ? try await Self.todos(db, org: org, caller) : nil)
        }
    }
}
