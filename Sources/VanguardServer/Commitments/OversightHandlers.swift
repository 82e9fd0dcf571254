import Foundation
import OpenAPIRuntime
import VanguardAPI
import VanguardCore
import VanguardStore

/// 台账、覆盖、支部会议、免诺、督促 in the JSON API.
extension APIService {
    static func ledgerFilter(
        year: Int, state: S.CommitmentStateName?, kind: String?, subject: String?, overdue: Bool?
    ) -> LedgerFilter {
        LedgerFilter(
            year: year, state: state.flatMap { CommitmentState(rawValue: $0.rawValue) }, kind: kind.flatMap(CommitmentKind.init(rawValue:)),
            subject: subject, overdueOnly: overdue ?? false)
    }

    func ledger(_ input: Operations.Ledger.Input) async throws -> Operations.Ledger.Output {
        let q = input.query
        let filter = Self.ledgerFilter(year: q.year, state: q.state, kind: q.kind?.rawValue, subject: q.subject?.rawValue, overdue: q.overdue)
        let page = try await vanguard.ledger.page(organizationID: input.path.id, filter: filter, limit: q.limit ?? 100, offset: q.offset ?? 0, as: try caller)
        return .ok(.init(body: .json(.init(total: page.total, commitments: page.rows.map(CommitmentMapping.commitment)))))
    }

    func exportLedger(_ input: Operations.ExportLedger.Input) async throws -> Operations.ExportLedger.Output {
        let q = input.query
        let filter = Self.ledgerFilter(year: q.year, state: q.state, kind: q.kind?.rawValue, subject: q.subject?.rawValue, overdue: q.overdue)
        let format = SheetFormat(rawValue: q.format?.rawValue ?? "xlsx") ?? .xlsx
        let data = try await vanguard.ledger.export(organizationID: input.path.id, filter: filter, format: format, as: try caller)
        let body = try Download.body(data)
        return .ok(.init(body: format == .csv ? .csv(body) : .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(body)))
    }

    func coverage(_ input: Operations.Coverage.Input) async throws -> Operations.Coverage.Output {
        let c = try await vanguard.branches.coverage(organizationID: input.path.id, year: input.query.year, as: try caller)
        func row(_ r: CoverageRow) -> S.CoverageRow {
            .init(
                organizationId: r.organizationID, organizationName: r.organizationName, members: r.members, exempted: r.exempted, committed: r.committed,
                missing: r.missing, organizationCommitted: r.organizationCommitted)
        }
        return .ok(.init(body: .json(.init(own: row(c.own), children: c.children.map(row)))))
    }

    func recordMeeting(_ input: Operations.RecordMeeting.Input) async throws -> Operations.RecordMeeting.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        let m = try await vanguard.branches.recordMeeting(
            organizationID: input.path.id, year: b.year, heldOn: try APIMapping.day(b.heldOn, field: "heldOn"), attendees: b.attendees, topic: b.topic,
            as: try caller)
        return .created(.init(body: .json(.init(id: m.id, year: b.year, heldOn: m.heldOn.description, attendees: m.attendees, topic: m.topic))))
    }

    func listSupervision(_ input: Operations.ListSupervision.Input) async throws -> Operations.ListSupervision.Output {
        .ok(.init(body: .json(try await vanguard.supervision.list(organizationID: input.path.id, as: try caller).map(Self.supervision))))
    }

    func recordSupervision(_ input: Operations.RecordSupervision.Input) async throws -> Operations.RecordSupervision.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        let r = try await vanguard.supervision.record(
            organizationID: input.path.id, kind: SupervisionKind(rawValue: b.kind.rawValue)!, heldOn: try APIMapping.day(b.heldOn, field: "heldOn"),
            findings: b.findings, urged: b.urged, commitmentID: b.commitmentId, deadline: try b.deadline.map { try APIMapping.day($0, field: "deadline") },
            as: try caller)
        return .created(.init(body: .json(Self.supervision(r))))
    }

    func resolveSupervision(_ input: Operations.ResolveSupervision.Input) async throws -> Operations.ResolveSupervision.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        return .ok(.init(body: .json(Self.supervision(try await vanguard.supervision.resolve(input.path.id, response: b.note, as: try caller)))))
    }

    func exemptMember(_ input: Operations.ExemptMember.Input) async throws -> Operations.ExemptMember.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        try await vanguard.branches.exempt(
            memberID: input.path.id, year: input.path.year, reason: CommitmentExemption.Reason(rawValue: b.reason.rawValue)!, consent: b.consent,
            note: b.note, as: try caller)
        return .noContent(.init())
    }

    func removeExemption(_ input: Operations.RemoveExemption.Input) async throws -> Operations.RemoveExemption.Output {
        try await vanguard.branches.removeExemption(memberID: input.path.id, year: input.path.year, as: try caller)
        return .noContent(.init())
    }

    static func supervision(_ r: SupervisionRecord) -> S.Supervision {
        .init(
            id: r.id, organizationId: r.organizationID, organizationName: r.organizationName, kind: .init(rawValue: r.kind.rawValue)!, kindName: r.kind.name.zh,
            heldOn: r.heldOn.description, findings: r.findings, urged: r.urged, commitmentId: r.commitmentID, deadline: r.deadline?.description,
            resolvedOn: r.resolvedOn?.description, response: r.response, recordedBy: r.recordedBy)
    }
}
