import SQLKit
import VanguardCore

/// 联系点覆盖: a subtree's leading cadres without a contact point and contact points without a visit this quarter.
public struct ContactCoverage: Sendable {
    public struct Unvisited: Sendable, Hashable {
        public var leader: String
        public var organization: String
        public var organizationID: Int64
    }
    public struct Leader: Sendable, Hashable {
        public var memberID: Int64
        public var name: String
        public var organization: String
    }
    public var organization: OrganizationRecord
    /// The current visit period (a quarter unless the campaign set another interval).
    public var periodFirst: CalendarDay
    public var periodLast: CalendarDay
    public var leaders: Int
    public var leadersWithoutPoints: [Leader]
    public var leadersWithoutPointsCount: Int
    public var points: Int
    public var unvisited: [Unvisited]
    public var unvisitedCount: Int
}

/// A problem found on a visit, to be put right (it opens a rectification item).
public struct VisitProblem: Sendable {
    public var problem: String
    public var measure: String
    public var responsible: String
    public var deadline: CalendarDay

    public init(problem: String, measure: String, responsible: String, deadline: CalendarDay) {
        self.problem = problem
        self.measure = measure
        self.responsible = responsible
        self.deadline = deadline
    }
}

/// 领导干部联系点: a leader's visits (调研指导) to her contact points, due each quarter; a problem found may
/// open a rectification item that the point's superior checks off; "我的联系点"; the office's coverage.
public struct ContactVisitService: Sendable {
    let backend: any DatabaseBackend
    let time: any TimeSource

