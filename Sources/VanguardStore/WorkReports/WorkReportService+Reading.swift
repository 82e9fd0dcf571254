import SQLKit
import VanguardCore

/// Reading reports: the desk of an organization, one report, its files, and the workbench's counts.
extension WorkReportService {
    /// The organizations shown in a review table at most (more are reached from the organizations below).
    public static let rowLimit = 500

    /// 报告 of an organization: its own reports of the year and, for its officers, the period's reports of
    /// the level below with each subtree's tally; `list` adds the workbench's list (every year).
    public func desk(organizationID: Int64, year: Int, period: ReportPeriod, list: ReportDesk.List? = nil, as caller: Caller) async throws -> ReportDesk {
        try await backend.read { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            try caller.require(.readPrivate, at: org.path, what: OrganizationService.what)
            var review: ReportDesk.Review?
            if org.counters.subtreeOrganizations > 1 {
                let children = try await OrganizationRepository.children(db, of: org.id, limit: Self.rowLimit).filter { !$0.dissolved }
                let reports = Dictionary(
                    try await WorkReportRepository.below(db, superiorID: org.id, year: year, period: period).map { ($0.organizationID, $0) },
                    uniquingKeysWith: { a, _ in a })
                let figures = try await StatsRepository.subtreeFigures(db, organizationIDs: children.map(\.id), year: year)
                let (own, subtree) = try await StatsRepository.figures(db, organizationID: org.id, year: year)
                review = .init(
                    total: ReportDesk.Tally(subtree, period) - ReportDesk.Tally(own, period),
                    rows: children.map { .init(organization: $0, report: reports[$0.id], subtree: .init(figures[$0.id] ?? StatFigures([:]), period)) },
                    mayReview: Self.reviews(caller, at: org.path))
            }
            return ReportDesk(
                organization: org, year: year, period: period, own: try await WorkReportRepository.own(db, organizationID: org.id, year: year),
                mayWrite: Self.writes(caller, for: org.id), review: review,
                issued: try await ReportCallRepository.issued(db, organizationID: org.id, year: year),
                mayIssue: Self.reviews(caller, at: org.path) && org.counters.subtreeOrganizations > 1,
                list: try await Self.list(db, list, org))
        }
    }

    /// The workbench's list the desk shows, if any.
    static func list(_ db: any SQLDatabase, _ list: ReportDesk.List?, _ org: OrganizationRecord) async throws -> [WorkReportRecord]? {
        switch list {
        case .open?: try await WorkReportRepository.unwritten(db, organizationID: org.id, limit: rowLimit)
        case .waiting?: try await WorkReportRepository.awaiting(db, superiorID: org.id, limit: rowLimit)
        case nil: nil
        }
    }

    /// A report the caller may read — its organization's private data — or `notFound`.
    /// The superior it goes to reads it too, even after its organization moved out of that superior's subtree.
    static func visible(_ db: any SQLDatabase, id: Int64, _ caller: Caller) async throws -> (WorkReportRecord, OrganizationRecord) {
        guard let r = try await WorkReportRepository.get(db, id: id), let org = try await OrganizationRepository.get(db, id: r.organizationID)
        else { throw VanguardError.notFound(what) }
        if caller.allows(.readPrivate, at: org.path) { return (r, org) }
        guard try await mayReview(db, r, caller) != nil else { throw VanguardError.notFound(what) }
        return (r, org)
    }

    /// The superior the report goes to, when the caller reviews there.
    static func mayReview(_ db: any SQLDatabase, _ r: WorkReportRecord, _ caller: Caller) async throws -> OrganizationRecord? {
        guard let id = r.superiorID, let superior = try await OrganizationRepository.get(db, id: id), reviews(caller, at: superior.path)
        else { return nil }
        return superior
    }

    /// `notFound` for a report the caller may not read (before a form is read).
    public func requireVisible(_ id: Int64, as caller: Caller) async throws {
        try await backend.read { db in _ = try await Self.visible(db, id: id, caller) }
    }

    public func detail(_ id: Int64, as caller: Caller) async throws -> WorkReportDetail {
        try await backend.read { db in
            let (r, org) = try await Self.visible(db, id: id, caller)
            let mayWrite = Self.writes(caller, for: org.id) && r.state.open && !org.dissolved
            var superior: OrganizationRecord?
            if let p = r.superiorID { superior = try await OrganizationRepository.get(db, id: p) }
            return WorkReportDetail(
                report: r, files: try await WorkReportRepository.files(db, reportID: r.id), mayWrite: mayWrite,
                mayReview: r.state == .submitted && superior.map { Self.reviews(caller, at: $0.path) } == true,
                currentFigures: mayWrite ? try await Self.figures(db, org, year: r.call.year) : nil, superiorName: superior?.name)
        }
    }

    /// The figures a report carries: the organization's subtree statistics of the call's year, today.
    static func figures(_ db: any SQLDatabase, _ org: OrganizationRecord, year: Int) async throws -> WorkReportFigures {
        WorkReportFigures(try await StatsRepository.figures(db, organizationID: org.id, year: year).subtree, members: org.counters.subtreeMembers)
    }

    /// A report's file, for those who may read the report.
    public func file(_ fileID: Int64, as caller: Caller) async throws -> (file: EvidenceFileRecord, bytes: [UInt8]) {
        try await backend.read { db in
            let missing = VanguardError.notFound(.init("该文件", "File"))
            guard let f = try await WorkReportRepository.file(db, id: fileID) else { throw missing }
            do { _ = try await Self.visible(db, id: f.reportID, caller) } catch let e as VanguardError where e.kind == .notFound { throw missing }
            return (f.file, try await ProgressRepository.bytes(db, sha256: f.file.sha256))  // read only for a reader of the report
        }
    }

    /// The workbench's counts for one organization: its reports to write (where the caller writes them) and
    /// the level below's awaiting review (where she reviews); nil where she does neither.
    static func todo(_ db: any SQLDatabase, org: OrganizationRecord, _ caller: Caller) async throws -> (toWrite: Int?, toReview: Int?) {
        (
            writes(caller, for: org.id) ? try await WorkReportRepository.open(db, organizationID: org.id) : nil,
            reviews(caller, at: org.path) && org.counters.subtreeOrganizations > 1
                ? try await WorkReportRepository.awaitingReview(db, superiorIDs: [org.id]) : nil
        )
    }
}
