import SQLKit
import VanguardCore

/// 工作台: what waits for the caller, counted where it is listed, and the few figures her role watches —
/// read in one transaction. Each count is the total of the list its link opens (the tests follow them).
public struct Workbench: Sendable {
    /// One top organization of the caller's scope.
    public struct Scope: Sendable {
        public let organization: OrganizationRecord
        /// Its subtree's counters this year (覆盖率, 兑现率, 满意率 are read from them).
        public let figures: StatFigures
        /// 待审核承诺: submitted commitments reviewed inside the subtree; nil where the caller does not review.
        public let awaitingReview: Int?
        /// 逾期: commitments of the subtree marked overdue this year.
        public let overdue: Int
        /// 进行中的评议: open rounds of mass evaluation held in the subtree.
        public let openRounds: Int
        /// 待审核加减分: manual point entries of the organization's own members awaiting a second person;
        /// nil where the caller does not decide them (a branch secretary's or committee's own branch).
        public let pendingPoints: Int?
        /// 待销号: rectification items the subtree's organizations confirm, waiting for check-off; nil where
        /// the caller does not confirm.
        public let awaitingCheckOff: Int?
        /// 待整改: open rectification items of the subtree's units; nil where the caller does not answer them.
        public let rectifying: Int?
        /// 待签收: notices addressed to the organization it has not signed; nil where the caller does not sign for it.
        public let unsignedAnnouncements: Int?
        /// 待报送: the organization's reports not in (due or returned); nil where the caller does not write them.
        public let reportsToWrite: Int?
        /// 待审阅: reports of the level below awaiting the caller's review; nil where she does not review.
        public let reportsToReview: Int?
        /// 评选表彰待办: nominations at its level, objections to verify, payments to approve; nil where the caller is not its office.
        public let commendationTodos: Int?
    }

    /// A member's own work (an account that is a member).
    public struct Mine: Sendable {
        public let memberID: Int64
        /// 待提交: drafts and returned commitments.
        public let toSubmit: Int
        /// 待审核: submitted, waiting for the branch.
        public let submitted: Int
        /// 即将到期: unfulfilled items of her live commitments due within `CommitmentDeadline.reminderDays`.
        public let itemsDueSoon: Int
        /// 逾期: her commitments marked overdue.
        public let overdue: Int
        /// 已兑现 of all her items this year.
        public let itemsFulfilled: Int
        public let items: Int
        /// 积分 this year and the stars it earns.
        public let points: Int
        public let stars: Int
    }

    public let year: Int
    public let period: HalfYear
    public let quarter: Quarter
    public let scopes: [Scope]
    public let mine: Mine?
    /// 待点评: comments the caller owes this half year and has not written; nil when she owes none.
    public let commentsDue: Int?
    public let commentsOwed: Int
    /// 本季度待调研: the caller's contact points with no visit this quarter; nil when she keeps none.
    public let visitsDue: Int?
    /// 待检查: the units the caller's inspection groups (of the first organization that formed one) have
    /// still to inspect this quarter, and that organization; nil when she is in no group.
    public let inspectionsDue: (organizationID: Int64, count: Int)?
    /// 提醒 not yet read.
    public let unread: Int
    public let campaign: CampaignRecord?
    /// The organization of each grant (its name for the role list); one she can no longer see is absent.
    public let grantOrganizations: [Int64: OrganizationRecord]
}

/// 工作台 queries: each figure from the counters or one indexed count, never a walk of the subtree.
public struct WorkbenchService: Sendable {
    let backend: any DatabaseBackend
    let time: any TimeSource
    /// The top organizations shown; a caller granted on more sees them from the organization pages.
    static let maxScopes = 12

