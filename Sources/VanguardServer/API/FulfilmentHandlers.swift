import Foundation
import OpenAPIRuntime
import VanguardAPI
import VanguardCore
import VanguardStore

/// 践诺、提醒、台账、督促: thin handlers over the fulfilment, reminder, ledger, branch and supervision services.
extension APIService {
    typealias S = Components.Schemas

    func listProgress(_ input: Operations.ListProgress.Input) async throws -> Operations.ListProgress.Output {
        let reports = try await vanguard.fulfilment.progress(input.path.id, as: try caller)
        return .ok(
            .init(
                body: .json(
                    reports.map { r in
                        .init(
                            id: r.id, itemPosition: r.itemPosition, text: r.text, fulfils: r.fulfils, actor: r.actor, at: APIMapping.date(r.at),
                            files: r.files.map { .init(id: $0.id, name: $0.name, contentType: $0.contentType, size: $0.size, sha256: $0.sha256) })
                    })))
    }

    func reportProgress(_ input: Operations.ReportProgress.Input) async throws -> Operations.ReportProgress.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        let files = try (b.files ?? []).enumerated().map { i, f in
            guard let data = Data(base64Encoded: f.contentBase64, options: .ignoreUnknownCharacters) else {
                throw VanguardError.invalid("第\(i + 1)个文件不是有效的Base64", "File \(i + 1) is not valid base64", field: "files[\(i)].contentBase64")
            }
            return EvidenceUpload(name: f.name, bytes: Array(data))
        }
        let after = try await vanguard.fulfilment.report(
            input.path.id, itemPosition: b.itemPosition, text: b.text, fulfils: b.fulfils ?? false, files: files, expectedVersion: b.version,
            as: try caller)
        return .ok(.init(body: .json(CommitmentMapping.commitment(after))))
    }

    func carryForward(_ input: Operations.CarryForward.Input) async throws -> Operations.CarryForward.Output {
        .created(.init(body: .json(CommitmentMapping.commitment(try await vanguard.commitments.carryForward(input.path.id, as: try caller)))))
    }

    func urgeCommitment(_ input: Operations.UrgeCommitment.Input) async throws -> Operations.UrgeCommitment.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        try await vanguard.reminders.urge(input.path.id, note: b.note, as: try caller)
        return .noContent(.init())
    }

    func getEvidence(_ input: Operations.GetEvidence.Input) async throws -> Operations.GetEvidence.Output {
        let (_, bytes) = try await vanguard.fulfilment.evidence(input.path.id, as: try caller)
        return .ok(.init(body: .binary(HTTPBody(bytes))))
    }

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
        let body = HTTPBody(data)
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

    func inbox(_ input: Operations.Inbox.Input) async throws -> Operations.Inbox.Output {
        let list = try await vanguard.reminders.inbox(as: try caller)
        return .ok(
            .init(
                body: .json(
                    list.map { .init(id: $0.id, kind: $0.kind, commitmentId: $0.commitmentID, text: $0.text, at: APIMapping.date($0.createdAt), read: $0.read) }
                )))
    }

    func markInboxRead(_ input: Operations.MarkInboxRead.Input) async throws -> Operations.MarkInboxRead.Output {
        try await vanguard.reminders.markAllRead(as: try caller)
        return .noContent(.init())
    }

    static func supervision(_ r: SupervisionRecord) -> S.Supervision {
        .init(
            id: r.id, organizationId: r.organizationID, organizationName: r.organizationName, kind: .init(rawValue: r.kind.rawValue)!, kindName: r.kind.name.zh,
            heldOn: r.heldOn.description, findings: r.findings, urged: r.urged, commitmentId: r.commitmentID, deadline: r.deadline?.description,
            resolvedOn: r.resolvedOn?.description, response: r.response, recordedBy: r.recordedBy)
    }
}

extension APIMapping {
    static func date(_ millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }
}
