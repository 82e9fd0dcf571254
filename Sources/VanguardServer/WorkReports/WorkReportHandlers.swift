import Foundation
import VanguardAPI
import VanguardCore
import VanguardStore

/// 进展情况报告与工作总结 in the JSON API: an organization's desk, issuing a call, one report, writing and
/// submitting it (text; files go through the web form), and the superior's review.
extension APIService {
    static func reportCall(_ c: ReportCallRecord) -> S.ReportCall {
        .init(
            id: c.id, organizationId: c.organizationID, organizationName: c.organizationName, year: c.year, period: .init(rawValue: c.period.rawValue)!,
            audience: .init(rawValue: c.audience.rawValue)!, dueOn: c.due.description, requirements: c.requirements, title: c.title.zh)
    }

    static func workReportSummary(_ r: WorkReportRecord) -> S.WorkReportSummary {
        .init(
            id: r.id, organizationId: r.organizationID, organizationName: r.organizationName, state: .init(rawValue: r.state.rawValue)!, late: r.late,
            submittedAt: r.submittedAt, call: Self.reportCall(r.call))
    }

    static func reportTally(_ t: ReportDesk.Tally) -> S.ReportTally { .init(due: t.due, received: t.received, accepted: t.accepted, late: t.late) }

    func getReportDesk(_ input: Operations.GetReportDesk.Input) async throws -> Operations.GetReportDesk.Output {
        try ReportYear.check(input.query.year)
        let d = try await vanguard.workReports.desk(
            organizationID: input.path.id, year: input.query.year, period: ReportPeriod(rawValue: input.query.period.rawValue)!, as: try caller)
        return .ok(
            .init(
                body: .json(
                    .init(
                        organizationId: d.organization.id, year: d.year, period: .init(rawValue: input.query.period.rawValue)!,
                        own: d.own.map(Self.workReportSummary),
                        mayWrite: d.mayWrite, mayIssue: d.mayIssue, issued: d.issued.map(Self.reportCall),
                        review: d.review.map { r in
                            .init(
                                total: Self.reportTally(r.total), mayReview: r.mayReview,
                                rows: r.rows.map {
                                    .init(
                                        organizationId: $0.organization.id, organizationName: $0.organization.name,
                                        report: $0.report.map(Self.workReportSummary),
                                        subtree: Self.reportTally($0.subtree))
                                })
                        }))))
    }

    func issueReportCall(_ input: Operations.IssueReportCall.Input) async throws -> Operations.IssueReportCall.Output {
        let caller = try caller
        try await vanguard.workReports.requireIssuer(organizationID: input.path.id, as: caller)  // refused before the body is read
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        let made = try await vanguard.workReports.issue(
            organizationID: input.path.id, year: b.year, period: ReportPeriod(rawValue: b.period.rawValue)!,
            audience: ReportAudience(rawValue: b.audience.rawValue)!, due: try APIMapping.day(b.dueOn, field: "dueOn"), requirements: b.requirements, as: caller
        )
        return .created(.init(body: .json(.init(id: made.id, reports: made.reports))))
    }

    func getWorkReport(_ input: Operations.GetWorkReport.Input) async throws -> Operations.GetWorkReport.Output {
        let d = try await vanguard.workReports.detail(input.path.id, as: try caller)
        let r = d.report
        let figures = try r.figures.map { f -> [String: Int] in
            try JSONDecoder().decode([String: Int].self, from: JSONEncoder().encode(f))
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        id: r.id, organizationId: r.organizationID, organizationName: r.organizationName, state: .init(rawValue: r.state.rawValue)!,
                        late: r.late, call: Self.reportCall(r.call), done: r.done, problems: r.problems, plans: r.plans,
                        figures: figures.map { .init(additionalProperties: $0) }, writtenBy: r.writtenBy, submittedAt: r.submittedAt,
                        reviewedBy: r.reviewedBy, reviewedAt: r.reviewedAt, reason: r.reason, superiorName: d.superiorName,
                        files: d.files.map { .init(id: $0.id, name: $0.name, contentType: $0.contentType, size: $0.size) }, mayWrite: d.mayWrite,
                        mayReview: d.mayReview))))
    }

    func writeWorkReport(_ input: Operations.WriteWorkReport.Input) async throws -> Operations.WriteWorkReport.Output {
        let caller = try caller
        try await vanguard.workReports.requireWriter(input.path.id, as: caller)  // 404 out of sight, 403 for other readers: before the body is read
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        try await vanguard.workReports.write(input.path.id, done: b.done, problems: b.problems, plans: b.plans, files: [], submit: b.submit, as: caller)
        return .noContent(.init())
    }

    func reviewWorkReport(_ input: Operations.ReviewWorkReport.Input) async throws -> Operations.ReviewWorkReport.Output {
        let caller = try caller
        try await vanguard.workReports.requireVisible(input.path.id, as: caller)
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        try await vanguard.workReports.review(input.path.id, accept: b.accept, reason: b.reason, as: caller)
        return .noContent(.init())
    }
}
