import SQLKit
import VanguardCore

/// An organization's reporting desk: its own reports, and for its officers the level below's reports of a
/// period with each one's subtree counted, the calls it issued, and what the caller may do.
public struct ReportDesk: Sendable {
    /// 应报/已报/已通过/逾期 from the counters.
    public struct Tally: Sendable, Hashable {
        public var due: Int
        public var received: Int
        public var accepted: Int
        public var late: Int

        init(_ f: StatFigures, _ period: ReportPeriod) {
            due = f.value(StatMetric.reportsDue(period))
            received = f.value(StatMetric.reportsReceived(period))
            accepted = f.value(StatMetric.reportsAccepted(period))
            late = f.value(StatMetric.reportsLate(period))
        }

        static func - (a: Tally, b: Tally) -> Tally {
            var t = a
            t.due -= b.due
            t.received -= b.received
            t.accepted -= b.accepted
            t.late -= b.late
            return t
        }
    }
    /// One organization directly below: its own report of the period (nil: not asked) and its subtree's tally.
    public struct Row: Sendable {
        public var organization: OrganizationRecord
        public var report: WorkReportRecord?
        public var subtree: Tally
    }
    public struct Review: Sendable {
        /// Everything below the organization (its subtree without its own report).
        public var total: Tally
        public var rows: [Row]
        public var mayReview: Bool
    }
    public var organization: OrganizationRecord
    public var year: Int
    public var period: ReportPeriod
    /// The organization's own reports of the year, the latest due first.
    public var own: [WorkReportRecord]
    public var mayWrite: Bool
    /// Nil for a caller who does not read the organization's private data, or one with nothing below.
    public var review: Review?
    public var issued: [ReportCallRecord]
    public var mayIssue: Bool
    /// The workbench's lists, every year: the organization's reports to write, or the level below's awaiting review.
    public enum List: String, Sendable { case open, waiting }
    public var list: [WorkReportRecord]?
}

/// One report as its writer or reviewer sees it.
public struct WorkReportDetail: Sendable {
    public var report: WorkReportRecord
    public var files: [EvidenceFileRecord]
    public var mayWrite: Bool
    public var mayReview: Bool
    /// The figures it would carry if submitted now (for the writer of an open report).
    public var currentFigures: WorkReportFigures?
    public var superiorName: String?
}

/// 进展情况报告与工作总结: a superior issues a call for a period's report to the level below or its whole
/// subtree; each organization asked writes its report (what was done, problems, next steps, files; the
/// figures filled from its statistics) and submits it by the due date to its superior, who accepts it or
/// returns it with a reason. Reminders go out before and after the due date; the counts are the
/// statistics' (`WorkReportProjection`).
public struct WorkReportService: Sendable {
    let backend: any DatabaseBackend
    let time: any TimeSource
    static let what = Bilingual("该报告", "Report")

    /// Who issues calls from an organization and reviews the reports of those below it.
    static func reviews(_ caller: Caller, at path: TreePath) -> Bool {
        caller.allows(.reviewCommitments, at: path) && caller.allows(.readPrivate, at: path)
    }

    /// Who writes an organization's report: an officer of that organization itself (the operator may too).
    static func writes(_ caller: Caller, for organizationID: Int64) -> Bool {
        caller.isSystem || caller.scope.grants.contains { $0.organizationID == organizationID && $0.role.permissions.contains(.readPrivate) }
    }

    /// Refuses a caller who may not issue calls from the organization (before a form is read).
    public func requireIssuer(organizationID: Int64, as caller: Caller) async throws {
        try await backend.read { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            guard Self.reviews(caller, at: org.path) else {
                throw VanguardError(.forbidden, .init("没有以该组织名义布置报告的权限", "You may not ask for reports from this organization"))
            }
        }
    }

    /// 布置报告: asks the level below or the whole subtree for a period's report by `due`; refused when a
    /// call for the period already asks any of the same organizations. Returns the call and how many it asks.
    public func issue(
        organizationID: Int64, year: Int, period: ReportPeriod, audience: ReportAudience, due: CalendarDay, requirements: String?, as caller: Caller
    ) async throws -> (id: Int64, reports: Int) {
        let now = time.nowMillis()
        let today = time.today()
        let text = try WorkReportRules.requirements(requirements)
        guard abs(year - today.year) <= 1 else {
            throw VanguardError.invalid("只能布置上一年、本年或下一年的报告", "Only last year's, this year's or next year's reports", field: "year")
        }
        guard today <= due else { throw VanguardError.invalid("截止日期不能早于今天", "The due date cannot be in the past", field: "dueOn") }
        guard period.accepts(due: due, year: year) else {
            throw VanguardError.invalid(
                "截止日期须在\(year)年内或次年上半年", "The due date must fall in \(year) or the first half of \(year + 1)", field: "dueOn")
        }
        return try await backend.write { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            guard Self.reviews(caller, at: org.path) else {
                throw VanguardError(.forbidden, .init("没有以该组织名义布置报告的权限", "You may not ask for reports from this organization"))
            }
            try await ReportCallRepository.lockPeriod(db, year: year, period: period)
            if let other = try await ReportCallRepository.related(db, path: org.path, year: year, period: period)
                .first(where: { audience.overlaps(issuer: org.path, other: $0.issuer, otherAudience: $0.call.audience) })
            {
                throw VanguardError.conflict(
                    "\(other.call.organizationName)已布置\(period.title(year: year).zh)，不能重复布置",
                    "\(other.call.organizationName) already asked for the \(period.title(year: year).en)")
            }
            let made = try await WritePath.changing(
                db, Changes(), now: now,
                {
                    try await ReportCallRepository.issue(
                        db, issuer: org, year: year, period: period, audience: audience, due: due, requirements: text, by: caller.username, now: now)
                }, also: { Changes(reportCalls: [$0.id]) })
            guard made.reports > 0 else {
                throw VanguardError.invalid("该组织没有下级组织，无需布置报告", "The organization has nothing below to ask", field: "audience")
            }
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "report.call", targetType: "report_call", targetID: made.id,
                    summary: "\(org.name)布置\(period.title(year: year).zh)（\(audience.name.zh)，\(made.reports)个组织，\(due)前报送）"))
            return made
        }
    }
}