    public func workbench(as caller: Caller) async throws -> Workbench {
        let today = time.today()
        let year = today.year
        let period = HalfYear.containing(today)
        return try await backend.read { db in
            let granted = try await OrganizationService.grantOrganizations(db, caller)
            let secretaryOf = Set(caller.scope.grants.filter { $0.role == .branchSecretary }.map(\.organizationID))
            var scopes: [Workbench.Scope] = []
            for org in try await OrganizationService.scopeRoots(db, caller).prefix(Self.maxScopes) where !org.dissolved {
                let (own, subtree) = try await StatsRepository.figures(db, organizationID: org.id, year: year)
                let reviews = caller.allows(.reviewCommitments, at: org.path)
                let awaiting =
                    subtree.value(StatMetric.commitments("member", .submitted)) + subtree.value(StatMetric.commitments("organization", .submitted))
                    - own.value(StatMetric.commitments("organization", .submitted))
                let decidesPoints = secretaryOf.contains(org.id) && caller.allows(.manageMembers, at: org.path)
                let reports = try await WorkReportService.todo(db, org: org, caller)
                scopes.append(
                    .init(
                        organization: org, figures: subtree, awaitingReview: reviews ? awaiting : nil,
                        overdue: subtree.overdue("member") + subtree.overdue("organization"),
                        openRounds: try await EvaluationRoundRepository.openIDs(db, under: org.path).count,
                        pendingPoints: decidesPoints ? try await PointService.pending(db, branch: org).count : nil,
                        awaitingCheckOff: reviews ? try await RectificationRepository.count(db, path: org.path, confirming: true, filter: .reported) : nil,
                        rectifying: reviews ? try await RectificationRepository.count(db, path: org.path, confirming: false, filter: .open) : nil,
                        unsignedAnnouncements: try await AnnouncementService.unsigned(db, org: org, caller), reportsToWrite: reports.toWrite,
                        reportsToReview: reports.toReview, commendationTodos: try await CommendationService.todoCount(db, org: org, caller)))
            }
            let duties = try await LeaderCommentService.duties(db, period: period, caller)
            let inspections =
                if let u = caller.userID { try await InspectionRepository.pending(db, userID: u, quarter: Quarter.containing(today)).first } else {
                    nil as (organizationID: Int64, count: Int)?
                }
            let points =
                if let m = caller.memberID {
                    try await ContactVisitRepository.points(
                        db, memberID: m, today: today, months: try await PointRepository.settings(db, year: today.year).visitIntervalMonths)
                } else { [MyContactPoint]() }
            return Workbench(
                year: year, period: period, quarter: Quarter.containing(today), scopes: scopes, mine: try await Self.mine(db, caller, year: year, today: today),
                commentsDue: duties.isEmpty ? nil : duties.filter { $0.comment == nil }.count, commentsOwed: duties.count,
                visitsDue: points.isEmpty ? nil : points.filter(\.due).count,
                inspectionsDue: inspections,
                unread: try await NotificationRepository.unread(
                    db, memberID: caller.memberID, organizationIDs: ReminderService.officerOrganizations(caller)),
                campaign: try await CampaignRepository.all(db).first, grantOrganizations: granted)
        }
    }

    static func mine(_ db: any SQLDatabase, _ caller: Caller, year: Int, today: CalendarDay) async throws -> Workbench.Mine? {
        guard let memberID = caller.memberID else { return nil }
        let commitments = try await CommitmentRepository.ofMember(db, memberID: memberID).filter { $0.year == year }
        let liveStates: Set<CommitmentState> = [.published, .inProgress, .overdue]
        let live = commitments.filter { liveStates.contains($0.state) }
        let counted = commitments.filter { StatMetric.countsItems($0.state) }
        let settings = try await PointRepository.settings(db, year: year)
        let points = try await PointsProjection.totals(db, members: [memberID], year: year, rules: settings.pointRules)[memberID] ?? 0
        let liveItems: [CommitmentItemRecord] = live.flatMap(\.items)
        let dueSoon = liveItems.filter { CommitmentDeadline.isDueSoon(deadline: $0.draft.deadline, fulfilled: $0.fulfilled, today: today) }.count
        let countedItems: [CommitmentItemRecord] = counted.flatMap(\.items)
        let toSubmit = commitments.filter { $0.state.isEditable }.count
        let submitted = commitments.filter { $0.state == .submitted }.count
        let overdue = commitments.filter { $0.state == .overdue }.count
        return .init(
            memberID: memberID, toSubmit: toSubmit, submitted: submitted, itemsDueSoon: dueSoon, overdue: overdue,
            itemsFulfilled: countedItems.filter(\.fulfilled).count, items: countedItems.count,
            points: points, stars: StarLevel.stars(for: Double(points), thresholds: settings.memberStars))
    }
}