    /// Records a visit of the leader (`leaderID`, or the caller herself) to her contact point.
    public func record(
        organizationID: Int64, leaderID: Int64?, visitedOn: CalendarDay, participants: String, examined: String, problems: String, guidance: String,
        solved: String, item: VisitProblem?, as caller: Caller
    ) async throws -> ContactVisitRecord {
        let today = time.today()
        let now = time.nowMillis()
        @Sendable func trim(_ s: String) -> String { s.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard let leader = leaderID ?? caller.memberID else {
            throw VanguardError.invalid("请指明调研的领导干部", "Name the leader", field: "leader")
        }
        let id = try await backend.write { db in
            // Someone recording for another leader sees nothing of a point outside her scope, whether or not it exists.
            if caller.memberID != leader {
                guard let org = try await OrganizationRepository.get(db, id: organizationID), caller.canSee(org.path) else {
                    throw VanguardError.notFound(.init("该联系点", "Contact point"))
                }
            }
            let contacts = try await LeaderCommentRepository.contacts(db, memberID: leader)
            guard contacts.contains(where: { $0.organizationID == organizationID && $0.kind == CommentRelation.contactPoint.rawValue }) else {
                throw VanguardError.notFound(.init("该联系点", "Contact point"))
            }
            guard let org = try await OrganizationRepository.get(db, id: organizationID) else { throw VanguardError.notFound(.init("该联系点", "Contact point")) }
            // The leader herself, or a clerk who manages the point's organization, records the visit.
            guard caller.memberID == leader || caller.allows(.manageOrganizations, at: org.path) else {
                throw VanguardError(.forbidden, .init("只有联系的领导干部或组织部门可以记录调研", "Only the leader or the organization department records a visit"))
            }
            try ContactVisitRules.check(
                visitedOn: visitedOn, today: today, examined: examined, guidance: guidance,
                fields: [("participants", participants), ("problems", problems), ("solved", solved)])
            if let item {
                try RectificationRules.checkNew(
                    problem: item.problem, measure: item.measure, responsible: item.responsible, deadline: item.deadline, today: today)
            }
            let visit = try await WritePath.changing(
                db, Changes(), now: now,
                {
                    try await ContactVisitRepository.insert(
                        db,
                        .init(
                            memberID: leader, organizationID: org.id, visitedOn: visitedOn, participants: trim(participants), examined: trim(examined),
                            problems: trim(problems), guidance: trim(guidance), solved: trim(solved)), by: caller.username, now: now)
                }, also: { Changes(visits: [$0]) })
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "contact.visit", targetType: "organization", targetID: org.id,
                    summary: "调研指导：\(trim(examined).prefix(100))"))
            if let item {
                _ = try await RectificationService.open(
                    db,
                    .init(
                        source: .visit, sourceID: visit, organizationID: org.id, memberID: nil, confirmerID: org.parentID ?? org.id, problem: item.problem,
                        measure: item.measure, responsible: item.responsible, deadline: item.deadline), caller: caller, time: time)
            }
            return visit
        }
        return try await backend.read { db in
            guard let visit = try await ContactVisitRepository.visit(db, id: id) else { throw VanguardError.notFound(.init("该调研记录", "Visit")) }
            return visit
        }
    }

    /// 我的联系点: the caller's contact points (those due a visit first) and her recent visits, in one read.
    public func mine(
        as caller: Caller
    ) async throws -> (points: [MyContactPoint], visits: [ContactVisitRecord], period: (first: CalendarDay, last: CalendarDay)) {
        let today = time.today()
        guard let memberID = caller.memberID else { return ([], [], ContactVisitRules.period(containing: today, months: 3)) }
        return try await backend.read { db in
            let months = try await PointRepository.settings(db, year: today.year).visitIntervalMonths
            return (
                try await ContactVisitRepository.points(db, memberID: memberID, today: today, months: months),
                try await ContactVisitRepository.visits(db, memberID: memberID, limit: 50), ContactVisitRules.period(containing: today, months: months)
            )
        }
    }

    /// Visits to an organization the caller may see, newest first.
    public func visits(organizationID: Int64, as caller: Caller) async throws -> [ContactVisitRecord] {
        try await backend.read { db in
            _ = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            return try await ContactVisitRepository.visits(db, organizationID: organizationID)
        }
    }

    /// 联系点覆盖 of a subtree this quarter, for those who read private data there.
    public func coverage(organizationID: Int64, as caller: Caller, limit: Int = 200) async throws -> ContactCoverage {
        let today = time.today()
        return try await backend.read { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            try caller.require(.readPrivate, at: org.path, what: OrganizationService.what)
            let period = ContactVisitRules.period(
                containing: today, months: try await PointRepository.settings(db, year: today.year).visitIntervalMonths)
            let c = try await ContactVisitRepository.coverage(db, path: org.path, first: period.first, last: period.last, limit: limit)
            return ContactCoverage(
                organization: org, periodFirst: period.first, periodLast: period.last, leaders: c.leaders,
                leadersWithoutPoints: c.withoutPoints.map { .init(memberID: $0.id, name: $0.name, organization: $0.organization) },
                leadersWithoutPointsCount: c.withoutCount, points: c.points,
                unvisited: c.unvisited.map { .init(leader: $0.leader, organization: $0.organization, organizationID: $0.organizationID) },
                unvisitedCount: c.unvisitedCount)
        }
    }

    /// 调研提醒: within `ContactVisitRules.reminderDays` of the end of the visit period, tells each leader of
    /// her contact points not yet visited in it — once per point and period (twice on a day changes nothing).
    public func remind() async throws -> Int {
        let today = time.today()
        let now = time.nowMillis()
        let months = try await backend.read { db in try await PointRepository.settings(db, year: today.year).visitIntervalMonths }
        let period = ContactVisitRules.period(containing: today, months: months)
        guard period.last.daysSince1970 - today.daysSince1970 < ContactVisitRules.reminderDays else { return 0 }
        let points = try await backend.read { db in try await ContactVisitRepository.unvisited(db, first: period.first, last: period.last) }
        var told = 0
        for chunk in points.chunked(500) {
            told += try await backend.write { db in
                var tells: [Notice] = []
                for p in chunk {
                    guard
                        try await !NotificationRepository.wasSent(db, dedupeKey: NotificationProjection.visitDueKey(p.memberID, p.organizationID, period.last))
                    else { continue }
                    tells.append(.visitDue(memberID: p.memberID, organizationID: p.organizationID, name: p.name, periodEnd: period.last))
                }
                if !tells.isEmpty {
                    try await WritePath.record(
                        db,
                        .init(
                            at: now, actor: "system", action: "contact.remind", targetType: "organization", targetID: nil,
                            summary: "联系点调研提醒 \(tells.count) 条（本期至\(period.last)）", tells: tells))
                }
                return tells.count
            }
        }
        return told
    }
}
